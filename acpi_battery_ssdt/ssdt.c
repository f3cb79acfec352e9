// SPDX-License-Identifier: GPL-2.0
/*
 * Layout of the battery SSDT.  With the default parameters this is, in
 * ASL, exactly the table everybody copies as ssdt1.dat:
 *
 *	DefinitionBlock ("", "SSDT", 1, "BOCHS", "BXPCSSDT", 1) {
 *	    External (\_SB.PCI0, DeviceObj)
 *	    Scope (_SB.PCI0) {
 *	        Device (BAT0) {
 *	            Name (_HID, EisaId ("PNP0C0A"))
 *	            Name (_UID, 0)
 *	            Method (_STA) { Return (0x1F) }
 *	            Method (_BIF) { Return (Package (13) { ... }) }
 *	            Method (_BST) { Return (Package (4) { ... }) }
 *	        }
 *	    }
 *	}
 *
 * Options add _BIX instead of _BIF, and an AC adapter device next to the
 * battery.
 *
 * No kernel dependency: this file is also compiled into the userspace tool.
 */
#include "aml.h"
#include "ssdt.h"

/* Method (NAME) { Return (value) }: MethodFlags 0, as iasl emits it. */
static void method_return_int(struct aml_buf *b, const char *name, u64 v)
{
	size_t pkg;

	aml_byte(b, AML_METHOD_OP);
	pkg = aml_pkg_begin(b);
	aml_nameseg(b, name);
	aml_byte(b, 0);
	aml_byte(b, AML_RETURN_OP);
	aml_int(b, v);
	aml_pkg_end(b, pkg);
}

static size_t package_begin(struct aml_buf *b, u8 count)
{
	size_t pkg;

	aml_byte(b, AML_PACKAGE_OP);
	pkg = aml_pkg_begin(b);
	aml_byte(b, count);
	return pkg;
}

static size_t method_return_package_begin(struct aml_buf *b,
					  const char *name, size_t *method,
					  u8 count)
{
	aml_byte(b, AML_METHOD_OP);
	*method = aml_pkg_begin(b);
	aml_nameseg(b, name);
	aml_byte(b, 0);
	aml_byte(b, AML_RETURN_OP);
	return package_begin(b, count);
}

static void ints(struct aml_buf *b, const u32 *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		aml_int(b, v[i]);
}

/* _BIF (ACPI 6.5, 10.2.2.1): 13 elements. */
static void emit_bif(struct aml_buf *b, const struct bssdt_params *p)
{
	const u32 v[] = {
		p->power_unit, p->design_capacity, p->full_charge_capacity,
		p->technology, p->design_voltage, p->capacity_warning,
		p->capacity_low, p->granularity1, p->granularity2,
	};
	size_t method, pkg;

	pkg = method_return_package_begin(b, "_BIF", &method, 13);
	ints(b, v, ARRAY_SIZE(v));
	aml_string(b, p->model_number);
	aml_string(b, p->serial_number);
	aml_string(b, p->battery_type);
	aml_string(b, p->oem_info);
	aml_pkg_end(b, pkg);
	aml_pkg_end(b, method);
}

/*
 * _BIX (ACPI 6.5, 10.2.2.2): revision 0 has 20 elements, revision 1 adds
 * the swapping capability.
 */
static void emit_bix(struct aml_buf *b, const struct bssdt_params *p)
{
	const u32 v[] = {
		p->bix_revision, p->power_unit, p->design_capacity,
		p->full_charge_capacity, p->technology, p->design_voltage,
		p->capacity_warning, p->capacity_low, p->cycle_count,
		p->measurement_accuracy, p->max_sampling_time,
		p->min_sampling_time, p->max_averaging_interval,
		p->min_averaging_interval, p->granularity1, p->granularity2,
	};
	size_t method, pkg;

	pkg = method_return_package_begin(b, "_BIX", &method,
					  p->bix_revision ? 21 : 20);
	ints(b, v, ARRAY_SIZE(v));
	aml_string(b, p->model_number);
	aml_string(b, p->serial_number);
	aml_string(b, p->battery_type);
	aml_string(b, p->oem_info);
	if (p->bix_revision)
		aml_int(b, p->swapping_capability);
	aml_pkg_end(b, pkg);
	aml_pkg_end(b, method);
}

