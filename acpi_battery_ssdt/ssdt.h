/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The battery SSDT: its parameters (shared by the module's parameters and
 * the tool's options, so both accept the same names and values; each one
 * is described in params.h), their validation, and the table layout.  No
 * kernel dependency.
 */
#ifndef BSSDT_SSDT_H
#define BSSDT_SSDT_H

#include "aml_types.h"

#define BSSDT_UNKNOWN		0xffffffffU	/* "unknown" in _BIF/_BIX/_BST */
#define BSSDT_CAP_MAX		0x7fffffffU
/* Linux reads capacities, rates and voltages as int, times 1000. */
#define BSSDT_LINUX_MAX		2147483U
#define BSSDT_ACCURACY_MAX	100000U	/* 100.000 % */
#define BSSDT_STATE_DISCHARGING	1
#define BSSDT_OEM_ID_MAX	6
#define BSSDT_OEM_TABLE_ID_MAX	8
#define BSSDT_CREATOR_ID_MAX	4
#define BSSDT_NAMESEG_MAX	4
#define BSSDT_STR_MAX		32
#define BSSDT_SCOPE_MAX		16	/* "\_SB_.XXXX.YYYY" */
#define BSSDT_MSG_LEN		256
#define BSSDT_PERCENT_NONE	0xffffffffU

#define BSSDT_CHOICE_END	0xffffffffU

#define BSSDT_INFO_BIF		0
#define BSSDT_INFO_BIX		1

/*
 * struct bssdt_params - everything that determines the table
 *
 * Field names are the parameter names.  Strings are NUL-terminated.
 * charge_percent is BSSDT_PERCENT_NONE unless set; while set,
 * remaining_capacity follows full_charge_capacity (see bssdt_resolve()).
 * @hex is not a parameter: bit i set means parameter i of
 * bssdt_param_list was given in hex, and messages show it in hex.
 */
struct bssdt_params {
	char oem_id[BSSDT_OEM_ID_MAX + 1];
	char oem_table_id[BSSDT_OEM_TABLE_ID_MAX + 1];
	u32 oem_revision;
	char creator_id[BSSDT_CREATOR_ID_MAX + 1];
	u32 creator_revision;
	u32 table_revision;
	char scope[BSSDT_SCOPE_MAX + 1];
	char device_name[BSSDT_NAMESEG_MAX + 1];
	u64 uid;
	u32 sta;
	u32 power_unit;
	u32 design_capacity;
	u32 full_charge_capacity;
	u32 technology;
	u32 design_voltage;
	u32 capacity_warning;
	u32 capacity_low;
	u32 granularity1;
	u32 granularity2;
	char model_number[BSSDT_STR_MAX + 1];
	char serial_number[BSSDT_STR_MAX + 1];
	char battery_type[BSSDT_STR_MAX + 1];
	char oem_info[BSSDT_STR_MAX + 1];
	u32 state;
	u32 present_rate;
	u32 remaining_capacity;
	u32 present_voltage;
	u32 info_method;
	u32 bix_revision;
	u32 cycle_count;
	u32 measurement_accuracy;
	u32 max_sampling_time;
	u32 min_sampling_time;
	u32 max_averaging_interval;
	u32 min_averaging_interval;
	u32 swapping_capability;
	u32 ac_adapter;
	u32 ac_online;
	u32 charge_percent;
	u64 hex;
};

/* How a parameter's value is parsed, stored and checked (params.c). */
enum bssdt_kind {
	BSSDT_K_ID,		/* header id: 1..N printable ASCII, NUL-padded */
	BSSDT_K_STR,		/* AML string: 0..32 chars of 7-bit ASCII */
	BSSDT_K_SCOPE,		/* \_SB or \_SB.XXXX[.YYYY] */
	BSSDT_K_NAMESEG,	/* ACPI name: [A-Z_][A-Z0-9_]{0,3} */
	BSSDT_K_U32,		/* any 32-bit value, shown in decimal */
	BSSDT_K_HEX32,		/* any 32-bit value, shown in hex */
	BSSDT_K_U32U,		/* any 32-bit value, 0xFFFFFFFF is "unknown" */
	BSSDT_K_CAP,		/* 0..0x7FFFFFFF or unknown (0xFFFFFFFF) */
	BSSDT_K_LINUX,		/* CAP that Linux multiplies by 1000 into an int */
	BSSDT_K_ACCURACY,	/* 0..100000: thousandths of a percent */
	BSSDT_K_UID,		/* parsed as 64 bits, must fit in 32 */
	BSSDT_K_CHOICE,		/* one of a list */
	BSSDT_K_STATE,		/* _BST state bits */
	BSSDT_K_PERCENT,	/* 0..100 or "none" */
};

/**
 * struct bssdt_choice - one allowed value of an enumerated parameter
 * @name: its name ("bix", "on"), or NULL if only the number is accepted
 * @value: the stored value; BSSDT_CHOICE_END ends a list
 */
struct bssdt_choice {
	const char *name;
	u32 value;
};

/**
 * struct bssdt_param - description of one parameter
 * @name: parameter / option name
 * @desc: one-line description with units and allowed values
 * @def: the default, as text
 * @kind: how the value is parsed, stored and checked (enum bssdt_kind)
 * @offset: offset of the field in struct bssdt_params
 * @max: longest allowed string, for string parameters
 * @choices: allowed values of an enumerated parameter, else NULL
 */
struct bssdt_param {
	const char *name;
	const char *desc;
	const char *def;
	int kind;
	unsigned short offset;
	unsigned short max;
	const struct bssdt_choice *choices;
};

extern const struct bssdt_param bssdt_param_list[];
extern const unsigned int bssdt_param_count;

const struct bssdt_param *bssdt_param_find(const char *name);
int bssdt_params_init(struct bssdt_params *p);
int bssdt_param_set(struct bssdt_params *p, const struct bssdt_param *d,
		    const char *val, char *msg, size_t msglen);
int bssdt_param_get(const struct bssdt_params *p,
		    const struct bssdt_param *d, char *buf, size_t len);
int bssdt_scope_split(const char *s, char segs[3][5], char *msg,
		      size_t msglen);
void bssdt_resolve(struct bssdt_params *p);
int bssdt_validate(const struct bssdt_params *p, char *msg, size_t msglen);
int bssdt_check_length(size_t len, char *msg, size_t msglen);
int bssdt_build(const struct bssdt_params *p, u8 *buf, size_t cap,
		size_t *len, char *msg, size_t msglen);

#endif /* BSSDT_SSDT_H */
