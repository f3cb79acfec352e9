// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr core: device lifetime, minors, the private inode every open file
 * maps through, the "kvmfr" class and its sysfs attributes
 * (Documentation/ABI/testing/sysfs-class-kvmfr).  Backends embed struct
 * kvmfr_dev and answer through struct kvmfr_backend_ops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/pseudo_fs.h>

#include "compat.h"
#include "kvmfr.h"

static int kvmfr_core_major;
static DEFINE_MUTEX(kvmfr_minor_lock);
static DEFINE_IDR(kvmfr_idr);

/*
 * A private pseudo filesystem supplies one inode per device, whose
 * address_space every open file of the device shares (filp->f_mapping);
 * unmap_mapping_range() on it then reaches every user mapping.
 */
#define KVMFR_FS_MAGIC 0x6b766d66
static struct vfsmount *kvmfr_mnt;

static int kvmfr_fs_init_fs_context(struct fs_context *fc)
{
	return init_pseudo(fc, KVMFR_FS_MAGIC) ? 0 : -ENOMEM;
}

/*
 * No .owner: the mount would pin the module for as long as it exists, and
 * it exists until module exit unmounts it.  Files of it are only reached
 * through device files, which pin the module themselves.
 */
static struct file_system_type kvmfr_fs_type = {
	.name = "kvmfr",
	.init_fs_context = kvmfr_fs_init_fs_context,
	.kill_sb = kill_anon_super,
};

static ssize_t size_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%llu\n", kdev->size);
}
static DEVICE_ATTR_RO(size);

static ssize_t type_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", kdev->ops->name);
}
static DEVICE_ATTR_RO(type);

static ssize_t huge_bytes_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%llu\n", kdev->huge_bytes);
}
static DEVICE_ATTR_RO(huge_bytes);

static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", kdev->ops->numa_node(kdev));
}
static DEVICE_ATTR_RO(numa_node);

static struct attribute *kvmfr_attrs[] = {
	&dev_attr_size.attr,
	&dev_attr_type.attr,
	&dev_attr_huge_bytes.attr,
	&dev_attr_numa_node.attr,
	NULL,
};
ATTRIBUTE_GROUPS(kvmfr);

static gpupass_class_const struct class kvmfr_class = {
	.name = "kvmfr",
	.dev_groups = kvmfr_groups,
};

/**
 * kvmfr_dev_init() - set up the core of a backend's device, reserve a minor
 * @kdev: embedded in the backend's device, zeroed
 * @ops:  the backend
 * @size: bytes, page aligned
 *
 * The device is not visible to user space until kvmfr_dev_publish().  On
 * success it holds one reference, whose last put calls @ops->release;
 * on failure the caller frees its device itself.
 *
 * Return: 0 or a negative errno.
 */
int kvmfr_dev_init(struct kvmfr_dev *kdev,
		   const struct kvmfr_backend_ops *ops, u64 size)
{
	int minor;

	kref_init(&kdev->ref);
	kdev->ops = ops;
	kdev->size = size;
	kdev->all.kdev = kdev;
	kdev->all.npages = size >> PAGE_SHIFT;
	init_rwsem(&kdev->lock);
	mutex_init(&kdev->bufs_lock);
	INIT_LIST_HEAD(&kdev->bufs);

	kdev->inode = alloc_anon_inode(kvmfr_mnt->mnt_sb);
	if (IS_ERR(kdev->inode))
		return PTR_ERR(kdev->inode);
	/*
	 * finish_fault() maps a file folio with a PMD only if it ends
	 * within i_size of the VMA's file (f_mapping->host, this inode),
	 * shmem excepted, and otherwise falls back to single PTEs: commit
	 * "mm/memory: do not populate page table entries beyond i_size"
	 * (7.x, and 6.12.y stable: Debian's 6.12.118 and 7.2.13 have it).
	 * Static folios sit at their device offset, so the device size is
	 * the right i_size.
	 */
	i_size_write(kdev->inode, size);
	/*
	 * This mapping never holds pages of its own (the faults return the
	 * device's), so its gfp mask only answers vma_migratable(): a mask
	 * below policy_zone says "cannot migrate", which device memory,
	 * pinned for its life or a BAR, never can.  task_numa_work() then
	 * skips the VMAs instead of NUMA-hinting faults that cannot migrate
	 * anything; mbind()/move_pages() skip them too.  (VM_MIXEDMAP, which
	 * also makes task_numa_work() skip a VMA, would stop zap_huge_pmd()
	 * from dropping the rmap and reference of PMD-mapped folios.)
	 */
	mapping_set_gfp_mask(kdev->inode->i_mapping, GFP_KERNEL | GFP_DMA);

	/* Reserve the minor now, so static devices get 0..n-1 in order. */
	mutex_lock(&kvmfr_minor_lock);
	minor = idr_alloc(&kvmfr_idr, NULL, 0, KVMFR_MAX_DEVICES, GFP_KERNEL);
	mutex_unlock(&kvmfr_minor_lock);
	if (minor < 0) {
		iput(kdev->inode);
		return minor == -ENOSPC ? -EBUSY : minor;
	}
	kdev->minor = minor;
	return 0;
}

