#!/bin/sh
# Regenerate the plugin's golden tshark output after a reviewed change:
#   tests/plugin/update-goldens.sh [-n] <build-dir>
# Prints, per field, the decoded values that change (tests/golden-field-
# diff.sh) before writing; -n only prints.  Then read `git diff
# tests/plugin/golden` before committing.  The hand-written expectations
# (*.expected here, tests/expectations) are never regenerated.
set -eu
dry=0
[ "${1:-}" = -n ] && { dry=1; shift; }
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
export FOXESS_PLUGIN_DIR="$build/plugins"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for name in worked-examples; do
	"$here/golden.sh" "$here/../../test-captures/$name.log" >"$tmp"
	"$here/../golden-field-diff.sh" "$here/golden/$name.txt" "$tmp" \
		"tests/plugin/golden/$name.txt" || true
	[ "$dry" = 1 ] || cp "$tmp" "$here/golden/$name.txt"
done
