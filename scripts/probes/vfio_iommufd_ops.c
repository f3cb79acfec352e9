// SPDX-License-Identifier: GPL-2.0
/* 6.2+: vfio_device_ops has the iommufd callbacks (vfio_iommufd_physical_*). */
#include <linux/vfio.h>

const struct vfio_device_ops probe_ops = {
	.bind_iommufd	= vfio_iommufd_physical_bind,
	.unbind_iommufd	= vfio_iommufd_physical_unbind,
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
};
