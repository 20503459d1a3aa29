# shellcheck shell=bash
# Shared helpers for the scripts in this directory; source it, do not run it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${GRU_CACHE:-/var/tmp/gru-series}
JOBS=${JOBS:-$(nproc)}

die() {
	echo "error: $*" >&2
	exit 1
}

log() {
	echo "==> $*" >&2
}

# need_cmd CMD PACKAGE: fail with the apt-get line that provides CMD.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; run: apt-get update && apt-get install -y $2 (or scripts/install-deps.sh)"
}

# Patches listed in series, one path per line, comments and blanks skipped.
series_patches() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$TOP/series" | awk '{print $1}'
}

# The git repo holding the base commit: written by get-base.sh.
base_repo() {
	[ -f "$CACHE/base-repo" ] || die "no base tree yet; run scripts/get-base.sh"
	cat "$CACHE/base-repo"
}

base_commit() {
	git -C "$(base_repo)" rev-parse --verify -q refs/tags/gru-base ||
		die "base repo $(base_repo) has no gru-base tag; rerun scripts/get-base.sh"
}

# A git worktree of the base repo: $CACHE/tree-NAME-<base>, detached at gru-base
# the first time; the caller resets or applies on top of it.
worktree() {
	local repo base dir
	repo=$(base_repo)
	base=$(base_commit)
	dir=$CACHE/tree-$1-${base:0:12}
	if [ ! -e "$dir/.git" ]; then
		git -C "$repo" worktree prune
		git -C "$repo" worktree add -q --detach "$dir" "$base" >&2
	fi
	echo "$dir"
}

# Fixed committer so that applying the series twice gives the same commits.
export GIT_COMMITTER_NAME="gru-series harness" GIT_COMMITTER_EMAIL="harness@gru-series.invalid"
