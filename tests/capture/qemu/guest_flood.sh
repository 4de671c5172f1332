# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest: foxcap under floods.  FLOOD_FRAMES frames
# as fast as vcan takes them, then FLOOD_SECONDS of full-rate traffic
# while rotating every second, then STOP_FRAMES sent while foxcap is
# stopped, more than its 1 MiB kernel buffer holds.  The host checks the
# files.
. /data/flood.env
. /guest_lib.sh
# frames the kernel dropped before any socket saw them (receive backlog)
rx_dropped() { cat /sys/class/net/vcan0/statistics/rx_dropped; }
cpu_ticks() { awk '{ print $14 + $15 }' /proc/$1/stat; }

# 1. a million frames, zero drops
start_foxcap /out/million.err -i vcan0 -w /tmp/million.pcapng
t0=$(tx)
d0=$(rx_dropped)
s0=$(cut -d' ' -f1 /proc/uptime)
cangen vcan0 -g 0 -I i -D i -L 8 -n "$FLOOD_FRAMES"
s1=$(cut -d' ' -f1 /proc/uptime)
sleep 1
echo "million: injected $(($(tx) - t0)) frames in $(awk "BEGIN { print $s1 - $s0 }") s"
echo "million: interface dropped $(($(rx_dropped) - d0))"
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
d0=$(rx_dropped)
cangen vcan0 -g 0 -I i -D i -L 8 &
gen=$!
sleep "$FLOOD_SECONDS"
kill $gen
wait $gen
sleep 1
echo "rotate: injected $(($(tx) - t0)) frames in $FLOOD_SECONDS s"
echo "rotate: interface dropped $(($(rx_dropped) - d0))"
kill -TERM $fox
wait $fox
echo "rotate: exit $?"
cat /out/rotate.err
mkdir -p /out/ring
mv /tmp/ring/* /out/ring/

# 3. foxcap stopped (SIGSTOP) while a burst overflows its kernel buffer:
# what did not fit must be reported dropped
start_foxcap /out/stopped.err -i vcan0 -B 1 -w /tmp/stopped.pcapng
kill -STOP $fox
t0=$(tx)
d0=$(rx_dropped)
cangen vcan0 -g 0 -I i -D i -L 8 -n "$STOP_FRAMES"
echo "stopped: injected $(($(tx) - t0)) frames"
echo "stopped: interface dropped $(($(rx_dropped) - d0))"
kill -CONT $fox
sleep 1
kill -TERM $fox
wait $fox
echo "stopped: exit $?"
cat /out/stopped.err
mv /tmp/stopped.pcapng /out/
