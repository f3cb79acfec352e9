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
 * - anything that can be removed (PCI) and every dma-buf: the handler
 *   inserts 4 KiB PTEs itself under the device lock, so removal cannot
 *   race with a fault (a dma-buf's offset need not be 2 MiB aligned, so it
 *   must never be PMD-mapped through the core);
 * - PCI without ZONE_DEVICE: a PFN mapping of the bounded range at mmap
 *   time; faults only happen once it was zapped, and get SIGBUS.
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
	if (!kdev->dead && kvmfr_has_pages(kdev)) {
		err = vm_insert_page(vmf->vma, vmf->address,
				     kvmfr_page(kdev, index));
		/* -EBUSY: a concurrent fault mapped it already. */
		ret = (!err || err == -EBUSY) ? VM_FAULT_NOPAGE :
						vmf_error(err);
	}
	up_read(&kdev->lock);
	return ret;
}

static vm_fault_t kvmfr_fault_sigbus(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct kvmfr_vm_page_ops = {
	.fault = kvmfr_fault_page,
};

static const struct vm_operations_struct kvmfr_vm_insert_ops = {
	.fault = kvmfr_fault_insert,
};

static const struct vm_operations_struct kvmfr_vm_pfn_ops = {
	.fault = kvmfr_fault_sigbus,
};

static int kvmfr_mmap_pfn(struct kvmfr_range *range,
			  struct vm_area_struct *vma)
{
	struct kvmfr_dev *kdev = range->kdev;
	unsigned long pfn = PHYS_PFN(kdev->phys) + range->first + vma->vm_pgoff;
	int ret = -ENODEV;

	vma->vm_ops = &kvmfr_vm_pfn_ops;
	down_read(&kdev->lock);
	if (!kdev->dead)
		ret = remap_pfn_range(vma, vma->vm_start, pfn,
				      vma->vm_end - vma->vm_start,
				      vma->vm_page_prot);
	up_read(&kdev->lock);
	return ret;
}

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
		/* IVSHMEM memory is shared with the host: never encrypted. */
		vma->vm_page_prot = pgprot_decrypted(vma->vm_page_prot);
		if (!kdev->zone_device)
			return kvmfr_mmap_pfn(range, vma);
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
