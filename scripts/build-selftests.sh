#!/bin/bash
# Usage: build-selftests.sh SRC BUILD OUT
# Build the vm kselftests of the kernel tree SRC against the uapi headers of
# its build directory BUILD (the kernel's O=), with the kernel's own kselftest
# Makefiles, and install them into OUT: OUT/run_kselftest.sh,
# OUT/kselftest-list.txt, OUT/kselftest/ and OUT/vm/.
#
# Objects go to BUILD/kselftest/vm; the only files written into SRC are
# vm's local_config.{h,mk} (its Makefile's check_config.sh puts them there).
# TARGETS=... overrides the selftest collections (default: vm, BASE=6.12:
# mm, where 6.3 moved them).
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 3 ] || usage_error "build-selftests.sh SRC BUILD OUT"
src=$1 build=$2 out=$3
targets=${TARGETS:-$SELFTEST_DIR}

[ -f "$src/tools/testing/selftests/Makefile" ] || die "$src is not a kernel tree"
need_cmd make make
need_cmd gcc gcc
need_cmd rsync rsync	# lib.mk installs with rsync

# Libraries vm/Makefile links against (6.1: -lcap, -lnuma, -lrt, -lpthread).
check_header() {
	echo "#include <$1>" | gcc -E -x c - >/dev/null 2>&1 ||
		die "<$1> not found; run: apt-get update && apt-get install -y $2 (or scripts/install-deps.sh)"
}
check_header sys/capability.h libcap-dev
check_header numa.h libnuma-dev

# OUT is replaced on every run (lib.mk's install only adds files).
if [ -e "$out" ]; then
	[ -f "$out/run_kselftest.sh" ] || [ -z "$(ls -A "$out")" ] ||
		die "$out exists and is not a kselftest install; not removing it"
	rm -rf "$out"
fi
mkdir -p "$build" "$(dirname "$out")"
build=$(cd "$build" && pwd)
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

log "installing uapi headers into $build/usr/include"
make -s -C "$src" O="$build" ARCH=x86_64 headers_install

# O= makes the selftests Makefile use $build/usr/include (KHDR_INCLUDES) and
# build into $build/kselftest/<target>; KSFT_INSTALL_PATH is where install
# puts run_kselftest.sh and kselftest-list.txt.
log "building and installing kselftests ($targets) into $out"
buildlog=$build/kselftest-build.log
mkdir -p "$build/kselftest"
# 6.12's selftests/mm/khugepaged.c (6.12.117 and 6.12.118) uses KSFT_SKIP
# without including kselftest.h (a stable backport; the file does not
# build as shipped). Defining it as kselftest.h does (4) leaves every
# other file unchanged.
extra=
[ "$BASE" = 6.1 ] || extra=-DKSFT_SKIP=4
if ! make -C "$src/tools/testing/selftests" O="$build" TARGETS="$targets" \
	${extra:+EXTRA_CFLAGS="$extra"} FORCE_TARGETS=1 KSFT_INSTALL_PATH="$out" -j"$JOBS" install >"$buildlog" 2>&1; then
	tail -n 30 "$buildlog" >&2
	die "kselftest build failed: see $buildlog"
fi

nwarn=$(grep -c -E '(error|warning):' "$buildlog" || true)
[ "$nwarn" -eq 0 ] || {
	grep -E '(error|warning):' "$buildlog" >&2
	log "$nwarn compiler warnings (full log: $buildlog)"
}
for f in run_kselftest.sh kselftest-list.txt; do
	[ -s "$out/$f" ] || die "install did not produce $out/$f: see $buildlog"
done
log "installed $(wc -l <"$out/kselftest-list.txt") tests: $(tr '\n' ' ' <"$out/kselftest-list.txt")"
