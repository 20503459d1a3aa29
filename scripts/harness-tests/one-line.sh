# One error, one line: a series entry that does not exist is found before
# anything is applied; patch K that does not apply is named ("patch K, FILE,
# fails on top of ...") without git am's hints, and the worktree is left at
# the base; export-series.sh on a tree that does not exist and
# test-nonregression.sh without a base say so once.
set -eu
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/series-fixture.bash"
ktap_plan 6
fixture_applied
base=$(git -C "$t" rev-parse gru-base)
mapfile -t P < <(grep -v '^#' "$R/series")

# one_line NAME REGEX CMD...: CMD must fail with one line on stderr that
# matches REGEX; prints nothing, returns 1 with the reason in $why if not.
one_line() {
	local re=$1 rc=0
	shift
	"$@" >/dev/null 2>"$tmp/err" || rc=$?
	why=
	if [ $rc = 0 ]; then
		why="exit 0, want failure"
	elif [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -Eq "$re" "$tmp/err"; then
		why="want one line matching /$re/, got $(wc -l <"$tmp/err"):"
	fi
	[ -z "$why" ]
}

name="a missing series entry: one line naming it, nothing applied"
mv "$R/${P[1]}" "$tmp/saved.patch"
if ! one_line "entry 2, ${P[1]}, does not exist" "$R/scripts/apply-series.sh"; then
	ktap_not_ok "$name" "$why" "$(cat "$tmp/err")"
elif [ "$(git -C "$t" rev-parse HEAD)" != "$applied" ]; then
	ktap_not_ok "$name" "the worktree changed: HEAD $(git -C "$t" log -1 --format='%h %s')"
else
	ktap_ok "$name"
fi
mv "$tmp/saved.patch" "$R/${P[1]}"

# broken K HOW ON: with patch K made unapplicable by the sed script HOW,
# apply-series.sh must say in one line that patch K fails on top of ON and
# leave the worktree at the base, with no git am in progress.
broken() {
	local k=$1 p=${P[$(($1 - 1))]} name="patch $1 does not apply ($4): one line, the worktree at the base"
	cp "$R/$p" "$tmp/saved.patch"
	sed -i "$2" "$R/$p"
	if ! one_line "patch $k, $p, fails on top of $3" "$R/scripts/apply-series.sh"; then
		ktap_not_ok "$name" "$why" "$(cat "$tmp/err")"
	elif [ "$(git -C "$t" rev-parse HEAD)" != "$base" ] || [ -n "$(git -C "$t" status --porcelain --ignored)" ] ||
		[ -e "$(git -C "$t" rev-parse --absolute-git-dir)/rebase-apply" ]; then
		ktap_not_ok "$name" "the worktree is not clean at the base: HEAD $(git -C "$t" log -1 --format='%h %s')"
	else
		ktap_ok "$name"
	fi
	cp "$tmp/saved.patch" "$R/$p"
}
broken 1 's/^ 4$/ four/' "the base" "its context is not in the base"
broken 3 's/^ 14$/ fourteen/' 'patches 1\.\.2' "its context is not in the base"
broken 2 '/^---$/,$d' "patch 1" "not a patch"

name="export-series.sh on a tree that does not exist: one line"
if one_line "$tmp/nowhere is not a directory" "$R/scripts/export-series.sh" "$tmp/nowhere"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "$why" "$(cat "$tmp/err")"
fi

name="test-nonregression.sh without a base: one line"
git init -q "$tmp/nobase"
if one_line "no base tree in $tmp/nobase" env GRU_BASE_REPO="$tmp/nobase" "$R/scripts/test-nonregression.sh"; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "$why" "$(cat "$tmp/err")"
fi
ktap_end
