#!/bin/sh
# The fleet path of docs/fleet.md, run as documented: foxess-scan --json
# --bulk over a directory tree with GNU parallel (local jobs; across hosts
# with --sshlogin too when ssh to localhost works without a password), into
# one file ready for an OpenSearch/Elasticsearch _bulk request.  The tree
# holds corpus captures, a candump log and a truncated pcap; check_bulk.py
# checks the file structurally against the schema and the index mapping.
#   usage: fleet.sh FOXESS-SCAN
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scan=$1
command -v parallel >/dev/null &&
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || {
	echo "GNU parallel or python3-jsonschema missing (tools/deps.sh" \
		"installs them)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME="$dir/home" # parallel keeps its state in ~/.parallel
mkdir -p "$HOME" "$dir/logs/site-a/2024-05-09" "$dir/logs/site-b" \
	"$dir/logs/site-c/can"
cp "$root"/test-captures/0*.pcap "$dir/logs/site-a/2024-05-09/"
cp "$root"/test-captures/multibus/*.pcapng "$dir/logs/site-b/"
cp "$root"/tests/diagnostics/logs/bms-lost.log "$dir/logs/site-c/can/"
head -c 20000 "$root/test-captures/01-normal-8-packs.pcap" \
	>"$dir/logs/site-c/cut.pcap"
n=$(find "$dir/logs" -type f | wc -l)

status=0
find "$dir/logs" -type f \( -name '*.pcap' -o -name '*.pcapng' \
	-o -name '*.log' \) -print0 |
	parallel --will-cite -0 -j 2 -n 4 \
		"$scan" --json --bulk foxess-scan {} \
		>"$dir/bulk.ndjson" 2>"$dir/err" || status=$?
# One file was cut short: parallel counts its job as failed, the others
# still ran.
[ "$status" = 1 ] || {
	echo "FAIL: parallel exit status $status, not 1 (one bad file)" >&2
	cat "$dir/err" >&2
	exit 1
}
grep -q "cut.pcap: truncated" "$dir/err" || {
	echo "FAIL: the truncated file is not named:" >&2
	cat "$dir/err" >&2
	exit 1
}
/usr/bin/python3 "$here/check_bulk.py" "$dir/bulk.ndjson" \
	"$root/docs/foxess-scan.schema.json" \
	"$root/docs/fleet/foxess-index-mapping.json" "$n" "$dir/logs/"

if ssh -o BatchMode=yes -o ConnectTimeout=3 localhost true 2>/dev/null; then
	find "$dir/logs" -type f -name '*.pcap*' |
		parallel --will-cite -S 1/localhost -n 4 \
			"$scan" --json {} >"$dir/ssh.ndjson" || true
	[ "$(grep -c '' "$dir/ssh.ndjson")" -ge $((n - 2)) ] || {
		echo "FAIL: --sshlogin localhost gave too few objects" >&2
		exit 1
	}
	echo "ok: --sshlogin localhost"
else
	echo "note: no password-less ssh to localhost: --sshlogin not run"
fi
