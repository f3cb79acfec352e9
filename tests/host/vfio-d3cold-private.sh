#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vfio_d3cold reads no private field of vfio-pci-core's struct
# vfio_pci_core_device outside compat.h, and compat.h reads each one only
# under the feature probe for it (struct layouts change within a stable
# series: sriov_active is gone in 6.12.95).  The embedded vfio_device
# (core.vdev) is the API itself.
set -uo pipefail
. "$GPUPASS_SRC/tests/lib/host.sh"

cd "$GPUPASS_SRC/vfio_d3cold" || exit 1
bad=$(grep -nE '\b(core\.|core->|vdev->)[a-z_]+' ./*.c ./*.h | grep -v compat.h |
	grep -vE '\b(core\.|vdev->)vdev\b' || true)
if [ -z "$bad" ]; then t_ok "no vfio_pci_core_device field read outside compat.h"; else
	t_fail "no vfio_pci_core_device field read outside compat.h" "$bad"
fi

# In compat.h, every "(vdev)->x" / "vdev->x" sits between #ifdef HAVE_... and
# its #else/#endif.
bad=$(awk '
	/^#ifdef HAVE_/ { depth++; inhave[depth] = 1; next }
	/^#if/ { depth++; inhave[depth] = 0; next }
	/^#else/ { inhave[depth] = 0; next }
	/^#endif/ { depth--; next }
	/vdev\)?->[a-z_]+/ {
		ok = 0
		for (i = 1; i <= depth; i++) if (inhave[i]) ok = 1
		if (!ok) print FILENAME ":" FNR ": " $0
	}' compat.h)
if [ -z "$bad" ]; then t_ok "compat.h reads private fields only under a probe"; else
	t_fail "compat.h reads private fields only under a probe" "$bad"
fi
