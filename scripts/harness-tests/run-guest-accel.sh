# run-guest.sh boots with TCG (-cpu max) unless ACCEL says otherwise; with
# ACCEL=auto, with KVM (-cpu host) when KVM_DEV is readable and writable
# and QEMU keeps KVM vCPUs running (the probe ends at its timeout, 124),
# with TCG otherwise; it says which in one log line. QEMU is a stand-in: it answers the KVM probe with
# $PROBE_RC and "boots" by printing the done marker; no guest runs.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 10
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/qemu" <<'FAKE'
#!/bin/bash
case " $* " in
# Like this project's machine: a VM can be created (-machine none), and
# whether its vCPUs run is $PROBE_RC.
*" -machine none "*) echo probe >>"$CALLS"; exit 0 ;;
*" -nodefaults "*) echo probe >>"$CALLS"; exit "$PROBE_RC" ;;
esac
echo "boot $*" >>"$CALLS"
# BOOT_RC_KVM: a KVM boot that aborts before the kernel prints anything.
case " $* " in *" -accel kvm "*) [ -z "${BOOT_RC_KVM:-}" ] || exit "$BOOT_RC_KVM" ;; esac
echo "GRU-GUEST: done rc=0"
FAKE
chmod +x "$tmp/qemu"
: >"$tmp/bzImage"
: >"$tmp/initrd"
: >"$tmp/kvm"
export QEMU=$tmp/qemu CALLS=$tmp/calls GRU_CACHE=$tmp/cache

# boot NAME WANT_ACCEL WANT_CPU WANT_PROBES ENV...: run-guest.sh with ENV
# boots once with -accel WANT_ACCEL -cpu WANT_CPU after WANT_PROBES (0 or
# 1) KVM probes, and logs one "QEMU accelerator: WANT_ACCEL" line.
boot() {
	local name=$1 accel=$2 cpu=$3 probes=$4 rc=0 got
	shift 4
	rm -f "$CALLS"
	env "$@" GUEST_NUMA=0 timeout 60 "$TOP/scripts/run-guest.sh" "$tmp/bzImage" "$tmp/initrd" \
		"$tmp/console.log" 30 >"$tmp/out" 2>&1 || rc=$?
	got=$(grep '^boot ' "$CALLS" 2>/dev/null || true)
	if [ "$rc" = 0 ] && [ "$(echo "$got" | wc -l)" = 1 ] &&
		echo "$got" | grep -q -- " -accel $accel -cpu $cpu " &&
		[ "$(grep -c '^probe$' "$CALLS")" = "$probes" ] &&
		[ "$(grep -c 'QEMU accelerator: ' "$tmp/out")" = 1 ] &&
		grep -q "QEMU accelerator: $accel " "$tmp/out"; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "want exit 0, one boot with -accel $accel -cpu $cpu, $probes probe(s)," \
			"one 'QEMU accelerator: $accel' line; got exit $rc, QEMU calls:" \
			"$(sed 's/^/| /' "$CALLS" 2>/dev/null)" "output:" "$(sed 's/^/| /' "$tmp/out")"
	fi
}
boot "default: tcg, -cpu max, no probe, even with a usable KVM" tcg max 0 KVM_DEV="$tmp/kvm" PROBE_RC=124
boot "ACCEL=auto, a usable KVM device: kvm, -cpu host" kvm host 1 KVM_DEV="$tmp/kvm" PROBE_RC=124 ACCEL=auto
boot "ACCEL=auto, no KVM device: tcg, -cpu max, no probe" tcg max 0 KVM_DEV="$tmp/none" PROBE_RC=124 ACCEL=auto
boot "ACCEL=auto, KVM vCPUs that abort (nested KVM, MSR 0x10a): tcg, -cpu max" tcg max 1 KVM_DEV="$tmp/kvm" PROBE_RC=134 ACCEL=auto

# The probe passed, the boot's vCPUs aborted at once: one TCG boot more.
name="ACCEL=auto: a KVM boot that aborts before the kernel starts is booted again with TCG"
rm -f "$CALLS"
rc=0
env ACCEL=auto KVM_DEV="$tmp/kvm" PROBE_RC=124 BOOT_RC_KVM=134 GUEST_NUMA=0 timeout 60 "$TOP/scripts/run-guest.sh" \
	"$tmp/bzImage" "$tmp/initrd" "$tmp/console.log" 30 >"$tmp/out" 2>&1 || rc=$?
got=$(grep '^boot ' "$CALLS" 2>/dev/null | grep -o -- '-accel [a-z]*' | tr '\n' ' ' || true)
if [ "$rc" = 0 ] && [ "$got" = "-accel kvm -accel tcg " ] && grep -q "QEMU accelerator: tcg .*KVM failed" "$tmp/out"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "want exit 0, a kvm boot then a tcg boot; got exit $rc, boots: $got" "$(sed 's/^/| /' "$tmp/out" | tail -n 6)"
fi
# ACCEL=kvm is the user's choice: no second boot.
name="ACCEL=kvm: a KVM boot that aborts is not booted again"
rm -f "$CALLS"
rc=0
env ACCEL=kvm BOOT_RC_KVM=134 GUEST_NUMA=0 timeout 60 "$TOP/scripts/run-guest.sh" \
	"$tmp/bzImage" "$tmp/initrd" "$tmp/console.log" 30 >"$tmp/out" 2>&1 || rc=$?
got=$(grep -c '^boot ' "$CALLS" 2>/dev/null || true)
if [ "$rc" = 134 ] && [ "$got" = 1 ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "want exit 134 and one boot; got exit $rc, $got boot(s)"
fi
boot "ACCEL=tcg wins over a usable KVM, no probe" tcg max 0 KVM_DEV="$tmp/kvm" PROBE_RC=124 ACCEL=tcg
boot "ACCEL=kvm: kvm, -cpu host, no probe" kvm host 0 KVM_DEV="$tmp/none" PROBE_RC=1 ACCEL=kvm

# misuse NAME WANT_RC ENV/ARGS...: run-guest.sh exits WANT_RC, runs no QEMU.
misuse() {
	local name=$1 want=$2 rc=0
	shift 2
	rm -f "$CALLS"
	env "$@" >"$tmp/out" 2>&1 || rc=$?
	if [ "$rc" = "$want" ] && [ ! -e "$CALLS" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "want exit $want and no QEMU run; got exit $rc:" "$(sed 's/^/| /' "$tmp/out" "$CALLS" 2>/dev/null)"
	fi
}
misuse "ACCEL=bogus is a usage error" 2 ACCEL=bogus KVM_DEV="$tmp/kvm" PROBE_RC=0 \
	timeout 60 "$TOP/scripts/run-guest.sh" "$tmp/bzImage" "$tmp/initrd" "$tmp/console.log"
misuse "-h prints the usage and runs nothing" 0 KVM_DEV="$tmp/kvm" PROBE_RC=0 \
	timeout 60 "$TOP/scripts/run-guest.sh" -h
ktap_end
