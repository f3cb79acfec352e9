/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated from params.h by scripts/battery-params.sh: do not edit.
 * Included by module.c, which defines bssdt_param_ops.
 */

module_param_cb(oem_id, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(oem_id,
		 "table header OEM ID, 1-6 printable ASCII characters (NUL-padded) [default: BOCHS]");

module_param_cb(oem_table_id, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(oem_table_id,
		 "table header OEM table ID, 1-8 printable ASCII characters [default: BXPCSSDT]");

module_param_cb(oem_revision, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(oem_revision,
		 "table header OEM revision [default: 1]");

module_param_cb(creator_id, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(creator_id,
		 "table header creator ID, 1-4 printable ASCII characters [default: INTL]");

module_param_cb(creator_revision, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(creator_revision,
		 "table header creator revision [default: 0x20191018]");

module_param_cb(table_revision, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(table_revision,
		 "table header revision, 1 or 2; integers stay 32-bit in a QEMU guest either way [default: 1]");

module_param_cb(scope, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(scope,
		 "ACPI scope of the battery: \\_SB or \\_SB.XXXX[.YYYY], a device the guest has [default: \\_SB.PCI0]");

module_param_cb(device_name, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(device_name,
		 "ACPI name of the battery device, [A-Z_][A-Z0-9_]{0,3} [default: BAT0]");

module_param_cb(uid, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(uid,
		 "_UID of the battery, 32 bits [default: 0]");

module_param_cb(sta, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(sta,
		 "_STA: 0x1f battery present, 0x0f slot present but battery absent [default: 0x1f]");

module_param_cb(power_unit, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(power_unit,
		 "unit of capacities and rates: mW (0; mWh, mW) or mA (1; mAh, mA) [default: mA]");

module_param_cb(design_capacity, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(design_capacity,
		 "design capacity, mWh or mAh, <= 2147483 or unknown [default: 6000]");

module_param_cb(full_charge_capacity, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(full_charge_capacity,
		 "last full charge capacity, mWh or mAh, <= 2147483 or unknown [default: 6000]");

module_param_cb(technology, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(technology,
		 "0 primary (not rechargeable), 1 secondary (rechargeable) [default: 1]");

module_param_cb(design_voltage, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(design_voltage,
		 "design voltage, mV, <= 2147483 or unknown [default: 14800]");

module_param_cb(capacity_warning, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(capacity_warning,
		 "design capacity of warning, mWh or mAh, <= full_charge_capacity [default: 600]");

module_param_cb(capacity_low, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(capacity_low,
		 "design capacity of low, mWh or mAh, <= capacity_warning [default: 300]");

module_param_cb(granularity1, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(granularity1,
		 "capacity granularity between low and warning, mWh or mAh [default: 60]");

module_param_cb(granularity2, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(granularity2,
		 "capacity granularity between warning and full, mWh or mAh [default: 60]");

module_param_cb(model_number, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(model_number,
		 "model number, <= 32 ASCII characters (Linux: model_name) [default: ]");

module_param_cb(serial_number, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(serial_number,
		 "serial number, <= 32 ASCII characters [default: ]");

module_param_cb(battery_type, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(battery_type,
		 "battery type, <= 32 ASCII characters (Linux: technology: LION, NiMH, NiCd, LiP) [default: LION]");

module_param_cb(oem_info, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(oem_info,
		 "OEM information, <= 32 ASCII characters (Linux: manufacturer) [default: ]");

module_param_cb(state, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(state,
		 "_BST state: 1 discharging, 2 charging (not both), +4 critical [default: 0]");

module_param_cb(present_rate, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(present_rate,
		 "present rate, mW or mA, <= 2147483 or unknown [default: 0]");

module_param_cb(remaining_capacity, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(remaining_capacity,
		 "remaining capacity, mWh or mAh, <= full_charge_capacity; cancels charge_percent [default: 6000]");

module_param_cb(present_voltage, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(present_voltage,
		 "present voltage, mV, <= 2147483 or unknown [default: 14800]");

module_param_cb(info_method, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(info_method,
		 "battery information method: bif (_BIF, like ssdt1.dat) or bix (_BIX, ACPI 4.0+) [default: bif]");

module_param_cb(bix_revision, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(bix_revision,
		 "_BIX revision: 0 (20 elements, what Windows documents) or 1 (21 elements) [default: 0]");

module_param_cb(cycle_count, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(cycle_count,
		 "_BIX cycle count, or unknown [default: 0]");

module_param_cb(measurement_accuracy, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(measurement_accuracy,
		 "_BIX measurement accuracy, thousandths of a percent, 0-100000 [default: 100000]");

module_param_cb(max_sampling_time, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(max_sampling_time,
		 "_BIX max sampling time, ms [default: unknown]");

module_param_cb(min_sampling_time, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(min_sampling_time,
		 "_BIX min sampling time, ms [default: unknown]");

module_param_cb(max_averaging_interval, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(max_averaging_interval,
		 "_BIX max averaging interval, ms [default: unknown]");

module_param_cb(min_averaging_interval, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(min_averaging_interval,
		 "_BIX min averaging interval, ms [default: unknown]");

module_param_cb(swapping_capability, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(swapping_capability,
		 "_BIX revision 1 swapping capability: 0 none, 1 cold swap, 0x10 hot swap [default: 0]");

module_param_cb(ac_adapter, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(ac_adapter,
		 "on adds Device (AC) with _HID ACPI0003, _PCL {\\_SB}, _STA 0x0f and _PSR [default: off]");

module_param_cb(ac_online, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(ac_online,
		 "the AC adapter's _PSR: 1 on mains, 0 on battery [default: 1]");

module_param_cb(charge_percent, &bssdt_param_ops, NULL, 0644);
MODULE_PARM_DESC(charge_percent,
		 "0-100: keep remaining_capacity at this share of full_charge_capacity; or none [default: none]");
