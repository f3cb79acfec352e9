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

/* The parameters of the current table (before init: of the table to be). */
static struct bssdt_params bssdt_cur = BSSDT_PARAMS_DEFAULT;
/* Scratch copy for a write; static to keep it off the stack. */
static struct bssdt_params bssdt_next;
/*
 * Set once init built the first table.  Until then (while the module's
 * command line is parsed) writes are only parsed: rules that relate two
 * parameters are checked by init, when all of them are known.
 */
static bool bssdt_live;

static int bssdt_param_store(const char *val, const struct kernel_param *kp)
{
	const struct bssdt_param *d = bssdt_param_find(kp->arg);
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
	bssdt_next = bssdt_cur;
	err = bssdt_param_set(&bssdt_next, d, val, msg, sizeof(msg));
	if (!err && live)
		err = bssdt_table_update(&bssdt_next, msg, sizeof(msg));
	if (!err)
		bssdt_cur = bssdt_next;
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
	const struct bssdt_param *d = bssdt_param_find(kp->arg);
	int n;

	if (WARN_ON_ONCE(!d))
		return -EINVAL;
	mutex_lock(&bssdt_lock);
	n = bssdt_param_get(&bssdt_cur, d, buf, PAGE_SIZE - 1);
	mutex_unlock(&bssdt_lock);
	n = clamp(n, 0, (int)PAGE_SIZE - 2);
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}

static const struct kernel_param_ops bssdt_param_ops = {
	.set = bssdt_param_store,
	.get = bssdt_param_show,
};

/* The parameter's name is its key into the shared table in params.c. */
#define BSSDT_PARAM(name) module_param_cb(name, &bssdt_param_ops, #name, 0644)

BSSDT_PARAM(oem_id);
MODULE_PARM_DESC(oem_id, "Header OEM ID, 1-6 printable ASCII (BOCHS)");
BSSDT_PARAM(oem_table_id);
MODULE_PARM_DESC(oem_table_id, "Header OEM table ID, 1-8 printable ASCII (BXPCSSDT)");
BSSDT_PARAM(oem_revision);
MODULE_PARM_DESC(oem_revision, "Header OEM revision (1)");
BSSDT_PARAM(creator_id);
MODULE_PARM_DESC(creator_id, "Header creator ID, 1-4 printable ASCII (INTL)");
BSSDT_PARAM(creator_revision);
MODULE_PARM_DESC(creator_revision, "Header creator revision (0x20191018)");
BSSDT_PARAM(table_revision);
MODULE_PARM_DESC(table_revision, "1: 32-bit AML integers, 2: 64-bit (1)");
BSSDT_PARAM(scope);
MODULE_PARM_DESC(scope, "Scope of the battery: \\_SB or \\_SB.XXXX[.YYYY] (\\_SB.PCI0)");
BSSDT_PARAM(device_name);
MODULE_PARM_DESC(device_name, "ACPI name of the battery (BAT0)");
BSSDT_PARAM(uid);
MODULE_PARM_DESC(uid, "Battery _UID (0)");
BSSDT_PARAM(sta);
MODULE_PARM_DESC(sta, "Battery _STA: 0x1f present, 0x0f absent (0x1f)");
BSSDT_PARAM(power_unit);
MODULE_PARM_DESC(power_unit, "0 or mW: mW/mWh, 1 or mA: mA/mAh (mA)");
BSSDT_PARAM(design_capacity);
MODULE_PARM_DESC(design_capacity, "Design capacity, mWh or mAh, or unknown (6000)");
BSSDT_PARAM(full_charge_capacity);
MODULE_PARM_DESC(full_charge_capacity, "Last full charge capacity, mWh or mAh (6000)");
BSSDT_PARAM(technology);
MODULE_PARM_DESC(technology, "0 primary, 1 rechargeable (1)");
BSSDT_PARAM(design_voltage);
MODULE_PARM_DESC(design_voltage, "Design voltage, mV (14800)");
BSSDT_PARAM(capacity_warning);
MODULE_PARM_DESC(capacity_warning, "Warning level, mWh or mAh, <= full (600)");
BSSDT_PARAM(capacity_low);
MODULE_PARM_DESC(capacity_low, "Low level, mWh or mAh, <= warning (300)");
BSSDT_PARAM(granularity1);
MODULE_PARM_DESC(granularity1, "Capacity granularity low to warning (60)");
BSSDT_PARAM(granularity2);
MODULE_PARM_DESC(granularity2, "Capacity granularity warning to full (60)");
BSSDT_PARAM(model_number);
MODULE_PARM_DESC(model_number, "Model number, <= 32 ASCII chars ()");
BSSDT_PARAM(serial_number);
MODULE_PARM_DESC(serial_number, "Serial number, <= 32 ASCII chars ()");
BSSDT_PARAM(battery_type);
MODULE_PARM_DESC(battery_type, "Battery type, <= 32 ASCII chars (LION)");
BSSDT_PARAM(oem_info);
MODULE_PARM_DESC(oem_info, "OEM information, <= 32 ASCII chars ()");
BSSDT_PARAM(state);
MODULE_PARM_DESC(state, "_BST state: 1 discharging, 2 charging, +4 critical (0)");
BSSDT_PARAM(present_rate);
MODULE_PARM_DESC(present_rate, "Present rate, mW or mA (0)");
BSSDT_PARAM(remaining_capacity);
MODULE_PARM_DESC(remaining_capacity, "Remaining capacity, mWh or mAh, <= full (6000)");
BSSDT_PARAM(present_voltage);
MODULE_PARM_DESC(present_voltage, "Present voltage, mV (14800)");
BSSDT_PARAM(info_method);
MODULE_PARM_DESC(info_method, "bif: _BIF, bix: _BIX (bif)");
BSSDT_PARAM(bix_revision);
MODULE_PARM_DESC(bix_revision, "_BIX revision 0 or 1 (0)");
BSSDT_PARAM(cycle_count);
MODULE_PARM_DESC(cycle_count, "_BIX cycle count (0)");
BSSDT_PARAM(measurement_accuracy);
MODULE_PARM_DESC(measurement_accuracy, "_BIX accuracy, 1/1000 % (100000)");
BSSDT_PARAM(max_sampling_time);
MODULE_PARM_DESC(max_sampling_time, "_BIX max sampling time, ms (unknown)");
BSSDT_PARAM(min_sampling_time);
MODULE_PARM_DESC(min_sampling_time, "_BIX min sampling time, ms (unknown)");
BSSDT_PARAM(max_averaging_interval);
MODULE_PARM_DESC(max_averaging_interval, "_BIX max averaging interval, ms (unknown)");
BSSDT_PARAM(min_averaging_interval);
MODULE_PARM_DESC(min_averaging_interval, "_BIX min averaging interval, ms (unknown)");
BSSDT_PARAM(swapping_capability);
MODULE_PARM_DESC(swapping_capability, "_BIX rev 1: 0 none, 1 cold, 0x10 hot (0)");
BSSDT_PARAM(ac_adapter);
MODULE_PARM_DESC(ac_adapter, "Add an AC adapter device: off or on (off)");
BSSDT_PARAM(ac_online);
MODULE_PARM_DESC(ac_online, "AC adapter _PSR: 0 or 1 (1)");
BSSDT_PARAM(charge_percent);
MODULE_PARM_DESC(charge_percent, "Set remaining_capacity to this % of full, or none (none)");

static int __init bssdt_init(void)
{
	char msg[BSSDT_MSG_LEN] = "";
	size_t len = 0;
	int err;

	mutex_lock(&bssdt_lock);
	/* Check the parameters before anything appears in sysfs. */
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
