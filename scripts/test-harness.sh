#!/bin/bash
# Usage: test-harness.sh [FILE...]
# The harness's own self-tests: run each scripts/harness-tests/*.sh (or the
# FILEs given), each a host-side KTAP test of one behaviour of the scripts
# that takes seconds, and print one KTAP document with each file as a
# subtest (its output indented by four spaces), then
# "N passed, N failed, N skipped" summed over the files' cases. Exit 1 if a
# case failed or a file did not end with its own count line.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -gt 0 ] || set -- "$TOP"/scripts/harness-tests/*.sh
for f in "$@"; do
	[ -f "$f" ] || usage_error "test-harness.sh [FILE...]: no file $f"
done

tp=0 tf=0 ts=0 n=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "TAP version 13"
echo "1..$#"
for f in "$@"; do
	n=$((n + 1))
	name=$(basename "$f" .sh)
	echo "    # Subtest: $name"
	rc=0
	bash "$f" >"$out" 2>&1 </dev/null || rc=$?
	sed 's/^/    /' "$out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n1 || true)
	read -r p _ f2 _ s _ <<<"${line//,/}"
	if [ -z "$line" ]; then
		tf=$((tf + 1))
		echo "not ok $n $name"
		echo "# no count line (exit $rc)"
		continue
	fi
	tp=$((tp + p)) tf=$((tf + f2)) ts=$((ts + s))
	if [ "$rc" = 0 ] && [ "$f2" = 0 ]; then
		echo "ok $n $name"
	else
		[ "$f2" != 0 ] || tf=$((tf + 1))
		echo "not ok $n $name"
	fi
done
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" = 0 ]
