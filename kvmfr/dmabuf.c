// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: DMA-BUF exporter over a slice of a device.
 *
 * A buffer holds a device reference, so its memory stays valid for
 * importers even after the device file is closed or a PCI device is
 * removed.  Its user mappings are zapped with the device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "kvmfr.h"
#include "../include/uapi/kvmfr.h"

/**
 * struct kvmfr_buf - one exported slice
 * @range:    the slice (holds a device reference)
 * @dmabuf:   the dma-buf
 * @link:     in kdev->bufs
 * @lock:     protects @mappings and @vaddr
 * @mappings: live attachment mappings (struct kvmfr_sgt), for CPU sync
 * @vaddr:    the backend's kernel mapping while vmapped
 * @inode:    the dma-buf's inode, referenced so that its address_space
 *            (where user mappings of the dma-buf live) can be zapped
 *            until our release runs, which is after the core's iput
 */
struct kvmfr_buf {
	struct kvmfr_range range;
	struct dma_buf *dmabuf;
	struct list_head link;
	struct mutex lock;	/* protects mappings and vaddr */
	struct list_head mappings;
	void *vaddr;
	struct inode *inode;
};

struct kvmfr_sgt {
	struct sg_table sgt;
	struct device *dev;
	enum dma_data_direction dir;
	struct list_head link;
};

static int kvmfr_buf_fill_sgt(struct kvmfr_buf *buf, struct sg_table *sgt,
			      u64 max_pages)
{
	const struct kvmfr_range *r = &buf->range;
	u64 n, i, end = r->first + r->npages;
	struct scatterlist *sg;
	int ret;

	n = kvmfr_segments(r->kdev, r->first, r->npages, max_pages);
	if (n > UINT_MAX)
		return -E2BIG;
	ret = sg_alloc_table(sgt, n, GFP_KERNEL);
	if (ret)
		return ret;

	sg = sgt->sgl;
	for (i = r->first; i < end; i += n, sg = sg_next(sg)) {
		n = kvmfr_run_pages_dev(r->kdev, i, end, max_pages);
		sg_set_page(sg, r->kdev->ops->page(r->kdev, i), n << PAGE_SHIFT,
			    0);
	}
	return 0;
}

static struct sg_table *kvmfr_map_dma_buf(struct dma_buf_attachment *at,
					  enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = at->dmabuf->priv;
	struct kvmfr_sgt *ks;
	size_t max_seg;
	int ret;

	ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	if (!ks)
		return ERR_PTR(-ENOMEM);

	/* Segments no longer than the importer's DMA path can map at once. */
	max_seg = min_t(size_t, dma_max_mapping_size(at->dev), UINT_MAX);
	max_seg = max_t(size_t, max_seg & PAGE_MASK, PAGE_SIZE);
	ret = kvmfr_buf_fill_sgt(buf, &ks->sgt, max_seg >> PAGE_SHIFT);
	if (ret)
		goto err_free;

	ret = dma_map_sgtable(at->dev, &ks->sgt, dir, 0);
	if (ret)
		goto err_table;

	ks->dev = at->dev;
	ks->dir = dir;
	mutex_lock(&buf->lock);
	list_add(&ks->link, &buf->mappings);
	mutex_unlock(&buf->lock);
	return &ks->sgt;

err_table:
	sg_free_table(&ks->sgt);
err_free:
	kfree(ks);
	return ERR_PTR(ret);
}

static void kvmfr_unmap_dma_buf(struct dma_buf_attachment *at,
				struct sg_table *sgt,
				enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = at->dmabuf->priv;
	struct kvmfr_sgt *ks = container_of(sgt, struct kvmfr_sgt, sgt);

	mutex_lock(&buf->lock);
	list_del(&ks->link);
	mutex_unlock(&buf->lock);
	dma_unmap_sgtable(at->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(ks);
}

static int kvmfr_begin_cpu_access(struct dma_buf *dmabuf,
				  enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_sgt *ks;

	mutex_lock(&buf->lock);
	list_for_each_entry(ks, &buf->mappings, link)
		dma_sync_sgtable_for_cpu(ks->dev, &ks->sgt, ks->dir);
	mutex_unlock(&buf->lock);
	return 0;
}

static int kvmfr_end_cpu_access(struct dma_buf *dmabuf,
				enum dma_data_direction dir)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_sgt *ks;

	mutex_lock(&buf->lock);
	list_for_each_entry(ks, &buf->mappings, link)
		dma_sync_sgtable_for_device(ks->dev, &ks->sgt, ks->dir);
	mutex_unlock(&buf->lock);
	return 0;
}

static int kvmfr_dmabuf_mmap(struct dma_buf *dmabuf,
			     struct vm_area_struct *vma)
{
	struct kvmfr_buf *buf = dmabuf->priv;

	/* VM_MAYSHARE: the core clears VM_SHARED for read-only files. */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	return kvmfr_mmap_range(&buf->range, vma, false);
}

/* The dma-buf core counts vmaps: this runs for the first one only. */
static int kvmfr_vmap_addr(struct dma_buf *dmabuf, void **addr)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_dev *kdev = buf->range.kdev;
	void *vaddr;

	vaddr = kdev->ops->vmap(kdev, buf->range.first, buf->range.npages);
	if (!vaddr)
		return -ENOMEM;
	mutex_lock(&buf->lock);
	buf->vaddr = vaddr;
	mutex_unlock(&buf->lock);
	*addr = vaddr;
	return 0;
}

