#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap convert reads the logs other tools write: Vector ASC, PEAK TRC
# (1.0-1.3, 2.0, 2.1), SavvyCAN GVRET CSV, python-can CSV.
#
# Against an independent implementation: python-can writes one message
# list as ASC, TRC 2.1, TRC 1.0, CSV and candump log (and this test's own
# writer as TRC 1.1, which python-can reads but cannot write); python-can
# reads each file back, foxcap converts it, tshark reads foxcap's pcapng,
# and the two readings must agree frame by frame: ID, 29-bit, remote,
# error, length, data, direction, CAN FD flags, interface and time to the
# microsecond.  The formats python-can cannot read (TRC 1.2, 1.3, 2.0,
# GVRET) are checked against values written out by hand below.  Every
# format also gets a broken line: named with its number, the rest kept.
#   convert-formats.sh FOXCAP PYCAN_SCRIPT WORKDIR
set -u
. "$(cd "$(dirname "$0")" && pwd)/qemu/lib.sh"
foxcap=$1
pycan=$2
work=$3
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

if ! /usr/bin/python3 -c 'import can' 2>/dev/null; then
	echo "SKIP: python3-can is not installed (tools/deps.sh installs it)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi

# ASC and TRC keep local wall-clock time: a zone that is not UTC shows
# that foxcap and python-can interpret it the same way.
TZ=Europe/Berlin
export TZ

# tshark's reading of a pcapng as canonical lines (see convert_pycan.py);
# with "rel", times count from the first frame.
tshark_lines() {
	tshark --disable-protocol foxess --disable-protocol pylontech \
		-r "$1" -T fields -E occurrence=f -e frame.time_epoch \
		-e frame.interface_name -e can.id -e can.flags.xtd \
		-e can.flags.rtr -e can.flags.err -e can.len -e data.data \
		-e canfd.flags.brs -e canfd.flags.esi \
		-e frame.packet_flags_direction 2>/dev/null |
		awk -F '\t' -v rel="${2:-abs}" '
	# Wireshark 4.2+ prints booleans as True/False, 4.0 as 1/0
	function bool(v) { return v == "True" ? 1 : v == "False" ? 0 : v }
	{
		for (i = 4; i <= 6; i++) $i = bool($i)
		for (i = 9; i <= 10; i++) $i = bool($i)
		split($1, t, ".")
		us = t[1] * 1000000 + int((substr(t[2], 1, 9) + 500) / 1000)
		if (NR == 1) first = us
		if (rel == "rel") us -= first
		if ($6 == "1") { printf "%.0f ERR\n", us; next }
		rtr = $5 == "" ? 0 : $5
		data = rtr == 1 || $8 == "" ? "-" : $8
		dir = $11 == "0x00000001" ? "Rx" : $11 == "0x00000002" ? "Tx" : "-"
		printf "%.0f %s %s %s %s %s %s %s", us, $2, $3, $4, rtr, $7, data, dir
		if ($9 != "") printf " FD %s %s", $9, $10
		printf "\n"
	}'
}

pycan_lines() {
	/usr/bin/python3 "$pycan" read "$1" "$2" 2>/dev/null |
		awk -v rel="${3:-abs}" '
	NR == 1 { first = $1 }
	{ if (rel == "rel") $1 = sprintf("%.0f", $1 - first); print }'
}

/usr/bin/python3 "$pycan" write . 2>/dev/null
# python-can's ASCWriter trims its date line's microseconds with
# str.replace, which also cuts those digits out of the year when they
# recur there ("29 10:41:49.733 AM 2", which its own reader rejects): 17
# of 3000 writes.  The same line, well formed, for both readers.
sed -i '1s/^date .*/date Wed Nov 29 10:41:49.733 AM 2023/' py.asc
expect "python-can wrote the logs" \
	[ -s py.asc -a -s py21.trc -a -s py10.trc -a -s py11.trc -a -s py.csv -a -s py.log ]

# name  python-can reader  times  frames expected
for spec in "py.asc asc abs 200" "py21.trc trc rel 125" "py11.trc trc rel 125" \
	"py10.trc trc10 rel 125" "py.csv csv abs 175" "py.log log abs 200"; do
	set -- $spec
	"$foxcap" convert "$1" "$1.pcapng" 2>"$1.err"
	expect "$1: exit 0, no message" sh -c "[ $? -eq 0 ] && [ ! -s $1.err ]"
	pycan_lines "$2" "$1" "$3" >"$1.pycan"
	tshark_lines "$1.pcapng" "$3" >"$1.tshark"
	expect "$1: python-can reads $4 frames" [ "$(wc -l <"$1.pycan")" -eq "$4" ]
	expect "$1: foxcap's pcapng has the frames python-can reads, exactly" \
		cmp -s "$1.pycan" "$1.tshark"
	diff "$1.pycan" "$1.tshark" | head -n 6
