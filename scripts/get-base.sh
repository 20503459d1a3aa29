#!/bin/bash
# Make the base tree a git repo with one commit tagged gru-base, and record
# where it is in $CACHE/base-repo.
#
# Default: Debian 12's linux-source-6.1 tarball, committed with a fixed
# author and date so that every machine gets the same base commit id.
# The tarball's .gitignore ends with Debian's packaging rule "/*", which
# ignores every top-level path; the tree is force-added so the base commit
# is the tarball byte for byte (new files in patches need "git add -f").
#
# KERNEL_DIR=/path/to/linux: use that 6.1.y git tree's HEAD instead; it must
# be clean. It is cloned with --shared, never modified.
set -eu
. "$(dirname "$0")/lib.sh"

need_cmd git git
mkdir -p "$CACHE"

check_version() {
	local v
	v=$(make -s -C "$1" kernelversion 2>/dev/null) ||
		die "$1: cannot read the kernel version (is it a kernel tree?)"
	case "$v" in
	6.1|6.1.*) ;;
	*) die "$1 is Linux $v; the series is against 6.1.y" ;;
	esac
	echo "$v"
}

if [ -n "${KERNEL_DIR:-}" ]; then
	[ -d "$KERNEL_DIR/.git" ] || die "KERNEL_DIR=$KERNEL_DIR is not a git tree"
	ver=$(check_version "$KERNEL_DIR")
	[ -z "$(git -C "$KERNEL_DIR" status --porcelain --untracked-files=no)" ] ||
		die "KERNEL_DIR=$KERNEL_DIR has local changes; commit or stash them"
	head=$(git -C "$KERNEL_DIR" rev-parse HEAD)
	repo=$CACHE/base-git-${head:0:12}
	if [ ! -d "$repo/.git" ]; then
		log "cloning $KERNEL_DIR ($ver, ${head:0:12}) into $repo"
		git clone -q --shared --no-checkout "$KERNEL_DIR" "$repo"
		git -C "$repo" checkout -q --detach "$head"
	fi
	git -C "$repo" tag -f gru-base "$head" >/dev/null
else
	tarball=/usr/src/linux-source-6.1.tar.xz
	[ -f "$tarball" ] ||
		die "$tarball missing; run: apt-get update && apt-get install -y linux-source-6.1 (or set KERNEL_DIR)"
	pkgver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
	repo=$CACHE/base-debian-$pkgver
	if ! git -C "$repo" rev-parse -q --verify refs/tags/gru-base >/dev/null 2>&1; then
		log "unpacking linux-source-6.1 $pkgver into $repo"
		rm -rf "$repo" "$repo.tmp"
		mkdir -p "$repo.tmp"
		tar -C "$repo.tmp" --strip-components=1 -xJf "$tarball"
		ver=$(check_version "$repo.tmp")
		(
			cd "$repo.tmp"
			git init -q
			git add -f -A .
			export GIT_AUTHOR_NAME="Debian linux-source-6.1" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
			export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
			export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
			git commit -q -m "Linux $ver (Debian linux-source-6.1 $pkgver)"
			git tag gru-base
		)
		mv "$repo.tmp" "$repo"
	fi
fi
echo "$repo" >"$CACHE/base-repo"
log "base: $(git -C "$repo" log -1 --format='%h %s' gru-base) in $repo"
