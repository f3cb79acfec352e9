#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# On a kernel without vfio-pci-core the DKMS package still builds and
# installs kvmfr and acpi_battery_ssdt, and says why vfio_d3cold was
# skipped.  The kernel is the target's headers with CONFIG_VFIO_PCI_CORE
# switched off (a copy; the build only reads them).
. "$GPUPASS_SRC/tests/lib/host.sh"

. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
hdr=/usr/src/linux-headers-$kver
[ -d "$hdr" ] || { t_skip "dkms without vfio-pci-core" "no $hdr"; exit 0; }

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# Dereference: the headers link to the kbuild package by relative paths.
cp -rL "$hdr" "$d/headers"
k=$d/headers
sed -i '/^CONFIG_VFIO_PCI_CORE=/d; /^CONFIG_VFIO_PCI=/d' "$k/.config" "$k/include/config/auto.conf"
sed -i '/[[:space:]]vfio_pci_core_/d' "$k/Module.symvers"

mkdir -p "$d/src/gpupass-$GPUPASS_VERSION" "$d/tree" "$d/lib/modules/$kver"
copy_package_tree "$d/src/gpupass-$GPUPASS_VERSION"
o=(--dkmstree "$d/tree" --sourcetree "$d/src" --installtree "$d/lib/modules")
dkms add "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" >"$d/log" 2>&1
if dkms build "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" -k "$kver" \
	--kernelsourcedir "$k" >>"$d/log" 2>&1 &&
	dkms install "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" -k "$kver" \
		--kernelsourcedir "$k" --force >>"$d/log" 2>&1; then
	t_ok "dkms build/install without CONFIG_VFIO_PCI_CORE"
else
	t_fail "dkms build/install without CONFIG_VFIO_PCI_CORE" "$(tail -20 "$d/log")"
fi
mods=$d/lib/modules/$kver/updates/dkms
t_check "kvmfr installed" test -f "$mods/kvmfr.ko"
t_check "acpi_battery_ssdt installed" test -f "$mods/acpi_battery_ssdt.ko"
t_check "vfio_d3cold not installed" test ! -e "$mods/vfio_d3cold.ko"
t_check "build log says why vfio_d3cold was skipped" \
	grep -q 'vfio_d3cold skipped: kernel built without CONFIG_VFIO_PCI_CORE' \
	"$d/tree/gpupass/$GPUPASS_VERSION/$kver/x86_64/log/make.log"
