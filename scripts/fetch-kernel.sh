#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare a target kernel for the QEMU tests and write its env file
# ($GPUPASS_CACHE/kernels/LABEL/env: KVER, ROOT, VMLINUZ, KDIR).
#
#   6.1           bookworm's linux-image-amd64 (headers from the system's
#                 linux-headers-amd64, installed by scripts/install-deps.sh)
#   kunit-SERIES  a KUnit kernel built here (scripts/build-test-kernel.sh)
#   debug-SERIES  the same with KASAN, lockdep and kmemleak
#
# usage: fetch-kernel.sh LABEL
set -euo pipefail
. "$(dirname "$0")/common.sh"

label=${1:?usage: fetch-kernel.sh LABEL}
dir=$GPUPASS_CACHE/kernels/$label

case $label in
kunit-* | debug-*)
	exec "$GPUPASS_SRC/scripts/build-test-kernel.sh" "${label%%-*}" "${label#*-}"
	;;
6.1)
	# The ABI the system's headers metapackage points at, e.g. 6.1.0-56-amd64.
	hdr=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
		grep -o 'linux-headers-[0-9][^ ,]*-amd64' | head -1) ||
		die "linux-headers-amd64 is not installed (run scripts/install-deps.sh)"
	kver=${hdr#linux-headers-}
	kdir=/lib/modules/$kver/build
	[ -f "$kdir/Makefile" ] || die "headers for $kver missing at $kdir"
	;;
*)
	die "unknown kernel label '$label' (known: 6.1, kunit-6.1, debug-6.1)"
	;;
esac

root=$dir/root
stamp=$dir/.extracted-$kver
if [ ! -f "$stamp" ]; then
	log "fetching linux-image-$kver"
	rm -rf "$dir"
	mkdir -p "$dir/debs" "$root"
	(cd "$dir/debs" && apt-get download -q "linux-image-$kver" >&2) ||
		die "cannot download linux-image-$kver"
	dpkg -x "$dir"/debs/linux-image-"$kver"_*.deb "$root"
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
EOT
echo "$dir/env"
