# shellcheck shell=bash
# Shared helpers for the scripts in this directory; source it, do not run it.
[ "${BASH_SOURCE[0]}" != "$0" ] || { echo "lib.sh is sourced by the scripts, not run; see README" >&2; exit 2; }

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${GRU_CACHE:-/var/tmp/gru-series}
# Absolute and normalised (no ./, ../, // or trailing /): a relative
# GRU_CACHE would name another directory after every cd, and stamps
# compare worktree paths as strings.
CACHE=$(realpath -ms -- "$CACHE")
JOBS=${JOBS:-$(nproc)}
case "$JOBS" in
'' | *[!0-9]* | 0) echo "error: JOBS=$JOBS is not a positive number of make jobs; unset it or set JOBS=N" >&2; exit 2 ;;
esac
# BASE: the kernel line the series is made for, 6.1 (the default) or 6.12;
# it names the pin (config/base.pin, config/base-6.12.pin), the series
# file and the patch directories (PATCH_ROOT: the top level for 6.1,
# 6.12/ for 6.12, which has the same layout: series, mm-changes/,
# drivers-misc-sgi-gru/, selftests/), the checkpatch allow-list (scripts/checkpatch-allow.txt,
# scripts/checkpatch-allow-6.12.txt), the kselftest collection of the mm
# tests (SELFTEST_DIR: tools/testing/selftests/vm, renamed mm in 6.3) and
# the extra config fragment (6.12: config/base-6.12.config). The mail copy
# of each base's series is in ${PATCH_ROOT}patches/ (PATCHES_DIR), made
# from ${PATCH_ROOT}cover/ (COVER_DIR). Checked here, before any work.
BASE=${BASE:-6.1}
case "$BASE" in
6.1) base_pin=$TOP/config/base.pin SERIES=$TOP/series PATCH_ROOT= BASE_SUFFIX= SELFTEST_DIR=vm ;;
6.12) base_pin=$TOP/config/base-6.12.pin SERIES=$TOP/6.12/series PATCH_ROOT=6.12/ BASE_SUFFIX=-6.12 SELFTEST_DIR=mm ;;
*) echo "error: BASE=$BASE is not a base of the series; set BASE=6.1 (the default) or BASE=6.12" >&2; exit 2 ;;
esac
PATCHES_DIR=$TOP/${PATCH_ROOT}patches COVER_DIR=$TOP/${PATCH_ROOT}cover
# KERNEL_DIR: checked here, so that a typo fails before any work.
if [ -n "${KERNEL_DIR:-}" ]; then
	[ -d "$KERNEL_DIR" ] ||
		{ echo "error: KERNEL_DIR=$KERNEL_DIR does not exist; point it at a $BASE.y git tree or unset it" >&2; exit 2; }
	git -C "$KERNEL_DIR" rev-parse -q --verify HEAD >/dev/null 2>&1 ||
		{ echo "error: KERNEL_DIR=$KERNEL_DIR is not a git tree (a clone or a git worktree of $BASE.y)" >&2; exit 2; }
	KERNEL_DIR=$(cd "$KERNEL_DIR" && pwd)
fi
# The Debian package version the series is made against (see the README).
PIN=${GRU_BASE_PIN:-$base_pin}

# A failing command inside $(...) must stop the subshell too, or one error
# cascades into many (an empty base id handed to git, and so on).
shopt -s inherit_errexit

die() {
	echo "error: $*" >&2
	exit 1
}

# usage: the calling script's header comment, from line 2 to "set -eu".
usage() {
	sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# handle_help ARGS...: answer -h or --help with the usage on stdout, exit 0,
# before the script does anything.
handle_help() {
	local a
	for a; do
		case "$a" in -h | --help) usage; exit 0 ;; esac
	done
}

# usage_error MSG: misuse is one line on stderr and exit 2.
usage_error() {
	echo "usage: $*; see $(basename "$0") --help" >&2
	exit 2
}

log() {
	echo "==> $*" >&2
}

# plural N WORD: "1 WORD", "N WORDs".
plural() {
	[ "$1" = 1 ] && echo "1 $2" || echo "$1 $2s"
}

