// SPDX-License-Identifier: GPL-2.0
/*
 * 7.x: VFIO_DEVICE_FEATURE_DMA_BUF exports a BAR slice as a dma-buf; the
 * core asks the driver for the slice's physical ranges through
 * vdev->pci_ops->get_dmabuf_phys, which vfio-pci points at
 * vfio_pci_core_get_dmabuf_phys() in its probe.
 */
#include <linux/vfio_pci_core.h>

int probe(struct vfio_pci_core_device *vdev);
int probe(struct vfio_pci_core_device *vdev)
{
	static const struct vfio_pci_device_ops ops = {
		.get_dmabuf_phys = vfio_pci_core_get_dmabuf_phys,
	};

	vdev->pci_ops = &ops;
	return 0;
}
