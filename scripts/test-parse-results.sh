#!/bin/bash
# Usage: test-parse-results.sh
# Self-test of parse-results.py on the recorded logs in testdata/: checks
# its exit status and its last line ("N passed, N failed, N skipped") for
# each. Last line: "N passed, N failed" (cases); exit 1 if any case failed.
set -eu
. "$(dirname "$0")/lib.sh"
need_cmd python3 python3

parser=$TOP/scripts/parse-results.py
data=$TOP/scripts/testdata
pass=0 fail=0

# check LOG EXPECTED_EXIT "EXPECTED LAST LINE" [PARSER OPTIONS...]
check() {
	local logf=$1 want_rc=$2 want=$3 got rc
	shift 3
	set +e
	got=$(python3 "$parser" "$@" "$data/$logf" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq "$want_rc" ] && [ "$(echo "$got" | tail -n 1)" = "$want" ]; then
		echo "ok $logf: exit $rc, $want"
		pass=$((pass + 1))
	else
		echo "FAIL $logf: want exit $want_rc and '$want', got exit $rc:"
		printf '%s\n' "$got" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

check pass.log     0 "8 passed, 0 failed, 0 skipped"
check crlf.log     0 "8 passed, 0 failed, 0 skipped"	# CRLF line ends
check warn.log     1 "8 passed, 1 failed, 0 skipped"	# WARNING: splat
check lockdep.log  1 "8 passed, 1 failed, 0 skipped"	# recursive locking
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
