#!/bin/sh
# Quick start, one command: install the dependencies, build, install the
# plugin (global dir as root, personal dir otherwise) and decode a bundled
# reference capture with tshark.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc)"
if [ "$(id -u)" = 0 ]; then
	cmake --install build
else
	cmake --install build --prefix "$HOME/.local"
fi
capture=test-captures/worked-examples.log
echo
echo "=== $capture decoded by tshark with the FoxESS plugin ==="
tshark -r "$capture" -n
tshark -r "$capture" -n -O foxess -Y 'foxess.frame == "pack"'
capture=test-captures/02-bms-lost-30s.pcap
echo
echo "=== $capture: the diagnosis a support engineer pastes into a ticket ==="
tshark -r "$capture" -q -z foxess,summary
