#!/bin/sh
# A log gives the summary of its foxcap-converted pcapng (and tshark's on
# that pcapng): foxess-scan reads logs with foxcap convert's reader.  The
# candump log is one of ours; the Vector ASC file is written from it by
# python-can (Debian's, /usr/bin/python3), an independent writer, and must
# give the candump log's numbers (only the bus name differs: ASC channels
# are numbers).
#   usage: check-logs.sh FOXESS-SCAN FOXCAP CANDUMP-LOG
set -eu
here=$(dirname "$0")
scan=$1 foxcap=$2 log=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

same_as_converted() { # LOG NAME
	"$foxcap" convert "$1" "$dir/$2.pcapng" 2>/dev/null
	"$scan" "$1" >"$dir/$2.log.sum"
	"$scan" "$dir/$2.pcapng" >"$dir/$2.pcapng.sum"
	"$here/../tshark.sh" -r "$dir/$2.pcapng" -q -z foxess,summary \
		>"$dir/$2.tshark.sum"
	diff -u "$dir/$2.pcapng.sum" "$dir/$2.log.sum" || {
		echo "FAIL: $1 and its converted pcapng differ" >&2
		exit 1
	}
	diff -u "$dir/$2.tshark.sum" "$dir/$2.log.sum" || {
		echo "FAIL: foxess-scan on $1 differs from tshark" >&2
		exit 1
	}
	grep -q '^Main polls: *[1-9]' "$dir/$2.log.sum" || {
		echo "FAIL: no main polls found in $1" >&2
		exit 1
	}
}

same_as_converted "$log" candump
echo "ok: candump log = its pcapng = tshark"

if ! /usr/bin/python3 -c 'import can' 2>/dev/null; then
	echo "python3-can missing: ASC half skipped"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
/usr/bin/python3 - "$log" "$dir/log.asc" <<'PY'
import sys
import can
with can.ASCWriter(sys.argv[2]) as w:
    for msg in can.CanutilsLogReader(sys.argv[1]):
        w.on_message_received(msg)
PY
same_as_converted "$dir/log.asc" asc
# From the protocol lines on, the ASC summary is the candump one.
sed -n '/^Frames:/,$p' "$dir/candump.log.sum" >"$dir/a"
sed -n '/^Frames:/,$p' "$dir/asc.log.sum" >"$dir/b"
diff -u "$dir/a" "$dir/b" || {
	echo "FAIL: python-can's ASC of $log gives other numbers" >&2
	exit 1
}
echo "ok: python-can ASC = candump numbers"
