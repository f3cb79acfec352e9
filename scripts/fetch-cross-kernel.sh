#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare a Debian kernel of another architecture (SUITE-arm64) for a
# cross build and a QEMU boot, without touching the system: everything is
# unpacked under $GPUPASS_CACHE/kernels/LABEL with dpkg -x.
#
#   root/   the image (vmlinuz, modules), the SUITE's headers for the
#           kernel (KDIR) with their -common part, the host architecture's
#           linux-kbuild of the same version (fixdep, modpost: build-host
#           programs), and the target's busybox for the initramfs
#   cross/  the cross compiler the headers ask for (gcc-N-TRIPLET, its
#           binutils and C library, for the kernel and the static guest
#           programs), and the compiler of the 32-bit ABI the kernel runs
#           as compat (armhf: the compat_ioctl test); Debian's gcc-multilib,
#           which the i386 compat test needs, conflicts with the cross
#           compilers, so they are not installed but unpacked here
#
# The env file adds ARCH, CROSS_COMPILE, CROSS_COMPILE32 (full paths),
# CROSS_LIBS (the unpacked binutils' private libraries, for
# LD_LIBRARY_PATH) and QEMU_ARCH.
#
# usage: fetch-cross-kernel.sh [--headers-only] LABEL   (LABEL: SUITE-arm64)
#   --headers-only: no VMLINUZ in the env file (compile-only); ROOT stays,
#   as the modules are installed there (never in the host's /lib/modules).
set -euo pipefail
. "$(dirname "$0")/common.sh"

headers_only=0
[ "${1:-}" = --headers-only ] && { headers_only=1; shift; }
label=${1:?usage: fetch-cross-kernel.sh [--headers-only] SUITE-ARCH}
arch=${label##*-} suite=${label%-*}
case $arch in
arm64) triplet=aarch64-linux-gnu qemu_arch=aarch64 arch32=armhf triplet32=arm-linux-gnueabihf ;;
*) die "no cross build for architecture '$arch'" ;;
esac
# Only bookworm is tried: later suites name their cross libraries and
# kbuild packages differently (gcc-14, linux-kbuild-6.12.N).
case $suite in
bookworm) ;;
*) die "no cross build for suite '$suite' in kernel label '$label' (bookworm-arm64 only)" ;;
esac
dir=$GPUPASS_CACHE/kernels/$label
root=$dir/root cross=$dir/cross

apt_t() { "$GPUPASS_SRC/scripts/apt-suite.sh" "$suite:$arch" "$@"; }
apt_h() { "$GPUPASS_SRC/scripts/apt-suite.sh" "$suite" "$@"; }
for s in "$suite:$arch" "$suite"; do
	lists=$GPUPASS_CACHE/apt/${s/:/-}/lists
	if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		"$GPUPASS_SRC/scripts/apt-suite.sh" "$s" update >&2 || die "apt update for $s failed"
	fi
done

kver=$(apt_t apt-cache depends "linux-image-$arch" 2>/dev/null |
	grep -o -m1 "linux-image-[0-9][^ ]*-$arch" || true)
kver=${kver#linux-image-}
[ -n "$kver" ] || die "cannot resolve $suite's linux-image-$arch"

stamp=$dir/.extracted-$kver
if [ ! -f "$stamp" ]; then
	t0=$SECONDS
	log "fetching $kver ($arch) and its cross build tools"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$dir/debs-host" "$root" "$cross"
	hdr=linux-headers-$kver
	deps=$(apt_t apt-cache depends "$hdr" 2>/dev/null)
	common=$(echo "$deps" | grep -o -m1 'linux-headers-[^ ]*-common') ||
		die "cannot find the -common headers of $hdr"
	kbuild=$(echo "$deps" | grep -o -m1 'linux-kbuild-[0-9.]*') ||
		die "cannot find the kbuild package of $hdr"
	gcc=$(echo "$deps" | grep -o -m1 'gcc-[0-9][0-9]*$') ||
		die "cannot find the compiler of $hdr"
	ver=$(apt_t apt-cache show "$hdr" | sed -n 's/^Version: //p' | head -1)
	(cd "$dir/debs" && apt_t apt-get download -q "linux-image-$kver" "$hdr" \
		"$common" busybox-static >&2) || die "cannot download $kver"
	# Host programs of the same kbuild version; the compiler and what it
	# needs, for this host.
	(cd "$dir/debs-host" && apt_h apt-get download -q "$kbuild=$ver" \
		"$gcc-$triplet" "cpp-${gcc#gcc-}-$triplet" "binutils-$triplet" \
		"lib$gcc-dev-$arch-cross" "libgcc-s1-$arch-cross" \
		"libc6-dev-$arch-cross" "libc6-$arch-cross" "linux-libc-dev-$arch-cross" \
		"libasan8-$arch-cross" "libatomic1-$arch-cross" "libgomp1-$arch-cross" \
		"libhwasan0-$arch-cross" "libitm1-$arch-cross" "liblsan0-$arch-cross" \
		"libtsan2-$arch-cross" "libubsan1-$arch-cross" "libstdc++6-$arch-cross" \
		"$gcc-$triplet32" "cpp-${gcc#gcc-}-$triplet32" "binutils-$triplet32" \
		"lib$gcc-dev-$arch32-cross" "libc6-dev-$arch32-cross" "libc6-$arch32-cross" \
		"linux-libc-dev-$arch32-cross" >&2) ||
		die "cannot download the cross build tools"
	for deb in "$dir"/debs/*.deb "$dir"/debs-host/linux-kbuild-*.deb; do
		dpkg -x "$deb" "$root"
	done
	for deb in "$dir"/debs-host/*.deb; do
		case $deb in */linux-kbuild-*) continue ;; esac
		dpkg -x "$deb" "$cross"
	done
	# The headers include their -common part by absolute path.
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$root/usr/src/$hdr/Makefile"
	# The compiler as the headers name it (CC = $(CROSS_COMPILE)gcc-N).
	ln -sf "$triplet-$gcc" "$cross/usr/bin/$triplet-gcc"
	ln -sf "$triplet32-$gcc" "$cross/usr/bin/$triplet32-gcc"
	if [ -d "$root/usr/lib/modules" ] && [ ! -e "$root/lib" ]; then
		ln -s usr/lib "$root/lib"
	fi
	rm -rf "$dir/debs" "$dir/debs-host"
	touch "$stamp"
	log "$kver ($arch) unpacked in $((SECONDS - t0)) s"
fi

vmlinuz=$root/boot/vmlinuz-$kver
[ $headers_only = 1 ] || [ -f "$vmlinuz" ] || die "no vmlinuz in $root"
cat >"$dir/env" <<EOT
KVER='$kver'
ROOT='$root'
VMLINUZ='$([ $headers_only = 1 ] || echo "$vmlinuz")'
KDIR='$root/usr/src/linux-headers-$kver'
CHROOT=''
ARCH='$arch'
CROSS_COMPILE='$cross/usr/bin/$triplet-'
CROSS_COMPILE32='$cross/usr/bin/$triplet32-'
CROSS_LIBS='$cross/usr/lib/$(gcc -dumpmachine)'
QEMU_ARCH='$qemu_arch'
EOT
echo "$dir/env"
