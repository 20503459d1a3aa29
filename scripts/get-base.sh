#!/bin/bash
# Usage: get-base.sh
# Make the base tree a git repo with one commit tagged gru-base, in
# $GRU_CACHE/base-debian-VERSION (or base-git-HEAD for KERNEL_DIR).
#
# Default: the Debian package and version pinned in config/base.pin;
# BASE=6.12 reads config/base-6.12.pin (linux-source-6.12) instead, and
# GRU_BASE_PIN=FILE any other pin of the BASE line. The .deb is fetched with
# `apt-get download` into $GRU_CACHE/debs and checked against the pin's
# deb-sha256; the tarball inside is unpacked and committed with a fixed
# author, date and message, so every machine gets the same commit id, which
# must be the pin's `commit`. Nothing is installed and whatever
# linux-source-* the system has is never read. The tarball's .gitignore
# ends with Debian's packaging rule "/*", which ignores every top-level
# path; the tree is force-added so that the base commit is the tarball byte
# for byte (new files in patches need "git add -f").
#
# KERNEL_DIR=/path/to/linux: use that 6.1.y (BASE=6.12: 6.12.y) git tree's
# HEAD instead; it must be clean. It is cloned with --shared, never modified.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 0 ] || usage_error "get-base.sh takes no arguments"
need_cmd git git
cache_lock

check_version() {
	local v
	v=$(make -s -C "$1" kernelversion 2>/dev/null) ||
		die "$1: cannot read the kernel version (is it a kernel tree?)"
	case "$v" in
	"$BASE" | "$BASE".*) ;;
	*) die "$1 is Linux $v; the series for BASE=$BASE is against $BASE.y (set BASE= to the base it is)" ;;
	esac
	echo "$v"
}

# archive_versions PKG: the versions of PKG that apt can download, newest
# first, on one line.
archive_versions() {
	apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | paste -sd' ' -
}

# fetch_deb PKG VERSION SHA256: print the path of PKG_VERSION's .deb in
# $CACHE/debs, downloading it if needed; fail unless its sha256 is SHA256.
fetch_deb() {
	local pkg=$1 ver=$2 sum=$3 dir=$CACHE/debs deb tmp avail
	deb=$dir/${pkg}_${ver//:/%3a}_all.deb
	if [ ! -f "$deb" ]; then
		need_cmd apt-get apt
		# Without package lists (a fresh machine) apt knows no version.
		if ! archive_versions "$pkg" | tr ' ' '\n' | grep -qxF "$ver" && [ "$(id -u)" = 0 ]; then
			apt-get update -qq >/dev/null 2>&1 || true
		fi
		avail=$(archive_versions "$pkg")
		echo " $avail " | grep -qF " $ver " ||
			die "$pkg $ver (pinned in ${PIN#"$TOP"/}) is not in the archive, which has: ${avail:-nothing (run apt-get update)}; move the pin with scripts/bump-base.sh [VERSION]"
		mkdir -p "$dir"
		tmp=$(mktemp -d "$dir/.download.XXXXXX")
		(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver") >"$tmp/log" 2>&1 ||
			die "apt-get download $pkg=$ver failed: $(grep -m1 '^E: ' "$tmp/log" || tail -n1 "$tmp/log"); check the network and apt sources"
		mv "$tmp"/*.deb "$deb"
		rm -rf "$tmp"
	fi
	[ "$(sha256sum <"$deb" | cut -d' ' -f1)" = "$sum" ] ||
		die "$deb does not have the sha256 pinned in ${PIN#"$TOP"/}; delete it and rerun (or move the pin with scripts/bump-base.sh)"
	echo "$deb"
}

repo=$(base_repo)
if [ -n "${KERNEL_DIR:-}" ]; then
	ver=$(check_version "$KERNEL_DIR")
	[ -z "$(git -C "$KERNEL_DIR" status --porcelain --untracked-files=no)" ] ||
		die "KERNEL_DIR=$KERNEL_DIR has local changes; commit or stash them"
	head=$(git -C "$KERNEL_DIR" rev-parse HEAD)
	if [ ! -d "$repo/.git" ]; then
		log "cloning $KERNEL_DIR ($ver, ${head:0:12}) into $repo"
		git clone -q --shared --no-checkout "$KERNEL_DIR" "$repo"
		git -C "$repo" checkout -q --detach "$head"
	fi
	git -C "$repo" tag -f gru-base "$head" >/dev/null
else
	pkg=$(pin_get package)
	pkgver=$(pin_get version)
	upstream=$(pin_get upstream)
	want=
	# bump-base.sh makes a new pin's base before it knows its commit.
	[ -n "${GRU_PIN_NEW:-}" ] || want=$(pin_get commit)
	if ! git -C "$repo" rev-parse -q --verify refs/tags/gru-base >/dev/null 2>&1; then
		sum=$(pin_get deb-sha256)
		deb=$(fetch_deb "$pkg" "$pkgver" "$sum")
		log "unpacking $pkg $pkgver into $repo"
		rm -rf "$repo" "$repo.tmp"
		mkdir -p "$repo.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
			tar -C "$repo.tmp" --strip-components=1 -xJ ||
			die "$deb has no usr/src/$pkg.tar.xz; is the pin's package a linux-source package?"
		ver=$(check_version "$repo.tmp")
		[ "$ver" = "$upstream" ] ||
			die "$pkg $pkgver carries Linux $ver, but ${PIN#"$TOP"/} says upstream $upstream; fix the pin with scripts/bump-base.sh"
		(
			cd "$repo.tmp"
			# Nothing in the user's git config may change the commit id.
			export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
			git init -q
			# 80k loose objects would start a detached "git gc --auto" on
			# every later commit or am, which would hold the cache lock's
			# fd long after the run.
			git config gc.auto 0
			git add -f -A .
			export GIT_AUTHOR_NAME="Debian $pkg" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org"
			export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
			export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
			git commit -q -m "Linux $ver (Debian $pkg $pkgver)"
			git tag gru-base
		)
		mv "$repo.tmp" "$repo"
	fi
	# Also for base repos made before gc.auto was set here.
	git -C "$repo" config gc.auto 0
	got=$(git -C "$repo" rev-parse gru-base)
	[ -z "$want" ] || [ "$got" = "$want" ] ||
		die "$repo: base commit ${got:0:12} is not the pinned ${want:0:12}; delete $repo and rerun"
fi
log "base: $(git -C "$repo" log -1 --format='%h %s' gru-base) in $repo"
