# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest (see vm.sh): foxsim transmits a scenario on
# vcan0 in real time (-I) while foxcap captures it; foxsim also writes its
# own pcap of the same run (-o).  The host compares the files.
. /data/foxsim.env
tx() { cat /sys/class/net/vcan0/statistics/tx_packets; }

foxcap -i vcan0 -w /out/captured.pcapng 2>/out/foxcap.err &
fox=$!
for _ in $(seq 50); do
	grep -q "capturing on" /out/foxcap.err && break
	sleep 0.1
done
t0=$(tx)
foxsim -s "$SCENARIO" --duration "$DURATION" -I vcan0 -o /out/sent.pcap \
	2>/out/foxsim.err
echo "foxsim: exit $?"
echo "vcan0: $(($(tx) - t0)) frames transmitted"
sleep 0.5
kill -TERM $fox
wait $fox
echo "foxcap: exit $?"
