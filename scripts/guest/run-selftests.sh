#!/bin/sh
# Default /guest-run.sh: run the installed kselftests; the output is the
# runner's KTAP. Tests: /kselftest-tests.txt (one collection:test per line,
# '#' comments allowed) if present, else everything in kselftest-list.txt.
# A listed program that the Makefile installs as TEST_GEN_FILES (so only
# run_vmtests.sh runs it, e.g. vm:gup_test) is added to kselftest-list.txt
# and run by the same runner.
# KSFT_TIMEOUT=N replaces the per-test timeout of every collection's
# "settings" file (vm: 45 s, too short under TCG with lockdep: soft-dirty
# alone takes ~50 s); default 600, 0 means none. Set it on the kernel
# command line (run-guest.sh's GUEST_APPEND): the kernel hands unknown
# NAME=value parameters to init's environment.
set -u
cd /kselftest || exit 1

for d in */; do
	[ "$d" = kselftest/ ] && continue
	echo "timeout=${KSFT_TIMEOUT:-600}" >"$d/settings"
done

set --
if [ -f /kselftest-tests.txt ]; then
	# shellcheck disable=SC2013 # one collection:test word per line
	for t in $(sed -e 's/#.*//' /kselftest-tests.txt); do
		if ! grep -qx "$t" kselftest-list.txt && [ -x "${t%%:*}/${t#*:}" ]; then
			echo "$t" >>kselftest-list.txt
		fi
		set -- "$@" -t "$t"
	done
fi
./run_kselftest.sh "$@"
