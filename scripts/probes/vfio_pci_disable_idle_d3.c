// SPDX-License-Identifier: GPL-2.0
/* "vfio/pci: Latch disable_idle_d3 per device" (stable, 2026): the bit. */
#include <linux/vfio_pci_core.h>

int probe(struct vfio_pci_core_device *vdev);
int probe(struct vfio_pci_core_device *vdev)
{
	return vdev->disable_idle_d3;
}
