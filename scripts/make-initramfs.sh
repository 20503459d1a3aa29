#!/bin/bash
# Usage: make-initramfs.sh OUT.cpio.gz KSFT_DIR GUEST_SCRIPT [TESTLIST]
# Write a gzip'd newc initramfs that boots straight into the tests:
#   /bin/busybox + applet symlinks    (busybox-static)
#   /bin/bash, /usr/bin/timeout       (host binaries: run_vmtests.sh is bash,
#                                      kselftest's runner needs GNU timeout
#                                      --foreground, which busybox lacks)
#   /usr/bin/sudo                     (shim for run_vmtests.sh's "sudo -u")
#   the dynamic loader and every shared library of those binaries and of the
#   ELF files in KSFT_DIR, found with ldd, at their host paths
#   KSFT_DIR -> /kselftest, GUEST_SCRIPT -> /guest-run.sh,
#   scripts/guest/*.sh -> /guest/
#   TESTLIST -> /kselftest-tests.txt  (one collection:test per line)
#   /init                             (mounts, prints the GRU-GUEST markers,
#                                      runs /guest-run.sh, reboot -f)
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
case $# in 3 | 4) ;; *) usage_error "make-initramfs.sh OUT.cpio.gz KSFT_DIR GUEST_SCRIPT [TESTLIST]" ;; esac
out=$1 ksft=$2 guest=$3 tests=${4:-}

[ -f "$ksft/run_kselftest.sh" ] || die "$ksft has no run_kselftest.sh (run scripts/build-selftests.sh)"
[ -f "$guest" ] || die "guest script $guest not found"
[ -z "$tests" ] || [ -f "$tests" ] || die "test list $tests not found"
need_cmd cpio cpio
need_cmd gzip gzip
need_cmd ldd libc-bin
/bin/busybox --list >/dev/null 2>&1 ||
	die "/bin/busybox missing; run: apt-get update && apt-get install -y busybox-static (or scripts/install-deps.sh)"
ldd /bin/busybox >/dev/null 2>&1 &&
	die "/bin/busybox is dynamically linked; run: apt-get install -y busybox-static"
need_cmd bash bash
timeout_bin=$(command -v timeout) || die "timeout not found; run: apt-get install -y coreutils"

root=$(mktemp -d "${TMPDIR:-/tmp}/gru-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,lib64}

install -m 755 /bin/busybox "$root/bin/busybox"
install -m 755 "$(command -v bash)" "$root/bin/bash"
install -m 755 "$timeout_bin" "$root/usr/bin/timeout"
cp -a "$ksft" "$root/kselftest"
install -m 755 "$guest" "$root/guest-run.sh"
# The guest scripts' shared pieces (@setup lines of the test lists).
mkdir -p "$root/guest"
install -m 755 "$TOP"/scripts/guest/*.sh "$root/guest/"
[ -z "$tests" ] || install -m 644 "$tests" "$root/kselftest-tests.txt"

# Applets the host binaries above do not provide.
/bin/busybox --list-full | while read -r applet; do
	[ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done

# Shared libraries: every dynamic ELF gets its ldd closure at the same path.
# (Copied rather than linking the tests statically: the kselftest build links
# with -lnuma/-lcap and we want the binaries exactly as kselftest builds them.)
find "$root" -type f -perm -u+x | while read -r f; do
	head -c 4 "$f" | grep -q 'ELF' || continue
	ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
	[ -e "$root$lib" ] && continue
	mkdir -p "$root$(dirname "$lib")"
	cp -L "$lib" "$root$lib"
done
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || die "ldd found no dynamic loader (no dynamic binaries?)"
# glibc dlopen()s libgcc_s for pthread_cancel() (userfaultfd) and unwinding;
# ldd cannot see that.
libc=$(ldd "$root/bin/bash" | grep -o '/[^ ]*/libc\.so\.6')
libgcc=$(dirname "$libc")/libgcc_s.so.1
[ -e "$libgcc" ] || die "$libgcc missing; run: apt-get install -y libgcc-s1"
mkdir -p "$root$(dirname "$libgcc")"
cp -L "$libgcc" "$root$libgcc"

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP

cat >"$root/usr/bin/sudo" <<'SUDO'
#!/bin/sh
# Minimal sudo for the tests (we are root): "sudo [-u USER] CMD [ARGS]".
user=root
[ "$1" = "-u" ] && { user=$2; shift 2; }
exec su -s /bin/sh "$user" -c 'exec "$0" "$@"' "$@"
SUDO
chmod 755 "$root/usr/bin/sudo"

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# Console first: the kernel gives init no fds if /dev/console was missing.
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec 0</dev/console 1>/dev/console 2>&1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
mkdir -p /dev/shm /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t devpts devpts /dev/pts 2>/dev/null
# What udev would add; kselftest's runner writes to /dev/stdout.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
if grep -qw hugetlbfs /proc/filesystems; then
	mkdir -p /dev/hugepages
	mount -t hugetlbfs hugetlbfs /dev/hugepages
fi
[ -w /proc/sys/vm/nr_hugepages ] && echo 64 >/proc/sys/vm/nr_hugepages
echo "GRU-GUEST: start"
/guest-run.sh
rc=$?
echo "GRU-GUEST: done rc=$rc"
sync
reboot -f
INIT
chmod 755 "$root/init"

# /dev/console for the kernel's console_on_rootfs() (needs root; /init copes without).
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"
log "$out: $(du -h "$out" | cut -f1), $(find "$root" -type f | wc -l) files"
