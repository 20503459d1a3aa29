# shellcheck shell=bash
# Sourced by the harness tests of apply-series.sh and export-series.sh (not
# a test itself: test-harness.sh runs *.sh): a throwaway world in which the
# scripts of this checkout run in milliseconds, without the kernel tree.
#
# fixture DIR makes
#   DIR/base  a tiny git repo tagged gru-base (GRU_BASE_REPO); its
#             .gitignore is "/*" like the Debian tarball's, so untracked
#             files show only as ignored ones; a get_maintainer.pl stub
#   DIR/repo  a copy of this checkout's scripts and config with a 3-patch
#             series against that base (mm-changes/0001, drivers-misc-sgi-gru/0002,
#             selftests/0003) and a cover letter
# and exports GRU_BASE_REPO, GRU_CACHE (DIR/cache) and CCACHE_DIR for them.

# dev_git ARGS...: git as a developer runs it, not with the fixed committer
# that lib.sh exports to the scripts.
dev_git() {
	GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org \
	GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org git "$@"
}

fixture() {
	local d=$1 f i=0
	local files=(mm/gup.c drivers/misc/sgi-gru/grufault.c tools/testing/selftests/vm/gup_test.c)
	local subjects=("mm/gup: change line 5" "misc: sgi-gru: change line 10" "selftests/vm: change line 15")
	local dirs=(mm-changes drivers-misc-sgi-gru selftests)
	mkdir -p "$d/base/scripts"
	for f in "${files[@]}"; do
		mkdir -p "$d/base/$(dirname "$f")"
		seq 1 30 >"$d/base/$f"
	done
	echo '/*' >"$d/base/.gitignore"
	printf '#!/bin/sh\nexit 0\n' >"$d/base/scripts/get_maintainer.pl"
	chmod +x "$d/base/scripts/get_maintainer.pl"
	git -C "$d/base" init -q
	git -C "$d/base" add -f -A
	dev_git -C "$d/base" commit -q -m "Linux 6.1 (tiny)"
	git -C "$d/base" tag gru-base

	git clone -q "$d/base" "$d/work"
	mkdir -p "$d/repo/cover"
	cp -r "$TOP/scripts" "$TOP/config" "$d/repo/"
	echo "# Apply order (quilt)." >"$d/repo/series"
	for f in "${files[@]}"; do
		sed -i "$(((i + 1) * 5))s/\$/ changed/" "$d/work/$f"
		git -C "$d/work" add -f "$f"
		dev_git -C "$d/work" commit -q -m "${subjects[$i]}" -m "Because it was not changed."
		mkdir -p "$d/repo/${dirs[$i]}"
		git -C "$d/work" format-patch -q --zero-commit --no-signature --no-numbered \
			--start-number $((i + 1)) -o "$d/repo/${dirs[$i]}" -1 HEAD
		(cd "$d/repo" && ls "${dirs[$i]}"/000$((i + 1))-*.patch) >>"$d/repo/series"
		i=$((i + 1))
	done
	echo 1 >"$d/repo/cover/version"
	printf '%s\n' "a tiny series" "" "The fixture of the harness tests." >"$d/repo/cover/cover-letter.txt"
	export GRU_BASE_REPO=$d/base GRU_CACHE=$d/cache CCACHE_DIR=$d/cache/ccache
}

# tree_state TREE: what a developer could lose in TREE: HEAD, changed and
# untracked files with their contents, a git am/rebase in progress.
tree_state() {
	local gd
	gd=$(git -C "$1" rev-parse --absolute-git-dir)
	git -C "$1" rev-parse HEAD
	git -C "$1" status --porcelain --ignored
	git -C "$1" diff
	git -C "$1" ls-files -o | (cd "$1" && xargs -r cat)
	ls -d "$gd"/rebase-apply "$gd"/rebase-merge 2>/dev/null || true
}

# repo_state REPO: the checksums of `series` and the patch directories.
repo_state() {
	(cd "$1" && find series mm-changes drivers-misc-sgi-gru selftests -type f 2>/dev/null |
		sort | xargs sha256sum)
}

# fixture_applied: fixture in a new temporary directory, removed on exit,
# with the series applied: sets tmp, R (the repo copy), t (its
# tree-series) and applied (t's HEAD).
fixture_applied() {
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	fixture "$tmp"
	R=$tmp/repo
	t=$("$R/scripts/apply-series.sh" 2>/dev/null)
	applied=$(git -C "$t" rev-parse HEAD)
}

# mail_fixture: fixture in a new temporary directory, removed on exit,
# whose config/identity is the fixture's author (the repo's own identity
# there); sets tmp, R (the repo copy) and sender (an env prefix that gives
# gen-patches.sh --send a sample git identity, Sam Sender).
mail_fixture() {
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	fixture "$tmp"
	R=$tmp/repo
	echo "Dev <dev@example.org>" >"$R/config/identity"
	sender=(env GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name "GIT_CONFIG_VALUE_0=Sam Sender"
		GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=sam.sender@gru-series.org)
}
