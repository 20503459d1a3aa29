#!/bin/bash
# Usage: apply-series.sh [N]
# git am the first N patches of `series` (default: all) onto the base, in
# the worktree $GRU_CACHE/tree-NAME-<base>, and print the worktree's path.
# NAME is $GRU_TREE, default "series": the tree you edit and export from.
# The test scripts use their own, "test" (lib.sh apply_for_test).
#
# It never discards work: if the worktree has commits that are not in the
# patch files (see export-series.sh), uncommitted changes, untracked files
# or a git am/rebase/merge in progress, it stops with one line and changes
# nothing. FORCE=1 discards them (git reflog still has the commits).
#
# Every file `series` names must exist before anything is done. When patch
# K does not apply on top of 1..K-1, one line names it and the worktree is
# left at the base.
#
# Re-applying rewrites every file the old and the new patches touch; the
# ones that come out unchanged get their mtime back, so that the next build
# of the tree stays incremental.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
case "${1:-}" in -*) usage_error "apply-series.sh [N]: unknown option $1" ;; esac
[ $# -le 1 ] || usage_error "apply-series.sh [N]: one argument at most"
name=${GRU_TREE:-series}
case "$name" in
'' | *[!A-Za-z0-9_-]*) usage_error "GRU_TREE=$name is not a worktree name (letters, digits, - and _)" ;;
esac
[ -f "$SERIES" ] || die "$SERIES does not exist; restore it with git checkout"
mapfile -t patches < <(series_patches)
n=${1:-${#patches[@]}}
case "$n" in '' | *[!0-9]*) usage_error "apply-series.sh [N]: N='$n' is not a number of patches" ;; esac
n=$((10#$n))
[ "$n" -le ${#patches[@]} ] || usage_error "apply-series.sh [N]: series has ${#patches[@]} patches, not $n"
k=0
for p in "${patches[@]}"; do
	k=$((k + 1))
	[ -f "$TOP/$p" ] || die "series entry $k, $p, does not exist; restore it (git checkout -- $p) or remove it from series"
done

base=$(base_commit)
tree=$(worktree "$name")
stamp=$(applied_stamp "$tree")
todo=("${patches[@]:0:$n}")
want=$(series_hash "${todo[@]}")
stamped=$(cat "$stamp" 2>/dev/null || true)

# Already applied (same patches, clean tree): nothing to do.
if [ "$stamped" = "$want $(git -C "$tree" rev-parse HEAD)" ] &&
	[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	log "series ($n patches) already applied in $tree"
	echo "$tree"
	exit 0
fi

# A stamp "applying PATCH" is a run of this script that did not end: the
# git am it left is its own if it stopped in that patch. A git am of
# another patch is a developer's and counts as work below.
gitdir=$(git -C "$tree" rev-parse --absolute-git-dir)
case "$stamped" in
"applying "*)
	p=${stamped#applying }
	if [ -f "$gitdir/rebase-apply/info" ] && [ -f "$TOP/$p" ] &&
		[ "$(sed -n 's/^Subject: //p' "$gitdir/rebase-apply/info")" = \
		"$(git mailinfo /dev/null /dev/null <"$TOP/$p" | sed -n 's/^Subject: //p')" ]; then
		git -C "$tree" am --abort >/dev/null 2>&1 || true
	fi
	;;
esac

# What re-applying would discard. Commits are in the patch files if the
# stamped HEAD (written by this script or export-series.sh) has them, or if
# this script made them (lib.sh's fixed committer: a run that did not end).
# Ignored files count: the Debian base ignores every path ("/*" in
# .gitignore).
why=()
h=${stamped#* }
git -C "$tree" rev-parse -q --verify "$h^{commit}" >/dev/null 2>&1 || h=$base
mapfile -t new < <(git -C "$tree" log --format='%ce%x09%h %s' HEAD --not "$base" "$h" |
	awk -F '\t' -v me="$GIT_COMMITTER_EMAIL" '$1 != me { print $2 }')
[ ${#new[@]} = 0 ] || why+=("$(plural ${#new[@]} commit) not exported (${new[0]})")
mapfile -t dirty < <(git -C "$tree" status --porcelain --ignored)
[ ${#dirty[@]} = 0 ] || why+=("$(plural ${#dirty[@]} file) changed or untracked (${dirty[0]:3})")
for f in rebase-apply rebase-merge MERGE_HEAD CHERRY_PICK_HEAD REVERT_HEAD; do
	[ ! -e "$gitdir/$f" ] || why+=("a git am/rebase/merge in progress ($f)")
done
if [ ${#why[@]} -gt 0 ]; then
	printf -v what '%s, ' "${why[@]}"
	what=${what%, }
	exp=scripts/export-series.sh
	[ "$name" = series ] || exp="$exp $tree"
	fix="run $exp"
	[ ${#why[@]} = 1 ] && [ ${#new[@]} -gt 0 ] || fix="commit what you keep and run $exp"
	# Only tree-series is exported from; another tree's work is its own.
	[ "$name" = series ] || fix="save what you keep"
	[ -n "${FORCE:-}" ] || die "$tree: $what; $fix, or FORCE=1 to discard"
	log "FORCE=1: discarding in $tree: $what (HEAD was $(git -C "$tree" rev-parse --short HEAD))"
fi

git -C "$tree" am --abort >/dev/null 2>&1 || true
snap=$(mktemp)
trap 'rm -f "$snap"' EXIT
mapfile -t paths < <({
	git -C "$tree" diff --name-only "$base"
	patch_files "${todo[@]/#/$TOP/}"
} | sort -u)
mtime_snapshot "$tree" "${paths[@]}" >"$snap"
git -C "$tree" checkout -q -f --detach "$base"
git -C "$tree" clean -q -fdx

k=0
for p in "${todo[@]}"; do
	k=$((k + 1))
	echo "applying $p" >"$stamp"
	if ! out=$(git -C "$tree" am -q --keep-cr --committer-date-is-author-date "$TOP/$p" 2>&1); then
		# git am's hints (--continue, --skip) name a state that is gone.
		git -C "$tree" am --abort >/dev/null 2>&1 || true
		git -C "$tree" checkout -q -f --detach "$base"
		echo "failed $base" >"$stamp"
		reason=$(echo "$out" | sed -n 's/^error: //p' | head -n1)
		reason=${reason:-$(echo "$out" | head -n1)}
		case $k in 1) on="the base" ;; 2) on="patch 1" ;; *) on="patches 1..$((k - 1))" ;; esac
		die "patch $k, $p, fails on top of $on: ${reason%.}; $tree is left at the base; refresh the patch (scripts/apply-series.sh $((k - 1)), git am -3 it and the rest, scripts/export-series.sh)"
	fi
done
mtime_restore "$tree" "$snap"
echo "$want $(git -C "$tree" rev-parse HEAD)" >"$stamp"
log "applied $n patch(es) onto ${base:0:12}: HEAD $(git -C "$tree" rev-parse --short HEAD)"
echo "$tree"