/**
 * kvmfr_dev_publish() - create /dev/kvmfrN once the memory is ready
 * @kdev:   device whose memory has been set up
 * @parent: the PCI device, or NULL for static devices
 *
 * Return: 0 or a negative errno; on failure the caller still owns @kdev.
 */
int kvmfr_dev_publish(struct kvmfr_dev *kdev, struct device *parent)
{
	struct device *node;

	node = device_create(&kvmfr_class, parent,
			     MKDEV(kvmfr_core_major, kdev->minor), kdev,
			     "kvmfr%d", kdev->minor);
	if (IS_ERR(node))
		return PTR_ERR(node);

	mutex_lock(&kvmfr_minor_lock);
	kdev->node = node;
	idr_replace(&kvmfr_idr, kdev, kdev->minor);
	mutex_unlock(&kvmfr_minor_lock);
	return 0;
}

/**
 * kvmfr_dev_get() - take a reference on a device
 * @kdev: the device
 */
void kvmfr_dev_get(struct kvmfr_dev *kdev)
{
	kref_get(&kdev->ref);
}

static void kvmfr_dev_release(struct kref *ref)
{
	struct kvmfr_dev *kdev = container_of(ref, struct kvmfr_dev, ref);

	iput(kdev->inode);
	kdev->ops->release(kdev);	/* frees the backend's device */
}

/**
 * kvmfr_dev_put() - drop a reference; the last one frees the memory
 * @kdev: the device
 */
void kvmfr_dev_put(struct kvmfr_dev *kdev)
{
	kref_put(&kdev->ref, kvmfr_dev_release);
}

/**
 * kvmfr_dev_kill() - remove a device and drop its creator's reference
 * @kdev: the device, published or not
 *
 * The node disappears, no new file can reach the device, every user
 * mapping of it and of its dma-bufs is zapped and will fault with SIGBUS.
 * Kernel importers keep valid memory until they let go.
 */
void kvmfr_dev_kill(struct kvmfr_dev *kdev)
{
	if (kdev->node)
		device_destroy(&kvmfr_class, MKDEV(kvmfr_core_major, kdev->minor));

	mutex_lock(&kvmfr_minor_lock);
	idr_remove(&kvmfr_idr, kdev->minor);
	mutex_unlock(&kvmfr_minor_lock);

	/* Faults install PTEs under the read side: none can slip past. */
	down_write(&kdev->lock);
	kdev->dead = true;
	up_write(&kdev->lock);
	unmap_mapping_range(kdev->inode->i_mapping, 0, 0, 1);
	kvmfr_dmabuf_zap_all(kdev);

	kvmfr_dev_put(kdev);
}

static unsigned long kvmfr_pfn(const void *ctx, u64 index)
{
	const struct kvmfr_dev *kdev = ctx;

	return kdev->ops->pfn(kdev, index);
}

/**
 * kvmfr_run_pages_dev() - physically contiguous pages from a page on
 * @kdev:      the device
 * @start:     first page
 * @end:       first page after the range
 * @max_pages: longest run wanted
 *
 * Return: the run length, at least 1.
 */
u64 kvmfr_run_pages_dev(const struct kvmfr_dev *kdev, u64 start, u64 end,
			u64 max_pages)
{
	return kvmfr_run_pages(kvmfr_pfn, kdev, start, end, max_pages);
}

/**
 * kvmfr_segments() - physically contiguous runs in a range
 * @kdev:      the device
 * @first:     first page of the range
 * @npages:    pages in the range
 * @max_pages: longest run counted as one segment
 *
 * Return: the number of scatterlist entries a dma-buf over the range needs.
 */
u64 kvmfr_segments(const struct kvmfr_dev *kdev, u64 first, u64 npages,
		   u64 max_pages)
{
	return kvmfr_count_runs(kvmfr_pfn, kdev, first, first + npages,
				max_pages);
}

/**
 * kvmfr_dev_find() - the published device with a minor, referenced
 * @minor: N of /dev/kvmfrN
 *
 * Return: the device with a new reference, or NULL.
 */
struct kvmfr_dev *kvmfr_dev_find(int minor)
{
	struct kvmfr_dev *kdev;

	mutex_lock(&kvmfr_minor_lock);
	kdev = idr_find(&kvmfr_idr, minor);
	if (kdev)
		kvmfr_dev_get(kdev);
	mutex_unlock(&kvmfr_minor_lock);
	return kdev;
}

/**
 * kvmfr_core_init() - mount the private inodes' filesystem, register the class
 * @major: the character device major of /dev/kvmfrN
 *
 * Return: 0 or a negative errno.
 */
int kvmfr_core_init(int major)
{
	int ret;

	kvmfr_core_major = major;
	kvmfr_mnt = kern_mount(&kvmfr_fs_type);
	if (IS_ERR(kvmfr_mnt))
		return PTR_ERR(kvmfr_mnt);
	ret = class_register(&kvmfr_class);
	if (ret)
		kern_unmount(kvmfr_mnt);
	return ret;
}

/**
 * kvmfr_core_exit() - undo kvmfr_core_init(), once every device is gone
 */
void kvmfr_core_exit(void)
{
	class_unregister(&kvmfr_class);
	kern_unmount(kvmfr_mnt);
	idr_destroy(&kvmfr_idr);
}
