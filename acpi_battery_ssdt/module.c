// SPDX-License-Identifier: GPL-2.0
/*
 * acpi_battery_ssdt: builds the "fake battery" SSDT that passthrough users
 * give QEMU (-acpitable file=/sys/kernel/acpi_battery_ssdt/table) so that
 * a laptop GPU driver in the guest sees a battery.  The defaults reproduce
 * the widely copied ssdt1.dat byte for byte; every field is a module
 * parameter, writable at run time.
 *
 * This file holds the parameters: each write is parsed and checked by the
 * shared code in params.c on a copy, the whole table is rebuilt from the
 * copy, and only if that succeeds do the copy and the new table replace
 * the current ones.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include "internal.h"

/* Serialises parameter writes, init/exit and table updates. */
DEFINE_MUTEX(bssdt_lock);

/*
 * The parameters of the current table (before init: of the table to be).
 * The defaults are parsed from their text in params.h before the first
 * parameter is set, which happens before init when parameters are given
 * at load time.
 */
static struct bssdt_params bssdt_cur;
static bool bssdt_cur_ready;
/* Scratch copy for a write; static to keep it off the stack. */
static struct bssdt_params bssdt_next;
/*
 * Set once init built the first table.  Until then (while the module's
 * command line is parsed) writes are only parsed: rules that relate two
 * parameters are checked by init, when all of them are known.
 */
static bool bssdt_live;

/* Called with bssdt_lock held. */
static int bssdt_defaults(char *msg, size_t msglen)
{
	if (bssdt_cur_ready)
		return 0;
	if (bssdt_params_init(&bssdt_cur)) {
		snprintf(msg, msglen, "a default in params.h does not parse");
		return -EINVAL;
	}
	bssdt_cur_ready = true;
	return 0;
}

static int bssdt_param_store(const char *val, const struct kernel_param *kp)
{
	const struct bssdt_param *d = bssdt_param_find(kp->name);
	char msg[BSSDT_MSG_LEN];
	size_t n = strlen(val);
	char *copy = NULL;
	bool live;
	int err;

	if (WARN_ON_ONCE(!d))
		return -EINVAL;
	/* "echo value > parameter" appends a newline that is not part of it. */
	if (n && val[n - 1] == '\n') {
		copy = kstrndup(val, n - 1, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
		val = copy;
	}

	mutex_lock(&bssdt_lock);
	live = bssdt_live;
	err = bssdt_defaults(msg, sizeof(msg));
	if (err)
		goto out;
	bssdt_next = bssdt_cur;
	err = bssdt_param_set(&bssdt_next, d, val, msg, sizeof(msg));
	if (!err && live)
		err = bssdt_table_update(&bssdt_next, msg, sizeof(msg));
	if (!err)
		bssdt_cur = bssdt_next;
out:
	mutex_unlock(&bssdt_lock);

	/* The value is escaped: it may hold any byte a user wrote. */
	if (err)
		pr_err("%s=%*pE rejected%s: %s\n", d->name,
		       (int)min_t(size_t, strlen(val), 40), val,
		       live ? ", table unchanged" : "", msg);
	kfree(copy);
	return err;
}

static int bssdt_param_show(char *buf, const struct kernel_param *kp)
{
	const struct bssdt_param *d = bssdt_param_find(kp->name);
	char msg[BSSDT_MSG_LEN];
	int n;

	if (WARN_ON_ONCE(!d))
		return -EINVAL;
	mutex_lock(&bssdt_lock);
	n = bssdt_defaults(msg, sizeof(msg));
	if (!n)
		n = bssdt_param_get(&bssdt_cur, d, buf, PAGE_SIZE - 1);
	mutex_unlock(&bssdt_lock);
	if (n < 0)
		return n;
	n = clamp(n, 0, (int)PAGE_SIZE - 2);
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

/* kp->name is the parameter's name, its key into params.c's table. */
static const struct kernel_param_ops bssdt_param_ops = {
	.set = bssdt_param_store,
	.get = bssdt_param_show,
};

/* One parameter per entry of params.h (generated from it). */
#include "module_params.h"

static int __init bssdt_init(void)
{
	char msg[BSSDT_MSG_LEN] = "";
	size_t len = 0;
	int err;

	mutex_lock(&bssdt_lock);
	/* Check the parameters before anything appears in sysfs. */
	err = bssdt_defaults(msg, sizeof(msg));
	if (!err)
		err = bssdt_build(&bssdt_cur, NULL, 0, &len, msg, sizeof(msg));
	if (!err) {
		err = bssdt_table_init();
		if (err)
			snprintf(msg, sizeof(msg),
				 "cannot create /sys/kernel/%s", KBUILD_MODNAME);
	}
	if (!err)
		err = bssdt_table_update(&bssdt_cur, msg, sizeof(msg));
	if (err)
		bssdt_table_exit();
	else
		bssdt_live = true;
	mutex_unlock(&bssdt_lock);

	if (err) {
		pr_err("not loaded: %s\n", msg);
		return err;
	}
	pr_info("%zu-byte table at /sys/kernel/%s/table\n", len,
		KBUILD_MODNAME);
	return 0;
}

static void __exit bssdt_exit(void)
{
	mutex_lock(&bssdt_lock);
	bssdt_live = false;
	bssdt_table_exit();
	mutex_unlock(&bssdt_lock);
}

module_init(bssdt_init);
module_exit(bssdt_exit);

MODULE_DESCRIPTION("Fake-battery ACPI SSDT for QEMU -acpitable, served through sysfs");
MODULE_AUTHOR("gpupass developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(GPUPASS_VERSION);
