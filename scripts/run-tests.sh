#!/bin/bash
# Run every test: each stage is a script that ends with the plain line
# "N passed, N failed[, N skipped]"; this adds them up, prints one line per
# stage and the total, and fails if any stage failed or did not finish.
# STAGES="a b" runs only those stages (names as printed).
set -eu
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/install-deps.sh"
"$TOP/scripts/get-base.sh"

all_stages="parser harness base checker patches guest kasan nonregression"
stages=${STAGES:-$all_stages}
mkdir -p "$CACHE/logs"
tp=0 tf=0 ts=0 bad=""
summary=""

stage_cmd() {
	case "$1" in
	parser) echo "$TOP/scripts/test-parse-results.sh" ;;
	harness) echo "$TOP/scripts/test-harness.sh" ;;
	base) echo "$TOP/scripts/test-base-pin.sh" ;;
	checker) echo "$TOP/scripts/test-check-series.sh" ;;
	patches) echo "$TOP/scripts/check-series.sh" ;;
	guest) echo "$TOP/scripts/test-in-guest.sh series" ;;
	kasan) echo "$TOP/scripts/test-in-guest.sh kasan" ;;
	nonregression) echo "$TOP/scripts/test-nonregression.sh" ;;
	*) die "unknown stage '$1' (stages: $all_stages)" ;;
	esac
}

for s in $stages; do
	out=$CACHE/logs/stage-$s.log
	log "stage $s: $(stage_cmd "$s") (output: $out)"
	start=$(date +%s)
	rc=0
	(set -o pipefail; $(stage_cmd "$s") 2>&1 | tee "$out") || rc=$?
	line=$(tr -d '\r' <"$out" | grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' | tail -n 1 || true)
	p=$(echo "$line" | sed -n 's/.*\b\([0-9]\+\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]\+\) failed.*/\1/p')
	k=$(echo "$line" | sed -n 's/.* \([0-9]\+\) skipped.*/\1/p')
	if [ -z "$line" ]; then
		f=1
		line="no result line"
	fi
	tp=$((tp + ${p:-0})) tf=$((tf + ${f:-0})) ts=$((ts + ${k:-0}))
	{ [ "$rc" != 0 ] || [ "${f:-0}" != 0 ]; } && bad="$bad $s"
	summary="$summary$(printf '%-14s %-40s rc=%s %ss' "$s" "$line" "$rc" $(($(date +%s) - start)))\n"
done

printf '\n==> summary\n%b' "$summary"
[ -z "$bad" ] || echo "failed stages:$bad"
# A stage that failed without a failed count still fails the total.
[ -z "$bad" ] || [ "$tf" != 0 ] || tf=1
echo "$tp passed, $tf failed, $ts skipped"
[ -z "$bad" ]
