/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_d3cold: a vfio-pci variant driver that lets a guest's D3hot write
 * power the slot off (D3cold) and explains why a device is not in D3cold.
 */
#ifndef VFIO_D3COLD_VD3_H
#define VFIO_D3COLD_VD3_H

#include <linux/mutex.h>
#include <linux/vfio_pci_core.h>

#include "policy.h"

#define VD3_DRIVER_NAME "vfio_d3cold"

struct vd3_stats {
	u64 guest_d3_entries;	/* guest D3hot writes turned into low power */
	u64 lp_cached_reads;	/* PMCSR reads answered without waking */
	u64 lp_wakes;		/* config accesses that woke the device */
	u64 lp_exits;		/* low power left (D0 write, reset, VMM, close) */
	u64 lp_bar_denied;	/* BAR/ROM/VGA read()/write() refused in low power */
	u64 resume_failures;	/* wakes from low power that left it unusable */
	int last_resume_error;	/* last failed runtime resume, 0 if none */
};

struct vd3_device {
	struct vfio_pci_core_device core;
	/* Our own copy: the core's fields are read only through compat.h. */
	struct pci_dev *pdev;

	/*
	 * Serialises our low-power bookkeeping with the config accesses and
	 * ioctls that change it.  Taken before any call into vfio-pci-core,
	 * never from a path that holds the core's memory_lock.
	 */
	struct mutex lock;
	enum vd3_policy policy;
	bool lp_owned;		/* we entered low power for a guest D3hot write */
	/*
	 * A VMM's own LOW_POWER_ENTRY, tracked here only on kernels where
	 * the core's pm_runtime_engaged cannot be read (see compat.h).
	 */
	bool user_lp;
	bool no_soft_reset;	/* the device reports NoSoftRst+ */
	/*
	 * A wake from D3cold failed: D3cold is off for the device
	 * (pci_d3cold_disable()) and the guest D3 policy is off.
	 */
	bool resume_failed;
	/* PM control/status dword the guest reads back while lp_owned */
	u32 pmcsr_cache;
	/* hot resets of our device set in progress: no low-power entry */
	unsigned int reset_hold;
	unsigned int open_count;
	struct vd3_stats stats;
};

static inline struct vd3_device *vd3_from_vdev(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct vd3_device, core.vdev);
}

/* pm.c: vfio_device_ops wrappers that implement the guest D3 policy. */
ssize_t vd3_read(struct vfio_device *core_vdev, char __user *buf,
		 size_t count, loff_t *ppos);
ssize_t vd3_write(struct vfio_device *core_vdev, const char __user *buf,
		  size_t count, loff_t *ppos);
long vd3_ioctl(struct vfio_device *core_vdev, unsigned int cmd,
	       unsigned long arg);
int vd3_device_feature(struct vfio_device *core_vdev, u32 flags,
		       void __user *arg, size_t argsz);
int vd3_open_device(struct vfio_device *core_vdev);
void vd3_close_device(struct vfio_device *core_vdev);
bool vd3_lp_engaged(struct vd3_device *vd);
void vd3_wake_failed(struct vd3_device *vd, int err);

/* blockers.c */
void vd3_gather_facts(struct vd3_device *vd, struct vd3_facts *f);

/* sysfs.c */
extern const struct attribute_group vd3_attr_group;

/* main.c */
extern struct pci_driver vd3_pci_driver;
extern const struct vfio_device_ops vd3_ops;

#endif
