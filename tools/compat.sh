#!/bin/sh
# Build and test against the Wireshark and libpcap of other Debian releases,
# in chroots made with mmdebstrap and cached between runs.
#
#   tools/compat.sh [SUITE...]        test each SUITE (default: trixie sid)
#   tools/compat.sh test SUITE        build with -Werror in SUITE's build
#                                     chroot and run the tshark-level tests
#   tools/compat.sh packages SUITE [BUILD_DIR]
#                                     make the .deb packages (in SUITE's build
#                                     chroot, or from BUILD_DIR when SUITE is
#                                     this machine's release), install them
#                                     into a clean SUITE chroot, use them,
#                                     purge them, and compare the file lists
#   tools/compat.sh quickstart SUITE  README's quick start on a clean SUITE
#   tools/compat.sh gui SUITE [SHOTS_DIR [TEST...]]
#                                     the real Wireshark GUI of SUITE under
#                                     Xvfb: tests/gui/TEST.sh (default:
#                                     stats-menu summary-window summary
#                                     tree)
#                                     with the plugin built in a throw-away
#                                     copy of the build chroot, the GUI
#                                     packages added there; screenshots to
#                                     SHOTS_DIR/SUITE (default: not kept)
#   tools/compat.sh chroot SUITE build|run
#                                     make (if missing) a chroot, print its path
#
# Suites: bookworm (Wireshark 4.0), trixie (4.4), sid (4.6).  Needs root.
# Environment:
#   FOXESS_COMPAT_CACHE   chroot cache (default /var/cache/foxess-compat);
#                         about 750 MB per build chroot, 450 MB per run chroot
#   FOXESS_COMPAT_MIRROR  Debian mirror (default: this machine's apt source)
# Exit status 77 (ctest: skipped), with the reason, when the chroots cannot
# be made here: not root, no mmdebstrap (outside CI), mirror unreachable.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${FOXESS_COMPAT_CACHE:-/var/cache/foxess-compat}

build_packages="tshark,libwireshark-dev,wireshark-dev,cmake,gcc,make"
build_packages="$build_packages,pkg-config,libpcap-dev,libglib2.0-dev,mawk"
build_packages="$build_packages,util-linux,dpkg-dev,file"
# what the packages need at run time and their test uses (systemd-analyze,
# man for the unit's Documentation=), nothing to build with
run_packages="tshark,systemd,man-db,gnuplot-nox,iproute2,mawk,diffutils"
# the GUI tests' (tests/gui), added per run to a copy of the build chroot:
# about 180 MB to fetch, not worth a chroot of their own
gui_packages="wireshark xvfb xdotool imagemagick xclip"

skip() {
	echo "SKIP: $*" >&2
	exit 77
}
die() {
	echo "compat.sh: $*" >&2
	exit 1
}

mirror() {
	if [ -n "${FOXESS_COMPAT_MIRROR:-}" ]; then
		echo "$FOXESS_COMPAT_MIRROR"
		return
	fi
	uri=$(awk '$1 == "URIs:" && $2 ~ /debian\/?$/ { print $2; exit }' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	echo "${uri:-http://deb.debian.org/debian}"
}

# Skips (exit 77) when chroots cannot be made here.
check_can_make() {
	[ "$(id -u)" = 0 ] || skip "chroots need root (mmdebstrap, chroot)"
	if ! command -v mmdebstrap >/dev/null; then
		[ "${CI:-}" = true ] &&
			die "mmdebstrap missing in CI: tools/deps.sh installs it"
		skip "mmdebstrap not installed (apt-get install mmdebstrap)"
	fi
	url=$(mirror)
	# through a proxy, let apt find out
	apt-config dump 2>/dev/null | grep -qi 'Acquire::http::Proxy' && return
	host=$(echo "$url" | sed -E 's|^[a-z]+://([^/:]+).*|\1|')
	port=80
	case $url in https:*) port=443 ;; esac
	perl -MIO::Socket::INET -e 'exit !IO::Socket::INET->new(
		PeerAddr => $ARGV[0], PeerPort => $ARGV[1], Timeout => 15)' \
		"$host" "$port" ||
		skip "cannot reach the Debian mirror $url (no network?)"
}

