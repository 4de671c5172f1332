# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest (see vm.sh, run_powercut.sh): foxcap writes to
# an ext4 file system on a real virtual disk (/dev/vdb) while cangen sends
# numbered frames, and the host pulls the plug (SIGKILL to qemu) at a
# moment the guest does not know.  Nothing here ever finishes: the console
# lines are the only record of what the bus carried, and when.
. /data/powercut.env
console() { echo "$*" >/dev/console; }
. /guest_lib.sh

mkdir -p /cap
if ! mount -t ext4 /dev/vdb /cap; then
	console "POWERCUT-FAIL cannot mount /dev/vdb"
	exit 1
fi
start_foxcap /out/powercut.err -i vcan0 -w /cap/powercut.pcapng \
	--flush-interval "$FLUSH_MS"
if ! kill -0 $fox 2>/dev/null; then
	console "POWERCUT-FAIL foxcap: $(cat /out/powercut.err)"
	exit 1
fi
# Frame k carries k in its first four bytes (cangen -D i); nothing else
# sends on vcan0, so tx_packets - t0 is the number of frames sent so far.
t0=$(tx)
cangen vcan0 -g "$GAP_MS" -I 123 -D i -L 8 &
console "POWERCUT-ARMED $(cut -d' ' -f1 /proc/uptime)"
# "POWERCUT-TICK UPTIME SENT": by UPTIME, frames 0..SENT-1 were on the bus
# (the counter is read first)
while :; do
	sent=$(($(tx) - t0))
	console "POWERCUT-TICK $(cut -d' ' -f1 /proc/uptime) $sent"
	sleep 0.05
done