static void kvmfr_vunmap_addr(struct dma_buf *dmabuf)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_dev *kdev = buf->range.kdev;
	void *vaddr;

	mutex_lock(&buf->lock);
	vaddr = buf->vaddr;
	buf->vaddr = NULL;
	mutex_unlock(&buf->lock);
	if (vaddr)
		kdev->ops->vunmap(kdev, vaddr);
}

/* kvmfr_vmap() and kvmfr_vunmap() in this kernel's .vmap/.vunmap form. */
GPUPASS_DEFINE_DMA_BUF_VMAP(kvmfr, kvmfr_vmap_addr, kvmfr_vunmap_addr)

static void kvmfr_dmabuf_release(struct dma_buf *dmabuf)
{
	struct kvmfr_buf *buf = dmabuf->priv;
	struct kvmfr_dev *kdev = buf->range.kdev;

	mutex_lock(&kdev->bufs_lock);
	list_del(&buf->link);
	mutex_unlock(&kdev->bufs_lock);
	iput(buf->inode);
	kfree(buf);
	kvmfr_dev_put(kdev);
}

static const struct dma_buf_ops kvmfr_dmabuf_ops = {
	GPUPASS_DMA_BUF_CACHE_SGT
	.map_dma_buf = kvmfr_map_dma_buf,
	.unmap_dma_buf = kvmfr_unmap_dma_buf,
	.release = kvmfr_dmabuf_release,
	.begin_cpu_access = kvmfr_begin_cpu_access,
	.end_cpu_access = kvmfr_end_cpu_access,
	.mmap = kvmfr_dmabuf_mmap,
	.vmap = kvmfr_vmap,
	.vunmap = kvmfr_vunmap,
};

/**
 * kvmfr_dmabuf_create() - KVMFR_DMABUF_CREATE
 * @kdev:   the device
 * @filp:   the device file; it must be open for writing
 * @create: the request (unknown flag bits are ignored, as upstream did)
 *
 * A zero-length request is -EINVAL (the original exported it): nothing
 * can be imported or mapped from it, and Looking Glass never asks for
 * one (it rounds every size up by a page).
 *
 * Return: a new dma-buf fd or a negative errno (-EACCES for a read-only
 * @filp).
 */
long kvmfr_dmabuf_create(struct kvmfr_dev *kdev, struct file *filp,
			 const struct kvmfr_dmabuf_create *create)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp);
	struct kvmfr_buf *buf;
	struct dma_buf *dmabuf;
	int fd;

	/*
	 * Not dev_dbg(kdev->node): removal destroys the class device before
	 * it marks the device dead, so a CREATE racing it may see a freed
	 * node.  The minor stays valid for as long as we hold kdev.
	 */
	if (!kvmfr_range_valid(kdev->size, create->offset, create->size)) {
		pr_debug("kvmfr%d: bad dma-buf range %#llx+%#llx\n", kdev->minor,
			 create->offset, create->size);
		return -EINVAL;
	}
	if (!kdev->ops->has_pages(kdev))
		return -EOPNOTSUPP;
	/*
	 * A dma-buf's own file mode binds only mmap() of the dma-buf fd:
	 * importers map it (dma_buf_mmap() from a GEM mmap), vmap it and
	 * DMA to it regardless.  So a read-only opener gets none.
	 */
	if (!(filp->f_mode & FMODE_WRITE))
		return -EACCES;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	buf->range.kdev = kdev;
	buf->range.first = create->offset >> PAGE_SHIFT;
	buf->range.npages = create->size >> PAGE_SHIFT;
	mutex_init(&buf->lock);
	INIT_LIST_HEAD(&buf->mappings);

	exp.ops = &kvmfr_dmabuf_ops;
	exp.size = create->size;
	exp.flags = O_RDWR;
	exp.priv = buf;

	kvmfr_dev_get(kdev);
	dmabuf = dma_buf_export(&exp);
	if (IS_ERR(dmabuf)) {
		kvmfr_dev_put(kdev);
		kfree(buf);
		return PTR_ERR(dmabuf);
	}
	buf->dmabuf = dmabuf;
	buf->inode = file_inode(dmabuf->file);
	ihold(buf->inode);
	mutex_lock(&kdev->bufs_lock);
	list_add(&buf->link, &kdev->bufs);
	mutex_unlock(&kdev->bufs_lock);

	fd = dma_buf_fd(dmabuf, (create->flags & KVMFR_DMABUF_FLAG_CLOEXEC) ?
			O_CLOEXEC : 0);
	if (fd < 0)
		dma_buf_put(dmabuf);	/* frees buf, drops the device ref */
	return fd;
}

/**
 * kvmfr_dmabuf_zap_all() - remove user mappings of a device's dma-bufs
 * @kdev: a device just marked dead; later faults get SIGBUS
 */
void kvmfr_dmabuf_zap_all(struct kvmfr_dev *kdev)
{
	struct kvmfr_buf *buf;

	mutex_lock(&kdev->bufs_lock);
	list_for_each_entry(buf, &kdev->bufs, link)
		unmap_mapping_range(buf->inode->i_mapping, 0, 0, 1);
	mutex_unlock(&kdev->bufs_lock);
}
