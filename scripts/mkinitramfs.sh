#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make a busybox initramfs that loads nothing by itself, runs /test.sh with
# its output on the test channel (ttyS1) and powers off.
#
# usage: mkinitramfs.sh ROOT KVER OUT.cpio.gz TEST_SCRIPT "kernel modules" \
#                       ["host files"]
#
# The kernel modules (with their dependencies, found by modprobe in ROOT)
# and every module of ours installed in ROOT/lib/modules/KVER/updates are
# copied in; guest programs from tests/guest/bin go to /tests/bin.
# Host files (a name without a slash is looked up in PATH) are copied to
# the same path, symlinks resolved; for ELF files their libraries and the
# dynamic loader (from ldd) come along.
#
# Guests of another architecture (GUEST_ARCH=arm64): busybox comes from
# ROOT/bin/busybox (the target's busybox-static), the guest programs from
# tests/guest/bin-ARCH, and the test channel is the virtio console hvc0
# (QEMU's virt machine has one UART, the kernel's console), whose
# modules /init loads first.
set -euo pipefail
. "$(dirname "$0")/common.sh"

root=$1 kver=$2 out=$3 script=$4 mods=${5:-} hostfiles=${6:-}

st=$(mktemp -d)
trap 'rm -rf "$st"' EXIT

arch=${GUEST_ARCH:-}
busybox=/bin/busybox bindir=$GPUPASS_SRC/tests/guest/bin tap=ttyS1
if [ -n "$arch" ]; then
	busybox=$root/bin/busybox bindir=$GPUPASS_SRC/tests/guest/bin-$arch tap=hvc0
	mods="$mods virtio_mmio virtio_console"
fi

mkdir -p "$st"/{bin,sbin,proc,sys,dev,tmp,run,tests/bin,lib/modules/"$kver"}
cp "$busybox" "$st/bin/busybox"
# The applet list of the host's busybox (a target's cannot run here).
for a in $(/bin/busybox --list); do
	[ -e "$st/bin/$a" ] || ln -s busybox "$st/bin/$a"
done

mdir=$root/lib/modules/$kver
ours=$(cd "$mdir" && find updates -name '*.ko*' 2>/dev/null | sed 's|.*/||; s|\.ko.*||') || true
for m in $mods $ours; do
	deps=$(modprobe -d "$root" -S "$kver" --show-depends "$m" 2>/dev/null) || {
		# Built into this kernel: nothing to copy.
		grep -qs "/${m//-/[-_]}.ko" "$mdir/modules.builtin" && continue
		die "module $m not found for $kver"
	}
	echo "$deps" | awk '$1 == "insmod" { print $2 }' | while read -r f; do
		rel=${f#"$root"}
		rel=${rel#/usr}
		mkdir -p "$st/$(dirname "$rel")"
		cp "$f" "$st/$rel"
	done
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -f "$mdir/$f" ] && cp "$mdir/$f" "$st/lib/modules/$kver/"
done
depmod -b "$st" "$kver"

if [ -d "$bindir" ]; then
	cp "$bindir"/* "$st/tests/bin/" 2>/dev/null || true
fi
cp "$GPUPASS_SRC/tests/lib/guest.sh" "$st/tests/lib.sh"

host_cp() {
	mkdir -p "$st/$(dirname "$1")"
	cp -L "$1" "$st/$1"
}
for f in $hostfiles; do
	case $f in */*) ;; *) f=$(command -v "$f") || die "host file $f not found" ;; esac
	[ -f "$f" ] || die "host file $f not found"
	host_cp "$f"
	# ldd lines: "lib => /path (addr)" or "/lib64/ld-linux... (addr)"
	libs=$(ldd "$f" 2>/dev/null | grep -o '/[^ ]*') || true
	for l in $libs; do
		[ -e "$st/$l" ] || host_cp "$l"
	done
done
cp "$script" "$st/test.sh"

cat > "$st/init" <<'EOT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
export PATH=/tests/bin:/bin:/sbin HOME=/tmp
cd /tmp
TAP=/dev/@TAP@
if [ "$TAP" = /dev/hvc0 ]; then
	modprobe virtio_mmio
	modprobe virtio_console
	i=0
	while [ ! -c $TAP ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
fi
# Debug kernels: forget what boot left to kmemleak, so that a report at
# the end belongs to the tests.
kml=/sys/kernel/debug/kmemleak
if [ -w $kml ]; then
	echo scan > $kml
	echo clear > $kml
fi
# Nothing of ours has run before this line (no udev: no module autoload).
echo "gpupass-test: (init)" > /dev/kmsg
echo "GPUPASS-BEGIN" > $TAP
sh -c '. /tests/lib.sh; . /test.sh' > $TAP 2>&1
rc=$?
if [ -w $kml ]; then
	echo "gpupass-test: (kmemleak scan after the tests)" > /dev/kmsg
	echo scan > $kml
	sleep 1
	echo scan > $kml
	cat $kml > /dev/console
fi
echo "GPUPASS-END rc=$rc" > $TAP
# A final marker in the kernel log: reports after it belong to shutdown.
echo "gpupass-test: (end)" > /dev/kmsg
poweroff -f
EOT
sed -i "s|@TAP@|$tap|" "$st/init"
chmod +x "$st/init"
(cd "$st" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
