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
# Scenarios of subdirectories (test-captures/mixed/) are compared too.
for name in $(cd "$tmp" && find . -type f | sort); do
	name=${name#./}
	count=$((count + 1))
	if ! cmp "$tmp/$name" "$top/test-captures/$name"; then
		echo "FAIL: test-captures/$name is not what foxsim generates" \
			"(run tests/corpus/regenerate.sh)"
		status=1
	fi
done
# test-captures/multibus/ is made from these by
# tests/diagnostics/make-multibus.sh, not by foxsim.
for f in "$top"/test-captures/*.truth.csv "$top"/test-captures/*/*.truth.csv; do
	name=${f#"$top"/test-captures/}
	case $name in multibus/*) continue ;; esac
	[ -e "$tmp/$name" ] || {
		echo "FAIL: $name is no longer generated"
		status=1
	}
done
# A second run must give the same bytes as the first.
mkdir "$tmp/again"
"$foxsim" --corpus "$tmp/again" >/dev/null
for name in $(cd "$tmp/again" && find . -type f | sort); do
	cmp "$tmp/again/$name" "$tmp/$name" || status=1
done
[ $status = 0 ] && echo "ok: $count files byte-identical"
exit $status
