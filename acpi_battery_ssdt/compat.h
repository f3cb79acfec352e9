/* SPDX-License-Identifier: GPL-2.0 */
/*
 * acpi_battery_ssdt: kernel API differences, decided by the build-time feature probes
 * in scripts/probes/ (results in the generated gpupass_probes.h).  The
 * only place this module looks at kernel differences; never test
 * LINUX_VERSION_CODE.
 */
#ifndef ACPI_BATTERY_SSDT_COMPAT_H
#define ACPI_BATTERY_SSDT_COMPAT_H

#include <linux/sysfs.h>
#include "gpupass_probes.h"

/*
 * Three eras: .read with a non-const attribute (up to 6.12); .read_new
 * with a const one beside the old .read (6.13 on); .read with a const one
 * after .read_new was folded back (7.x).  Prefer .read_new where it exists.
 */
#if defined(HAVE_BIN_ATTR_READ_NEW)
#define gpupass_bin_attr const struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read_new = (fn)
#elif defined(HAVE_BIN_ATTR_READ_CONST)
#define gpupass_bin_attr const struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read = (fn)
#else
#define gpupass_bin_attr struct bin_attribute
#define GPUPASS_BIN_ATTR_READ(fn) .read = (fn)
#endif

#endif /* ACPI_BATTERY_SSDT_COMPAT_H */
