#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A build chroot for kernels whose headers need another compiler and C
# library than the host's: Debian RELEASE (bullseye, bookworm, trixie,
# sid) with gcc and dkms, made once with mmdebstrap and kept under
# $GPUPASS_CACHE/chroots/RELEASE.  Its sources include the release's
# add-on suite (backports; experimental for sid), so the headers of every
# kernel that release's users can install go into the same chroot: KVER's
# headers are installed if missing.
#
# usage: mk-chroot.sh RELEASE KVER   (prints the chroot's path)
set -euo pipefail
. "$(dirname "$0")/common.sh"

rel=${1:?usage: mk-chroot.sh RELEASE KVER} kver=${2:?usage: mk-chroot.sh RELEASE KVER}
c=$GPUPASS_CACHE/chroots/$rel
mkdir -p "$GPUPASS_CACHE/chroots"
# One apt or dkms user of a chroot at a time (the runner builds kernels
# in parallel).
exec 9>"$GPUPASS_CACHE/chroots/.$rel.lock"
flock 9

in_chroot() {
	unshare -m sh -c 'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
		shift && exec chroot "$0" env PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"' \
		"$c" "$c" "$@"
}

if [ ! -f "$c/.gpupass-ready" ]; then
	command -v mmdebstrap >/dev/null || die "mmdebstrap is not installed (scripts/install-deps.sh)"
	# Make sure the private apt config (and its sources.list) exist.
	"$GPUPASS_SRC/scripts/apt-suite.sh" "$rel+chroot" update >&2
	rm -rf "$c"
	t0=$SECONDS
	log "creating the $rel build chroot (mmdebstrap)"
	# Headers packages may pull in a kernel image: skip its modules, docs
	# and the initramfs it would generate, which the chroot never boots.
	mmdebstrap --variant=apt --quiet \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--aptopt='APT::Install-Recommends "false"' \
		--dpkgopt='path-exclude=/usr/lib/modules/*/kernel/*' \
		--dpkgopt='path-exclude=/lib/modules/*/kernel/*' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--essential-hook='chroot "$1" dpkg-divert --local --rename --add /usr/sbin/update-initramfs && ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
		--include="build-essential,bc,bison,flex,kmod,cpio,xz-utils,dkms,sparse,ccache,linux-headers-$kver" \
		"$rel" "$c" "$GPUPASS_CACHE/apt/$rel+chroot/sources.list" >&2 ||
		die "mmdebstrap of $rel failed"
	touch "$c/.gpupass-ready"
	log "chroot $rel ready in $((SECONDS - t0)) s"
fi
# ccache for the tests' DKMS builds (chroots made before it was listed).
want=""
[ -x "$c/usr/bin/ccache" ] || want=ccache
[ -f "$c/usr/src/linux-headers-$kver/Makefile" ] || want="$want linux-headers-$kver"
if [ -n "$want" ]; then
	t0=$SECONDS
	log "installing$want in the $rel chroot"
	# Refresh the chroot's lists once a day (a new kernel's headers).
	if [ -z "$(find "$c/var/lib/apt/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		in_chroot apt-get -q -o Acquire::Check-Valid-Until=false update >&2 ||
			die "apt update in the $rel chroot failed"
	fi
	# shellcheck disable=SC2086
	in_chroot apt-get -q -y --no-install-recommends install $want >&2 ||
		die "cannot install$want in the $rel chroot"
	log "$want installed in $((SECONDS - t0)) s"
fi
echo "$c"
