#!/bin/sh
# Per-field difference between an old and a new golden file, so that a
# regenerated golden cannot hide a change of meaning: for every field
# (tree label, -T fields column, summary line) the number of frames whose
# value changed, appeared or disappeared, with the first examples.
# Understands tshark trees (-V, -O), -T fields columns (first column the
# frame number), Info-column listings and "Label: value" reports.
#   usage: golden-field-diff.sh OLD NEW [NAME]  (exit 0 same, 1 changed)
set -eu
old=$1 new=$2 name=${3:-$2}
[ -f "$old" ] || old=/dev/null
{ sed 's/^/O/' "$old"; echo N; sed 's/^/N/' "$new"; } | awk -v name="$name" '
function record(which, frame, label, value,   key) {
	key = frame SUBSEP label
	n = ++seen[which, key]
	key = key SUBSEP n
	val[which, key] = value
	keys[key] = 1
	labels[key] = label
	frames[key] = frame
}
function parse(which, line,   f, n, k, lab, v) {
	if (line ~ /^Frame [0-9]+:/) {
		split(line, f, /[ :]/)
		frame = f[2]
		return
	}
	if (line ~ /^[0-9]+\t/) {
		n = split(line, f, "\t")
		for (k = 2; k <= n; k++)
			record(which, f[1], f[2] " column " k, f[k])
		return
	}
	if (line ~ /^ *[0-9]+ +-?[0-9.]+ /) {
		n = split(line, f, " ")
		v = line
		sub(/^ *[0-9]+ +-?[0-9.]+ +/, "", v)
		record(which, f[1], "summary / Info column", v)
		return
	}
	if (line ~ /^ *\[?[^:\[]+: /) {
		lab = line
		sub(/: .*/, "", lab)
		sub(/^ *\[?/, "", lab)
		v = line
		sub(/^[^:]*: /, "", v)
		sub(/\]$/, "", v)
		record(which, frame, lab, v)
	}
}
BEGIN { frame = "-" }
$0 == "N" { frame = "-"; next }
{
	which = substr($0, 1, 1) == "O" ? "old" : "new"
	parse(which, substr($0, 2))
}
END {
	for (key in keys) {
		lab = labels[key]
		o = (("old", key) in val)
		w = (("new", key) in val)
		if (o && w && val["old", key] == val["new", key])
			continue
		kind = o && w ? "changed" : (w ? "added" : "removed")
		count[lab, kind]++
		touched[lab] = 1
		if (count[lab, kind] <= 3)
			ex[lab, kind] = ex[lab, kind] sprintf("%s frame %s: %s -> %s",
				count[lab, kind] > 1 ? ";" : "", frames[key],
				o ? "\"" val["old", key] "\"" : "(none)",
				w ? "\"" val["new", key] "\"" : "(none)")
	}
	n = 0
	for (lab in touched)
		list[++n] = lab
	# Sort the labels (insertion sort: a handful of fields).
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && list[j - 1] > list[j]; j--) {
			t = list[j]; list[j] = list[j - 1]; list[j - 1] = t
		}
	if (n == 0) {
		printf "%s: decoded values unchanged\n", name
		exit 0
	}
	printf "%s: values of %d field(s) differ:\n", name, n
	for (i = 1; i <= n; i++) {
		lab = list[i]
		for (k = 1; k <= 3; k++) {
			kind = k == 1 ? "changed" : (k == 2 ? "added" : "removed")
			if (count[lab, kind] > 0)
				printf "  %-32s %5d %s (%s%s)\n", lab,
					count[lab, kind], kind,
					substr(ex[lab, kind], 2),
					(count[lab, kind] > 3 ? "; ..." : "")
		}
	}
	exit 1
}'
