#!/bin/bash
# Usage: build-kernel.sh TREE NAME [FRAGMENT...]
# Build TREE's bzImage out of tree in $CACHE/build-NAME-<base>-<config hash>,
# reusing that directory (an incremental build) while the base and the
# fragments are the same. Prints the build directory.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 TREE NAME [FRAGMENT...]"
tree=$1 name=$2
shift 2
[ $# -gt 0 ] || set -- "$TOP/config/base.config" "$TOP/config/series.config"
for t in gcc make flex:flex bison:bison bc:bc; do need_cmd "${t%%:*}" "${t#*:}"; done
[ -f /usr/include/libelf.h ] || die "libelf.h missing; run: apt-get install -y libelf-dev"
[ -f /usr/include/openssl/ssl.h ] || die "openssl headers missing; run: apt-get install -y libssl-dev"

key=$(cat "$@" | sha256sum | cut -c1-12)
base=$(base_commit)
build=$CACHE/build-$name-${base:0:12}-$key
if [ "$(cat "$build/.config-key" 2>/dev/null)" != "$key" ]; then
	log "configuring $build"
	"$TOP/scripts/make-config.sh" "$tree" "$build" "$@"
	echo "$key" >"$build/.config-key"
fi
log "building $name in $build ($JOBS jobs)"
if ! make -s -C "$tree" O="$build" ARCH=x86_64 -j"$JOBS" bzImage >"$build/build.log" 2>&1; then
	tail -n 40 "$build/build.log" >&2
	die "kernel build failed in $tree: see $build/build.log"
fi
echo "$build"
