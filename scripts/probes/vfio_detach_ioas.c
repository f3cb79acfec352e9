// SPDX-License-Identifier: GPL-2.0
/* 6.6+: vfio_device_ops.detach_ioas (vfio_iommufd_physical_detach_ioas). */
#include <linux/vfio.h>

const struct vfio_device_ops probe_ops = {
	.detach_ioas	= vfio_iommufd_physical_detach_ioas,
};
