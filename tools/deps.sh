#!/bin/sh
# Install the Debian/Ubuntu packages this project builds and tests with
# (sudo when not root).  Installs only what is missing.
set -eu
packages="
	build-essential cmake pkg-config git
	tshark wireshark-dev libwireshark-dev libglib2.0-dev libpcap-dev
	can-utils
	qemu-system-x86 linux-image-amd64 busybox-static e2fsprogs
	clang libclang-rt-14-dev clang-format valgrind time gnuplot-nox
	python3-can python3-canmatrix
	wireshark-qt xvfb xdotool imagemagick
"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'ok installed' || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps.sh: every package is installed"
	exit 0
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "deps.sh: installing$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