# chroot_dir SUITE KIND: the cache path; the name carries a hash of the
# package list, so changing the list makes a new chroot.
chroot_dir() {
	case $2 in
	build) list=$build_packages ;;
	run) list=$run_packages ;;
	*) die "unknown chroot kind $2" ;;
	esac
	echo "$cache/$1-$2-$(echo "$list" | md5sum | cut -c1-8)"
}

packages_of() {
	case $1 in
	build) echo "$build_packages" ;;
	run) echo "$run_packages" ;;
	esac
}

# make_chroot SUITE KIND: idempotent; a finished chroot is renamed into
# place, so an interrupted run leaves only a .tmp that the next one redoes.
make_chroot() {
	dir=$(chroot_dir "$1" "$2")
	mkdir -p "$cache"
	exec 8>"$dir.lock"
	flock 8
	if [ ! -d "$dir" ]; then
		check_can_make
		if grep -q " $dir.tmp" /proc/mounts; then
			die "$dir.tmp has file systems mounted: unmount them first"
		fi
		rm -rf --one-file-system "$dir.tmp"
		echo "compat.sh: making the $1 $2 chroot in $dir (a few minutes)" >&2
		start=$(date +%s)
		if ! mmdebstrap --variant=apt \
			--aptopt='Acquire::Check-Valid-Until "false"' \
			--include="$(packages_of "$2")" \
			"$1" "$dir.tmp" "$(mirror)" >"$dir.log" 2>&1; then
			tail -5 "$dir.log" >&2
			die "mmdebstrap $1 failed (log: $dir.log)"
		fi
		mv "$dir.tmp" "$dir"
		echo "compat.sh: $1 $2 chroot made in $(($(date +%s) - start)) s" >&2
	fi
	exec 8>&-
	echo "$dir"
}

# in_chroot DIR COMMAND: runs COMMAND (sh -c) in DIR with /proc and /dev,
# in a private mount namespace, so nothing stays mounted afterwards.  Not
# as CI: tests that need what the chroot lacks (python3-can...) skip there.
in_chroot() {
	unshare --mount --propagation private sh -c '
		mount -t proc proc "$1/proc" &&
		mount --rbind /dev "$1/dev" &&
		exec env -u CI chroot "$1" sh -c "$2"' sh "$1" "$2"
}

# in_overlay LOWER WORK COMMAND: runs COMMAND (sh -c) as root in a
# throw-away copy of the chroot LOWER (overlayfs, changes in WORK/upper);
# WORK/in is copied to /tmp/foxess inside first.
in_overlay() {
	mkdir -p "$2/upper" "$2/work" "$2/root"
	unshare --mount --propagation private sh -c '
		w=$2
		mount -t overlay overlay \
			-o "lowerdir=$1,upperdir=$w/upper,workdir=$w/work" "$w/root" &&
		cp -R "$w/in" "$w/root/tmp/foxess" &&
		cp /etc/resolv.conf "$w/root/etc/resolv.conf" &&
		mount -t proc proc "$w/root/proc" &&
		mount --rbind /dev "$w/root/dev" &&
		exec chroot "$w/root" sh -c "$3"' sh "$1" "$2" "$3"
}

# source_to DIR: the working tree (not .git or build trees) into DIR, with
# the time of the copy (see copy_source).
source_to() {
	mkdir -p "$1"
	(cd "$top" && tar --exclude=./.git --exclude='./build*' -cf - .) |
		tar -xmf - -C "$1"
}

