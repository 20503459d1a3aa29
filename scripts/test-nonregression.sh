#!/bin/bash
# Usage: test-nonregression.sh
# Run the upstream vm selftests of config/nonregression.tests (BASE=6.12:
# config/nonregression-6.12.tests, 6.12's names) on the unpatched base
# kernel and on the series kernel, and compare test by test:
# passing on the base and failing with the series is a regression (failed);
# failing on both is a base failure (skipped, saying so); otherwise the
# series' result counts. Kernel splats are judged by parse-results.py on
# each log: a splat with the series only fails the run. KTAP, one case per
# test and splat, then "N passed, N failed, N skipped"; exit 1 if any
# failed.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 0 ] || usage_error "test-nonregression.sh takes no arguments"

list=$TOP/config/nonregression$BASE_SUFFIX.tests
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
            problems.add(re.sub(r'line \d+: ', '', line.strip()[len('FAIL '):]))
    return res, problems

(base, base_pb), (series, series_pb) = results(sys.argv[1]), results(sys.argv[2])
cases = []      # (status, name, reason): the KTAP cases, in order
for kernel, res in (('base', base), ('series', series)):
    if not res:
        cases.append(('fail', f'test results from the {kernel} kernel', 'none: see its guest log'))
if not cases:
    for name in sorted(set(base) | set(series)):
        b, r = base.get(name, 'MISSING'), series.get(name, 'MISSING')
        if r == 'PASS':
            cases.append(('pass', name, ''))
        elif r == 'SKIP':
            cases.append(('skip', name, 'skipped on the series kernel'))
        elif b in ('FAIL', 'MISSING'):
            cases.append(('skip', name, f'fails on the base too (base {b}, series {r})'))
        else:
            cases.append(('fail', name, f'regression: base {b}, series {r}'))
    for pb in sorted(series_pb - base_pb):
        cases.append(('fail', pb, 'regression: only with the series'))
    for pb in sorted(series_pb & base_pb):
        cases.append(('skip', pb, 'on the base too'))

print('TAP version 13')
print(f'1..{len(cases)}')
for n, (status, name, reason) in enumerate(cases, 1):
    name = name.replace('#', '')    # "#" would start a directive
    if status == 'fail':
        print(f'not ok {n} {name}')
        print(f'# {reason}')
    elif status == 'skip':
        print(f'ok {n} {name} # SKIP {reason}')
    else:
        print(f'ok {n} {name}')
count = {k: sum(1 for c in cases if c[0] == k) for k in ('pass', 'fail', 'skip')}
print('%(pass)d passed, %(fail)d failed, %(skip)d skipped' % count)
sys.exit(1 if count['fail'] else 0)
PY
