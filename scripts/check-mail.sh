#!/bin/bash
# Usage: check-mail.sh [--send] DIR
# The checks a script can make on the mail in DIR (gen-patches.sh output:
# git format-patch files and a cover letter), as KTAP, one case each:
#   recipients  every file has the cover letter's To: and Cc:
#   identity    (--send: DIR is mail for sending) no From: or *-by:
#               trailer is a placeholder identity (lib.sh
#               placeholder_ident) and every patch has the Signed-off-by
#               of its From:; without --send: SKIP
#   tags        Fixes: reads Fixes: <12+ hex> ("subject"), Link: is a URL,
#               a patch with Cc: stable@vger.kernel.org has Fixes:, and the
#               "tag" lines of config/mail.checks are met
#   length      each commit message has fewer than 60 body lines (the
#               lines between the subject and "---", trailers excluded)
#   subjects    the subject prefix names the area of every file the patch
#               touches ("prefix" lines of config/mail.checks)
# tags, length and subjects are the v2 checks: while config/mail.checks
# says "v2-checks off", what they find is a SKIP, not a failure.
# Then "N passed, N failed, N skipped". Exit 1 if a case failed, 2 on
# misuse. check-series.sh runs it on gen-patches.sh --send output.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
send=0
[ "${1:-}" != --send ] || { send=1; shift; }
[ $# = 1 ] && [ "${1#-}" = "$1" ] || usage_error "check-mail.sh [--send] DIR"
dir=$1
[ -d "$dir" ] || usage_error "check-mail.sh: $dir is not a directory"
conf=$TOP/config/mail.checks
[ -f "$conf" ] || die "$conf missing; restore it with git checkout"
need_cmd perl perl
v2=$(awk '$1 == "v2-checks" { print $2 }' "$conf")
case $v2 in on | off) ;; *) die "config/mail.checks: want a line 'v2-checks on' or 'v2-checks off'" ;; esac

