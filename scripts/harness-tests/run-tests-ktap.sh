# run-tests.sh prints one KTAP document, each stage a subtest, that
# parse-results.py counts as its last line says; a failing stage is "not
# ok" and fails the exit status; a guest stage nests its log's verdict.
# On a copy of the scripts with stand-ins for install-deps.sh, get-base.sh
# and every stage (the parser stage is the real one unless told otherwise;
# none is the harness stage: that would run this test again).
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 7
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo"
cp -r "$TOP/scripts" "$TOP/config" "$repo/"
export FAKE=$tmp/fake
printf '#!/bin/sh\n' >"$repo/scripts/install-deps.sh"
printf '#!/bin/sh\n' >"$repo/scripts/get-base.sh"
# A stage stand-in prints $FAKE/NAME.out and exits $FAKE/NAME.rc; without
# them it is the real script (real-NAME.sh) or passes one case.
mv "$repo/scripts/test-parse-results.sh" "$repo/scripts/real-test-parse-results.sh"
for f in test-parse-results test-harness test-base-pin test-check-series check-series test-nonregression; do
	cat >"$repo/scripts/$f.sh" <<'FAKE'
#!/bin/bash
set -eu
f=$FAKE/$(basename "$0" .sh) real=$(dirname "$0")/real-$(basename "$0")
if [ -e "$f.out" ]; then
	cat "$f.out"
	exit "$(cat "$f.rc")"
fi
[ ! -e "$real" ] || exec "$real" "$@"
printf '%s\n' "TAP version 13" "1..1" "ok 1 stand-in" "1 passed, 0 failed, 0 skipped"
FAKE
	chmod +x "$repo/scripts/$f.sh"
done
# test-in-guest.sh VARIANT: the guest log is $FAKE/VARIANT.log, if there is
# one; exit $FAKE/test-in-guest.rc.
cat >"$repo/scripts/test-in-guest.sh" <<'FAKE'
#!/bin/bash
set -eu
[ ! -e "$FAKE/$1.log" ] || cp "$FAKE/$1.log" "$GUEST_LOG"
exit "$(cat "$FAKE/test-in-guest.rc" 2>/dev/null || echo 1)"
FAKE
data=$TOP/scripts/testdata

# stand_in NAME RC [LINE...]: stage script NAME prints LINEs, exits RC.
stand_in() {
	local f=$FAKE/$1
	mkdir -p "$FAKE"
	echo "$2" >"$f.rc"
	shift 2
	printf '%s\n' "$@" >"$f.out"
}
# check NAME STAGES WANT_RC LAST_RE [WANT_RE...]: run-tests.sh with STAGES
# exits WANT_RC and prints a KTAP document with one subtest per stage,
# whose last line matches LAST_RE and is the parser's count of it, and a
# line matching each WANT_RE.
check() {
	local name=$1 stages=$2 want_rc=$3 want=$4 rc=0 parsed re why="" n
	shift 4
	n=$(wc -w <<<"$stages")
	STAGES=$stages GRU_CACHE=$tmp/cache timeout 120 "$repo/scripts/run-tests.sh" >"$tmp/out" 2>"$tmp/err" || rc=$?
	parsed=$(python3 "$TOP/scripts/parse-results.py" --tap-only --summary-only "$tmp/out" 2>&1 || true)
	[ "$rc" = "$want_rc" ] || why="$why exit $rc, want $want_rc;"
	[ "$(head -n 2 "$tmp/out")" = "$(printf 'TAP version 13\n1..%s' "$n")" ] ||
		why="$why no KTAP header and plan;"
	[ "$(grep -c '^    # Subtest: ' "$tmp/out")" = "$n" ] || why="$why not one subtest per stage;"
	tail -n 1 "$tmp/out" | grep -Eq -- "$want" || why="$why last line not /$want/;"
	[ "$parsed" = "$(tail -n 1 "$tmp/out")" ] || why="$why the parser counts '$parsed';"
	for re in "$@"; do
		grep -Eq -- "$re" "$tmp/out" || why="$why no line /$re/;"
	done
	if [ -z "$why" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "${why# }" "$(cat "$tmp/out" "$tmp/err" | head -n 40 | sed 's/^/| /')"
	fi
	rm -rf "$FAKE" "$tmp/cache"
}

check "STAGES=parser: the real parser stage, nested, its count last" parser 0 \
	'^[1-9][0-9]* passed, 0 failed, 0 skipped$' '^ok 1 parser$' '^    ok 1 pass\.log: exit 0'

stand_in test-parse-results 1 "TAP version 13" "1..2" "ok 1 a" "not ok 2 b" "# b broke" \
	"1 passed, 1 failed, 0 skipped"
stand_in test-harness 0 "TAP version 13" "1..1" "ok 1 c" "1 passed, 0 failed, 0 skipped"
check "a stage with a failed case is not ok and the run fails" "parser harness" 1 \
	'^2 passed, 1 failed, 0 skipped$' '^not ok 1 parser$' '^    not ok 2 b$' '^ok 2 harness$'

stand_in test-parse-results 3 "TAP version 13" "1..1" "ok 1 a" "1 passed, 0 failed, 0 skipped"
check "a stage that exits non-zero without a failed case is not ok, counted once" parser 1 \
	'^1 passed, 1 failed, 0 skipped$' '^not ok 1 parser$' '^# exit 3$'

stand_in test-parse-results 1 "TAP version 13" "ok 1 a"
check "a stage that stops early is not ok" parser 1 \
	'^1 passed, 2 failed, 0 skipped$' '^not ok 1 parser$' "^# no 'N passed, N failed, N skipped' line"

mkdir -p "$FAKE"
cp "$data/kunit.log" "$FAKE/series.log"
echo 1 >"$FAKE/test-in-guest.rc"
check "the guest stage nests the verdict on its log as KTAP" guest 1 \
	'^5 passed, 1 failed, 1 skipped$' '^    not ok 6 follow_page / follow_page_bad_vma$' \
	'^    ok 5 follow_page / follow_page_sizes / 1G # SKIP$' '^not ok 1 guest$'

mkdir -p "$FAKE"
cp "$data/pass.log" "$FAKE/kasan.log"
echo 1 >"$FAKE/test-in-guest.rc"
check "a guest stage that fails outside its log (benchmark CSV) is not ok" kasan 1 \
	'^8 passed, 1 failed, 0 skipped$' '^not ok 1 kasan$' '^# exit 1$'

mkdir -p "$FAKE"
echo 1 >"$FAKE/test-in-guest.rc"
check "a guest stage that stops before booting is one failed case" guest 1 \
	'^0 passed, 1 failed, 0 skipped$' '^    not ok 1 the series kernel boots$'
ktap_end
