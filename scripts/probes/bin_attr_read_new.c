// SPDX-License-Identifier: GPL-2.0
/*
 * 6.13 .. 6.x: bin_attribute gained .read_new, whose callback takes a
 * const struct bin_attribute (.read still took a non-const one).
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
	.read_new = probe_read,
};
