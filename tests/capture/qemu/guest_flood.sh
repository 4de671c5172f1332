# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest: foxcap under floods.  FLOOD_FRAMES frames
# as fast as vcan takes them, then FLOOD_SECONDS of full-rate traffic
# while rotating every second.  The host checks the files.
. /data/flood.env
tx() { cat /sys/class/net/vcan0/statistics/tx_packets; }
cpu_ticks() { awk '{ print $14 + $15 }' /proc/$1/stat; }
start_foxcap() { # LOG ARGS...
	log=$1
	shift
	foxcap "$@" 2>"$log" &
	fox=$!
	for _ in $(seq 50); do
		grep -q "capturing on" "$log" && return 0
		sleep 0.1
	done
}

# 1. a million frames, zero drops
start_foxcap /out/million.err -i vcan0 -w /tmp/million.pcapng
t0=$(tx)
s0=$(cut -d' ' -f1 /proc/uptime)
cangen vcan0 -g 0 -I i -D i -L 8 -n "$FLOOD_FRAMES"
s1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
echo "million: injected $(($(tx) - t0)) frames in $(awk "BEGIN { print $s1 - $s0 }") s"
echo "million: foxcap cpu $(cpu_ticks $fox) ticks of $(getconf CLK_TCK 2>/dev/null || echo 100) Hz"
kill -TERM $fox
wait $fox
echo "million: exit $?"
cat /out/million.err
mv /tmp/million.pcapng /out/

# 2. full rate for FLOOD_SECONDS while a new file starts every second
mkdir -p /tmp/ring
start_foxcap /out/rotate.err -i vcan0 -w /tmp/ring/r.pcapng -b duration:1 \
	-b files:4
t0=$(tx)
cangen vcan0 -g 0 -I i -D i -L 8 &
gen=$!
sleep "$FLOOD_SECONDS"
kill $gen
wait $gen
sleep 1
echo "rotate: injected $(($(tx) - t0)) frames in $FLOOD_SECONDS s"
kill -TERM $fox
wait $fox
echo "rotate: exit $?"
cat /out/rotate.err
mkdir -p /out/ring
mv /tmp/ring/* /out/ring/
