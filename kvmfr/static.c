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
#include <linux/vmalloc.h>

#include "compat.h"
#include "kvmfr.h"
#include "../include/uapi/kvmfr.h"

/**
 * struct kvmfr_static - a static device
 * @core:   the core device
 * @shmem:  the huge tmpfs file owning the memory
 * @pages:  every page, pinned for the device's lifetime
 */
struct kvmfr_static {
	struct kvmfr_dev core;
	struct file *shmem;
	struct page **pages;
};

static struct kvmfr_static *to_static(const struct kvmfr_dev *kdev)
{
	return container_of(kdev, struct kvmfr_static, core);
}

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

/* Allocate, zero and pin the memory: -ENOMEM, or -EINTR if killed. */
static int kvmfr_static_populate(struct kvmfr_static *sdev)
{
	struct kvmfr_dev *kdev = &sdev->core;
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
	sdev->shmem = file;

	sdev->pages = kvmalloc_array(npages, sizeof(*sdev->pages),
				     GFP_KERNEL | __GFP_ZERO);
	if (!sdev->pages)
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
		sdev->pages[i] = page;
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

static void kvmfr_static_release(struct kvmfr_dev *kdev)
{
	struct kvmfr_static *sdev = to_static(kdev);
	u64 i;

	if (sdev->pages) {
		for (i = 0; i < kdev->all.npages && sdev->pages[i]; i++)
			put_page(sdev->pages[i]);
		kvfree(sdev->pages);
	}
	if (sdev->shmem)
		fput(sdev->shmem);
	kfree(sdev);
}

/* Allocated by modprobe: the memory lands on modprobe's node. */
static int kvmfr_static_numa_node(const struct kvmfr_dev *kdev)
{
	return page_to_nid(to_static(kdev)->pages[0]);
}

static bool kvmfr_static_has_pages(const struct kvmfr_dev *kdev)
{
	return true;
}

static struct page *kvmfr_static_page(const struct kvmfr_dev *kdev,
				      u64 index)
{
	return to_static(kdev)->pages[index];
}

static unsigned long kvmfr_static_pfn(const struct kvmfr_dev *kdev,
				      u64 index)
{
	return page_to_pfn(to_static(kdev)->pages[index]);
}

/*
 * The device node: return the pinned page and let the core map it, with
 * one PMD for a whole 2 MiB folio when the VMA is aligned (the device
 * offset equals the tmpfs offset, so the folio is where the core expects
 * it).
 */
static vm_fault_t kvmfr_static_fault_node(struct vm_fault *vmf)
{
	struct kvmfr_range *range = vmf->vma->vm_private_data;
	u64 index;

	if (!kvmfr_fault_index(range->first, range->npages, vmf->pgoff,
			       &index))
		return VM_FAULT_SIGBUS;

	vmf->page = to_static(range->kdev)->pages[index];
	get_page(vmf->page);
	return 0;
}

/*
 * A dma-buf: insert 4 KiB PTEs here (a dma-buf's offset need not be
 * 2 MiB aligned, so it must never be PMD-mapped through the core).
 */
static vm_fault_t kvmfr_static_fault_buf(struct vm_fault *vmf)
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
				     to_static(kdev)->pages[index]);
		/* -EBUSY: a concurrent fault mapped it already. */
		ret = (!err || err == -EBUSY) ? VM_FAULT_NOPAGE :
						vmf_error(err);
	}
	up_read(&kdev->lock);
	return ret;
}

static const struct vm_operations_struct kvmfr_static_node_vm_ops = {
	.fault = kvmfr_static_fault_node,
};

static const struct vm_operations_struct kvmfr_static_buf_vm_ops = {
	.fault = kvmfr_static_fault_buf,
};

static int kvmfr_static_mmap(struct kvmfr_range *range,
			     struct vm_area_struct *vma, bool node)
{
	if (node) {
		vma->vm_ops = &kvmfr_static_node_vm_ops;
	} else {
		/* vm_insert_page() at fault time needs this set up front. */
		vm_flags_set(vma, VM_MIXEDMAP);
		vma->vm_ops = &kvmfr_static_buf_vm_ops;
	}
	return 0;
}

static void *kvmfr_static_vmap(struct kvmfr_dev *kdev, u64 first, u64 npages)
{
	return vmap(&to_static(kdev)->pages[first], npages, VM_MAP,
		    PAGE_KERNEL);
}

static void kvmfr_static_vunmap(struct kvmfr_dev *kdev, void *vaddr)
{
	vunmap(vaddr);
}

static const struct kvmfr_backend_ops kvmfr_static_ops = {
	.name = "static",
	.info_type = KVMFR_TYPE_STATIC,
	.release = kvmfr_static_release,
	.numa_node = kvmfr_static_numa_node,
	.has_pages = kvmfr_static_has_pages,
	.page = kvmfr_static_page,
	.pfn = kvmfr_static_pfn,
	.mmap = kvmfr_static_mmap,
	.vmap = kvmfr_static_vmap,
	.vunmap = kvmfr_static_vunmap,
};

/**
 * kvmfr_static_create() - create and publish a static device
 * @size: bytes, page aligned
 *
 * Return: the device (holding the creator's reference, dropped by
 * kvmfr_dev_kill()) or an ERR_PTR: -ENOMEM, -EINTR if modprobe is killed,
 * -EBUSY when all minors are taken.
 */
struct kvmfr_dev *kvmfr_static_create(u64 size)
{
	struct kvmfr_static *sdev;
	int ret;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return ERR_PTR(-ENOMEM);
	ret = kvmfr_dev_init(&sdev->core, &kvmfr_static_ops, size);
	if (ret) {
		kfree(sdev);
		return ERR_PTR(ret);
	}
	ret = kvmfr_static_populate(sdev);
	if (!ret)
		ret = kvmfr_dev_publish(&sdev->core, NULL);
	if (ret) {
		kvmfr_dev_kill(&sdev->core);	/* the last put frees it */
		return ERR_PTR(ret);
	}
	return &sdev->core;
}
