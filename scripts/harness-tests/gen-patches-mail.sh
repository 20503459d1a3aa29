# gen-patches.sh: every patch and the cover letter go to the same union of
# recipients, with config/recipients' additions and without its drops;
# twice gives the same bytes; --send refuses a placeholder identity in one
# line that names git config, and misuse, before any side effect; --send
# with a real identity makes it the author and Signed-off-by everywhere
# and leaves patches/ alone.
set -eu
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/series-fixture.bash"
ktap_plan 6
mail_fixture
# A get_maintainer.pl that names a maintainer per patch, a noise match for
# the GRU patch and a list; it must be in the base commit.
cat >"$tmp/base/scripts/get_maintainer.pl" <<'EOF'
#!/bin/sh
for a; do p=$a; done
case "$*" in
*--no-m*) echo "list@vger.kernel.org" ;;
*) grep -q sgi-gru "$p" && echo "Gru Maint <gru@kernel.org>" && echo "Noise Maint <noise@xilinx.com>"
   grep -q 'mm/gup' "$p" && echo "Mm Maint <mm@kernel.org>" ;;
esac
exit 0
EOF
git -C "$tmp/base" add -f scripts/get_maintainer.pl
dev_git -C "$tmp/base" commit -q --amend --no-edit
git -C "$tmp/base" tag -f gru-base >/dev/null
printf '%s\n' "to Gup Maint <gup@kernel.org>  # owns mm/gup.c" "cc gup-list@kvack.org  # its list" \
	"drop Noise Maint <NOISE@xilinx.com>  # a Kconfig match" >"$R/config/recipients"
# headers FILE: its To: and Cc: lines, unfolded.
headers() { awk '/^$/ { exit } /^(To|Cc):/ { if (h) print h; h = $0; next } /^ / && h { h = h $0; next } { if (h) print h; h = "" } END { if (h) print h }' "$1"; }

name="every patch and the cover letter: the same To:/Cc:, additions in, drops out"
rc=0
"$R/scripts/gen-patches.sh" -o "$tmp/a" 2>"$tmp/err" || rc=$?
want="To: Mm Maint <mm@kernel.org>,    Gru Maint <gru@kernel.org>,    Gup Maint <gup@kernel.org>
Cc: list@vger.kernel.org,    gup-list@kvack.org"
bad=$(for f in "$tmp"/a/*.patch; do [ "$(headers "$f")" = "$want" ] || echo "$(basename "$f"): $(headers "$f")"; done)
if [ $rc = 0 ] && [ "$(ls "$tmp"/a/*.patch | wc -l)" = 4 ] && [ -z "$bad" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc; want on every file: $want" "$(echo "${bad:-no files}" | head -n 3)" "$(tail -n 2 "$tmp/err")"
fi

name="twice: the same bytes"
"$R/scripts/gen-patches.sh" -o "$tmp/b" 2>/dev/null || true
if diff -r "$tmp/a" "$tmp/b" >"$tmp/diff"; then ktap_ok "$name"; else ktap_not_ok "$name" "$(head -n 5 "$tmp/diff")"; fi

# refused NAME WANT_RC REGEX ARGS...: gen-patches.sh ARGS must exit WANT_RC
# with one line matching REGEX on stderr and leave no trace.
refused() {
	local name=$1 want=$2 re=$3 rc=0
	shift 3
	rm -rf "$tmp/c"
	GRU_CACHE=$tmp/c/cache "$@" >/dev/null 2>"$tmp/err" || rc=$?
	if [ $rc = "$want" ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -Eq "$re" "$tmp/err" && [ ! -e "$tmp/c" ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "exit $rc (want $want), want one line matching /$re/$([ ! -e "$tmp/c" ] || echo ', and it wrote '"$tmp/c"):" "$(head -n 3 "$tmp/err")"
	fi
}
refused "--send with the repo's own identity: one line naming git config, nothing done" 1 \
	"placeholder.*git config user.name" env GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name \
	GIT_CONFIG_VALUE_0=Dev GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=dev@example.org \
	"$R/scripts/gen-patches.sh" --send -o "$tmp/c/out"
refused "--send with an example.org identity: refused" 1 "reserved or local domain" \
	env GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=user.name "GIT_CONFIG_VALUE_0=Ann Smith" \
	GIT_CONFIG_KEY_1=user.email GIT_CONFIG_VALUE_1=ann@mail.example.org \
	"$R/scripts/gen-patches.sh" --send -o "$tmp/c/out"
refused "--send without -o: usage, exit 2, nothing done" 2 "^usage: .*-o DIR" "${sender[@]}" "$R/scripts/gen-patches.sh" --send

name="--send: the sender is From: and Signed-off-by everywhere, patches/ untouched"
rc=0
before=$(cd "$R" && find patches -type f 2>/dev/null | sort | xargs -r sha256sum)
"${sender[@]}" "$R/scripts/gen-patches.sh" --send -o "$tmp/s" 2>"$tmp/err" || rc=$?
bad=$(grep -l 'dev@example.org' "$tmp"/s/*.patch 2>/dev/null || true)
froms=$(grep -h '^From: ' "$tmp"/s/*.patch 2>/dev/null | sort -u)
sobs=$(grep -c '^Signed-off-by: Sam Sender <sam.sender@gru-series.org>$' "$tmp"/s/000[1-9]-*.patch 2>/dev/null | grep -c ':1$' || true)
if [ $rc = 0 ] && [ -z "$bad" ] && [ "$froms" = "From: Sam Sender <sam.sender@gru-series.org>" ] && [ "$sobs" = 3 ] &&
	[ "$before" = "$(cd "$R" && find patches -type f 2>/dev/null | sort | xargs -r sha256sum)" ]; then
	ktap_ok "$name"
else
	ktap_not_ok "$name" "exit $rc; From: lines: $(echo $froms); $sobs of 3 patches signed by the sender; still the repo identity: $(echo $bad)" "$(tail -n 2 "$tmp/err")"
fi
ktap_end
