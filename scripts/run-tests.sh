#!/bin/bash
# Usage: run-tests.sh [-h|--help]
# Run every test stage and print one KTAP document, each stage a subtest:
# "# Subtest: NAME", the stage's own KTAP (its stdout) indented by four
# spaces, then "ok N NAME", or "not ok N NAME" with the reason on "# "
# lines when the stage exited non-zero or its last line is not the count
# of its KTAP. Then a "# " line per stage (counts, exit status, seconds)
# and "N passed, N failed, N skipped" alone on the last line:
# parse-results.py's count of the whole document, in which a stage that
# is "not ok" without a failed case counts as one failure. Exit 1 if a
# stage failed, 2 on misuse.
#
# STAGES="a b" runs only those stages, in that order. The stages:
#   parser harness base checker patches guest kasan nonregression
# are 6.1's (and the scripts'); base-6.12 patches-6.12 guest-6.12
# kasan-6.12 nonregression-6.12 are the same on the 6.12 series (BASE=6.12).
# The default is every stage but checker, kasan, nonregression,
# kasan-6.12 and nonregression-6.12, which run only on request: with them
# a cold run of both bases took 96 minutes before its last stage began,
# past the 75 this project allows and CI's 90 (see the README). checker
# tests check-series.sh itself, not the patches: run it after changing
# check-series.sh or check-mail.sh. patches and patches-6.12 build each
# prefix with BISECT=dirs unless BISECT is set (BISECT=full: the whole
# kernel at every prefix).
# The run holds the cache lock (cache_lock) from before install-deps.sh
# to the end. $GRU_CACHE/logs/stage-NAME.log keeps a stage's whole output
# (its stderr, progress and build output, is also shown), stage-NAME.ktap
# its KTAP, run-tests.ktap the whole document.
set -eu
# Before lib.sh, which sets the default base.
base_env=${BASE-}
. "$(dirname "$0")/lib.sh"

default_stages="parser harness base patches guest base-6.12 patches-6.12 guest-6.12"
all_stages="parser harness base checker patches guest kasan nonregression base-6.12 patches-6.12 guest-6.12 kasan-6.12 nonregression-6.12"
handle_help "$@"
[ $# -eq 0 ] || usage_error "run-tests.sh takes no arguments; choose stages with STAGES=\"...\""
read -ra stages <<<"${STAGES:-}"
[ ${#stages[@]} -gt 0 ] || read -ra stages <<<"$default_stages"
for s in "${stages[@]}"; do
	case " $all_stages " in
	*" $s "*) ;;
	*) usage_error "STAGES: no stage '$s'; the stages are: $all_stages" ;;
	esac
done

[ -z "$base_env" ] || usage_error "BASE=$base_env: run-tests.sh runs both bases; choose stages with STAGES=\"... patches-6.12 ...\" instead"
cache_lock
# setup CMD: run a setup step; if it fails, the run is a KTAP document of
# that one failure (its error line is above), so CI still reads a count.
setup() {
	"$@" && return 0
	printf '%s
' "TAP version 13" "1..1" "not ok 1 $(basename "$1")" \
		"# $(basename "$1") failed; its error is above" "0 passed, 1 failed, 0 skipped"
	exit 1
}
setup "$TOP/scripts/install-deps.sh"
# parser and harness read no kernel tree: running only those must not
# fetch and unpack a base. Each base is fetched before the first of its
# stages runs, so that a missing package fails at once.
need61=0 need612=0
for s in "${stages[@]}"; do
	case $s in parser | harness) ;; *-6.12) need612=1 ;; *) need61=1 ;; esac
done
[ $need61 = 0 ] || setup "$TOP/scripts/get-base.sh"
[ $need612 = 0 ] || BASE=6.12 setup "$TOP/scripts/get-base.sh"

parser=$TOP/scripts/parse-results.py
counts_re='^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$'

