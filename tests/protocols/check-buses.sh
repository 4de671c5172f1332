#!/bin/sh
# A multi-interface candump log, converted to pcapng by foxcap (one pcapng
# interface per bus; tshark's own candump reader puts every line on one),
# then checked like the other captures.
#   usage: check-buses.sh FOXCAP LOG EXPECTED [extra tshark options]
set -eu
foxcap=$1 log=$2 expected=$3
shift 3
here=$(dirname "$0")
pcapng=$(mktemp --suffix=.pcapng)
trap 'rm -f "$pcapng"' EXIT
"$foxcap" convert "$log" "$pcapng" >/dev/null
"$here/../plugin/check-fields.sh" "$pcapng" "$expected" "$@"
