# A relative GRU_CACHE names one directory, whatever the working directory,
# and every spelling of it gives the same string (stamps compare paths).
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/sub"
cache_of() { (cd "$1" && GRU_CACHE=$2 bash -c '. "$1"; echo "$CACHE"' sh "$TOP/scripts/lib.sh"); }
bad=
for spelling in "$tmp/a rel" "$tmp/a/sub ../rel" "$tmp/a ./rel/" "/ $tmp/a//rel"; do
	read -r dir c <<<"$spelling"
	got=$(cache_of "$dir" "$c")
	[ "$got" = "$tmp/a/rel" ] || bad="$bad GRU_CACHE=$c from $dir: $got;"
done
if [ -z "$bad" ]; then
	ktap_ok "GRU_CACHE is made absolute and normalised once"
else
	ktap_not_ok "GRU_CACHE is made absolute and normalised once" "$bad"
fi
ktap_end
