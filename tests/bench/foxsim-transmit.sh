#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxsim -I timing in a real kernel (qemu, TCG): how late frames go out
# when foxsim transmits a scenario on vcan0 in real time.  Runs the
# foxsim_qemu_transmit test (tests/capture/qemu/run_foxsim.sh, which
# checks the content) RUNS times, default 5, and prints per run and as
# minimum / median / maximum over the runs: the worst, median and 95th
# percentile lateness of a frame and the worst error of the 1 s main-poll
# period, in milliseconds.  Host load moves these numbers (a TCG stall of
# about 10 ms delays a whole burst): compare runs on a quiet machine.
#
#   foxsim-transmit.sh FOXCAP FOXSIM PCAPNG_DUMP [RUNS]
# Environment: FOXESS_PLUGIN_DIR (the built plugins directory).
set -u
test=$(cd "$(dirname "$0")/../capture/qemu" && pwd)/run_foxsim.sh
foxcap=$1 foxsim=$2 dump=$3
runs=${4:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "run  worst_ms  median_ms  p95_ms  period_error_ms  polls"
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	sh "$test" "$foxcap" "$foxsim" "$dump" "$work/run" \
		>"$work/log" 2>&1
	status=$?
	# "timing: worst W median M p95 P period_error E polls N" (s)
	if [ "$status" -eq 77 ]; then
		grep SKIP "$work/log"
		exit 77
	fi
	if [ ! -s "$work/run/timing.summary" ]; then
		echo "run $i: no timing (test exit $status)"
		tail -n 5 "$work/log"
		exit 1
	fi
	awk -v run="$i" -v status="$status" '{
		printf "%3d  %8.1f  %9.2f  %6.2f  %15.1f  %5d%s\n", run,
			$3 * 1000, $5 * 1000, $7 * 1000, $9 * 1000, $11,
			status ? "  (content check FAILED)" : ""
	}' "$work/run/timing.summary" | tee -a "$work/table"
done
# min / median / max of each column over the runs
for col in 2 3 4 5; do
	sort -g -k"$col","$col" "$work/table" | awk -v c="$col" '
		{ v[NR] = $c }
		END { printf "%s %s %s\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
done | awk '
	{ min[NR] = $1; med[NR] = $2; max[NR] = $3 }
	END {
		printf "min  %8.1f  %9.2f  %6.2f  %15.1f\n", min[1], min[2], min[3], min[4]
		printf "med  %8.1f  %9.2f  %6.2f  %15.1f\n", med[1], med[2], med[3], med[4]
		printf "max  %8.1f  %9.2f  %6.2f  %15.1f\n", max[1], max[2], max[3], max[4]
	}'
