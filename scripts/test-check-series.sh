#!/bin/bash
# Usage: test-check-series.sh [CASE...]
# Prove that check-series.sh passes a good series and fails broken ones with
# the right "not ok" case and reason. Cases (default: all):
#   clean       the throwaway series: must pass (bisect included)
#   whitespace  trailing whitespace in a patch: checkpatch fails
#   signoff     a patch without Signed-off-by: metadata fails
#   bisect      patch 2 calls what patch 3 adds: prefix 1..2 does not build
#   regen       patches/ edited by hand: the regeneration check fails
#   apply       a patch (and its copy in patches/) whose context is not in
#               the base: git am, b4 am + git am and quilt fail
#   mail        the mail checks (check-mail.sh) on one broken series: a
#               gen-patches.sh that gives one patch an extra Cc:, a
#               placeholder Signed-off-by, no Fixes: where config/mail.checks
#               wants one, a 70-line message, a GRU patch under a
#               selftests/vm: subject; each check fails
#   kerneldoc   a new function's kerneldoc without Return: kernel-doc fails
#   sparse      a new global that should be static: sparse/W=1 fails
#   xarch       %lu for a size_t in mm/gup.c, a warning only where size_t
#               is unsigned int: x86_64 passes, the i386 objects fail
# Works on a temporary copy of the repo (scripts, config) holding a
# throwaway 4-patch series made by this script. Kernel worktrees and build
# dirs go to TEST_CACHE (default $CACHE/check-series-test); the base repo is
# the real one (GRU_BASE_REPO, used read only). TEST_CACHE is kept between
# runs so that builds stay incremental. TEST_BISECT=full: the clean and bisect cases
# build a bzImage per prefix (default: BISECT=dirs, see check-series.sh).
# KTAP, one case per CASE (apply: three, mail: five), then "N passed, N failed, N
# skipped"; exit 1 if any case failed, 2 on an unknown CASE. The output of
# each check-series.sh run is kept in TEST_CACHE/last-run/.
set -eu
. "$(dirname "$0")/lib.sh"

all="clean whitespace signoff bisect regen apply mail kerneldoc sparse xarch"
handle_help "$@"
for c in "$@"; do
	echo " $all " | grep -qF " $c " || usage_error "test-check-series.sh [CASE...]: no case '$c' (cases: $all)"
