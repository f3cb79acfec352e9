/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_d3cold: kernel API differences, decided by the build-time feature probes
 * in scripts/probes/ (results in the generated gpupass_probes.h).  The
 * only place this module looks at kernel differences; never test
 * LINUX_VERSION_CODE.
 */
#ifndef VFIO_D3COLD_COMPAT_H
#define VFIO_D3COLD_COMPAT_H

#include <linux/vfio_pci_core.h>

#include "gpupass_probes.h"

/*
 * vfio_device_ops members a vfio-pci-core variant driver must fill in on
 * newer kernels, in vfio_pci.c's order: iommufd (6.2+, mandatory with
 * CONFIG_IOMMUFD), detach_ioas (6.6+), PASID (6.15+), VF token matching
 * and region info (7.x; without get_region_info_caps the ioctl fails).
 */
#ifdef HAVE_VFIO_IOMMUFD_OPS
#define GPUPASS_VFIO_OPS_IOMMUFD					\
	.bind_iommufd	= vfio_iommufd_physical_bind,			\
	.unbind_iommufd	= vfio_iommufd_physical_unbind,			\
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
#else
#define GPUPASS_VFIO_OPS_IOMMUFD
#endif
#ifdef HAVE_VFIO_DETACH_IOAS
#define GPUPASS_VFIO_OPS_DETACH .detach_ioas = vfio_iommufd_physical_detach_ioas,
#else
#define GPUPASS_VFIO_OPS_DETACH
#endif
#ifdef HAVE_VFIO_PASID_OPS
#define GPUPASS_VFIO_OPS_PASID						\
	.pasid_attach_ioas = vfio_iommufd_physical_pasid_attach_ioas,	\
	.pasid_detach_ioas = vfio_iommufd_physical_pasid_detach_ioas,
#else
#define GPUPASS_VFIO_OPS_PASID
#endif
#ifdef HAVE_VFIO_MATCH_TOKEN_UUID
#define GPUPASS_VFIO_OPS_TOKEN .match_token_uuid = vfio_pci_core_match_token_uuid,
#else
#define GPUPASS_VFIO_OPS_TOKEN
#endif
#ifdef HAVE_VFIO_GET_REGION_INFO_CAPS
#define GPUPASS_VFIO_OPS_REGION .get_region_info_caps = vfio_pci_ioctl_get_region_info,
#else
#define GPUPASS_VFIO_OPS_REGION
#endif

/*
 * disable_idle_d3 per device: where the per-device bit exists, 6.1..7.1
 * copy the core's global into it inside vfio_pci_core_init_dev() (so a
 * driver overrides it afterwards), 7.2 leaves it to the driver (set it
 * before).  Without the bit the core's global applies and we cannot help.
 */
#ifdef HAVE_VFIO_PCI_DISABLE_IDLE_D3
#define gpupass_vfio_disable_idle_d3(vdev) ((vdev)->disable_idle_d3)
#ifdef HAVE_VFIO_PCI_CORE_SET_PARAMS
#define gpupass_vfio_idle_d3_before_init(vdev, v) do { } while (0)
#define gpupass_vfio_idle_d3_after_init(vdev, v) ((vdev)->disable_idle_d3 = (v))
#else
#define gpupass_vfio_idle_d3_before_init(vdev, v) ((vdev)->disable_idle_d3 = (v))
#define gpupass_vfio_idle_d3_after_init(vdev, v) do { } while (0)
#endif
#else
#define gpupass_vfio_disable_idle_d3(vdev) false
#define gpupass_vfio_idle_d3_before_init(vdev, v) do { } while (0)
#define gpupass_vfio_idle_d3_after_init(vdev, v) do { } while (0)
#endif

/*
 * 7.x: VFIO_DEVICE_FEATURE_DMA_BUF fails with -EOPNOTSUPP unless the driver
 * sets pci_ops as vfio-pci's probe does (get_dmabuf_phys: the core's
 * own BAR lookup).  Set before vfio_pci_core_register_device().
 */
#ifdef HAVE_VFIO_PCI_DEVICE_OPS_DMABUF
static inline void gpupass_vfio_set_pci_ops(struct vfio_pci_core_device *vdev)
{
	static const struct vfio_pci_device_ops ops = {
		.get_dmabuf_phys = vfio_pci_core_get_dmabuf_phys,
	};

	vdev->pci_ops = &ops;
}
#else
static inline void gpupass_vfio_set_pci_ops(struct vfio_pci_core_device *vdev)
{
}
#endif

/*
 * Is the device in user-requested runtime low power?  The core's own
 * answer is pm_runtime_engaged under memory_lock (cc2742fe3660, v6.1); it
 * is private and its type changed within 6.12.y, so a probe decides.
 * Without it, pm.c tracks the LOW_POWER features it forwards itself
 * (vd3->user_lp): exact for ENTRY/EXIT and close, but an
 * ENTRY_WITH_WAKEUP the core ends on its own at a wake (453e6c98fd2b)
 * then counts as engaged until the user's EXIT or close.
 */
#ifdef HAVE_VFIO_PCI_PM_RUNTIME_ENGAGED
#define GPUPASS_VFIO_HAVE_LP_ENGAGED 1
static inline bool gpupass_vfio_lp_engaged(struct vfio_pci_core_device *vdev)
{
	bool engaged;

	down_read(&vdev->memory_lock);
	engaged = vdev->pm_runtime_engaged;
	up_read(&vdev->memory_lock);
	return engaged;
}
#else
#define GPUPASS_VFIO_HAVE_LP_ENGAGED 0
static inline bool gpupass_vfio_lp_engaged(struct vfio_pci_core_device *vdev)
{
	return false;
}
#endif

/*
 * Call @fn for every device of ours in @vdev's device set (the devices a
 * hot reset resets together), under the set's lock as vfio-pci-core's
 * own hot reset walks it.  Without the probe only @vdev itself.
 */
#ifdef HAVE_VFIO_DEVICE_SET_LIST
static inline void gpupass_vfio_set_apply(struct vfio_device *vdev,
					  const struct vfio_device_ops *ops,
					  void (*fn)(struct vfio_device *cur))
{
	struct vfio_device_set *dev_set = vdev->dev_set;
	struct vfio_device *cur;

	mutex_lock(&dev_set->lock);
	list_for_each_entry(cur, &dev_set->device_list, dev_set_list)
		if (cur->ops == ops)
			fn(cur);
	mutex_unlock(&dev_set->lock);
}
#else
static inline void gpupass_vfio_set_apply(struct vfio_device *vdev,
					  const struct vfio_device_ops *ops,
					  void (*fn)(struct vfio_device *cur))
{
	fn(vdev);
}
#endif

#endif /* VFIO_D3COLD_COMPAT_H */
