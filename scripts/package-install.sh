#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the DKMS package of every distribution ships, under DESTDIR: the
# sources DKMS builds (dkms.conf with a literal version; of scripts/ only
# what the build runs), the udev rule and modprobe.d defaults under
# PREFIX/lib (a file of the same name in /etc wins), AppArmor's drop-ins
# for libvirt's QEMU profile, and the modules-load.d file as an example
# (loading kvmfr at boot pins memory: the admin's choice).  Used by
# debian/rules, packaging/arch/PKGBUILD and packaging/rpm/gpupass.spec.
#
# usage: DESTDIR=DIR PREFIX=/usr package-install.sh
set -euo pipefail
. "$(dirname "$0")/common.sh"

D=${DESTDIR:?DESTDIR is required}
P=${PREFIX:-/usr}
src=$D/usr/src/gpupass-$GPUPASS_VERSION
copy_package_tree "$src"
rm -f "$src/.gitignore" "$src"/*/.kunitconfig
find "$src/scripts" -mindepth 1 -maxdepth 1 ! -name probe.sh \
	! -name dkms-modules.sh ! -name probes -exec rm -rf {} +
cd "$GPUPASS_SRC"
for f in */dist/udev/*.rules; do
	install -D -m 0644 "$f" "$D$P/lib/udev/rules.d/$(basename "$f")"
done
for f in */dist/modprobe.d/*.conf; do
	install -D -m 0644 "$f" "$D$P/lib/modprobe.d/$(basename "$f")"
done
for f in */dist/apparmor/*; do
	install -D -m 0644 "$f" "$D/etc/apparmor.d/abstractions/libvirt-qemu.d/$(basename "$f")"
done
install -D -m 0644 kvmfr/dist/modules-load.d/kvmfr.conf \
	"$D$P/share/doc/gpupass-dkms/examples/modules-load.d/kvmfr.conf"
