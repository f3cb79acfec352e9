#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` then `make uninstall` into a scratch root (DESTDIR, private
# DKMS trees) for the target kernel: everything installed is removed again.
. "$GPUPASS_SRC/tests/lib/host.sh"

. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
[ -n "$kver" ] || { t_skip "make install" "no linux-headers-amd64"; exit 0; }

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
if out=$(make -s -C "$GPUPASS_SRC" install DESTDIR="$d" KVER="$kver" 2>&1); then
	t_ok "make install (DESTDIR, $kver)"
else
	t_fail "make install (DESTDIR, $kver)" "$(echo "$out" | tail -20)"
fi
mods=$d/lib/modules/$kver/updates/dkms
for m in kvmfr acpi_battery_ssdt; do
	t_check "installed $m.ko" test -f "$mods/$m.ko"
done
if grep -qs '^CONFIG_VFIO_PCI_CORE=[ym]' "/lib/modules/$kver/build/.config"; then
	t_check "installed vfio_d3cold.ko" test -f "$mods/vfio_d3cold.ko"
fi
t_check "dkms status says installed" sh -c "dkms status --dkmstree '$d/var/lib/dkms' \
	--sourcetree '$d/usr/src' --installtree '$d/lib/modules' | grep -q 'gpupass/.*$kver.*installed'"
for f in "$GPUPASS_SRC"/*/dist/udev/*.rules; do
	[ -e "$f" ] && t_check "udev rule $(basename "$f")" test -f "$d/etc/udev/rules.d/$(basename "$f")"
done
for f in "$GPUPASS_SRC"/*/dist/modprobe.d/*.conf; do
	[ -e "$f" ] && t_check "modprobe.d $(basename "$f")" test -f "$d/etc/modprobe.d/$(basename "$f")"
done
for f in "$GPUPASS_SRC"/*/dist/modules-load.d/*.conf; do
	[ -e "$f" ] && t_check "modules-load.d $(basename "$f")" test -f "$d/etc/modules-load.d/$(basename "$f")"
done
if ls "$GPUPASS_SRC"/*/dist/apparmor/* >/dev/null 2>&1; then
	t_check "AppArmor block added" grep -q 'BEGIN gpupass' "$d/etc/apparmor.d/local/abstractions/libvirt-qemu"
fi

if out=$(make -s -C "$GPUPASS_SRC" uninstall DESTDIR="$d" KVER="$kver" 2>&1); then
	t_ok "make uninstall"
else
	t_fail "make uninstall" "$(echo "$out" | tail -20)"
fi
left=$(cd "$d" && find . -type f ! -path './var/lib/dkms/*' | head -20)
t_eq "nothing left behind after uninstall" "" "$left"
t_check "no module left in the kernel tree" sh -c "! ls '$mods'/*.ko >/dev/null 2>&1"
