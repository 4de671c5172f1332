#!/bin/sh
# Regenerates the corpus into a temporary directory and compares it byte for
# byte with test-captures/: the generator must be deterministic and the
# committed files must be what it produces.
#   usage: check-determinism.sh FOXSIM
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
foxsim=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$foxsim" --corpus "$tmp" >/dev/null
status=0
count=0
for f in "$tmp"/*; do
	name=$(basename "$f")
	count=$((count + 1))
	if ! cmp "$f" "$top/test-captures/$name"; then
		echo "FAIL: test-captures/$name is not what foxsim generates" \
			"(run tests/corpus/regenerate.sh)"
		status=1
	fi
done
for f in "$top"/test-captures/*.truth.csv; do
	[ -e "$tmp/$(basename "$f")" ] || {
		echo "FAIL: $(basename "$f") is no longer generated"
		status=1
	}
done
# A second run must give the same bytes as the first.
mkdir "$tmp/again"
"$foxsim" --corpus "$tmp/again" >/dev/null
for f in "$tmp/again"/*; do
	cmp "$f" "$tmp/$(basename "$f")" || status=1
done
[ $status = 0 ] && echo "ok: $count files byte-identical"
exit $status
