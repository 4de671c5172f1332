#!/bin/sh
# Install the Debian/Ubuntu packages this project builds and tests with
# (sudo when not root).  Installs only what is missing.
#   tools/deps.sh         everything the test suite uses
#   tools/deps.sh build   what building and using the tools needs
# Works on Debian 12 and 13 (and Ubuntu): where releases name a package
# differently, "a|b" takes the first one installed, else the first one the
# release offers, and the clang runtime (libFuzzer, sanitizers) is the
# libclang-rt-N-dev that matches the release's clang-N.
set -eu
build_packages="
	build-essential cmake pkg-config
	tshark wireshark-dev libwireshark-dev libglib2.0-dev libpcap-dev
	gnuplot-nox
"
packages="$build_packages
	git can-utils
	qemu-system-x86 linux-image-amd64|linux-image-generic busybox-static
	e2fsprogs xz-utils zstd
	clang clang-rt clang-format valgrind time
	python3-can python3-canmatrix
	wireshark-qt|wireshark xvfb xdotool imagemagick xclip
	mmdebstrap dpkg-dev file
	qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross libpcap-dev:arm64
	parallel python3-jsonschema
"
[ "${1:-}" = build ] && packages=$build_packages

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# clang-rt stands for libclang-rt-N-dev, N from the clang-N that the clang
# package depends on (installed, else the release's candidate).
clang_rt() {
	if installed clang; then
		deps=$(dpkg-query -W -f='${Depends}' clang)
	else
		deps=$(apt-cache depends clang 2>/dev/null | sed -n 's/^ *Depends: //p')
	fi
	n=$(echo "$deps" | tr ',' '\n' |
		sed -n 's/^ *clang-\([0-9][0-9]*\)\( .*\)\{0,1\}$/\1/p' | head -1)
	[ -n "$n" ] && echo "libclang-rt-$n-dev"
}

offered() {
	apt-cache policy "$1" 2>/dev/null |
		grep -q '^ *Candidate: [^(]'
}

# Prints the packages of $packages not installed yet; with "resolve",
# names each one as this release does (needs the apt lists).
missing() {
	for item in $packages; do
		if [ "$item" = clang-rt ]; then
			# unknown before the apt lists: missing means install
			item=$(clang_rt) || item=libclang-rt-N-dev
		fi
		found=""
		for p in $(echo "$item" | tr '|' ' '); do
			installed "$p" && found=$p && break
		done
		[ -n "$found" ] && continue
		if [ "${1:-}" != resolve ]; then
			echo "$item"
			continue
		fi
		for p in $(echo "$item" | tr '|' ' '); do
			offered "$p" && found=$p && break
		done
		if [ -n "$found" ]; then
			echo "$found"
		else
			echo "deps.sh: this release offers none of: $item" >&2
			[ "${CI:-}" != true ] || echo "!$item"
		fi
	done
}

missing=$(missing | tr '\n' ' ')
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
$sudo apt-get update -q
missing=$(missing resolve | tr '\n' ' ')
case " $missing" in
*" !"*) echo "deps.sh: CI needs every package" >&2 && exit 1 ;;
esac
echo "deps.sh: installing $missing"
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
