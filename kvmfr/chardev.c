// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: the character device /dev/kvmfrN (fops, the ioctls of
 * include/uapi/kvmfr.h, 32-bit compat), whatever backend is behind it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "kvmfr.h"
#include "../include/uapi/kvmfr.h"

static int kvmfr_open(struct inode *inode, struct file *filp)
{
	struct kvmfr_dev *kdev = kvmfr_dev_find(iminor(inode));

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
	info.type = kdev->ops->info_type;
	info.flags = 0;
	if (kdev->ops->has_pages(kdev))
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

	/*
	 * 20 bytes where compat u64s are 4-byte aligned (x86); elsewhere
	 * (arm64, ppc64, s390, riscv) the layout and the command number are
	 * the native ones, and the copy below is a plain field copy.
	 */
	BUILD_BUG_ON(sizeof(c32) !=
		     (IS_ENABLED(CONFIG_COMPAT_FOR_U64_ALIGNMENT) ? 20 :
		      sizeof(struct kvmfr_dmabuf_create)));
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

/**
 * kvmfr_chardev_init() - register the character device region
 *
 * The name shows in /proc/devices; systemd's char-kvmfr needs it.
 *
 * Return: the major number or a negative errno.
 */
int kvmfr_chardev_init(void)
{
	return __register_chrdev(0, 0, KVMFR_MAX_DEVICES, "kvmfr", &kvmfr_fops);
}

/**
 * kvmfr_chardev_exit() - unregister the character device region
 * @major: what kvmfr_chardev_init() returned
 */
void kvmfr_chardev_exit(int major)
{
	__unregister_chrdev(major, 0, KVMFR_MAX_DEVICES, "kvmfr");
}
