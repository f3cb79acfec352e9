// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: user mappings of devices and of their dma-bufs.
 *
 * Every mapping is bounded by its VMA (VM_DONTEXPAND: mremap cannot grow
 * it) and every fault is bounds-checked again; the backend fills it
 * (struct kvmfr_backend_ops.mmap).
 */
#include <linux/mm.h>

#include "compat.h"
#include "kvmfr.h"

/**
 * kvmfr_mmap_range() - set up a user mapping of (part of) a device
 * @range: the device slice the VMA's offset is relative to
 * @vma:   the new VMA, already checked to be a shared mapping
 * @node:  the VMA's offsets are device offsets (the device node), so a
 *         backend may map with PMDs; a dma-buf's need not be 2 MiB aligned
 *
 * The VMA pins its file, which pins the device; no reference is taken
 * here.
 *
 * Return: 0 or a negative errno (-EINVAL when out of range, -ENODEV once
 * the device is removed).
 */
int kvmfr_mmap_range(struct kvmfr_range *range, struct vm_area_struct *vma,
		     bool node)
{
	struct kvmfr_dev *kdev = range->kdev;

	if (!kvmfr_vma_valid(range->npages, vma->vm_pgoff,
			     vma->vm_end - vma->vm_start))
		return -EINVAL;
	if (READ_ONCE(kdev->dead))
		return -ENODEV;

	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_private_data = range;
	return kdev->ops->mmap(range, vma, node);
}
