#!/bin/sh
# The golden view of a capture: every frame's summary line, then the
# FoxESS layer of each frame in full (-O foxess), other layers collapsed.
set -eu
here=$(dirname "$0")
"$here/../tshark.sh" -r "$1" -n
"$here/../tshark.sh" -r "$1" -n -O foxess -Y foxess
