# export-series.sh replaces `series` and the patch files only once it has
# written the new ones: when it fails (a subject with no directory, a
# directory it cannot write, a rebase in progress) they are left as they
# were, with one line on stderr; a good export still drops the patch files
# of dropped commits; --help and misuse have no side effect.
set -eu
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/series-fixture.bash"
ktap_plan 5
fixture_applied
dev_commit() {
	echo more >>"$t/$1"
	git -C "$t" add -f "$1"
	dev_git -C "$t" commit -q -m "$2" -m "Because."
}

# intact NAME: export-series.sh must fail with one line and leave `series`
# and the patch files as they were.
intact() {
	local name="$1: export-series.sh fails in one line, series and patches intact" before rc=0
	before=$(repo_state "$R")
	"$R/scripts/export-series.sh" >/dev/null 2>"$tmp/err" || rc=$?
	if [ $rc = 0 ]; then
		ktap_not_ok "$name" "exit 0, want failure"
	elif [ "$(wc -l <"$tmp/err")" != 1 ]; then
		ktap_not_ok "$name" "$(wc -l <"$tmp/err") lines on stderr, want 1:" "$(cat "$tmp/err")"
	elif [ "$(repo_state "$R")" != "$before" ]; then
		ktap_not_ok "$name" "series or the patch files changed:" "$(diff <(echo "$before") <(repo_state "$R"))"
	else
		ktap_ok "$name"
	fi
	git -C "$t" checkout -q -f --detach "$applied"
}

dev_commit mm/gup.c "x86: a subject export-series.sh has no directory for"
intact "a subject with no directory"

# A plain file where the selftests directory goes: no write can succeed
# there, even as root.
mv "$R/selftests" "$tmp/selftests.saved"
echo "not a directory" >"$R/selftests"
dev_commit tools/testing/selftests/vm/gup_test.c "selftests/vm: one more line"
intact "a patch directory that cannot be written"
rm "$R/selftests"
mv "$tmp/selftests.saved" "$R/selftests"

# A rebase stopped at patch 1: HEAD is one patch of three.
git -C "$t" checkout -q -f --detach "$applied"
GIT_SEQUENCE_EDITOR="sed -i 1s/^pick/edit/" dev_git -C "$t" rebase -q -i gru-base >/dev/null 2>&1
intact "a rebase stopped at patch 1"
git -C "$t" rebase --abort

name="an export without patch 2 rewrites series and deletes patch 2's file"
git -C "$t" checkout -q --detach gru-base
git -C "$t" cherry-pick "$applied~2" "$applied" >/dev/null
rc=0
"$R/scripts/export-series.sh" >/dev/null 2>"$tmp/err" || rc=$?
got=$(grep -v '^#' "$R/series" | tr '\n' ' ')
if [ $rc = 0 ] && [ "$got" = "mm-changes/0001-mm-gup-change-line-5.patch selftests/0002-selftests-vm-change-line-15.patch " ] &&
	[ "$(cd "$R" && ls mm-changes/* drivers-misc-sgi-gru/* selftests/* 2>/dev/null | tr '\n' ' ')" = "$got" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc; series: $got" "files: $(cd "$R" && ls mm-changes/* drivers-misc-sgi-gru/* selftests/* 2>/dev/null | tr '\n' ' ')" "$(cat "$tmp/err")"
fi

name="--help and misuse: usage, no side effect"
before=$(repo_state "$R")
bad=
rc=0
out=$("$R/scripts/export-series.sh" --help 2>/dev/null) || rc=$?
[ $rc = 0 ] && echo "$out" | grep -q '^Usage: export-series\.sh' || bad="--help: exit $rc, stdout: $(echo "$out" | head -n1)"
for args in -x "$t $t"; do
	rc=0
	# shellcheck disable=SC2086 # "$t $t" is two arguments
	err=$("$R/scripts/export-series.sh" $args 2>&1 >/dev/null) || rc=$?
	[ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] || bad="${bad:+$bad; }'$args': exit $rc, want 2 and one line: $err"
done
[ "$(repo_state "$R")" = "$before" ] || bad="${bad:+$bad; }series or the patch files changed"
if [ -z "$bad" ]; then ktap_ok "$name"; else ktap_not_ok "$name" "$bad"; fi
ktap_end
