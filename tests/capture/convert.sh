#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap convert: good logs become pcapng that Wireshark reads with the
# same frames; bad lines stop it with the line number, keeping what came
# before.   convert.sh FOXCAP PCAPNG_DUMP WORKDIR
set -u
. "$(cd "$(dirname "$0")" && pwd)/qemu/lib.sh"
foxcap=$1
dump=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

# candump -l: every frame kind, two interfaces, 2000 lines
awk 'BEGIN {
	for (i = 0; i < 2000; i++) {
		d = sprintf("%02X%02X%02X%02X%02X%02X%02X%02X", i % 256, (i * 7) % 256,
			i % 13, i % 251, 0, 255, i % 2, (i * 3) % 256)
		ifc = i % 5 ? "can0" : "can1"
		k = i % 6
		if (k == 0) f = sprintf("%03X#%s", i % 2048, d)
		else if (k == 1) f = sprintf("%08X#%s", 6257 + i % 9, substr(d, 1, 2 * (i % 9)))
		else if (k == 2) f = sprintf("%03X#R", i % 2048)
		else if (k == 3) f = "20000080#" d
		else if (k == 4) f = sprintf("%03X##%d%s%s", i % 2048, i % 4, d, d)
		else f = sprintf("%03X#", i % 2048)
		printf "(%d.%06d) %s %s\n", 1700000000 + int(i / 100), (i * 997) % 1000000, ifc, f
	}
}' >good.log
"$foxcap" convert good.log good.pcapng 2>good.err
expect "candump log: exit 0" [ $? -eq 0 ]
expect "candump log: readable by tshark and capinfos" wireshark_reads good.pcapng
"$dump" good.pcapng | grep -v '^#' | sed 's/^(\([0-9]*\.[0-9]\{6\}\)000)/(\1)/' >good.back
expect "candump log: every frame and timestamp round-trips" cmp -s good.log good.back
diff good.log good.back | head -n 4
expect "candump log: tshark counts 2000 frames" \
	[ "$(tshark -r good.pcapng 2>/dev/null | wc -l)" -eq 2000 ]
expect "candump log: tshark sees 400 frames on can1" \
	[ "$(tshark -r good.pcapng -Y 'frame.interface_name == "can1"' 2>/dev/null | wc -l)" -eq 400 ]
expect "candump log: tshark's first 29-bit ID is 0x1872" \
	[ "$(tshark -r good.pcapng -Y 'can.flags.xtd == 1' -T fields -e can.id 2>/dev/null | head -n 1)" = 6258 ]
capinfos good.pcapng >capinfos.txt 2>&1
expect "candump log: comment names the source" grep -q "converted from good.log" capinfos.txt
expect "candump log: nanosecond resolution" grep -q "Time resolution = 0x09" capinfos.txt

# Battery-Emulator CAN Tools log: rx/tx become inbound/outbound on busN
cat >be.log <<'LOG'
(10085.151) rx6 00001871 [8] 01 00 01 00 00 00 00 00
(10085.152) tx6 00001872 [8] 40 12 80 0C CD 00 F4 01
(10085.153) RX0 351 [4] 14 02 C0 12
LOG
"$foxcap" convert be.log be.pcapng
expect "Battery-Emulator log: exit 0" [ $? -eq 0 ]
tshark -r be.pcapng -T fields -e frame.interface_name -e frame.packet_flags_direction \
	-e can.id -e can.len 2>/dev/null >be.fields
printf 'bus6\t0x00000001\t6257\t8\nbus6\t0x00000002\t6258\t8\nbus0\t0x00000001\t849\t4\n' >be.want
expect "Battery-Emulator log: interfaces, directions, IDs" cmp -s be.want be.fields
diff be.want be.fields

# A bad line: the error names it, every other frame is kept
head -n 10 good.log >bad.log
echo "(1700000009.000000) can0 12345#00" >>bad.log
tail -n 5 good.log >>bad.log
"$foxcap" convert bad.log bad.pcapng 2>bad.err
expect "bad line: exit 1" [ $? -eq 1 ]
expect "bad line: message names line 11" grep -q "bad.log:11: CAN ID '12345' must have 3 or 8 hex digits" bad.err
expect "bad line: the 15 other frames kept, readable" \
	[ "$(tshark -r bad.pcapng 2>/dev/null | wc -l)" -eq 15 ]
expect "bad line: one-line error plus the frames-kept note" [ "$(wc -l <bad.err)" -eq 2 ]
expect "bad line: the note counts and names the format" \
	grep -q "1 bad line skipped; the other 15 frames (candump / Battery-Emulator log) are in bad.pcapng" bad.err

# A log cut short in the middle of its last line (no newline)
head -n 100 good.log >cut.log
printf '(1700000099.000000) can0 00001871#01000100' >>cut.log
printf '(1700000099.000000) can0 00001871#010001000' >cut2.log
"$foxcap" convert cut.log cut.pcapng 2>cut.err
expect "cut at a byte boundary: the whole frame is kept" \
	[ "$(tshark -r cut.pcapng 2>/dev/null | wc -l)" -eq 101 ]
"$foxcap" convert cut2.log cut2.pcapng 2>cut2.err
expect "cut mid-byte: exit 1" [ $? -eq 1 ]
expect "cut mid-byte: message names line 1" grep -q "cut2.log:1: odd number of hex digits" cut2.err
head -c 50 good.log >cut3.log
"$foxcap" convert cut3.log cut3.pcapng 2>cut3.err
expect "cut in the timestamp of line 2: exit 1, line named" \
	sh -c "[ $? -eq 1 ] && grep -q 'cut3.log:2:' cut3.err"
expect "cut in line 2: line 1 kept and readable" \
	[ "$(tshark -r cut3.pcapng 2>/dev/null | wc -l)" -eq 1 ]

# Binary garbage, empty input, missing input, unwritable output
head -c 300 /bin/sh >garbage.log
"$foxcap" convert garbage.log garbage.pcapng 2>garbage.err
expect "binary file: exit 1 naming line 1" \
	sh -c "[ $? -eq 1 ] && grep -q 'garbage.log:1:' garbage.err"
expect "binary file: the empty capture is still a valid file" wireshark_reads garbage.pcapng
: >empty.log
"$foxcap" convert empty.log empty.pcapng 2>empty.err
expect "empty log: exit 1, says so" \
	sh -c "[ $? -eq 1 ] && grep -q 'no frames' empty.err"
"$foxcap" convert nothere.log x.pcapng 2>missing.err
expect "missing input: exit 1, names it" \
	sh -c "[ $? -eq 1 ] && grep -q 'cannot open nothere.log' missing.err"
"$foxcap" convert good.log /nonexistent/x.pcapng 2>nodir.err
expect "unwritable output: exit 1, names it" \
	sh -c "[ $? -eq 1 ] && grep -q 'cannot create /nonexistent/x.pcapng' nodir.err"
"$foxcap" convert good.log 2>usage.err
expect "missing argument: exit 2" [ $? -eq 2 ]
if [ -w /dev/full ]; then
	"$foxcap" convert good.log /dev/full 2>full.err
	expect "disk full: exit 1, says so" \
		sh -c "[ $? -eq 1 ] && grep -q 'No space left' full.err"
fi

echo "convert: $failures failures"
[ "$failures" -eq 0 ]
