#!/bin/bash
# Usage: test-in-guest.sh VARIANT [LIST]
# Build the VARIANT kernel and its vm (6.12: mm) kselftests, boot them in QEMU, run the
# tests listed in LIST (default config/VARIANT.tests, BASE=6.12:
# config/VARIANT-6.12.tests; format: see
# scripts/guest/run-list.sh) and print the parsed result:
#   series  the series applied; config base + series (lockdep, DEBUG_VM, ...)
#   kasan   the series applied; config base + series + kasan
#   base    the unpatched base; config base (the non-regression reference)
#   bench   the series applied; config base + series without the debug
#           options (lockdep, DEBUG_VM, DEBUG_ATOMIC_SLEEP), for timings
# A list's "@boot ARGS" lines go on the guest kernel's command line (the
# KASAN lists and 6.12's series list ask for debug_pagealloc=on).
# Environment: GUEST_LOG (where the guest's console log goes; default a
# new file in $CACHE/logs, see guest_log in lib.sh), VERBOSE=1, and
# run-guest.sh's (GUEST_TIMEOUT, GUEST_MEM, GUEST_NUMA, ...).
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -ge 1 ] && [ $# -le 2 ] || usage_error "test-in-guest.sh series|kasan|base|bench [LIST]"
variant=$1
cfg=$TOP/config
case "$variant" in
series) frags=$(default_fragments) ;;
kasan) frags="$(default_fragments) $cfg/kasan.config" ;;
base) frags=$(base_fragments) ;;
bench) frags="$CACHE/bench-base.config $(base_fragments | tail -n +2) $cfg/series$BASE_SUFFIX.config" ;;
*) usage_error "unknown variant '$variant' (series, kasan, base or bench)" ;;
esac
# 6.12 has lists of its own (config/VARIANT-6.12.tests): its tests differ.
tests=${2:-$cfg/$variant$BASE_SUFFIX.tests}
[ -f "$tests" ] || usage_error "no test list $tests"
# "@boot ARGS" lines of the list: kernel command line arguments its tests
# need (debug_pagealloc=on for the lists whose kernels have DEBUG_PAGEALLOC).
boot=$(awk '$1 == "@boot" { sub(/^[ \t]*@boot[ \t]+/, ""); printf "%s ", $0 }' "$tests")
[ -z "$boot" ] || export GUEST_APPEND="$boot${GUEST_APPEND:-}"
cache_lock
if [ "$variant" = bench ]; then
	# Lockdep and the other checks cost more than the lookups timed.
	mkdir -p "$CACHE"
	grep -v -e '^CONFIG_PROVE_LOCKING=' -e '^CONFIG_DEBUG_ATOMIC_SLEEP=' \
		-e '^CONFIG_DEBUG_VM=' "$cfg/base.config" >"$CACHE/bench-base.config"
fi

if [ "$variant" = base ]; then
	tree=$(worktree base)
	git -C "$tree" checkout -q -f --detach "$(base_commit)"
else
	tree=$(apply_for_test)
fi
# shellcheck disable=SC2086
build=$("$TOP/scripts/build-kernel.sh" "$tree" "$variant" $frags)
ksft=$build/kselftest-install
"$TOP/scripts/build-selftests.sh" "$tree" "$build" "$ksft" >"$build/selftests.log" 2>&1 ||
	{ tail -n 30 "$build/selftests.log" >&2; die "selftest build failed: see $build/selftests.log"; }

initrd=$build/initramfs-$variant.cpio.gz
"$TOP/scripts/make-initramfs.sh" "$initrd" "$ksft" "$TOP/scripts/guest/run-list.sh" "$tests"

glog=${GUEST_LOG:-$(guest_log "$variant" "$(basename "$tests" .tests)")}
mkdir -p "$(dirname "$glog")"
log "booting $variant kernel ($(git -C "$tree" describe --always --tags HEAD)); console: $glog"
rc=0
"$TOP/scripts/run-guest.sh" "$build/arch/x86/boot/bzImage" "$initrd" "$glog" || rc=$?
[ "$rc" = 0 ] || log "guest ended abnormally (run-guest.sh exit $rc)"
# The benchmark's result is its CSV: it must parse and plot.
bench=ok
if grep -q '^[^#]*follow_page_bench' "$tests"; then
	"$TOP/scripts/plot-bench.sh" "$glog" "${glog%.log}-bench" || bench=failed
	log "benchmark output ($bench): ${glog%.log}-bench/"
fi
python3 "$TOP/scripts/parse-results.py" "$glog"
[ "$bench" = ok ]
