#!/bin/sh
# The sanitizer and valgrind runs must fail on a real memory bug: plant a
# one-byte heap overflow in dissect_foxess (a copy of the tree), build the
# plugin from it twice (ASan/UBSan as fuzz.build-asan-plugin does, and a
# plain RelWithDebInfo build for memcheck), and check that asan-plugin.sh
# and valgrind.sh both fail and name packet-foxess.c.
#   usage: tests/fuzz/planted-bug.sh FUZZ_FRAMES_TOOL WORKDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tool=$1
work=$2
capture=$root/test-captures/10-malformed.pcap
rm -rf "$work"
mkdir -p "$work/src"
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$work/src")
else
	(cd "$root" && tar cf - --exclude='./build*' .) | tar xf - -C "$work/src"
fi

# The planted bug: a write one byte past a heap block of the frame's
# length + 1, on every FoxESS frame (volatile and sized at run time, so
# neither the optimiser nor -Werror=array-bounds removes it).
file=$work/src/plugin/packet-foxess.c
cp "$file" "$work/clean.c"
perl -0pi -e 's/(\tbytes = tvb_get_ptr\(tvb, 0, len\);\n)/$1\t{\n\t\tvolatile guint8 *planted = g_malloc(len + 1);\n\n\t\tplanted[len + 1] = 1;\n\t\tg_free((gpointer)planted);\n\t}\n/' "$file"
if cmp -s "$file" "$work/clean.c"; then
	echo "FAIL: could not plant the bug (dissect_foxess changed?)"
	exit 1
fi

gcc=$(command -v gcc || command -v gcc-12)
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S "$work/src" -B "$work/asan" -DCMAKE_C_COMPILER="$gcc" \
	-DCMAKE_BUILD_TYPE=Debug -DFOXESS_BUILD_CAPTURE=OFF \
	"-DCMAKE_C_FLAGS=$flags" >/dev/null
cmake --build "$work/asan" --target foxess -j 2 >/dev/null
cmake -S "$work/src" -B "$work/plain" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DFOXESS_BUILD_CAPTURE=OFF >/dev/null
cmake --build "$work/plain" --target foxess -j 2 >/dev/null

status=0
rc=0
"$here/asan-plugin.sh" "$work/asan/plugins" "$tool" "$capture" \
	>"$work/asan.out" 2>&1 || rc=$?
if [ "$rc" = 0 ] || ! grep -q 'packet-foxess.c' "$work/asan.out"; then
	echo "FAIL: asan-plugin.sh (exit $rc) did not report the planted overflow:"
	tail -n 20 "$work/asan.out"
	status=1
else
	echo "ok: asan-plugin.sh failed (exit $rc) and named:" \
		"$(grep -m 1 -o '[A-Za-z-]*: heap-buffer-overflow\|runtime error[^;]*' \
			"$work/asan.out" || echo '?')" \
		"at $(grep -m 1 -o 'packet-foxess.c:[0-9]*' "$work/asan.out")"
fi
rc=0
FOXESS_PLUGIN_DIR=$work/plain/plugins "$here/valgrind.sh" "$tool" \
	"$capture" >"$work/valgrind.out" 2>&1 || rc=$?
if [ "$rc" = 77 ]; then
	echo "SKIP: valgrind not installed"
elif [ "$rc" = 0 ] || ! grep -q 'Invalid write' "$work/valgrind.out" ||
	! grep -q 'packet-foxess.c' "$work/valgrind.out"; then
	echo "FAIL: valgrind.sh (exit $rc) did not report the planted overflow:"
	tail -n 20 "$work/valgrind.out"
	status=1
else
	echo "ok: valgrind.sh failed (exit $rc): Invalid write at" \
		"$(grep -m 1 -o 'packet-foxess.c:[0-9]*' "$work/valgrind.out")"
fi
[ "$status" = 0 ] && rm -rf "$work"
exit $status
