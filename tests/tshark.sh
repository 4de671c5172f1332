#!/bin/sh
# Run tshark with the plugin from the build tree, reproducibly: no personal
# preferences, and (as root, where Wireshark ignores WIRESHARK_PLUGIN_DIR
# and personal plugins) as the unprivileged user nobody.
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins tests/tshark.sh [tshark args]
set -eu
: "${FOXESS_PLUGIN_DIR:?set FOXESS_PLUGIN_DIR to the build tree's plugins dir}"
home=${FOXESS_TSHARK_HOME:-/tmp/foxess-tshark-home}
mkdir -p "$home"
chmod 0777 "$home" 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then
	exec setpriv --reuid=65534 --regid=65534 --clear-groups \
		env TZ=UTC HOME="$home" XDG_CONFIG_HOME="$home/.config" \
		WIRESHARK_PLUGIN_DIR="$FOXESS_PLUGIN_DIR" tshark "$@"
fi
exec env TZ=UTC HOME="$home" XDG_CONFIG_HOME="$home/.config" \
	WIRESHARK_PLUGIN_DIR="$FOXESS_PLUGIN_DIR" tshark "$@"
