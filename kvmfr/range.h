/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmfr: pure logic shared by the driver and its KUnit tests (no device,
 * no module state), so every check here is unit-tested in isolation.
 */
#ifndef KVMFR_RANGE_H
#define KVMFR_RANGE_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/types.h>

/* Upstream's limit; the minor numbers 0..9 are part of users' setups. */
#define KVMFR_MAX_DEVICES	10

/**
 * kvmfr_static_bytes() - validate one static_size_mb entry
 * @mb:       the entry, in MiB
 * @ram_mb:   memory the machine has, in MiB
 * @bytes:    out: the size in bytes
 *
 * The parameter is an int array (ABI), so the product is computed in 64
 * bits: upstream multiplied in int and overflowed at 2048.
 *
 * Return: 0, -EINVAL for 0 or negative entries, -ENOMEM for entries the
 * machine could never back.
 */
static inline int kvmfr_static_bytes(int mb, u64 ram_mb, u64 *bytes)
{
	if (mb <= 0)
		return -EINVAL;
	if ((u64)mb >= ram_mb)
		return -ENOMEM;
	*bytes = (u64)mb << 20;
	return 0;
}

/**
 * kvmfr_range_valid() - check a user-supplied range of a device
 * @devsize: device size in bytes (page aligned)
 * @offset:  start of the range
 * @size:    length of the range
 *
 * Return: true if the range is page aligned, not empty and inside the
 * device, without wrapping around.
 */
static inline bool kvmfr_range_valid(u64 devsize, u64 offset, u64 size)
{
	if (!size || !PAGE_ALIGNED(offset) || !PAGE_ALIGNED(size))
		return false;
	return offset <= devsize && size <= devsize - offset;
}

/**
 * kvmfr_vma_valid() - check an mmap request against a range
 * @npages: pages in the range that is being mapped
 * @pgoff:  vma->vm_pgoff
 * @len:    vma length in bytes
 *
 * Return: true if [pgoff, pgoff + len) lies within @npages pages; done in
 * pages so a huge vm_pgoff cannot overflow a shift.
 */
static inline bool kvmfr_vma_valid(u64 npages, u64 pgoff, u64 len)
{
	u64 pages = len >> PAGE_SHIFT;

	return pages && pgoff <= npages && pages <= npages - pgoff;
}

/**
 * kvmfr_fault_index() - bounds-check a fault
 * @first:  first device page of the mapped range
 * @npages: pages in the mapped range
 * @pgoff:  faulting page, relative to the start of the range
 * @index:  out: device page to map
 *
 * Return: true if @pgoff lies inside the range.  Every fault handler calls
 * this; the original's PCI handler did not and mapped whatever followed
 * the BAR once the VMA had been grown with mremap.
 */
static inline bool kvmfr_fault_index(u64 first, u64 npages, u64 pgoff,
				     u64 *index)
{
	if (pgoff >= npages)
		return false;
	*index = first + pgoff;
	return true;
}

typedef unsigned long (*kvmfr_pfn_fn)(const void *ctx, u64 index);

/**
 * kvmfr_run_pages() - length of a physically contiguous run
 * @pfn:       returns the pfn of a device page
 * @ctx:       passed to @pfn
 * @start:     first device page of the run
 * @end:       first device page after the range
 * @max_pages: longest run wanted (scatterlist segment limit), >= 1
 *
 * Return: number of pages from @start that are physically contiguous,
 * at most @max_pages and at most @end - @start.
 */
static inline u64 kvmfr_run_pages(kvmfr_pfn_fn pfn, const void *ctx,
				  u64 start, u64 end, u64 max_pages)
{
	unsigned long first = pfn(ctx, start);
	u64 n = 1;

	while (start + n < end && n < max_pages &&
	       pfn(ctx, start + n) == first + n)
		n++;
	return n;
}

/**
 * kvmfr_count_runs() - scatterlist entries needed for a range
 * @pfn:       returns the pfn of a device page
 * @ctx:       passed to @pfn
 * @start:     first device page
 * @end:       first device page after the range
 * @max_pages: longest segment, in pages
 *
 * Return: the number of entries kvmfr_run_pages() splits the range into.
 */
static inline u64 kvmfr_count_runs(kvmfr_pfn_fn pfn, const void *ctx,
				   u64 start, u64 end, u64 max_pages)
{
	u64 runs = 0;

	while (start < end) {
		start += kvmfr_run_pages(pfn, ctx, start, end, max_pages);
		runs++;
	}
	return runs;
}

#endif /* KVMFR_RANGE_H */
