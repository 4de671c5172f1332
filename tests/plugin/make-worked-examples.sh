#!/bin/sh
# Regenerate the pcapng and pcap forms of test-captures/worked-examples.log
# with the project's own converter and Wireshark's editcap:
#   tests/plugin/make-worked-examples.sh <build-dir> [OUTDIR]
# The converter records its input path in the file, so it is given the
# same relative path from the top of the tree every time.
set -eu
build=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$(cd "${2:-$top/test-captures}" && pwd)
cd "$top"
"$build/capture/foxcap" convert test-captures/worked-examples.log \
	"$out/worked-examples.pcapng"
editcap -F pcap "$out/worked-examples.pcapng" "$out/worked-examples.pcap"
