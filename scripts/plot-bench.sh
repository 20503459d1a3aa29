#!/bin/bash
# Usage: plot-bench.sh LOG OUTDIR
# Extract the two CSV blocks that tools/testing/selftests/vm/follow_page_bench
# printed in a guest console LOG, the cases between BENCH-CSV-BEGIN and
# BENCH-CSV-END and the ratios between BENCH-RATIOS-BEGIN and
# BENCH-RATIOS-END (CRLF, printk timestamps and "# " prefixes are stripped;
# the last block of each wins), check their shape, and write:
#   OUTDIR/bench.csv                 per case: latencies over all rounds
#   OUTDIR/ratios.csv                per ratio: median, min, max over rounds
#   OUTDIR/bench.png, bench.svg      latency distribution per case, one panel
#                                    per memory type and working set: box =
#                                    p25..p75, whiskers = p1..p99, bar = median
# scripts/bench-summary.sh combines the ratios.csv of several boots.
# Exit status: 0 ok, 1 no CSV / bad CSV / gnuplot failed, 2 usage.
set -eu
. "$(dirname "$0")/lib.sh"

handle_help "$@"
[ $# -eq 2 ] || usage_error "plot-bench.sh LOG OUTDIR"
log_file=$1 out=$2
[ -r "$log_file" ] || die "cannot read $log_file"
need_cmd gnuplot gnuplot-nox
need_cmd awk gawk

HEADER='mem,ws,id,case,rounds,samples,batch,median_ns,p99_ns,round_min_ns,round_max_ns,p1_ns,p10_ns,p25_ns,p75_ns,p90_ns,max_ns,page_shift,failures'
RHEADER='mem,ws,ratio,num,den,rounds,median,min,max,target,verdict'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/plot-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# block NAME: the last NAME-BEGIN..NAME-END block, cleaned; kernel messages
# that interleave the console output (no comma, or a printk timestamp) are
# dropped.
block() {
	tr -d '\r' <"$log_file" | awk -v b="$1-BEGIN" -v e="$1-END" '
		{ sub(/^\[ *[0-9]+\.[0-9]+\] ?/, ""); sub(/^(# )+/, "") }
		$0 == b { n = 0; inside = 1; found = 1; next }
		$0 == e { if (inside) { done = 1; inside = 0 } next }
		inside && /,/ { block[n++] = $0 }
		END {
			if (!found || !done) exit 3
			for (i = 0; i < n; i++) print block[i]
		}'
}
block BENCH-CSV >"$tmp/bench.csv" || die "no complete BENCH-CSV-BEGIN/BENCH-CSV-END block in $log_file"
block BENCH-RATIOS >"$tmp/ratios.csv" || die "no complete BENCH-RATIOS-BEGIN/BENCH-RATIOS-END block in $log_file"

# check_csv WHAT NFIELDS HEADER FILE AWK-BODY: the checks both CSVs share
# (the header, the field count, the mem and ws keys, at least one row),
# then AWK-BODY on every row, which calls bad() on anything else.
check_csv() {
	awk -F, -v what="$1" -v nf="$2" -v header="$3" '
		function bad(msg) { printf "error: %s line %d: %s\n", what, NR, msg > "/dev/stderr"; err = 1; exit 1 }
		NR == 1 { if ($0 != header) bad("header is not \"" header "\""); next }
		{
			if (NF != nf) bad(NF " fields, expected " nf)
			if ($1 !~ /^(4k|thp|hugetlb)$/) bad("bad mem \"" $1 "\"")
			if ($2 !~ /^(hot|random)$/) bad("bad ws \"" $2 "\"")
			rows++
		}
		'"$5"'
		END { if (err) exit 1; if (!rows) { printf "error: %s has no rows\n", what > "/dev/stderr"; exit 1 } }
	' "$4"
}

# The cases: 19 fields, known case keys, numbers, ordered percentiles.
check_csv CSV 19 "$HEADER" "$tmp/bench.csv" '
	NR > 1 {
		if ($3 !~ /^[0-9]+[a-z]?$/ || $4 !~ /^[a-z_]+$/) bad("bad case \"" $3 "," $4 "\"")
		for (i = 5; i <= 19; i++)
			if ($i !~ /^[0-9]+(\.[0-9]+)?$/) bad("field " i " is not a number: \"" $i "\"")
		if ($5 < 1 || $6 < 1 || $7 < 1) bad("no samples")
		if (!($12 <= $14 && $14 <= $8 && $8 <= $15 && $15 <= $9 && $9 <= $17))
			bad("percentiles not ordered")
		if ($10 > $11) bad("round_min_ns > round_max_ns")
	}' || die "the CSV in $log_file does not parse"

# The ratios: each ratio of a group once, min <= median <= max.
check_csv "ratio CSV" 11 "$RHEADER" "$tmp/ratios.csv" '
	NR > 1 {
		if ($3 !~ /^[a-z_]+\/[a-z_]+$/) bad("bad ratio \"" $3 "\"")
		if ($4 !~ /^[0-9]+[a-z]?$/ || $5 !~ /^[0-9]+[a-z]?$/) bad("bad case ids \"" $4 "," $5 "\"")
		if ($6 !~ /^[0-9]+$/ || $6 < 1) bad("bad rounds \"" $6 "\"")
		for (i = 7; i <= 9; i++)
			if ($i !~ /^[0-9]+(\.[0-9]+)?$/) bad("field " i " is not a number: \"" $i "\"")
		if (!($8 <= $7 && $7 <= $9)) bad("not min <= median <= max")
		if ($10 !~ /^((<=|>=)[0-9]+(\.[0-9]+)?|-)$/) bad("bad target \"" $10 "\"")
		if ($11 !~ /^(met|missed|info)$/) bad("bad verdict \"" $11 "\"")
		if (seen[$1 "," $2 "," $3]++) bad("ratio " $3 " twice for " $1 " " $2)
	}' || die "the ratio CSV in $log_file does not parse"

mkdir -p "$out"
cp "$tmp/bench.csv" "$out/bench.csv"
cp "$tmp/ratios.csv" "$out/ratios.csv"

# One data file per panel: x, label, p1, p25, median, p75, p99.
groups=$(awk -F, 'NR > 1 && !seen[$1 " " $2]++ { print $1 "_" $2 }' "$tmp/bench.csv")
for g in $groups; do
	awk -F, -v g="$g" 'NR > 1 && $1 "_" $2 == g {
		printf "%d %s:%s %s %s %s %s %s\n", n++, $3, $4, $12, $14, $8, $15, $9 }' \
		"$tmp/bench.csv" >"$tmp/$g.dat"
done
ngroups=$(echo "$groups" | wc -w)
cols=2
rows=$(((ngroups + cols - 1) / cols))

plot_to() { # TERMINAL-LINE FILE
	{
		echo "$1"
		echo "set output '$2'"
		echo "set termoption noenhanced"
		echo "set multiplot layout $rows,$cols title 'follow_page_bench: ns per lookup (box p25-p75, whiskers p1-p99, bar median)'"
		echo "set logscale y; set grid ytics; set boxwidth 0.6; set style fill solid 0.3"
		echo "set xtics rotate by -40 font ',8'; set bmargin 7; set ylabel 'ns'; set key off"
		for g in $groups; do
			echo "set title '${g//_/ }'"
			n=$(wc -l <"$tmp/$g.dat")
			echo "plot [-0.6:$n-0.4] '$tmp/$g.dat' using 1:4:3:7:6:xticlabels(2) with candlesticks whiskerbars 0.5 lc rgb '#3060c0', \\"
			echo "  '' using 1:5:5:5:5 with candlesticks lw 2 lc rgb 'black'"
		done
		echo "unset multiplot"
	} | gnuplot 2>"$tmp/gnuplot.err" || { cat "$tmp/gnuplot.err" >&2; die "gnuplot failed for $2"; }
}
plot_to "set terminal pngcairo size 1400,$((rows * 420)) font ',10'" "$out/bench.png"
plot_to "set terminal svg size 1400,$((rows * 420)) dynamic font ',10'" "$out/bench.svg"

echo "$out/bench.csv: $(($(wc -l <"$out/bench.csv") - 1)) rows; $out/ratios.csv: $(($(wc -l <"$out/ratios.csv") - 1)) rows; $out/bench.png, $out/bench.svg"
