#!/bin/bash
# Usage: run-main.sh
# The main job on a fresh Debian 12 machine (as root): install what is
# needed, get the base tree, apply the series, build the debug kernel and
# the kselftests, boot them in QEMU, show the guest's KTAP output and the
# parsed result. KERNEL_DIR=, GRU_CACHE=, JOBS= as in the README.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 0 ] || usage_error "run-main.sh takes no arguments"
cache_lock

"$TOP/scripts/install-deps.sh"
"$TOP/scripts/get-base.sh"
rc=0
glog=$(guest_log series main)
GUEST_LOG=$glog "$TOP/scripts/test-in-guest.sh" series >"$CACHE/main.out" || rc=$?
[ -s "$glog" ] || { cat "$CACHE/main.out"; die "no guest log: the run stopped before booting"; }
echo "==> guest KTAP output ($glog):"
tr -d '\r' <"$glog" | sed -n '/^GRU-GUEST: start/,/^GRU-GUEST: done/p'
echo "==> result:"
cat "$CACHE/main.out"
exit "$rc"