done

# The absolute times python-can does not read from TRC: the first frame
# of py11.trc was at 1700000000.250000; $STARTTIME has 10 decimals of a
# day (8.64 us), so it comes back within 5 us.
first=$(tshark_lines py11.trc.pcapng | awk 'NR == 1 { print $1 }')
expect "TRC 1.1: \$STARTTIME (local time) gives the first frame's time" \
	[ "$first" -ge 1700000000245000 -a "$first" -le 1700000000255000 ]
expect "TRC 1.1: to within 5 us" \
	[ "$first" -ge 1700000000249995 -a "$first" -le 1700000000250005 ]
expect "ASC: the trigger block's local date is the first frame's time" \
	[ "$(head -n 1 py.asc.tshark | cut -d ' ' -f 1)" = 1700000000250000 ]
expect "ASC: CAN FD with BRS and ESI kept" \
	grep -q '^[0-9]* can[12] 801 0 0 64 000102.* FD 1 1$' py.asc.tshark
expect "ASC: channels 1 and 2 are interfaces can1 and can2" \
	[ "$(grep -v ERR py.asc.tshark | cut -d " " -f 2 | sort -u | tr '\n' ' ')" = "can1 can2 " ]

# Hand-written logs of the formats python-can cannot read, in UTC:
# $STARTTIME 45244.5 is 2023-11-14 12:00:00 UTC = 1699963200.
TZ=UTC
cat >trc12.trc <<'LOG'
;$FILEVERSION=1.2
;$STARTTIME=45244.5
;   Message Number
;   |         Time Offset (ms)
;   |         |       Bus
;   |         |       |    Type
;---+--   ----+----  -+-  --+--  ----+---  +  -+ -- -- -- --
     1)         1.5  1    Rx     00001871  8  01 00 01 00 00 00 00 00
     2)         2.0  2    Tx         0351  4  14 02 C0 12
     3)         3.25 1    Rx         0123  2  RTR
     4)         4.0  1    Warng  FFFFFFFF  4  00 00 00 04  BUSLIGHT
     5)         5.0  1    Error  00000000  0
LOG
cat >trc12.want <<'LOG'
1699963200001500 bus1 6257 1 0 8 0100010000000000 Rx
1699963200002000 bus2 849 0 0 4 1402c012 Tx
1699963200003250 bus1 291 0 1 2 - Rx
1699963200005000 ERR
LOG
cat >trc13.trc <<'LOG'
;$FILEVERSION=1.3
;$STARTTIME=45244.5
     1)         1.001 1  Rx     00001872 -  8  40 12 80 0C CD 00 F4 01
     2)        10.000 2  Tx         07FF -  0
LOG
cat >trc13.want <<'LOG'
1699963200001001 bus1 6258 1 0 8 4012800ccd00f401 Rx
1699963200010000 bus2 2047 0 0 0 - Tx
LOG
cat >trc20.trc <<'LOG'
;$FILEVERSION=2.0
;$STARTTIME=45244.5
;$COLUMNS=N,O,T,I,d,l,D
      1         0.100 DT 00001873 Rx 8  A3 10 0D 00 5D 00 77 07
      2         0.200 FB     0321 Tx 12 00 01 02 03 04 05 06 07 08 09 0A 0B
      3         0.300 RR     0123 Rx 3
      4         0.400 ST          Rx    00 00 00 08
      5         0.500 BI     0321 Rx 0
LOG
cat >trc20.want <<'LOG'
1699963200000100 bus1 6259 1 0 8 a3100d005d007707 Rx
1699963200000200 bus1 801 0 0 12 000102030405060708090a0b Tx FD 1 0
1699963200000300 bus1 291 0 1 3 - Rx
1699963200000500 bus1 801 0 0 0 - Rx FD 1 1
LOG
cat >trc21.trc <<'LOG'
;$FILEVERSION=2.1
;$STARTTIME=45244.5
;$COLUMNS=N,O,T,B,I,d,R,L,D
      1         0.001 DT  3 00001876 Rx -  8    01 00 07 0D 00 00 FE 0C
      2         0.002 FE  1     0321 Tx -  9    00 01 02 03 04 05 06 07 08 09 0A 0B
      3         0.003 ER  1          Rx -  5    00 04 00 00 00
