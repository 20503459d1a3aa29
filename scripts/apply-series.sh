#!/bin/bash
# Usage: apply-series.sh [N]
# git am the first N patches of `series` (default: all) onto a fresh branch
# of the base, in the series worktree, and print the worktree's path.
# On a patch that does not apply: name it, show git am's message, leave the
# worktree clean at the base, and fail.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$(worktree series)
base=$(base_commit)
mapfile -t patches < <(series_patches)
n=${1:-${#patches[@]}}

git -C "$tree" am --abort >/dev/null 2>&1 || true
git -C "$tree" checkout -q -f --detach "$base"
git -C "$tree" clean -q -fdx

for p in "${patches[@]:0:$n}"; do
	[ -f "$TOP/$p" ] || die "series names $p, which does not exist"
	if ! out=$(git -C "$tree" am -q --keep-cr --committer-date-is-author-date "$TOP/$p" 2>&1); then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		git -C "$tree" checkout -q -f --detach "$base"
		die "$p does not apply to $(git -C "$tree" log -1 --format='%h %s' "$base"):
$out"
	fi
done
log "applied $n patch(es) onto ${base:0:12}: HEAD $(git -C "$tree" rev-parse --short HEAD)"
echo "$tree"
