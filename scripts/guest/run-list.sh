#!/bin/sh
# /guest-run.sh for a list of commands: /kselftest-tests.txt has one test a
# line, "NAME COMMAND...", run in /kselftest/vm. Each becomes a small script
# there, so the kselftest runner (runner.sh's run_many) runs them and the
# output is its KTAP, the same as for the tests kselftest-list.txt names.
set -u
cd /kselftest/vm || exit 1
names=
while read -r name cmd; do
	case "$name" in '' | \#*) continue ;; esac
	printf '#!/bin/sh\n%s\n' "$cmd" >"$name"
	chmod +x "$name"
	names="$names $name"
done </kselftest-tests.txt

export BASE_DIR=/kselftest
. /kselftest/kselftest/runner.sh
# shellcheck disable=SC2086
run_many $names
