#!/bin/sh
# Regenerate the screenshots of docs/user-guide.md (docs/images/) from the
# GUI tests: the real Wireshark under Xvfb with the built plugin and the
# FoxESS profile.  Crops the parts the guide shows and stores them as
# small palette PNGs.  Look at them before committing.
#   usage: tests/gui/screenshots.sh [BUILD_DIR]   (default: build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
FOXESS_PLUGIN_DIR=$build/plugins
export FOXESS_PLUGIN_DIR
shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
images=$src/docs/images
mkdir -p "$images"

# The tests' verdicts do not matter here, their pictures do.
sh "$here/bms-lost.sh" "$src" "$shots" || true
sh "$here/filter.sh" "$src" "$shots" >/dev/null || true
sh "$here/summary-window.sh" "$src" "$shots" >/dev/null || true
sh "$here/stats-menu.sh" "$src" "$shots" >/dev/null || true

# crop SHOT GEOMETRY NAME: a region of a 1600x1000 screenshot.
crop() {
	[ -f "$shots/$1.png" ] || {
		echo "screenshots.sh: $1.png was not written" >&2
		exit 1
	}
	convert "$shots/$1.png" -crop "$2" +repage -colors 64 \
		-define png:exclude-chunks=date,time "$images/$3.png"
	echo "docs/images/$3.png: $(wc -c <"$images/$3.png") bytes"
}
crop bms-lost-list 1600x540+0+0 packet-list
crop bms-lost-tree 800x330+0+530 bms-lost-tree
crop bms-lost-expert 960x230+310+0 expert-info
crop filter-bms-lost 1600x200+0+0 filter-bms-lost
crop summary-window 1150x660+200+40 summary-window
crop stats-menu 560x760+270+0 stats-menu
crop stats-tree 1000x660+150+40 stats-tree
