#!/bin/bash
# Usage: make-config.sh SRC BUILD [FRAGMENT...]
# Write BUILD/.config for the kernel tree SRC: tinyconfig, then the
# fragments (default config/base.config config/series.config), then
# olddefconfig. Fails naming every fragment symbol Kconfig did not keep.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -ge 2 ] || usage_error "make-config.sh SRC BUILD [FRAGMENT...]"
src=$1 build=$2
shift 2
if [ $# -eq 0 ]; then
	mapfile -t frags < <(default_fragments)
	set -- "${frags[@]}"
fi

mkdir -p "$build"
make -s -C "$src" O="$build" ARCH=x86_64 tinyconfig >"$build/tinyconfig.log" 2>&1 ||
	die "make tinyconfig failed: see $build/tinyconfig.log"
cat "$@" >>"$build/.config"
make -s -C "$src" O="$build" ARCH=x86_64 olddefconfig >"$build/olddefconfig.log" 2>&1 ||
	die "olddefconfig failed: see $build/olddefconfig.log"

missing=$(grep -h '^CONFIG_[A-Z0-9_]*=[ym]' "$@" | while read -r want; do
	grep -qx "$want" "$build/.config" || echo "${want%%=*}"
done)
[ -z "$missing" ] || die "Kconfig dropped: $(echo $missing) (check their dependencies)"
