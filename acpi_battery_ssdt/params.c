// SPDX-License-Identifier: GPL-2.0
/*
 * The battery SSDT's parameters: the table made from params.h, parsing
 * and printing of values, and validation.  The module's
 * parameters and the tool's options both go through here, so they take
 * the same names, the same syntax and give the same error messages.
 *
 * No kernel dependency: this file is also compiled into the userspace tool.
 */
#include "ssdt.h"

#define END { NULL, BSSDT_CHOICE_END }

static const struct bssdt_choice bssdt_ch_rev[] = {
	{ NULL, 1 }, { NULL, 2 }, END,
};

static const struct bssdt_choice bssdt_ch_sta[] = {
	{ NULL, 0x0f }, { NULL, 0x1f }, END,
};

static const struct bssdt_choice bssdt_ch_unit[] = {
	{ "mW", 0 }, { "mA", 1 }, END,
};

static const struct bssdt_choice bssdt_ch_01[] = {
	{ NULL, 0 }, { NULL, 1 }, END,
};

static const struct bssdt_choice bssdt_ch_info[] = {
	{ "bif", BSSDT_INFO_BIF }, { "bix", BSSDT_INFO_BIX }, END,
};

static const struct bssdt_choice bssdt_ch_swap[] = {
	{ NULL, 0 }, { NULL, 1 }, { NULL, 0x10 }, END,
};

static const struct bssdt_choice bssdt_ch_onoff[] = {
	{ "off", 0 }, { "on", 1 }, { "0", 0 }, { "1", 1 }, END,
};

#undef END
#define bssdt_ch_none NULL

#define BSSDT_PARAM(n, k, m, ch, dflt, dsc) {				\
	.name = #n, .desc = dsc, .def = dflt, .kind = BSSDT_K_##k,	\
	.offset = offsetof(struct bssdt_params, n), .max = m,		\
	.choices = bssdt_ch_##ch,					\
},

const struct bssdt_param bssdt_param_list[] = {
#include "params.h"
};

#undef BSSDT_PARAM

const unsigned int bssdt_param_count = ARRAY_SIZE(bssdt_param_list);

/* struct bssdt_params.hex has one bit per parameter. */
static_assert(ARRAY_SIZE(bssdt_param_list) <= 64, "bssdt_params.hex is too small");

/**
 * bssdt_param_find() - look a parameter up by name
 * @name: the parameter name
 *
 * Return: its description, or NULL.
 */
const struct bssdt_param *bssdt_param_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < bssdt_param_count; i++)
		if (!strcmp(bssdt_param_list[i].name, name))
			return &bssdt_param_list[i];
	return NULL;
}

/**
 * bssdt_params_init() - the default parameters
 * @p: receives them
 *
 * Parses every parameter's default text, so the defaults are exactly what
 * the documentation shows.  They reproduce ssdt1.dat byte for byte.
 *
 * Return: 0, or -EINVAL if a default does not parse (a bug in params.h).
 */
int bssdt_params_init(struct bssdt_params *p)
{
	char msg[BSSDT_MSG_LEN];
	unsigned int i;
	int err;

	memset(p, 0, sizeof(*p));
	p->charge_percent = BSSDT_PERCENT_NONE;
	for (i = 0; i < bssdt_param_count; i++) {
		err = bssdt_param_set(p, &bssdt_param_list[i],
				      bssdt_param_list[i].def, msg, sizeof(msg));
		if (err)
			return err;
	}
	return 0;
}

static void *field(struct bssdt_params *p, const struct bssdt_param *d)
{
	return (char *)p + d->offset;
}

static const void *cfield(const struct bssdt_params *p,
			  const struct bssdt_param *d)
{
	return (const char *)p + d->offset;
}

static u32 get32(const struct bssdt_params *p, const struct bssdt_param *d)
{
	return *(const u32 *)cfield(p, d);
}

/*
 * Decimal or 0x-prefixed hex; the whole string must be a number.  *hex
 * says which, so that messages can show the value the way it was typed.
 */
