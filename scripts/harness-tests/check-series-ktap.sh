# check-series.sh: -h and a bad BISECT end before any side effect (exit 0
# / exit 2); its report is numbered KTAP with a trailing plan, each "not
# ok" followed by its "# reason", that the parser counts as its last line
# says. The base is a one-file stand-in repo, so nothing applies and
# nothing is built: seconds, and ok, not ok and SKIP cases all occur.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset KERNEL_DIR SKIP_BISECT BISECT

for c in "-h:0" "BISECT=bogus:2"; do
	arg=${c%:*} want=${c##*:} rc=0
	name="check-series.sh ${arg}: exit $want before any work"
	if [ "$arg" = -h ]; then
		out=$(GRU_CACHE=$tmp/none timeout 60 "$TOP/scripts/check-series.sh" -h 2>"$tmp/err") || rc=$?
	else
		out=$(env "$arg" GRU_CACHE="$tmp/none" timeout 60 "$TOP/scripts/check-series.sh" 2>"$tmp/err") || rc=$?
	fi
	# -h: the usage on stdout; misuse: one line on stderr.
	if [ "$want" = 0 ]; then
		echo "$out" | grep -q '^Usage: check-series.sh' || rc="$rc, no usage on stdout"
	else
		[ "$(wc -l <"$tmp/err")" = 1 ] || rc="$rc, $(wc -l <"$tmp/err") lines on stderr"
	fi
	if [ "$rc" = "$want" ] && [ ! -e "$tmp/none" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "got exit $rc$([ ! -e "$tmp/none" ] || echo ", $tmp/none made"):" \
			"$(echo "$out" | cat - "$tmp/err" | head -n 5 | sed 's/^/| /')"
	fi
done

name="check-series.sh prints numbered KTAP the parser counts as its last line"
git init -q "$tmp/base"
echo base >"$tmp/base/README"
git -C "$tmp/base" add README
GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t.invalid git -C "$tmp/base" commit -q -m base
git -C "$tmp/base" tag gru-base
rc=0
GRU_BASE_REPO=$tmp/base GRU_CACHE=$tmp/cache timeout 120 "$TOP/scripts/check-series.sh" \
	>"$tmp/out" 2>"$tmp/err" || rc=$?
parsed=$(python3 "$TOP/scripts/parse-results.py" --tap-only --summary-only "$tmp/out" 2>&1 || true)
# Result lines numbered 1, 2, ...; the plan after them; a reason after
# each "not ok".
bad=$(awk -v last="$(tail -n 1 "$tmp/out")" '
	NR == 1 && $0 != "TAP version 13" { print "line 1 is not TAP version 13" }
	/^(not )?ok / { n++; if ($0 !~ "^(not )?ok " n " ") print "not number " n ": " $0 }
	notok && !/^# [^ ]/ { print "no \"# reason\" after: " notok }
	{ notok = /^not ok / ? $0 : "" }
	/^1\.\.[0-9]+$/ { plan = $0 }
	END { if (plan != "1.." n) print "plan \"" plan "\", " n " results" }' "$tmp/out")
if [ "$rc" = 1 ] && [ -z "$bad" ] && [ "$parsed" = "$(tail -n 1 "$tmp/out")" ] &&
	grep -q '^ok [0-9]* .* # SKIP ' "$tmp/out" && grep -q '^not ok ' "$tmp/out" &&
	grep -q '^ok [0-9]* [^#]*$' "$tmp/out"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc (want 1), parser: '$parsed', last line: '$(tail -n 1 "$tmp/out")'" \
		"$(echo "${bad:-numbering and plan fine}" | head -n 5)" "$(grep -E '^(not )?ok|passed' "$tmp/out" | head -n 12 | sed 's/^/| /')" \
		"$(tail -n 3 "$tmp/err" | sed 's/^/| /')"
fi
ktap_end
