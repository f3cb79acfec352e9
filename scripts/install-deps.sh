#!/bin/sh
# Install the Debian packages the build and the QEMU test runner need.
# Idempotent: packages already present are left alone.
set -eu

PKGS="build-essential bc flex bison libelf-dev libssl-dev dwarves kmod cpio
	dkms linux-headers-amd64 qemu-system-x86 busybox-static acpica-tools
	sparse python3 xz-utils zstd ccache mmdebstrap gcc-multilib
	libvirt-clients libxml2-utils qemu-system-arm qemu-efi-aarch64
	dpkg-dev debhelper dh-dkms lintian makepkg fakeroot libarchive-tools rpm rpm2cpio
	selinux-policy-dev checkpolicy semodule-utils setools nix-bin"

# The arm64 cross compiler is not here: it conflicts with gcc-multilib, so
# scripts/fetch-cross-kernel.sh unpacks it into the cache instead.

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing; run as root or install them" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