static int parse_u64(const char *s, u64 *out, bool *hex)
{
	unsigned int base = 10;
	u64 v = 0;

	*hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (*hex) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int digit;

		if (*s >= '0' && *s <= '9')
			digit = *s - '0';
		else if (base == 16 && (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')
			digit = (*s | 0x20) - 'a' + 10;
		else
			return -EINVAL;
		if (v > (~0ULL - digit) / base)
			return -ERANGE;
		v = v * base + digit;
	}
	*out = v;
	return 0;
}

static bool nameseg_ok(const char *s)
{
	size_t i, len = strlen(s);

	if (len < 1 || len > 4)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || c == '_' ||
		      (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static int scope_bad(char *msg, size_t msglen)
{
	snprintf(msg, msglen,
		 "scope: must be \\_SB or \\_SB.XXXX[.YYYY] with ACPI names [A-Z_][A-Z0-9_]{0,3}");
	return -EINVAL;
}

/**
 * bssdt_scope_split() - split the scope parameter into NameSegs
 * @s: the scope as written: "\_SB", "\_SB.PCI0", "_SB_.PCI0.LPCB"...
 * @segs: receives the segments (unpadded), the first one "_SB" or "_SB_"
 * @msg: on error, receives a message naming the parameter and the rule
 * @msglen: size of @msg
 *
 * The leading backslash is optional; at most three segments.
 *
 * Return: number of segments, or -EINVAL.
 */
int bssdt_scope_split(const char *s, char segs[3][5], char *msg,
		      size_t msglen)
{
	int n = 0;
	size_t len;

	if (*s == '\\')
		s++;
	for (;;) {
		const char *dot = strchr(s, '.');

		len = dot ? (size_t)(dot - s) : strlen(s);
		if (n == 3 || len < 1 || len > 4)
			return scope_bad(msg, msglen);
		memcpy(segs[n], s, len);
		segs[n][len] = '\0';
		if (!nameseg_ok(segs[n]))
			return scope_bad(msg, msglen);
		n++;
		if (!dot)
			break;
		s = dot + 1;
	}
	if (strcmp(segs[0], "_SB") && strcmp(segs[0], "_SB_"))
		return scope_bad(msg, msglen);
	return n;
}

/* "1, 2" or "bif, bix": the values an enumerated parameter accepts. */
static void choice_list(const struct bssdt_param *d, char *buf, size_t len)
{
	const struct bssdt_choice *c;
	size_t n = 0;

	buf[0] = '\0';
	for (c = d->choices; c->value != BSSDT_CHOICE_END && n < len; c++) {
		const char *sep = c == d->choices ? "" : ", ";

		if (c->name)
			n += snprintf(buf + n, len - n, "%s%s", sep, c->name);
		else if (c->value > 9)
			n += snprintf(buf + n, len - n, "%s0x%02x", sep, c->value);
		else
			n += snprintf(buf + n, len - n, "%s%u", sep, c->value);
	}
}

static unsigned int param_index(const struct bssdt_param *d)
{
	return d - bssdt_param_list;
}

/* @v as the user wrote @d's value: 0x-hex or decimal. */
static const char *num(const struct bssdt_params *p,
		       const struct bssdt_param *d, u64 v, char buf[24])
{
	if (p->hex & (1ULL << param_index(d)))
		snprintf(buf, 24, "0x%llx", v);
	else
		snprintf(buf, 24, "%llu", v);
	return buf;
}

/* The same, for a parameter given by name. */
static const char *num_of(const struct bssdt_params *p, const char *name,
			  u64 v, char buf[24])
{
	return num(p, bssdt_param_find(name), v, buf);
}

/* Field-local rules, checked on the stored value. */
static int check_field(const struct bssdt_params *p,
		       const struct bssdt_param *d, char *msg, size_t msglen)
{
	const struct bssdt_choice *c;
	const char *s = cfield(p, d);
	char segs[3][5], list[48], a[24], b[24];
	u64 v64;
	u32 v = 0;
	size_t i;

	if (d->kind != BSSDT_K_ID && d->kind != BSSDT_K_STR && d->kind != BSSDT_K_SCOPE &&
	    d->kind != BSSDT_K_NAMESEG && d->kind != BSSDT_K_UID)
		v = get32(p, d);

	switch (d->kind) {
	case BSSDT_K_ID:
		for (i = 0; s[i]; i++)
			if (s[i] < 0x20 || s[i] > 0x7e)
				break;
		if (i == 0 || s[i]) {
			snprintf(msg, msglen,
				 "%s: must be 1 to %u printable ASCII characters",
				 d->name, d->max);
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_STR:
		for (i = 0; s[i]; i++) {
			if ((u8)s[i] > 0x7f) {
				snprintf(msg, msglen,
					 "%s: must be 7-bit ASCII (byte %zu is 0x%02x)",
					 d->name, i, (u8)s[i]);
				return -EINVAL;
			}
		}
		return 0;
	case BSSDT_K_SCOPE:
		return bssdt_scope_split(s, segs, msg, msglen) < 0 ? -EINVAL : 0;
	case BSSDT_K_NAMESEG:
		if (!nameseg_ok(s)) {
			snprintf(msg, msglen,
				 "%s: must be an ACPI name, 1-4 characters [A-Z_][A-Z0-9_]{0,3}",
				 d->name);
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_CAP:
		if (v > BSSDT_CAP_MAX && v != BSSDT_UNKNOWN) {
			snprintf(msg, msglen,
				 "%s: must be <= 0x7fffffff or unknown (0xffffffff), got %s",
				 d->name, num(p, d, v, a));
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_LINUX:
		/*
		 * Linux's battery driver multiplies these by 1000 into an
		 * int (drivers/acpi/battery.c, acpi_battery_get_property()):
		 * larger values show up negative in the guest's sysfs.
		 */
		if (v > BSSDT_LINUX_MAX && v != BSSDT_UNKNOWN) {
			snprintf(msg, msglen,
				 "%s: must be <= 2147483 or unknown, got %s: Linux guests multiply it by 1000 into an int, which overflows",
				 d->name, num(p, d, v, a));
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_ACCURACY:
		if (v > BSSDT_ACCURACY_MAX) {
			snprintf(msg, msglen,
				 "%s: must be 0 to 100000 (thousandths of a percent, at most 100.000 %%; ACPI 6.5, 10.2.2.2), got %s",
				 d->name, num(p, d, v, a));
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_UID:
		/*
		 * QEMU's x86 DSDT has revision 1, and the DSDT's revision sets
		 * the integer width of the whole namespace: the guest's ACPICA
		 * truncates larger constants to 32 bits ("Truncated 64-bit
		 * constant found in 32-bit table"), whatever this table's
		 * revision.
		 */
		v64 = *(const u64 *)s;
		if (v64 > 0xffffffffULL) {
			snprintf(msg, msglen,
				 "%s: must be <= 0xffffffff, got %s: QEMU's DSDT has revision 1, so the guest reads 32-bit integers and would see %s",
				 d->name, num(p, d, v64, a),
				 num(p, d, v64 & 0xffffffffULL, b));
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_CHOICE:
		for (c = d->choices; c->value != BSSDT_CHOICE_END; c++)
			if (c->value == v)
				return 0;
		choice_list(d, list, sizeof(list));
		snprintf(msg, msglen, "%s: must be one of %s; got %s",
			 d->name, list, num(p, d, v, a));
		return -EINVAL;
	case BSSDT_K_STATE:
		if (v > 7 || (v & 3) == 3) {
			snprintf(msg, msglen,
				 "%s: must be 0-7 and not both charging (2) and discharging (1), got %s",
				 d->name, num(p, d, v, a));
			return -EINVAL;
		}
		return 0;
	case BSSDT_K_PERCENT:
		if (v > 100 && v != BSSDT_PERCENT_NONE) {
			snprintf(msg, msglen, "%s: must be 0-100 or none, got %s",
				 d->name, num(p, d, v, a));
			return -EINVAL;
		}
		return 0;
	default:
		return 0;
	}
}

static int set_string(struct bssdt_params *p, const struct bssdt_param *d,
		      const char *val, char *msg, size_t msglen)
{
	size_t len = strlen(val);

	if (len > d->max) {
		if (d->kind == BSSDT_K_SCOPE)
			return scope_bad(msg, msglen);
		if (d->kind == BSSDT_K_NAMESEG)
			snprintf(msg, msglen,
				 "%s: must be an ACPI name, 1-4 characters [A-Z_][A-Z0-9_]{0,3}",
				 d->name);
		else if (d->kind == BSSDT_K_ID)
			snprintf(msg, msglen,
				 "%s: must be 1 to %u printable ASCII characters",
				 d->name, d->max);
		else
			snprintf(msg, msglen,
				 "%s: must be at most %u characters, got %zu",
				 d->name, d->max, len);
		return -EINVAL;
	}
	memcpy(field(p, d), val, len + 1);
	return 0;
}

static bool takes_unknown(const struct bssdt_param *d)
{
	return d->kind == BSSDT_K_CAP || d->kind == BSSDT_K_LINUX || d->kind == BSSDT_K_U32U;
}

static int set_number(struct bssdt_params *p, const struct bssdt_param *d,
		      const char *val, char *msg, size_t msglen)
{
	const struct bssdt_choice *c;
	bool hex = false;
	u64 v;

	if (d->kind == BSSDT_K_CHOICE) {
		for (c = d->choices; c->value != BSSDT_CHOICE_END; c++) {
			if (c->name && !strcmp(c->name, val)) {
				*(u32 *)field(p, d) = c->value;
				return 0;
			}
		}
	}
	if (takes_unknown(d) && !strcmp(val, "unknown"))
		v = BSSDT_UNKNOWN;
	else if (d->kind == BSSDT_K_PERCENT && !strcmp(val, "none"))
		v = BSSDT_PERCENT_NONE;
	else if (parse_u64(val, &v, &hex) < 0)
		goto bad;
	if (hex)
		p->hex |= 1ULL << param_index(d);
	else
		p->hex &= ~(1ULL << param_index(d));
	if (d->kind == BSSDT_K_UID) {
		*(u64 *)field(p, d) = v;
		return 0;
	}
	if (v > 0xffffffffULL)
		goto bad;
	*(u32 *)field(p, d) = v;
	return 0;
bad:
	if (d->kind == BSSDT_K_CHOICE) {
		char list[48];

		choice_list(d, list, sizeof(list));
		snprintf(msg, msglen, "%s: must be one of %s; got '%s'",
			 d->name, list, val);
	} else {
		snprintf(msg, msglen,
			 "%s: '%s' is not a %s-bit number (decimal or 0x hex%s)",
			 d->name, val, d->kind == BSSDT_K_UID ? "64" : "32",
			 takes_unknown(d) ? ", or unknown" :
			 d->kind == BSSDT_K_PERCENT ? ", or none" : "");
	}
	return -EINVAL;
}

/**
 * bssdt_param_set() - parse a value into a parameter set
 * @p: the parameters to change
 * @d: which parameter
 * @val: the value, as text
 * @msg: on error, receives a message naming the parameter and the rule
 * @msglen: size of @msg
 *
 * Checks the rules that concern this parameter alone; rules that relate
 * parameters to each other are left to bssdt_validate(), because values
 * given together (on a command line) may be given in any order.  On error
 * @p may have been modified: work on a copy.
 *
 * charge_percent and remaining_capacity: the one set last wins.  Setting
 * remaining_capacity sets charge_percent to none; while charge_percent is
 * set, remaining_capacity is that share of full_charge_capacity, also
 * after full_charge_capacity changes (bssdt_resolve() runs after every
 * value).  The tool's options and the module's parameters, at load time
 * and at run time, all come through here one at a time, in the order
 * given, so the rule is the same for all of them.
 *
 * Return: 0 or -EINVAL.
 */
int bssdt_param_set(struct bssdt_params *p, const struct bssdt_param *d,
		    const char *val, char *msg, size_t msglen)
{
	int err;

	if (d->kind == BSSDT_K_ID || d->kind == BSSDT_K_STR || d->kind == BSSDT_K_SCOPE ||
	    d->kind == BSSDT_K_NAMESEG)
		err = set_string(p, d, val, msg, msglen);
	else
		err = set_number(p, d, val, msg, msglen);
	if (err)
		return err;
	if (d->offset == offsetof(struct bssdt_params, remaining_capacity))
		p->charge_percent = BSSDT_PERCENT_NONE;
	bssdt_resolve(p);
	return check_field(p, d, msg, msglen);
}

/**
 * bssdt_param_get() - print a parameter's value in the form set accepts
 * @p: the parameters
 * @d: which parameter
 * @buf: output
 * @len: size of @buf
 *
 * Return: what snprintf() returns.
 */
int bssdt_param_get(const struct bssdt_params *p,
		    const struct bssdt_param *d, char *buf, size_t len)
{
	const struct bssdt_choice *c;
	u32 v;

	switch (d->kind) {
	case BSSDT_K_ID:
	case BSSDT_K_STR:
	case BSSDT_K_SCOPE:
	case BSSDT_K_NAMESEG:
		return snprintf(buf, len, "%s", (const char *)cfield(p, d));
	case BSSDT_K_UID:
		return snprintf(buf, len, "%llu", *(const u64 *)cfield(p, d));
	default:
		break;
	}
	v = get32(p, d);
	if (d->kind == BSSDT_K_CHOICE) {
		for (c = d->choices; c->value != BSSDT_CHOICE_END; c++)
			if (c->value == v && c->name)
				return snprintf(buf, len, "%s", c->name);
	}
	if (takes_unknown(d) && v == BSSDT_UNKNOWN)
		return snprintf(buf, len, "unknown");
	if (d->kind == BSSDT_K_PERCENT && v == BSSDT_PERCENT_NONE)
		return snprintf(buf, len, "none");
	if (d->kind == BSSDT_K_CHOICE && v > 9)
		return snprintf(buf, len, "0x%02x", v);
	if (d->kind == BSSDT_K_HEX32)
		return snprintf(buf, len, "0x%x", v);
	return snprintf(buf, len, "%u", v);
}

/**
 * bssdt_resolve() - apply charge_percent to remaining_capacity
 * @p: the parameters
 *
 * charge_percent is a convenience: while it is set, remaining_capacity is
 * that share of full_charge_capacity (rounded down), and follows it when
 * full_charge_capacity changes.  Does nothing when full_charge_capacity is
 * unknown; bssdt_validate() reports that.  bssdt_param_set() calls it
 * after every value.
 */
void bssdt_resolve(struct bssdt_params *p)
{
	if (p->charge_percent <= 100 &&
	    p->full_charge_capacity <= BSSDT_CAP_MAX)
		p->remaining_capacity = (u64)p->full_charge_capacity *
					p->charge_percent / 100;
}

static bool known(u32 v)
{
	return v != BSSDT_UNKNOWN;
}

/* "AC", "AC_" and "AC__" are the same ACPI name. */
static bool is_ac_name(const char *s)
{
	return !strcmp(s, "AC") || !strcmp(s, "AC_") || !strcmp(s, "AC__");
}

/**
 * bssdt_validate() - check every rule on a complete parameter set
 * @p: the parameters
 * @msg: on error, receives a message naming the parameter and the rule
 * @msglen: size of @msg
 *
 * Return: 0 or -EINVAL.
 */
int bssdt_validate(const struct bssdt_params *p, char *msg, size_t msglen)
{
	char a[24], b[24];
	unsigned int i;
	int err;

	for (i = 0; i < bssdt_param_count; i++) {
		err = check_field(p, &bssdt_param_list[i], msg, msglen);
		if (err)
			return err;
	}
	if (p->charge_percent != BSSDT_PERCENT_NONE &&
	    !known(p->full_charge_capacity)) {
		snprintf(msg, msglen,
			 "charge_percent: needs a known full_charge_capacity");
		return -EINVAL;
	}
	if (known(p->capacity_warning) && known(p->full_charge_capacity) &&
	    p->capacity_warning > p->full_charge_capacity) {
		snprintf(msg, msglen,
			 "capacity_warning: must be <= full_charge_capacity (%s > %s)",
			 num_of(p, "capacity_warning", p->capacity_warning, a),
			 num_of(p, "full_charge_capacity",
				p->full_charge_capacity, b));
		return -EINVAL;
	}
	if (known(p->capacity_low) && known(p->capacity_warning) &&
	    p->capacity_low > p->capacity_warning) {
		snprintf(msg, msglen,
			 "capacity_low: must be <= capacity_warning (%s > %s)",
			 num_of(p, "capacity_low", p->capacity_low, a),
			 num_of(p, "capacity_warning", p->capacity_warning, b));
		return -EINVAL;
	}
	if (known(p->remaining_capacity) && known(p->full_charge_capacity) &&
	    p->remaining_capacity > p->full_charge_capacity) {
		snprintf(msg, msglen,
			 "remaining_capacity: must be <= full_charge_capacity (%s > %s)",
			 num_of(p, "remaining_capacity", p->remaining_capacity,
				a),
			 num_of(p, "full_charge_capacity",
				p->full_charge_capacity, b));
		return -EINVAL;
	}
	/*
	 * ACPI 6.5, 10.2.2.6 (_BST): "Batteries that are rechargeable are
	 * required to return a valid Battery Remaining Capacity value",
	 * "Batteries that are rechargeable must report Battery Present
	 * Voltage", and "Batteries that are rechargeable and are in the
	 * discharging state are required to return a valid Battery Present
	 * Rate value".
	 */
	if (p->technology == 1 && !known(p->remaining_capacity)) {
		snprintf(msg, msglen,
			 "remaining_capacity: must be known for a rechargeable battery (technology=1; ACPI 6.5, 10.2.2.6)");
		return -EINVAL;
	}
	if (p->technology == 1 && !known(p->present_voltage)) {
		snprintf(msg, msglen,
			 "present_voltage: must be known for a rechargeable battery (technology=1; ACPI 6.5, 10.2.2.6)");
		return -EINVAL;
	}
	if (p->technology == 1 && (p->state & BSSDT_STATE_DISCHARGING) &&
	    !known(p->present_rate)) {
		snprintf(msg, msglen,
			 "present_rate: must be known for a rechargeable battery that is discharging (technology=1, state bit 0; ACPI 6.5, 10.2.2.6)");
		return -EINVAL;
	}
	/*
	 * Microsoft's requirements for _BIX (ACPI battery and power
	 * subsystem firmware implementation): Design Capacity and Last Full
	 * Charge Capacity "must be set to accurate values" and "cannot be set
	 * to 0x0 or 0xFFFFFFFF".
	 */
	if (p->info_method == BSSDT_INFO_BIX) {
		if (!known(p->design_capacity) || !p->design_capacity) {
			snprintf(msg, msglen,
				 "design_capacity: must be known and non-zero with info_method=bix (Windows requires it in _BIX), got %s",
				 known(p->design_capacity) ? "0" : "unknown");
			return -EINVAL;
		}
		if (!known(p->full_charge_capacity) ||
		    !p->full_charge_capacity) {
			snprintf(msg, msglen,
				 "full_charge_capacity: must be known and non-zero with info_method=bix (Windows requires it in _BIX), got %s",
				 known(p->full_charge_capacity) ? "0" : "unknown");
			return -EINVAL;
		}
	}
	if (p->ac_adapter && is_ac_name(p->device_name)) {
		snprintf(msg, msglen,
			 "device_name: %s is the AC adapter's name (ac_adapter=on)",
			 p->device_name);
		return -EINVAL;
	}
	return 0;
}
