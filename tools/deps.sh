#!/bin/sh
# Install the Debian/Ubuntu packages this project builds and tests with
# (sudo when not root).  Installs only what is missing.
#   tools/deps.sh         everything the test suite uses (Debian 12, CI)
#   tools/deps.sh build   what building and using the tools needs (any
#                         Debian 12/13, Ubuntu: package names found in all)
set -eu
build_packages="
	build-essential cmake pkg-config
	tshark wireshark-dev libwireshark-dev libglib2.0-dev libpcap-dev
	gnuplot-nox
"
packages="$build_packages
	git can-utils
	qemu-system-x86 linux-image-amd64 busybox-static e2fsprogs
	clang libclang-rt-14-dev clang-format valgrind time
	python3-can python3-canmatrix
	wireshark-qt xvfb xdotool imagemagick xclip
	mmdebstrap dpkg-dev
	qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross libpcap-dev:arm64
	parallel python3-jsonschema
"
[ "${1:-}" = build ] && packages=$build_packages
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
# libpcap-dev:arm64 for cross-building foxcap needs the arm64 architecture
case $missing in
*:arm64*)
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		$sudo dpkg --add-architecture arm64
	;;
esac
echo "deps.sh: installing$missing"
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
