# One run per cache: while another process holds the cache's lock, a
# script that works in the cache stops at once with one line; once the
# lock is free it runs, and the holder's children do not lock themselves
# out.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
tmp=$(mktemp -d)
holder=
trap '[ -z "$holder" ] || kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT
git init -q "$tmp/linux"
printf 'kernelversion:\n\t@echo 6.1.5\n' >"$tmp/linux/Makefile"
git -C "$tmp/linux" add Makefile
git -C "$tmp/linux" -c user.name=t -c user.email=t@t commit -q -m "Linux 6.1.5"
export KERNEL_DIR=$tmp/linux GRU_CACHE=$tmp/cache
mkdir -p "$tmp/cache"

flock -o "$tmp/cache/lock" sleep 60 &
holder=$!
for _ in $(seq 50); do ! flock -n "$tmp/cache/lock" true || sleep 0.1; done
rc=0
err=$(timeout 20 "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
if [ $rc = 1 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -q "another run holds $tmp/cache"; then
	ktap_ok "a second run on a held cache stops with one line"
else
	ktap_not_ok "a second run on a held cache stops with one line" "exit $rc (want 1), stderr:" "$err"
fi
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=

rc=0
err=$(timeout 20 "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
if [ $rc = 0 ]; then ktap_ok "a free cache is taken"; else ktap_not_ok "a free cache is taken" "exit $rc:" "$err"; fi

# The lock holder's children (a test run's stages) share its lock.
rc=0
err=$(timeout 20 bash -c '. "$1"; cache_lock; "$2"' sh "$TOP/scripts/lib.sh" "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
if [ $rc = 0 ]; then ktap_ok "a lock holder's children run"; else ktap_not_ok "a lock holder's children run" "exit $rc:" "$err"; fi
ktap_end
