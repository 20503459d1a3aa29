#!/bin/bash
# Usage: test-parse-results.sh
# Self-test of parse-results.py on the recorded logs in testdata/: checks
# its exit status and its last line ("N passed, N failed, N skipped") for
# each, and that its --ktap output parses back to the same counts. KTAP,
# one case per check, then "N passed, N failed, N skipped"; exit 1 if any
# case failed.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 0 ] || usage_error "test-parse-results.sh takes no arguments"
need_cmd python3 python3

parser=$TOP/scripts/parse-results.py
data=$TOP/scripts/testdata

# check LOG EXPECTED_EXIT "EXPECTED LAST LINE" [PARSER OPTIONS...]
check() {
	local logf=$1 want_rc=$2 want=$3 got rc name
	shift 3
	name="$logf${*:+ (${*//$data\//})}"
	set +e
	got=$(python3 "$parser" "$@" "$data/$logf" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq "$want_rc" ] && [ "$(echo "$got" | tail -n 1)" = "$want" ]; then
		ktap_ok "$name: exit $rc, $want"
	else
		# "| " keeps the parser's output from reading as nested results.
		ktap_not_ok "$name" "want exit $want_rc and '$want', got exit $rc:" \
			"$(printf '%s\n' "$got" | sed 's/^/| /')"
	fi
}

# roundtrip LOG: --ktap output, parsed again as a KTAP document, gives the
# counts and exit status of LOG itself (how run-tests.sh nests a guest).
roundtrip() {
	local logf=$1 k want got rc1=0 rc2=0
	k=$(mktemp)
	want=$(python3 "$parser" --summary-only "$data/$logf") || rc1=$?
	python3 "$parser" --ktap "$data/$logf" >"$k" || true
	got=$(python3 "$parser" --tap-only --summary-only "$k") || rc2=$?
	if [ "$want" = "$got" ] && [ "$rc1" = "$rc2" ] && [ "$(tail -n 1 "$k")" = "$want" ]; then
		ktap_ok "$logf --ktap: parses back to $want"
	else
		ktap_not_ok "$logf --ktap" "the log: exit $rc1, '$want'; its --ktap: exit $rc2, '$got':" \
			"$(sed 's/^/| /' "$k")"
	fi
	rm -f "$k"
}

ktap_plan
check pass.log     0 "8 passed, 0 failed, 0 skipped"
check crlf.log     0 "8 passed, 0 failed, 0 skipped"	# CRLF line ends
check warn.log     1 "8 passed, 1 failed, 0 skipped"	# WARNING: splat
check lockdep.log  1 "8 passed, 1 failed, 0 skipped"	# recursive locking
# Expected warnings: one per GRU-EXPECT window, a _ONCE one satisfied by
# an earlier one; missing, surplus or other splats in a window still fail.
check expectwarn.log 0 "3 passed, 0 failed, 0 skipped"
# The console glues a kernel message to a test's line when the tty writes
# the line's newline after it: the marker is split off, the result kept.
check glued-marker.log 0 "3 passed, 0 failed, 0 skipped"
check glued-marker-nowarn.log 1 "3 passed, 1 failed, 0 skipped"	# its warning missing
check expectmiss.log 1 "3 passed, 5 failed, 0 skipped"
check notok.log    1 "7 passed, 1 failed, 0 skipped"	# harness "not ok"
check noplan.log   1 "8 passed, 1 failed, 0 skipped"	# nested TAP, no plan
check nodone.log   1 "4 passed, 6 failed, 0 skipped"	# panic: 3 splat lines,
							# unfinished vmtest, short
							# plan, no done marker
check kunit.log    1 "5 passed, 1 failed, 1 skipped"	# KUnit, params, not ok
check skip.log     0 "2 passed, 0 failed, 4 skipped"	# SKIP, XFAIL, 1..0 # SKIP
check timeout.log  1 "2 passed, 3 failed, 1 skipped"	# TIMEOUT parent, short
							# plan, run_vmtests.sh
							# [FAIL] under a SKIP
# Trimmed from a real run of run_vmtests.sh on the base kernel under TCG:
# CRLF, separators garbled by busybox tr, a [PASS] glued to output without
# a newline (thuge-gen), memfd_secret's short plan under [SKIP], a "not ok"
# under mremap_test's [PASS], the base's hugetlb_split() WARN, and the
# top-level "# SKIP" with which run_vmtests.sh masks [FAIL]s.
check vmtests-tcg.log 1 "39 passed, 4 failed, 3 skipped"
check pass.log     0 "8 passed, 0 failed, 0 skipped" --summary-only
check notok.log    1 "15 passed, 1 failed, 0 skipped" --summary-only "$data/pass.log"
# run-tests.sh's KTAP: stages as 4-space nested subtests, harness files
# two levels down, a trailing plan (check-series.sh), checkpatch and guest
# "WARNING:"s quoted in diagnostics (no splats in --tap-only), a stage
# that is "not ok" without a failed case (its exit status) counted once.
check run-tests.ktap 1 "9 passed, 4 failed, 3 skipped" --tap-only
check run-tests.ktap 1 "9 passed, 6 failed, 3 skipped"	# as a console log:
							# 2 "WARNING:"s
# Two stages that stopped early: a short plan, a missing plan, each stage
# "not ok" on top.
check run-tests-short.ktap 1 "4 passed, 4 failed, 0 skipped" --tap-only
for f in kunit.log nodone.log skip.log timeout.log vmtests-tcg.log pass.log expectmiss.log; do
	roundtrip "$f"
done

ktap_end