/* _BST (ACPI 6.5, 10.2.2.6): state, rate, remaining, voltage. */
static void emit_bst(struct aml_buf *b, const struct bssdt_params *p)
{
	const u32 v[] = {
		p->state, p->present_rate, p->remaining_capacity,
		p->present_voltage,
	};
	size_t method, pkg;

	pkg = method_return_package_begin(b, "_BST", &method, ARRAY_SIZE(v));
	ints(b, v, ARRAY_SIZE(v));
	aml_pkg_end(b, pkg);
	aml_pkg_end(b, method);
}

static void emit_battery(struct aml_buf *b, const struct bssdt_params *p)
{
	size_t dev;

	aml_byte(b, AML_EXT_OP_PREFIX);
	aml_byte(b, AML_DEVICE_OP);
	dev = aml_pkg_begin(b);
	aml_nameseg(b, p->device_name);

	aml_byte(b, AML_NAME_OP);
	aml_nameseg(b, "_HID");
	aml_int(b, aml_eisaid("PNP0C0A"));	/* Control Method Battery */
	aml_byte(b, AML_NAME_OP);
	aml_nameseg(b, "_UID");
	aml_int(b, p->uid);
	method_return_int(b, "_STA", p->sta);
	if (p->info_method == BSSDT_INFO_BIX)
		emit_bix(b, p);
	else
		emit_bif(b, p);
	emit_bst(b, p);
	aml_pkg_end(b, dev);
}

/*
 * Device (AC) { Name (_HID, "ACPI0003"), Name (_PCL, Package { \_SB }),
 * Method (_STA) { Return (0x0F) }, Method (_PSR) { Return (online) } }:
 * Windows expects exactly one power source device on a mobile platform.
 */
static void emit_ac(struct aml_buf *b, const struct bssdt_params *p)
{
	static const char *const sb[] = { "_SB" };
	size_t dev, pkg;

	aml_byte(b, AML_EXT_OP_PREFIX);
	aml_byte(b, AML_DEVICE_OP);
	dev = aml_pkg_begin(b);
	aml_nameseg(b, "AC");

	aml_byte(b, AML_NAME_OP);
	aml_nameseg(b, "_HID");
	aml_string(b, "ACPI0003");
	aml_byte(b, AML_NAME_OP);
	aml_nameseg(b, "_PCL");
	pkg = package_begin(b, 1);
	aml_namepath(b, sb, 1, true);
	aml_pkg_end(b, pkg);
	method_return_int(b, "_STA", 0x0f);
	method_return_int(b, "_PSR", p->ac_online);
	aml_pkg_end(b, dev);
}

static void emit_id(struct aml_buf *b, const char *s, size_t width)
{
	char pad[8] = { 0 };

	/* NUL-padded like iasl (QEMU pads its own tables with spaces). */
	memcpy(pad, s, strlen(s));
	aml_bytes(b, pad, width);
}

