#!/bin/sh
# Regenerate the plugin's golden tshark output after a reviewed change:
#   tests/plugin/update-goldens.sh <build-dir>
# Then read `git diff tests/plugin/golden` before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
export FOXESS_PLUGIN_DIR="$build/plugins"
for name in worked-examples; do
	"$here/golden.sh" "$here/../../test-captures/$name.log" \
		>"$here/golden/$name.txt"
done
