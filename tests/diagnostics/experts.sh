#!/bin/sh
# "frame abbrev" for every FoxESS / Pylontech expert info of a capture,
# in frame order.  Extra arguments go to tshark (e.g. -2 for two passes).
#   usage: experts.sh CAPTURE [tshark args]
set -eu
here=$(dirname "$0")
file=$1
shift
"$here/../tshark.sh" -r "$file" "$@" -T pdml | awk '
/<field name="num" / {
	match($0, /show="[0-9]+"/)
	num = substr($0, RSTART + 6, RLENGTH - 7)
}
/<field name="_ws.expert"/ { expert = 1; next }
expert {
	expert = 0
	if (match($0, /name="(foxess|pylontech)\.[^"]*"/))
		print num, substr($0, RSTART + 6, RLENGTH - 7)
}'
