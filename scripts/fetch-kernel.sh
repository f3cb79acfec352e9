#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare a target kernel for the QEMU tests and write its env file
# ($GPUPASS_CACHE/kernels/LABEL/env: KVER, ROOT, VMLINUZ, KDIR).
#
#   6.1           bookworm's linux-image-amd64 (headers from the system's
#                 linux-headers-amd64, installed by scripts/install-deps.sh)
#   SUITE[-rt]    the kernel a user of Debian SUITE (bullseye, bookworm,
#                 bookworm-backports, trixie, trixie-backports, sid,
#                 experimental) installs with linux-image-amd64 (-rt:
#                 linux-image-rt-amd64), read from the archive today; fetched
#                 with a private apt configuration; the modules are built in
#                 a chroot of the suite's release (CHROOT in the env file)
#   5.10 6.12 7.2 short names of bullseye, trixie and sid
#   kunit-SERIES  a KUnit kernel built here (scripts/build-test-kernel.sh)
#   debug-SERIES  the same with KASAN, lockdep and kmemleak
#   SUITE-arm64   the suite's arm64 kernel, cross-built and booted in
#                 qemu-system-aarch64 (scripts/fetch-cross-kernel.sh)
#
# usage: fetch-kernel.sh [--headers-only] LABEL
#   --headers-only: the build chroot and headers only (a compile-only kernel
#   of the matrix): no image, ROOT and VMLINUZ empty in the env file.
set -euo pipefail
. "$(dirname "$0")/common.sh"

headers_only=0
[ "${1:-}" = --headers-only ] && { headers_only=1; shift; }
label=${1:?usage: fetch-kernel.sh [--headers-only] LABEL}
dir=$GPUPASS_CACHE/kernels/$label

case $label in
*-arm64)
	exec "$GPUPASS_SRC/scripts/fetch-cross-kernel.sh" "$@"
	;;
kunit-* | debug-*)
	exec "$GPUPASS_SRC/scripts/build-test-kernel.sh" "${label%%-*}" "${label#*-}"
	;;
6.1)
	# The ABI the system's headers metapackage points at, e.g. 6.1.0-56-amd64.
	kver=$(debian_headers_kver)
	[ -n "$kver" ] || die "linux-headers-amd64 is not installed (run scripts/install-deps.sh)"
	kdir=/lib/modules/$kver/build
	[ -f "$kdir/Makefile" ] || die "headers for $kver missing at $kdir"
	;;
5.10 | 6.12 | 7.2 | bullseye* | bookworm* | trixie* | sid* | experimental*)
	case $label in
	5.10) suite=bullseye ;;
	6.12) suite=trixie ;;
	7.2) suite=sid ;;
	*) suite=${label%-rt} ;;
	esac
	meta=linux-image-amd64
	case $label in *-rt) meta=linux-image-rt-amd64 ;; esac
	case $suite in
	bullseye | bookworm | bookworm-backports | trixie | trixie-backports | sid | experimental) ;;
	*) die "unknown suite '$suite' in kernel label '$label'" ;;
	esac
	# The release whose chroot builds this suite's kernels.
	case $suite in
	experimental) rel=sid ;;
	*) rel=${suite%-backports} ;;
	esac
	apt_s() { "$GPUPASS_SRC/scripts/apt-suite.sh" "$suite" "$@"; }
	# Refresh the suite's package lists once a day.
	lists=$GPUPASS_CACHE/apt/$suite/lists
	if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		apt_s update >&2 || die "apt update for $suite failed"
	fi
	kver=$(apt_s apt-cache depends "$meta" 2>/dev/null |
		grep -o -m1 'linux-image-[0-9][^ ]*-amd64' || true)
	kver=${kver#linux-image-}
	[ -n "$kver" ] || die "cannot resolve $suite's $meta"
	chroot=$("$GPUPASS_SRC/scripts/mk-chroot.sh" "$rel" "$kver") || exit 1
	kdir=/usr/src/linux-headers-$kver
	;;
*)
	die "unknown kernel label '$label' (known: 6.1, 5.10, 6.12, 7.2, SUITE, SUITE-rt, kunit-6.1, debug-6.1)"
	;;
esac

if [ $headers_only = 1 ]; then
	mkdir -p "$dir"
	cat >"$dir/env" <<EOT
KVER='$kver'
ROOT=''
VMLINUZ=''
KDIR='$kdir'
CHROOT='${chroot:-}'
EOT
	echo "$dir/env"
	exit 0
fi

root=$dir/root
stamp=$dir/.extracted-$kver
if [ ! -f "$stamp" ]; then
	log "fetching linux-image-$kver"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$root"
	# sid splits the image into linux-binary/linux-modules packages.
	pkgs="linux-image-$kver"
	if [ -n "${suite:-}" ]; then
		pkgs="$pkgs $(apt_s apt-cache depends "linux-image-$kver" 2>/dev/null |
			grep -o -e "linux-binary-$kver" -e "linux-modules-$kver" | sort -u | tr '\n' ' ' || true)"
		# shellcheck disable=SC2086
		(cd "$dir/debs" && apt_s apt-get download -q $pkgs >&2) ||
			die "cannot download $pkgs"
	else
		(cd "$dir/debs" && apt-get download -q $pkgs >&2) ||
			die "cannot download $pkgs"
	fi
	for deb in "$dir"/debs/*.deb; do
		dpkg -x "$deb" "$root"
	done
	# trixie and later ship modules under usr/lib; depmod -b wants lib/.
	if [ -d "$root/usr/lib/modules" ] && [ ! -e "$root/lib" ]; then
		ln -s usr/lib "$root/lib"
	fi
	rm -rf "$dir/debs"
	touch "$stamp"
fi
vmlinuz=$root/boot/vmlinuz-$kver
[ -f "$vmlinuz" ] || vmlinuz=$root/lib/modules/$kver/vmlinuz
[ -f "$vmlinuz" ] || die "no vmlinuz in $root"

cat > "$dir/env" <<EOT
KVER='$kver'
ROOT='$root'
VMLINUZ='$vmlinuz'
KDIR='$kdir'
CHROOT='${chroot:-}'
EOT
echo "$dir/env"
