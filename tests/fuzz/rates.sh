#!/bin/sh
# How fast the libFuzzer targets run here: each target alone, from the
# committed seeds and regression inputs, for SECONDS (default 60, as in
# the normal suite), then libFuzzer's final statistics as a table
# (stat::number_of_executed_units, stat::average_exec_per_sec).
# The fuzzers are those of the fuzz.build-clang fixture
# (<build>/tests/fuzz/clang), built first when missing.
#   usage: tests/fuzz/rates.sh BUILD_DIR [SECONDS [TARGET...]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=${2:-60}
shift
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- decode link canlog options
bin=$build/tests/fuzz/clang
if [ ! -x "$bin/fuzz_decode" ]; then
	"$here/build-clang.sh" "$(command -v clang || command -v clang-14)" \
		"$bin" >/dev/null
fi
max_len() {
	sed -n "s/.*set(FUZZ_$1_MAX_LEN \([0-9]*\)).*/\1/p" "$here/targets.cmake"
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %8s %12s %10s\n' target seconds inputs inputs/s
for t in "$@"; do
	mkdir -p "$work/$t"
	inputs=$here/seeds/$t
	[ -d "$here/regressions/$t" ] && inputs="$inputs $here/regressions/$t"
	# shellcheck disable=SC2086
	"$bin/fuzz_$t" -seed=1 -max_total_time="$seconds" \
		-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/$t-" \
		"$work/$t" $inputs >"$work/$t.log" 2>&1
	awk -v t="$t" -v s="$seconds" '
		/stat::number_of_executed_units/ { n = $2 }
		/stat::average_exec_per_sec/ { r = $2 }
		END { printf "%-8s %8d %12d %10d\n", t, s, n, r }' \
		"$work/$t.log"
done
echo "(clang $(clang --version | sed -n 's/.*version \([0-9.]*\).*/\1/p;q')," \
	"$(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg) at the end)"
