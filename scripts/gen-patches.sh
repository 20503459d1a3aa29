#!/bin/bash
# Usage: gen-patches.sh [-o DIR] [--send]
# Regenerate the mail-ready series in DIR (default: patches/, BASE=6.12:
# 6.12/patches/ from 6.12/cover/) from `series`:
# apply it in the test worktree (lib.sh apply_for_test: not the one being
# edited; only what is exported counts), then git format-patch
# --cover-letter --thread --base=<base commit>, version from cover/version
# (no "v1" on the first posting), cover letter subject and text from
# cover/cover-letter.txt (first line: subject; the rest: text), and the
# cover letter's tag from cover/prefix if it exists (one word, e.g. RFC:
# "[RFC PATCH v2 0/N]"; the patches stay "[PATCH v2 n/N]"). Every
# patch and the cover letter get the same recipients: To: the maintainers
# get_maintainer.pl names for any patch, Cc: its reviewers and lists, with
# the additions and the noise removals of config/recipients.
# The output depends only on the repo's files: run it twice, get the same
# bytes (scripts/check-series.sh checks that patches/ is up to date). Its
# author and Signed-off-by are the repo's own identity, config/identity.
#
# --send   mail for sending, into -o DIR (required, not patches/): the
#          author (From:) and Signed-off-by of the repo's identity become
#          yours, from git config user.name and user.email, and the
#          Message-Ids carry the time. A placeholder identity (the repo's,
#          empty, a reserved domain such as example.org) is refused before
#          anything is done. Check the result with scripts/check-mail.sh
#          --send DIR, then git send-email DIR/*.patch.
set -eu
. "$(dirname "$0")/lib.sh"

out=$PATCHES_DIR send=0 outset=0
handle_help "$@"
use="gen-patches.sh [-o DIR] [--send]"
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || usage_error "$use: -o needs a directory"; out=$2 outset=1; shift 2 ;;
	-o?*) out=${1#-o} outset=1; shift ;;
	--send) send=1; shift ;;
	*) usage_error "$use: unknown argument '$1'" ;;
	esac
done
if [ $send = 1 ]; then
	[ $outset = 1 ] && [ "$(realpath -m -- "$out")" != "$(realpath -m -- "$PATCHES_DIR")" ] ||
		usage_error "$use: --send writes mail for sending, never patches/ (the reproducible copy): give -o DIR"
	sname=$(git -C "$TOP" config user.name || true)
	semail=$(git -C "$TOP" config user.email || true)
	sender="$sname <$semail>"
	why=$(placeholder_ident "$sender") &&
		die "git identity '$sender' is a placeholder ($why); set yours in this repo: git config user.name 'Full Name'; git config user.email ADDRESS; then rerun"
fi
# config/recipients: KIND ADDRESS # why, KIND one of to, cc, drop.
recipients=$TOP/config/recipients
[ -f "$recipients" ] || die "$recipients missing; restore it with git checkout"
bad=$(grep -n -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$recipients" |
	grep -v -E '^[0-9]+:(to|cc|drop)[[:space:]]+[^#]*[^#[:space:]][[:space:]]+#[[:space:]]*[^[:space:]]' | head -n1 || true)
[ -z "$bad" ] || die "config/recipients line ${bad%%:*}: want 'to|cc|drop ADDRESS  # why', got '${bad#*:}'"
need_cmd git git
need_cmd perl perl
cache_lock

version=$(cover_version) || exit 1
cover=$COVER_DIR/cover-letter.txt
[ -s "$cover" ] || die "$cover missing; first line: the cover letter's subject, then its text"
[ -n "$(head -n1 "$cover" | tr -d '[:space:]')" ] || die "$cover: the first line (the subject) is empty"
prefix=
if [ -e "$COVER_DIR/prefix" ]; then
	prefix=$(tr -d '[:space:]' <"$COVER_DIR/prefix")
	case "$prefix" in
	'' | *[!A-Za-z0-9-]*) die "${COVER_DIR#"$TOP"/}/prefix: want one word such as RFC, got '$prefix' (or delete the file)" ;;
	esac
fi

tree=$(apply_for_test)
base=$(base_commit)
[ -n "$(git -C "$tree" rev-list "$base..HEAD")" ] || die "series is empty: nothing to mail"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Message-Ids normally carry the current time; use a token that changes
# with anything that changes the mail (patches, version, cover letter) and
# nothing else, so that regenerating gives the same bytes and a new posting
# still gets new ids.
token=$( { git -C "$tree" rev-parse HEAD; echo "$version"; cat "$cover"; } | sha1sum | cut -c1-12)
first=$(git -C "$tree" rev-list --reverse "$base..HEAD" | head -n1)
vopt=()
[ "$version" = 1 ] || vopt=(-v"$version")

# The cover letter's From: and the Message-Id domain come from the committer
# ident: use the series' first author (the sender with --send), not the
# harness's fixed committer. No user or system git config: nothing there
# may change the output.
if [ $send = 1 ]; then
	cname=$sname cemail=$semail
else
	cname=$(git -C "$tree" log -1 --format=%an "$first")
	cemail=$(git -C "$tree" log -1 --format=%ae "$first")
fi
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_COMMITTER_NAME=$cname GIT_COMMITTER_EMAIL=$cemail \
	git -C "$tree" format-patch -q --abbrev=12 --cover-letter --thread --base="$base" \
	"${vopt[@]}" --subject-prefix=PATCH --zero-commit --no-signature \
	-o "$tmp/out" "$base..HEAD"

