#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# foxcap --live without a CAN socket: "foxcap convert --live" replays a
# log through the same printer.  Status lines carry the decoded values,
# unanswered polls and the link monitor's diagnoses come at the frame
# where they became certain, conditions print when they start and clear.
#   live.sh FOXCAP SOURCE_DIR WORKDIR
set -u
. "$(cd "$(dirname "$0")" && pwd)/qemu/lib.sh"
foxcap=$1
src=$2
work=$3
logs=$src/tests/diagnostics/logs
golden=$src/tests/capture/golden
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1
# The lines show the frames' wall-clock time.
TZ=UTC
export TZ

line() { # FILE LINE_NUMBER
	sed -n "$2p" "$1"
}

# 1. BMS Lost in a candump log (tests/diagnostics/logs/bms-lost.log: 1 s
#    polls from 22:13:20 UTC, no answer to the polls at 22:13:25-29).
"$foxcap" convert --live "$logs/bms-lost.log" >lost.out 2>lost.err
expect "bms-lost: exit 0" [ $? -eq 0 ]
expect "bms-lost: output as reviewed" cmp -s "$golden/live-bms-lost.out" lost.out
diff "$golden/live-bms-lost.out" lost.out
expect "bms-lost: 10 status lines with the decoded values" \
	[ "$(grep -c '^22:13:[23][0-9] SoC 8%  397.2 V  5.0 A  cells 3326 mV..3335 mV  status OK, charging  on-line$' lost.out)" -eq 10 ]
expect "bms-lost: one line per unanswered poll, 5" \
	[ "$(grep -c 'BMS not answering for' lost.out)" -eq 5 ]
expect "bms-lost: first silent poll (frame 53) known at 22:13:26" \
	[ "$(line lost.out 6)" = "22:13:26 BMS not answering for 1 s: Main poll in frame 53 got no reply within 500 ms (1 in a row)" ]
expect "bms-lost: BMS Lost at 22:13:28, after the third silent poll" \
	grep -q '^22:13:28 ERROR BMS Lost: 3 polls unanswered since frame 53 (2.0 s); last SoC 8 % (low: BMS may be asleep)\. Reseat the cable' lost.out
expect "bms-lost: BMS Lost once" [ "$(grep -c 'BMS Lost' lost.out)" -eq 1 ]
expect "bms-lost: link restored after 5.0 s, before that poll's line" \
	[ "$(line lost.out 12)-$(line lost.out 13 | cut -c1-15)" = "22:13:30 NOTE BMS link restored after 5.0 s (5 polls unanswered from frame 53)-22:13:30 SoC 8%" ]
expect "bms-lost: link summary on stderr" [ "$(cat lost.err)" = \
	"foxcap: main polls: 10 answered, 5 unanswered; BMS Lost 1 time, longest 5.0 s" ]

# 2. Faults: each diagnosis once, at its poll, between the status lines
"$foxcap" convert --live "$logs/faults.log" >faults.out 2>faults.err
expect "faults: exit 0" [ $? -eq 0 ]
expect "faults: output as reviewed" cmp -s "$golden/live-faults.out" faults.out
diff "$golden/live-faults.out" faults.out
expect "faults: the poll without 0x1876 shows no cells" \
	grep -q '^22:13:23 SoC 80%  397.2 V  5.0 A  cells -  status OK' faults.out
expect "faults: charge inhibit diagnosed, then flagged on its line" \
	[ "$(grep -A1 '^22:13:25 WARN Charge inhibit set at SoC 80 %, below 95 %' faults.out | tail -n 1)" = \
	"22:13:25 SoC 80%  397.2 V  5.0 A  cells 3326 mV..3335 mV  status OK, charging  on-line  CHARGE INHIBIT" ]
expect "faults: 21.0 A over the 20.5 A limit, on that poll's line too" \
	grep -q '^22:13:29 SoC 80%  397.2 V  21.0 A  ' faults.out
expect "faults: five diagnoses" [ "$(grep -c WARN faults.out)" -eq 5 ]

# 3. A condition that lasts: one line when it starts, one when it clears
#    (10 answered polls without it), one when it comes back.
awk 'BEGIN {
	for (t = 0; t < 30; t++) {
		inhibit = (t >= 3 && t <= 5) || t == 22 ? "01" : "00"
		s = 1700000000 + t
		printf "(%d.000000) can0 00001871#0100010000000000\n", s
		printf "(%d.001000) can0 00001872#4012800CCD00F401\n", s
		printf "(%d.001000) can0 00001873#840F32005000E803\n", s
		printf "(%d.001000) can0 00001875#F9000F0401008E00\n", s
		printf "(%d.011000) can0 00001876#%s00070D0000FE0C\n", s, inhibit
		printf "(%d.011000) can0 00001879#0035000000000000\n", s
		printf "(%d.200000) can0 00001871#0100010001000000\n", s
		printf "(%d.201000) can0 00000C05#32004B48500AD0D0\n", s
		printf "(%d.500000) can0 00001871#0200010001000000\n", s
	}
}' >inhibit.log
"$foxcap" convert --live inhibit.log >inhibit.out 2>inhibit.err
grep -v ' SoC 80%  ' inhibit.out >inhibit.events
printf '%s\n' \
	"22:13:23 WARN Charge inhibit set at SoC 80 %, below 95 %: the BMS forbids charging" \
	"22:13:36 cleared: Charge inhibit set well below full SoC" \
	"22:13:42 WARN Charge inhibit set at SoC 80 %, below 95 %: the BMS forbids charging" \
	>inhibit.want
