// SPDX-License-Identifier: GPL-2.0
/* 6.2: struct class::devnode takes a const struct device. */
#include <linux/device.h>

static char *probe_devnode(const struct device *dev, umode_t *mode)
{
	return NULL;
}

struct class probe_class = {
	.name = "probe",
	.devnode = probe_devnode,
};