LOG
cat >trc21.want <<'LOG'
1699963200000001 bus3 6262 1 0 8 0100070d0000fe0c Rx
1699963200000002 bus1 801 0 0 12 000102030405060708090a0b Tx FD 0 1
1699963200000003 ERR
LOG
cat >gvret.csv <<'LOG'
Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8
1700000000123456,00001871,true,Tx,0,8,01,00,01,00,00,00,00,00,
1700000000124000,00001875,true,Rx,0,8,F9,00,FF,08,01,00,8E,00,
1700000000125001,00000351,false,Rx,1,4,14,02,C0,12,
1700000000126000,000007FF,false,Rx,1,0,
LOG
cat >gvret.want <<'LOG'
1700000000123456 bus0 6257 1 0 8 0100010000000000 Tx
1700000000124000 bus0 6261 1 0 8 f900ff0801008e00 Rx
1700000000125001 bus1 849 0 0 4 1402c012 Rx
1700000000126000 bus1 2047 0 0 0 - Rx
LOG
cat >gvret-old.csv <<'LOG'
Time Stamp,ID,Extended,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8
5000000,1877,true,0,8,00,00,00,00,82,00,20,50
LOG
printf '5000000 bus0 6263 1 0 8 0000000082002050 -\n' >gvret-old.want
for f in trc12.trc trc13.trc trc20.trc trc21.trc gvret.csv gvret-old.csv; do
	"$foxcap" convert "$f" "$f.pcapng" 2>"$f.err"
	expect "$f: exit 0, no message" sh -c "[ $? -eq 0 ] && [ ! -s $f.err ]"
	tshark_lines "$f.pcapng" >"$f.tshark"
	expect "$f: the frames written out by hand" cmp -s "${f%.*}.want" "$f.tshark"
	diff "${f%.*}.want" "$f.tshark" | head -n 6
done
expect "TRC 2.0: a status line is no frame" [ "$(wc -l <trc20.trc.tshark)" -eq 4 ]

# Broken lines: each named with its line number on one line, the rest of
# the file kept, exit 1.
# file  the line to break  what replaces it  the message
broken() {
	awk -v n="$2" -v repl="$3" 'NR == n { print repl; next } { print }' \
		"$1" >"broken-$1"
	"$foxcap" convert "broken-$1" "broken-$1.pcapng" 2>"broken-$1.err"
	rc=$?
	expect "broken $1: exit 1" [ "$rc" -eq 1 ]
	expect "broken $1: line $2 named: $4" \
		grep -q "^foxcap convert: broken-$1:$2: .*$4" "broken-$1.err"
	expect "broken $1: one line per bad line, one summary" \
		[ "$(wc -l <"broken-$1.err")" -eq 2 ]
	expect "broken $1: every other frame kept" [ \
		"$(tshark_lines "broken-$1.pcapng" | wc -l)" -eq "$(($(wc -l <"$1.tshark") - 1))" ]
}
TZ=Europe/Berlin
broken py.asc 8 ' 0.028238 1  351             Rx   d 4 14 02' \
	'4 data bytes announced, 2 found (line cut short?)'
broken py21.trc 20 '      1        14.619 DT  1  0001873 Rx -  1    0G' \
	"data byte '0G' is not hex"
broken py11.trc 13 '     3)        28.2  Rx       0351' \
	'too few columns'
broken py.csv 3 '1700000000.264619,0x1873,1,0,0,1,AA=' 'not base64'
broken gvret.csv 3 '1700000000124000,00001875,maybe,Rx,0,8,F9,00,FF,08,01,00,8E,00,' \
	"Extended is 'maybe'"
TZ=UTC
broken trc20.trc 5 '      2         0.200 XX     0321 Tx 12 00' \
	"unknown TRC message type 'XX'"

# Many bad lines: the first 20 named, the rest counted.
awk '{ print } NR > 4 { print "garbage line " NR }' py.asc >many.asc
"$foxcap" convert many.asc many.pcapng 2>many.err
expect "many bad lines: 20 named, then a count and the summary" \
	sh -c "[ $(grep -c '^foxcap convert: many.asc:[0-9]*: not an ASC line' many.err) -eq 20 ] &&
	grep -q 'more bad lines not named' many.err &&
	grep -q ' bad lines skipped; the other 200 frames (Vector ASC) are in many.pcapng' many.err"

# Something else entirely: no format recognised, nothing written
printf 'hello\nworld\n' >text.txt
"$foxcap" convert text.txt text.pcapng 2>text.err
expect "not a CAN log: exit 1, names the formats it reads" \
	grep -q "text.txt:1: not a CAN log this tool reads (candump, Battery-Emulator, Vector ASC, PEAK TRC" text.err

echo "convert-formats: $failures failures"
[ "$failures" -eq 0 ]
