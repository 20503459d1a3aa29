#!/bin/bash
# Usage: gen-patches.sh [-o DIR]
# Regenerate the mail-ready series in DIR (default: patches/) from `series`:
# apply it in the test worktree (lib.sh apply_for_test: not the one being
# edited; only what is exported counts), then git format-patch
# --cover-letter --thread --base=<base commit>, version from cover/version
# (no "v1" on the first posting), cover letter subject and text from
# cover/cover-letter.txt (first line: subject; the rest: text), To:
# (maintainers) and Cc: (lists, reviewers) of each patch from
# get_maintainer.pl, the union on the cover.
# The output depends only on the repo's files: run it twice, get the same
# bytes (scripts/check-series.sh checks that patches/ is up to date).
set -eu
. "$(dirname "$0")/lib.sh"

out=$TOP/patches
handle_help "$@"
while getopts :o: opt; do
	case $opt in
	o) out=$OPTARG ;;
	*) usage_error "gen-patches.sh [-o DIR]" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage_error "gen-patches.sh [-o DIR] takes no other argument"
need_cmd git git
need_cmd perl perl
cache_lock

version=$(cover_version) || exit 1
cover=$TOP/cover/cover-letter.txt
[ -s "$cover" ] || die "$cover missing; first line: the cover letter's subject, then its text"
[ -n "$(head -n1 "$cover" | tr -d '[:space:]')" ] || die "$cover: the first line (the subject) is empty"

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
# ident: use the series' first author, not the harness's fixed committer.
# No user or system git config: nothing there may change the output.
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
GIT_COMMITTER_NAME=$(git -C "$tree" log -1 --format=%an "$first") \
GIT_COMMITTER_EMAIL=$(git -C "$tree" log -1 --format=%ae "$first") \
	git -C "$tree" format-patch -q --abbrev=12 --cover-letter --thread --base="$base" \
	"${vopt[@]}" --subject-prefix=PATCH --zero-commit --no-signature \
	-o "$tmp/out" "$base..HEAD"

# get_maintainer.pl from the applied tree (the base's script, with any
# MAINTAINERS entry the series adds): To: maintainers, Cc: reviewers + lists.
maint() {
	(cd "$tree" && ./scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats "$@") || die "get_maintainer.pl failed on ${*: -1}"
}
cover_out=$(ls "$tmp"/out/*0000-cover-letter.patch)
for p in "$tmp"/out/*.patch; do
	[ "$p" != "$cover_out" ] || continue
	maint --m --no-r --no-l "$p" >"$p.to"
	maint --no-m --r --l "$p" >"$p.cc"
done
cat "$tmp"/out/*.to | awk '!seen[$0]++' >"$cover_out.to"
cat "$tmp"/out/*.cc | awk 'NR == FNR { to[$0] = 1; next } !to[$0] && !seen[$0]++' \
	"$cover_out.to" - >"$cover_out.cc"

cover_date=$(git -C "$tree" log -1 --format=%aD HEAD)
for p in "$tmp"/out/*.patch; do
	iscover=0
	[ "$p" != "$cover_out" ] || iscover=1
	TOKEN=$token ISCOVER=$iscover COVER=$cover DATE=$cover_date \
	TO=$(cat "$p.to") CC=$(cat "$p.cc") perl -e '
		sub addrs { my ($h, $l) = @_; return "" if $l eq "";
			return "$h: " . join(",\n    ", split /\n/, $l) . "\n"; }
		local $/; my $m = <STDIN>;
		my ($hdr, $body) = split /\n\n/, $m, 2;
		$hdr =~ s/^((?:Message-Id|In-Reply-To|References): <[^>]*?)\.\d+\.git\./$1.$ENV{TOKEN}.git./mg;
		if ($ENV{ISCOVER}) {
			open my $f, "<", $ENV{COVER} or die "$ENV{COVER}: $!";
			my $c = <$f>; close $f;
			my ($subj, $text) = split /\n/, $c, 2;
			$text =~ s/^\s*\n//; $text =~ s/\s*\z/\n/;
			$hdr =~ s/^Date: .*$/Date: $ENV{DATE}/m;
			$hdr =~ s/\*\*\* SUBJECT HERE \*\*\*/$subj/ or die "no subject placeholder\n";
			$body =~ s/^\*\*\* BLURB HERE \*\*\*\n/$text/m or die "no blurb placeholder\n";
		}
		print $hdr, "\n", addrs("To", $ENV{TO}), addrs("Cc", $ENV{CC}), "\n", $body;
	' <"$p" >"$p.new"
	mv "$p.new" "$p"
done

mkdir -p "$out"
rm -f "$out"/*.patch
cp "$tmp"/out/*.patch "$out"/
log "wrote $(ls "$tmp"/out/*.patch | wc -l) file(s) (v$version, cover letter + $(git -C "$tree" rev-list --count "$base..HEAD") patch(es)) to $out"
