#!/bin/sh
# Regenerate the pcapng and pcap forms of test-captures/worked-examples.log
# with the project's own converter and Wireshark's editcap:
#   tests/plugin/make-worked-examples.sh <build-dir> [OUTDIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
out=${2:-$here/../../test-captures}
log=$here/../../test-captures/worked-examples.log
"$build/capture/foxcap" convert "$log" "$out/worked-examples.pcapng"
editcap -F pcap "$out/worked-examples.pcapng" "$out/worked-examples.pcap"
