/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every parameter of the battery SSDT, described once.  Included where
 * BSSDT_PARAM() is defined: params.c makes the parameter table from it,
 * and through that table come the tool's options, its --help, the
 * README's table and the module's parameters with their MODULE_PARM_DESC
 * (scripts/battery-params.sh writes module_params.h and the README table
 * from `battery-ssdt --markdown` and `--module-params`;
 * tests/host/ssdt-tool.sh fails when either differs).
 *
 * BSSDT_PARAM(name, kind, max, choices, default, description):
 *   name         field of struct bssdt_params, parameter and option name
 *   kind         how the value is parsed and checked: BSSDT_K_<kind>
 *   max          longest string, for string kinds; else 0
 *   choices      allowed values of a CHOICE: bssdt_ch_<choices>; else none
 *   default      the default, as text in the form the parameter accepts;
 *                the defaults reproduce ssdt1.dat byte for byte
 *   description  one line: meaning, unit, range
 *
 * No include guard: included once per use, with BSSDT_PARAM() defined.
 */
BSSDT_PARAM(oem_id, ID, BSSDT_OEM_ID_MAX, none, "BOCHS",
	    "table header OEM ID, 1-6 printable ASCII characters (NUL-padded)")
BSSDT_PARAM(oem_table_id, ID, BSSDT_OEM_TABLE_ID_MAX, none, "BXPCSSDT",
	    "table header OEM table ID, 1-8 printable ASCII characters")
BSSDT_PARAM(oem_revision, U32, 0, none, "1",
	    "table header OEM revision")
BSSDT_PARAM(creator_id, ID, BSSDT_CREATOR_ID_MAX, none, "INTL",
	    "table header creator ID, 1-4 printable ASCII characters")
BSSDT_PARAM(creator_revision, HEX32, 0, none, "0x20191018",
	    "table header creator revision")
BSSDT_PARAM(table_revision, CHOICE, 0, rev, "1",
	    "table header revision, 1 or 2; integers stay 32-bit in a QEMU guest either way")
BSSDT_PARAM(scope, SCOPE, BSSDT_SCOPE_MAX, none, "\\_SB.PCI0",
	    "ACPI scope of the battery: \\_SB or \\_SB.XXXX[.YYYY], a device the guest has")
BSSDT_PARAM(device_name, NAMESEG, BSSDT_NAMESEG_MAX, none, "BAT0",
	    "ACPI name of the battery device, [A-Z_][A-Z0-9_]{0,3}")
BSSDT_PARAM(uid, UID, 0, none, "0",
	    "_UID of the battery, 32 bits")
BSSDT_PARAM(sta, CHOICE, 0, sta, "0x1f",
	    "_STA: 0x1f battery present, 0x0f slot present but battery absent")
BSSDT_PARAM(power_unit, CHOICE, 0, unit, "mA",
	    "unit of capacities and rates: mW (0; mWh, mW) or mA (1; mAh, mA)")
BSSDT_PARAM(design_capacity, LINUX, 0, none, "6000",
	    "design capacity, mWh or mAh, <= 2147483 or unknown")
BSSDT_PARAM(full_charge_capacity, LINUX, 0, none, "6000",
	    "last full charge capacity, mWh or mAh, <= 2147483 or unknown")
BSSDT_PARAM(technology, CHOICE, 0, 01, "1",
	    "0 primary (not rechargeable), 1 secondary (rechargeable)")
BSSDT_PARAM(design_voltage, LINUX, 0, none, "14800",
	    "design voltage, mV, <= 2147483 or unknown")
BSSDT_PARAM(capacity_warning, CAP, 0, none, "600",
	    "design capacity of warning, mWh or mAh, <= full_charge_capacity")
BSSDT_PARAM(capacity_low, CAP, 0, none, "300",
	    "design capacity of low, mWh or mAh, <= capacity_warning")
BSSDT_PARAM(granularity1, U32U, 0, none, "60",
	    "capacity granularity between low and warning, mWh or mAh")
BSSDT_PARAM(granularity2, U32U, 0, none, "60",
	    "capacity granularity between warning and full, mWh or mAh")
BSSDT_PARAM(model_number, STR, BSSDT_STR_MAX, none, "",
	    "model number, <= 32 ASCII characters (Linux: model_name)")
BSSDT_PARAM(serial_number, STR, BSSDT_STR_MAX, none, "",
	    "serial number, <= 32 ASCII characters")
BSSDT_PARAM(battery_type, STR, BSSDT_STR_MAX, none, "LION",
	    "battery type, <= 32 ASCII characters (Linux: technology: LION, NiMH, NiCd, LiP)")
BSSDT_PARAM(oem_info, STR, BSSDT_STR_MAX, none, "",
	    "OEM information, <= 32 ASCII characters (Linux: manufacturer)")
BSSDT_PARAM(state, STATE, 0, none, "0",
	    "_BST state: 1 discharging, 2 charging (not both), +4 critical")
BSSDT_PARAM(present_rate, LINUX, 0, none, "0",
	    "present rate, mW or mA, <= 2147483 or unknown")
BSSDT_PARAM(remaining_capacity, LINUX, 0, none, "6000",
	    "remaining capacity, mWh or mAh, <= full_charge_capacity; cancels charge_percent")
BSSDT_PARAM(present_voltage, LINUX, 0, none, "14800",
	    "present voltage, mV, <= 2147483 or unknown")
BSSDT_PARAM(info_method, CHOICE, 0, info, "bif",
	    "battery information method: bif (_BIF, like ssdt1.dat) or bix (_BIX, ACPI 4.0+)")
BSSDT_PARAM(bix_revision, CHOICE, 0, 01, "0",
	    "_BIX revision: 0 (20 elements, what Windows documents) or 1 (21 elements)")
BSSDT_PARAM(cycle_count, U32U, 0, none, "0",
	    "_BIX cycle count, or unknown")
BSSDT_PARAM(measurement_accuracy, ACCURACY, 0, none, "100000",
	    "_BIX measurement accuracy, thousandths of a percent, 0-100000")
BSSDT_PARAM(max_sampling_time, U32U, 0, none, "unknown",
	    "_BIX max sampling time, ms")
BSSDT_PARAM(min_sampling_time, U32U, 0, none, "unknown",
	    "_BIX min sampling time, ms")
BSSDT_PARAM(max_averaging_interval, U32U, 0, none, "unknown",
	    "_BIX max averaging interval, ms")
BSSDT_PARAM(min_averaging_interval, U32U, 0, none, "unknown",
	    "_BIX min averaging interval, ms")
BSSDT_PARAM(swapping_capability, CHOICE, 0, swap, "0",
	    "_BIX revision 1 swapping capability: 0 none, 1 cold swap, 0x10 hot swap")
BSSDT_PARAM(ac_adapter, CHOICE, 0, onoff, "off",
	    "on adds Device (AC) with _HID ACPI0003, _PCL {\\_SB}, _STA 0x0f and _PSR")
BSSDT_PARAM(ac_online, CHOICE, 0, 01, "1",
	    "the AC adapter's _PSR: 1 on mains, 0 on battery")
BSSDT_PARAM(charge_percent, PERCENT, 0, none, "none",
	    "0-100: keep remaining_capacity at this share of full_charge_capacity; or none")