# copy_source DIR: the working tree (not .git or build trees) to
# DIR/srv/foxess, keeping the build tree there.  The files get the time of
# the copy: their own times can be older than the last build there (after
# a checkout or rebase), and make would miss the change.
copy_source() {
	rm -rf "$1/srv/build.keep"
	[ -d "$1/srv/foxess/build" ] && mv "$1/srv/foxess/build" "$1/srv/build.keep"
	rm -rf "$1/srv/foxess"
	source_to "$1/srv/foxess"
	[ ! -d "$1/srv/build.keep" ] || mv "$1/srv/build.keep" "$1/srv/foxess/build"
}

# The tshark-level tests and what builds without Wireshark's GUI or qemu:
# not the qemu kernel tests, fuzzing, clang-format, the report (gnuplot),
# arm64, the Wireshark GUI or these compat tests themselves.
CTEST_SELECT="-LE 'qemu|fuzz|compat|arm64|gui' -E '^(report|style)\\.'"

cmd_test() {
	suite=$1
	dir=$(make_chroot "$suite" build)
	exec 9>"$dir.lock"
	flock 9
	copy_source "$dir"
	echo "== $suite: $(chroot "$dir" dpkg-query -W -f '${Version}' tshark)" \
		"tshark, libpcap $(chroot "$dir" dpkg-query -W \
			-f '${Version}' 'libpcap0.8-dev' 2>/dev/null || echo '?')"
	start=$(date +%s)
	in_chroot "$dir" "cd /srv/foxess &&
		cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
		{ cmake --build build -j $(nproc) >build.log 2>&1 ||
			{ cat build.log; exit 1; }; } &&
		echo \"built with -Werror: \$(grep -c warning build.log) warnings\" &&
		ctest --test-dir build -j 2 --output-on-failure $CTEST_SELECT"
	echo "== $suite: built and tested in $(($(date +%s) - start)) s"
}

# The package test, run inside a throw-away copy (overlay) of the run
# chroot: install, use, purge, compare the file lists.
PACKAGE_TEST='
set -eu
cd /tmp/foxess
files() {
	find / -xdev \( -path /proc -o -path /dev -o -path /tmp -o -path /run \
		-o -path /var/cache -o -path /var/lib/apt -o -path /var/log \) \
		-prune -o -print |
		sort
}
apt-get update -q >update.log 2>&1 || { cat update.log; exit 1; }
files >before.txt
apt-get install -y -q --no-install-recommends /tmp/foxess/debs/*.deb \
	>install.log 2>&1 ||
	{ cat install.log; exit 1; }
fail=0
check() {
	what=$1
	shift
	if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
abi=$(ls /usr/lib/*/libwireshark.so.* |
	sed -n "s/.*libwireshark\.so\.\([0-9]*\)$/libwireshark\1/p")
dpkg-query -W -f "\${Depends}\n" wireshark-plugin-foxess >depends.txt
check "plugin depends on $abi, the ABI of this Wireshark" \
	grep -Eq "(^|[ ,])$abi( |,|$)" depends.txt
ws=$(tshark -v 2>/dev/null | sed -n "1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p")
tshark -G plugins >plugins.txt 2>/dev/null
check "tshark $ws loads it from its global plugin dir" \
	grep -q "/plugins/$ws/epan/foxess.so" plugins.txt
tshark -r worked-examples.pcapng -Y foxess.pack.soc -T fields \
	-e frame.number -e foxess.pack.voltage -e foxess.pack.soc 2>/dev/null |
	awk "{ printf \"%s %.1f %s\\n\", \$1, \$2, \$3 }" >soc.txt || true
printf "4 425.9 93\n5 397.2 80\n" >soc.want
check "tshark decodes the worked examples (SoC 93 % at 425.9 V)" \
	cmp -s soc.want soc.txt
tshark -r 02-bms-lost-30s.pcap -q -z foxess,summary 2>/dev/null >summary.txt || true
check "tshark -z foxess,summary is the golden summary" \
	cmp -s 02-bms-lost-30s.summary summary.txt
