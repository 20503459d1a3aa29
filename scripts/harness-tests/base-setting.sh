# BASE names the kernel line: unset is 6.1 (config/base.pin, series),
# BASE=6.12 reads config/base-6.12.pin and 6.12/series, anything else is a
# usage error in one line before any work; get-base.sh takes a KERNEL_DIR
# only of the BASE line. Each base's mail copy and cover letter are in
# its own tree: patches/ and cover/, 6.12/patches/ and 6.12/cover/.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# names BASE: "PIN SERIES PATCHES_DIR COVER_DIR" as lib.sh derives them
# for BASE (empty: unset).
names() {
	env -u GRU_BASE_PIN ${1:+BASE=$1} bash -c '[ -n "${1:-}" ] || unset BASE; . "$2"; echo "${PIN#"$TOP"/} ${SERIES#"$TOP"/} ${PATCHES_DIR#"$TOP"/} ${COVER_DIR#"$TOP"/}"' sh "$1" "$TOP/scripts/lib.sh"
}
for c in ":config/base.pin series patches cover" "6.1:config/base.pin series patches cover" \
	"6.12:config/base-6.12.pin 6.12/series 6.12/patches 6.12/cover"; do
	b=${c%%:*} want=${c#*:}
	got=$(names "$b" 2>&1) || true
	if [ "$got" = "$want" ]; then
		ktap_ok "BASE=${b:-(unset)} reads $want"
	else
		ktap_not_ok "BASE=${b:-(unset)} reads $want" "got: $got"
	fi
done

rc=0
err=$(BASE=6.13 GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
if [ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -q "BASE=6.12" && [ ! -e "$tmp/cache" ]; then
	ktap_ok "an unknown BASE is a usage error in one line that names the bases"
else
	ktap_not_ok "an unknown BASE is a usage error in one line that names the bases" "exit $rc (want 2), stderr:" "$err"
fi

# A 6.1.5 and a 6.12.5 "kernel" (kernelversion is all get-base.sh asks).
for v in 6.1.5 6.12.5; do
	git init -q "$tmp/linux-$v"
	printf 'kernelversion:\n\t@echo %s\n' $v >"$tmp/linux-$v/Makefile"
	git -C "$tmp/linux-$v" add Makefile
	git -C "$tmp/linux-$v" -c user.name=t -c user.email=t@t commit -q -m "Linux $v"
done
r1=0 r2=0 r3=0
e1=$(BASE=6.12 KERNEL_DIR=$tmp/linux-6.1.5 GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1) || r1=$?
e2=$(BASE=6.12 KERNEL_DIR=$tmp/linux-6.12.5 GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1) || r2=$?
e3=$(env -u BASE KERNEL_DIR=$tmp/linux-6.12.5 GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1) || r3=$?
if [ $r1 = 1 ] && echo "$e1" | grep -q "against 6.12.y" && [ $r2 = 0 ] && [ $r3 = 1 ] && echo "$e3" | grep -q "against 6.1.y"; then
	ktap_ok "get-base.sh takes a KERNEL_DIR of the BASE line only"
else
	ktap_not_ok "get-base.sh takes a KERNEL_DIR of the BASE line only" "6.1.5 with BASE=6.12: exit $r1: $e1" "6.12.5 with BASE=6.12: exit $r2: $e2" "6.12.5 with BASE unset: exit $r3: $e3"
fi
ktap_end