expect "condition: starts, clears after 10 quiet polls, starts again" \
	cmp -s inhibit.want inhibit.events
diff inhibit.want inhibit.events
expect "condition: 30 status lines, 4 flagged" \
	[ "$(grep -c ' SoC 80%  ' inhibit.out)-$(grep -c 'CHARGE INHIBIT$' inhibit.out)" = 30-4 ]

# 4. The 30 s BMS-Lost reference capture, turned into a candump log (the
#    payload as plain data even where a FoxESS plugin is installed; 4.4
#    and later refuse to disable a protocol they do not know, 4.6 prints
#    booleans as True/False)
disable=""
tshark -G protocols 2>/dev/null | cut -f3 | grep -qx foxess &&
	disable="--disable-protocol foxess"
# shellcheck disable=SC2086
tshark $disable -r "$src/test-captures/02-bms-lost-30s.pcap" -T fields \
	-e frame.time_epoch -e can.id -e can.flags.xtd -e data.data \
	2>/dev/null | awk -F'\t' '{
		xtd = $3 == 1 || $3 == "True"
		id = xtd ? sprintf("%08X", $2) : sprintf("%03X", $2)
		printf "(%s) can0 %s#%s\n", substr($1, 1, 17), id, toupper($4)
	}' >ref.log
expect "reference: 2299 frames in the log" [ "$(wc -l <ref.log)" -eq 2299 ]
"$foxcap" convert --live ref.log ref.pcapng >ref.out 2>ref.err
expect "reference: exit 0" [ $? -eq 0 ]
expect "reference: first status line (truth frames 567-575 at 09:00:30)" \
	grep -q '^09:00:30 SoC 70%  211.7 V  -15.0 A  cells 3304 mV..3312 mV  status OK, discharging  on-line$' ref.out
expect "reference: 30 unanswered polls, 09:01:00 to 09:01:29" \
	[ "$(grep -c 'BMS not answering' ref.out)-$(grep -m1 'BMS not answering' ref.out | cut -c1-8)-$(grep 'BMS not answering' ref.out | tail -n 1 | cut -c1-35)" = \
	"30-09:01:00-09:01:29 BMS not answering for 30 s" ]
expect "reference: BMS Lost at 09:01:02 (truth: third silent poll, frame 1123)" \
	grep -q '^09:01:02 ERROR BMS Lost: 3 polls unanswered since frame 1117 (2.0 s); last SoC 69 %\.' ref.out
expect "reference: link restored after 30.0 s at 09:01:30" \
	grep -q '^09:01:30 NOTE BMS link restored after 30.0 s (30 polls unanswered from frame 1117)$' ref.out
expect "reference: summary" [ "$(cat ref.err)" = \
	"foxcap: main polls: 120 answered, 30 unanswered; BMS Lost 1 time, longest 30.0 s" ]
"$foxcap" convert ref.log plain.pcapng 2>/dev/null
expect "reference: --live writes the same file as a plain convert" \
	cmp -s ref.pcapng plain.pcapng

# 5. The command line
"$foxcap" convert --live 2>usage.err
expect "usage: convert --live without a log: exit 2" [ $? -eq 2 ]
expect "usage: the message shows both forms" grep -q 'foxcap convert --live IN.log' usage.err
"$foxcap" convert "$logs/bms-lost.log" >/dev/null 2>&1
expect "usage: convert without --live still needs OUT" [ $? -eq 2 ]

# 6. Two buses in one log: one engine per channel.  can0 is the BMS-Lost
#    log, can1 the healthy one (tests/diagnostics/logs/normal.log); with a
#    single engine the interleaved polls would look unanswered, doubled
#    and too close together.
sed 's/) can0 /) can1 /' "$logs/normal.log" >normal1.log
sort -s -k1,1 "$logs/bms-lost.log" normal1.log >two.log
"$foxcap" convert --live two.log >two.out 2>two.err
expect "two buses: exit 0" [ $? -eq 0 ]
# frame numbers count both buses' frames: compare without them
sed 's/frame [0-9]*/frame N/g' lost.out >lost.noframes
sed -n 's/^\([0-9:]*\) can0: /\1 /p' two.out | sed 's/frame [0-9]*/frame N/g' \
	>two.can0
expect "two buses: can0's lines are the BMS-Lost log's alone, prefixed" \
	cmp -s lost.noframes two.can0
diff lost.noframes two.can0
polls=$(grep -c '00001871#0100010000000000' "$logs/normal.log")
expect "two buses: can1 a status line per poll and nothing else" \
	[ "$(grep -c ' can1: SoC ' two.out)-$(grep ' can1: ' two.out | grep -vc ' can1: SoC ')" = "$polls-0" ]
expect "two buses: a summary line per bus" [ "$(cat two.err)" = \
	"foxcap: can0: main polls: 10 answered, 5 unanswered; BMS Lost 1 time, longest 5.0 s
foxcap: can1: main polls: $polls answered, 0 unanswered" ]

echo "live: $failures failures"
[ "$failures" -eq 0 ]