check "foxcap --help" sh -c "foxcap --help | grep -q \"^usage: foxcap\""
check "foxcap convert: a pcapng tshark reads, 12 frames" sh -c \
	"foxcap convert worked-examples.log out.pcapng &&
	 [ \$(tshark -r out.pcapng 2>/dev/null | wc -l) = 12 ]"
check "man foxcap" sh -c "man -w foxcap | grep -q foxcap.1"
check "foxcap.service passes systemd-analyze verify" sh -c \
	"systemd-analyze verify /lib/systemd/system/foxcap.service >verify.txt 2>&1;
	 s=\$?; cat verify.txt; [ \$s = 0 ] && [ ! -s verify.txt ]"
check "user foxcap made" getent passwd foxcap
check "foxess-report writes report.html with the BMS Lost diagnosis" sh -c \
	"foxess-report 02-bms-lost-30s.pcap report >report.log 2>&1 &&
	 grep -q \"BMS Lost\" report/report.html"
apt-get purge -y -q --autoremove wireshark-plugin-foxess foxcap foxess-report \
	>purge.log 2>&1 || { cat purge.log; exit 1; }
# The user foxcap stays, as Debian keeps system users after a purge; so do
# the backups systemd-sysusers made of the files it added the user to.
files | grep -Ev "^/etc/(passwd|group|shadow|gshadow)-$" >after.txt
grep -Ev "^/etc/(passwd|group|shadow|gshadow)-$" before.txt >before.cmp
check "purge leaves no file behind" cmp -s before.cmp after.txt
diff before.cmp after.txt || true
exit $fail
'

