#!/bin/bash
# Usage: install-deps.sh
# Install the Debian 12 packages the harness needs (as root), only if some
# are missing, so a warm machine does not need the network.
set -eu
. "$(dirname "$0")/lib.sh"
handle_help "$@"
[ $# -eq 0 ] || usage_error "install-deps.sh takes no arguments"

# The cross compilers: check-series.sh's object builds of
# config/xarch.arches (i386 uses the host's gcc).
pkgs="build-essential dpkg-dev git flex bison bc cpio kmod rsync
libelf-dev libssl-dev dwarves python3 qemu-system-x86 busybox-static
quilt sparse ccache libcap-dev libnuma-dev gnuplot-nox b4
gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu"

missing=$(for p in $pkgs; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"
done)
[ -n "$missing" ] || exit 0
[ "$(id -u)" = 0 ] || { echo "error: run as root to install: $(echo $missing)" >&2; exit 1; }
echo "==> installing: $(echo $missing)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
