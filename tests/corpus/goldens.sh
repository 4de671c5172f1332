#!/bin/sh
# Golden tshark output for one capture of the corpus, written to OUTDIR:
#   STEM.info.txt    frame, time, protocol and Info column of the first 120
#                    frames and of every frame named in the ground truth
#   STEM.fields.txt  key FoxESS fields of every pack / status / cells /
#                    state frame (the trend a reviewer reads)
#   STEM.detail.txt  the FoxESS and Pylontech trees (-V) of the first burst and of the
#                    first frame of each event type (EP: the first 40 frames)
#   STEM.ep.txt      EP captures only: current, SoC, nominal energy, state,
#                    stored energy and per-unit cell extremes
# usage: FOXESS_PLUGIN_DIR=<build>/plugins goldens.sh CAPTURE TRUTH OUTDIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tshark="$here/../tshark.sh"
cap=$1
truth=$2
out=$3
stem=$(basename "$cap")
stem=${stem%.pcapng}
stem=${stem%.pcap}
# Nothing machine-dependent may reach the goldens: fixed zone and locale.
export TZ=UTC LC_ALL=C

info_frames=$(awk -F, 'NR > 1 { print $1 }' "$truth" | sort -un)
"$tshark" -r "$cap" -T fields -E separator=' ' \
	-e frame.number -e frame.time_relative -e _ws.col.Protocol \
	-e _ws.col.Info |
	awk -v list="$info_frames" '
		BEGIN { n = split(list, f, "\n"); for (i = 1; i <= n; i++) want[f[i]] = 1 }
		$1 <= 120 || ($1 in want)' >"$out/$stem.info.txt"

"$tshark" -r "$cap" -Y 'foxess.frame in {"pack", "status", "cells", "state"}' \
	-T fields -e frame.number -e foxess.frame \
	-e foxess.pack.voltage -e foxess.pack.current -e foxess.pack.soc \
	-e foxess.status.packs_ok -e foxess.status.pack_count \
	-e foxess.status.contactor -e foxess.cells.charge_inhibit \
	-e foxess.cells.voltage_max -e foxess.cells.voltage_min \
	-e foxess.state.error_code -e foxess.flags >"$out/$stem.fields.txt"

if grep -q ',ep_detected,' "$truth"; then
	first=40
	"$tshark" -r "$cap" \
		-Y 'foxess.frame in {"pack", "ep_health", "ep_stored", "module"}' \
		-T fields -e frame.number -e foxess.frame \
		-e foxess.pack.current -e foxess.pack.soc \
		-e foxess.pack.energy_nominal -e foxess.ep_health.state \
		-e foxess.ep_stored.energy -e foxess.module.number \
		-e foxess.module.cell_max -e foxess.module.cell_min \
		>"$out/$stem.ep.txt"
else
	first=9
fi

# The first reply burst, and the first frame of each event type.
detail=$( (seq 1 $first; awk -F, 'NR > 1 && $3 != "checkpoint" && !seen[$3]++ { print $1 }' "$truth") |
	sort -un | paste -sd, -)
"$tshark" -r "$cap" -V -O foxess,pylontech -Y "frame.number in {$detail}" \
	>"$out/$stem.detail.txt"
