#!/bin/bash
# Usage: run-guest.sh BZIMAGE INITRAMFS LOG [TIMEOUT_SECONDS]
# Boot BZIMAGE with INITRAMFS in QEMU, serial console into LOG (also on
# stdout with VERBOSE=1). The guest's /init ends with "reboot -f", which ends
# QEMU because of -no-reboot; so does a panic (panic=-1).
# Exit: 0 if the guest printed "GRU-GUEST: done"; 124 if it was killed at
# the timeout (TIMEOUT_SECONDS, else GUEST_TIMEOUT, else 1500 s); 1 if it stopped without the marker (crash);
# QEMU's status if QEMU failed; 2 on misuse. Whether the tests passed is
# scripts/parse-results.py's job.
#
# Environment: GUEST_APPEND (more kernel parameters, e.g. KSFT_TIMEOUT=0),
# GUEST_MEM (5G), GUEST_SMP (2), GUEST_NUMA (2 nodes, 0 or 1 = no NUMA
# topology), QEMU (binary), VERBOSE=1, and
#   ACCEL    tcg (with -cpu max, the default), kvm (with -cpu host), or
#            auto: kvm if KVM_DEV (/dev/kvm) is readable and writable and
#            QEMU can start a KVM machine on it, else tcg. The log says
#            which, and why.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
case $# in 3 | 4) ;; *) usage_error "run-guest.sh BZIMAGE INITRAMFS LOG [TIMEOUT_SECONDS]" ;; esac
kernel=$1 initrd=$2 logf=$3 tmo=${4:-${GUEST_TIMEOUT:-1500}}
qemu=${QEMU:-qemu-system-x86_64}
mem=${GUEST_MEM:-5G} smp=${GUEST_SMP:-2} nodes=${GUEST_NUMA:-2}

[ -f "$kernel" ] || usage_error "kernel $kernel not found"
[ -f "$initrd" ] || usage_error "initramfs $initrd not found"
case "$tmo" in '' | *[!0-9]*) usage_error "TIMEOUT_SECONDS must be a number, not '$tmo'" ;; esac
case "${ACCEL:-}" in '' | auto | kvm | tcg) ;; *) usage_error "ACCEL=$ACCEL: want ACCEL=tcg, kvm or auto (or unset: tcg)" ;; esac
need_cmd "$qemu" qemu-system-x86
need_cmd timeout coreutils

# pick_accel: "ACCEL WHY". The device node alone proves little (a
# container may have one it cannot use), and so does creating a VM: under
# nested KVM, QEMU 7.2 with -cpu host and 2 vCPUs aborts at the first vCPU
# reset ("failed to set MSR 0x10a"). So run the guest's vCPUs, firmware
# only, for 3 seconds: usable if QEMU is still running when timeout stops
# it (status 124).
# TCG is the default: a KVM that passes the probe can still fail inside
# the kernel (seen here: "KVM internal error ... emulation failure" on a
# cmpxchg16b in SLUB), and QEMU then stops the vCPU and waits until the
# timeout instead of exiting.
pick_accel() {
	local dev=${KVM_DEV:-/dev/kvm} rc=0
	if [ -z "${ACCEL:-}" ]; then
		echo "tcg the default (ACCEL=kvm or ACCEL=auto to try KVM)"
		return
	elif [ "$ACCEL" != auto ]; then
		echo "$ACCEL ACCEL=$ACCEL is set"
		return
	elif [ ! -r "$dev" ] || [ ! -w "$dev" ]; then
		echo "tcg $dev is not readable and writable"
		return
	fi
	timeout 3 "$qemu" -accel kvm -cpu host -smp "$smp" -m 128M -nodefaults \
		-display none -monitor none -serial none </dev/null >/dev/null 2>&1 8>&- || rc=$?
	if [ $rc = 124 ]; then
		echo "kvm $dev runs $smp vCPUs with -cpu host"
	else
		echo "tcg QEMU cannot run $smp KVM vCPUs with -cpu host on $dev (exit $rc)"
	fi
}
read -r accel why < <(pick_accel)
# TCG emulates any CPU model; KVM can only pass the host's through.
cpu=max
[ "$accel" = tcg ] || cpu=host
log "QEMU accelerator: $accel (-cpu $cpu): $why"

