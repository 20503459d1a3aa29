#!/bin/bash
# Run the upstream vm selftests of config/nonregression.tests on the
# unpatched base kernel and on the series kernel, and compare test by test:
# passing on the base and failing with the series is a regression (failed);
# failing on both is reported as a base failure (skipped, with its name);
# otherwise the series' result counts. Kernel splats are judged by
# parse-results.py on each log: a splat with the series fails the run.
set -eu
. "$(dirname "$0")/lib.sh"

list=$TOP/config/nonregression.tests
run() {
	local out=$CACHE/logs/nonregression-$1.result glog
	glog=$(guest_log "$1" nonregression)
	GUEST_LOG=$glog "$TOP/scripts/test-in-guest.sh" "$1" "$list" >&2 || true
	# No log: it stopped before booting and has said why; comparing
	# nothing would only add lines (a traceback, "no test results").
	[ -e "$glog" ] || exit 1
	python3 "$TOP/scripts/parse-results.py" --list "$glog" >"$out" || true
	echo "$out"
}
base=$(run base)
series=$(run series)

# --list lines: "STATUS NAME" for each leaf result (see parse-results.py).
python3 - "$base" "$series" <<'PY'
import re
import sys

def results(path):
    res, problems = {}, set()
    for line in open(path):
        m = re.match(r'^(PASS|FAIL|SKIP) (.*) \(line \d+\)$', line.strip())
        if m:
            res[m.group(2)] = m.group(1)
        elif line.startswith('FAIL '):
            # a splat or a plan problem: compare the text, not where it was
            problems.add(re.sub(r'line \d+: ', '', line.strip()))
    return res, problems

(base, base_pb), (series, series_pb) = results(sys.argv[1]), results(sys.argv[2])
for kernel, res in (('base', base), ('series', series)):
    if not res:
        print(f'no test results from the {kernel} kernel: see its guest log')
        print('0 passed, 1 failed, 0 skipped')
        sys.exit(1)
p = f = s = 0
for name in sorted(set(base) | set(series)):
    b, r = base.get(name, 'MISSING'), series.get(name, 'MISSING')
    if r == 'PASS':
        p += 1
    elif r == 'SKIP':
        s += 1
    elif b in ('FAIL', 'MISSING'):
        s += 1
        print(f'base-failure {name}: fails on the base too (base {b}, series {r})')
    else:
        f += 1
        print(f'REGRESSION {name}: base {b}, series {r}')
for pb in sorted(series_pb - base_pb):
    f += 1
    print(f'REGRESSION {pb}')
for pb in sorted(series_pb & base_pb):
    s += 1
    print(f'base-failure {pb}')
print(f'{p} passed, {f} failed, {s} skipped')
sys.exit(1 if f else 0)
PY
