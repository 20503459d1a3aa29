# run-tests.sh: -h and misuse end before any side effect (exit 0 / exit 2,
# nothing created, install-deps.sh and get-base.sh not run); the run holds
# the cache lock from before install-deps.sh on; get-base.sh runs only for
# stages that need a base. On a copy of the scripts whose install-deps.sh,
# get-base.sh and stage scripts are stand-ins that record their calls (all
# of them: a stage run by mistake must not recurse or build).
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 10
# The calls record BISECT: the caller's must not leak into them.
unset BISECT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo=$tmp/repo
mkdir -p "$repo"
cp -r "$TOP/scripts" "$TOP/config" "$repo/"
# A stand-in: note "NAME locked|unlocked" (is $GRU_CACHE/lock held?) in
# $CALLS, NAME:ARG when it has an argument (test-in-guest.sh's variant),
# NAME[MODE] when BISECT=MODE is set, NAME@6.12 when it runs with
# BASE=6.12, then print a one-case KTAP document.
for f in install-deps get-base test-parse-results test-harness test-base-pin \
	test-check-series check-series test-in-guest test-nonregression; do
	cat >"$repo/scripts/$f.sh" <<'FAKE'
#!/bin/bash
set -eu
l=unlocked
[ ! -e "$GRU_CACHE/lock" ] || flock -n "$GRU_CACHE/lock" true || l=locked
echo "$(basename "$0" .sh)${1:+:$1}${BISECT:+[$BISECT]}${BASE:+@$BASE} $l" >>"$CALLS"
case $0 in *-deps.sh | *get-base.sh) exit 0 ;; esac
printf '%s\n' "TAP version 13" "1..1" "ok 1 stand-in" "1 passed, 0 failed, 0 skipped"
FAKE
done
export CALLS=$tmp/calls
calls() { tr '\n' ' ' <"$CALLS" 2>/dev/null | sed 's/ $//'; }

# one_line TEXT RE: TEXT is one line matching RE, or empty if RE is.
one_line() {
	if [ -z "$2" ]; then
		[ -z "$1" ]
	else
		[ "$(echo "$1" | wc -l)" = 1 ] && echo "$1" | grep -Eq -- "$2"
	fi
}
# misuse NAME WANT_RC WANT_STDERR_RE CMD...: with a cache that must not be
# made, CMD (run-tests.sh ...) exits WANT_RC, its stderr one_line
# WANT_STDERR_RE, having run nothing.
misuse() {
	local name=$1 want_rc=$2 want_err=$3 rc=0 out err
	shift 3
	rm -f "$CALLS"
	out=$(GRU_CACHE=$tmp/none timeout 60 "$@" 2>"$tmp/err") || rc=$?
	err=$(cat "$tmp/err")
	if [ "$rc" = "$want_rc" ] && [ ! -e "$tmp/none" ] && [ ! -e "$CALLS" ] && one_line "$err" "$want_err"; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "want exit $want_rc, stderr /${want_err:-(empty)}/, no $tmp/none, nothing run;" \
			"got exit $rc, $([ -e "$tmp/none" ] && echo "$tmp/none made" || echo "no $tmp/none"), run: $(calls)" \
			"$( (echo "$out"; echo "$err") | head -n 8 | sed 's/^/| /')"
	fi
}
misuse "-h prints the usage on stdout and does nothing else" 0 "" bash -c \
	'"$1" -h | grep -q "^Usage: run-tests.sh"' sh "$repo/scripts/run-tests.sh"
misuse "an argument is a usage error" 2 "^usage: " "$repo/scripts/run-tests.sh" --stage=parser
misuse "an unknown stage in STAGES is a usage error naming the stages" 2 \
	"'bogus'.*parser harness base checker patches guest kasan nonregression" \
	env STAGES="parser bogus" "$repo/scripts/run-tests.sh"
misuse "BASE is a usage error: the run has stages per base" 2 \
	"^usage: BASE=6.12: run-tests.sh runs both bases" env BASE=6.12 "$repo/scripts/run-tests.sh"

