# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side helpers shared by the qemu tests (sourced, POSIX sh).

failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
expect() { # NAME CONDITION...
	name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# One condition for expect: LOW <= VALUE <= HIGH (integers).
between() { # VALUE LOW HIGH
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# Skip only when qemu is missing outside CI; in CI a missing piece fails.
require_qemu() {
	missing=""
	command -v qemu-system-x86_64 >/dev/null || missing=" qemu-system-x86_64"
	ls /boot/vmlinuz-* >/dev/null 2>&1 || missing="$missing linux-image-amd64"
	[ -x /bin/busybox ] || missing="$missing busybox-static"
	command -v cangen >/dev/null || missing="$missing can-utils"
	[ -z "$missing" ] && return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: CI=true but missing:$missing" >&2
		exit 1
	fi
	echo "SKIP: qemu SocketCAN test not run: missing$missing (apt-get install qemu-system-x86 linux-image-amd64 busybox-static can-utils)"
	exit 77
}

# tshark and capinfos must read the file without complaint.
wireshark_reads() { # FILE
	tshark_err=$(tshark -r "$1" -q 2>&1 >/dev/null) &&
		! echo "$tshark_err" | grep -qiE "damaged|corrupt|cut short" &&
		capinfos "$1" >/dev/null 2>&1
}

# Frames of captures as "IFACE FRAME" in timestamp order.  On an SMP
# kernel a sender that migrates between CPUs leaves frames in two per-CPU
# backlogs, and the packet socket can receive them interleaved; their
# timestamps (taken on entry) keep the order they were sent in.
frames() { # PCAPNG_DUMP FILE...
	dump=$1
	shift
	for f in "$@"; do
		"$dump" "$f" || return 1
	done | grep -v '^#' | sort -s -k1,1 | cut -d' ' -f2-
}

# awk functions for frames of cangen -D i: hex("1A2B") is 6699, and
# counter(DATA) the little-endian counter in bytes 0-3 of the data hex.
awk_counter='
	function hex(s,   i, v) {
		v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
		return v
	}
	function counter(d) {
		return hex(substr(d, 7, 2) substr(d, 5, 2) substr(d, 3, 2) substr(d, 1, 2))
	}
'

# Checks that cangen -D i counters (bytes 0-3, little-endian) increase by
# one from frame to frame; prints "FIRST LAST COUNT" or "gap ..." lines.
counter_run() {
	awk "$awk_counter"'
	{
		c = counter(substr($2, index($2, "#") + 1))
		if (NR > 1 && c != last + 1) {
			print "gap after " last " to " c
			gaps++
		}
		if (NR == 1)
			first = c
		last = c
	}
	END { if (!gaps) print first, last, NR }'
}

# Checks frames of cangen -I i -D i -L 8 against that generator, for a
# capture that may miss frames the kernel reported dropped: bytes 0-7 are
# a little-endian counter and the 11-bit ID steps with it.  Prints "COUNT
# FIRST LAST MISSING BAD": MISSING counts the frames left out between
# FIRST and LAST; BAD those out of order, repeated, or with another ID or
# other bytes than the generator's.
counter_check() {
	awk "$awk_counter"'
	function id_step(id, c) { return ((hex(id) - c) % 2048 + 2048) % 2048 }
	{
		id = substr($2, 1, index($2, "#") - 1)
		d = substr($2, index($2, "#") + 1)
		c = counter(d)
		if (length(id) != 3 || length(d) != 16 ||
		    substr(d, 9) != "00000000") {
			bad++
			next
		}
		if (!n++) {
			first = c
			step = id_step(id, c)
		} else if (c <= last || id_step(id, c) != step) {
			bad++
			next
		} else {
			missing += c - last - 1
		}
		last = c
	}
	END { print NR, first + 0, last + 0, missing + 0, bad + 0 }'
}

# "R W D" from foxcap's exit line "foxcap: R frames received, W written,
# D dropped by the kernel".
capture_counts() { # FOXCAP_STDERR
	sed -n 's/^foxcap: \([0-9]*\) frames received, \([0-9]*\) written, \([0-9]*\) dropped by the kernel$/\1 \2 \3/p' "$1"
}