done
cases=("$@")
[ ${#cases[@]} -gt 0 ] || read -ra cases <<<"$all"

tcache=${TEST_CACHE:-$CACHE/check-series-test}
# The clean and bisect cases build every prefix: only the touched
# directories by default (minutes); TEST_BISECT=full builds bzImages.
bisect=${TEST_BISECT:-dirs}
realbase=$(base_repo)
# The throwaway patches/ is made against realbase, whatever names it.
unset KERNEL_DIR
mkdir -p "$tcache"
export GRU_BASE_REPO=$realbase
export GRU_CACHE=$tcache
CACHE=$tcache
base=$(base_commit)
rm -rf "$tcache/last-run"
mkdir -p "$tcache/last-run"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# --- The throwaway series ----------------------------------------------------
tcommit() { # N SUBJECT BODY: commit what is staged, fixed identity and date
	local n=$1 subj=$2
	shift 2
	GIT_AUTHOR_NAME="Kernel Team" GIT_AUTHOR_EMAIL="kernel-team@gru-series.example.org" \
	GIT_COMMITTER_NAME="Kernel Team" GIT_COMMITTER_EMAIL="kernel-team@gru-series.example.org" \
	GIT_AUTHOR_DATE="2026-11-25T12:0$n:00Z" GIT_COMMITTER_DATE="2026-11-25T12:0$n:00Z" \
		git -C "$T" commit -q -s -m "$subj" -m "$*"
}
# make_throwaway_series TREE: on TREE (at the base) commit four small real
# patches (mm, gru x2, selftests); patch 3 calls what patch 2 adds. No
# widely included header changes, so prefix builds stay cheap.
make_throwaway_series() {
	T=$1
	perl -0pi -e 's/( \* obviously don\x27t pass FOLL_REMOTE in here\.\n)( \*\/\nlong get_user_pages\()/$1 *\n * Return: the number of pages pinned, which may be fewer than\n * \@nr_pages, or -errno if no page was pinned.\n$2/' "$T/mm/gup.c"
	git -C "$T" add -f mm/gup.c
	tcommit 1 "mm/gup: document what get_user_pages() returns" \
"get_user_pages() is the GUP entry point drivers use most, but its
kerneldoc does not say what it returns, so callers have to read
__get_user_pages() to learn that it can pin fewer pages than asked.
Add the Return: section."
	perl -0pi -e 's/(extern struct vm_area_struct \*gru_find_vma\(unsigned long vaddr\);\n)/$1int gru_vma_page_shift(struct vm_area_struct *vma);\n/' "$T/drivers/misc/sgi-gru/grutables.h"
	perl -0pi -e 's/(#include <linux\/mm.h>\n)/$1#include <linux\/hugetlb.h>\n/' "$T/drivers/misc/sgi-gru/grumain.c"
	perl -0pi -e 's/(\nint gru_cpu_fault_map_id\(void\)\n)/\n\/**\n * gru_vma_page_shift() - page size of the mappings of a user vma\n * \@vma: the vma to look at\n *\n * Return: the shift of the huge page size of a hugetlb vma, PAGE_SHIFT\n * for any other vma.\n *\/\nint gru_vma_page_shift(struct vm_area_struct *vma)\n{\n\treturn ilog2(vma_kernel_pagesize(vma));\n}\n$1/' "$T/drivers/misc/sgi-gru/grumain.c"
	git -C "$T" add -f drivers/misc/sgi-gru/grutables.h drivers/misc/sgi-gru/grumain.c
	tcommit 2 "misc: sgi-gru: add gru_vma_page_shift()" \
"The fault path needs the page size of the vma it maps a page from and
computes it from HPAGE_SHIFT when CONFIG_HUGETLB_PAGE is set, which is
only right for the default huge page size. Add a helper that asks the
vma instead, for the fault path to use."
	perl -0pi -e 's/#ifdef CONFIG_HUGETLB_PAGE\n\t\*pageshift = is_vm_hugetlb_page\(vma\) \? HPAGE_SHIFT : PAGE_SHIFT;\n#else\n\t\*pageshift = PAGE_SHIFT;\n#endif\n/\t*pageshift = gru_vma_page_shift(vma);\n/' "$T/drivers/misc/sgi-gru/grufault.c"
	git -C "$T" add -f drivers/misc/sgi-gru/grufault.c
	# Fixes: names the base commit: checkpatch looks the id up in the
	# base repo, which has no other history.
	tcommit 3 "misc: sgi-gru: use gru_vma_page_shift() in the fault path" \
"non_atomic_pte_lookup() takes the page size of a hugetlb vma to be
HPAGE_SHIFT, the default huge page size, which is wrong for a vma of
another huge page size. Use gru_vma_page_shift(), which asks the vma,
and drop the conditional code.

Fixes: ${base:0:12} (\"$(git -C "$T" log -1 --format=%s "$base")\")"
	perl -0pi -e 's/read\(sock, &status, sizeof\(int\)\)/read(sock, &status, sizeof(status))/; s/write\(sock, &status, sizeof\(int\)\)/write(sock, &status, sizeof(status))/' "$T/tools/testing/selftests/vm/map_populate.c"
	git -C "$T" add -f tools/testing/selftests/vm/map_populate.c
	tcommit 4 "selftests/vm: use sizeof(status) in map_populate" \
"parent_f() reads and writes the status word with sizeof(int) while
the variable it passes is status. Use sizeof(status) so that the size
follows the variable if its type ever changes."
	[ "$(git -C "$T" rev-list --count "$base..HEAD")" = 4 ] || die "the throwaway series no longer applies to the base"
}

# export_series REPO TREE: write TREE's commits as REPO's series and patches/.
export_series() {
	"$1/scripts/export-series.sh" "$2" 2>/dev/null
	"$1/scripts/gen-patches.sh" 2>"$work/gen.log" || { cat "$work/gen.log" >&2; die "gen-patches.sh failed"; }
}

# new_case NAME: a copy of the clean repo to break; prints its path.
new_case() {
	rm -rf "${work:?}/$1"
	cp -r "$work/clean" "$work/$1"
	echo "$work/$1"
}

# edit_patch REPO K SNIPPET: amend patch K of REPO's series by running the
# shell SNIPPET in the applied tree at that commit, then re-export.
edit_patch() {
	local repo=$1 k=$2 t c
	t=$("$repo/scripts/apply-series.sh" 2>/dev/null)
	mapfile -t c < <(git -C "$t" rev-list --reverse "$base..HEAD")
	git -C "$t" checkout -q --detach "${c[$((k - 1))]}"
	(cd "$t" && eval "$3")
	for c in "${c[@]:$k}"; do git -C "$t" cherry-pick "$c" >/dev/null; done
	export_series "$repo" "$t"
}

log "making the throwaway series"
mkdir -p "$work/clean"
cp -r "$TOP/scripts" "$TOP/config" "$work/clean/"
# The throwaway series adds no Kconfig symbol: the real series' symbols
# would not exist (and this text keeps the build dir key stable).
echo "# Symbols the series adds; only for kernels with the series applied." \
	>"$work/clean/config/series.config"
# The mail checks all on (the v2 checks too), with a tag rule that the
# throwaway's patch 3 meets and the mail case breaks.
sed -i -e 's/^v2-checks .*/v2-checks on/' -e '/^tag /d' "$work/clean/config/mail.checks"
echo 'tag Fixes ^misc: sgi-gru: use gru_vma_page_shift' >>"$work/clean/config/mail.checks"
# The real series' allow-list names the real patches, not these.
grep '^#' "$TOP/scripts/checkpatch-allow.txt" >"$work/clean/scripts/checkpatch-allow.txt"
mkdir -p "$work/clean/cover"
echo 1 >"$work/clean/cover/version"
printf '%s\n' "mm/gup, misc: sgi-gru: a throwaway series" "" \
	"A throwaway series that test-check-series.sh feeds to check-series.sh." \
	"It documents get_user_pages() and makes the GRU driver take the page" \
	"size of a vma from the vma." "" "Changes in v1:" "- First posting." \
	>"$work/clean/cover/cover-letter.txt"
T=$(worktree series)
git -C "$T" am --abort >/dev/null 2>&1 || true
git -C "$T" checkout -q -f --detach "$base"
make_throwaway_series "$T"
export_series "$work/clean" "$T"

# --- The cases ----------------------------------------------------------------
# result OUT RESULT_RE REASON_RE: the first "not ok"/"ok" line of OUT that
# matches RESULT_RE and whose next line (its "# reason") matches REASON_RE
# (if not empty), and that reason, on one line.
result() {
	A=$2 B=$3 awk 'hit && $0 ~ ENVIRON["B"] { print prev " (" substr($0, 3) ")"; exit }
		{ hit = $0 ~ ENVIRON["A"]; prev = $0 }
		hit && ENVIRON["B"] == "" { print; exit }' "$1"
}
# expect NAME REPO WANT_RC RESULT_RE REASON_RE [ENV...]: run check-series.sh
# in REPO; it must exit WANT_RC (0 or non-zero) and print a result line
# matching RESULT_RE with a reason matching REASON_RE.
expect() {
	local name=$1 repo=$2 want=$3 re=$4 why=$5 rc=0 start=$SECONDS out got
	shift 5
	out=$tcache/last-run/$name.out
	env "$@" "$repo/scripts/check-series.sh" >"$out" 2>"$out.stderr" || rc=$?
	if { [ "$want" = 0 ] && [ $rc = 0 ]; } || { [ "$want" != 0 ] && [ $rc != 0 ]; }; then
		got=$(result "$out" "$re" "$why")
		if [ -n "$got" ]; then
			# No "#" in the name: it would start a directive.
			ktap_ok "$name: exit $rc, $(echo "$got" | tr -d '#' | cut -c1-110) ($((SECONDS - start)) s)"
			return
		fi
		why="exit $rc but no line matches /$re/${why:+ followed by /$why/}"
	else
		why="check-series.sh exited $rc"
	fi
	# "| " keeps quoted results from reading as nested ones.
	ktap_not_ok "$name" "$why" "$({ grep -E -A1 '^not ok|failed, [0-9]+ skipped$' "$out"; tail -n 5 "$out.stderr"; } | sed 's/^/| /')"
}

# also CASE WHAT RESULT_RE REASON_RE: one more case on the output of CASE's
# check-series.sh run: a line matching RESULT_RE, its reason REASON_RE.
also() {
	if [ -n "$(result "$tcache/last-run/$1.out" "$3" "$4")" ]; then
		ktap_ok "$1: $2"
	else
		ktap_not_ok "$1: $2" "no line matches /$3/ followed by /$4/" \
			"$(grep -E -A1 "${3%% *}" "$tcache/last-run/$1.out" | grep -A1 -E "$3" | head -n 4 | sed 's/^/| /')"
	fi
}

ktap_plan
for c in "${cases[@]}"; do
	case $c in
	clean)
		expect clean "$work/clean" 0 '^[0-9]+ passed, 0 failed, [0-9]+ skipped$' '' BISECT="$bisect"
		;;
	whitespace)
		r=$(new_case whitespace)
		edit_patch "$r" 3 'sed -i "s/^\t\*pageshift = gru_vma_page_shift(vma);$/& /" drivers/misc/sgi-gru/grufault.c &&
			git add -f drivers/misc/sgi-gru/grufault.c && git commit -q --amend --no-edit'
		expect whitespace "$r" 1 '^not ok [0-9]+ checkpatch --strict: drivers-misc-sgi-gru/0003-' '^# total: ' SKIP_BISECT=1 SKIP_XARCH=1
		;;
	signoff)
		r=$(new_case signoff)
		edit_patch "$r" 1 'git commit -q --amend -m "$(git log -1 --format=%B | grep -v "^Signed-off-by:")"'
		expect signoff "$r" 1 '^not ok [0-9]+ metadata: mm-changes/0001-' '^# .*no Signed-off-by' SKIP_BISECT=1 SKIP_XARCH=1
		;;
	bisect)
		r=$(new_case bisect)
		t=$("$r/scripts/apply-series.sh" 2>/dev/null)
		mapfile -t cs < <(git -C "$t" rev-list --reverse "$base..HEAD")
		git -C "$t" checkout -q --detach "$base"
		git -C "$t" cherry-pick "${cs[0]}" "${cs[2]}" "${cs[1]}" "${cs[3]}" >/dev/null
		export_series "$r" "$t"
		expect bisect "$r" 1 '^not ok [0-9]+ bisect( \([^)]*\))?: builds with patches 1\.\.2 ' '^# build failed' BISECT="$bisect" SKIP_XARCH=1
		;;
	regen)
		r=$(new_case regen)
		sed -i 's/^Add the Return: section\.$/Add a Return: section./' "$r"/patches/0001-*.patch
		expect regen "$r" 1 '^not ok [0-9]+ patches/ is byte for byte what scripts/gen-patches.sh generates$' '^# patches/ differs' SKIP_BISECT=1 SKIP_XARCH=1
		;;
	apply)
		r=$(new_case apply)
		p=$(ls "$r"/drivers-misc-sgi-gru/0003-*.patch)
		grep -q '^ 	struct page \*page;$' "$p" || die "apply case: context line not found in $p"
		# The mail copy too, as a hand edit would: b4 and git am read patches/.
		sed -i 's/^ 	struct page \*page;$/ 	struct page *pg;/' "$p" "$r"/patches/0003-*.patch
		expect apply "$r" 1 '^not ok [0-9]+ git am: the series \(4 patches\) applies onto the base$' '^# patch 3, .* fails on top of patches 1\.\.2: ' SKIP_BISECT=1 SKIP_XARCH=1
		also apply "quilt push -a fails too" '^not ok [0-9]+ quilt push -a' '^# .*does not apply'
		also apply "b4 am + git am fails too" '^not ok [0-9]+ b4 am: ' '^# git am .*(patch failed|does not apply|Patch failed at)'
		;;
	mail)
		r=$(new_case mail)
		sed -i 's/CC=$(cat "$tmp\/cc.u")/CC=$(cat "$tmp\/cc.u"; [[ ${p##*\/} != 0002-* ]] || echo extra@vger.kernel.org)/' "$r/scripts/gen-patches.sh"
		grep -q 'echo extra@vger' "$r/scripts/gen-patches.sh" || die "mail case: the recipients line of gen-patches.sh not found"
		edit_patch "$r" 1 'long=$(seq -f "Line %g of a message that says too much." 1 70) &&
			git commit -q --amend -m "$(git log -1 --format=%B | awk -v l="$long" "{ print } /^Add the Return: section\.\$/ { print \"\"; print l }")"'
		edit_patch "$r" 2 'git commit -q --amend -m "$(git log -1 --format=%B | sed -e "1s/^misc: sgi-gru: /selftests\/vm: /" -e "\$a Signed-off-by: Your Name <you@example.com>")"'
		edit_patch "$r" 3 'git commit -q --amend -m "$(git log -1 --format=%B | grep -v "^Fixes:")"'
		expect mail "$r" 1 '^not ok [0-9]+ mail: recipients: ' '^# 0002-.*Cc: differs .*extra extra@vger\.kernel\.org' SKIP_BISECT=1 SKIP_XARCH=1
		also mail "identity fails on the placeholder Signed-off-by" '^not ok [0-9]+ mail: identity: ' '^# 0002-.*Your Name <you@example\.com>: .*reserved or local domain'
		also mail "tags fails on the missing Fixes:" '^not ok [0-9]+ mail: tags: ' '^# 0003-.*no Fixes: '
		also mail "length fails on the 70-line message" '^not ok [0-9]+ mail: length: ' '^# 0001-.*7[0-9] lines of commit message body'
		also mail "subjects fails on the GRU patch under selftests/vm:" '^not ok [0-9]+ mail: subjects: ' "^# 0002-.*subject 'selftests/vm: add gru_vma_page_shift\(\)' does not name drivers/misc/sgi-gru/"
		;;
	kerneldoc)
		r=$(new_case kerneldoc)
		edit_patch "$r" 2 'perl -0pi -e "s/ \\*\\n \\* Return: the shift of the huge page size of a hugetlb vma, PAGE_SHIFT\\n \\* for any other vma\\.\\n//" drivers/misc/sgi-gru/grumain.c &&
			git add -f drivers/misc/sgi-gru/grumain.c && git commit -q --amend --no-edit'
		expect kerneldoc "$r" 1 '^not ok [0-9]+ kernel-doc -none (-v|-Wall): drivers/misc/sgi-gru/grumain.c$' '^# 1 new warning' SKIP_BISECT=1 SKIP_XARCH=1
		;;
	sparse)
		r=$(new_case sparse)
		edit_patch "$r" 3 'perl -0pi -e "s/(\\n\\/\\*\\n \\* Convert a user virtual address to a physical address in process context\\.)/\\nint gru_nr_lookups;\\n\$1/" drivers/misc/sgi-gru/grufault.c &&
			git add -f drivers/misc/sgi-gru/grufault.c && git commit -q --amend --no-edit'
		expect sparse "$r" 1 '^not ok [0-9]+ sparse/W=1: drivers/misc/sgi-gru/grufault.o$' '^# [0-9]+ new warning' SKIP_BISECT=1 SKIP_XARCH=1
		;;
	xarch)
		r=$(new_case xarch)
		edit_patch "$r" 1 'perl -0pi -e "s/(\nlong get_user_pages\(unsigned long start, .*?\n\{\n)/\$1\tpr_debug(\"%s: %lu struct pages of %lu bytes\\\\n\", __func__, nr_pages, sizeof(struct page));\n/s" mm/gup.c &&
			grep -q "sizeof(struct page));" mm/gup.c && git add -f mm/gup.c && git commit -q --amend --no-edit'
		expect xarch "$r" 1 '^not ok [0-9]+ objects: i386 prefix 0001: mm/gup\.o' '^# [0-9]+ new W=1 warning' SKIP_BISECT=1
		;;
	esac
done

ktap_end