# need_cmd CMD PACKAGE: fail with the apt-get line that provides CMD.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found; run: apt-get update && apt-get install -y $2 (or scripts/install-deps.sh)"
}

# Patches listed in $SERIES (see BASE), one path per line, comments and blanks skipped.
series_patches() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$SERIES" | awk '{print $1}'
}

# cache_lock: hold an exclusive lock on $CACHE until this process and its
# children exit; a second run on the same cache stops with one line
# instead of sharing its worktrees and builds. Children of the holder
# (GRU_CACHE_LOCKED names the cache) do not take it again.
cache_lock() {
	[ "${GRU_CACHE_LOCKED:-}" != "$CACHE" ] || return 0
	need_cmd flock util-linux
	mkdir -p "$CACHE"
	exec 8>>"$CACHE/lock"
	flock -n 8 || die "another run holds $CACHE (pid $(cat "$CACHE/lock.pid" 2>/dev/null || echo '?')); wait for it, or use GRU_CACHE=/other/path"
	echo $$ >"$CACHE/lock.pid"
	export GRU_CACHE_LOCKED=$CACHE
}

# pin_get KEY: the value of the "KEY value" line of the pin file.
pin_get() {
	[ -f "$PIN" ] || die "$PIN does not exist; restore it with git checkout, or set GRU_BASE_PIN to a pin file"
	awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' "$PIN" 2>/dev/null ||
		die "$PIN has no '$1' line; restore it with git checkout, or move the pin with scripts/bump-base.sh"
}

# The git repo holding the base commit, derived on every call from what
# names the base (KERNEL_DIR's HEAD, or the pinned package version), so
# that no run depends on which base another run fetched last.
# GRU_BASE_REPO overrides it (test-check-series.sh shares the real base).
base_repo() {
	if [ -n "${GRU_BASE_REPO:-}" ]; then
		echo "$GRU_BASE_REPO"
	elif [ -n "${KERNEL_DIR:-}" ]; then
		echo "$CACHE/base-git-$(git -C "$KERNEL_DIR" rev-parse --short=12 HEAD)"
	else
		# An assignment, so that a pin without a version stops here.
		local v
		v=$(pin_get version)
		echo "$CACHE/base-debian-$v"
	fi
}

base_commit() {
	local repo
	repo=$(base_repo) || exit 1
	git -C "$repo" rev-parse --verify -q refs/tags/gru-base 2>/dev/null ||
		die "no base tree in $repo yet; run scripts/get-base.sh"
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

# apply_for_test [N]: apply-series.sh in the test scripts' own worktree
# (tree-test), so that a test run never touches tree-series, the one a
# developer edits, and tests what is exported to the patch files.
apply_for_test() {
	# tree-test is the harness's own: what a run left there (vm's
	# check_config.sh writes local_config.{h,mk} into the source tree) is
	# discarded, never taken for a developer's work.
	FORCE=1 GRU_TREE="test" "$TOP/scripts/apply-series.sh" "$@"
}

# applied_stamp TREE: where apply-series.sh and export-series.sh note
# "HASH HEAD": HEAD of TREE is what the patch files with series_hash HASH
# give. $CACHE/tree-NAME-BASE has $CACHE/applied-NAME-BASE; other trees none.
applied_stamp() {
	case "$1" in "$CACHE"/tree-*) echo "$CACHE/applied-${1#"$CACHE"/tree-}" ;; esac
}

# series_hash PATCH...: a hash of the patch files (paths relative to TOP),
# their names and contents.
series_hash() {
	local p
	for p in "$@"; do echo "$p"; cat "$TOP/$p"; done | sha256sum | cut -c1-16
}

# Fixed committer so that applying the series twice gives the same commits.
export GIT_COMMITTER_NAME="gru-series harness" GIT_COMMITTER_EMAIL="harness@gru-series.invalid"

# --- Helpers for gen-patches.sh and check-series.sh ---

# The config fragments build-kernel.sh uses when given none.
default_fragments() {
	base_fragments
	echo "$TOP/config/series$BASE_SUFFIX.config"
}

