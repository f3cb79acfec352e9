// SPDX-License-Identifier: GPL-2.0
/* 6.1: vfio_alloc_device() and the vfio_pci_core_device embedded API. */
#include <linux/vfio_pci_core.h>

struct probe_dev {
	struct vfio_pci_core_device core;
};

static __maybe_unused struct probe_dev *
probe(struct device *dev, const struct vfio_device_ops *ops)
{
	return vfio_alloc_device(probe_dev, core.vdev, dev, ops);
}
