# JOBS that is not a positive number is a usage error (exit 2, one line)
# before any script does anything.
set -eu
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
for j in x 0 -1; do
	rc=0
	err=$(JOBS=$j GRU_CACHE=/nonexistent/never-made "$TOP/scripts/get-base.sh" 2>&1 >/dev/null) || rc=$?
	if [ $rc = 2 ] && [ "$(echo "$err" | wc -l)" = 1 ] && [ ! -e /nonexistent/never-made ]; then
		ktap_ok "JOBS=$j: usage error before any work"
	else
		ktap_not_ok "JOBS=$j: usage error before any work" "exit $rc, want 2; stderr:" "$err"
	fi
done
ktap_end