numa=()
smp_opt=$smp
if [ "$nodes" -gt 1 ]; then
	# Split memory and CPUs evenly over the nodes (move_pages/migration
	# tests), one socket per node: CPUs of one socket share a cache and
	# the kernel WARNs if they sit on different nodes (topology_sane()).
	[ $((smp % nodes)) -eq 0 ] || die "GUEST_SMP=$smp is not a multiple of GUEST_NUMA=$nodes"
	smp_opt=$smp,sockets=$nodes,cores=$((smp / nodes)),threads=1
	mem_mb=$(numfmt --from=iec "${mem}" | awk '{print int($1 / 1048576)}')
	for ((n = 0; n < nodes; n++)); do
		numa+=(-object "memory-backend-ram,id=mem$n,size=$((mem_mb / nodes))M")
		numa+=(-numa "node,nodeid=$n,memdev=mem$n,cpus=$((n * smp / nodes))-$(((n + 1) * smp / nodes - 1))")
	done
fi

mkdir -p "$(dirname "$logf")"
# boot: run QEMU with $accel and $cpu, its console appended to the log;
# sets rc and secs.
boot() {
	local start
	start=$(date +%s)
	# The console log says how it was made, so a log read later still
	# tells KVM from TCG timings.
	echo "run-guest: QEMU accelerator $accel (-cpu $cpu): $why" >>"$logf"
	log "booting $(basename "$kernel") under QEMU $accel, ${smp} CPUs, $mem, timeout ${tmo}s, log $logf"
	# One 1 GiB hugetlb page for the 1 GiB cases, reserved at boot (the
	# kernel has no CONTIG_ALLOC for runtime gigantic pages) on node 1,
	# whose RAM above 4 GiB is a free aligned GiB once the guest has 5G
	# (each node's top holds its NODE_DATA, node 0's the initramfs too).
	# memmap=256M!1G: 256 MiB at 1 GiB (node 0, below the initramfs) as
	# legacy persistent memory, /dev/pmem0, for the DAX cases.
	set +e
	timeout --kill-after=10 "$tmo" "$qemu" \
		-accel "$accel" -cpu "$cpu" -smp "$smp_opt" -m "$mem" "${numa[@]}" \
		-nographic -no-reboot -nic none \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 transparent_hugepage=always hugepagesz=1G hugepages=1:1 memmap=256M!1G ${GUEST_APPEND:-}" \
		</dev/null >>"$logf" 2>&1 8>&- & # 8: the cache lock (lib.sh), not QEMU's to hold
	qpid=$!
	# Do not leave QEMU behind on ^C (background jobs of a script ignore SIGINT).
	trap 'kill "$qpid" 2>/dev/null' EXIT
	trap 'exit 130' INT TERM
	if [ "${VERBOSE:-0}" = 1 ]; then
		tail -n +1 -f --pid="$qpid" "$logf" &
	fi
	wait "$qpid"
	rc=$?
	trap - EXIT
	set -e
	sleep 0.2 # let tail print the rest
	secs=$(($(date +%s) - start))
	log "QEMU exited with status $rc after ${secs}s"
}
: >"$logf"
boot
# The probe is not the last word: under nested KVM the same -cpu host
# vCPUs that ran for the probe can abort at the boot's first reset
# ("failed to set MSR 0x10a", status 134). A KVM that QEMU chose by
# itself (ACCEL=auto) and that failed before the kernel printed anything gets one
# TCG boot in its place.
if [ "${ACCEL:-}" = auto ] && [ "$accel" = kvm ] && [ "$rc" != 0 ] && [ "$rc" != 124 ] &&
	! grep -aq 'Linux version' "$logf"; then
	accel=tcg cpu=max why="KVM failed before the kernel started (QEMU status $rc)"
	log "QEMU accelerator: tcg (-cpu max): $why"
	boot
fi

tail_log() {
	echo "---- last 50 lines of $logf ----" >&2
	tail -n 50 "$logf" | tr -d '\r' >&2
}
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	tail_log
	echo "error: guest killed at the ${tmo}s timeout" >&2
	exit 124
elif [ "$rc" -ne 0 ]; then
	tail_log
	echo "error: $qemu failed (status $rc)" >&2
	exit "$rc"
elif ! tr -d '\r' <"$logf" | grep -q 'GRU-GUEST: done rc='; then
	tail_log
	die "guest stopped without printing 'GRU-GUEST: done' (panic or crash?)"
fi
