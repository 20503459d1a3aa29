#!/bin/sh
# Usage: busy.sh COMMAND...
# Run COMMAND while other processes keep the guest's memory busy, as on a
# shared CI machine: on each CPU, a loop that fills and frees a tmpfs file
# (page cache, per-CPU LRU batches, reclaim of what it leaves) and one that
# sorts in memory (anonymous memory, faults, frees). Exits with COMMAND's
# status; the load is stopped when it ends.
set -u
[ $# -ge 1 ] || { echo "usage: busy.sh COMMAND..." >&2; exit 2; }
dir=$(mktemp -d /tmp/busy.XXXXXX) || exit 1
cpus=$(grep -c ^processor /proc/cpuinfo)
pids=
i=0
while [ "$i" -lt "$cpus" ]; do
	(while :; do
		dd if=/dev/zero of="$dir/f$i" bs=1M count=64 2>/dev/null
		rm -f "$dir/f$i"
	done) &
	pids="$pids $!"
	(while :; do seq 1 300000 | sort -r >/dev/null; done) &
	pids="$pids $!"
	i=$((i + 1))
done
echo "# busy.sh: $((2 * cpus)) memory loads running: $*"
rc=0
"$@" || rc=$?
# shellcheck disable=SC2086
kill $pids 2>/dev/null
wait 2>/dev/null
rm -rf "$dir"
exit "$rc"
