#!/bin/sh
# The golden regeneration path names a change of meaning: a scale error
# (467.2 V shown as 46.72 V) in a copy of the worked-examples golden must
# come out of tests/golden-field-diff.sh as one changed "Max battery
# voltage", and an unchanged golden as no change.
#   usage: check-golden-diff.sh TOP
set -eu
top=$1
golden=$top/tests/plugin/golden/worked-examples.txt
diff=$top/tests/golden-field-diff.sh
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
sed 's/Max battery voltage: 467.2 V/Max battery voltage: 46.72 V/' \
	"$golden" >"$tmp"
if out=$("$diff" "$golden" "$tmp"); then
	echo "FAIL: a changed value was not reported"
	exit 1
fi
echo "$out"
echo "$out" | grep -Eq '^  Max battery voltage +1 changed .*"467.2 V" -> "46.72 V"' ||
	{ echo "FAIL: the change is not named per field"; exit 1; }
[ "$(echo "$out" | wc -l)" = 2 ] ||
	{ echo "FAIL: fields that did not change are reported"; exit 1; }
"$diff" "$golden" "$golden"
