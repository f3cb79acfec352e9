#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One module that cannot be built for a kernel must not take the package
# down: DKMS still builds and installs the others, and the build log says
# why the module was left out.  Two kernels, both copies of the target's
# headers (the build only reads them):
#  - novfio: CONFIG_VFIO_PCI_CORE switched off (the Kbuild gate);
#  - broken: vfio-pci-core's header changed so that vfio_d3cold no longer
#    compiles (an exported function renamed), which only
#    the per-module trial build (scripts/dkms-modules.sh) can catch.
. "$GPUPASS_SRC/tests/lib/host.sh"

. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
hdr=/usr/src/linux-headers-$kver
[ -d "$hdr" ] || { t_skip "dkms per-module build" "no $hdr"; exit 0; }

d=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$d"' EXIT
# Dereference: the headers link to the kbuild package by relative paths.
cp -rL "$hdr" "$d/headers"
# Debian's headers include the source half (-common) by absolute path:
# copy it too, so one of its headers can be changed.
common=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$hdr/Makefile")
if [ -n "$common" ] && [ -d "$common" ]; then
	cp -rL "$common" "$d/common"
	echo "include $d/common/Makefile" >"$d/headers/Makefile"
fi
mkdir -p "$d/src/gpupass-$GPUPASS_VERSION"
copy_package_tree "$d/src/gpupass-$GPUPASS_VERSION"

# dkms_case NAME WHY_REGEX: add/build/install into private trees, check
# that kvmfr and acpi_battery_ssdt are in and vfio_d3cold is out, and
# that both the build log and dkms's output say WHY_REGEX.
dkms_case() {
	local name=$1 why=$2 t=$d/$1 k=$d/headers
	mkdir -p "$t/tree" "$t/lib/modules/$kver"
	local o=(--dkmstree "$t/tree" --sourcetree "$d/src" --installtree "$t/lib/modules")
	dkms add "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" >"$t/log" 2>&1
	if GPUPASS_MAKEFLAGS="W=1 KCFLAGS=-Werror" dkms build "${o[@]}" -m gpupass \
		-v "$GPUPASS_VERSION" -k "$kver" --kernelsourcedir "$k" >>"$t/log" 2>&1 &&
		dkms install "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" -k "$kver" \
			--kernelsourcedir "$k" --force --no-depmod >>"$t/log" 2>&1; then
		t_ok "$name: dkms build/install succeeds"
	else
		t_fail "$name: dkms build/install succeeds" "$(tail -20 "$t/log")"
	fi
	local mods=$t/lib/modules/$kver/updates/dkms
	t_check "$name: kvmfr installed" test -f "$mods/kvmfr.ko"
	t_check "$name: acpi_battery_ssdt installed" test -f "$mods/acpi_battery_ssdt.ko"
	t_check "$name: vfio_d3cold not installed" test ! -e "$mods/vfio_d3cold.ko"
	t_check "$name: dkms says why vfio_d3cold was left out" \
		grep -E "gpupass: vfio_d3cold skipped: $why" "$t/log"
	t_check "$name: the build log says why too" \
		grep -E "gpupass: vfio_d3cold skipped: $why" \
		"$t/tree/gpupass/$GPUPASS_VERSION/$kver/x86_64/log/make.log"
	t_check "$name: dkms status shows it installed" \
		grep -q "installed" <(dkms status "${o[@]}" -m gpupass 2>&1)
	dkms remove "${o[@]}" -m gpupass -v "$GPUPASS_VERSION" --all --no-depmod >>"$t/log" 2>&1
	local left
	left=$(find "$t/tree" "$t/lib/modules/$kver" -type f 2>/dev/null)
	t_eq "$name: dkms remove leaves nothing in the trees" "" "$left"
}

k=$d/headers
cp "$k/.config" "$d/config.orig"
cp "$k/include/config/auto.conf" "$d/auto.conf.orig"
cp "$k/Module.symvers" "$d/symvers.orig"
sed -i '/^CONFIG_VFIO_PCI_CORE=/d; /^CONFIG_VFIO_PCI=/d' "$k/.config" "$k/include/config/auto.conf"
sed -i '/[[:space:]]vfio_pci_core_/d' "$k/Module.symvers"
dkms_case novfio 'kernel built without CONFIG_VFIO_PCI_CORE'

cp "$d/config.orig" "$k/.config"
cp "$d/auto.conf.orig" "$k/include/config/auto.conf"
cp "$d/symvers.orig" "$k/Module.symvers"
h=$d/common/include/linux/vfio_pci_core.h
[ -f "$h" ] || h=$k/include/linux/vfio_pci_core.h
# An exported function the driver calls, renamed (no feature probe reads
# it, so only the trial build can notice).
sed -i 's/^long vfio_pci_core_ioctl(/long vfio_pci_core_ioctl_v2(/' "$h"
if grep -q vfio_pci_core_ioctl_v2 "$h"; then
	dkms_case broken 'it does not build for this kernel: .*error: .*vfio_pci_core_ioctl'
else
	t_fail "broken: vfio_pci_core.h edited" "no 'long vfio_pci_core_ioctl(' in $h"
fi
