// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: static devices, host memory given at module load.
 *
 * The memory is a file on a private tmpfs mount with huge=always, so it is
 * made of 2 MiB transparent huge pages where the allocator can provide
 * them.  Every page is looked up once and pinned for the device's life:
 * the memory is zeroed once, never swapped or migrated, and survives any
 * number of opens and closes until the module is unloaded (the Looking
 * Glass client keeps a recovery region in it).  Mappings of the device
 * return these pages from the fault handler, and the core maps a whole
 * 2 MiB folio with one PMD when the VMA is suitably aligned.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "compat.h"
#include "kvmfr.h"

static struct vfsmount *kvmfr_huge_mnt;

/**
 * kvmfr_static_init() - mount the private huge tmpfs
 *
 * Without transparent huge pages tmpfs rejects the option; static devices
 * then use 4 KiB pages from the kernel's internal shmem mount.
 *
 * Return: 0 (this cannot fail the module load).
 */
int kvmfr_static_init(void)
{
	struct file_system_type *type;
	char opts[] = "huge=always";

	type = get_fs_type("tmpfs");
	if (!type)
		return 0;
	/*
	 * tmpfs is built in, so get_fs_type() took no module reference and
	 * there is nothing to put (put_filesystem() is not exported).
	 */
	kvmfr_huge_mnt = vfs_kern_mount(type, SB_KERNMOUNT, type->name, opts);
	if (IS_ERR(kvmfr_huge_mnt)) {
		pr_info("no huge tmpfs (%ld): static devices use 4 KiB pages\n",
			PTR_ERR(kvmfr_huge_mnt));
		kvmfr_huge_mnt = NULL;
	}
	return 0;
}

/**
 * kvmfr_static_exit() - unmount the private huge tmpfs
 */
void kvmfr_static_exit(void)
{
	if (kvmfr_huge_mnt)
		kern_unmount(kvmfr_huge_mnt);
	kvmfr_huge_mnt = NULL;
}

/**
 * kvmfr_static_populate() - allocate, zero and pin a static device's memory
 * @kdev: a static device from kvmfr_dev_alloc()
 *
 * Return: 0 or a negative errno (-ENOMEM, or -EINTR if modprobe is killed).
 */
int kvmfr_static_populate(struct kvmfr_dev *kdev)
{
	u64 npages = kdev->all.npages, i;
	struct address_space *mapping;
	char name[16];
	struct file *file;
	struct page *page;

	snprintf(name, sizeof(name), "kvmfr%d", kdev->minor);
	if (kvmfr_huge_mnt)
		file = shmem_file_setup_with_mnt(kvmfr_huge_mnt, name,
						 kdev->size,
						 GPUPASS_SHMEM_NORESERVE);
	else
		file = shmem_file_setup(name, kdev->size,
					GPUPASS_SHMEM_NORESERVE);
	if (IS_ERR(file))
		return PTR_ERR(file);
	kdev->shmem = file;

	kdev->pages = kvmalloc_array(npages, sizeof(*kdev->pages),
				     GFP_KERNEL | __GFP_ZERO);
	if (!kdev->pages)
		return -ENOMEM;

	/*
	 * Pinned pages must not sit in ZONE_MOVABLE, and must not be
	 * reclaimed behind the pins (the LRU would keep trying).
	 */
	mapping = file->f_mapping;
	mapping_set_gfp_mask(mapping, mapping_gfp_mask(mapping) &
				      ~__GFP_MOVABLE);
	mapping_set_unevictable(mapping);

	for (i = 0; i < npages; i++) {
		page = shmem_read_mapping_page_gfp(mapping, i,
						   mapping_gfp_mask(mapping));
		if (IS_ERR(page))
			return PTR_ERR(page);
		kdev->pages[i] = page;
		if (gpupass_page_in_pmd_thp(page))
			kdev->huge_bytes += PAGE_SIZE;
		if (!(i % 512)) {
			if (fatal_signal_pending(current))
				return -EINTR;
			cond_resched();
		}
	}

	if (kdev->huge_bytes != kdev->size)
		pr_info("kvmfr%d: %llu of %llu MiB in 2 MiB pages, the rest in 4 KiB pages\n",
			kdev->minor, kdev->huge_bytes >> 20, kdev->size >> 20);
	return 0;
}

/**
 * kvmfr_static_release() - unpin and free a static device's memory
 * @kdev: the device, possibly only partly populated
 */
void kvmfr_static_release(struct kvmfr_dev *kdev)
{
	u64 i;

	if (kdev->pages) {
		for (i = 0; i < kdev->all.npages && kdev->pages[i]; i++)
			put_page(kdev->pages[i]);
		kvfree(kdev->pages);
	}
	if (kdev->shmem)
		fput(kdev->shmem);
}
