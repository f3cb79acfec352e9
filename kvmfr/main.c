// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: shared memory for Looking Glass as /dev/kvmfrN.
 *
 * This file: module parameters, init and exit.  See kvmfr.h for how the
 * other files fit together.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/module.h>

#include "compat.h"
#include "kvmfr.h"

static int static_size_mb[KVMFR_MAX_DEVICES];
static unsigned int static_count;

/*
 * module_param_array() with a message that says what is wrong with too
 * many entries: the array parser reports it under the parameter's name
 * only in the kernel log, and modprobe prints "`1' invalid".
 */
static int kvmfr_sizes_set(const char *val, const struct kernel_param *kp)
{
	unsigned int entries = 1;
	const char *c;

	for (c = val; *c; c++)
		entries += *c == ',';
	if (entries > KVMFR_MAX_DEVICES) {
		pr_err("static_size_mb has %u entries: at most %d devices (kvmfr0..kvmfr%d)\n",
		       entries, KVMFR_MAX_DEVICES, KVMFR_MAX_DEVICES - 1);
		return -EINVAL;
	}
	return param_array_ops.set(val, kp);
}

static int kvmfr_sizes_get(char *buf, const struct kernel_param *kp)
{
	return param_array_ops.get(buf, kp);
}

static void kvmfr_sizes_free(void *arg)
{
	param_array_ops.free(arg);
}

static const struct kernel_param_ops kvmfr_sizes_ops = {
	.set = kvmfr_sizes_set,
	.get = kvmfr_sizes_get,
	.free = kvmfr_sizes_free,
};

static const struct kparam_array kvmfr_sizes_arr = {
	.max = ARRAY_SIZE(static_size_mb),
	.num = &static_count,
	.ops = &param_ops_int,
	.elemsize = sizeof(static_size_mb[0]),
	.elem = static_size_mb,
};

__module_param_call(MODULE_PARAM_PREFIX, static_size_mb, &kvmfr_sizes_ops,
		    .arr = &kvmfr_sizes_arr, 0444, -1, 0);
__MODULE_PARM_TYPE(static_size_mb, "array of int");
MODULE_PARM_DESC(static_size_mb, "List of static devices to create in MiB");

static struct kvmfr_dev *static_devs[KVMFR_MAX_DEVICES];
static int kvmfr_major;

/* Validate every entry before allocating anything. */
static int kvmfr_check_params(u64 *bytes)
{
	u64 ram_mb = (u64)totalram_pages() >> (20 - PAGE_SHIFT);
	unsigned int i;
	int ret;

	for (i = 0; i < static_count; i++) {
		ret = kvmfr_static_bytes(static_size_mb[i], ram_mb, &bytes[i]);
		if (ret == -EINVAL)
			pr_err("static_size_mb entry %u (%d): must be a positive size in MiB\n",
			       i, static_size_mb[i]);
		else if (ret)
			pr_err("static_size_mb entry %u (%d MiB): more than this machine's %llu MiB of memory\n",
			       i, static_size_mb[i], ram_mb);
		if (ret)
			return ret;
	}
	return 0;
}

static void kvmfr_static_devs_kill(void)
{
	int i;

	for (i = KVMFR_MAX_DEVICES - 1; i >= 0; i--) {
		if (static_devs[i])
			kvmfr_dev_kill(static_devs[i]);
		static_devs[i] = NULL;
	}
}

static int kvmfr_static_devs_create(const u64 *bytes)
{
	struct kvmfr_dev *kdev;
	unsigned int i;

	pr_info("creating %u static devices\n", static_count);
	for (i = 0; i < static_count; i++) {
		kdev = kvmfr_static_create(bytes[i]);
		if (IS_ERR(kdev)) {
			pr_err("static_size_mb entry %u (%d MiB): cannot allocate the memory (%ld)\n",
			       i, static_size_mb[i], PTR_ERR(kdev));
			return PTR_ERR(kdev);
		}
		static_devs[i] = kdev;
	}
	return 0;
}

static int __init kvmfr_init(void)
{
	u64 bytes[KVMFR_MAX_DEVICES];
	int ret;

	ret = kvmfr_check_params(bytes);
	if (ret)
		return ret;

	kvmfr_major = kvmfr_chardev_init();
	if (kvmfr_major < 0)
		return kvmfr_major;

	ret = kvmfr_core_init(kvmfr_major);
	if (ret)
		goto err_chrdev;

	ret = kvmfr_static_init();
	if (ret)
		goto err_core;

	ret = kvmfr_static_devs_create(bytes);
	if (ret)
		goto err_static;

	ret = kvmfr_pci_init();
	if (ret)
		goto err_static;
	return 0;

err_static:
	kvmfr_static_devs_kill();
	kvmfr_static_exit();
err_core:
	kvmfr_core_exit();
err_chrdev:
	kvmfr_chardev_exit(kvmfr_major);
	return ret;
}

static void __exit kvmfr_exit(void)
{
	kvmfr_pci_exit();
	kvmfr_static_devs_kill();
	kvmfr_static_exit();
	kvmfr_core_exit();
	kvmfr_chardev_exit(kvmfr_major);
}

module_init(kvmfr_init);
module_exit(kvmfr_exit);

MODULE_DESCRIPTION("Shared memory for Looking Glass (kvmfr compatible)");
MODULE_LICENSE("GPL v2");
MODULE_AUTHOR("gpupass developers");
/* The package version (VERSION); the ABI is that of Looking Glass's 0.0.12. */
MODULE_VERSION(GPUPASS_VERSION);
MODULE_INFO(kvmfr_abi, "0.0.12");
GPUPASS_IMPORT_NS("DMA_BUF");
