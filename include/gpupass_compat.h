/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences, decided by the build-time feature probes in
 * scripts/probes/ (results in the generated gpupass_probes.h).  This is the
 * only place the modules look at kernel differences; never test
 * LINUX_VERSION_CODE.
 */
#ifndef GPUPASS_COMPAT_H
#define GPUPASS_COMPAT_H

#include <linux/mm.h>
#include <linux/device.h>
#include <linux/sysfs.h>
#include "gpupass_probes.h"

/*
 * MODULE_IMPORT_NS() takes a token before 6.13 and a string after; the
 * underlying modinfo tag is the same string on every kernel.
 */
#define GPUPASS_IMPORT_NS(ns) MODULE_INFO(import_ns, ns)

#ifndef HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

#ifdef HAVE_CLASS_DEVNODE_CONST
#define gpupass_devnode_dev const struct device
#else
#define gpupass_devnode_dev struct device
#endif

#ifdef HAVE_CLASS_REGISTER_CONST
#define gpupass_class_const const
#else
#define gpupass_class_const
#endif

/* bin_attribute callbacks: 6.13 made the attribute argument const. */
#ifdef HAVE_BIN_ATTR_CONST
#define gpupass_bin_attr const struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read_new = (fn)
#else
#define gpupass_bin_attr struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read = (fn)
#endif

#endif /* GPUPASS_COMPAT_H */
