# Each piece of the harness lives in one place: no dead scripts, one
# default per timeout level, one writer of guest-log names, one reader of
# a patch's file list, one swap setup, prefix builds without re-applying.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 6
cd "$TOP"

# files_with REGEX PATH...: the files under PATH with a line matching REGEX.
files_with() {
	local re=$1
	shift
	grep -rlE --exclude-dir=harness-tests -- "$re" "$@" 2>/dev/null | sort || true
}
# expect NAME WANT GOT: GOT (a file list) must be WANT.
expect() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1" "want: ${2:-none}" "got: $(echo $3)"
	fi
}

dead=$(for f in scripts/*.sh scripts/*.py scripts/guest/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	grep -rqlF --exclude-dir=harness-tests --exclude-dir=.git --exclude="$b" -- "$b" \
		scripts config README .ci || echo "$f"
done)
expect "every script is used by another file or the README" "" "$dead"

defaults=$(for v in GUEST_TIMEOUT KSFT_TIMEOUT; do
	n=$(grep -rhoE --exclude-dir=harness-tests "\\\$\\{$v:-[^}]*\\}" scripts | sort -u | wc -l)
	[ "$n" = 1 ] || echo "$v has $n defaults"
done)
expect "one default per timeout level (GUEST_TIMEOUT, KSFT_TIMEOUT)" "" "$defaults"

expect "guest log names are made in one place" "scripts/lib.sh" \
	"$(files_with 'logs/guest-' scripts)"
expect "a patch's file list is read in one place" "scripts/lib.sh" \
	"$(files_with "[+]{3} b/|-{3} a/" scripts --include='*.sh')"
expect "the guest's swap is set up in one place" "scripts/guest/setup-swap.sh" \
	"$(files_with 'swapon' scripts config)"
expect "check-series.sh builds prefixes without re-applying the series" "" \
	"$(files_with 'apply-series\.sh" "\$k"' scripts/check-series.sh)"
ktap_end
