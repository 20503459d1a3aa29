# A relative GRU_CACHE names one directory, whatever the working directory.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/sub"
got=$(cd "$tmp/a" && GRU_CACHE=rel bash -c '. "$1"; echo "$CACHE"' sh "$TOP/scripts/lib.sh")
sub=$(cd "$tmp/a/sub" && GRU_CACHE=../rel bash -c '. "$1"; echo "$CACHE"' sh "$TOP/scripts/lib.sh")
if [ "$got" = "$tmp/a/rel" ] && [ "$(cd "$tmp/a" && realpath -m "$sub")" = "$tmp/a/rel" ]; then
	ktap_ok "a relative GRU_CACHE is made absolute once"
else
	ktap_not_ok "a relative GRU_CACHE is made absolute once" "from $tmp/a: $got; from sub/ with ../rel: $sub"
fi
ktap_end