# guest_stage VARIANT: test-in-guest.sh VARIANT, its report on stderr; on
# stdout the verdict on the guest's log as KTAP (parse-results.py --ktap),
# or one "not ok" if it stopped before the guest wrote a log. A failure
# outside the log (the benchmark's CSV) is in the exit status only.
guest_stage() {
	local glog rc=0
	glog=$(guest_log "$1" "$1")
	GUEST_LOG=$glog "$TOP/scripts/test-in-guest.sh" "$1" >&2 || rc=$?
	if [ ! -s "$glog" ]; then
		printf '%s\n' "TAP version 13" "1..1" "not ok 1 the $1 kernel boots" \
			"# test-in-guest.sh exited $rc before the guest wrote $glog" \
			"0 passed, 1 failed, 0 skipped"
		return 1
	fi
	python3 "$parser" --ktap "$glog" || [ "$rc" != 0 ] || rc=1
	return "$rc"
}

# stage NAME: run stage NAME, its KTAP on stdout.
stage() {
	case $1 in
	patches-6.12) BASE=6.12 BISECT=${BISECT:-dirs} stage patches ;;
	*-6.12) BASE=6.12 stage "${1%-6.12}" ;;
	parser) "$TOP/scripts/test-parse-results.sh" ;;
	harness) "$TOP/scripts/test-harness.sh" ;;
	base) "$TOP/scripts/test-base-pin.sh" ;;
	checker) "$TOP/scripts/test-check-series.sh" ;;
	patches) BISECT=${BISECT:-dirs} "$TOP/scripts/check-series.sh" ;;
	guest) guest_stage series ;;
	kasan) guest_stage kasan ;;
	nonregression) "$TOP/scripts/test-nonregression.sh" ;;
	esac
}

# say LINE...: a line of the document, on stdout and in $doc.
mkdir -p "$CACHE/logs"
doc=$CACHE/logs/run-tests.ktap
: >"$doc"
say() { printf '%s\n' "$@" | tee -a "$doc"; }

say "TAP version 13" "1..${#stages[@]}"
n=0 bad="" summary=()
for s in "${stages[@]}"; do
	n=$((n + 1))
	ktap=$CACHE/logs/stage-$s.ktap out=$CACHE/logs/stage-$s.log
	log "stage $s (output: $out)"
	: >"$out"
	say "    # Subtest: $s"
	start=$SECONDS
	stage "$s" 2> >(tee -a "$out" >&2) | tee "$ktap" | tee -a "$out" | sed -u 's/^/    /' | tee -a "$doc"
	rc=${PIPESTATUS[0]}
	got=$(python3 "$parser" --tap-only --summary-only "$ktap" 2>&1 | tail -n 1)
	last=$(tr -d '\r' <"$ktap" | grep -E "$counts_re" | tail -n 1 || true)
	why=()
	[ "$rc" = 0 ] || why+=("exit $rc")
	if [ -z "$last" ]; then
		why+=("no 'N passed, N failed, N skipped' line (stopped early?)")
	elif [ "$last" != "$got" ] && [ "$last, 0 skipped" != "$got" ]; then
		why+=("its last line '$last' is not the count of its KTAP, '$got'")
	fi
	case $got in
	*" 0 failed, "*) ;;
	*) [ ${#why[@]} != 0 ] || why+=("exit 0, but its KTAP counts $got") ;;
	esac
	if [ ${#why[@]} = 0 ]; then
		say "ok $n $s"
	else
		say "not ok $n $s" "${why[@]/#/# }"
		bad="$bad $s"
	fi
	summary+=("$(printf '# %-14s %-32s exit %-3s %5s s' "$s" "$got" "$rc" $((SECONDS - start)))")
done

say "${summary[@]}"
[ -z "$bad" ] || say "# failed stages:$bad"
# The closing line is the parser's count of the whole document, so that
# the two cannot disagree.
total=$(python3 "$parser" --tap-only --summary-only "$doc" 2>&1 | tail -n 1)
if ! [[ "$total" =~ $counts_re ]]; then
	say "# parse-results.py could not count $doc: $total"
	total="0 passed, 1 failed, 0 skipped"
fi
say "$total"
[ -z "$bad" ] && [[ "$total" == *" 0 failed, "* ]]