cmd_packages() {
	suite=$1
	host_build=${2:-}
	. /etc/os-release
	# apt fetches the dependencies the clean chroot lacks
	check_can_make
	run=$(make_chroot "$suite" run)
	work=$(mktemp -d /tmp/foxess-packages.XXXXXX)
	trap 'rm -rf --one-file-system "$work"' EXIT
	if [ "$suite" = "$VERSION_CODENAME" ] && [ -n "$host_build" ]; then
		cpack --config "$host_build/CPackConfig.cmake" -B "$work/cpack" \
			>"$work/cpack.log" 2>&1 ||
			{ cat "$work/cpack.log"; die "cpack failed"; }
	else
		dir=$(make_chroot "$suite" build)
		exec 9>"$dir.lock"
		flock 9
		copy_source "$dir"
		in_chroot "$dir" "cd /srv/foxess &&
			cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
			cmake --build build -j $(nproc) >/dev/null &&
			rm -rf build/debs &&
			cpack --config build/CPackConfig.cmake -B build/debs >/dev/null"
		mkdir -p "$work/cpack"
		cp "$dir"/srv/foxess/build/debs/*.deb "$work/cpack/"
	fi
	mkdir -p "$work/in/debs"
	cp "$work"/cpack/*.deb "$work/in/debs/"
	echo "== $suite:" $(cd "$work/in/debs" && ls)
	for f in test-captures/worked-examples.pcapng \
		test-captures/worked-examples.log \
		test-captures/02-bms-lost-30s.pcap \
		tests/diagnostics/golden/02-bms-lost-30s.summary; do
		cp "$top/$f" "$work/in/"
	done
	printf '%s\n' "$PACKAGE_TEST" >"$work/in/test.sh"
	in_overlay "$run" "$work" "sh /tmp/foxess/test.sh"
}

# README's quick start, as written, on a clean SUITE system (a copy of the
# run chroot, with nothing to build with): tools/quickstart.sh installs
# what it needs, builds, installs and decodes.
cmd_quickstart() {
	suite=$1
	check_can_make
	run=$(make_chroot "$suite" run)
	work=$(mktemp -d /tmp/foxess-quickstart.XXXXXX)
	trap 'rm -rf --one-file-system "$work"' EXIT
	source_to "$work/in"
	in_overlay "$run" "$work" "cd /tmp/foxess && apt-get update -q >/dev/null &&
		tools/quickstart.sh >quickstart.log 2>&1; s=\$?;
		cat quickstart.log; [ \$s = 0 ] || exit 1
		grep -q 'SoC 93%' quickstart.log &&
		grep -q 'BMS Lost' quickstart.log &&
		ls \$(pkg-config --variable=plugindir wireshark)/epan/foxess.so &&
		echo 'quick start: ok'"
}

# The GUI tests in a throw-away copy (overlay) of the build chroot with
# the GUI packages added: plugin built there, tests/gui/TEST.sh run as
# on this machine (lib.sh runs Wireshark as user nobody).
cmd_gui() {
	suite=$1
	shots=${2:-}
	shift
	[ $# = 0 ] || shift
	[ $# -gt 0 ] || set -- stats-menu summary-window summary tree
	for t in "$@"; do
		[ -f "$top/tests/gui/$t.sh" ] || die "no GUI test tests/gui/$t.sh"
	done
	check_can_make
	dir=$(make_chroot "$suite" build)
	work=$(mktemp -d /tmp/foxess-gui.XXXXXX)
	trap 'rm -rf --one-file-system "$work"' EXIT
	source_to "$work/in"
	start=$(date +%s)
	status=0
	in_overlay "$dir" "$work" "set -e
		cd /tmp/foxess
		apt-get update -q >apt.log 2>&1 &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends $gui_packages >>apt.log 2>&1 ||
			{ cat apt.log; exit 1; }
		echo \"== $suite: \$(wireshark -v | head -n 1) and the other GUI\" \
			\"packages installed in \$((\$(date +%s) - $start)) s,\" \
			\"\$(sed -n 's/^Need to get \\([^ ]* [kMG]*B\\).*/\\1/p' \
				apt.log) fetched\"
		{ cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
			cmake --build build --target foxess -j $(nproc); } \
			>build.log 2>&1 || { cat build.log; exit 1; }
		fail=0
		for t in $*; do
			FOXESS_PLUGIN_DIR=/tmp/foxess/build/plugins \
				sh tests/gui/\$t.sh /tmp/foxess /tmp/foxess/shots ||
				{ echo \"FAIL: tests/gui/\$t.sh\"; fail=1; }
		done
		exit \$fail" || status=$?
	if [ -n "$shots" ] && [ -d "$work/upper/tmp/foxess/shots" ]; then
		mkdir -p "$shots/$suite"
		cp "$work"/upper/tmp/foxess/shots/*.png "$shots/$suite/"
		echo "== $suite: screenshots in $shots/$suite"
	fi
	echo "== $suite: GUI tests done in $(($(date +%s) - start)) s"
	return $status
}

case ${1:-} in -h | --help) ;; *)
	[ "$(id -u)" = 0 ] || skip "chroots need root (mmdebstrap, chroot)"
	;;
esac
case ${1:-} in
test)
	[ $# = 2 ] || die "usage: compat.sh test SUITE"
	cmd_test "$2"
	;;
packages)
	[ $# -ge 2 ] || die "usage: compat.sh packages SUITE [BUILD_DIR]"
	cmd_packages "$2" "${3:-}"
	;;
quickstart)
	[ $# = 2 ] || die "usage: compat.sh quickstart SUITE"
	cmd_quickstart "$2"
	;;
gui)
	[ $# -ge 2 ] || die "usage: compat.sh gui SUITE [SHOTS_DIR [TEST...]]"
	shift
	cmd_gui "$@"
	;;
chroot)
	[ $# = 3 ] || die "usage: compat.sh chroot SUITE build|run"
	make_chroot "$2" "$3"
	;;
-h | --help)
	sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
	;;
*)
	[ $# -gt 0 ] || set -- trixie sid
	for suite in "$@"; do
		cmd_test "$suite"
	done
	;;
esac
