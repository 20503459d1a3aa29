#!/bin/bash
# Usage: bump-base.sh [VERSION]
# Move the base pin (config/base.pin, BASE=6.12: config/base-6.12.pin and
# 6.12/patches/) to VERSION of the pinned package
# (default: the newest version the archive has): fetch and unpack that
# base, re-apply the series onto it, write the new pin, regenerate
# patches/, and print what Debian changed between the two versions in the
# files the series touches, with the new changelog entries. If a patch no
# longer applies, it stops naming the patch and leaves the pin and
# patches/ as they were. Review the result and commit it as any change.
# GRU_BASE_PIN=FILE moves that pin instead.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
case "${1:-}" in -*) usage_error "bump-base.sh [VERSION]: unknown option $1" ;; esac
[ $# -le 1 ] || usage_error "bump-base.sh [VERSION]"
[ -z "${KERNEL_DIR:-}" ] || die "KERNEL_DIR is set: the pin names a Debian package, not a git tree; unset KERNEL_DIR"
need_cmd apt-cache apt
need_cmd dpkg-parsechangelog dpkg-dev
cache_lock

pkg=$(pin_get package)
old=$(pin_get version)
[ "$(id -u)" != 0 ] || apt-get update -qq >/dev/null 2>&1 || true
versions=$(apt-cache madison "$pkg" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
[ -n "$versions" ] || die "apt knows no version of $pkg; run apt-get update"
new=${1:-$(echo "$versions" | sort -V | tail -n1)}
echo "$versions" | grep -qxF "$new" ||
	die "$pkg $new is not in the archive, which has: $(echo $versions)"
if [ "$new" = "$old" ]; then
	log "$pkg is already pinned at $new"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The old base only feeds the report: a pin that has left the archive (the
# usual reason to bump) may have no .deb here any more.
oldrepo=
if "$TOP/scripts/get-base.sh" 2>"$tmp/old.log"; then
	oldrepo=$(base_repo)
else
	log "no old base to compare with: $(grep -m1 '^error: ' "$tmp/old.log" | cut -c8-)"
fi

mkdir -p "$CACHE/debs"
(cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$new") >"$tmp/dl.log" 2>&1 ||
	die "apt-get download $pkg=$new failed: $(grep -m1 '^E: ' "$tmp/dl.log" || tail -n1 "$tmp/dl.log")"
deb=$CACHE/debs/${pkg}_${new//:/%3a}_all.deb
mv "$tmp"/*.deb "$deb"
# Debian's upstream version of a stable release "6.1.192" is that release.
upstream=$(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//; s/^[0-9]*://')
{
	sed -n '/^#/p' "$PIN"
	echo "package $pkg"
	echo "version $new"
	echo "upstream $upstream"
	echo "deb-sha256 $(sha256sum <"$deb" | cut -d' ' -f1)"
} >"$tmp/pin"

# The new base, the series on it and patches/ for it, all under the new
# pin; the repo's pin and patches/ change only once all of that worked.
GRU_BASE_PIN=$tmp/pin GRU_PIN_NEW=1 "$TOP/scripts/get-base.sh"
newrepo=$(PIN=$tmp/pin; base_repo)
newbase=$(git -C "$newrepo" rev-parse gru-base)
echo "commit $newbase" >>"$tmp/pin"
if ! GRU_BASE_PIN=$tmp/pin apply_for_test >/dev/null 2>"$tmp/apply.log"; then
	keep=$CACHE/base.pin-$new
	cp "$tmp/pin" "$keep"
	die "the series does not apply to $pkg $new ($(grep -m1 '^error: ' "$tmp/apply.log" | cut -c8- | sed 's/; .*//')); the pin stays at $old. To port it: GRU_BASE_PIN=$keep scripts/apply-series.sh, git am -3 the rest, GRU_BASE_PIN=$keep scripts/export-series.sh, then scripts/bump-base.sh $new again"
fi
GRU_BASE_PIN=$tmp/pin "$TOP/scripts/gen-patches.sh" -o "$tmp/patches"
cp "$tmp/pin" "$PIN"
rm -f "$PATCHES_DIR"/*.patch
cp "$tmp"/patches/*.patch "$PATCHES_DIR/"
log "pinned $pkg $new (was $old): base ${newbase:0:12}, ${PATCHES_DIR#"$TOP"/}/ regenerated"

# Blob ids, not a fetch of one base into the other: both are ~80k files.
mapfile -t series < <(series_patches)
mapfile -t files < <(patch_files --all "${series[@]/#/$TOP/}")
if [ -n "$oldrepo" ]; then git -C "$oldrepo" ls-tree -r gru-base; fi >"$tmp/old.tree"
git -C "$newrepo" ls-tree -r gru-base >"$tmp/new.tree"
echo "==> what $pkg $new changes against $old in the files the series touches:"
changed=0
for f in "${files[@]}"; do
	[ -n "$oldrepo" ] || { echo "unknown: no $old base here"; break; }
	a=$(awk -v f="$f" '$4 == f { print $3 }' "$tmp/old.tree")
	b=$(awk -v f="$f" '$4 == f { print $3 }' "$tmp/new.tree")
	[ "$a" != "$b" ] || continue
	changed=1
	diff -u --label "a/$f" --label "b/$f" \
		<([ -z "$a" ] || git -C "$oldrepo" cat-file blob "$a") \
		<([ -z "$b" ] || git -C "$newrepo" cat-file blob "$b") || true
done
[ $changed = 1 ] || [ -z "$oldrepo" ] || echo "nothing"
[ -z "$oldrepo" ] ||
	echo "==> files changed in the whole tree: $(sort "$tmp/old.tree" "$tmp/new.tree" | uniq -u | awk '{ print $4 }' | sort -u | wc -l)"
echo "==> Debian changelog since $old:"
if dpkg --compare-versions "$new" gt "$old"; then
	dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -xO "./usr/share/doc/$pkg/changelog.Debian.gz" | gzip -dc |
		dpkg-parsechangelog -l - --since "$old" -S Changes
else
	echo "none: $new is older than $old"
fi
