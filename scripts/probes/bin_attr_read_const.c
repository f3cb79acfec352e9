// SPDX-License-Identifier: GPL-2.0
/*
 * bin_attribute .read takes a const struct bin_attribute: the state after
 * .read_new was folded back into .read (7.x).  Before 6.13 it was not const.
 */
#include <linux/sysfs.h>

static ssize_t probe_read(struct file *f, struct kobject *k,
			  const struct bin_attribute *a, char *buf,
			  loff_t off, size_t count)
{
	return 0;
}

static const struct bin_attribute probe_attr __maybe_unused = {
	.attr = { .name = "probe", .mode = 0444 },
	.read = probe_read,
};
