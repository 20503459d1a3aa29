#!/bin/bash
# Usage: apply-series.sh [N]
# git am the first N patches of `series` (default: all) onto a fresh branch
# of the base, in the series worktree, and print the worktree's path.
# On a patch that does not apply: name it, show git am's message, leave the
# worktree clean at the base, and fail.
# Re-applying rewrites every file the old and the new patches touch; the
# ones that come out unchanged get their mtime back, so that the next build
# of the tree stays incremental.
set -eu
. "$(dirname "$0")/lib.sh"

tree=$(worktree series)
base=$(base_commit)
mapfile -t patches < <(series_patches)
n=${1:-${#patches[@]}}

# Already applied (same patches, clean tree): nothing to do.
stamp=$CACHE/applied-series-${base:0:12}
want=$(for p in "${patches[@]:0:$n}"; do echo "$p"; cat "$TOP/$p"; done | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want $(git -C "$tree" rev-parse HEAD)" ] &&
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	log "series ($n patches) already applied in $tree"
	echo "$tree"
	exit 0
fi
rm -f "$stamp"

git -C "$tree" am --abort >/dev/null 2>&1 || true
snap=$(mktemp)
trap 'rm -f "$snap"' EXIT
mapfile -t paths < <({
	git -C "$tree" diff --name-only "$base"
	for p in "${patches[@]:0:$n}"; do [ ! -f "$TOP/$p" ] || patch_files "$TOP/$p"; done
} | sort -u)
mtime_snapshot "$tree" "${paths[@]}" >"$snap"
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
mtime_restore "$tree" "$snap"
echo "$want $(git -C "$tree" rev-parse HEAD)" >"$stamp"
log "applied $n patch(es) onto ${base:0:12}: HEAD $(git -C "$tree" rev-parse --short HEAD)"
echo "$tree"
