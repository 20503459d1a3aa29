# Every script answers -h and --help with its usage on stdout and exit 0,
# and an unknown option with exit 2 and one line on stderr, before it
# touches the cache or anything else.
set -eu
. "$(dirname "$0")/../lib.sh"
mapfile -t scripts < <(cd "$TOP/scripts" && ls ./*.sh ./*.py | sed 's|^\./||' | grep -vx lib.sh)
ktap_plan $((2 * ${#scripts[@]}))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in "${scripts[@]}"; do
	why=()
	for h in -h --help; do
		rc=0
		GRU_CACHE=$tmp/cache timeout 10 "$TOP/scripts/$s" "$h" >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
		[ $rc = 0 ] || why+=("$h: exit $rc, want 0")
		head -n1 "$tmp/out" | grep -qi '^usage: ' || why+=("$h: stdout does not start with 'Usage: '")
		[ ! -s "$tmp/err" ] || why+=("$h: stderr: $(head -n1 "$tmp/err")")
	done
	[ ! -e "$tmp/cache" ] || why+=("--help touched the cache")
	if [ ${#why[@]} = 0 ]; then ktap_ok "$s --help"; else ktap_not_ok "$s --help" "${why[@]}"; fi
	rm -rf "$tmp/cache"
	rc=0
	GRU_CACHE=$tmp/cache timeout 10 "$TOP/scripts/$s" --no-such-option >"$tmp/out" 2>"$tmp/err" </dev/null || rc=$?
	why=()
	[ $rc = 2 ] || why+=("exit $rc, want 2")
	[ "$(wc -l <"$tmp/err")" = 1 ] || why+=("$(wc -l <"$tmp/err") lines on stderr, want 1:" "$(head -n3 "$tmp/err")")
	[ ! -e "$tmp/cache" ] || why+=("touched the cache")
	if [ ${#why[@]} = 0 ]; then ktap_ok "$s --no-such-option"; else ktap_not_ok "$s --no-such-option" "${why[@]}"; fi
	rm -rf "$tmp/cache"
done
ktap_end
