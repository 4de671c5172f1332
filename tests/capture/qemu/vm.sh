#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot a real Linux kernel with SocketCAN under qemu and run a test script
# in it.  The host has no CAN support, so this is where foxcap meets the
# kernel it is written for.
#
#   vm.sh OUTDIR GUEST_SCRIPT [PROGRAM...]
#
# The guest gets busybox, the can, can-raw, can-dev and vcan modules,
# vcan0 and vcan1 up, the programs named (with their shared libraries) in
# /opt/bin, GUEST_SCRIPT as /test.sh (with guest_lib.sh as /guest_lib.sh)
# and the files in $VM_FILES in /data.
# Everything the script leaves in /out comes back in OUTDIR (through a
# tar archive written to a virtio disk); its console output is in
# OUTDIR/console.log.  Exit status: the script's, or 99 when the VM did
# not finish.
#
# Environment: VM_MEM (MiB, default 1024), VM_SMP (default 2),
# VM_TIMEOUT (seconds, default 300), VM_OUT_MB (output disk, default 256),
# VM_FILES (extra host files for /data), VM_DISK (a raw disk image the
# guest sees as /dev/vdb, with the ext4 modules loaded), VM_PIDFILE (qemu
# writes its process id there, for a test that pulls the plug).
set -eu

out=$1
script=$2
shift 2

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
if [ -z "$kernel" ]; then
	echo "vm.sh: no /boot/vmlinuz-* (install linux-image-amd64)" >&2
	exit 98
fi
kver=${kernel#/boot/vmlinuz-}
# busybox-static: the initramfs has no libc of its own for it
busybox=/bin/busybox
if [ ! -x "$busybox" ]; then
	echo "vm.sh: no $busybox (install busybox-static)" >&2
	exit 98
fi

root=$(mktemp -d)
chmod 755 "$root" # the unprivileged tests need to traverse /
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/opt/bin" "$root/lib/modules" "$root/data" "$root/out" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc"
cp "$busybox" "$root/bin/busybox"

# Modules with what they need, in load order, as modprobe resolves them
# from modules.dep (which of them are built in, and where, differs between
# kernels: Debian 12's 6.1 has virtio as modules, Debian 13's 6.12 built
# in); Debian may ship them xz-compressed.
modprobe=$(command -v modprobe || echo /sbin/modprobe)
n=0
: >"$root/modules.all"
for name in virtio_pci virtio_blk can can_raw can_dev vcan \
	${VM_DISK:+crc32c_generic ext4}; do
	deps=$("$modprobe" -S "$kver" --show-depends "$name" 2>/dev/null) || {
		echo "vm.sh: module $name not found for kernel $kver" >&2
		exit 98
	}
	echo "$deps" | awk '$1 == "insmod" { print $2 }' >>"$root/modules.all"
done
awk '!seen[$0]++' "$root/modules.all" >"$root/modules.list"
while read -r m; do
	n=$((n + 1))
	dst=$root/lib/modules/$(printf %02d $n)-$(basename "${m%%.ko*}").ko
	case $m in
	*.ko) cp "$m" "$dst" ;;
	*.ko.xz) xz -dc "$m" >"$dst" ;;
	*.ko.zst) zstd -qdc "$m" >"$dst" ;;
	*)
		echo "vm.sh: module $m: unknown compression" >&2
		exit 98
		;;
	esac
done <"$root/modules.list"
rm "$root/modules.all" "$root/modules.list"

for prog in "$@"; do
	cp "$prog" "$root/opt/bin/"
	ldd "$prog" 2>/dev/null | awk '/=> \// { print $3 } /^\t\// { print $1 }' |
		while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$lib" "$root$lib"
		done
done
# the loader path is baked into every binary
[ -e "$root/lib64" ] || ln -s lib "$root/lib64"
for f in ${VM_FILES:-}; do
	cp "$f" "$root/data/"
done
cp "$script" "$root/test.sh"
cp "$(dirname "$0")/guest_lib.sh" "$root/guest_lib.sh"
echo "root:x:0:0::/:/bin/sh" >"$root/etc/passwd"
echo "nobody:x:65534:65534::/:/bin/sh" >>"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
echo "nogroup:x:65534:" >>"$root/etc/group"

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
# the programs under test first: busybox has applets of the same names
export PATH=/opt/bin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs -o size=600m tmp /tmp
for m in /lib/modules/*.ko; do insmod "$m" || echo "insmod $m failed"; done
ip link add dev vcan0 type vcan && ip link set vcan0 up
ip link add dev vcan1 type vcan && ip link set vcan1 up
echo "VM-UP $(cut -d' ' -f1 /proc/uptime)"
cd /out
sh /test.sh >/out/test.log 2>&1
echo $? >/out/status
echo "VM-DONE $(cut -d' ' -f1 /proc/uptime)"
tar cf /dev/vda -C /out .
sync
poweroff -f
INIT
chmod +x "$root/init" "$root/test.sh"

mkdir -p "$out"
rm -f "$out/disk.img"
truncate -s "${VM_OUT_MB:-256}M" "$out/disk.img"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$out/initrd.cpio"

start=$(date +%s.%N)
timeout "${VM_TIMEOUT:-300}" qemu-system-x86_64 -m "${VM_MEM:-1024}" \
	-smp "${VM_SMP:-2}" -nographic -no-reboot \
	-kernel "$kernel" -initrd "$out/initrd.cpio" \
	-drive file="$out/disk.img",format=raw,if=virtio \
	${VM_DISK:+-drive file="$VM_DISK",format=raw,if=virtio} \
	${VM_PIDFILE:+-pidfile "$VM_PIDFILE"} \
	-append "console=ttyS0 panic=-1 quiet" \
	>"$out/console.log" 2>&1 </dev/null || true
end=$(date +%s.%N)
rm -f "$out/initrd.cpio"
echo "vm.sh: qemu ran $(awk "BEGIN { printf \"%.1f\", $end - $start }") s wall" \
	>>"$out/console.log"

if ! tar xf "$out/disk.img" -C "$out" 2>/dev/null || [ ! -f "$out/status" ]; then
	rm -f "$out/disk.img"
	echo "vm.sh: the VM did not finish; console:" >&2
	tail -n 30 "$out/console.log" >&2
	exit 99
fi
rm -f "$out/disk.img"
exit "$(cat "$out/status")"
