#!/bin/sh
# Regenerates the committed libFuzzer seeds of tests/fuzz/seeds/ from the
# reference captures in test-captures/ (candump logs, pcap, pcapng).
#   usage: tests/fuzz/make-seeds.sh [CAPTURE...]
# Needs tshark (plain, no plugin: the payload is read as data.data).
# Hand-written seeds (seeds/*/manual-*) are kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -gt 0 ] || set -- "$root"/test-captures/*.log \
	"$root"/test-captures/*.pcap "$root"/test-captures/*.pcapng
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$@"; do
	[ -f "$f" ] || continue
	tshark -r "$f" -T fields -E separator=' ' -e can.id -e can.flags.xtd \
		-e can.flags.err -e can.flags.rtr -e data.data 2>/dev/null
done >"$tmp/frames"

# fuzz_decode: mode byte (bit 3 extended; bits 4-6 protocol: 0 FoxESS for
# 29-bit IDs, 1 Pylontech for 11-bit ones), ID little-endian, a zero
# scratch byte, the payload.  At most four payloads per ID, as found.
mkdir -p "$here/seeds/decode"
find "$here/seeds/decode" -name 'cap-*' -delete
awk -v dir="$here/seeds/decode" '
function oct(v) { return sprintf("\\%03o", v) }
$3 == "1" || $4 == "1" { next }
{
	id = $1 + 0; ext = $2 == "1"; data = $5
	if (dup[id, data]++ || count[id] >= 4) next
	name = sprintf("%s/cap-%04x-%d", dir, id, count[id]++)
	s = oct(ext ? 8 : 16)
	for (i = 0; i < 4; i++) { s = s oct(id % 256); id = int(id / 256) }
	s = s oct(0)
	for (i = 1; i < length(data); i += 2)
		s = s oct(hex(substr(data, i, 2)))
	printf "printf '\''%s'\'' >%s\n", s, name
}
function hex(h,   v, i, c) {
	v = 0
	for (i = 1; i <= length(h); i++) {
		c = index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
		v = v * 16 + c
	}
	return v
}' "$tmp/frames" | sh

# fuzz_link: the first 600 frames of each capture as one sequence (see
# fuzz_link.c for the record layout; time steps in the coarsest unit that
# keeps them to a byte).
mkdir -p "$here/seeds/link"
find "$here/seeds/link" -name 'cap-*' -delete
for f in "$@"; do
	[ -f "$f" ] || continue
	name=$(basename "$f" | tr . -)
	tshark -r "$f" -c 600 -T fields -E separator=' ' -e frame.time_delta \
		-e can.id -e can.flags.xtd -e can.flags.err -e data.data \
		2>/dev/null | awk -v out="$here/seeds/link/cap-$name" '
	function oct(v) { return sprintf("\\%03o", v) }
	function hex(h,   v, i) {
		v = 0
		for (i = 1; i <= length(h); i++)
			v = v * 16 + index("0123456789abcdef",
					   tolower(substr(h, i, 1))) - 1
		return v
	}
	BEGIN { s = oct(0) }
	{
		dt = $1 * 1000; unit = 0
		while (unit < 3 && dt > 255) { dt /= 10; unit++ }
		if (dt > 255) dt = 255
		id = $2 + 0; data = $5
		s = s oct(($3 == "1") + 2 * ($4 == "1") + 8 * unit) oct(int(dt))
		for (i = 0; i < 4; i++) { s = s oct(id % 256); id = int(id / 256) }
		s = s oct(length(data) / 2)
		for (i = 1; i < length(data); i += 2)
			s = s oct(hex(substr(data, i, 2)))
	}
	END { printf "printf '\''%s'\'' >%s\n", s, out }' | sh
done

# fuzz_canlog: the first lines of every candump log, one line per seed.
mkdir -p "$here/seeds/canlog"
find "$here/seeds/canlog" -name 'cap-*' -delete
n=0
for f in "$@"; do
	case "$f" in *.log) ;; *) continue ;; esac
	head -n 20 "$f" | while IFS= read -r line; do
		n=$((n + 1))
		printf '%s\n' "$line" >"$here/seeds/canlog/cap-$(basename "$f" .log)-$n"
	done
done
for t in decode link canlog; do
	printf '%s: %s seeds\n' "$t" "$(ls "$here/seeds/$t" | wc -l)"
done
