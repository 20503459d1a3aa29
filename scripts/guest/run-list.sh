#!/bin/sh
# /guest-run.sh for a list of commands: /kselftest-tests.txt has one test a
# line, "NAME COMMAND...", each run in /kselftest/vm (or /kselftest/mm, its
# name since Linux 6.3, when that is what the image has). Each becomes a small
# script in /kselftest/vm-list, so the kselftest runner (runner.sh's
# run_many) runs them and the output is its KTAP, as for kselftest-list.txt.
# "@setup COMMAND..." lines run first, in order, like run_vmtests.sh's own
# setup: if one fails, no test runs and the missing KTAP fails the run.
# "@boot ARGS" lines are for the host (test-in-guest.sh: kernel command
# line arguments) and skipped here.
set -u
list=/kselftest/vm-list
dir=/kselftest/vm
[ -d "$dir" ] || dir=/kselftest/mm
mkdir -p "$list" && cd "$list" || exit 1
# vm's own 45 s per test is too short under QEMU TCG; KSFT_TIMEOUT can come
# from the kernel command line (0: none).
echo "timeout=${KSFT_TIMEOUT:-900}" >settings
names=
while read -r name cmd; do
	case "$name" in '' | \#* | @boot) continue ;; esac
	if [ "$name" = @setup ]; then
		echo "# setup: $cmd"
		(cd "$dir" && sh -c "$cmd") || { echo "# setup failed: $cmd"; exit 1; }
		continue
	fi
	printf '#!/bin/sh\ncd %s || exit 1\n%s\n' "$dir" "$cmd" >"$name"
	chmod +x "$name"
	names="$names $name"
done </kselftest-tests.txt

# runner.sh reads variables it never sets (KSELFTEST_*_ARGS)
set +u
export BASE_DIR=/kselftest
. /kselftest/kselftest/runner.sh
# shellcheck disable=SC2086
run_many $names
