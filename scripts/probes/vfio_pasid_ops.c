// SPDX-License-Identifier: GPL-2.0
/* 6.15+: PASID attach/detach callbacks in vfio_device_ops. */
#include <linux/vfio.h>

const struct vfio_device_ops probe_ops = {
	.pasid_attach_ioas	= vfio_iommufd_physical_pasid_attach_ioas,
	.pasid_detach_ioas	= vfio_iommufd_physical_pasid_detach_ioas,
};
