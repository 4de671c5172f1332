#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# check-grades.py with Debian's python3-canmatrix; skips (77) outside CI
# when it is missing.   check-grades.sh SOURCE_DIR
set -u
src=$1
if ! /usr/bin/python3 -c 'import canmatrix.formats' 2>/dev/null; then
	echo "SKIP: python3-canmatrix is not installed (tools/deps.sh installs it)"
	[ -n "${CI:-}" ] && exit 1
	exit 77
fi
exec /usr/bin/python3 "$src/tests/expectations/check-grades.py" "$src" \
	"$src/tests/tshark.sh"
