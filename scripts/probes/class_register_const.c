// SPDX-License-Identifier: GPL-2.0
/* 6.4: class_register() takes a const struct class. */
#include <linux/device.h>

static const struct class probe_class = {
	.name = "probe",
};

static __maybe_unused int probe(void)
{
	return class_register(&probe_class);
}
