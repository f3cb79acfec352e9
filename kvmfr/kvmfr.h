/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmfr: internal interfaces between the files of the module.
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
#include <linux/memremap.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rwsem.h>

#include "range.h"

enum kvmfr_type {
	KVMFR_STATIC,
	KVMFR_PCI,
};

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
 * struct kvmfr_dev - one /dev/kvmfrN
 * @ref:      see the lifetime note at the top of this file
 * @minor:    N
 * @type:     static (host memory) or PCI (IVSHMEM BAR2 in a guest)
 * @size:     bytes
 * @all:      the whole device, for mappings of the device node
 * @node:     the class device; NULL until the memory is ready
 * @inode:    owns the address_space every open file uses, so that all
 *            user mappings of the device can be zapped at once
 * @lock:     held for reading while user PTEs are installed, for writing
 *            to set @dead
 * @dead:     PCI device gone: no new mappings, faults get SIGBUS
 * @bufs_lock: protects @bufs
 * @bufs:     live dma-bufs (struct kvmfr_buf), zapped with the device
 * @shmem:    static: the huge tmpfs file owning the memory
 * @pages:    static: every page, pinned for the device's lifetime
 * @huge_bytes: static: bytes backed by PMD-sized folios
 * @pdev:     PCI: the device (referenced)
 * @regions:  PCI: enabled, regions requested (undone by the last put)
 * @pgmap:    PCI: ZONE_DEVICE struct pages for BAR2
 * @zone_device: PCI: @pgmap is active (else: bounded PFN mappings only)
 * @phys:     PCI: BAR2 bus address
 * @kaddr:    PCI: write-back kernel mapping of BAR2
 */
struct kvmfr_dev {
	struct kref ref;
	int minor;
	enum kvmfr_type type;
	u64 size;
	struct kvmfr_range all;
	struct device *node;
	struct inode *inode;
	struct rw_semaphore lock;
	bool dead;
	struct mutex bufs_lock;	/* protects bufs */
	struct list_head bufs;

	struct file *shmem;
	struct page **pages;
	u64 huge_bytes;

	struct pci_dev *pdev;
	bool regions;
	struct dev_pagemap pgmap;
	bool zone_device;
	phys_addr_t phys;
	void *kaddr;
};

/* main.c */
struct kvmfr_dev *kvmfr_dev_alloc(enum kvmfr_type type, u64 size);
int kvmfr_dev_publish(struct kvmfr_dev *kdev, struct device *parent);
void kvmfr_dev_kill(struct kvmfr_dev *kdev);
void kvmfr_dev_get(struct kvmfr_dev *kdev);
void kvmfr_dev_put(struct kvmfr_dev *kdev);
bool kvmfr_has_pages(const struct kvmfr_dev *kdev);
struct page *kvmfr_page(const struct kvmfr_dev *kdev, u64 index);
u64 kvmfr_run_pages_dev(const struct kvmfr_dev *kdev, u64 start, u64 end,
			u64 max_pages);
u64 kvmfr_segments(const struct kvmfr_dev *kdev, u64 first, u64 npages,
		   u64 max_pages);

/* static.c */
int kvmfr_static_init(void);
void kvmfr_static_exit(void);
int kvmfr_static_populate(struct kvmfr_dev *kdev);
void kvmfr_static_release(struct kvmfr_dev *kdev);

/* pci.c */
int kvmfr_pci_init(void);
void kvmfr_pci_exit(void);
void kvmfr_pci_release(struct kvmfr_dev *kdev);

/* mmap.c */
int kvmfr_mmap_range(struct kvmfr_range *range, struct vm_area_struct *vma,
		     bool huge);

/* dmabuf.c */
struct kvmfr_dmabuf_create;
long kvmfr_dmabuf_create(struct kvmfr_dev *kdev, struct file *filp,
			 const struct kvmfr_dmabuf_create *create);
void kvmfr_dmabuf_zap_all(struct kvmfr_dev *kdev);

#endif /* KVMFR_KVMFR_H */
