// SPDX-License-Identifier: GPL-2.0
/*
 * ~6.19+: VFIO_DEVICE_GET_REGION_INFO moved into vfio_main and needs
 * ops->get_region_info_caps (mandatory: without it the ioctl is -EINVAL).
 */
#include <linux/vfio_pci_core.h>

const struct vfio_device_ops probe_ops = {
	.get_region_info_caps	= vfio_pci_ioctl_get_region_info,
};
