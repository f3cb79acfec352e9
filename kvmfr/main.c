// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: shared memory for Looking Glass as /dev/kvmfrN.
 *
 * This file: module parameters and init, the character device, the
 * "kvmfr" class with its sysfs attributes, and device lifetime.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/idr.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/magic.h>

#include "compat.h"
#include "kvmfr.h"
#include "../include/uapi/kvmfr.h"

static int static_size_mb[KVMFR_MAX_DEVICES];
static unsigned int static_count;
module_param_array(static_size_mb, int, &static_count, 0444);
MODULE_PARM_DESC(static_size_mb, "List of static devices to create in MiB");

static struct kvmfr_dev *static_devs[KVMFR_MAX_DEVICES];
static int kvmfr_major;
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

	return sysfs_emit(buf, "%s\n",
			  kdev->type == KVMFR_STATIC ? "static" : "pci");
}
static DEVICE_ATTR_RO(type);

static ssize_t huge_bytes_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%llu\n", kdev->huge_bytes);
}
static DEVICE_ATTR_RO(huge_bytes);

/* Static memory is allocated by modprobe: it lands on modprobe's node. */
static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct kvmfr_dev *kdev = dev_get_drvdata(dev);
	int nid = NUMA_NO_NODE;

	if (kdev->type == KVMFR_STATIC)
		nid = page_to_nid(kdev->pages[0]);
	else if (kdev->pdev)
		nid = dev_to_node(&kdev->pdev->dev);
	return sysfs_emit(buf, "%d\n", nid);
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
 * kvmfr_dev_alloc() - allocate a device and reserve its minor
 * @type: static or PCI
 * @size: bytes, page aligned
 *
 * The device is not visible to user space until kvmfr_dev_publish().
 *
 * Return: the device with one reference, or an ERR_PTR.
 */
struct kvmfr_dev *kvmfr_dev_alloc(enum kvmfr_type type, u64 size)
{
	struct kvmfr_dev *kdev;
	int minor;

	kdev = kzalloc(sizeof(*kdev), GFP_KERNEL);
	if (!kdev)
		return ERR_PTR(-ENOMEM);
	kref_init(&kdev->ref);
	kdev->type = type;
	kdev->size = size;
	kdev->all.kdev = kdev;
	kdev->all.npages = size >> PAGE_SHIFT;
	init_rwsem(&kdev->lock);
	mutex_init(&kdev->bufs_lock);
	INIT_LIST_HEAD(&kdev->bufs);

	kdev->inode = alloc_anon_inode(kvmfr_mnt->mnt_sb);
	if (IS_ERR(kdev->inode)) {
		int ret = PTR_ERR(kdev->inode);

		kfree(kdev);
		return ERR_PTR(ret);
	}

	/* Reserve the minor now, so static devices get 0..n-1 in order. */
	mutex_lock(&kvmfr_minor_lock);
	minor = idr_alloc(&kvmfr_idr, NULL, 0, KVMFR_MAX_DEVICES, GFP_KERNEL);
	mutex_unlock(&kvmfr_minor_lock);
	if (minor < 0) {
		iput(kdev->inode);
		kfree(kdev);
		return ERR_PTR(minor == -ENOSPC ? -EBUSY : minor);
	}
	kdev->minor = minor;
	return kdev;
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
			     MKDEV(kvmfr_major, kdev->minor), kdev,
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

