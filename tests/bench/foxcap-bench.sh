#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Capture benchmark in a real kernel (qemu, TCG): FRAMES frames (default
# 1,000,000) injected into vcan0 as fast as it takes them while foxcap,
# candump -l and dumpcap capture at the same time.  Prints, per tool,
# frames lost and CPU seconds per million frames (utime + stime from
# /proc, guest CPU under emulation: compare tools with each other, not
# with hardware).
#
#   foxcap-bench.sh FOXCAP [FRAMES]
set -u
here=$(cd "$(dirname "$0")/../capture/qemu" && pwd)
. "$here/lib.sh"
foxcap=$1
frames=${2:-1000000}
require_qemu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/guest.sh" <<GUEST
frames=$frames
GUEST
cat >>"$work/guest.sh" <<'GUEST'
cpu() { awk '{ print $14 + $15 }' /proc/$1/stat; }
tx() { cat /sys/class/net/vcan0/statistics/tx_packets; }
mkdir -p /tmp/cap
cd /tmp/cap
foxcap -i vcan0 -w /tmp/cap/foxcap.pcapng 2>/out/foxcap.err &
fox=$!
candump -l vcan0 >/out/candump.out 2>&1 &
cd_pid=$!
# the same 16 MiB of socket buffer foxcap and dumpcap get
mkdir -p /tmp/cap/big && cd /tmp/cap/big
candump -l -r 16777216 vcan0 >/out/candump-big.out 2>&1 &
cdb=$!
cd /tmp/cap
dumpcap -q -n -i vcan0 -B 16 -w /tmp/cap/dumpcap.pcapng 2>/out/dumpcap.err &
dc=$!
tcpdump=$(command -v tcpdump)
[ -n "$tcpdump" ] && { tcpdump -q -B 16384 -i vcan0 -w /tmp/cap/tcpdump.pcap 2>/out/tcpdump.err & td=$!; }
sleep 3
t0=$(tx)
s0=$(cut -d' ' -f1 /proc/uptime)
cangen vcan0 -g 0 -I i -D i -L 8 -n "$frames"
s1=$(cut -d' ' -f1 /proc/uptime)
sleep 3
echo "injected $(($(tx) - t0)) frames in $(awk "BEGIN { print $s1 - $s0 }") s"
echo "cpu foxcap $(cpu $fox) candump $(cpu $cd_pid) candump-r16M $(cpu $cdb) dumpcap $(cpu $dc) tcpdump $([ -n "$tcpdump" ] && cpu $td || echo -)"
echo "clk_tck $(getconf CLK_TCK 2>/dev/null || echo 100)"
kill -INT $fox $cd_pid $cdb $dc ${td:-}
wait
ls -l /tmp/cap
echo "lines candump $(cat /tmp/cap/candump-*.log | wc -l)"
echo "lines candump-r16M $(cat /tmp/cap/big/candump-*.log | wc -l)"
cat /out/foxcap.err /out/dumpcap.err /out/candump.out
GUEST
# dumpcap needs a config dir and would be refused the capability check
# message by a missing group; run it as root in the guest.
VM_TIMEOUT=600 VM_OUT_MB=64 "$here/vm.sh" "$work/out" "$work/guest.sh" \
	"$foxcap" /usr/bin/candump /usr/bin/cangen /usr/bin/dumpcap \
	$(command -v tcpdump || true) >/dev/null 2>&1
cat "$work/out/test.log"
boot=$(sed -n 's/.*VM-UP \([0-9.]*\).*/\1/p' "$work/out/console.log" | tail -n 1)
wall=$(sed -n 's/.*qemu ran \([0-9.]*\) s wall.*/\1/p' "$work/out/console.log")
echo
echo "machine: $(nproc) cores, $(uname -m), qemu TCG guest $(ls /boot/vmlinuz-* | sort -V | tail -n 1 | sed 's|.*vmlinuz-||'), -smp 2"
echo "guest boot to vcan up: ${boot} s (guest clock); whole VM run: ${wall} s wall"
awk -v frames="$frames" '
	{ gsub(/\r/, "") }
	/^injected/ { injected = $2; secs = $5 }
	/^cpu / { for (i = 2; i < NF; i += 2) cpu[$i] = $(i + 1) }
	/^clk_tck/ { hz = $2 }
	/^foxcap: .* frames received/ { got["foxcap"] = $2; drop["foxcap"] = $7 }
	/^lines / { got[$2] = $3 }
	/^Packets captured: / { got["dumpcap"] = $3 }
	END {
		printf "injected %d frames in %.1f s (%.0f frames/s)\n", injected, secs, injected / secs
		printf "%-13s %10s %10s %14s\n", "tool", "captured", "lost", "CPU s/1M fr"
		n = split("foxcap candump candump-r16M dumpcap tcpdump", tools, " ")
		for (i = 1; i <= n; i++) {
			t = tools[i]
			if (cpu[t] == "-" || cpu[t] == "")
				continue
			printf "%-13s %10s %10s %14.2f\n", t, got[t], (got[t] == "" ? "?" : injected - got[t]),
				cpu[t] / hz / injected * 1000000
		}
	}' "$work/out/test.log"
