#!/bin/sh
# foxsim's multi-bus outputs, read back by readers foxsim does not share
# code with: the strict pcapng reader of tests/capture (pcapng_dump),
# python-can's can-utils log reader, and foxcap's Battery-Emulator "CAN
# Tools" reader (capture/canlog.c).  The scenario is 13-mixed-bus-leaf:
# FoxESS on channel 0, a Leaf-style battery on channels 1 and 2.
#   usage: check-foxsim-logs.sh FOXSIM FOXCAP PCAPNG_DUMP
set -eu
foxsim=$1 foxcap=$2 dump=$3
if ! /usr/bin/python3 -c 'import can' 2>/dev/null; then
	echo "SKIP: python3-can is not installed (tools/deps.sh installs it)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
	echo "FAIL: $*"
	status=1
}
"$foxsim" -s 13-mixed-bus-leaf --pcapng "$tmp/a.pcapng" -l "$tmp/b.log" \
	--cantools "$tmp/c.log" 2>/dev/null

# 1. pcapng: one named interface per channel, the frames of the candump log
"$dump" "$tmp/a.pcapng" >"$tmp/a.txt"
[ "$(grep '^#if' "$tmp/a.txt" | awk '{ print $3 }' | paste -sd, -)" = \
	can0,can1,can2 ] || fail "pcapng interfaces are not can0,can1,can2"
grep -v '^#' "$tmp/a.txt" | awk '{ print $2, $3 }' >"$tmp/a.frames"
awk '{ print $2, $3 }' "$tmp/b.log" >"$tmp/b.frames"
cmp -s "$tmp/a.frames" "$tmp/b.frames" ||
	fail "pcapng and candump log differ in interface, ID or data"

# 2. python-can reads the candump log: channels, counts, the issue's 0x355
/usr/bin/python3 - "$tmp/b.log" <<'PY' || status=1
import collections, sys
import can
frames = list(can.CanutilsLogReader(sys.argv[1]))
by = collections.Counter(m.channel for m in frames)
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("FAIL: python-can: " + what)
        ok = False
check(len(frames) == 6951, "%d frames, want 6951" % len(frames))
check(set(by) == {"can0", "can1", "can2"}, "channels %s" % sorted(by))
check(by["can1"] == by["can2"] == 3360, "foreign frames per channel %s" % dict(by))
z355 = [m for m in frames if m.arbitration_id == 0x355]
check(len(z355) == 30 and all(not m.is_extended_id and m.channel != "can0"
      and bytes(m.data) == bytes.fromhex("0000000010004000") for m in z355),
      "0x355 frames: want 30 standard frames 00 00 00 00 10 00 40 00 off can0")
poll = [m for m in frames if m.arbitration_id == 0x1871]
check(poll and all(m.is_extended_id and m.channel == "can0" for m in poll),
      "0x1871 polls must be extended frames on can0")
sys.exit(0 if ok else 1)
PY

# 3. CAN Tools log: the format capture/canlog.h quotes, read by foxcap
head -n 1 "$tmp/c.log" | grep -Eq \
	'^\(0\.000\) rx0 00001871 \[8\] 01 00 01 00 00 00 00 00$' ||
	fail "first CAN Tools line: $(head -n 1 "$tmp/c.log")"
grep -q '^([0-9]*\.[0-9]*) rx1 355 \[8\] 00 00 00 00 10 00 40 00$' \
	"$tmp/c.log" || fail "no standard 0x355 on rx1"
"$foxcap" convert "$tmp/c.log" "$tmp/d.pcapng" >/dev/null 2>&1 ||
	fail "foxcap convert refused the CAN Tools log"
"$dump" "$tmp/d.pcapng" | grep -v '^#' |
	awk '{ sub(/^bus/, "can", $2); print $2, $3 }' >"$tmp/d.frames"
cmp -s "$tmp/d.frames" "$tmp/b.frames" ||
	fail "CAN Tools log read by foxcap differs from the candump log"
# replies are what the emulator sends (tx, outbound), polls it receives
tshark -r "$tmp/d.pcapng" -T fields -e can.id \
	-e frame.packet_flags_direction 2>/dev/null |
	awk '$1 == 6257 && $2 != "0x00000001" { bad++ }
	     $1 == 6258 && $2 != "0x00000002" { bad++ }
	     $1 == 853 && $2 != "0x00000001" { bad++ }
	     $2 == "0x00000002" { tx++ }
	     END { exit bad > 0 || tx == 0 }' ||
	fail "rx/tx directions: polls and foreign frames rx, replies tx"

# 4. a pcap cannot carry three buses: refused, with a message, no file
if "$foxsim" -s 13-mixed-bus-leaf -o "$tmp/x.pcap" 2>"$tmp/err"; then
	fail "a pcap of three buses was written"
fi
grep -q 'cannot tell 3 buses apart' "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ ! -e "$tmp/x.pcap" ] || fail "the refused pcap was created"

[ $status = 0 ] && echo "ok: pcapng, candump and CAN Tools outputs agree"
exit $status