# base_fragments: the fragments of the unpatched base kernel: base.config,
# then what only this base needs (6.12: config/base-6.12.config).
base_fragments() {
	echo "$TOP/config/base.config"
	[ -z "$BASE_SUFFIX" ] || echo "$TOP/config/base$BASE_SUFFIX.config"
}

# build_dir NAME: the build directory for NAME on this base; reused across
# config changes (configure_build redoes .config, Kbuild rebuilds what the
# changed symbols touch).
build_dir() {
	local base
	base=$(base_commit) || exit 1
	echo "$CACHE/build-$1-${base:0:12}"
}

# configure_build TREE NAME FRAGMENT...: configure build_dir NAME for TREE
# as build-kernel.sh would (only if not done yet) and print its path, so
# that single objects can be built there without a full bzImage build.
configure_build() {
	local tree=$1 name=$2 build key
	shift 2
	build=$(build_dir "$name") || exit 1
	key=$(cat "$@" | sha256sum | cut -c1-12)
	if [ "$(cat "$build/.config-key" 2>/dev/null)" != "$key" ]; then
		log "configuring $build"
		"$TOP/scripts/make-config.sh" "$tree" "$build" "$@" >&2
		echo "$key" >"$build/.config-key"
	fi
	echo "$build"
}

# patch_files [--old|--all] PATCH...: the files the patches leave in the
# tree (default: the "+++ b/" side, so not the ones they delete), or the
# base files they need (--old: the "--- a/" side), or both (--all); one per
# line, sorted. The one reader of a patch's file list.
patch_files() {
	local expr='s|^+++ b/||p'
	case "${1:-}" in
	--old) expr='s|^--- a/||p'; shift ;;
	--all) expr='s|^+++ b/||p; s|^--- a/||p'; shift ;;
	esac
	[ $# -eq 0 ] || sed -n "$expr" "$@" | sort -u
}

# guest_log VARIANT WHAT: a new guest console log path in $CACHE/logs; the
# one place that names them, so callers can find the log they asked for.
guest_log() {
	echo "$CACHE/logs/guest-$1-$2-$(date +%Y%m%d-%H%M%S).log"
}

# cover_version: the version of the series being mailed, from
# $COVER_DIR/version.
cover_version() {
	local v
	v=$(tr -d '[:space:]' <"$COVER_DIR/version" 2>/dev/null) ||
		die "$COVER_DIR/version missing; write the series version (1, 2, ...) into it"
	case "$v" in
	'' | *[!0-9]* | 0*) die "$COVER_DIR/version: '$v' is not a version number (1, 2, ...)" ;;
	esac
	echo "$v"
}

# repo_ident: the repo's own identity (config/identity), "Name <email>": the
# author of the patch files, a placeholder that is never mailed.
repo_ident() {
	local id
	id=$(grep -v -e '^#' -e '^[[:space:]]*$' "$TOP/config/identity" 2>/dev/null | head -n1) ||
		die "$TOP/config/identity has no identity line; restore it with git checkout"
	echo "$id"
}