# expect NAME WANT_CALLS STAGES: a run of STAGES makes these calls.
expect() {
	local rc=0
	rm -f "$CALLS"
	STAGES=$3 GRU_CACHE=$tmp/cache timeout 60 "$repo/scripts/run-tests.sh" >"$tmp/out" 2>&1 || rc=$?
	if [ "$rc" = 0 ] && [ "$(calls)" = "$2" ]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1" "want exit 0 and the calls: $2" "got exit $rc and: $(calls)" \
			"$(sed 's/^/| /' "$tmp/out" | tail -n 8)"
	fi
}
expect "install-deps.sh runs with the cache locked; parser needs no base" \
	"install-deps locked test-parse-results locked" parser
expect "get-base.sh runs, locked, before a stage that needs the base" \
	"install-deps locked get-base locked test-parse-results locked test-check-series locked" "parser checker"
expect "a -6.12 stage runs with BASE=6.12, after get-base.sh of 6.12 only" \
	"install-deps locked get-base@6.12 locked check-series[dirs]@6.12 locked test-base-pin@6.12 locked" "patches-6.12 base-6.12"

# The default: what CI runs. The stand-in test-in-guest.sh writes no guest
# log, so the guest stages fail here; only the calls count.
name="the default run leaves checker, kasan and nonregression to be asked for, patches build BISECT=dirs"
rm -f "$CALLS"
STAGES="" GRU_CACHE=$tmp/cache timeout 60 "$repo/scripts/run-tests.sh" >"$tmp/out" 2>&1 || true
want="install-deps locked get-base locked get-base@6.12 locked"
want="$want test-parse-results locked test-harness locked test-base-pin locked"
want="$want check-series[dirs] locked test-in-guest:series locked"
want="$want test-base-pin@6.12 locked check-series[dirs]@6.12 locked test-in-guest:series@6.12 locked"
if [ "$(calls)" = "$want" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "want the calls: $want" "got: $(calls)"
fi

# A setup step that fails (a pin that has left the archive) still ends the
# run with a KTAP document and a count: CI reads a failure, not nothing.
name="a failing get-base.sh ends the run with a one-case KTAP document and its count"
rm -f "$CALLS"
cp "$repo/scripts/get-base.sh" "$tmp/get-base.sh.saved"
printf '#!/bin/bash\necho "error: the pin has left the archive" >&2\nexit 1\n' >"$repo/scripts/get-base.sh"
rc=0
STAGES=checker GRU_CACHE=$tmp/cache timeout 60 "$repo/scripts/run-tests.sh" >"$tmp/out" 2>/dev/null || rc=$?
cp "$tmp/get-base.sh.saved" "$repo/scripts/get-base.sh"
parsed=$(python3 "$TOP/scripts/parse-results.py" --tap-only --summary-only "$tmp/out" 2>&1 | tail -n 1)
if [ "$rc" = 1 ] && grep -qx 'not ok 1 get-base.sh' "$tmp/out" &&
	[ "$(tail -n 1 "$tmp/out")" = "0 passed, 1 failed, 0 skipped" ] &&
	[ "$parsed" = "0 passed, 1 failed, 0 skipped" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "want exit 1, 'not ok 1 get-base.sh', a count line; got exit $rc:" "$(sed 's/^/| /' "$tmp/out" | tail -n 6)"
fi

# A run while another holds the lock stops in one line, having run nothing.
name="a second run on a locked cache stops before install-deps.sh"
rm -f "$CALLS"
rc=0
mkdir -p "$tmp/cache"
err=$(flock "$tmp/cache/lock" env STAGES=parser GRU_CACHE="$tmp/cache" \
	timeout 60 "$repo/scripts/run-tests.sh" 2>&1 >/dev/null) || rc=$?
if [ "$rc" = 1 ] && [ ! -e "$CALLS" ] && one_line "$err" "another run holds $tmp/cache"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "want exit 1, one 'another run holds' line, nothing run;" \
		"got exit $rc, run: $(calls)" "$(echo "$err" | head -n 5 | sed 's/^/| /')"
fi
ktap_end
