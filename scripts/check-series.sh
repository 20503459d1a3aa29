#!/bin/bash
# Usage: check-series.sh
# The reviewers' checks on `series` and patches/, as KTAP, one case each:
#   ok N <what>                 passed
#   not ok N <what>             failed; "# <reason>" follows, then details
#                               on "#   " lines
#   ok N <what> # SKIP <why>    not run (counted as neither)
# then the plan "1..N" (the number of cases is known only at the end) and
# "N passed, N failed, N skipped" alone on the last line. Exit 1 if any
# failed, 2 on misuse.
#
# Checks: patches/ is what gen-patches.sh makes; the mail gen-patches.sh
# --send makes passes scripts/check-mail.sh (recipients, identity, and
# while config/mail.checks says "v2-checks on": tags, length, subjects);
# the series applies with git am (series and patches/), with b4 am + git am
# and with quilt; checkpatch.pl --strict is
# clean (except scripts/checkpatch-allow.txt); each patch's author,
# Signed-off-by, subject and body; kernel-doc and sparse/W=1 add no
# warnings to the files the series touches; every prefix builds; at the
# base, at each prefix that touches mm/ or include/linux/mm.h and at the
# whole series, the touched objects build with W=1 for each configuration
# of config/xarch.arches (i386, i386 PAE, arm64, riscv without MMU) and
# add no warnings.
#
# SKIP_BISECT=1   skip building every prefix (fast local iteration)
# SKIP_XARCH=1    skip the object builds of config/xarch.arches
# BISECT=dirs     at each prefix build only the directories of the .c files
#                 the series touches (make dir/: compile errors there, no
#                 link, nothing outside them); default BISECT=full:
#                 build-kernel.sh (bzImage) at each prefix
# Uses the test worktree (lib.sh apply_for_test; never tree-series, the one
# being edited) and the "series" build dir of build-kernel.sh, plus a base
# worktree and build dir (base.config) for the comparisons, and a build dir
# build-xarch-NAME-BASE for each configuration of config/xarch.arches.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 0 ] || usage_error "check-series.sh takes no arguments"
# Before any work: a bad BISECT would otherwise stop the run at section 9.
mode=${BISECT:-full}
case $mode in
full | dirs) ;;
*) usage_error "BISECT=$mode: want BISECT=full or BISECT=dirs (or unset)" ;;
esac

need_cmd git git
need_cmd perl perl
need_cmd quilt quilt
need_cmd sparse sparse
need_cmd b4 b4

# One run at a time per cache: the test worktree and build dir are shared.
cache_lock

ok() { ktap_ok "$*"; }
not_ok() { ktap_not_ok "$1" "$2"; }
skipped() { ktap_skip "$1" "$2"; }
# details FILE: its first lines as comments under the last result line.
details() { sed -n "1,${2:-25}s/^/#   /p" "$1"; }

