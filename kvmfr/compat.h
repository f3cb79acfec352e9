/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmfr: kernel API differences, decided by the build-time feature probes
 * in scripts/probes/ (results in the generated gpupass_probes.h).  The
 * only place this module looks at kernel differences; never test
 * LINUX_VERSION_CODE.
 */
#ifndef KVMFR_COMPAT_H
#define KVMFR_COMPAT_H

#include <linux/mm.h>
#include <linux/device.h>
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

#ifdef HAVE_CLASS_REGISTER_CONST
#define gpupass_class_const const
#else
#define gpupass_class_const
#endif

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

/*
 * Is this a confidential guest whose private memory is encrypted (SEV,
 * TDX)?  Before cc_platform_has() (5.16) only SME/SEV existed, and
 * mem_encrypt_active() said so.
 */
#ifdef HAVE_CC_PLATFORM_HAS
#include <linux/cc_platform.h>
static inline bool gpupass_guest_mem_encrypted(void)
{
	return cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT);
}
#else
#include <linux/mem_encrypt.h>
static inline bool gpupass_guest_mem_encrypted(void)
{
	return mem_encrypt_active();
}
#endif

#endif /* KVMFR_COMPAT_H */