mapfile -t mails < <(ls "$dir"/*.patch 2>/dev/null)
cover=$(ls "$dir"/*0000-cover-letter.patch 2>/dev/null | head -n1 || true)
[ ${#mails[@]} -gt 0 ] && [ -n "$cover" ] || die "$dir has no cover letter and patches; make them with scripts/gen-patches.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# split MAIL: $tmp/h (headers, unfolded), $tmp/m (commit message after the
# subject, up to "---"), $tmp/t (its trailer lines), $tmp/s (subject
# without "[PATCH ...]").
split() {
	perl -e 'local $/; my $m = <STDIN>; my ($h, $b) = split /\n\n/, $m, 2;
		$h =~ s/\n[ \t]+/ /g; $b =~ s/\n---\n.*\z/\n/s;
		open my $o, ">", "$ARGV[0]/h" or die; print $o "$h\n"; close $o;
		open $o, ">", "$ARGV[0]/m" or die; print $o $b; close $o;
		$b =~ s/\s+\z//; my @p = split /\n\s*\n/, $b;
		my $t = (@p > 1 && !grep { !/^[A-Za-z0-9-]+: / } split /\n/, $p[-1]) ? "$p[-1]\n" : "";
		open $o, ">", "$ARGV[0]/t" or die; print $o $t; close $o;
		my ($s) = $h =~ /^Subject: (?:\[[^\]]*\] *)?(.*)$/m;
		open $o, ">", "$ARGV[0]/s" or die; print $o ($s // ""), "\n"; close $o;' "$tmp" <"$1"
}
# addrs HEADER: the addresses of HEADER in $tmp/h, one per line, sorted.
addrs() {
	sed -n "s/^$1: //p" "$tmp/h" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep . | LC_ALL=C sort || true
}

# report NAME V2 FILE: ok if FILE is empty, else not ok with its first line
# as the reason and the rest as details; a v2 check while v2-checks is off
# reports what it found as a SKIP.
report() {
	if [ ! -s "$3" ]; then
		ktap_ok "$1"
	elif [ "$2" = v2 ] && [ "$v2" = off ]; then
		ktap_skip "$1" "v2-checks off in config/mail.checks; would fail: $(head -n1 "$3" | tr -d '#')$([ "$(wc -l <"$3")" = 1 ] || echo " (and $(($(wc -l <"$3") - 1)) more)")"
	else
		if [ "$(wc -l <"$3")" = 1 ]; then
			ktap_not_ok "$1" "$(cat "$3")"
		else
			ktap_not_ok "$1" "$(head -n1 "$3")" "$(sed -n '2,20s/^/  /p' "$3")"
		fi
	fi
}

ktap_plan 5
: >"$tmp/recipients" >"$tmp/identity" >"$tmp/tags" >"$tmp/length" >"$tmp/subjects"
split "$cover"
want_to=$(addrs To) want_cc=$(addrs Cc)
[ -n "$want_to$want_cc" ] || echo "the cover letter has no To: or Cc:" >>"$tmp/recipients"
mapfile -t tagrules < <(sed -n 's/^tag[[:space:]]\{1,\}//p' "$conf")
mapfile -t prefixes < <(sed -n 's/^prefix[[:space:]]\{1,\}//p' "$conf")
for f in "${mails[@]}"; do
	b=$(basename "$f")
	split "$f"
	for h in To Cc; do
		want=$want_to
		[ $h = To ] || want=$want_cc
		got=$(addrs $h)
		if [ "$got" != "$want" ]; then
			miss=$(comm -23 <(echo "$want") <(echo "$got") | grep . | paste -sd' ' -) || true
			extra=$(comm -13 <(echo "$want") <(echo "$got") | grep . | paste -sd' ' -) || true
			echo "$b: $h: differs from the cover letter's: missing ${miss:-none}, extra ${extra:-none}" >>"$tmp/recipients"
		fi
	done
	# Identity: From: and every *-by: trailer of the message.
	if [ $send = 1 ]; then
		from=$(git mailinfo /dev/null /dev/null <"$f" | sed -n 's/^Author: //p;s/^Email: /</p' | paste -sd' ' -)
		from="$from>"
		{ echo "From: $from"; grep -E '^[A-Za-z-]+-by: ' "$tmp/m" || true; } | while IFS= read -r l; do
			if why=$(placeholder_ident "${l#*: }"); then echo "$b: $l: $why"; fi
		done >>"$tmp/identity"
		[ "$f" = "$cover" ] || grep -qxF "Signed-off-by: $from" "$tmp/m" ||
			echo "$b: no Signed-off-by: $from (the sender must sign each patch)" >>"$tmp/identity"
	fi
	[ "$f" != "$cover" ] || continue
	subject=$(cat "$tmp/s")
	# Tags.
	grep -E '^Fixes:' "$tmp/t" | grep -vE '^Fixes: [0-9a-f]{12,40} \("[^"].*"\)$' | sed "s/^/$b: malformed (want Fixes: <12+ hex> (\"subject\")): /" >>"$tmp/tags" || true
	grep -E '^Link:' "$tmp/t" | grep -vE '^Link: https?://[^[:space:]]+$' | sed "s/^/$b: malformed (want Link: https:\/\/...): /" >>"$tmp/tags" || true
	if grep -qiE '^Cc:.*stable@vger\.kernel\.org' "$tmp/t" && ! grep -q '^Fixes: ' "$tmp/t"; then
		echo "$b: Cc: stable without Fixes:" >>"$tmp/tags"
	fi
	for r in "${tagrules[@]}"; do
		read -r tag re <<<"$r"
		if echo "$subject" | grep -qE -- "$re" && ! grep -q "^$tag: " "$tmp/t"; then
			echo "$b: no $tag: (config/mail.checks: tag $tag $re)" >>"$tmp/tags"
		fi
	done
	# Length: the message without its subject and trailer paragraph.
	n=$(perl -0ne 's/\s+\z//; my @p = split /\n\s*\n/; my $t = @p > 1 && !grep { !/^[A-Za-z0-9-]+: / } split /\n/, $p[-1];
		pop @p if $t; print scalar(split /\n/, join("\n\n", @p)), "\n"' "$tmp/m")
	[ "$n" -lt 60 ] || echo "$b: $n lines of commit message body, want < 60" >>"$tmp/length"
	# Subjects: the prefix (before the last ": ") names each touched area.
	prefix=${subject%: *}
	[ "$prefix" != "$subject" ] || prefix=
	while IFS= read -r path; do
		alts=
		for r in "${prefixes[@]}"; do
			read -r re rest <<<"$r"
			if echo "$path" | grep -qE -- "$re"; then alts=$rest; break; fi
		done
		if [ -z "$alts" ]; then
			echo "$b: no prefix line of config/mail.checks covers $path" >>"$tmp/subjects"
			continue
		fi
		[ "$alts" != - ] || continue
		hit=0
		IFS='|' read -ra as <<<"$alts"
		for a in "${as[@]}"; do
			a=$(echo "$a" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
			A=$a P=$prefix perl -e 'exit !($ENV{P} =~ /(^|[ ,])\Q$ENV{A}\E($|[\/ ,:])/)' && { hit=1; break; }
		done
		[ $hit = 1 ] || printf '%s\t%s\t%s\n' "$b: subject '$subject'" "$alts" "$path" >>"$tmp/subjects.raw"
	done < <(patch_files --all "$f")
done
# One line per patch and area: "... does not name PATH, PATH (want ...)".
[ ! -f "$tmp/subjects.raw" ] || awk -F'\t' '{ i = $1 FS $2 }
	!(i in p) { k[++n] = i; p[i] = $3; next } { p[i] = p[i] ", " $3 }
	END { for (i = 1; i <= n; i++) { split(k[i], a, FS); print a[1] " does not name " p[k[i]] " (want one of: " a[2] ")" } }' \
	"$tmp/subjects.raw" >>"$tmp/subjects"
report "recipients: every patch has the cover letter's To: and Cc:" now "$tmp/recipients"
if [ $send = 1 ]; then
	report "identity: no placeholder in From: or the *-by: trailers; the sender signs each patch" now "$tmp/identity"
else
	ktap_skip "identity: no placeholder in From: or the *-by: trailers" "not mail for sending (check-mail.sh --send DIR checks gen-patches.sh --send output)"
fi
report "tags: Fixes:, Link:, Cc: stable and config/mail.checks' tag lines" v2 "$tmp/tags"
report "length: fewer than 60 lines of commit message body" v2 "$tmp/length"
report "subjects: the prefix names the area of every touched file" v2 "$tmp/subjects"
ktap_end