tmp=$(mktemp -d)
build= bbuild= xbuild=
cleanup() {
	# A prefix build may have left a partial config: put the full one back
	# so build-kernel.sh users of the same build dir get the series config.
	[ -z "$build" ] || [ ! -f "$tmp/config.full" ] || cp "$tmp/config.full" "$build/.config"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base=$(base_commit)
mapfile -t patches < <(series_patches)
[ ${#patches[@]} -gt 0 ] || die "${SERIES#"$TOP"/} lists no patches"
n=${#patches[@]}
mapfile -t frags < <(default_fragments)

# Every file a patch touches (section 3 checks out only these).
mapfile -t present < <(for p in "${patches[@]}"; do [ ! -f "$TOP/$p" ] || echo "$TOP/$p"; done)
mapfile -t paths < <(patch_files --all "${present[@]}")

# pdir: the mail copy's directory as the reports name it (patches/,
# 6.12/patches/).
pdir=${PATCHES_DIR#"$TOP"/}/
ktap_plan
# --- 1. patches/ is what gen-patches.sh generates ---------------------------
what="$pdir is byte for byte what scripts/gen-patches.sh generates"
if [ -n "${KERNEL_DIR:-}" ]; then
	# Its base-commit: and Message-Ids name the pinned base, not this one.
	skipped "$what" "$pdir is made against the pinned base (${PIN#"$TOP"/}), not KERNEL_DIR"
elif ! "$TOP/scripts/gen-patches.sh" -o "$tmp/regen" >"$tmp/regen.log" 2>&1; then
	not_ok "$what" "gen-patches.sh failed"
	details "$tmp/regen.log"
elif [ ! -d "$PATCHES_DIR" ]; then
	not_ok "$what" "no $pdir; run scripts/gen-patches.sh"
elif ! diff -ru "$PATCHES_DIR" "$tmp/regen" >"$tmp/regen.diff" 2>&1; then
	not_ok "$what" "$pdir differs (edited by hand or stale); run scripts/gen-patches.sh"
	details "$tmp/regen.diff"
else
	ok "$what"
fi
if grep -q '\[TODO' "$COVER_DIR/cover-letter.txt" 2>/dev/null; then
	not_ok "cover letter is written" "${COVER_DIR#"$TOP"/}/cover-letter.txt still has [TODO ...] placeholders"
	grep -n '\[TODO' "$COVER_DIR/cover-letter.txt" | sed 's/^/#   /'
else
	ok "cover letter is written"
fi

# --- 1b. the mail for sending: scripts/check-mail.sh -----------------------
# gen-patches.sh --send with a sample sender (its files are never mailed;
# they go with $tmp), so that the identity check sees what --send leaves
# of the repo's identity; the mail checks' cases join this report.
what="mail: gen-patches.sh --send and check-mail.sh run"
rc=0
GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0="Sam Sender" \
GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=sam.sender@gru-series.org \
	"$TOP/scripts/gen-patches.sh" --send -o "$tmp/send" >"$tmp/send.log" 2>&1 || rc=$?
if [ $rc != 0 ]; then
	not_ok "$what" "gen-patches.sh --send failed"
	details "$tmp/send.log"
else
	"$TOP/scripts/check-mail.sh" --send "$tmp/send" >"$tmp/mail.ktap" 2>"$tmp/mail.err" || rc=$?
	if ! tail -n 1 "$tmp/mail.ktap" | grep -qE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'; then
		not_ok "$what" "check-mail.sh stopped (exit $rc): $(head -n 1 "$tmp/mail.err")"
	else
		# Its cases, renumbered as this report's.
		while IFS= read -r line; do
			if [[ $line =~ ^not\ ok\ [0-9]+\ (.*)$ ]]; then
				ktap_not_ok "mail: ${BASH_REMATCH[1]}"
			elif [[ $line =~ ^ok\ [0-9]+\ (.*)\ \#\ SKIP\ (.*)$ ]]; then
				skipped "mail: ${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
			elif [[ $line =~ ^ok\ [0-9]+\ (.*)$ ]]; then
				ok "mail: ${BASH_REMATCH[1]}"
			elif [[ $line == "#"* ]]; then
				echo "$line"
			fi
		done <"$tmp/mail.ktap"
	fi
fi

# --- 2. git am of the series (apply-series.sh) ------------------------------
applied=0
if tree=$(apply_for_test 2>"$tmp/apply.log"); then
	applied=1
	series_tree=$(git -C "$tree" rev-parse 'HEAD^{tree}')
	ok "git am: the series ($n patches) applies onto the base"
else
	not_ok "git am: the series ($n patches) applies onto the base" "$(grep -m1 '^error:' "$tmp/apply.log" | cut -c8-)"
	details "$tmp/apply.log"
	tree=$(worktree test)
fi

# --- 3. git am of patches/*.patch (without the cover letter) ----------------
what="git am: $pdir applies onto the base and gives the series' tree"
mails=()
for f in "$PATCHES_DIR"/*.patch; do
	[ -e "$f" ] || continue
	case "$f" in *0000-cover-letter.patch) continue ;; esac
	mails+=("$f")
done
if [ ${#mails[@]} -eq 0 ]; then
	not_ok "$what" "no patches in $pdir"
else
	# In a scratch worktree with only the touched files checked out, so
	# that the test worktree (and its build) is left alone.
	mail=$tmp/mail-tree
	git -C "$(base_repo)" worktree add -q --no-checkout --detach "$mail" "$base"
	git -C "$mail" sparse-checkout set --no-cone "${paths[@]}" >/dev/null 2>&1 ||
		die "git sparse-checkout failed (git >= 2.27 needed)"
	git -C "$mail" checkout -q --detach "$base"
	if ! git -C "$mail" am -q --keep-cr "${mails[@]}" >"$tmp/am.log" 2>&1; then
		not_ok "$what" "$(grep -m1 -i 'patch failed\|does not apply\|Patch failed at' "$tmp/am.log" || echo 'git am failed')"
		details "$tmp/am.log"
	elif [ $applied = 1 ] && [ "$(git -C "$mail" rev-parse 'HEAD^{tree}')" != "$series_tree" ]; then
		not_ok "$what" "the result differs from applying series"
		git -C "$mail" diff --stat "$series_tree" | details /dev/stdin
	else
		ok "$what (${#mails[@]} patches)"
	fi
	git -C "$(base_repo)" worktree remove --force "$mail"
fi

# --- 3b. b4 am of a local mbox of patches/, then git am -----------------------
# As a maintainer takes it (README, "Taking the series as a maintainer"):
# the headers unfolded (b4 0.12 rejects folded ones), b4 am -3 when the
# cover letter's base-commit: is in the repo, git am of b4's .mbx. In a
# shared clone of the base repo, so that b4's fake 3-way commits go there.
what="b4 am: a local mbox of $pdir, then git am, gives the series' tree"
if [ ${#mails[@]} -eq 0 ]; then
	not_ok "$what" "no patches in $pdir"
else
	b=$tmp/b4
	mkdir -p "$b/out"
	for f in "$PATCHES_DIR"/*.patch; do
		perl -0pe 's/\A(.*?\n\n)/$1 =~ s{\n[ \t]+}{ }gr/se' "$f"
	done >"$b/series.mbox"
	git clone -q --shared --no-checkout "$(base_repo)" "$b/tree"
	git -C "$b/tree" sparse-checkout set --no-cone "${paths[@]}" >/dev/null 2>&1 ||
		die "git sparse-checkout failed (git >= 2.27 needed)"
	git -C "$b/tree" checkout -q --detach "$base"
	bc=$(sed -n 's/^base-commit: //p' "$PATCHES_DIR"/*0000-cover-letter.patch 2>/dev/null | head -n1)
	three=()
	[ -z "$bc" ] || ! git -C "$b/tree" cat-file -e "$bc^{commit}" 2>/dev/null || three=(-3)
	rc=0
	(cd "$b/tree" && XDG_CACHE_HOME=$b/cache b4 am "${three[@]}" -m "$b/series.mbox" -o "$b/out") >"$b/b4.log" 2>&1 || rc=$?
	mapfile -t mbx < <(ls "$b"/out/*.mbx 2>/dev/null)
	if [ $rc != 0 ] || [ ${#mbx[@]} != 1 ]; then
		not_ok "$what" "b4 am ${three[*]} failed (exit $rc, ${#mbx[@]} .mbx files): $(grep -m1 -iE 'error|traceback|not|fail' "$b/b4.log" || tail -n 1 "$b/b4.log")"
		details "$b/b4.log"
	elif ! git -C "$b/tree" am -q "${three[@]}" --keep-cr "${mbx[0]}" >"$b/am.log" 2>&1; then
		not_ok "$what" "git am ${three[*]} of b4's $(basename "${mbx[0]}"): $(grep -m1 -i 'patch failed\|does not apply\|Patch failed at' "$b/am.log" || echo 'git am failed')"
		details "$b/am.log"
	elif [ $applied = 1 ] && [ "$(git -C "$b/tree" rev-parse 'HEAD^{tree}')" != "$series_tree" ]; then
		not_ok "$what" "the result differs from applying series"
		git -C "$b/tree" diff --stat "$series_tree" | details /dev/stdin
	else
		ok "$what (b4 am ${three[*]:-without -3: no base-commit here}, $(git -C "$b/tree" rev-list --count "$base..HEAD") patches)"
	fi
fi

# --- 4. quilt push -a on an export of the base ------------------------------
what="quilt push -a: the series applies onto an export of the base"
mkdir -p "$tmp/quilt/src" "$tmp/quilt/patches"
for p in "${patches[@]}"; do
	if [ -f "$TOP/$p" ]; then
		mkdir -p "$tmp/quilt/patches/$(dirname "$p")"
		cp "$TOP/$p" "$tmp/quilt/patches/$p"
	fi
	echo "$p"
done >"$tmp/quilt/patches/series"
# Only the files the series changes are exported: patch(1) reads no other.
mapfile -t old < <(patch_files --old "${present[@]}")
mapfile -t old < <([ ${#old[@]} -eq 0 ] || git -C "$(base_repo)" ls-tree -r --name-only "$base" -- "${old[@]}")
if [ ${#old[@]} -gt 0 ]; then
	git -C "$(base_repo)" archive "$base" -- "${old[@]}" | tar -x -C "$tmp/quilt/src"
fi
if (cd "$tmp/quilt/src" && QUILT_PATCHES=../patches quilt --quiltrc=- push -a --fuzz=0) >"$tmp/quilt.log" 2>&1; then
	ok "$what"
else
	not_ok "$what" "$(grep -m1 'does not apply\|No such file\|not found' "$tmp/quilt.log" || echo "quilt failed")"
	details "$tmp/quilt.log"
fi

# --- 5. checkpatch.pl --strict ----------------------------------------------
basetree=$(worktree base)
if [ "$(git -C "$basetree" rev-parse HEAD)" != "$base" ] || ! git -C "$basetree" diff --quiet HEAD; then
	git -C "$basetree" checkout -q -f --detach "$base"
fi
allow=$TOP/scripts/checkpatch-allow$BASE_SUFFIX.txt
what="checkpatch allow-list is well formed"
bad=$( [ ! -f "$allow" ] || grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$allow" | while read -r file type rest; do
	if ! [[ "$type" =~ ^[A-Z0-9_]+$ ]] || ! [[ "$rest" =~ ^#[[:space:]]*[^[:space:]] ]]; then
		echo "bad line (want: <patch> <TYPE> # reason): $file $type $rest"
	elif ! printf '%s\n' "${patches[@]}" | grep -qx -e "$file" -e ".*/$file"; then
		echo "names $file, which is not in series"
	fi
done)
if [ -z "$bad" ]; then ok "$what"; else not_ok "$what" "$(echo "$bad" | head -n1)"; fi
for p in "${patches[@]}"; do
	what="checkpatch --strict: $p"
	[ -f "$TOP/$p" ] || { not_ok "$what" "missing"; continue; }
	ignore=$( [ ! -f "$allow" ] || awk -v p="$p" '$1 == p || ("/" $1) == substr(p, length(p) - length($1)) { print $2 }' "$allow" | paste -sd, -)
	rc=0
	(cd "$basetree" && ./scripts/checkpatch.pl --strict --terse --show-types \
		${ignore:+--ignore "$ignore"} "$TOP/$p") >"$tmp/cp.log" 2>&1 || rc=$?
	if grep -q ': \(ERROR\|WARNING\|CHECK\):' "$tmp/cp.log"; then
		not_ok "$what" "$(grep -m1 '^total: ' "$tmp/cp.log" || echo "see below")"
		grep ': \(ERROR\|WARNING\|CHECK\):' "$tmp/cp.log" | sed "s|^$TOP/||" | details /dev/stdin
	elif [ $rc != 0 ]; then
		not_ok "$what" "checkpatch.pl failed (exit $rc)"
		details "$tmp/cp.log"
	else
		ok "$what${ignore:+ (allowed: $ignore)}"
	fi
done

# --- 6. author, Signed-off-by, subject, body --------------------------------
subject_re='^[a-z0-9/_.-]+(, [a-z0-9/_.-]+)*(: [a-z0-9/_.-]+)*: [^[:space:]]'
for p in "${patches[@]}"; do
	what="metadata: $p"
	[ -f "$TOP/$p" ] || { not_ok "$what" "missing"; continue; }
	why=()
	froms=$(awk '/^$/ { exit } /^From: / { n++ } END { print n + 0 }' "$TOP/$p")
	[ "$froms" = 1 ] || why+=("$froms From: headers, want exactly one author")
	git mailinfo "$tmp/msg" "$tmp/diff" <"$TOP/$p" >"$tmp/info"
	author="$(sed -n 's/^Author: //p' "$tmp/info") <$(sed -n 's/^Email: //p' "$tmp/info")>"
	subject=$(sed -n 's/^Subject: //p' "$tmp/info")
	grep -qxF "Signed-off-by: $author" "$tmp/msg" || why+=("no Signed-off-by: $author")
	[[ "$subject" =~ $subject_re ]] || why+=("subject '$subject' is not 'subsystem: summary' (lowercase prefix)")
	[ ${#subject} -lt 75 ] || why+=("subject is ${#subject} characters, want < 75")
	# Body lines: non-blank lines before the trailer block (the last
	# paragraph, if every line of it is a "Token: value" trailer).
	body=$(perl -0ne 's/\s+\z//; my @p = split /\n\s*\n/;
		pop @p if @p && (grep { !/^([A-Za-z0-9-]+: |\[.*\]$|\s)/ } split /\n/, $p[-1]) == 0;
		print scalar(grep { /\S/ } map { split /\n/ } @p), "\n"' "$tmp/msg")
	[ "$body" -ge 3 ] || why+=("commit message body has $body line(s) besides trailers, want >= 3")
	if [ ${#why[@]} -eq 0 ]; then
		ok "$what"
	else
		not_ok "$what" "$(IFS=';'; echo "${why[*]}" | sed 's/;/; /g')"
	fi
done

# Files the series leaves in the tree; their base versions for comparison.
mapfile -t touched < <(patch_files "${present[@]}")

# normalise LOG [SRC]: its warning/error lines without the tree and build
# dir prefixes and without line/column numbers, sorted, so that the base and
# the series can be compared per file and message, counting repeats. With
# SRC, lines about other .c/.S files (make may rebuild a helper object first)
# are dropped: those about SRC and about headers are kept.
strip_paths() {
	local d sedargs=()
	for d in "$tree" "$basetree" ${build:+"$build"} ${bbuild:+"$bbuild"} ${xbuild:+"$xbuild"}; do
		sedargs+=(-e "s|$d/||g")
	done
	sed "${sedargs[@]}" -e 's|^\./||'
}
normalise() {
	grep -E '(warning|error): ' "$1" | strip_paths |
		sed -E -e 's/^([^: ]+):[0-9]+(:[0-9]+)?: /\1: /' |
		awk -F': ' -v src="${2:-}" 'src == "" || $1 == src || $1 !~ /\.[cS]$/' |
		LC_ALL=C sort
}
# new_lines SERIES_LOG BASE_LOG [SRC]: series lines whose count exceeds the
# base's (comm on sorted lists keeps the extra copies of a repeated line).
new_lines() {
	normalise "$1" "${3:-}" >"$tmp/n.s"
	normalise "$2" "${3:-}" >"$tmp/n.b"
	LC_ALL=C comm -23 "$tmp/n.s" "$tmp/n.b"
}
# show_new LOG NEW: for each line of NEW (new_lines output), the first line
# of LOG with that file and message, line numbers included.
show_new() {
	local l
	strip_paths <"$1" >"$tmp/raw"
	while IFS= read -r l; do
		grep -F -- "${l#*: }" "$tmp/raw" | grep -m1 -F -- "${l%%: *}:" || echo "$l"
	done <"$2"
}

# --- 7. kernel-doc ----------------------------------------------------------
if [ $applied = 0 ]; then
	skipped "kernel-doc: the files the series touches" "the series does not apply"
else
	tree=$(apply_for_test 2>>"$tmp/apply.log")
	# 6.1's kernel-doc has no -Wall; its -v adds the same checks (Return:
	# sections, short descriptions) and "info:" lines, which are dropped.
	if (cd "$tree" && ./scripts/kernel-doc -none -Wall /dev/null) >/dev/null 2>&1; then
		kdopt=-Wall
	else
		kdopt=-v
	fi
	for f in "${touched[@]}"; do
		case "$f" in *.c | *.h) ;; *) continue ;; esac
		[ -f "$tree/$f" ] || continue
		what="kernel-doc -none $kdopt: $f"
		(cd "$tree" && ./scripts/kernel-doc -none "$f") >"$tmp/kd.plain" 2>&1 || true
		(cd "$tree" && ./scripts/kernel-doc -none "$kdopt" "$f") 2>&1 | grep -v ': info: ' >"$tmp/kd.s" || true
		# What the base prints for its version of the file is not new
		# (6.12's mm.h and gup.c have warnings of their own).
		: >"$tmp/kd.b"
		: >"$tmp/kd.pb"
		if [ -f "$basetree/$f" ]; then
			(cd "$basetree" && ./scripts/kernel-doc -none "$f") >"$tmp/kd.pb" 2>&1 || true
			(cd "$basetree" && ./scripts/kernel-doc -none "$kdopt" "$f") 2>&1 | grep -v ': info: ' >"$tmp/kd.b" || true
		fi
		new_lines "$tmp/kd.plain" "$tmp/kd.pb" "$f" >"$tmp/kd.pnew"
		# A line that is not a warning (a kernel-doc that failed) is new too.
		grep -vE '(warning|error): ' "$tmp/kd.plain" >>"$tmp/kd.pnew" || true
		new_lines "$tmp/kd.s" "$tmp/kd.b" "$f" >"$tmp/kd.new"
		if [ -s "$tmp/kd.pnew" ]; then
			not_ok "$what" "kernel-doc -none prints $(wc -l <"$tmp/kd.pnew") new line(s)"
			show_new "$tmp/kd.plain" "$tmp/kd.pnew" | details /dev/stdin
		elif [ -s "$tmp/kd.new" ]; then
			not_ok "$what" "$(wc -l <"$tmp/kd.new") new warning(s)"
			show_new "$tmp/kd.s" "$tmp/kd.new" | details /dev/stdin
		elif [ -s "$tmp/kd.s" ]; then
			ok "$what (no new warnings; $(wc -l <"$tmp/kd.s") pre-existing)"
		else
			ok "$what"
		fi
	done
fi

# --- 8. sparse (C=1) and W=1 on the touched objects -------------------------
# The objects of the touched .c files (not tools/: those are not kernel
# objects), rebuilt with C=1 W=1 in the series build dir and in a base build
# dir (base.config). A warning is new if its file + text (no line numbers)
# occurs more often in the series than in the base; for a file the base
# lacks, every warning is new. Objects this config does not build: SKIP.
# Logs are cached in the build dirs by source tree id, object and compiler
# and sparse versions: the same sources give the same warnings.
# Directories of the touched kernel .c files (tools/ is not kernel code).
mapfile -t kdirs < <(for f in "${touched[@]}"; do
	case "$f" in tools/*) ;; *.c) dirname "$f" ;; esac
done | sort -u)
toolver=$( { gcc --version | head -n1; sparse --version; } 2>&1 | sha1sum | cut -c1-12)
# sparse_obj TREE BUILD OBJ KEY LOG: write OBJ's C=1 W=1 build output to LOG;
# return 1 if it does not compile.
sparse_obj() {
	local tree=$1 b=$2 obj=$3 c rc=0
	# The logs name files by their path in TREE: a log made in another
	# tree of the same content would hide its warnings from normalise.
	c=$b/.check-series/$(echo "$tree $4 $obj $toolver" | sha1sum | cut -c1-16)
	if [ -f "$c.rc" ]; then
		cp "$c.log" "$5"
		return "$(cat "$c.rc")"
	fi
	rm -f "$b/$obj"
	kmake "$tree" "$b" C=1 W=1 "$obj" >"$5" 2>&1 || rc=1
	if [ $rc = 0 ]; then
		mkdir -p "$b/.check-series"
		cp "$5" "$c.log"
		echo $rc >"$c.rc"
	fi
	return $rc
}
if [ $applied = 0 ]; then
	skipped "sparse/W=1: the objects the series touches" "the series does not apply"
else
	# Configure once per run at the full series, so that every symbol of the
	# fragments exists; bisect builds start from this config each time.
	build=$(build_dir series "${frags[@]}")
	if ! "$TOP/scripts/make-config.sh" "$tree" "$build" "${frags[@]}" >"$tmp/config.log" 2>&1; then
		not_ok "series config" "make-config.sh failed on the full series"
		details "$tmp/config.log"
		build=
	else
		cat "${frags[@]}" | sha256sum | cut -c1-12 >"$build/.config-key"
		cp "$build/.config" "$tmp/config.full"
	fi
	bbuild=$(configure_build "$basetree" base "$TOP/config/base.config" 2>"$tmp/bconfig.log") ||
		{ details "$tmp/bconfig.log"; die "cannot configure the base build dir"; }
	stree=$(git -C "$tree" rev-parse 'HEAD^{tree}')
	# scripts/sparse-allow.txt (BASE=6.12: sparse-allow-6.12.txt): new
	# warnings that are known false positives, one per line as normalise
	# prints them ("FILE: warning: MESSAGE"), then "# reason".
	sallow=$TOP/scripts/sparse-allow$BASE_SUFFIX.txt
	: >"$tmp/sp.allow"
	if [ -f "$sallow" ]; then
		what="sparse allow-list is well formed"
		bad=$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$sallow" | grep -vE '^[^ :]+: (warning|error): .*[^[:space:]][[:space:]]+#[[:space:]]*[^[:space:]]' | head -n1 || true)
		if [ -z "$bad" ]; then ok "$what"; else not_ok "$what" "bad line (want: FILE: warning: MESSAGE # reason): $bad"; fi
		grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$sallow" | sed -E 's/[[:space:]]+#[^#]*$//' >"$tmp/sp.allow"
	fi
	# What this config builds: make the touched directories (make dir/
	# follows obj-$(CONFIG_...); a single-object target does not), then
	# look the objects up in their built-in.a, lib.a and module .mod files.
	: >"$tmp/members"
	dirs_ok=1
	if [ -n "$build" ] && [ ${#kdirs[@]} -gt 0 ]; then
		if kmake "$tree" "$build" "${kdirs[@]/%//}" >"$tmp/dirs.log" 2>&1; then
			for d in "${kdirs[@]}"; do
				for a in "$build/$d/built-in.a" "$build/$d/lib.a"; do
					[ ! -f "$a" ] || ar t "$a" >>"$tmp/members"
				done
				cat "$build/$d"/*.mod >>"$tmp/members" 2>/dev/null || true
			done
			tr ' ' '\n' <"$tmp/members" | sed "s|^$build/||" | sort -u >"$tmp/members.s"
			mv "$tmp/members.s" "$tmp/members"
		else
			not_ok "sparse/W=1: the touched directories build (${kdirs[*]})" "build failed"
			grep -E '(error|Error)[: ]' "$tmp/dirs.log" | details /dev/stdin 15
			dirs_ok=0
		fi
	fi
	for f in "${touched[@]}"; do
		case "$f" in *.c) ;; *) continue ;; esac
		case "$f" in tools/*) continue ;; esac
		[ -n "$build" ] && [ $dirs_ok = 1 ] || break
		obj=${f%.c}.o
		what="sparse/W=1: $obj"
		if ! grep -qxF "$obj" "$tmp/members"; then
			skipped "$what" "not built with this config"
			continue
		fi
		rc=0
		sparse_obj "$tree" "$build" "$obj" "$stree" "$tmp/sp.s" || rc=$?
		if [ $rc = 1 ]; then
			not_ok "$what" "does not compile"
			grep -E 'error|Error' "$tmp/sp.s" | details /dev/stdin
			continue
		fi
		: >"$tmp/sp.b"
		if [ -f "$basetree/$f" ]; then
			sparse_obj "$basetree" "$bbuild" "$obj" "$base" "$tmp/sp.b" || : >"$tmp/sp.b"
		fi
		new_lines "$tmp/sp.s" "$tmp/sp.b" "$f" >"$tmp/sp.all"
		grep -vxF -f "$tmp/sp.allow" "$tmp/sp.all" >"$tmp/sp.new" || true
		na=$(($(wc -l <"$tmp/sp.all") - $(wc -l <"$tmp/sp.new")))
		nb=$(normalise "$tmp/sp.s" "$f" | wc -l)
		if [ -s "$tmp/sp.new" ]; then
			not_ok "$what" "$(wc -l <"$tmp/sp.new") new warning(s)"
			show_new "$tmp/sp.s" "$tmp/sp.new" | details /dev/stdin
		elif [ "$nb" -gt 0 ]; then
			ok "$what (no new warnings; $((nb - na)) pre-existing$([ "$na" = 0 ] || echo ", $na allowed"))"
		else
			ok "$what"
		fi
	done
fi

# --- 9. every prefix builds -------------------------------------------------
# series_prefixes: set t (the test tree), head (its HEAD, the whole series)
# and prefix (prefix[k - 1]: the commit of patches 1..k), for the sections
# that check out each prefix.
series_prefixes() {
	t=$tree
	head=$(git -C "$t" rev-parse HEAD)
	mapfile -t prefix < <(git -C "$t" rev-list --reverse "$base..$head")
	[ ${#prefix[@]} = "$n" ] || die "$t: ${#prefix[@]} commits on the base, want $n; rerun"
}
if [ -n "${SKIP_BISECT:-}" ]; then
	skipped "bisect: every prefix of the series builds" "SKIP_BISECT=$SKIP_BISECT"
elif [ $applied = 0 ] || [ -z "$build" ]; then
	skipped "bisect: every prefix of the series builds" "the series does not apply or configure"
else
	# Each prefix is a commit of the applied series: checking it out
	# rewrites only the files that differ from the previous prefix, so
	# the build stays incremental and the series is applied only once.
	series_prefixes
	restore_head() { git -C "$t" checkout -q -f --detach "$head"; }
	trap 'restore_head || true; cleanup' EXIT
	for k in $(seq 1 "$n"); do
		what="bisect: builds with patches 1..$k (${patches[$((k - 1))]})"
		[ "$mode" = full ] || what="bisect ($mode: ${kdirs[*]}): builds with patches 1..$k (${patches[$((k - 1))]})"
		start=$SECONDS
		git -C "$t" checkout -q --detach "${prefix[$((k - 1))]}"
		cp "$tmp/config.full" "$build/.config"
		rc=0
		if [ "$mode" = full ]; then
			blog=$build/build.log
			nice "$TOP/scripts/build-kernel.sh" "$t" series "${frags[@]}" >/dev/null 2>"$tmp/b.log" || rc=$?
		else
			blog=$tmp/b.log
			dirs=()
			for d in "${kdirs[@]}"; do [ ! -d "$t/$d" ] || dirs+=("$d/"); done
			if [ ${#dirs[@]} -eq 0 ]; then
				skipped "$what" "no kernel .c file touched yet"
				continue
			fi
			kmake "$t" "$build" "${dirs[@]}" >"$blog" 2>&1 || rc=$?
		fi
		if [ $rc = 0 ]; then
			ok "$what"
		else
			not_ok "$what" "build failed"
			grep -E '(error|Error)[: ]' "$blog" | sed -e "s|$t/||g" -e "s|$build/||g" | details /dev/stdin 15
		fi
		echo "#   ($((SECONDS - start)) s)"
	done
	restore_head
	trap cleanup EXIT
fi

# --- 10. other architectures: W=1 object builds -----------------------------
# The 0-day robot builds a series for many architectures; the kernels tested
# here are x86_64 only. For each line of config/xarch.arches (i386 with and
# without PAE, arm64, riscv without MMU) the objects of the touched kernel
# .c files that its config builds (make -n DIR/ says which: mm/nommu.o only
# without MMU, the test modules only with it) are built with W=1 at the
# base, at every prefix whose last patch touches mm/ or include/linux/mm.h,
# and at the whole series (the test modules change after the last mm
# patch). A warning is new as in section 8, against the same object at the
# base in the same config. Object builds only: defconfig + fragments +
# olddefconfig + prepare once per line, at the base, kept in build-xarch-
# NAME-BASE and redone when the line, a fragment or the compiler changes;
# each prefix reruns only olddefconfig from that seed, so that symbols the
# series adds get the fragments' values. Results are kept per config and
# source tree id: a warm run builds nothing.
xarch_list=$TOP/config/xarch.arches
# xarch_configure NAME ARCH CROSS DEFCONFIG FRAGMENT...: set up
# build_dir xarch-NAME for the checked-out tree $t (the base) unless done
# already; return 1 with the reason in $tmp/xc.log.
xarch_configure() {
	local name=$1 arch=$2 cross=$3 defconfig=$4 b key f
	shift 4
	# An empty make target would build the whole kernel.
	[ -n "$defconfig" ] || {
		echo "config/xarch.arches: line $name wants NAME ARCH CROSS_COMPILE DEFCONFIG [FRAGMENT...]" >"$tmp/xc.log"
		return 1
	}
	command -v "${cross}gcc" >/dev/null 2>&1 || {
		echo "${cross}gcc not found; run: apt-get install -y ${cross:+gcc-${cross%-}}${cross:-gcc} (or scripts/install-deps.sh)" >"$tmp/xc.log"
		return 1
	}
	for f; do
		[ -f "$TOP/config/$f" ] ||
			{ echo "config/xarch.arches names config/$f, which does not exist" >"$tmp/xc.log"; return 1; }
	done
	b=$(build_dir "xarch-$name")
	key=$( { echo "$arch $cross $defconfig"; (cd "$TOP/config" && cat "$@"); "${cross}gcc" --version | head -n1; } |
		sha256sum | cut -c1-12)
	[ "$(cat "$b/.xarch-key" 2>/dev/null)" != "$key" ] || return 0
	log "configuring $b ($arch $defconfig, prepare)"
	mkdir -p "$b"
	rm -f "$b/.xarch-key" "$b/.xarch-kbuild"
	kmake_arch "$arch" "$cross" "$t" "$b" "$defconfig" >"$tmp/xc.log" 2>&1 || return 1
	(cd "$TOP/config" && cat "$@") >>"$b/.config"
	cp "$b/.config" "$b/.config.seed"
	kmake_arch "$arch" "$cross" "$t" "$b" olddefconfig >>"$tmp/xc.log" 2>&1 || return 1
	kmake_arch "$arch" "$cross" "$t" "$b" prepare >>"$tmp/xc.log" 2>&1 || return 1
	echo "$key" >"$b/.xarch-key"
}
# xarch_objects ARCH CROSS BUILD: build, at the checked-out tree $t, the
# objects of the touched .c files that BUILD's config builds, with W=1;
# print the directory that holds their list (objs), one log per object
# (OBJ with / as _, .log) and make.log. Return 1 if the config or an
# object failed ("failed" in that directory names what).
xarch_objects() {
	local arch=$1 cross=$2 b=$3 c f d kkey dirs=() objs=()
	c=$b/.check-series/$(echo "$t $xtree $(cat "$b/.xarch-key")" | sha1sum | cut -c1-16)
	echo "$c"
	[ ! -f "$c/done" ] || return 0
	rm -rf "$c"
	mkdir -p "$c"
	for f in "${touched[@]}"; do
		case "$f" in tools/*) ;; *.c) [ ! -f "$t/$f" ] || objs+=("${f%.c}.o") ;; esac
	done
	: >"$c/make.log"
	# The config and what it builds change only with a Kconfig or
	# Makefile: olddefconfig and the make -n (7 s together) only then.
	kkey=$(git -C "$t" ls-tree -r HEAD | awk '$4 ~ /(^|\/)(Kconfig[^\/]*|Makefile[^\/]*|Kbuild)$/' |
		sha1sum | cut -c1-16)
	if [ "$(cat "$b/.xarch-kbuild" 2>/dev/null)" != "$kkey" ]; then
		rm -f "$b/.xarch-kbuild"
		cp "$b/.config.seed" "$b/.config"
		if ! kmake_arch "$arch" "$cross" "$t" "$b" olddefconfig >"$c/make.log" 2>&1; then
			echo "olddefconfig" >"$c/failed"
			return 1
		fi
		# make -n DIR/ prints the recipe, with its "  CC  OBJ" echo, of
		# each object the config builds there that is not up to date.
		for d in "${kdirs[@]}"; do [ ! -d "$t/$d" ] || dirs+=("$d/"); done
		[ ${#objs[@]} -eq 0 ] || rm -f "${objs[@]/#/$b/}"
		if [ ${#dirs[@]} -gt 0 ] &&
			! kmake_arch "$arch" "$cross" "$t" "$b" -n "${dirs[@]}" >"$c/dry.log" 2>&1; then
			echo "make -n ${dirs[*]}" >"$c/failed"
			cat "$c/dry.log" >>"$c/make.log"
			return 1
		fi
		sed -n "s/.*echo '  CC\( \[M\]\)\{0,1\} *\([^ ']*\)'.*/\2/p" "$c/dry.log" 2>/dev/null |
			sort -u >"$b/.xarch-listed"
		echo "$kkey" >"$b/.xarch-kbuild"
	fi
	for f in "${objs[@]}"; do
		! grep -qxF "$f" "$b/.xarch-listed" || echo "$f"
	done >"$c/objs"
	[ -s "$c/objs" ] || { touch "$c/done"; return 0; }
	# One make for all objects (a make costs 2 s before it compiles); -O
	# keeps each object's output together, after its "  CC  OBJ" line, so
	# that the log can be split per object.
	mapfile -t objs <"$c/objs"
	rm -f "${objs[@]/#/$b/}"
	kmake_arch "$arch" "$cross" "$t" "$b" -k -Otarget W=1 "${objs[@]}" >>"$c/make.log" 2>&1 || true
	awk -v d="$c" '/^  CC( \[M\])? +[^ ]+\.o$/ { o = $NF; gsub("/", "_", o); f = d "/" o ".log"; printf "" >f }
		f { print >f }' "$c/make.log"
	for f in "${objs[@]}"; do
		[ -f "$b/$f" ] || echo "$f" >>"$c/failed"
	done
	[ ! -f "$c/failed" ] || return 1
	touch "$c/done"
}
xlog() { echo "$1/$(echo "$2" | tr / _).log"; }
if [ -n "${SKIP_XARCH:-}" ]; then
	skipped "objects: the other architectures of config/xarch.arches" "SKIP_XARCH=$SKIP_XARCH"
elif [ $applied = 0 ]; then
	skipped "objects: the other architectures of config/xarch.arches" "the series does not apply"
elif [ ! -f "$xarch_list" ]; then
	not_ok "objects: the other architectures of config/xarch.arches" "config/xarch.arches is missing; restore it with git checkout"
else
	series_prefixes
	states=(0)
	for k in $(seq 1 "$n"); do
		if [ "$k" = "$n" ] || patch_files "$TOP/${patches[$((k - 1))]}" | grep -qE '^(mm/|include/linux/mm\.h$)'; then
			states+=("$k")
		fi
	done
	mapfile -t xarches < <(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$xarch_list")
	# Back at HEAD, the files get their mtimes back: the x86_64 build dirs
	# of this tree must not rebuild what include/linux/mm.h reaches.
	mtime_snapshot "$t" "${paths[@]}" >"$tmp/xarch.mtimes"
	xarch_restore() { git -C "$t" checkout -q -f --detach "$head" && mtime_restore "$t" "$tmp/xarch.mtimes"; }
	trap 'xarch_restore || true; cleanup' EXIT
	declare -A xbase=()
	for k in "${states[@]}"; do
		start=$SECONDS
		if [ "$k" = 0 ]; then
			git -C "$t" checkout -q --detach "$base"
			at=base
		else
			git -C "$t" checkout -q --detach "${prefix[$((k - 1))]}"
			at="prefix $(printf %04d "$k")"
		fi
		xtree=$(git -C "$t" rev-parse 'HEAD^{tree}')
		for line in "${xarches[@]}"; do
			read -r name arch cross defconfig xfrags <<<"$line"
			[ "$cross" != - ] || cross=
			xbuild=$(build_dir "xarch-$name")
			what="objects: $name $at"
			if [ "$k" = 0 ]; then
				# shellcheck disable=SC2086 # xfrags: a list of names
				if ! xarch_configure "$name" "$arch" "$cross" "$defconfig" $xfrags; then
					not_ok "$what" "cannot configure ($defconfig $xfrags): $(grep -m1 -E '(error|Error)[: ]|not found|wants|names' "$tmp/xc.log" || tail -n 1 "$tmp/xc.log")"
					tail -n 20 "$tmp/xc.log" | details /dev/stdin
					continue
				fi
			elif [ -z "${xbase[$name]:-}" ]; then
				skipped "$what" "the base did not build for $name"
				continue
			fi
			rc=0
			c=$(xarch_objects "$arch" "$cross" "$xbuild") || rc=$?
			mapfile -t objs <"$c/objs"
			what="$what: ${objs[*]:-no object the series touches is in this config}"
			if [ $rc != 0 ]; then
				not_ok "$what" "does not build: $(paste -sd' ' "$c/failed")"
				grep -E '(error|Error)[: ]' "$c/make.log" | strip_paths | details /dev/stdin 15
				continue
			fi
			if [ "$k" = 0 ]; then
				xbase[$name]=$c
				ok "$what"
				continue
			fi
			: >"$tmp/x.new"
			nb=0
			for o in "${objs[@]}"; do
				bl=$(xlog "${xbase[$name]}" "$o")
				[ -f "$bl" ] || bl=/dev/null
				new_lines "$(xlog "$c" "$o")" "$bl" "${o%.o}.c" >"$tmp/x.o.new"
				nb=$((nb + $(normalise "$(xlog "$c" "$o")" "${o%.o}.c" | wc -l)))
				[ -s "$tmp/x.o.new" ] || continue
				show_new "$(xlog "$c" "$o")" "$tmp/x.o.new" | sed "s|^|$o: |" >>"$tmp/x.new"
			done
			if [ -s "$tmp/x.new" ]; then
				not_ok "$what" "$(wc -l <"$tmp/x.new") new W=1 warning(s) with patches 1..$k (${patches[$((k - 1))]})"
				details "$tmp/x.new"
			elif [ "$nb" -gt 0 ]; then
				ok "$what (no new W=1 warnings; $nb pre-existing)"
			else
				ok "$what"
			fi
		done
		echo "#   ($at: $((SECONDS - start)) s)"
	done
	xarch_restore
	trap cleanup EXIT
fi

ktap_end
