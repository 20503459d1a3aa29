# The base is derived from what names it (KERNEL_DIR's HEAD or the pin) on
# every run: a get-base.sh for another tree in the same cache does not
# change the base an earlier setting sees.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for v in 5 6; do
	git init -q "$tmp/linux-$v"
	printf 'kernelversion:\n\t@echo 6.1.%s\n' $v >"$tmp/linux-$v/Makefile"
	git -C "$tmp/linux-$v" add Makefile
	git -C "$tmp/linux-$v" -c user.name=t -c user.email=t@t commit -q -m "Linux 6.1.$v"
	KERNEL_DIR=$tmp/linux-$v GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>/dev/null
done
got=$(KERNEL_DIR=$tmp/linux-5 GRU_CACHE=$tmp/cache bash -c '. "$1"; base_commit' sh "$TOP/scripts/lib.sh" 2>&1) || true
want=$(git -C "$tmp/linux-5" rev-parse HEAD)
if [ "$got" = "$want" ]; then
	ktap_ok "the base follows KERNEL_DIR, not the last get-base.sh"
else
	ktap_not_ok "the base follows KERNEL_DIR, not the last get-base.sh" "KERNEL_DIR=linux-5 sees $got, want $want (linux-6 is $(git -C "$tmp/linux-6" rev-parse HEAD))"
fi
ktap_end
