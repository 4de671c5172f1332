#!/bin/sh
# Decode the vectors of hand-written expectation files with tshark and the
# built plugin, and compare every expected field value.  The format is
# described in tests/expectations/README.md; in short:
#
#   options: -o foxess.variant:h          (file-wide tshark options)
#   # source: protocol-notes.md section 7  (required before each vector)
#   # 40 12 -> 0x1240 = 4672 -> x 0.1 = 467.2 V
#   (1700000000.000000) can0 00001872#4012800CCD00F401
#   foxess.limits.voltage_max = 467.2
#
# Consecutive candump lines form one vector; the expectations apply to its
# last frame (the earlier ones give context, e.g. a request before its
# reply), or to its N-th frame when the line starts with "@N ".  A value
# "@N" stands for the frame number of the vector's N-th line.
# An empty value means the field must be absent from that frame.
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins check.sh FILE.expect...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

for file in "$@"; do
	name=$(basename "$file")
	# Split the file into a candump log, tshark options and a list of
	# "frame<TAB>field<TAB>value<TAB>file:line" checks.
	if ! awk -v logf="$work/log" -v checks="$work/checks" \
		-v opts="$work/opts" -v name="$name" '
	function fail(msg) {
		printf "%s:%d: %s\n", name, NR, msg > "/dev/stderr"
		bad = 1
		exit 1
	}
	# The frame number of line K of the current vector.
	function line_frame(k) {
		k += 0
		if (k < 1 || k > n_in_vector)
			fail("no line " k " in this vector")
		return at[k]
	}
	BEGIN { state = "start"; frame = 0; vectors = 0; printf "" > opts }
	/^[ \t]*$/ { next }
	/^#/ {
		if ($0 ~ /^# source: *[^ ]/)
			has_source = 1
		next
	}
	/^options:/ {
		if (vectors > 0)
			fail("options: must come before the first vector")
		o = $0
		sub(/^options: */, "", o)
		print o > opts
		next
	}
	/^\([0-9]+\.[0-9]+\) [^ ]+ [0-9A-Fa-f]+##?[0-9A-Fa-f]*$/ {
		if (state != "frames") {
			if (!has_source)
				fail("vector without a \"# source:\" line")
			has_source = 0
			vectors++
			n_in_vector = 0
		}
		split($1, t, /[()]/)
		if (frame > 0 && t[2] + 0 < last_time)
			fail("timestamps must not decrease")
		last_time = t[2] + 0
		frame++
		at[++n_in_vector] = frame
		print > logf
		state = "frames"
		next
	}
	/^(@[0-9]+ )?[a-z_][a-z0-9_.]* =( |$)/ {
		if (state == "start")
			fail("expectation before any candump line")
		target = frame
		if ($1 ~ /^@/) {
			target = line_frame(substr($1, 2))
			sub(/^@[0-9]+ /, "")
		}
		field = $1
		value = $0
		sub(/^[^ ]+ =( |$)/, "", value)
		if (value ~ /^@[0-9]+$/)
			value = line_frame(substr(value, 2))
		printf "%d\t%s\t%s\t%s:%d\n", target, field, value, name, NR \
			> checks
		state = "checks"
		next
	}
	{ fail("cannot read this line: " $0) }
	END {
		if (bad)
			exit 1
		if (vectors == 0)
			fail("no vectors")
		if (state != "checks")
			fail("last vector has no expectations")
	}' "$file"; then
		status=1
		continue
	fi

	fields=$(cut -f2 "$work/checks" | sort -u)
	set --
	for f in $fields; do
		set -- "$@" -e "$f"
	done
	# shellcheck disable=SC2046
	if ! "$here/../tshark.sh" -r "$work/log" $(cat "$work/opts") \
		-T fields -E occurrence=a -E aggregator=, -E separator=/t \
		-e frame.number "$@" >"$work/out" 2>"$work/err"; then
		echo "FAIL $name: tshark failed:" >&2
		cat "$work/err" >&2
		status=1
		continue
	fi
	# Wireshark 4.2+ prints integers of BASE_CUSTOM fields (the CAN IDs,
	# shown "0x1871") in decimal with -T fields, where 4.0 prints them
	# in hex: on those versions a hex expectation matches its decimal.
	custom_dec=1
	[ -d "$FOXESS_PLUGIN_DIR/4.0" ] && custom_dec=0
	if ! printf '%s\n' "$fields" | awk -v checks="$work/checks" \
		-v out="$work/out" -v name="$name" -v custom_dec=$custom_dec '
	function hex(s,   v, i) {
		v = 0
		for (i = 3; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef",
					   tolower(substr(s, i, 1))) - 1
		return v
	}
	{ col[$0] = NR + 1 }
	END {
		FS = "\t"
		while ((getline line < out) > 0) {
			n = split(line, f, "\t")
			for (c in col)
				got[f[1], c] = f[col[c]]
		}
		pass = fail = 0
		while ((getline line < checks) > 0) {
			split(line, w, "\t")
			have = got[w[1], w[2]]
			if (custom_dec && (w[2] == "foxess.id" ||
			    w[2] == "pylontech.id") && have ~ /^[0-9]+$/ &&
			    w[3] ~ /^0x[0-9A-Fa-f]+$/ && hex(w[3]) == have + 0)
				have = w[3]
			if (have == w[3]) {
				pass++
			} else {
				fail++
				printf "FAIL %s: frame %s %s: got \"%s\", want \"%s\"\n",
					w[4], w[1], w[2], have, w[3]
			}
		}
		printf "%s: %d checks passed, %d failed\n", name, pass, fail
		exit fail > 0
	}'; then
		status=1
	fi
done
exit $status
