#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap for the arm64 loggers: cross-built with Debian's
# gcc-aarch64-linux-gnu against libpcap-dev:arm64, run under qemu-user,
# must turn logs into the same bytes (pcapng) and the same text (--live,
# errors) as the host build.  Skips (77) without the cross tools outside CI.
#   arm64.sh SOURCE_DIR HOST_FOXCAP WORKDIR
set -u
src=$1
host_foxcap=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
work=$3

missing=""
command -v aarch64-linux-gnu-gcc >/dev/null || missing="$missing gcc-aarch64-linux-gnu"
command -v qemu-aarch64 >/dev/null || missing="$missing qemu-user"
[ -e /usr/lib/aarch64-linux-gnu/libpcap.so ] ||
	missing="$missing libpcap-dev:arm64"
if [ -n "$missing" ]; then
	echo "SKIP: needs$missing (tools/deps.sh installs them)"
	[ "${CI:-}" = true ] && exit 1
	exit 77
fi

rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
if ! { cmake -S "$src" -B build -DFOXESS_BUILD_PLUGIN=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_TOOLCHAIN_FILE="$src/cmake/aarch64-linux-gnu.cmake" &&
	cmake --build build --target foxcap -j 2; } >build.log 2>&1; then
	cat build.log
	echo "FAIL: cross build"
	exit 1
fi
arm=build/capture/foxcap
failures=0
expect() {
	what=$1
	shift
	if "$@"; then
		echo "ok   $what"
	else
		echo "FAIL $what"
		failures=$((failures + 1))
	fi
}
# the loader and libraries of the target: Debian's arm64 cross libc
run_arm() {
	qemu-aarch64 -L /usr/aarch64-linux-gnu "$work/$arm" "$@"
}

expect "an AArch64 executable" \
	sh -c "readelf -h $arm | grep -q 'Machine:.*AArch64'"
expect "foxcap --version under qemu-aarch64" \
	sh -c "qemu-aarch64 -L /usr/aarch64-linux-gnu $arm --version | grep -q '^foxcap '"

# a broken line: same message, same exit status, same file
{
	head -5 "$src/test-captures/worked-examples.log"
	echo "(1700000000.000000) can0 1871#zz"
} >broken.log
mkdir host arm64
for log in "$src/test-captures/worked-examples.log" \
	"$src"/tests/diagnostics/logs/*.log "$work/broken.log"; do
	name=$(basename "$log" .log)
	(cd host && "$host_foxcap" convert "$log" "$name.pcapng" >"$name.out" 2>&1
	echo "exit $?" >>"$name.out"
	"$host_foxcap" convert --live "$log" >"$name.live" 2>&1)
	(cd arm64 && run_arm convert "$log" "$name.pcapng" >"$name.out" 2>&1
	echo "exit $?" >>"$name.out"
	run_arm convert --live "$log" >"$name.live" 2>&1)
	expect "$name: pcapng byte for byte" \
		cmp "host/$name.pcapng" "arm64/$name.pcapng"
	expect "$name: same messages and exit status" \
		cmp "host/$name.out" "arm64/$name.out"
	expect "$name: same --live text" cmp "host/$name.live" "arm64/$name.live"
done
expect "the broken line is reported, the 5 good frames kept" \
	sh -c "grep -q 'broken.log:6:' arm64/broken.out &&
	       grep -q ' 5 frames' arm64/broken.out"
expect "bms-lost: the live view diagnoses BMS Lost" \
	grep -q 'BMS Lost' arm64/bms-lost.live

[ $failures = 0 ] && echo "arm64 foxcap: same output as the host build"
exit $((failures > 0))
