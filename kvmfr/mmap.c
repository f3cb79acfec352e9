// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: user mappings of devices and of their dma-bufs.
 *
 * Every mapping is bounded by its VMA (VM_DONTEXPAND: mremap cannot grow
 * it) and every fault is bounds-checked again.  Three ways to fill them:
 *
 * - static device node: the fault handler returns the pinned page and
 *   the core maps it, with one PMD for a whole 2 MiB folio when the VMA
 *   is aligned (the device offset equals the tmpfs offset, so the folio
 *   is where the core expects it);
 * - static dma-bufs: the handler inserts 4 KiB PTEs itself (a dma-buf's
 *   offset need not be 2 MiB aligned, so it must never be PMD-mapped
 *   through the core);
 * - PCI (device node and dma-bufs, with or without ZONE_DEVICE): PFN
 *   mappings (VM_PFNMAP) filled at fault time under the device lock.
 *   GUP refuses them, so nothing (O_DIRECT, io_uring fixed buffers,
 *   RDMA) can pin BAR pages that memunmap_pages() would free after an
 *   unbind without waiting; and a fault cannot race removal, unlike a
 *   remap_pfn_range() in ->mmap, which fills the page tables before the
 *   VMA is on the mapping's tree where removal looks for it.
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>

#include "compat.h"
#include "kvmfr.h"

static vm_fault_t kvmfr_fault_page(struct vm_fault *vmf)
{
	struct kvmfr_range *range = vmf->vma->vm_private_data;
	struct kvmfr_dev *kdev = range->kdev;
	u64 index;

	if (!kvmfr_fault_index(range->first, range->npages, vmf->pgoff,
			       &index))
		return VM_FAULT_SIGBUS;

	vmf->page = kdev->pages[index];
	get_page(vmf->page);
	return 0;
}

static vm_fault_t kvmfr_fault_insert(struct vm_fault *vmf)
{
	struct kvmfr_range *range = vmf->vma->vm_private_data;
	struct kvmfr_dev *kdev = range->kdev;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	u64 index;
	int err;

	if (!kvmfr_fault_index(range->first, range->npages, vmf->pgoff,
			       &index))
		return VM_FAULT_SIGBUS;

	down_read(&kdev->lock);
	if (!kdev->dead) {
		err = vm_insert_page(vmf->vma, vmf->address,
				     kvmfr_page(kdev, index));
		/* -EBUSY: a concurrent fault mapped it already. */
		ret = (!err || err == -EBUSY) ? VM_FAULT_NOPAGE :
						vmf_error(err);
	}
	up_read(&kdev->lock);
	return ret;
}

static vm_fault_t kvmfr_fault_pfn(struct vm_fault *vmf)
{
	struct kvmfr_range *range = vmf->vma->vm_private_data;
	struct kvmfr_dev *kdev = range->kdev;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	u64 index;

	if (!kvmfr_fault_index(range->first, range->npages, vmf->pgoff,
			       &index))
		return VM_FAULT_SIGBUS;

	/*
	 * Removal sets @dead under the write side and then zaps: a PFN is
	 * either inserted before, and zapped, or never.
	 */
	down_read(&kdev->lock);
	if (!kdev->dead)
		ret = vmf_insert_pfn(vmf->vma, vmf->address,
				     PHYS_PFN(kdev->phys) + index);
	up_read(&kdev->lock);
	return ret;
}

static const struct vm_operations_struct kvmfr_vm_page_ops = {
	.fault = kvmfr_fault_page,
};

static const struct vm_operations_struct kvmfr_vm_insert_ops = {
	.fault = kvmfr_fault_insert,
};

static const struct vm_operations_struct kvmfr_vm_pfn_ops = {
	.fault = kvmfr_fault_pfn,
};

/**
 * kvmfr_mmap_range() - set up a user mapping of (part of) a device
 * @range: the device slice the VMA's offset is relative to
 * @vma:   the new VMA, already checked to be a shared mapping
 * @huge:  the VMA's offsets are device offsets (the device node), so the
 *         core may map static memory with PMDs
 *
 * The VMA pins its file, which pins the device; no reference is taken
 * here.
 *
 * Return: 0 or a negative errno (-EINVAL when out of range).
 */
int kvmfr_mmap_range(struct kvmfr_range *range, struct vm_area_struct *vma,
		     bool huge)
{
	struct kvmfr_dev *kdev = range->kdev;

	if (!kvmfr_vma_valid(range->npages, vma->vm_pgoff,
			     vma->vm_end - vma->vm_start))
		return -EINVAL;
	if (READ_ONCE(kdev->dead))
		return -ENODEV;

	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_private_data = range;

	if (kdev->type == KVMFR_PCI) {
		/*
		 * IVSHMEM memory is shared with the host: never encrypted.
		 * The cache mode (write-back) comes from the memtype that
		 * memremap_pages() or memremap() reserved for BAR2.
		 */
		vma->vm_page_prot = pgprot_decrypted(vma->vm_page_prot);
		vm_flags_set(vma, VM_PFNMAP);
		vma->vm_ops = &kvmfr_vm_pfn_ops;
		return 0;
	}

	if (huge && kdev->type == KVMFR_STATIC) {
		vma->vm_ops = &kvmfr_vm_page_ops;
	} else {
		/* vm_insert_page() at fault time needs this set up front. */
		vm_flags_set(vma, VM_MIXEDMAP);
		vma->vm_ops = &kvmfr_vm_insert_ops;
	}
	return 0;
}
