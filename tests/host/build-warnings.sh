#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The modules build with W=1 and sparse (C=1) without a single warning
# against the target kernel's headers, and checkpatch --strict is clean.
. "$GPUPASS_SRC/tests/lib/host.sh"

. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
[ -n "$kver" ] || { t_skip "W=1 C=1 build" "no linux-headers-amd64"; exit 0; }

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
copy_package_tree "$d"
if make -C "$d" KVER="$kver" W=1 C=1 modules >"$d/build.log" 2>&1; then
	t_ok "make W=1 C=1 for $kver"
else
	t_fail "make W=1 C=1 for $kver" "$(grep -E 'error|Error' "$d/build.log" | head -20)"
fi
warn=$(grep -E '(warning|error):' "$d/build.log" | sed "s|$d/||")
t_eq "no compiler or sparse warnings" "" "$warn"
for m in kvmfr acpi_battery_ssdt vfio_d3cold; do
	t_check "$m.ko built" test -f "$d/$m/$m.ko"
done
if [ -f "$d/vfio_d3cold/vfio_d3cold.ko" ]; then
	KO=$d/vfio_d3cold/vfio_d3cold.ko KVER=$kver . "$GPUPASS_SRC/tests/lib/vfio-d3cold-alias.sh"
fi

# For packagers without DKMS: kbuild's modules_install into a staging root.
if make -C "$d" KVER="$kver" W=1 C=1 INSTALL_MOD_PATH="$d/stage" modules_install >"$d/mi.log" 2>&1; then
	t_check "make modules_install INSTALL_MOD_PATH=: all modules in updates/gpupass" \
		sh -c "find '$d/stage/lib/modules/$kver/updates/gpupass/' -name '*.ko' -printf '%f\n' | sort | tr '\n' ' ' |
			grep -qx 'acpi_battery_ssdt.ko kvmfr.ko vfio_d3cold.ko '"
else
	t_fail "make modules_install INSTALL_MOD_PATH=" "$(tail -20 "$d/mi.log")"
fi

if out=$("$GPUPASS_SRC/scripts/lint.sh" 2>&1); then
	t_ok "checkpatch --strict clean"
else
	t_fail "checkpatch --strict clean" "$out"
fi
