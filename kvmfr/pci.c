// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: guest mode, BAR2 of an IVSHMEM device (plain or doorbell) as
 * /dev/kvmfrN.
 *
 * BAR2 gets ZONE_DEVICE struct pages with a write-back direct mapping, so
 * it can be mapped like RAM and exported as a dma-buf.  Where that is not
 * possible (no CONFIG_ZONE_DEVICE, BAR beyond the hot-pluggable range, or
 * pci_zone_device=0) the device still works through bounded write-back
 * PFN mappings, without dma-buf support.
 *
 * The device is not managed (devm): its memory must outlive the binding
 * while files, mappings or dma-bufs still use it, so everything acquired
 * at probe is released by the last reference (kvmfr_pci_release()).
 */
#include <linux/io.h>
#include <linux/memremap.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "compat.h"
#include "kvmfr.h"
#include "../include/uapi/kvmfr.h"

/**
 * struct kvmfr_pci - a PCI (IVSHMEM) device
 * @core:        the core device
 * @pdev:        the PCI device (referenced)
 * @regions:     enabled, regions requested (undone by the last put)
 * @pgmap:       ZONE_DEVICE struct pages for BAR2
 * @zone_device: @pgmap is active (else: PFN mappings only, no dma-buf)
 * @phys:        BAR2 bus address
 * @kaddr:       write-back kernel mapping of BAR2
 */
struct kvmfr_pci {
	struct kvmfr_dev core;
	struct pci_dev *pdev;
	bool regions;
	struct dev_pagemap pgmap;
	bool zone_device;
	phys_addr_t phys;
	void *kaddr;
};

static struct kvmfr_pci *to_pci(const struct kvmfr_dev *kdev)
{
	return container_of(kdev, struct kvmfr_pci, core);
}

static bool pci_zone_device = true;
module_param(pci_zone_device, bool, 0444);
MODULE_PARM_DESC(pci_zone_device,
		 "Back IVSHMEM BAR2 with struct pages (needed for dma-buf); 0 forces the bounded-mapping fallback");

#define KVMFR_IVSHMEM_BAR 2

/*
 * Looking Glass treats a failing KVMFR_DMABUF_CREATE as fatal unless DMA
 * is switched off in its configuration: say how in the log.
 */
static void kvmfr_pci_no_dmabuf(struct pci_dev *pdev, const char *why)
{
	pci_info(pdev, "%s: no dma-buf support, mappings only (KVMFR_DMABUF_CREATE fails with EOPNOTSUPP: run Looking Glass with lgmp:allowDMA=no, B7: app:allowDMA=no)\n",
		 why);
}

#ifdef CONFIG_ZONE_DEVICE
static void kvmfr_pci_map_pages(struct kvmfr_pci *kdev)
{
	struct pci_dev *pdev = kdev->pdev;
	void *addr;

	kdev->pgmap.type = MEMORY_DEVICE_GENERIC;
	kdev->pgmap.range.start = kdev->phys;
	kdev->pgmap.range.end = kdev->phys + kdev->core.size - 1;
	kdev->pgmap.nr_range = 1;
	addr = memremap_pages(&kdev->pgmap, dev_to_node(&pdev->dev));
	if (!IS_ERR(addr)) {
		kdev->kaddr = addr;
		kdev->zone_device = true;
		return;
	}
	pci_warn(pdev, "no struct pages for BAR2 (%ld, BAR above the hot-pluggable range?)\n",
		 PTR_ERR(addr));
	kvmfr_pci_no_dmabuf(pdev, "no struct pages");
}
#else
static void kvmfr_pci_map_pages(struct kvmfr_pci *kdev)
{
}
#endif

