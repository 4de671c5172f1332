#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerate dbc/*.dbc from the protocol table after a table change, then
# review the diff (test dbc.current fails until this is done).
#   usage: tools/dbc/update.sh BUILD_DIR
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
gen=$1/tools/dbc/dbcgen
cmake --build "$1" --target dbcgen
"$gen" h >"$root/dbc/foxess-h.dbc"
"$gen" ep >"$root/dbc/foxess-ep.dbc"
"$gen" pylontech >"$root/dbc/pylontech.dbc"
git -C "$root" diff --stat -- dbc
