#!/bin/sh
# Run tshark with the plugin from the build tree, reproducibly: no personal
# preferences, UTC times.  As root, Wireshark ignores WIRESHARK_PLUGIN_DIR
# and personal plugins, so tshark runs as the unprivileged user nobody; the
# plugin tree, and any -r capture nobody cannot read (a checkout under
# /root, say), are first copied to a private world-readable directory.
#   usage: FOXESS_PLUGIN_DIR=<build>/plugins tests/tshark.sh [tshark args]
set -eu
: "${FOXESS_PLUGIN_DIR:?set FOXESS_PLUGIN_DIR to the build tree's plugins dir}"

# Wireshark after 4.0 prints some of its own text differently: unless the
# plugin tree is for 4.0 (or tshark writes a file), its output is mapped to
# the 4.0 form the goldens hold (tests/compat/normalize.awk says what).
normalize=1
candump=0
fields=0
[ -d "$FOXESS_PLUGIN_DIR/4.0" ] && normalize=0
prev=""
for arg in "$@"; do
	case "$prev/$arg" in
	-r/*.log) candump=1 ;;
	-T/fields) fields=1 ;;
	*/-w) normalize=0 ;;
	esac
	prev=$arg
done
run() {
	if [ $normalize = 0 ]; then
		"$@"
		return
	fi
	out=$(mktemp)
	rc=0
	"$@" >"$out" || rc=$?
	awk -v candump=$candump -v fields=$fields -f "$(dirname "$0")/compat/normalize.awk" "$out"
	rm -f "$out"
	return $rc
}

if [ "$(id -u)" != 0 ]; then
	home=$(mktemp -d)
	trap 'rm -rf "$home"' EXIT
	status=0
	run env TZ=UTC HOME="$home" XDG_CONFIG_HOME="$home/.config" \
		WIRESHARK_PLUGIN_DIR="$FOXESS_PLUGIN_DIR" tshark "$@" || status=$?
	exit $status
fi

stage=$(mktemp -d /tmp/foxess-tshark.XXXXXX)
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"
mkdir -m 0777 "$stage/home"
cp -R "$FOXESS_PLUGIN_DIR" "$stage/plugins"
chmod -R a+rX "$stage/plugins"

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# Rebuild the argument list, swapping unreadable capture files for copies.
n=$#
i=0
next_is_file=0
while [ "$i" -lt "$n" ]; do
	arg=$1
	shift
	i=$((i + 1))
	if [ "$next_is_file" = 1 ] && [ -f "$arg" ] &&
		! as_nobody test -r "$arg"; then
		copy="$stage/capture-$i-$(basename "$arg")"
		cp "$arg" "$copy"
		chmod a+r "$copy"
		arg=$copy
	fi
	next_is_file=0
	[ "$arg" = -r ] && next_is_file=1
	set -- "$@" "$arg"
done

status=0
run as_nobody env TZ=UTC HOME="$stage/home" \
	XDG_CONFIG_HOME="$stage/home/.config" \
	WIRESHARK_PLUGIN_DIR="$stage/plugins" tshark "$@" || status=$?
exit $status