	if (kdev->type == KVMFR_STATIC)
		kvmfr_static_release(kdev);
	else
		kvmfr_pci_release(kdev);
	iput(kdev->inode);
	kfree(kdev);
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
		device_destroy(&kvmfr_class, MKDEV(kvmfr_major, kdev->minor));

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

/**
 * kvmfr_has_pages() - whether the memory has struct pages
 * @kdev: the device
 *
 * Return: false for a PCI device in the fallback (no ZONE_DEVICE) mode,
 * which can be mapped by user space but not exported as a dma-buf.
 */
bool kvmfr_has_pages(const struct kvmfr_dev *kdev)
{
	return kdev->type == KVMFR_STATIC || kdev->zone_device;
}

/**
 * kvmfr_page() - struct page of one device page
 * @kdev:  a device with kvmfr_has_pages()
 * @index: page index, already bounds-checked by the caller
 *
 * Return: the page.
 */
struct page *kvmfr_page(const struct kvmfr_dev *kdev, u64 index)
{
	if (kdev->type == KVMFR_STATIC)
		return kdev->pages[index];
	return pfn_to_page(PHYS_PFN(kdev->phys) + index);
}

static unsigned long kvmfr_pfn(const void *ctx, u64 index)
{
	const struct kvmfr_dev *kdev = ctx;

	if (kdev->type == KVMFR_STATIC)
		return page_to_pfn(kdev->pages[index]);
	return PHYS_PFN(kdev->phys) + index;
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

static int kvmfr_open(struct inode *inode, struct file *filp)
{
	struct kvmfr_dev *kdev;

	mutex_lock(&kvmfr_minor_lock);
	kdev = idr_find(&kvmfr_idr, iminor(inode));
	if (kdev)
		kvmfr_dev_get(kdev);
	mutex_unlock(&kvmfr_minor_lock);
	if (!kdev)
		return -ENXIO;

	filp->private_data = kdev;
	filp->f_mapping = kdev->inode->i_mapping;
	return 0;
}

static int kvmfr_release(struct inode *inode, struct file *filp)
{
	kvmfr_dev_put(filp->private_data);
	return 0;
}

/* QEMU sizes a memory-backend-file with lseek(SEEK_END). */
static loff_t kvmfr_llseek(struct file *filp, loff_t offset, int whence)
{
	struct kvmfr_dev *kdev = filp->private_data;

	return fixed_size_llseek(filp, offset, whence, kdev->size);
}

static int kvmfr_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct kvmfr_dev *kdev = filp->private_data;

	/* VM_MAYSHARE: the core clears VM_SHARED for read-only files. */
	if (!(vma->vm_flags & VM_MAYSHARE)) {
		pr_warn_ratelimited("%s[%d]: private mapping of kvmfr%d refused: map it shared (QEMU: memory-backend-file share=on)\n",
				    current->comm, task_pid_nr(current),
				    kdev->minor);
		return -EINVAL;
	}
	return kvmfr_mmap_range(&kdev->all, vma, true);
}

static long kvmfr_ioctl_info(struct kvmfr_dev *kdev, struct file *filp,
			     void __user *uarg)
{
	struct kvmfr_info info;
	u32 argsz;
	int ret;

	if (get_user(argsz, (u32 __user *)uarg))
		return -EFAULT;
	if (argsz < sizeof(info))
		return -EINVAL;
	if (argsz > sizeof(info)) {
		ret = check_zeroed_user(uarg + sizeof(info),
					argsz - sizeof(info));
		if (ret <= 0)
			return ret ?: -E2BIG;
	}
	if (copy_from_user(&info, uarg, sizeof(info)))
		return -EFAULT;

	info.range_segments = 0;
	if (info.range_offset || info.range_size) {
		if (!kvmfr_range_valid(kdev->size, info.range_offset,
				       info.range_size))
			return -EINVAL;
		info.range_segments =
			kvmfr_segments(kdev, info.range_offset >> PAGE_SHIFT,
				       info.range_size >> PAGE_SHIFT,
				       UINT_MAX >> PAGE_SHIFT);
	}
	info.argsz = sizeof(info);
	info.type = kdev->type == KVMFR_STATIC ? KVMFR_TYPE_STATIC :
						 KVMFR_TYPE_PCI;
	info.flags = 0;
	if (kvmfr_has_pages(kdev))
		info.flags |= KVMFR_INFO_DMABUF;
	if (!(filp->f_mode & FMODE_WRITE))
		info.flags |= KVMFR_INFO_READONLY;
	info.size = kdev->size;
	info.huge_bytes = kdev->huge_bytes;
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long kvmfr_ioctl(struct file *filp, unsigned int cmd,
			unsigned long arg)
{
	struct kvmfr_dev *kdev = filp->private_data;
	void __user *uarg = (void __user *)arg;
	struct kvmfr_dmabuf_create create;

	if (READ_ONCE(kdev->dead))
		return -ENODEV;

	switch (cmd) {
	case KVMFR_DMABUF_GETSIZE:
		return kdev->size;
	case KVMFR_DMABUF_CREATE:
		/* Only the fields: callers leave the padding uninitialised. */
		if (copy_from_user(&create, uarg, sizeof(create)))
			return -EFAULT;
		return kvmfr_dmabuf_create(kdev, filp, &create);
	case KVMFR_IOCTL_INFO:
		return kvmfr_ioctl_info(kdev, filp, uarg);
	default:
		return -ENOTTY;
	}
}

#ifdef CONFIG_COMPAT
/* i386 aligns u64 to 4 bytes: the struct is 20 bytes, the number differs. */
struct kvmfr_dmabuf_create32 {
	u8 flags;
	compat_u64 offset;
	compat_u64 size;
};

#define KVMFR_DMABUF_CREATE32 _IOW('u', 0x42, struct kvmfr_dmabuf_create32)

static long kvmfr_compat_ioctl(struct file *filp, unsigned int cmd,
			       unsigned long arg)
{
	struct kvmfr_dev *kdev = filp->private_data;
	struct kvmfr_dmabuf_create32 c32;
	struct kvmfr_dmabuf_create create;

	BUILD_BUG_ON(sizeof(c32) != 20);
	if (cmd != KVMFR_DMABUF_CREATE32)
		return kvmfr_ioctl(filp, cmd, (unsigned long)compat_ptr(arg));

	if (READ_ONCE(kdev->dead))
		return -ENODEV;
	if (copy_from_user(&c32, compat_ptr(arg), sizeof(c32)))
		return -EFAULT;
	create.flags = c32.flags;
	create.offset = c32.offset;
	create.size = c32.size;
	return kvmfr_dmabuf_create(kdev, filp, &create);
}
#else
#define kvmfr_compat_ioctl NULL
#endif

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
/*
 * thp_get_unmapped_area(), and where it leaves the address unaligned
 * (before 5.18 it aligns only DAX files) the same padding it uses itself:
 * ask for 2 MiB more and place the mapping so that the device offset and
 * the address agree modulo 2 MiB.  Hints the core honoured are kept.
 */
static unsigned long kvmfr_get_unmapped_area(struct file *filp,
					     unsigned long addr,
					     unsigned long len,
					     unsigned long pgoff,
					     unsigned long flags)
{
	unsigned long off = pgoff << PAGE_SHIFT;
	unsigned long ret, pad;

	ret = thp_get_unmapped_area(filp, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(ret) || (flags & MAP_FIXED) || (addr && ret == addr) ||
	    len < PMD_SIZE || !((ret - off) & (PMD_SIZE - 1)) ||
	    len + PMD_SIZE < len)
		return ret;
	pad = thp_get_unmapped_area(filp, 0, len + PMD_SIZE, pgoff, flags);
	if (IS_ERR_VALUE(pad))
		return ret;
	return pad + ((off - pad) & (PMD_SIZE - 1));
}
#else
#define kvmfr_get_unmapped_area NULL
#endif

static const struct file_operations kvmfr_fops = {
	.owner = THIS_MODULE,
	.open = kvmfr_open,
	.release = kvmfr_release,
	.llseek = kvmfr_llseek,
	.mmap = kvmfr_mmap,
	/*
	 * 2 MiB aligned addresses for unfixed mmaps, so static memory can
	 * be PMD-mapped (NULL, the default, without THP).  MAP_FIXED users
	 * such as QEMU choose themselves: see align=2M in the README.
	 */
	.get_unmapped_area = kvmfr_get_unmapped_area,
	.unlocked_ioctl = kvmfr_ioctl,
	.compat_ioctl = kvmfr_compat_ioctl,
};

/* Validate every entry before allocating anything. */
static int kvmfr_check_params(u64 *bytes)
{
	u64 ram_mb = (u64)totalram_pages() >> (20 - PAGE_SHIFT);
	unsigned int i;
	int ret;

	for (i = 0; i < static_count; i++) {
		ret = kvmfr_static_bytes(static_size_mb[i], ram_mb, &bytes[i]);
		if (ret == -EINVAL)
			pr_err("static_size_mb entry %u (%d): must be a positive size in MiB\n",
			       i, static_size_mb[i]);
		else if (ret)
			pr_err("static_size_mb entry %u (%d MiB): more than this machine's %llu MiB of memory\n",
			       i, static_size_mb[i], ram_mb);
		if (ret)
			return ret;
	}
	return 0;
}

static void kvmfr_static_devs_kill(void)
{
	int i;

	for (i = KVMFR_MAX_DEVICES - 1; i >= 0; i--) {
		if (static_devs[i])
			kvmfr_dev_kill(static_devs[i]);
		static_devs[i] = NULL;
	}
}

static int kvmfr_static_devs_create(const u64 *bytes)
{
	struct kvmfr_dev *kdev;
	unsigned int i;
	int ret;

	pr_info("creating %u static devices\n", static_count);
	for (i = 0; i < static_count; i++) {
		kdev = kvmfr_dev_alloc(KVMFR_STATIC, bytes[i]);
		if (IS_ERR(kdev))
			return PTR_ERR(kdev);
		static_devs[i] = kdev;
		ret = kvmfr_static_populate(kdev);
		if (ret) {
			pr_err("static_size_mb entry %u (%d MiB): cannot allocate the memory (%d)\n",
			       i, static_size_mb[i], ret);
			return ret;
		}
		ret = kvmfr_dev_publish(kdev, NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static int __init kvmfr_init(void)
{
	u64 bytes[KVMFR_MAX_DEVICES];
	int ret;

	ret = kvmfr_check_params(bytes);
	if (ret)
		return ret;

	kvmfr_mnt = kern_mount(&kvmfr_fs_type);
	if (IS_ERR(kvmfr_mnt))
		return PTR_ERR(kvmfr_mnt);

	/* The name shows in /proc/devices; systemd's char-kvmfr needs it. */
	kvmfr_major = __register_chrdev(0, 0, KVMFR_MAX_DEVICES, "kvmfr",
					&kvmfr_fops);
	if (kvmfr_major < 0) {
		ret = kvmfr_major;
		goto err_mnt;
	}

	ret = class_register(&kvmfr_class);
	if (ret)
		goto err_chrdev;

	ret = kvmfr_static_init();
	if (ret)
		goto err_class;

	ret = kvmfr_static_devs_create(bytes);
	if (ret)
		goto err_static;

	ret = kvmfr_pci_init();
	if (ret)
		goto err_static;
	return 0;

err_static:
	kvmfr_static_devs_kill();
	kvmfr_static_exit();
err_class:
	class_unregister(&kvmfr_class);
err_chrdev:
	__unregister_chrdev(kvmfr_major, 0, KVMFR_MAX_DEVICES, "kvmfr");
err_mnt:
	kern_unmount(kvmfr_mnt);
	return ret;
}

static void __exit kvmfr_exit(void)
{
	kvmfr_pci_exit();
	kvmfr_static_devs_kill();
	kvmfr_static_exit();
	class_unregister(&kvmfr_class);
	__unregister_chrdev(kvmfr_major, 0, KVMFR_MAX_DEVICES, "kvmfr");
	kern_unmount(kvmfr_mnt);
	idr_destroy(&kvmfr_idr);
}

module_init(kvmfr_init);
module_exit(kvmfr_exit);

MODULE_DESCRIPTION("Shared memory for Looking Glass (kvmfr compatible)");
MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("gpupass developers");
/* The package version (VERSION); the ABI is that of Looking Glass's 0.0.12. */
MODULE_VERSION(GPUPASS_VERSION);
MODULE_INFO(kvmfr_abi, "0.0.12");
GPUPASS_IMPORT_NS("DMA_BUF");
