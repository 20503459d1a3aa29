#!/bin/bash
# Usage: build-kernel.sh TREE NAME [FRAGMENT...]
# Build TREE's bzImage out of tree in $CACHE/build-NAME-<base>, reusing that
# directory: an incremental build. When the fragments change, .config is
# made again and Kbuild rebuilds only what depends on the changed symbols.
# Prints the build directory.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -ge 2 ] || usage_error "build-kernel.sh TREE NAME [FRAGMENT...]"
tree=$1 name=$2
shift 2
if [ $# -eq 0 ]; then
	mapfile -t frags < <(default_fragments)
	set -- "${frags[@]}"
fi
for t in gcc make flex:flex bison:bison bc:bc; do need_cmd "${t%%:*}" "${t#*:}"; done
[ -f /usr/include/libelf.h ] || die "libelf.h missing; run: apt-get install -y libelf-dev"
[ -f /usr/include/openssl/ssl.h ] || die "openssl headers missing; run: apt-get install -y libssl-dev"

cache_lock
build=$(configure_build "$tree" "$name" "$@")
log "building $name in $build ($JOBS jobs)"
if ! kmake "$tree" "$build" -s bzImage >"$build/build.log" 2>&1; then
	tail -n 40 "$build/build.log" >&2
	die "kernel build failed in $tree: see $build/build.log"
fi
echo "$build"
