# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the scripts that run inside the qemu guest (vm.sh installs
# this file as /guest_lib.sh; sourced, busybox sh).

# Frames an interface (default vcan0) has transmitted.
tx() { cat /sys/class/net/${1:-vcan0}/statistics/tx_packets; }

# foxcap must be ready before traffic starts: runs foxcap ARGS with its
# messages in LOG, sets fox to its process id and waits for its start
# line (5 s at most), or for it to exit.
start_foxcap() { # LOG ARGS...
	log=$1
	shift
	foxcap "$@" 2>"$log" &
	fox=$!
	for _ in $(seq 50); do
		grep -q -- "capturing on" "$log" && return 0
		kill -0 $fox 2>/dev/null || return 0
		sleep 0.1
	done
}
