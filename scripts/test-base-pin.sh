#!/bin/bash
# Usage: test-base-pin.sh [CASE...]
# Prove that the base comes from config/base.pin (BASE=6.12:
# config/base-6.12.pin) and nothing else:
#   absent     a pin to a version the archive lacks: get-base.sh fails with
#              one line that lists the archive's versions and names
#              scripts/bump-base.sh
#   installed  another linux-source-$BASE revision "installed" (a tmpfs
#              /usr/src with another tree's tarball, dpkg-query saying
#              another version, in a private mount namespace): get-base.sh
#              still makes the pinned commit, from an empty cache
#   bump       bump-base.sh, on a copy of the repo, moves the pin to the
#              archive's other revision of the same upstream release and
#              regenerates patches/ against it
#   gone       bump-base.sh from a pin that has left the archive (no .deb,
#              no base) to the real pin: it works, and patches/ comes out
#              as the repo has it
# The .debs come from $GRU_CACHE/debs (hard links); everything else goes to
# a scratch cache under $GRU_CACHE that is deleted at the end. KTAP output,
# then "N passed, N failed, N skipped"; exit 1 if a case failed.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
all="absent installed bump gone"
for c in "$@"; do
	echo " $all " | grep -qF " $c " || usage_error "test-base-pin.sh [$all]: unknown case '$c'"
