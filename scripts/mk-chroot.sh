#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A build chroot for kernels whose headers need a newer (or older) compiler
# and C library than the host's: Debian SUITE with gcc, dkms and the
# kernel's headers.  Made once with mmdebstrap, kept under
# $GPUPASS_CACHE/chroots/SUITE-KVER.
#
# usage: mk-chroot.sh SUITE KVER   (prints the chroot's path)
set -euo pipefail
. "$(dirname "$0")/common.sh"

suite=${1:?usage: mk-chroot.sh SUITE KVER} kver=${2:?usage: mk-chroot.sh SUITE KVER}
c=$GPUPASS_CACHE/chroots/$suite-$kver
if [ -f "$c/.gpupass-ready" ]; then
	echo "$c"
	exit 0
fi
command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (scripts/install-deps.sh)"

# Make sure the private apt config (and its sources.list) exist.
"$GPUPASS_SRC/scripts/apt-suite.sh" "$suite" update >&2
rm -rf "$c"
mkdir -p "$(dirname "$c")"
t0=$SECONDS
log "creating the $suite chroot for $kver (mmdebstrap)"
# Newer headers packages pull in the kernel image: skip its modules, docs
# and the initramfs it would generate, which the chroot never boots.
mmdebstrap --variant=apt --quiet \
	--aptopt='Acquire::Check-Valid-Until "false"' \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/lib/modules/*/kernel/*' \
	--dpkgopt='path-exclude=/lib/modules/*/kernel/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--essential-hook='chroot "$1" dpkg-divert --local --rename --add /usr/sbin/update-initramfs && ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
	--include="build-essential,bc,bison,flex,kmod,cpio,xz-utils,dkms,sparse,linux-headers-$kver" \
	"$suite" "$c" "$GPUPASS_CACHE/apt/$suite/sources.list" >&2 ||
	die "mmdebstrap of $suite failed"
touch "$c/.gpupass-ready"
log "chroot $suite ready in $((SECONDS - t0)) s"
echo "$c"
