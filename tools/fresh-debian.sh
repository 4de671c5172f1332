#!/bin/sh
# README's two commands, exactly, as root on a fresh Debian system: a new
# chroot made with mmdebstrap (Debian's default "debootstrap" variant:
# priority required and important, like a minimal install), a clean clone
# of this repository's HEAD, /proc, /sys and /dev (with /dev/kvm) from the
# host, CI=true as CI sets it.  Prints the ctest summary and the times.
# Not part of the ctest suite: it runs the whole suite again.
#
#   sudo tools/fresh-debian.sh [SUITE]     default trixie (Debian 13)
#
# Environment:
#   FOXESS_FRESH_DIR      where the chroot is made (default /var/tmp); it is
#                         removed after a passing run, kept after a failure
#   FOXESS_COMPAT_MIRROR  Debian mirror (default: this machine's apt source)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
suite=${1:-trixie}
[ "$(id -u)" = 0 ] || { echo "fresh-debian.sh: needs root" >&2; exit 1; }
command -v mmdebstrap >/dev/null ||
	{ echo "fresh-debian.sh: needs mmdebstrap" >&2; exit 1; }
mirror=${FOXESS_COMPAT_MIRROR:-$(awk '$1 == "URIs:" && $2 ~ /debian\/?$/ {
	print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d "${FOXESS_FRESH_DIR:-/var/tmp}/foxess-fresh-$suite.XXXXXX")
root=$work/root
log=$work/run.log
commit=$(git -C "$top" rev-parse HEAD)
echo "fresh-debian.sh: $suite in $root, commit $commit, log $log"
t0=$(date +%s)
mmdebstrap --aptopt='Acquire::Check-Valid-Until "false"' \
	"$suite" "$root" "$mirror" >"$work/mmdebstrap.log" 2>&1 ||
	{ tail -5 "$work/mmdebstrap.log"; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
git clone -q --no-local "$top" "$root/root/foxess"
git -C "$root/root/foxess" checkout -q "$commit"
t1=$(date +%s)
echo "fresh-debian.sh: $suite system made in $((t1 - t0)) s:" \
	"$(cat "$root/etc/debian_version"), $(chroot "$root" dpkg -l | grep -c ^ii) packages"

# In a private mount namespace, so nothing stays mounted afterwards.
status=0
# The root is bound onto itself, so that / is a mount point in the chroot
# as on a machine (the compat tests' unshare makes / private).
unshare --mount --propagation private sh -c '
	mount --bind "$1" "$1" &&
	mount -t proc proc "$1/proc" &&
	mount --rbind /sys "$1/sys" &&
	mount --rbind /dev "$1/dev" &&
	exec chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 CI=true sh -c "
		cd /root/foxess &&
		s=\$(date +%s) &&
		tools/quickstart.sh &&
		echo \"fresh-debian.sh: tools/quickstart.sh took \$((\$(date +%s) - s)) s\" &&
		s=\$(date +%s) &&
		{ tools/test.sh; r=\$?;
		  echo \"fresh-debian.sh: tools/test.sh took \$((\$(date +%s) - s)) s, status \$r\";
		  exit \$r; }"' sh "$root" >"$log" 2>&1 || status=$?
grep -E '^fresh-debian.sh:|tests passed|tests failed|Total Test time|FAILED|did not run|\((Failed|Skipped|Not Run|Timeout)\)' "$log" ||
	true
echo "fresh-debian.sh: status $status after $(($(date +%s) - t0)) s in all"
if [ $status = 0 ]; then
	rm -rf --one-file-system "$work"
else
	echo "fresh-debian.sh: kept $work for a look"
fi
exit $status
