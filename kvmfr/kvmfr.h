/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmfr: internal interfaces between the files of the module.
 *
 * Layers, dependencies running one way (down):
 *
 *   main.c     module parameters, init and exit
 *   chardev.c  /dev/kvmfrN: fops, ioctls, 32-bit compat
 *   static.c   backend: host memory given at module load
 *   pci.c      backend: BAR2 of an IVSHMEM device (guest side)
 *   core.c     device lifetime, minors, the "kvmfr" class and its sysfs
 *              attributes; mmap.c and dmabuf.c, the services every
 *              backend's memory gets (user mappings, dma-bufs)
 *
 * A backend embeds struct kvmfr_dev in its own device and answers the
 * core through struct kvmfr_backend_ops; nothing below a backend knows
 * which one it talks to.
 *
 * Lifetime: a struct kvmfr_dev is reference counted.  The creator (module
 * init for static devices, PCI probe for PCI devices) holds one reference
 * until it tears the device down; every open file and every dma-buf holds
 * one more.  User mappings pin the file, and through it the device.  The
 * memory is released only by the last put, so a PCI device removed while
 * in use stays valid for whoever still holds it; user mappings of it are
 * zapped and fault with SIGBUS afterwards (see kvmfr_dev_kill()).
 */
#ifndef KVMFR_KVMFR_H
#define KVMFR_KVMFR_H

#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

#include "range.h"

struct kvmfr_dev;

/**
 * struct kvmfr_range - a slice of a device that a VMA maps
 * @kdev:   the device
 * @first:  first device page
 * @npages: number of pages
 */
struct kvmfr_range {
	struct kvmfr_dev *kdev;
	u64 first;
	u64 npages;
};

/**
 * struct kvmfr_backend_ops - what the core asks a backend
 * @name:      sysfs "type" value
 * @info_type: KVMFR_IOCTL_INFO type (KVMFR_TYPE_*)
 * @release:   free the memory; called by the last reference
 * @numa_node: node of the memory, or NUMA_NO_NODE
 * @has_pages: whether the memory has struct pages (dma-buf export)
 * @page:      struct page of a device page (only if @has_pages)
 * @pfn:       pfn of a device page
 * @mmap:      set up a VMA over @range: flags, vm_ops; @node says that
 *             the VMA's offsets are device offsets (the device node)
 * @vmap:      kernel mapping of a slice for a dma-buf's vmap, or NULL
 * @vunmap:    undo @vmap
 */
struct kvmfr_backend_ops {
	const char *name;
	u32 info_type;
	void (*release)(struct kvmfr_dev *kdev);
	int (*numa_node)(const struct kvmfr_dev *kdev);
	bool (*has_pages)(const struct kvmfr_dev *kdev);
	struct page *(*page)(const struct kvmfr_dev *kdev, u64 index);
	unsigned long (*pfn)(const struct kvmfr_dev *kdev, u64 index);
	int (*mmap)(struct kvmfr_range *range, struct vm_area_struct *vma,
		    bool node);
	void *(*vmap)(struct kvmfr_dev *kdev, u64 first, u64 npages);
	void (*vunmap)(struct kvmfr_dev *kdev, void *vaddr);
};

/**
 * struct kvmfr_dev - one /dev/kvmfrN, embedded in a backend's device
 * @ref:      see the lifetime note at the top of this file
 * @ops:      the backend
 * @minor:    N
 * @size:     bytes
 * @huge_bytes: bytes backed by PMD-sized folios
 * @all:      the whole device, for mappings of the device node
 * @node:     the class device; NULL until the memory is ready
 * @inode:    owns the address_space every open file uses, so that all
 *            user mappings of the device can be zapped at once
 * @lock:     held for reading while user PTEs are installed, for writing
 *            to set @dead
 * @dead:     device removed: no new mappings, faults get SIGBUS
 * @bufs_lock: protects @bufs
 * @bufs:     live dma-bufs (struct kvmfr_buf), zapped with the device
 */
struct kvmfr_dev {
	struct kref ref;
	const struct kvmfr_backend_ops *ops;
	int minor;
	u64 size;
	u64 huge_bytes;
	struct kvmfr_range all;
	struct device *node;
	struct inode *inode;
	struct rw_semaphore lock;
	bool dead;
	struct mutex bufs_lock;	/* protects bufs */
	struct list_head bufs;
};

/* core.c */
int kvmfr_core_init(int major);
void kvmfr_core_exit(void);
int kvmfr_dev_init(struct kvmfr_dev *kdev,
		   const struct kvmfr_backend_ops *ops, u64 size);
int kvmfr_dev_publish(struct kvmfr_dev *kdev, struct device *parent);
void kvmfr_dev_kill(struct kvmfr_dev *kdev);
void kvmfr_dev_get(struct kvmfr_dev *kdev);
void kvmfr_dev_put(struct kvmfr_dev *kdev);
struct kvmfr_dev *kvmfr_dev_find(int minor);
u64 kvmfr_run_pages_dev(const struct kvmfr_dev *kdev, u64 start, u64 end,
			u64 max_pages);
u64 kvmfr_segments(const struct kvmfr_dev *kdev, u64 first, u64 npages,
		   u64 max_pages);

/* chardev.c */
int kvmfr_chardev_init(void);
void kvmfr_chardev_exit(int major);

/* static.c */
int kvmfr_static_init(void);
void kvmfr_static_exit(void);
struct kvmfr_dev *kvmfr_static_create(u64 size);

/* pci.c */
int kvmfr_pci_init(void);
void kvmfr_pci_exit(void);

/* mmap.c */
int kvmfr_mmap_range(struct kvmfr_range *range, struct vm_area_struct *vma,
		     bool node);

/* dmabuf.c */
struct kvmfr_dmabuf_create;
long kvmfr_dmabuf_create(struct kvmfr_dev *kdev, struct file *filp,
			 const struct kvmfr_dmabuf_create *create);
void kvmfr_dmabuf_zap_all(struct kvmfr_dev *kdev);

#endif /* KVMFR_KVMFR_H */
