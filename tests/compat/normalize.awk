# Maps what Wireshark 4.4 and 4.6 print differently from 4.0 back to the 4.0
# form, so one set of goldens and expected values (made with 4.0) checks
# every version.  tests/tshark.sh pipes tshark's text output through this
# when the plugin under test is not built for 4.0.  Each rule rewrites only
# a form 4.0 never prints, and only text Wireshark formats (its own
# protocols, its rendering of our field types), never the plugin's labels.
#   usage: awk [-v candump=1] [-v fields=1] -f normalize.awk
#   (candump: reading a candump FILE.log; fields: -T fields)

function month_name(m)
{
	return substr("JanFebMarAprMayJunJulAugSepOctNovDec", 3 * m - 2, 3)
}

# 4.2+: -T fields escapes the separator (a space, say) inside values.
{ gsub(/\\ /, " ") }

# 4.4+: CAN IDs zero-padded, "ID: 136 (0x088)", "Ext. ID: 6257 (0x00001871)".
match($0, /ID: [0-9]+ \(0x0+[0-9a-fA-F]/) {
	head = substr($0, 1, RSTART - 1)
	id = substr($0, RSTART, RLENGTH - 1)
	sub(/0x0+/, "0x", id)
	$0 = head id substr($0, RSTART + RLENGTH - 1)
}

# 4.6: "Frame 1: Packet, 16 bytes on wire".
/^Frame [0-9]+: Packet, / { sub(/: Packet, /, ": ") }

# 4.6: "Length: 0 (Remote Transmission Request)" has a space.
{ sub(/Length: 0 \(Remote/, "Length: 0(Remote") }

# 4.6: relative times (FT_RELATIVE_TIME) in a unit, "365.000 microseconds",
# where 4.0 prints seconds with 9 decimals.
match($0, /[0-9]+\.[0-9]+ (nanoseconds|microseconds|milliseconds)/) {
	split(substr($0, RSTART, RLENGTH), t, " ")
	scale = t[2] == "nanoseconds" ? 1e-9 : \
		t[2] == "microseconds" ? 1e-6 : 1e-3
	$0 = substr($0, 1, RSTART - 1) sprintf("%.9f seconds", t[1] * scale) \
		substr($0, RSTART + RLENGTH)
}

# 4.6: -T fields prints absolute times (FT_ABSOLUTE_TIME) as ISO 8601,
# "2023-05-09T09:40:34.000000000Z", 4.0 as "May  9, 2023 09:40:34.000000000 UTC".
{
	iso = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T"
	iso = iso "[0-9][0-9]:[0-9][0-9]:[0-9][0-9][.0-9]*Z"
	while (match($0, iso)) {
		s = substr($0, RSTART, RLENGTH)
		s = sprintf("%s %2d, %s %s UTC", month_name(substr(s, 6, 2) + 0),
			    substr(s, 9, 2) + 0, substr(s, 1, 4),
			    substr(s, 12, RLENGTH - 12))
		$0 = substr($0, 1, RSTART - 1) s substr($0, RSTART + RLENGTH)
	}
}

# 4.6: -T fields prints doubles with 17 significant digits,
# "10.100000000000001", where 4.0 prints 15, "10.1".  Times (epoch and
# relative) have exactly 9 decimals, nanoseconds, in every version: kept
# whole, since rounding an epoch time to 15 digits loses microseconds.
{
	out = ""
	while (match($0, /[0-9]+\.[0-9]+/)) {
		num = substr($0, RSTART, RLENGTH)
		digits = num
		gsub(/[^0-9]/, "", digits)
		sub(/^0+/, "", digits)
		if (length(digits) >= 16 && num !~ /\.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/)
			num = sprintf("%.15g", num + 0)
		out = out substr($0, 1, RSTART - 1) num
		$0 = substr($0, RSTART + RLENGTH)
	}
	$0 = out $0
}

# 4.4+: -T fields prints booleans (FT_BOOLEAN) as True/False, 4.0 as 1/0.
fields {
	$0 = boolean_fields($0)
}

# 4.6 reads a candump log's channel as the capture interface, so the plugin
# knows the bus by name ("[Bus: can0]" in the tree, "Bus: can0" in the
# summary) where 4.0 and 4.4 give no interface.
candump && /^ +\[Bus: [^]]*\]$/ { next }
candump && /^Bus: +[A-Za-z0-9_.-]+$/ {
	$0 = sprintf("%-16s%s", "Bus:", "single (no capture interface in the file)")
}

# 4.4+ reads candump logs as SocketCAN frames (16 bytes); 4.0 as exported
# PDUs (40 bytes) carrying them.
# (4.6 adds " on interface can0, id 0").
candump && /^Frame [0-9]+: 16 bytes on wire \(128 bits\), 16 bytes captured \(128 bits\)/ {
	sub(/16 bytes on wire \(128 bits\), 16 bytes captured \(128 bits\).*/,
	    "40 bytes on wire (320 bits), 40 bytes captured (320 bits)")
	print
	print "EXPORTED_PDU"
	next
}
candump && match($0, /^ *[0-9]+ +[0-9]+\.[0-9]+ .* [A-Za-z][A-Za-z0-9.]* 16 /) {
	$0 = substr($0, 1, RSTART + RLENGTH - 4) "40 " \
		substr($0, RSTART + RLENGTH)
}
candump { $0 = exported_pdu_protocols($0) }

{ print }

# frame.protocols: "can:data" -> "exported_pdu:can:data".
function exported_pdu_protocols(line,    out)
{
	out = ""
	while (match(line, /(^|[|\t ,])can:/)) {
		lead = RLENGTH == 5 ? substr(line, RSTART, 1) : ""
		out = out substr(line, 1, RSTART - 1) lead "exported_pdu:can:"
		line = substr(line, RSTART + RLENGTH)
	}
	return out line
}

function boolean_fields(line,    word)
{
	while (match(line, /(^|[|\t ,])(True|False)($|[|\t ,])/)) {
		word = substr(line, RSTART, RLENGTH)
		if (!sub(/True/, "1", word))
			sub(/False/, "0", word)
		line = substr(line, 1, RSTART - 1) word \
			substr(line, RSTART + RLENGTH)
	}
	return line
}