# placeholder_ident "Name <email>": if it cannot be a real sender (empty,
# malformed, the repo's own identity, a reserved or local domain, a
# made-up name), print why and return 0; otherwise print nothing, return 1.
placeholder_ident() {
	local id=$1 name email local_part dom
	if ! [[ "$id" =~ ^(.*[^[:space:]])[[:space:]]+\<([^<>[:space:]]*)\>$ ]]; then
		echo "not 'Full Name <address>'"
		return 0
	fi
	name=${BASH_REMATCH[1]} email=${BASH_REMATCH[2],,}
	local_part=${email%@*} dom=${email#*@}
	if [ "${id,,}" = "$(repo_ident | tr '[:upper:]' '[:lower:]')" ]; then
		echo "the repo's own identity (config/identity)"
	elif [ -z "$name" ] || [[ "$email" != ?*@?*.?* ]] || [[ "$email" == *@*@* ]]; then
		echo "'$email' is not an address"
	elif [[ ".$dom" =~ \.(example\.(com|net|org)|example|invalid|test|localhost|local|localdomain|\(none\))$ ]] ||
		[[ "$dom" =~ ^(localhost|example)(\.|$) ]]; then
		echo "'$dom' is a reserved or local domain, not a mail domain"
	elif [[ "${name,,}" =~ ^(your name|full name|first last|john doe|jane doe|a u thor|a\. u\. thor|name|user|root|nobody|test|kernel team)$ ]] ||
		[[ "$local_part" =~ ^(you|your\.?name|name|user|root|nobody|foo|me|test|noreply|no-reply)$ ]]; then
		echo "'$id' is a made-up name or address"
	else
		return 1
	fi
}

# mtime_snapshot TREE FILE...: "mtime sha1 path" for each FILE that exists in
# TREE. With mtime_restore, apply-series.sh re-applies a series (checkout +
# git am rewrite every file it touches) without make rebuilding what did not
# change.
mtime_snapshot() {
	local tree=$1 f
	shift
	for f in "$@"; do
		[ -f "$tree/$f" ] || continue
		echo "$(date -r "$tree/$f" +%s.%N) $(sha1sum <"$tree/$f" | cut -c1-40) $f"
	done
}

# mtime_restore TREE SNAPSHOT_FILE: give the files whose content is the same
# as in the snapshot their mtime back; the others keep their new mtime.
# Only sound if nothing was built from TREE since the snapshot was taken.
mtime_restore() {
	local tree=$1 t sum f
	while read -r t sum f; do
		if [ -f "$tree/$f" ] && [ "$(sha1sum <"$tree/$f" | cut -c1-40)" = "$sum" ]; then
			touch -d "@$t" "$tree/$f"
		fi
	done <"$2"
}

# kmake TREE BUILD ARGS...: make in kernel TREE, out of tree in BUILD, for
# x86_64, through ccache. Every kernel build of the harness goes through
# here or kmake_arch: Kbuild rebuilds an object whose command line changed,
# so mixing CC values in one build directory would rebuild everything.
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
kmake() {
	kmake_arch x86_64 "" "$@"
}

# kmake_arch ARCH CROSS_COMPILE TREE BUILD ARGS...: kmake for ARCH with the
# compiler ${CROSS_COMPILE}gcc (empty: the host's gcc, which also builds
# i386). Give one BUILD the same ARCH and CROSS_COMPILE every time.
kmake_arch() {
	local arch=$1 cross=$2 tree=$3 build=$4
	shift 4
	need_cmd ccache ccache
	nice make -C "$tree" O="$build" ARCH="$arch" ${cross:+CROSS_COMPILE="$cross"} \
		CC="ccache ${cross}gcc" -j"$JOBS" "$@"
}

# --- KTAP for host-side tests ---
# ktap_plan N; then per case ktap_ok NAME, ktap_skip NAME REASON or
# ktap_not_ok NAME [DETAIL...] (each DETAIL a "# " diagnostic line); then
# ktap_end, which prints "N passed, N failed, N skipped" and returns 1 if a
# case failed. ktap_plan without N, when the number of cases is not known
# up front: ktap_end prints the plan (a trailing plan is valid TAP).
ktap_n=0 ktap_pass=0 ktap_fail=0 ktap_skipped=0 ktap_late_plan=
ktap_plan() {
	echo "TAP version 13"
	if [ $# -gt 0 ]; then echo "1..$1"; else ktap_late_plan=1; fi
}
ktap_ok() {
	ktap_n=$((ktap_n + 1)) ktap_pass=$((ktap_pass + 1))
	echo "ok $ktap_n $1"
}
ktap_skip() {
	ktap_n=$((ktap_n + 1)) ktap_skipped=$((ktap_skipped + 1))
	echo "ok $ktap_n $1 # SKIP $2"
}
ktap_not_ok() {
	local name=$1
	shift
	ktap_n=$((ktap_n + 1)) ktap_fail=$((ktap_fail + 1))
	echo "not ok $ktap_n $name"
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
ktap_end() {
	[ -z "$ktap_late_plan" ] || echo "1..$ktap_n"
	echo "$ktap_pass passed, $ktap_fail failed, $ktap_skipped skipped"
	[ "$ktap_fail" = 0 ]
}
