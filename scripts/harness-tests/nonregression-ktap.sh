# test-nonregression.sh prints KTAP whose counts are its closing line: on a
# copy of the scripts whose test-in-guest.sh "boots" recorded guest logs.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo"
cp -r "$TOP/scripts" "$TOP/config" "$tmp/repo/"
cat >"$tmp/repo/scripts/test-in-guest.sh" <<'FAKE'
#!/bin/bash
# The guest log of variant $1 is the recorded log FAKE_<variant>.
set -eu
mkdir -p "$(dirname "$GUEST_LOG")"
eval "cp \"\$FAKE_$1\" \"\$GUEST_LOG\""
FAKE
data=$TOP/scripts/testdata

# run NAME BASE_LOG SERIES_LOG WANT_RC WANT_LAST [WANT_RE...]: the output
# is KTAP that the parser counts as its last line says, which is WANT_LAST,
# and it has a line matching each WANT_RE.
run() {
	local name=$1 base=$2 series=$3 want_rc=$4 want=$5 rc=0 out parsed re missing=
	shift 5
	out=$(GRU_CACHE=$tmp/cache FAKE_base=$data/$base FAKE_series=$data/$series \
		"$tmp/repo/scripts/test-nonregression.sh" 2>"$tmp/err") || rc=$?
	parsed=$(echo "$out" | python3 "$TOP/scripts/parse-results.py" --tap-only --summary-only /dev/stdin || true)
	for re in "$@"; do
		echo "$out" | grep -Eq -- "$re" || missing="$missing /$re/"
	done
	if [ "$rc" = "$want_rc" ] && [ "$(echo "$out" | tail -n 1)" = "$want" ] && [ "$parsed" = "$want" ] &&
		[ "$(echo "$out" | head -n 1)" = "TAP version 13" ] && [ -z "$missing" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "want exit $want_rc, '$want' (parsed: '$parsed')${missing:+, lines matching$missing}; got exit $rc:" \
			"$(cat - "$tmp/err" <<<"$out" | sed 's/^/| /')"
	fi
}
run "a test that fails only with the series is a regression" pass.log notok.log 1 \
	"7 passed, 1 failed, 0 skipped" "^not ok 2 vm:follow_page_tests / follow_page.thp$" \
	"^# regression: base PASS, series FAIL$"
run "a test that fails on the base too is skipped, saying so" notok.log notok.log 0 \
	"7 passed, 0 failed, 1 skipped" \
	"^ok 2 vm:follow_page_tests / follow_page.thp # SKIP fails on the base too \(base FAIL, series FAIL\)$"
run "a splat only with the series is a regression" pass.log warn.log 1 \
	"8 passed, 1 failed, 0 skipped" "^not ok 9 kernel: WARNING: " "^# regression: only with the series$"
ktap_end