static void emit_table(struct aml_buf *b, const struct bssdt_params *p,
		       char segs[3][5], int nsegs)
{
	const char *path[3] = { segs[0], segs[1], segs[2] };
	size_t pkg, ext;

	aml_bytes(b, "SSDT", 4);
	aml_le32(b, 0);			/* Length: patched by the caller */
	aml_byte(b, p->table_revision);
	aml_byte(b, 0);			/* Checksum: patched by the caller */
	emit_id(b, p->oem_id, 6);
	emit_id(b, p->oem_table_id, 8);
	aml_le32(b, p->oem_revision);
	emit_id(b, p->creator_id, 4);
	aml_le32(b, p->creator_revision);

	/*
	 * iasl needs External() to accept a Scope() on an object it cannot
	 * see, and wraps all External declarations in If (Zero) { } so that
	 * the interpreter never executes them.  \_SB is predefined.
	 */
	if (nsegs > 1) {
		aml_byte(b, AML_IF_OP);
		ext = aml_pkg_begin(b);
		aml_int(b, 0);
		aml_byte(b, AML_EXTERNAL_OP);
		aml_namepath(b, path, nsegs, true);
		aml_byte(b, AML_OBJTYPE_DEVICE);
		aml_byte(b, 0);		/* argument count */
		aml_pkg_end(b, ext);
	}

	/*
	 * Scope (_SB.PCI0) without the root prefix, as in ssdt1.dat (a
	 * multi-segment path at table level resolves from the root anyway);
	 * a lone \_SB keeps it.
	 */
	aml_byte(b, AML_SCOPE_OP);
	pkg = aml_pkg_begin(b);
	aml_namepath(b, path, nsegs, nsegs == 1);
	emit_battery(b, p);
	if (p->ac_adapter)
		emit_ac(b, p);
	aml_pkg_end(b, pkg);
}

/**
 * bssdt_check_length() - the table size rule
 * @len: table length in bytes
 * @msg: on error, receives a message naming the rule
 * @msglen: size of @msg
 *
 * QEMU refuses -acpitable tables over 65535 bytes.  The current parameter
 * limits keep the table far below that; the rule stays so that a future
 * parameter cannot silently produce a table QEMU rejects.
 *
 * Return: 0 or -EINVAL.
 */
int bssdt_check_length(size_t len, char *msg, size_t msglen)
{
	if (len <= ACPI_TABLE_MAX_LEN)
		return 0;
	snprintf(msg, msglen, "table: %zu bytes, more than QEMU accepts (65535)",
		 len);
	return -EINVAL;
}

/**
 * bssdt_build() - validate the parameters and emit the table
 * @p: the parameters
 * @buf: output, or NULL to only compute the length
 * @cap: size of @buf
 * @len: receives the table length, also when @buf is too small
 * @msg: on error, receives a message naming the parameter and the rule
 * @msglen: size of @msg
 *
 * Return: 0; -EINVAL if a parameter breaks a rule or the table would
 * exceed 65535 bytes (QEMU's limit); -ENOSPC if @cap < *@len.
 */
int bssdt_build(const struct bssdt_params *p, u8 *buf, size_t cap,
		size_t *len, char *msg, size_t msglen)
{
	char segs[3][5] = { "", "", "" };
	struct aml_buf b;
	int nsegs, err;

	err = bssdt_validate(p, msg, msglen);
	if (err)
		return err;
	nsegs = bssdt_scope_split(p->scope, segs, msg, msglen);
	if (nsegs < 0)
		return nsegs;

	aml_init(&b, NULL, 0, p->table_revision);
	emit_table(&b, p, segs, nsegs);
	*len = b.len;
	if (b.err) {
		snprintf(msg, msglen, "table: cannot encode (error %d)", b.err);
		return b.err;
	}
	err = bssdt_check_length(b.len, msg, msglen);
	if (err)
		return err;
	if (!buf)
		return 0;
	if (cap < b.len) {
		snprintf(msg, msglen, "table: needs %zu bytes, buffer has %zu",
			 b.len, cap);
		return -ENOSPC;
	}

	aml_init(&b, buf, cap, p->table_revision);
	emit_table(&b, p, segs, nsegs);
	if (b.err) {
		snprintf(msg, msglen, "table: cannot encode (error %d)", b.err);
		return b.err;
	}
	buf[4] = b.len & 0xff;
	buf[5] = (b.len >> 8) & 0xff;
	buf[6] = (b.len >> 16) & 0xff;
	buf[7] = (b.len >> 24) & 0xff;
	buf[ACPI_CHECKSUM_OFFSET] = aml_checksum(buf, b.len);
	return 0;
}
