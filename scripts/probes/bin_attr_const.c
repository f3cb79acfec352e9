// SPDX-License-Identifier: GPL-2.0
/* 6.13: bin_attribute callbacks take a const struct bin_attribute. */
#include <linux/sysfs.h>

static ssize_t probe_read(struct file *f, struct kobject *k,
			  const struct bin_attribute *a, char *buf,
			  loff_t off, size_t count)
{
	return 0;
}

const struct bin_attribute probe_attr = {
	.attr = { .name = "probe", .mode = 0444 },
	.read_new = probe_read,
};
