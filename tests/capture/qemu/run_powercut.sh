#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Power cut: foxcap's promise that everything older than --flush-interval
# is on disk (written and fdatasync'ed), checked in a real kernel and file
# system.  The guest captures numbered frames into a file on ext4 on a
# virtual disk (a raw image file here); CUT_AFTER seconds after the
# frames start, qemu gets SIGKILL: the guest's page cache, foxcap's buffer
# and everything not yet on the virtual disk are gone, as in a power cut.
# The host then replays the ext4 journal (e2fsck, what the kernel does at
# the next mount) and reads the file out of the image with debugfs.
#
# The guest prints "POWERCUT-TICK UPTIME SENT" on the serial console every
# 50 ms.  From the last tick that reached the host (a moment at or before
# the cut), every frame sent more than BOUND seconds earlier must be in
# the file, frames 0 to N-1 in order.  BOUND is the flush interval plus
# 0.5 s: the kernel hands a ring block to foxcap up to 0.1 s after its
# first frame, and fdatasync and the emulated disk take time.
#
# The file must read in tshark and capinfos like any other; the one fault
# accepted is the one a real cut may cause and Wireshark itself tolerates:
# a last block cut short ("appears to have been cut short in the middle of
# a packet": Wireshark shows every frame before it).  foxcap syncs whole
# blocks, so in practice the file ends on the last sync.
#
#   run_powercut.sh FOXCAP PCAPNG_DUMP WORKDIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
foxcap=$1
dump=$2
work=$3
flush_ms=500
gap_ms=2
cut_after=3
bound=$(awk -v f=$flush_ms 'BEGIN { print f / 1000 + 0.5 }')
require_qemu
PATH=$PATH:/usr/sbin:/sbin # e2fsprogs, for users without sbin in PATH
for tool in mkfs.ext4 e2fsck debugfs; do
	command -v $tool >/dev/null && continue
	[ "${CI:-}" = true ] && {
		echo "FAIL: CI=true but missing $tool (e2fsprogs)"
		exit 1
	}
	echo "SKIP: power-cut test not run: no $tool (apt-get install e2fsprogs)"
	exit 77
done

rm -rf "$work"
mkdir -p "$work/data" "$work/out"
printf 'FLUSH_MS=%s\nGAP_MS=%s\n' $flush_ms $gap_ms >"$work/data/powercut.env"
disk=$work/cap.img
truncate -s 64M "$disk"
mkfs.ext4 -q -F "$disk" || exit 1

console=$work/out/console.log
VM_DISK=$disk VM_PIDFILE=$work/qemu.pid VM_FILES="$work/data/powercut.env" \
	VM_TIMEOUT=300 "$here/vm.sh" "$work/out" "$here/guest_powercut.sh" \
	"$foxcap" /usr/bin/cangen 2>"$work/vm.err" &
vm=$!
armed=false
for _ in $(seq 1200); do
	if grep -q "POWERCUT-ARMED" "$console" 2>/dev/null; then
		armed=true
		break
	fi
	kill -0 $vm 2>/dev/null || break
	grep -q "POWERCUT-FAIL" "$console" 2>/dev/null && break
	sleep 0.2
done
if $armed; then
	sleep $cut_after
	kill -KILL "$(cat "$work/qemu.pid")"
fi
wait $vm
vm_status=$?
grep "POWERCUT-FAIL" "$console"
expect "the guest started capturing on ext4 (POWERCUT-ARMED)" $armed
expect "qemu did not finish on its own (vm.sh status $vm_status)" [ "$vm_status" -eq 99 ]
$armed || {
	tail -n 20 "$console"
	exit 1
}

# the ticks that reached the host whole: "UPTIME SENT"
sed -n 's/^POWERCUT-TICK \([0-9.]*\) \([0-9]*\)\r*$/\1 \2/p' "$console" \
	>"$work/ticks"
set -- $(tail -n 1 "$work/ticks")
last_uptime=${1:-0}
last_sent=${2:-0}
need=$(awk -v u="$last_uptime" -v b="$bound" '
	$1 <= u - b { n = $2 } END { print n + 0 }' "$work/ticks")
echo "info $(wc -l <"$work/ticks") ticks; last at ${last_uptime} s: $last_sent frames sent; $need sent before ${last_uptime} - $bound s"
expect "enough traffic before the cut to mean something ($need frames older than $bound s)" \
	[ "$need" -ge 100 ]

# What a reboot would find: the journal replayed, then the file.
e2fsck -fy "$disk" >"$work/e2fsck.log" 2>&1
fsck_status=$?
expect "e2fsck replays the journal (exit $fsck_status, 0 or 1 wanted)" \
	[ "$fsck_status" -le 1 ]
e2fsck -fn "$disk" >"$work/e2fsck-again.log" 2>&1
expect "the file system is clean after the replay" [ $? -eq 0 ]
file=$work/powercut.pcapng
debugfs -R "dump /powercut.pcapng $file" "$disk" >"$work/debugfs.log" 2>&1
size=$(wc -c <"$file" 2>/dev/null || echo 0)
expect "the capture file is on the disk image ($size bytes)" [ "$size" -gt 0 ]

# Readable as Wireshark reads it; a cut-short last block is the only
# fault tolerated.
tshark -r "$file" -q >/dev/null 2>"$work/tshark.raw"
tshark_status=$?
# as root tshark warns that it runs as root: not a fault of the file
grep -v '^Running as user' "$work/tshark.raw" >"$work/tshark.err"
capinfos "$file" >"$work/capinfos" 2>&1
capinfos_status=$?
if [ $tshark_status -eq 0 ] && [ $capinfos_status -eq 0 ] &&
	! grep -qiE "damaged|corrupt|cut short" "$work/tshark.err"; then
	tail_state=whole
elif grep -q "cut short in the middle of a packet" "$work/tshark.err" &&
	! grep -v "cut short in the middle of a packet" "$work/tshark.err" |
	grep -q .; then
	tail_state="last block cut short"
else
	tail_state="unreadable: $(head -c 200 "$work/tshark.err")"
fi
expect "tshark and capinfos read the file ($tail_state)" \
	[ "${tail_state%%:*}" != unreadable ]
"$dump" "$file" >"$work/dump" 2>"$work/dump.err"
dump_status=$?
[ "$tail_state" = whole ] && expect "pcapng_dump reads every block" \
	[ $dump_status -eq 0 ]
[ "$tail_state" = whole ] || expect "pcapng_dump stops only at the cut block" \
	grep -q "block cut short" "$work/dump.err"

run=$(grep -v '^#' "$work/dump" | cut -d' ' -f2- | counter_run)
kept=$(echo "$run" | awk '{ print $NF }')
expect "the file holds frames 0 to $((kept - 1)) in order ($run)" \
	[ "$run" = "0 $((kept - 1)) $kept" ]
expect "every frame sent more than $bound s before the cut is there ($kept kept, $need needed)" \
	[ "$kept" -ge "$need" ]
lost_age=$(awk -v k="$kept" -v u="$last_uptime" '
	$2 <= k { t = $1 } END { printf "%.2f", u - t }' "$work/ticks")
echo "info the oldest frame lost was sent after ${last_uptime} - ${lost_age} s" \
	"(${lost_age} s before the last tick; flush interval $flush_ms ms)"

echo "run_powercut: $failures failures"
[ "$failures" -eq 0 ]
