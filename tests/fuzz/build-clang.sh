#!/bin/sh
# Builds the libFuzzer targets with clang in BUILD_DIR (the fixture of the
# fuzz.<target> tests).  Exits 77 (ctest: skipped, with this notice) when
# clang cannot link libFuzzer, which on Debian ships in libclang-rt-14-dev
# (only recommended by clang, so --no-install-recommends leaves it out).
#   usage: tests/fuzz/build-clang.sh CLANG BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
clang=$1
build=$2
mkdir -p "$build"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{\n\treturn d && n;\n}\n' \
	>"$build/probe.c"
if ! "$clang" -fsanitize=fuzzer,address,undefined "$build/probe.c" \
	-o "$build/probe" 2>"$build/probe.err"; then
	echo "SKIP: $clang cannot link -fsanitize=fuzzer,address,undefined" \
		"(apt install libclang-rt-14-dev):"
	head -n 3 "$build/probe.err"
	exit 77
fi
cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER="$clang" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j 2
