#!/bin/sh
# One pass (live capture, plain tshark -r) and two passes (tshark -2, the
# GUI) must agree on everything that does not need the future:
#  - request in and response time on every reply, frame by frame;
#  - the same expert infos; those about an earlier poll (unanswered, BMS
#    Lost, incomplete burst, ...) move from the frame where they became
#    certain to the poll they concern, so they are compared by count and
#    by the frame their message names;
#  - the -z foxess,summary report, byte for byte.
# "Response in" on a request needs the future: absent in one pass.
#   usage: one-vs-two-pass.sh CAPTURE
set -eu
here=$(dirname "$0")
ts="$here/../tshark.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

fields="-T fields -e frame.number -e foxess.request_in -e foxess.response_time"
"$ts" -r "$1" $fields -Y foxess.request_in >"$tmp/links1"
"$ts" -r "$1" -2 $fields -Y foxess.request_in >"$tmp/links2"
if ! diff -u "$tmp/links1" "$tmp/links2"; then
	echo "FAIL: request links differ" >&2
	fail=1
fi
if [ -n "$("$ts" -r "$1" -T fields -e foxess.response_in \
	-Y foxess.response_in)" ]; then
	echo "FAIL: response in shown in one pass" >&2
	fail=1
fi

# Same infos: compare "abbrev message" lists, sorted.
msgs="-T fields -E occurrence=a -E separator=| -e _ws.expert.message"
"$ts" -r "$1" $msgs -Y _ws.expert | tr ',' '\n' | sort >"$tmp/msg1"
"$ts" -r "$1" -2 $msgs -Y _ws.expert | tr ',' '\n' | sort >"$tmp/msg2"
if ! diff -u "$tmp/msg1" "$tmp/msg2"; then
	echo "FAIL: expert messages differ" >&2
	fail=1
fi
"$here/experts.sh" "$1" | cut -d' ' -f2 | sort >"$tmp/abbr1"
"$here/experts.sh" "$1" -2 | cut -d' ' -f2 | sort >"$tmp/abbr2"
if ! diff -u "$tmp/abbr1" "$tmp/abbr2"; then
	echo "FAIL: expert info counts differ" >&2
	fail=1
fi

"$ts" -r "$1" -q -z foxess,summary >"$tmp/sum1"
"$ts" -r "$1" -2 -q -z foxess,summary >"$tmp/sum2"
if ! diff -u "$tmp/sum1" "$tmp/sum2"; then
	echo "FAIL: summaries differ" >&2
	fail=1
fi
[ $fail = 0 ] && echo "ok: one pass and two passes agree on $1"
exit $fail
