/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences, decided by the build-time feature probes in
 * scripts/probes/ (results in the generated gpupass_probes.h).  This is the
 * only place the modules look at kernel differences; never test
 * LINUX_VERSION_CODE.
 */
#ifndef GPUPASS_COMPAT_H
#define GPUPASS_COMPAT_H

#include <linux/mm.h>
#include <linux/device.h>
#include <linux/sysfs.h>
#include "gpupass_probes.h"

/*
 * MODULE_IMPORT_NS() takes a token before 6.13 and a string after; the
 * underlying modinfo tag is the same string on every kernel.
 */
#define GPUPASS_IMPORT_NS(ns) MODULE_INFO(import_ns, ns)

#ifndef HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#ifdef HAVE_CLASS_DEVNODE_CONST
#define gpupass_devnode_dev const struct device
#else
#define gpupass_devnode_dev struct device
#endif

#ifdef HAVE_CLASS_REGISTER_CONST
#define gpupass_class_const const
#else
#define gpupass_class_const
#endif

/* ---- acpi_battery_ssdt: sysfs bin_attribute callbacks ---- */

/*
 * Three eras: .read with a non-const attribute (up to 6.12); .read_new
 * with a const one beside the old .read (6.13 on); .read with a const one
 * after .read_new was folded back (7.x).  Prefer .read_new where it exists.
 */
#if defined(HAVE_BIN_ATTR_READ_NEW)
#define gpupass_bin_attr const struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read_new = (fn)
#elif defined(HAVE_BIN_ATTR_READ_CONST)
#define gpupass_bin_attr const struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read = (fn)
#else
#define gpupass_bin_attr struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read = (fn)
#endif

/* ---- end acpi_battery_ssdt ---- */

/* ---- vfio_d3cold (issue #6): vfio-pci-core variant-driver API ---- */

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

/* eventfd_signal() lost its count argument in 6.8. */
#ifdef HAVE_EVENTFD_SIGNAL_ONE_ARG
#define gpupass_eventfd_signal(ctx) eventfd_signal(ctx)
#else
#define gpupass_eventfd_signal(ctx) eventfd_signal((ctx), 1)
#endif

/* ---- end vfio_d3cold ---- */

/* ---- kvmfr (issue #4) ---- */

/*
 * dma_buf_ops.vmap/.vunmap in three forms: returning the address (5.10),
 * filling a struct dma_buf_map (5.11 .. 5.17) or a struct iosys_map
 * (5.18 on).  GPUPASS_DEFINE_DMA_BUF_VMAP(p, get, put) defines p_vmap()
 * and p_vunmap() in this kernel's form around
 *   int get(struct dma_buf *, void **vaddr) and void put(struct dma_buf *).
 */
#if defined(HAVE_DMA_BUF_VMAP_IOSYS_MAP)
#include <linux/iosys-map.h>
#define gpupass_dma_buf_map iosys_map
#define gpupass_dma_buf_map_set_vaddr iosys_map_set_vaddr
#elif defined(HAVE_DMA_BUF_VMAP_DMA_BUF_MAP)
#include <linux/dma-buf-map.h>
#define gpupass_dma_buf_map dma_buf_map
#define gpupass_dma_buf_map_set_vaddr dma_buf_map_set_vaddr
#endif

#ifdef gpupass_dma_buf_map
#define GPUPASS_DEFINE_DMA_BUF_VMAP(p, get, put)			\
static int p##_vmap(struct dma_buf *dmabuf,				\
		    struct gpupass_dma_buf_map *map)			\
{									\
	void *vaddr;							\
	int ret = get(dmabuf, &vaddr);					\
									\
	if (!ret)							\
		gpupass_dma_buf_map_set_vaddr(map, vaddr);		\
	return ret;							\
}									\
static void p##_vunmap(struct dma_buf *dmabuf,				\
		       struct gpupass_dma_buf_map *map)			\
{									\
	put(dmabuf);							\
}
#else
#define GPUPASS_DEFINE_DMA_BUF_VMAP(p, get, put)			\
static void *p##_vmap(struct dma_buf *dmabuf)				\
{									\
	void *vaddr;							\
									\
	return get(dmabuf, &vaddr) ? NULL : vaddr;			\
}									\
static void p##_vunmap(struct dma_buf *dmabuf, void *vaddr)		\
{									\
	put(dmabuf);							\
}
#endif

/* Ask the dma-buf core to cache attachment mappings where it still can. */
#ifdef HAVE_DMA_BUF_CACHE_SGT_MAPPING
#define GPUPASS_DMA_BUF_CACHE_SGT .cache_sgt_mapping = true,
#else
#define GPUPASS_DMA_BUF_CACHE_SGT
#endif

/*
 * shmem_file_setup*() flags: unsigned long VM_* flags until 7.x, a
 * vma_flags_t bitmap after.  kvmfr only ever passes VM_NORESERVE.
 */
#ifdef HAVE_SHMEM_SETUP_VMA_FLAGS
#define GPUPASS_SHMEM_NORESERVE mk_vma_flags(VMA_NORESERVE_BIT)
#else
#define GPUPASS_SHMEM_NORESERVE VM_NORESERVE
#endif

/*
 * Is this page part of a PMD-sized (2 MiB) transparent huge page?
 * PageTransHuge() is gone in 7.x; folio_test_pmd_mappable() covers the
 * folio era, PageTransHuge() on the head page the kernels before it.
 */
#ifdef HAVE_FOLIO_TEST_PMD_MAPPABLE
#include <linux/huge_mm.h>
static inline bool gpupass_page_in_pmd_thp(struct page *page)
{
	return folio_test_pmd_mappable(page_folio(page));
}
#else
#include <linux/page-flags.h>
static inline bool gpupass_page_in_pmd_thp(struct page *page)
{
	return PageTransHuge(compound_head(page));
}
#endif

/* ---- end kvmfr ---- */

#endif /* GPUPASS_COMPAT_H */
