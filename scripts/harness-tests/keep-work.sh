# apply-series.sh never discards a developer's work in the worktree: a
# commit not exported, an uncommitted edit, an untracked file or a git am
# in progress make it stop with one line, changing nothing; what a killed
# run of it left does not; FORCE=1 re-applies; after export-series.sh the
# tree counts as applied; --help and misuse have no side effect; test runs
# (gen-patches.sh, test-in-guest.sh) use their own worktree and leave the
# edited one alone.
set -eu
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/series-fixture.bash"
ktap_plan 11
fixture_applied

# back_to_applied: the worktree as apply-series.sh left it.
back_to_applied() {
	git -C "$t" am --abort >/dev/null 2>&1 || true
	git -C "$t" checkout -q -f --detach "$applied"
	git -C "$t" clean -q -fdx
}
dev_commit() {
	echo more >>"$t/mm/gup.c"
	git -C "$t" add -f mm/gup.c
	dev_git -C "$t" commit -q -m "mm/gup: one more line" -m "Because."
}
dev_edit() { echo edited >>"$t/drivers/misc/sgi-gru/grufault.c"; }
dev_untracked() { echo "my notes" >"$t/notes.txt"; }
# A half-done git am: the first patch again, which no longer applies.
dev_am() { dev_git -C "$t" am -q "$R"/mm-changes/0001-*.patch >/dev/null 2>&1 || true; }

# refused NAME REGEX SETUP...: after the SETUP functions in the worktree,
# a re-apply (apply-series.sh 2: the tree has 3, so it must re-apply) must
# exit 1 with one line matching REGEX and leave the worktree as it was.
refused() {
	local name="$1: apply-series.sh refuses in one line, the work survives" re=$2 rc=0 before err
	shift 2
	"$@"
	before=$(tree_state "$t")
	err=$("$R/scripts/apply-series.sh" 2 2>&1 >/dev/null) || rc=$?
	if [ $rc != 1 ]; then
		ktap_not_ok "$name" "exit $rc, want 1; stderr:" "$err"
	elif [ "$(echo "$err" | wc -l)" != 1 ] || ! echo "$err" | grep -Eq "$re"; then
		ktap_not_ok "$name" "want one line matching /$re/, got:" "$err"
	elif [ "$(tree_state "$t")" != "$before" ]; then
		ktap_not_ok "$name" "the worktree changed (HEAD $(git -C "$t" log -1 --format='%h %s'))"
	else
		ktap_ok "$name"
	fi
	back_to_applied
}
refused "a commit not exported" "1 commit not exported .*export-series\.sh.*FORCE=1" dev_commit
refused "an uncommitted edit" "grufault\.c.*FORCE=1" dev_edit
refused "an untracked (ignored) file" "notes\.txt.*FORCE=1" dev_untracked
refused "a git am in progress" "in progress.*FORCE=1" dev_am

name="FORCE=1 discards the work and re-applies the series"
dev_commit
dev_edit
dev_untracked
rc=0
FORCE=1 "$R/scripts/apply-series.sh" >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc = 0 ] && [ "$(git -C "$t" rev-parse HEAD)" = "$applied" ] &&
	[ -z "$(git -C "$t" status --porcelain --ignored)" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc, HEAD $(git -C "$t" log -1 --format='%h %s'), status:" \
		"$(git -C "$t" status --porcelain --ignored)" "stderr:" "$(cat "$tmp/err")"
fi
back_to_applied

name="--help and misuse: usage, no side effect"
dev_edit
before=$(tree_state "$t")
bad=
rc=0
out=$("$R/scripts/apply-series.sh" --help 2>/dev/null) || rc=$?
[ $rc = 0 ] && echo "$out" | grep -q '^Usage: apply-series\.sh' || bad="--help: exit $rc, stdout: $(echo "$out" | head -n1)"
for args in -x 4 x "1 2"; do
	rc=0
	# shellcheck disable=SC2086 # "1 2" is two arguments
	err=$("$R/scripts/apply-series.sh" $args 2>&1 >/dev/null) || rc=$?
	[ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] || bad="${bad:+$bad; }'$args': exit $rc, want 2 and one line: $err"
done
[ "$(tree_state "$t")" = "$before" ] || bad="${bad:+$bad; }the worktree changed"
if [ -z "$bad" ]; then ktap_ok "$name"; else ktap_not_ok "$name" "$bad"; fi
back_to_applied

# isolated NAME CMD...: CMD (a test run) must leave the worktree with a
# commit, an edit and an untracked file as it was.
isolated() {
	local name="$1 leaves the edited worktree alone" before
	shift
	dev_commit
	dev_edit
	dev_untracked
	before=$(tree_state "$t")
	"$@" >"$tmp/out" 2>&1 || true
	if [ "$(tree_state "$t")" = "$before" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "the worktree changed (HEAD $(git -C "$t" log -1 --format='%h %s')); output:" \
			"$(tail -n 5 "$tmp/out")"
	fi
	back_to_applied
}
echo "vm:gup_test" >"$tmp/list.tests"
isolated "gen-patches.sh" "$R/scripts/gen-patches.sh" -o "$tmp/patches"
isolated "test-in-guest.sh (stops at the build)" "$R/scripts/test-in-guest.sh" series "$tmp/list.tests"

name="what a killed apply-series.sh left (its commits, its git am) is re-applied without FORCE"
p1=$(cd "$R" && ls mm-changes/0001-*.patch)
echo "applying $p1" >"$GRU_CACHE/applied-${t#"$GRU_CACHE"/tree-}"
git -C "$t" checkout -q --detach gru-base
git -C "$t" am -q "$R/$p1"
git -C "$t" am -q "$R/$p1" >/dev/null 2>&1 || true
rc=0
"$R/scripts/apply-series.sh" >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc = 0 ] && [ "$(git -C "$t" rev-parse HEAD)" = "$applied" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc, HEAD $(git -C "$t" log -1 --format='%h %s'); stderr:" "$(cat "$tmp/err")"
fi
back_to_applied

# The stale stamp names patch 2; the git am in progress is of patch 1 (a
# developer's: it stops because patch 1 is applied already).
name="a developer's git am under a stale stamp is refused, not aborted"
p2=$(cd "$R" && grep -v '^#' series | sed -n 2p)
echo "applying $p2" >"$GRU_CACHE/applied-${t#"$GRU_CACHE"/tree-}"
dev_git -C "$t" am -q "$R/$p1" >/dev/null 2>&1 || true
rc=0
"$R/scripts/apply-series.sh" >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc = 1 ] && [ -d "$(git -C "$t" rev-parse --absolute-git-dir)/rebase-apply" ] &&
	grep -q "git am/rebase/merge in progress" "$tmp/err"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc (want 1, git am kept); stderr:" "$(cat "$tmp/err")"
fi
git -C "$t" am --abort >/dev/null 2>&1 || true
back_to_applied

name="after export-series.sh, apply-series.sh takes the tree as applied"
dev_commit
head=$(git -C "$t" rev-parse HEAD)
rc=0
{ "$R/scripts/export-series.sh" && "$R/scripts/apply-series.sh"; } >/dev/null 2>"$tmp/err" || rc=$?
if [ $rc = 0 ] && [ "$(git -C "$t" rev-parse HEAD)" = "$head" ] && [ "$(grep -vc '^#' "$R/series")" = 4 ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc; HEAD $(git -C "$t" log -1 --format='%h %s'), want the exported $(git -C "$t" log -1 --format=%h "$head")" \
		"series: $(grep -vc '^#' "$R/series") patches, want 4" "stderr:" "$(cat "$tmp/err")"
fi
ktap_end