# get_maintainer.pl from the applied tree (the base's script, with any
# MAINTAINERS entry the series adds): To: maintainers, Cc: reviewers + lists.
# --no-fixes: the base has no history to find a Fixes: commit's signers in
# (config/recipients adds them by hand).
maint() {
	(cd "$tree" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-fixes --no-rolestats "$@") || die "get_maintainer.pl failed on ${*: -1}"
}
cover_out=$(ls "$tmp"/out/*0000-cover-letter.patch)
for p in "$tmp"/out/*.patch; do
	[ "$p" != "$cover_out" ] || continue
	maint --m --no-r --no-l "$p" >>"$tmp/to"
	maint --no-m --r --l "$p" >>"$tmp/cc"
done
# rcpt KIND: the config/recipients addresses of KIND (to, cc, drop).
rcpt() {
	awk -v k="$1" '$1 == k { sub(/^[^ \t]+[ \t]+/, ""); sub(/[ \t]+#.*$/, ""); print }' "$recipients"
}
# The union, in order of first appearance, the config's additions last;
# an address (the part in <>, any case) is listed once, never dropped ones,
# and never in Cc: when it is in To:.
rcpt to >>"$tmp/to"
rcpt cc >>"$tmp/cc"
rcpt drop >"$tmp/drop"
union() {
	awk 'function key(s) { if (match(s, /<[^>]*>/)) s = substr(s, RSTART + 1, RLENGTH - 2); return tolower(s) }
		FILENAME != "-" { skip[key($0)] = 1; next }
		!skip[key($0)]++' "$@" -
}
union "$tmp/drop" <"$tmp/to" >"$tmp/to.u"
union "$tmp/drop" "$tmp/to.u" <"$tmp/cc" >"$tmp/cc.u"

cover_date=$(git -C "$tree" log -1 --format=%aD HEAD)
repo=$(repo_ident)
for p in "$tmp"/out/*.patch; do
	iscover=0
	[ "$p" != "$cover_out" ] || iscover=1
	TOKEN=$token ISCOVER=$iscover COVER=$cover PREFIX=$prefix DATE=$cover_date SEND=$send REPO=$repo \
	SNAME=${sname:-} SEMAIL=${semail:-} TO=$(cat "$tmp/to.u") CC=$(cat "$tmp/cc.u") perl -MEncode -e '
		sub addrs { my ($h, $l) = @_; return "" if $l eq "";
			return "$h: " . join(",\n    ", split /\n/, $l) . "\n"; }
		local $/; my $m = <STDIN>;
		my ($hdr, $body) = split /\n\n/, $m, 2;
		if ($ENV{SEND}) {
			# The sender in place of the repo identity: From: (RFC 2047
			# for a name that is not ASCII, quoted if it has specials)
			# and the trailers it signed.
			my $n = decode("UTF-8", $ENV{SNAME});
			my $hn = $n =~ /[^\x20-\x7e]/ ? encode("MIME-Q", $n) :
				$n =~ /[()<>\[\]:;@\\,."]/ ? "\"" . ($n =~ s/(["\\])/\\$1/gr) . "\"" : $n;
			$hdr =~ s/^From: \Q$ENV{REPO}\E$/From: $hn <$ENV{SEMAIL}>/m;
			my $me = "$ENV{SNAME} <$ENV{SEMAIL}>";
			$body =~ s/^([A-Za-z-]+-by: )\Q$ENV{REPO}\E$/$1$me/mg;
			# The sender signs every patch (the DCO): add the line
			# to the trailers if it is not there yet.
			if (!$ENV{ISCOVER} && $body !~ /^Signed-off-by: \Q$me\E$/m) {
				my ($msg, $rest) = split /^---\n/m, $body, 2;
				$msg =~ s/\s*\z//;
				my $sep = ($msg =~ /\n\n(?:[A-Za-z-]+: [^\n]*\n?)+\z/) ? "\n" : "\n\n";
				$body = "$msg${sep}Signed-off-by: $me\n---\n$rest";
			}
		} else {
			$hdr =~ s/^((?:Message-Id|In-Reply-To|References): <[^>]*?)\.\d+\.git\./$1.$ENV{TOKEN}.git./mg;
		}
		if ($ENV{ISCOVER}) {
			open my $f, "<", $ENV{COVER} or die "$ENV{COVER}: $!";
			my $c = <$f>; close $f;
			my ($subj, $text) = split /\n/, $c, 2;
			$text =~ s/^\s*\n//; $text =~ s/\s*\z/\n/;
			$hdr =~ s/^Date: .*$/Date: $ENV{DATE}/m;
			$hdr =~ s/\*\*\* SUBJECT HERE \*\*\*/$subj/ or die "no subject placeholder\n";
			$hdr =~ s/^Subject: \[PATCH/Subject: [$ENV{PREFIX} PATCH/m if $ENV{PREFIX} ne "";
			$body =~ s/^\*\*\* BLURB HERE \*\*\*\n/$text/m or die "no blurb placeholder\n";
		}
		print $hdr, "\n", addrs("To", $ENV{TO}), addrs("Cc", $ENV{CC}), "\n", $body;
	' <"$p" >"$p.new"
	mv "$p.new" "$p"
done

mkdir -p "$out"
rm -f "$out"/*.patch
cp "$tmp"/out/*.patch "$out"/
log "wrote $(ls "$tmp"/out/*.patch | wc -l) file(s) (v$version, cover letter + $(git -C "$tree" rev-list --count "$base..HEAD") patch(es)) to $out$([ $send = 0 ] || echo ", from $sender")"
