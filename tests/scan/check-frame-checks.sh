#!/bin/sh
# Every frame-level check (lib/frame-checks.c) is raised by the plugin and
# counted by foxess-scan under the same expert info: on logs that between
# them trip each check, tshark -z foxess,summary on the foxcap-converted
# pcapng and foxess-scan on the log agree byte for byte, and together
# they name exactly the expert infos listed below (written here by hand,
# as the filter names users type).
#   usage: check-frame-checks.sh FOXESS-SCAN FOXCAP LOG...
set -eu
here=$(dirname "$0")
scan=$1 foxcap=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

expected='foxess.can_fd
foxess.dialect
foxess.malformed.long
foxess.malformed.short
foxess.request.unknown_opcode
foxess.request.unknown_selector
foxess.unknown_id
pylontech.hv_big_endian
pylontech.malformed.long
pylontech.malformed.short'

n=0
for log in "$@"; do
	n=$((n + 1))
	"$foxcap" convert "$log" "$dir/$n.pcapng" 2>/dev/null
	"$here/../tshark.sh" -r "$dir/$n.pcapng" -q -z foxess,summary \
		>"$dir/$n.tshark"
	"$scan" "$log" >"$dir/$n.scan"
	diff -u "$dir/$n.tshark" "$dir/$n.scan" || {
		echo "FAIL: foxess-scan and tshark disagree on $log" >&2
		exit 1
	}
	# "  Severity  count  name  summary" lines after "Expert infos:"
	awk '/^Expert infos:/ { on = 1; next }
	     on && /^  [A-Z]/ { print $3; next }
	     { on = 0 }' "$dir/$n.tshark" >>"$dir/names"
done
sort -u "$dir/names" >"$dir/found"
printf '%s\n' "$expected" >"$dir/expected"
diff -u "$dir/expected" "$dir/found" || {
	echo "FAIL: the logs raise other frame-check expert infos than" \
		"expected" >&2
	exit 1
}
echo "ok: $(grep -c '' "$dir/found") frame-check expert infos, scan = tshark on $n logs"
