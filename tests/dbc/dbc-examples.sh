#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dbc_examples.py with Debian's python3-canmatrix; skips (77) outside CI
# when it is missing.   dbc-examples.sh SOURCE_DIR WORKDIR
set -u
src=$1
work=$2
if ! /usr/bin/python3 -c 'import canmatrix.formats' 2>/dev/null; then
	echo "SKIP: python3-canmatrix is not installed (tools/deps.sh installs it)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
rm -rf "$work"
mkdir -p "$work"
exec /usr/bin/python3 "$src/tests/dbc/dbc_examples.py" "$src/dbc" \
	"$src/tests/tshark.sh" "$work"