done
[ $# -gt 0 ] || set -- $all
if [ -n "${KERNEL_DIR:-}" ]; then
	ktap_plan $#
	for c; do ktap_skip "$c" "KERNEL_DIR is set: the pinned base is not in use"; done
	ktap_end
	exit
fi

"$TOP/scripts/get-base.sh"
pkg=$(pin_get package)
pinned=$(pin_get version)
pincommit=$(pin_get commit)
# The pin and the mail copy as paths in a copy of the repo; a version of
# this line that no archive has.
pinrel=${PIN#"$TOP"/} pdir=${PATCHES_DIR#"$TOP"/}
case $pinrel in /*) die "test-base-pin.sh tests the repo's pin; unset GRU_BASE_PIN" ;; esac
nover=$BASE.999-9

# Under the cache: the scratch bases take a few GB, too much for /tmp.
work=$(mktemp -d "$CACHE/base-pin-test.XXXXXX")
trap 'rm -rf "$work" || true' EXIT
trap 'exit 130' INT TERM
scratch=$work/cache
mkdir -p "$scratch/debs"
ln "$CACHE"/debs/*.deb "$scratch/debs/" 2>/dev/null || cp "$CACHE"/debs/*.deb "$scratch/debs/"

ktap_plan $#
case_absent() {
	local name="absent: a pin to a version the archive lacks fails in one line" rc=0
	sed "s/^version .*/version $nover/" "$PIN" >"$work/absent.pin"
	GRU_BASE_PIN=$work/absent.pin GRU_CACHE=$work/absent "$TOP/scripts/get-base.sh" \
		>"$work/absent.out" 2>"$work/absent.err" || rc=$?
	if [ $rc != 1 ]; then
		ktap_not_ok "$name" "get-base.sh exited $rc, want 1"
	elif [ "$(wc -l <"$work/absent.err")" != 1 ]; then
		ktap_not_ok "$name" "$(wc -l <"$work/absent.err") lines on stderr, want 1:" "$(cat "$work/absent.err")"
	elif ! grep -q "${nover//./\\.} .*not in the archive, which has: .*$pinned.*scripts/bump-base.sh" "$work/absent.err"; then
		ktap_not_ok "$name" "the line does not name the version, the archive's versions and bump-base.sh:" "$(cat "$work/absent.err")"
	else
		ktap_ok "$name"
	fi
}

case_installed() {
	local name="installed: another installed $pkg changes nothing" got
	if ! unshare -m true 2>/dev/null; then
		ktap_skip "$name" "needs a private mount namespace (root, unshare -m) for a fake /usr/src"
		return
	fi
	dpkg-query -W "$pkg" >"$work/installed.before" 2>&1 || true
	# A kernel tree that says $BASE.90: if get-base.sh read it, the base
	# would be the wrong release or the wrong commit.
	mkdir -p "$work/fake/$pkg"
	printf 'VERSION = %s\nPATCHLEVEL = %s\nSUBLEVEL = 90\nkernelversion:\n\t@echo %s.90\n' \
		"${BASE%%.*}" "${BASE#*.}" "$BASE" >"$work/fake/$pkg/Makefile"
	tar -C "$work/fake" -cJf "$work/fake.tar.xz" "$pkg"
	mkdir -p "$work/bin"
	printf '#!/bin/sh\necho %s.90-1\n' "$BASE" >"$work/bin/dpkg-query"
	chmod +x "$work/bin/dpkg-query"
	if ! unshare -m sh -c '
		mount -t tmpfs none /usr/src &&
		cp "$1" "/usr/src/$5.tar.xz" &&
		PATH=$2:$PATH GRU_CACHE=$3 "$4"' sh "$work/fake.tar.xz" "$work/bin" "$scratch" \
		"$TOP/scripts/get-base.sh" "$pkg" >"$work/inst.out" 2>&1; then
		ktap_not_ok "$name" "get-base.sh failed:" "$(tail -n 5 "$work/inst.out")"
		return
	fi
	got=$(git -C "$scratch/base-debian-$pinned" rev-parse gru-base 2>/dev/null || echo none)
	if [ "$got" != "$pincommit" ]; then
		ktap_not_ok "$name" "base commit $got, want the pinned $pincommit"
	elif ! grep -q "unpacking $pkg $pinned" "$work/inst.out"; then
		ktap_not_ok "$name" "get-base.sh did not unpack the pinned .deb:" "$(cat "$work/inst.out")"
	elif ! dpkg-query -W "$pkg" 2>&1 | cmp -s - "$work/installed.before"; then
		ktap_not_ok "$name" "get-base.sh changed what dpkg has installed of $pkg"
	else
		ktap_ok "$name"
	fi
}

case_bump() {
	local name="bump: bump-base.sh moves the pin and regenerates $pdir/" other copy rc=0 newc
	# The revision before the pinned one of the same upstream release, else
	# the newest other one: the series applies to both.
	other=$(apt-cache madison "$pkg" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
		grep -vxF "$pinned" | grep -F "$(pin_get upstream)-" | sort -V | tail -n1 || true)
	if [ -z "$other" ]; then
		ktap_skip "$name" "the archive has no other revision of $(pin_get upstream)"
		return
	fi
	# The pinned base, if the installed case did not just make it here.
	[ -e "$scratch/base-debian-$pinned" ] || ln -s "$(base_repo)" "$scratch/base-debian-$pinned"
	copy=$work/repo
	mkdir -p "$copy"
	(cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy")
	GRU_CACHE=$scratch "$copy/scripts/bump-base.sh" "$other" >"$work/bump.out" 2>&1 || rc=$?
	newc=$(awk '$1 == "commit" { print $2 }' "$copy/$pinrel")
	if [ $rc != 0 ]; then
		ktap_not_ok "$name" "bump-base.sh $other exited $rc:" "$(tail -n 5 "$work/bump.out")"
	elif ! grep -qx "version $other" "$copy/$pinrel" || [ "$newc" = "$pincommit" ] || [ -z "$newc" ]; then
		ktap_not_ok "$name" "the pin was not moved to $other:" "$(cat "$copy/$pinrel")"
	elif [ "$(git -C "$scratch/base-debian-$other" rev-parse gru-base 2>/dev/null)" != "$newc" ]; then
		ktap_not_ok "$name" "the pin's commit $newc is not the base made from $other"
	elif ! grep -qx "base-commit: $newc" "$copy/$pdir"/*0000-cover-letter.patch; then
		ktap_not_ok "$name" "$pdir/ was not regenerated against $newc"
	elif ! grep -q "changes against $pinned in the files the series touches" "$work/bump.out" ||
		! grep -q "Debian changelog since $pinned" "$work/bump.out"; then
		ktap_not_ok "$name" "no report of what changed between the revisions:" "$(tail -n 8 "$work/bump.out")"
	else
		ktap_ok "$name ($pinned -> $other)"
	fi
}

case_gone() {
	local name="gone: bump-base.sh moves a pin that has left the archive" copy=$work/gone rc=0
	[ -e "$scratch/base-debian-$pinned" ] || ln -s "$(base_repo)" "$scratch/base-debian-$pinned"
	mkdir -p "$copy"
	(cd "$TOP" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy")
	sed -i "s/^version .*/version $nover/" "$copy/$pinrel"
	GRU_CACHE=$scratch "$copy/scripts/bump-base.sh" "$pinned" >"$work/gone.out" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		ktap_not_ok "$name" "bump-base.sh $pinned exited $rc:" "$(tail -n 5 "$work/gone.out")"
	elif ! cmp -s "$copy/$pinrel" "$PIN"; then
		ktap_not_ok "$name" "the new pin is not the repo's:" "$(diff "$PIN" "$copy/$pinrel")"
	elif ! diff -r -q "$PATCHES_DIR" "$copy/$pdir" >"$work/gone.diff"; then
		ktap_not_ok "$name" "$pdir/ differs from the repo's:" "$(head -n 3 "$work/gone.diff")"
	else
		ktap_ok "$name"
	fi
}

for c in "$@"; do "case_$c"; done
ktap_end