static void kvmfr_pci_map(struct kvmfr_pci *kdev)
{
	struct pci_dev *pdev = kdev->pdev;

	/* Debian's arm64 kernel, for one, has no ZONE_DEVICE. */
	if (!IS_ENABLED(CONFIG_ZONE_DEVICE)) {
		kvmfr_pci_no_dmabuf(pdev, "kernel without ZONE_DEVICE");
		return;
	}
	if (!pci_zone_device) {
		kvmfr_pci_no_dmabuf(pdev, "pci_zone_device=0");
		return;
	}
	/*
	 * In an SEV or TDX guest memremap_pages() maps BAR2 into the kernel
	 * encrypted (PAGE_KERNEL carries the encryption bit), while the host
	 * writes it in the clear: vmap and CPU access of a dma-buf would
	 * read ciphertext.  User mappings are decrypted (pgprot_decrypted()),
	 * so the fallback mode stays correct.
	 */
	if (gpupass_guest_mem_encrypted()) {
		kvmfr_pci_no_dmabuf(pdev, "guest memory encryption (SEV/TDX) is active");
		return;
	}

	kvmfr_pci_map_pages(kdev);
}

/* Free what probe acquired, at the last reference. */
static void kvmfr_pci_release(struct kvmfr_dev *core)
{
	struct kvmfr_pci *kdev = to_pci(core);

#ifdef CONFIG_ZONE_DEVICE
	if (kdev->zone_device)
		memunmap_pages(&kdev->pgmap);
#endif
	if (!kdev->zone_device && kdev->kaddr)
		memunmap(kdev->kaddr);
	if (kdev->regions) {
		pci_release_regions(kdev->pdev);
		pci_disable_device(kdev->pdev);
	}
	pci_dev_put(kdev->pdev);
	kfree(kdev);
}

static int kvmfr_pci_numa_node(const struct kvmfr_dev *core)
{
	return dev_to_node(&to_pci(core)->pdev->dev);
}

static bool kvmfr_pci_has_pages(const struct kvmfr_dev *core)
{
	return to_pci(core)->zone_device;
}

static unsigned long kvmfr_pci_pfn(const struct kvmfr_dev *core, u64 index)
{
	return PHYS_PFN(to_pci(core)->phys) + index;
}

static struct page *kvmfr_pci_page(const struct kvmfr_dev *core, u64 index)
{
	return pfn_to_page(kvmfr_pci_pfn(core, index));
}

/*
 * User mappings (device node and dma-bufs, with or without ZONE_DEVICE)
 * are PFN mappings (VM_PFNMAP) filled here at fault time under the device
 * lock.  GUP refuses them, so nothing (O_DIRECT, io_uring fixed buffers,
 * vmsplice, RDMA) can pin BAR pages that memunmap_pages() would free after
 * an unbind without waiting; and a fault cannot race removal, unlike a
 * remap_pfn_range() in ->mmap, which fills the page tables before the VMA
 * is on the mapping's tree where removal looks for it.
 */
static vm_fault_t kvmfr_pci_fault(struct vm_fault *vmf)
{
	struct kvmfr_range *range = vmf->vma->vm_private_data;
	struct kvmfr_dev *core = range->kdev;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	u64 index;

	if (!kvmfr_fault_index(range->first, range->npages, vmf->pgoff,
			       &index))
		return VM_FAULT_SIGBUS;

	/*
	 * Removal sets @dead under the write side and then zaps: a PFN is
	 * either inserted before, and zapped, or never.
	 */
	down_read(&core->lock);
	if (!core->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address,
				     kvmfr_pci_pfn(core, index));
	up_read(&core->lock);
	return ret;
}

static const struct vm_operations_struct kvmfr_pci_vm_ops = {
	.fault = kvmfr_pci_fault,
};

static int kvmfr_pci_mmap(struct kvmfr_range *range,
			  struct vm_area_struct *vma, bool node)
{
	/*
	 * IVSHMEM memory is shared with the host: never encrypted.  The
	 * cache mode (write-back) comes from the memtype that
	 * memremap_pages() or memremap() reserved for BAR2.
	 */
	vma->vm_page_prot = pgprot_decrypted(vma->vm_page_prot);
	vm_flags_set(vma, VM_PFNMAP);
	vma->vm_ops = &kvmfr_pci_vm_ops;
	return 0;
}

