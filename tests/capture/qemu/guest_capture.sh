# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest (see vm.sh): every foxcap scenario that needs
# a real SocketCAN kernel.  It checks exit codes and messages itself
# ("ok"/"FAIL" lines) and leaves the files in /out for the host to compare
# frame by frame with tshark and pcapng_dump.
. /guest_lib.sh

fail=0
check() { # NAME CONDITION...
	name=$1
	shift
	if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
has() { grep -q -- "$2" "$1"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
# Tests of what foxcap writes when it stops use this flush interval, far
# longer than they run: only the flush at the stop can save their frames.
no_periodic_flush="--flush-interval 600000"

# Waits for foxcap to stop; after SECONDS (default 30) it is killed, so a
# foxcap that never stops fails its checks (exit status 137) instead of
# hanging the guest until the VM's timeout.
wait_stop() { # PID [SECONDS]
	for _ in $(seq $((${2:-30} * 10))); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && echo "FAIL foxcap did not stop: killed" &&
		kill -KILL "$1"
	wait "$1"
}


# 1. correctness: two interfaces, every kind of frame, comment, SIGTERM
start_foxcap /out/basic.err -i vcan0 -i vcan1 -w /out/basic.pcapng \
	--comment "site 7, installer Jo, ticket 4242" $no_periodic_flush
canplayer -t -g 0 -I /data/inject.log
sleep 0.5
kill -TERM $fox
wait_stop $fox
check "basic: exit 0 after SIGTERM" [ $? -eq 0 ]
check "basic: stats line" has /out/basic.err "frames received"
check "basic: 0 dropped" has /out/basic.err " 0 dropped"
cp /data/inject.log /out/inject.log

# CAN FD flags as libpcap hands them over, with candump as the witness
candump -l -s 2 vcan0 >/dev/null 2>&1 &
witness=$!
start_foxcap /out/fdflags.err -i vcan0 -w /out/fdflags.pcapng -c 1
cansend vcan0 321##1AABB
wait_stop $fox
kill -INT $witness
wait $witness
mv candump-*.log /out/fdflags-witness.log

# 2. kernel-side --ids filter and --no-errors
start_foxcap /out/ids.err -i vcan0 -w /out/ids.pcapng \
	--ids foxess,351,0x100-0x10F --no-errors
canplayer -t -g 0 -I /data/ids.log
sleep 0.5
kill -INT $fox
wait_stop $fox
check "ids: exit 0 after SIGINT" [ $? -eq 0 ]

# 3. -c COUNT under load
cangen vcan0 -g 0 -I i -D i -L 8 -n 200000 &
gen=$!
foxcap -i vcan0 -w /out/count.pcapng -c 1000 2>/out/count.err &
wait_stop $!
check "count: exit 0" [ $? -eq 0 ]
check "count: 1000 written" has /out/count.err "1000 written"
wait $gen

# 4. SIGTERM mid-stream at full rate: every frame sent before the signal
# must be in the file
start_foxcap /out/term.err -i vcan0 -w /out/term.pcapng $no_periodic_flush
t0=$(tx vcan0)
cangen vcan0 -g 0 -I i -D i -L 8 -n 300000 &
gen=$!
sleep 1
echo "$(($(tx vcan0) - t0))" >/out/term.sent
kill -TERM $fox
wait_stop $fox
check "sigterm: exit 0" [ $? -eq 0 ]
wait $gen

# 4b. SIGTERM right after the last frame at a real bus's pace: the kernel
# still holds the newest frames in the ring block it is filling
start_foxcap /out/termlast.err -i vcan0 -w /out/termlast.pcapng \
	$no_periodic_flush
cangen vcan0 -g 2 -I i -D i -L 8 -n 500
kill -TERM $fox
wait_stop $fox
check "sigterm right after the last frame: exit 0" [ $? -eq 0 ]

# 5. SIGKILL: what is older than --flush-interval must be in the file.
# candump is the witness of what was on the bus; a marker frame 7FF
# stamps the moment of the kill on the bus timeline.
candump -l -s 2 vcan0 >/dev/null 2>&1 &
witness=$!
sleep 0.3
start_foxcap /out/kill.err -i vcan0 -w /out/kill.pcapng --flush-interval 500
cangen vcan0 -g 1 -I 123 -D i -L 8 &
gen=$!
sleep 3
cansend vcan0 7FF#DEAD
kill -KILL $fox
sleep 0.5
kill $gen
sleep 0.3
kill -INT $witness
wait $witness
mv candump-*.log /out/kill-witness.log

# 6. interface removed during the capture
start_foxcap /out/removed.err -i vcan1 -w /out/removed.pcapng $no_periodic_flush
cangen vcan1 -g 1 -I i -D i -L 8 -n 200 &
gen=$!
# all 200 on the bus before the fault (on a loaded host the guest once
# took over a second to send them), then time for the ring block
wait $gen
sleep 0.5
ip link del dev vcan1
wait_stop $fox
check "removed: exit 1" [ $? -eq 1 ]
check "removed: message" has /out/removed.err "interface vcan1 was removed during the capture"
ip link add dev vcan1 type vcan && ip link set vcan1 up

# 6b. interface taken down during the capture
start_foxcap /out/wentdown.err -i vcan1 -w /out/wentdown.pcapng \
	$no_periodic_flush
cangen vcan1 -g 1 -I i -D i -L 8 -n 200 &
gen=$!
# all 200 on the bus before the fault (on a loaded host the guest once
# took over a second to send them), then time for the ring block
wait $gen
sleep 0.5
ip link set vcan1 down
wait_stop $fox
check "went down: exit 1" [ $? -eq 1 ]
check "went down: message" has /out/wentdown.err "interface vcan1 went down during the capture"
ip link set vcan1 up

# 7. interface down, missing, not CAN
ip link set vcan1 down
foxcap -i vcan1 -w /out/down.pcapng 2>/out/down.err
check "down: exit 1" [ $? -eq 1 ]
check "down: message" has /out/down.err "interface vcan1 is down"
ip link set vcan1 up
foxcap -i nocan7 -w /out/missing.pcapng 2>/out/missing.err
check "missing: exit 1" [ $? -eq 1 ]
check "missing: message" has /out/missing.err "interface nocan7 does not exist"
ip link set lo up
foxcap -i lo -w /out/lo.pcapng 2>/out/lo.err
check "not CAN: exit 1" [ $? -eq 1 ]
check "not CAN: message" has /out/lo.err "lo is not a CAN interface"
foxcap -i vcan0 -w /nonexistent/dir/x.pcapng 2>/out/nodir.err
check "no dir: exit 1" [ $? -eq 1 ]
check "no dir: message" has /out/nodir.err "cannot create /nonexistent/dir/x.pcapng"
foxcap -i vcan0 -w /out/x.pcapng -b files:2 2>/out/badopt.err
check "bad option: exit 2" [ $? -eq 2 ]
check "bad option: message" has /out/badopt.err "needs -b filesize"

# 8. unprivileged: denied without CAP_NET_RAW, works with it
mkdir -p /tmp/nobody && chmod 777 /tmp/nobody
/opt/bin/setpriv --reuid=65534 --regid=65534 --clear-groups \
	foxcap -i vcan0 -w /tmp/nobody/denied.pcapng 2>/out/perm.err
check "no CAP_NET_RAW: exit 1" [ $? -eq 1 ]
check "no CAP_NET_RAW: message" has /out/perm.err "permission denied: foxcap needs CAP_NET_RAW"
/opt/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw \
	--ambient-caps=+net_raw foxcap -i vcan0 -w /tmp/nobody/cap.pcapng \
	-a duration:3 2>/out/cap.err &
fox=$!
sleep 1.5
cangen vcan0 -g 0 -I i -D i -L 8 -n 50
wait_stop $fox
check "CAP_NET_RAW only: exit 0" [ $? -eq 0 ]
check "CAP_NET_RAW only: 50 written" has /out/cap.err "50 written"
cp /tmp/nobody/cap.pcapng /out/cap.pcapng

# 9. disk full in the middle of a file
mkdir -p /full && mount -t tmpfs -o size=256k full /full
start_foxcap /out/full.err -i vcan0 -w /full/full.pcapng
cangen vcan0 -g 0 -I i -D i -L 8 -n 20000
wait_stop $fox
check "disk full: exit 1" [ $? -eq 1 ]
check "disk full: message" has /out/full.err "disk full writing /full/full.pcapng"
cp /full/full.pcapng /out/full.pcapng
rm -f /full/*

# 10. disk full in the middle of a rotation: 100 kB files on 256 kB
start_foxcap /out/fullrot.err -i vcan0 -w /full/rot.pcapng -b filesize:100
cangen vcan0 -g 0 -I i -D i -L 8 -n 20000
wait_stop $fox
check "disk full rotating: exit 1" [ $? -eq 1 ]
check "disk full rotating: message" has /out/fullrot.err "disk full"
mkdir -p /out/fullrot && cp /full/* /out/fullrot/
umount /full

# 11. ring buffer under load: 3 files of 200 kB kept
mkdir -p /out/ring
start_foxcap /out/ring.err -i vcan0 -w /out/ring/r.pcapng \
	-b filesize:200 -b files:3
cangen vcan0 -g 0 -I i -D i -L 8 -n 60000
sleep 0.5
kill -TERM $fox
wait_stop $fox
check "ring: exit 0" [ $? -eq 0 ]
check "ring: 3 files kept" [ "$(ls /out/ring | wc -l)" -eq 3 ]

# 12. SIGHUP starts the next file; -a files stops after the second
mkdir -p /out/hup
start_foxcap /out/hup.err -i vcan0 -w /out/hup/h.pcapng -b duration:3600 \
	-a files:2 $no_periodic_flush
cangen vcan0 -g 0 -I i -D i -L 8 -n 100
sleep 0.5
kill -HUP $fox
sleep 0.5
cangen vcan0 -g 0 -I i -D i -L 8 -n 50
sleep 0.5
kill -HUP $fox
wait_stop $fox
check "sighup: exit 0 at -a files:2" [ $? -eq 0 ]
check "sighup: 2 files" [ "$(ls /out/hup | wc -l)" -eq 2 ]

# 13. --live status lines from a FoxESS exchange, then a silent BMS
foxcap -i vcan0 -w /out/live.pcapng --live -a duration:12 \
	>/out/live.out 2>/out/live.err &
fox=$!
sleep 1
canplayer -I /data/foxess.log
wait_stop $fox
check "live: exit 0" [ $? -eq 0 ]
check "live: status line" has /out/live.out "SoC 93%"
check "live: voltage" has /out/live.out "425.9 V"
check "live: cells" has /out/live.out "cells 3326 mV..3335 mV"
check "live: charge inhibit" has /out/live.out "CHARGE INHIBIT"
check "live: BMS not answering" has /out/live.out "BMS not answering for 2 s"
check "live: three status lines" [ "$(grep -c "SoC 93%" /out/live.out)" -eq 3 ]
check "live: BMS Lost at the third silent poll" \
	has /out/live.out "ERROR BMS Lost: 3 polls unanswered"
check "live: charge inhibit diagnosed once" \
	[ "$(grep -c "WARN Charge inhibit set at SoC 93 %" /out/live.out)" -eq 1 ]
check "live: link summary on exit" has /out/live.err \
	"main polls: 3 answered, 3 unanswered; BMS Lost 1 time"

# 14. bus sanity: nothing at all; only error frames
foxcap -i vcan0 -w /out/quiet.pcapng -a duration:2 2>/out/quiet.err &
wait_stop $!
check "quiet bus: message" has /out/quiet.err "no frames at all in 2 s"
start_foxcap /out/errors.err -i vcan0 -w /out/errors.pcapng -a duration:3
for _ in 1 2 3; do cansend vcan0 20000004#0004000000000000; done
wait_stop $fox
check "error frames only: message" has /out/errors.err "only error frames (3): check the bitrate (FoxESS uses 500 kbit/s)"

exit $fail
