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
set -euo pipefail
. "$(dirname "$0")/common.sh"

root=$1 kver=$2 out=$3 script=$4 mods=${5:-} hostfiles=${6:-}

st=$(mktemp -d)
trap 'rm -rf "$st"' EXIT

mkdir -p "$st"/{bin,sbin,proc,sys,dev,tmp,run,tests/bin,lib/modules/"$kver"}
cp /bin/busybox "$st/bin/busybox"
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

if [ -d "$GPUPASS_SRC/tests/guest/bin" ]; then
	cp "$GPUPASS_SRC"/tests/guest/bin/* "$st/tests/bin/" 2>/dev/null || true
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
# Debug kernels: forget what boot left to kmemleak, so that a report at
# the end belongs to the tests.
kml=/sys/kernel/debug/kmemleak
if [ -w $kml ]; then
	echo scan > $kml
	echo clear > $kml
fi
# Nothing of ours has run before this line (no udev: no module autoload).
echo "gpupass-test: (init)" > /dev/kmsg
echo "GPUPASS-BEGIN" > /dev/ttyS1
sh -c '. /tests/lib.sh; . /test.sh' > /dev/ttyS1 2>&1
rc=$?
if [ -w $kml ]; then
	echo "gpupass-test: (kmemleak scan after the tests)" > /dev/kmsg
	echo scan > $kml
	sleep 1
	echo scan > $kml
	cat $kml > /dev/ttyS0
fi
echo "GPUPASS-END rc=$rc" > /dev/ttyS1
# A final marker in the kernel log: reports after it belong to shutdown.
echo "gpupass-test: (end)" > /dev/kmsg
poweroff -f
EOT
chmod +x "$st/init"
(cd "$st" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
