# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the qemu guest (see vm.sh): foxsim transmits a scenario on
# vcan0 in real time (-I) while foxcap captures it; foxsim also writes its
# own pcap of the same run (-o).  The host compares the files.
. /data/foxsim.env
. /guest_lib.sh

start_foxcap /out/foxcap.err -i vcan0 -w /out/captured.pcapng
t0=$(tx)
foxsim -s "$SCENARIO" --duration "$DURATION" -I vcan0 -o /out/sent.pcap \
	2>/out/foxsim.err
echo "foxsim: exit $?"
echo "vcan0: $(($(tx) - t0)) frames transmitted"
sleep 0.5
kill -TERM $fox
wait $fox
echo "foxcap: exit $?"
