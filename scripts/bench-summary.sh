#!/bin/bash
# Usage: bench-summary.sh DIR...
# Combine the benchmark of several boots: each DIR is an output directory
# of scripts/plot-bench.sh (test-in-guest.sh prints it: LOG-bench/) with
# its ratios.csv, in which each ratio is already the median over that
# boot's rounds. Prints one line per memory type, working set and ratio:
# the median over the boots of those per-boot medians, their min and max,
# the number of boots, the target and whether the median over the boots
# meets it (met, MISSED, or - for a ratio without a target).
# Exit status: 0 ok, 1 a DIR without a usable ratios.csv, 2 usage.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
case "${1:-}" in -*) usage_error "bench-summary.sh DIR...: unknown option $1" ;; esac
[ $# -ge 1 ] || usage_error "bench-summary.sh DIR...: no directory given"
need_cmd awk gawk
header='mem,ws,ratio,num,den,rounds,median,min,max,target,verdict'
for d; do
	[ -r "$d/ratios.csv" ] || die "$d/ratios.csv not found; give the LOG-bench/ directories that plot-bench.sh wrote"
	[ "$(head -n1 "$d/ratios.csv")" = "$header" ] ||
		die "$d/ratios.csv does not start with '$header'; re-run scripts/plot-bench.sh on its log"
done

printf '%-8s %-7s %-23s %-7s %5s %7s %7s %7s %s\n' mem ws ratio target boots median min max verdict
# One line per boot and ratio, in the order of the first boot's file.
for d; do tail -n +2 "$d/ratios.csv"; done | awk -F, '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		k = $1 "," $2 "," $3
		if (!(k in n)) { order[++nk] = k; target[k] = $10 }
		v[k, ++n[k]] = $7
	}
	END {
		for (i = 1; i <= nk; i++) {
			k = order[i]
			split(k, f, ",")
			delete a
			for (j = 1; j <= n[k]; j++) a[j] = v[k, j]
			m = median(a, n[k])
			t = target[k]
			verdict = "-"
			if (t ~ /^<=/) verdict = m <= substr(t, 3) + 0 ? "met" : "MISSED"
			if (t ~ /^>=/) verdict = m >= substr(t, 3) + 0 ? "met" : "MISSED"
			printf "%-8s %-7s %-23s %-7s %5d %7.2f %7.2f %7.2f %s\n",
				f[1], f[2], f[3], t, n[k], m, a[1], a[n[k]], verdict
		}
	}'
