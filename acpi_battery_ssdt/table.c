// SPDX-License-Identifier: GPL-2.0
/*
 * The current table and /sys/kernel/acpi_battery_ssdt/table, which QEMU
 * reads with -acpitable file=...
 *
 * A new table is built completely in a new buffer and then published with
 * one pointer store, so a read sees the old or the new table, never a mix.
 * The file's declared size is the table length: kernfs then ends reads
 * exactly at the table's end, and a reader that already got the whole
 * table gets EOF next even if the table changed meanwhile.  The size is
 * fixed when the file is created, so the file is re-created when the
 * length changes; a reader that opens it in that moment gets ENOENT, never
 * a table cut to the wrong length.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include "compat.h"
#include "internal.h"

struct bssdt_table {
	struct rcu_head rcu;
	size_t len;
	u8 data[];
};

static struct bssdt_table __rcu *bssdt_table;
static struct kobject *bssdt_kobj;
static bool bssdt_file;		/* the table file exists */

static ssize_t table_read(struct file *filp, struct kobject *kobj,
			  gpupass_bin_attr *attr, char *buf, loff_t off,
			  size_t count)
{
	struct bssdt_table *t;
	ssize_t ret = 0;

	/*
	 * No mutex here: re-creating the file waits for running reads, and
	 * that happens with bssdt_lock held.
	 */
	rcu_read_lock();
	t = rcu_dereference(bssdt_table);
	if (t)
		ret = memory_read_from_buffer(buf, count, &off, t->data, t->len);
	rcu_read_unlock();
	return ret;
}

/* Not const: .size is set to the table length before each (re)creation. */
static struct bin_attribute bssdt_table_attr = {
	.attr = { .name = "table", .mode = 0444 },
	GPUPASS_BIN_ATTR_READ(table_read),
};

/**
 * bssdt_table_init() - create the directory /sys/kernel/acpi_battery_ssdt
 *
 * Return: 0 or -ENOMEM.  The table file appears with the first
 * bssdt_table_update().
 */
int bssdt_table_init(void)
{
	bssdt_kobj = kobject_create_and_add(KBUILD_MODNAME, kernel_kobj);
	return bssdt_kobj ? 0 : -ENOMEM;
}

/**
 * bssdt_table_exit() - remove the sysfs directory and free the table
 *
 * Context: bssdt_lock held.  Safe after a failed or partial init.
 */
void bssdt_table_exit(void)
{
	struct bssdt_table *t;

	if (bssdt_file)
		sysfs_remove_bin_file(bssdt_kobj, &bssdt_table_attr);
	bssdt_file = false;
	kobject_put(bssdt_kobj);
	bssdt_kobj = NULL;
	t = rcu_replace_pointer(bssdt_table, NULL,
				lockdep_is_held(&bssdt_lock));
	/* The file is gone and kernfs has drained its readers. */
	kfree(t);
}

static int table_file_create(size_t len)
{
	int err;

	if (bssdt_file)
		sysfs_remove_bin_file(bssdt_kobj, &bssdt_table_attr);
	bssdt_table_attr.size = len;
	err = sysfs_create_bin_file(bssdt_kobj, &bssdt_table_attr);
	bssdt_file = !err;
	return err;
}

/**
 * bssdt_table_update() - build the table for @p and publish it
 * @p: the parameters
 * @msg: on error, receives a message naming the parameter and the rule
 * @msglen: size of @msg
 *
 * On error the current table and file stay as they were.
 *
 * Context: bssdt_lock held; sleeps.
 * Return: 0, -EINVAL for parameters that break a rule, or another
 * negative errno when memory or the sysfs file could not be had.
 */
int bssdt_table_update(const struct bssdt_params *p, char *msg,
		       size_t msglen)
{
	struct bssdt_table *t, *old;
	bool resize;
	size_t len;
	int err;

	lockdep_assert_held(&bssdt_lock);
	err = bssdt_build(p, NULL, 0, &len, msg, msglen);
	if (err)
		return err;
	t = kmalloc(struct_size(t, data, len), GFP_KERNEL);
	if (!t) {
		snprintf(msg, msglen, "table: out of memory");
		return -ENOMEM;
	}
	err = bssdt_build(p, t->data, len, &t->len, msg, msglen);
	if (err) {
		kfree(t);
		return err;
	}

	old = rcu_dereference_protected(bssdt_table,
					lockdep_is_held(&bssdt_lock));
	resize = !bssdt_file || !old || old->len != t->len;
	/*
	 * A reader of a file sized for the old table must never be served
	 * the new one: kernfs would cut it at the old length.  So a file of
	 * the wrong size goes before the new table is published (removal
	 * waits for its running reads) and the new file comes after.
	 */
	if (resize && bssdt_file) {
		sysfs_remove_bin_file(bssdt_kobj, &bssdt_table_attr);
		bssdt_file = false;
	}
	rcu_assign_pointer(bssdt_table, t);
	if (resize) {
		err = table_file_create(t->len);
		if (err) {
			/* Put the old table back, in a file of its size. */
			rcu_assign_pointer(bssdt_table, old);
			if (old)
				table_file_create(old->len);
			snprintf(msg, msglen,
				 "table: cannot create the sysfs file (%d)", err);
			kfree_rcu(t, rcu);
			return err;
		}
	}
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}
