// SPDX-License-Identifier: GPL-2.0
/*
 * cc2742fe3660 ("vfio/pci: Implement VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY/EXIT",
 * v6.1): pm_runtime_engaged, written under memory_lock.  Its type changed
 * within 6.12.y (a bool in trixie's 6.12.11x, a bitfield in 6.12.95), so
 * probe the member and the lock together, not a version.
 */
#include <linux/vfio_pci_core.h>

int probe(struct vfio_pci_core_device *vdev);
int probe(struct vfio_pci_core_device *vdev)
{
	bool engaged;

	down_read(&vdev->memory_lock);
	engaged = vdev->pm_runtime_engaged;
	up_read(&vdev->memory_lock);
	return engaged;
}