/* BAR2 already has a write-back kernel mapping. */
static void *kvmfr_pci_vmap(struct kvmfr_dev *core, u64 first, u64 npages)
{
	return to_pci(core)->kaddr + (first << PAGE_SHIFT);
}

static void kvmfr_pci_vunmap(struct kvmfr_dev *core, void *vaddr)
{
}

static const struct kvmfr_backend_ops kvmfr_pci_ops = {
	.name = "pci",
	.info_type = KVMFR_TYPE_PCI,
	.release = kvmfr_pci_release,
	.numa_node = kvmfr_pci_numa_node,
	.has_pages = kvmfr_pci_has_pages,
	.page = kvmfr_pci_page,
	.pfn = kvmfr_pci_pfn,
	.mmap = kvmfr_pci_mmap,
	.vmap = kvmfr_pci_vmap,
	.vunmap = kvmfr_pci_vunmap,
};

static int kvmfr_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	resource_size_t start = pci_resource_start(pdev, KVMFR_IVSHMEM_BAR);
	resource_size_t size = pci_resource_len(pdev, KVMFR_IVSHMEM_BAR);
	struct kvmfr_pci *kdev;
	int ret;

	if (!size ||
	    !(pci_resource_flags(pdev, KVMFR_IVSHMEM_BAR) & IORESOURCE_MEM) ||
	    !PAGE_ALIGNED(start) || !PAGE_ALIGNED(size)) {
		pci_err(pdev, "BAR2 is not page-aligned shared memory\n");
		return -ENODEV;
	}

	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return -ENOMEM;
	ret = kvmfr_dev_init(&kdev->core, &kvmfr_pci_ops, size);
	if (ret) {
		kfree(kdev);
		return ret;
	}
	kdev->pdev = pci_dev_get(pdev);
	kdev->phys = start;

	ret = pci_enable_device(pdev);
	if (ret)
		goto err;
	ret = pci_request_regions(pdev, "kvmfr");
	if (ret) {
		pci_disable_device(pdev);
		goto err;
	}
	kdev->regions = true;

	kvmfr_pci_map(kdev);
	if (!kdev->zone_device) {
		/*
		 * Claims BAR2 as write-back, which the user PFN mappings
		 * then inherit (a plain remap_pfn_range of a BAR is UC-).
		 */
		kdev->kaddr = memremap(start, size, MEMREMAP_WB);
		if (!kdev->kaddr) {
			ret = -ENOMEM;
			goto err;
		}
	}

	pci_set_drvdata(pdev, kdev);
	ret = kvmfr_dev_publish(&kdev->core, &pdev->dev);
	if (ret)
		goto err;
	return 0;

err:
	pci_set_drvdata(pdev, NULL);
	kvmfr_dev_kill(&kdev->core);	/* the last put frees it */
	return ret;
}

static void kvmfr_pci_remove(struct pci_dev *pdev)
{
	struct kvmfr_pci *kdev = pci_get_drvdata(pdev);

	kvmfr_dev_kill(&kdev->core);
	pci_set_drvdata(pdev, NULL);
}

/* ivshmem-plain and ivshmem-doorbell share the ID; BAR2 is what we use. */
static const struct pci_device_id kvmfr_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1110) },
	{ }
};
MODULE_DEVICE_TABLE(pci, kvmfr_pci_ids);

static struct pci_driver kvmfr_pci_driver = {
	.name = "kvmfr",
	.id_table = kvmfr_pci_ids,
	.probe = kvmfr_pci_probe,
	.remove = kvmfr_pci_remove,
};

/**
 * kvmfr_pci_init() - register the PCI driver
 *
 * Return: 0 or a negative errno.
 */
int kvmfr_pci_init(void)
{
	return pci_register_driver(&kvmfr_pci_driver);
}

/**
 * kvmfr_pci_exit() - unregister the PCI driver, removing its devices
 */
void kvmfr_pci_exit(void)
{
	pci_unregister_driver(&kvmfr_pci_driver);
}
