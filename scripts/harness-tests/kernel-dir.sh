# KERNEL_DIR is checked before any work: a missing directory and a
# directory that is not a git tree are usage errors in one line; a git
# worktree is a git tree and becomes the base.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# bad NAME DIR PATTERN: get-base.sh with KERNEL_DIR=DIR exits 2 with one
# line matching PATTERN and makes no cache.
bad() {
	local rc=0 err
	err=$(KERNEL_DIR=$2 GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
	if [ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -q "$3" && [ ! -e "$tmp/cache" ]; then
		ktap_ok "$1"
	else
		ktap_not_ok "$1" "exit $rc (want 2), cache $([ -e "$tmp/cache" ] && echo made || echo untouched), stderr:" "$err"
	fi
}
bad "a KERNEL_DIR that does not exist says so" "$tmp/nope" "does not exist"
mkdir -p "$tmp/plain"
bad "a KERNEL_DIR that is not a git tree says so" "$tmp/plain" "is not a git tree"

# A 6.1.5 "kernel" (kernelversion is all get-base.sh asks of it), and a
# git worktree of it.
git init -q "$tmp/linux"
printf 'kernelversion:\n\t@echo 6.1.5\n' >"$tmp/linux/Makefile"
git -C "$tmp/linux" add Makefile
git -C "$tmp/linux" -c user.name=t -c user.email=t@t commit -q -m "Linux 6.1.5"
git -C "$tmp/linux" worktree add -q --detach "$tmp/wt" HEAD
rc=0
out=$(KERNEL_DIR=$tmp/wt GRU_CACHE=$tmp/cache "$TOP/scripts/get-base.sh" 2>&1) || rc=$?
head=$(git -C "$tmp/linux" rev-parse HEAD)
if [ $rc = 0 ] && [ "$(GRU_CACHE=$tmp/cache KERNEL_DIR=$tmp/wt bash -c '. "$1"; base_commit' sh "$TOP/scripts/lib.sh")" = "$head" ]; then
	ktap_ok "a git worktree is a KERNEL_DIR; its HEAD is the base"
else
	ktap_not_ok "a git worktree is a KERNEL_DIR; its HEAD is the base" "exit $rc:" "$out"
fi
ktap_end
