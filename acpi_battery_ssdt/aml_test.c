// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the battery SSDT encoder (aml.c, params.c, ssdt.c).  They
 * use the encoder directly, not the module's parameters, so they run
 * whether or not acpi_battery_ssdt is loaded (6.1 runs a module's suites
 * before its init).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include "aml.h"
#include "ssdt.h"

/* ssdt1.dat as everybody copies it: 161 bytes, md5 2dcc32d3...7936. */
static const u8 ssdt1_dat[] = {
	0x53, 0x53, 0x44, 0x54, 0xa1, 0x00, 0x00, 0x00, 0x01, 0xf4, 0x42, 0x4f,
	0x43, 0x48, 0x53, 0x00, 0x42, 0x58, 0x50, 0x43, 0x53, 0x53, 0x44, 0x54,
	0x01, 0x00, 0x00, 0x00, 0x49, 0x4e, 0x54, 0x4c, 0x18, 0x10, 0x19, 0x20,
	0xa0, 0x0f, 0x00, 0x15, 0x5c, 0x2e, 0x5f, 0x53, 0x42, 0x5f, 0x50, 0x43,
	0x49, 0x30, 0x06, 0x00, 0x10, 0x4c, 0x06, 0x2e, 0x5f, 0x53, 0x42, 0x5f,
	0x50, 0x43, 0x49, 0x30, 0x5b, 0x82, 0x4f, 0x05, 0x42, 0x41, 0x54, 0x30,
	0x08, 0x5f, 0x48, 0x49, 0x44, 0x0c, 0x41, 0xd0, 0x0c, 0x0a, 0x08, 0x5f,
	0x55, 0x49, 0x44, 0x00, 0x14, 0x09, 0x5f, 0x53, 0x54, 0x41, 0x00, 0xa4,
	0x0a, 0x1f, 0x14, 0x2b, 0x5f, 0x42, 0x49, 0x46, 0x00, 0xa4, 0x12, 0x23,
	0x0d, 0x01, 0x0b, 0x70, 0x17, 0x0b, 0x70, 0x17, 0x01, 0x0b, 0xd0, 0x39,
	0x0b, 0x58, 0x02, 0x0b, 0x2c, 0x01, 0x0a, 0x3c, 0x0a, 0x3c, 0x0d, 0x00,
	0x0d, 0x00, 0x0d, 0x4c, 0x49, 0x4f, 0x4e, 0x00, 0x0d, 0x00, 0x14, 0x12,
	0x5f, 0x42, 0x53, 0x54, 0x00, 0xa4, 0x12, 0x0a, 0x04, 0x00, 0x00, 0x0b,
	0x70, 0x17, 0x0b, 0xd0, 0x39,
};

#define TBL_MAX 1024

/*
 * KUNIT_EXPECT_MEMEQ() only exists from 6.2 on; this reports the first
 * differing byte, which is what one wants to see for a table anyway.
 */
static void expect_bytes(struct kunit *test, const u8 *got, const u8 *want,
			 size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (got[i] != want[i])
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, n, "%s: byte %zu is 0x%02x, want 0x%02x",
			    what, i, i < n ? got[i] : 0, i < n ? want[i] : 0);
}

/* Build @p into a test-managed buffer; returns the length or fails. */
static size_t build(struct kunit *test, const struct bssdt_params *p, u8 **out)
{
	char msg[BSSDT_MSG_LEN] = "";
	size_t len = 0;
	u8 *buf = kunit_kzalloc(test, TBL_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	KUNIT_ASSERT_EQ_MSG(test, bssdt_build(p, buf, TBL_MAX, &len, msg,
					      sizeof(msg)), 0, "%s", msg);
	*out = buf;
	return len;
}

static void default_is_ssdt1_dat(struct kunit *test)
{
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	size_t len;
	u8 *t;

	len = build(test, &p, &t);
	KUNIT_ASSERT_EQ(test, len, sizeof(ssdt1_dat));
	expect_bytes(test, t, ssdt1_dat, sizeof(ssdt1_dat), "ssdt1.dat");
}

static void measure_then_emit(struct kunit *test)
{
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	char msg[BSSDT_MSG_LEN];
	u8 small[160];
	size_t len = 0;

	KUNIT_EXPECT_EQ(test, bssdt_build(&p, NULL, 0, &len, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, len, (size_t)161);
	KUNIT_EXPECT_EQ(test, bssdt_build(&p, small, sizeof(small), &len, msg,
					  sizeof(msg)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, len, (size_t)161);
}

struct int_case {
	u64 v;
	int rev;
	int len;		/* -EINVAL: not encodable */
	u8 enc[9];
};

static const struct int_case int_cases[] = {
	{ 0, 1, 1, { 0x00 } },
	{ 1, 1, 1, { 0x01 } },
	{ 2, 1, 2, { 0x0a, 0x02 } },
	{ 0xff, 1, 2, { 0x0a, 0xff } },
	{ 0x100, 1, 3, { 0x0b, 0x00, 0x01 } },
	{ 0xffff, 1, 3, { 0x0b, 0xff, 0xff } },
	{ 0x10000, 1, 5, { 0x0c, 0x00, 0x00, 0x01, 0x00 } },
	{ 0xfffffffe, 1, 5, { 0x0c, 0xfe, 0xff, 0xff, 0xff } },
	/* Ones is 32 bits wide in a revision 1 table ... */
	{ 0xffffffff, 1, 1, { 0xff } },
	{ 0x100000000ULL, 1, -EINVAL, { 0 } },
	/* ... and 64 bits wide in revision 2. */
	{ 0xffffffff, 2, 5, { 0x0c, 0xff, 0xff, 0xff, 0xff } },
	{ 0x100000000ULL, 2, 9, { 0x0e, 0, 0, 0, 0, 1, 0, 0, 0 } },
	{ 0xfffffffffffffffeULL, 2, 9,
	  { 0x0e, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } },
	{ ~0ULL, 2, 1, { 0xff } },
	{ 0, 2, 1, { 0x00 } },
	{ 1, 2, 1, { 0x01 } },
};

static void integer_encoding(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];
		struct aml_buf b;
		u8 out[9] = { 0 };

		aml_init(&b, out, sizeof(out), c->rev);
		aml_int(&b, c->v);
		KUNIT_EXPECT_EQ_MSG(test, aml_int_size(c->v, c->rev), c->len,
				    "0x%llx rev %d", c->v, c->rev);
		if (c->len < 0) {
			KUNIT_EXPECT_EQ(test, b.err, -EINVAL);
			continue;
		}
		KUNIT_EXPECT_EQ(test, b.err, 0);
		KUNIT_EXPECT_EQ(test, b.len, (size_t)c->len);
		expect_bytes(test, out, c->enc, c->len, "integer");
	}
}

struct pkglen_case {
	size_t body;
	int len;
	u8 enc[4];
};

static const struct pkglen_case pkglen_cases[] = {
	{ 0, 1, { 0x01 } },
	{ 62, 1, { 0x3f } },
	{ 63, 2, { 0x41, 0x04 } },
	{ 4093, 2, { 0x4f, 0xff } },
	{ 4094, 3, { 0x81, 0x00, 0x01 } },
	{ 0xfffff - 3, 3, { 0x8f, 0xff, 0xff } },
	{ 0xfffff - 2, 4, { 0xc1, 0x00, 0x00, 0x01 } },
	{ 0xfffffff - 4, 4, { 0xcf, 0xff, 0xff, 0xff } },
	{ 0xfffffff - 3, -E2BIG, { 0 } },
};

static void pkglength_boundaries(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pkglen_cases); i++) {
		const struct pkglen_case *c = &pkglen_cases[i];
		u8 out[4] = { 0 };
		int n = aml_pkglen_encode(c->body, out);

		KUNIT_EXPECT_EQ_MSG(test, n, c->len, "body %zu", c->body);
		if (n > 0)
			expect_bytes(test, out, c->enc, n, "pkglength");
	}
}

/*
 * The PkgLength is inserted in front of a finished body, inner packages
 * first: an inner body of 61 bytes gets a 1-byte PkgLength, which pushes
 * the outer body from 62 to 63 bytes and so the outer PkgLength to 2.
 */
static void pkglength_inside_out(struct kunit *test)
{
	static const u8 fill[61] = { [0 ... 60] = 0xaa };
	size_t outer, inner;
	struct aml_buf b;
	u8 *buf = kunit_kzalloc(test, 128, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	aml_init(&b, buf, 128, 1);
	aml_byte(&b, AML_SCOPE_OP);
	outer = aml_pkg_begin(&b);
	aml_byte(&b, AML_SCOPE_OP);
	inner = aml_pkg_begin(&b);
	aml_bytes(&b, fill, sizeof(fill));
	aml_pkg_end(&b, inner);
	aml_pkg_end(&b, outer);

	KUNIT_ASSERT_EQ(test, b.err, 0);
	KUNIT_ASSERT_EQ(test, b.len, (size_t)1 + 2 + 1 + 1 + 61);
	KUNIT_EXPECT_EQ(test, buf[1], 0x41);	/* 63 + 2 = 65 */
	KUNIT_EXPECT_EQ(test, buf[2], 0x04);
	KUNIT_EXPECT_EQ(test, buf[3], AML_SCOPE_OP);
	KUNIT_EXPECT_EQ(test, buf[4], 0x3e);	/* 61 + 1 = 62 */
	expect_bytes(test, &buf[5], fill, sizeof(fill), "moved body");

	/* Counting mode gives the same length without writing. */
	aml_init(&b, NULL, 0, 1);
	aml_byte(&b, AML_SCOPE_OP);
	outer = aml_pkg_begin(&b);
	aml_bytes(&b, fill, sizeof(fill));
	aml_bytes(&b, fill, 2);
	aml_pkg_end(&b, outer);
	KUNIT_EXPECT_EQ(test, b.len, (size_t)1 + 2 + 63);
	KUNIT_EXPECT_EQ(test, b.err, 0);
}

static void checksum(struct kunit *test)
{
	static const u8 twelve[] = { 0x05, 0x07 };	/* sums to 0x0c */
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	u8 sum = 0;
	size_t len, i;
	u8 *t;

	len = build(test, &p, &t);
	KUNIT_EXPECT_EQ(test, t[ACPI_CHECKSUM_OFFSET], 0xf4);
	for (i = 0; i < len; i++)
		sum += t[i];
	KUNIT_EXPECT_EQ(test, sum, 0);

	/* Any other table sums to zero as well, and its length is right. */
	strscpy(p.model_number, "A", sizeof(p.model_number));
	len = build(test, &p, &t);
	KUNIT_EXPECT_EQ(test, len, (size_t)162);
	KUNIT_EXPECT_EQ(test, t[4] | t[5] << 8 | t[6] << 16 | t[7] << 24, 162);
	for (sum = 0, i = 0; i < len; i++)
		sum += t[i];
	KUNIT_EXPECT_EQ(test, sum, 0);

	/* aml_checksum() of the table with a zero checksum byte gives it. */
	sum = t[ACPI_CHECKSUM_OFFSET];
	t[ACPI_CHECKSUM_OFFSET] = 0;
	KUNIT_EXPECT_EQ(test, aml_checksum(t, len), sum);
	KUNIT_EXPECT_EQ(test, aml_checksum(twelve, 2), 0xf4);
}

static void names_and_ids(struct kunit *test)
{
	static const char *const segs[] = { "_SB", "PCI0", "XYZ" };
	static const u8 multi[] = {
		0x5c, 0x2f, 3, '_', 'S', 'B', '_', 'P', 'C', 'I', '0',
		'X', 'Y', 'Z', '_',
	};
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	struct aml_buf b;
	u8 out[32];
	size_t len;
	u8 *t;

	KUNIT_EXPECT_EQ(test, aml_eisaid("PNP0C0A"), 0x0a0cd041U);
	aml_init(&b, out, sizeof(out), 1);
	aml_namepath(&b, segs, 3, true);
	KUNIT_EXPECT_EQ(test, b.len, sizeof(multi));
	expect_bytes(test, out, multi, sizeof(multi), "name path");

	/* \_SB needs no External block: 161 - 16 - 4 (dual path) = 141. */
	strscpy(p.scope, "\\_SB", sizeof(p.scope));
	len = build(test, &p, &t);
	KUNIT_EXPECT_EQ(test, len, (size_t)141);
	KUNIT_EXPECT_EQ(test, t[36], AML_SCOPE_OP);
	KUNIT_EXPECT_EQ(test, t[39], AML_ROOT_CHAR);	/* after a 2-byte PkgLength */

	/* OEM ids are NUL-padded. */
	strscpy(p.oem_id, "AB", sizeof(p.oem_id));
	len = build(test, &p, &t);
	expect_bytes(test, &t[10], (const u8 *)"AB\0\0\0\0", 6, "oem_id");
}

static void bix_and_adapter(struct kunit *test)
{
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	size_t bif, bix0, bix1, ac;
	u8 *t;

	bif = build(test, &p, &t);
	p.info_method = BSSDT_INFO_BIX;
	bix0 = build(test, &p, &t);
	/* + revision, cycle count 0, accuracy 100000, four Ones */
	KUNIT_EXPECT_EQ(test, bix0, bif + 1 + 1 + 5 + 4);
	p.bix_revision = 1;
	bix1 = build(test, &p, &t);
	KUNIT_EXPECT_EQ(test, bix1, bix0 + 1);	/* swapping capability 0 */
	p.ac_adapter = 1;
	ac = build(test, &p, &t);
	/*
	 * DeviceOp 2, PkgLength 1, "AC__" 4, Name (_HID, "ACPI0003") 15,
	 * Name (_PCL, Package { \_SB }) 13, Method (_STA) 10, Method (_PSR) 9
	 */
	KUNIT_EXPECT_EQ(test, ac, bix1 + 2 + 1 + 4 + 15 + 13 + 10 + 9);
}

struct bad_case {
	const char *name;
	const char *val;
	const char *msg;	/* the message starts with this */
};

static const struct bad_case bad_values[] = {
	{ "oem_id", "", "oem_id: must be 1 to 6 printable" },
	{ "oem_id", "SEVENCH", "oem_id: must be 1 to 6 printable" },
	{ "oem_id", "A\tB", "oem_id: must be 1 to 6 printable" },
	{ "oem_table_id", "NINECHARS", "oem_table_id: must be 1 to 8" },
	{ "creator_id", "ABCDE", "creator_id: must be 1 to 4" },
	{ "oem_revision", "0x100000000", "oem_revision: '0x100000000' is not a 32-bit" },
	{ "creator_revision", "x", "creator_revision: 'x' is not" },
	{ "table_revision", "3", "table_revision: must be one of 1, 2" },
	{ "scope", "\\_XX", "scope: must be \\_SB or" },
	{ "scope", "\\_SB.pci0", "scope: must be \\_SB or" },
	{ "scope", "\\_SB.A.B.C", "scope: must be \\_SB or" },
	{ "scope", "\\_SB.TOOLONG", "scope: must be \\_SB or" },
	{ "scope", "\\_SB.", "scope: must be \\_SB or" },
	{ "scope", "\\_SB.PCI0.LPCB.EXTRA", "scope: must be \\_SB or" },
	{ "device_name", "bat0", "device_name: must be an ACPI name" },
	{ "device_name", "1BAT", "device_name: must be an ACPI name" },
	{ "device_name", "BATTERY", "device_name: must be an ACPI name" },
	{ "uid", "0x1g", "uid: '0x1g' is not a 64-bit" },
	{ "uid", "18446744073709551616", "uid: '18446744073709551616' is not" },
	{ "sta", "0x07", "sta: must be one of 0x0f, 0x1f" },
	{ "power_unit", "2", "power_unit: must be one of mW, mA" },
	{ "design_capacity", "0x80000000", "design_capacity: must be <= 0x7fffffff" },
	{ "full_charge_capacity", "0xfffffffe", "full_charge_capacity: must be <= 0x7fffffff" },
	{ "technology", "2", "technology: must be one of 0, 1" },
	{ "design_voltage", "0x80000000", "design_voltage: must be <= 0x7fffffff" },
	{ "capacity_warning", "0x80000000", "capacity_warning: must be <= 0x7fffffff" },
	{ "capacity_low", "0x80000000", "capacity_low: must be <= 0x7fffffff" },
	{ "granularity1", "-1", "granularity1: '-1' is not" },
	{ "model_number", "123456789012345678901234567890123", "model_number: must be at most 32" },
	{ "serial_number", "\xc3\xa9", "serial_number: must be 7-bit ASCII" },
	{ "battery_type", "\x80", "battery_type: must be 7-bit ASCII" },
	{ "state", "3", "state: must be 0-7 and not both" },
	{ "state", "8", "state: must be 0-7 and not both" },
	{ "present_rate", "0x80000000", "present_rate: must be <= 0x7fffffff" },
	{ "remaining_capacity", "0x80000000", "remaining_capacity: must be <= 0x7fffffff" },
	{ "present_voltage", "0x80000000", "present_voltage: must be <= 0x7fffffff" },
	{ "info_method", "bic", "info_method: must be one of bif, bix" },
	{ "bix_revision", "2", "bix_revision: must be one of 0, 1" },
	{ "swapping_capability", "2", "swapping_capability: must be one of 0, 1, 0x10" },
	{ "ac_adapter", "yes", "ac_adapter: must be one of off, on, 0, 1" },
	{ "ac_online", "2", "ac_online: must be one of 0, 1" },
	{ "charge_percent", "101", "charge_percent: must be 0-100 or none" },
};

static void field_rules(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_values); i++) {
		const struct bad_case *c = &bad_values[i];
		const struct bssdt_param *d = bssdt_param_find(c->name);
		struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
		char msg[BSSDT_MSG_LEN] = "";

		KUNIT_ASSERT_NOT_NULL_MSG(test, d, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, bssdt_param_set(&p, d, c->val, msg,
							  sizeof(msg)),
				    -EINVAL, "%s=%s", c->name, c->val);
		KUNIT_EXPECT_EQ_MSG(test, strncmp(msg, c->msg, strlen(c->msg)), 0,
				    "%s=%s: got \"%s\"", c->name, c->val, msg);
	}
	KUNIT_EXPECT_NULL(test, bssdt_param_find("nonsense"));
}

/* Good values, including every named form, round-trip through get. */
static void field_values(struct kunit *test)
{
	static const char *const good[][2] = {
		{ "scope", "\\_SB" }, { "scope", "_SB_.PCI0.LPCB" },
		{ "uid", "18446744073709551615" }, { "sta", "0x0f" },
		{ "power_unit", "mW" }, { "info_method", "bix" },
		{ "ac_adapter", "on" }, { "design_capacity", "unknown" },
		{ "charge_percent", "none" }, { "creator_revision", "0x20200925" },
		{ "model_number", "" }, { "oem_id", "A B" }, { "device_name", "_" },
		{ "swapping_capability", "0x10" }, { "state", "6" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		const struct bssdt_param *d = bssdt_param_find(good[i][0]);
		struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
		char msg[BSSDT_MSG_LEN] = "", out[64];

		KUNIT_ASSERT_NOT_NULL(test, d);
		KUNIT_EXPECT_EQ_MSG(test, bssdt_param_set(&p, d, good[i][1], msg,
							  sizeof(msg)), 0, "%s", msg);
		bssdt_param_get(&p, d, out, sizeof(out));
		KUNIT_EXPECT_STREQ(test, out, good[i][1]);
	}
}

static void expect_invalid(struct kunit *test, const struct bssdt_params *p,
			   const char *want)
{
	char msg[BSSDT_MSG_LEN] = "";
	size_t len;

	KUNIT_EXPECT_EQ(test, bssdt_validate(p, msg, sizeof(msg)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, want);
	/* bssdt_build() refuses the same, before emitting anything. */
	KUNIT_EXPECT_EQ(test, bssdt_build(p, NULL, 0, &len, msg, sizeof(msg)),
			-EINVAL);
}

static void cross_rules(struct kunit *test)
{
	const struct bssdt_params def = BSSDT_PARAMS_DEFAULT;
	struct bssdt_params p;
	char msg[BSSDT_MSG_LEN];

	p = def;
	p.capacity_warning = 6001;
	expect_invalid(test, &p, "capacity_warning: must be <= full_charge_capacity (6001 > 6000)");
	p = def;
	p.capacity_low = 601;
	expect_invalid(test, &p, "capacity_low: must be <= capacity_warning (601 > 600)");
	p = def;
	p.remaining_capacity = 6001;
	expect_invalid(test, &p,
		       "remaining_capacity: must be <= full_charge_capacity (6001 > 6000)");
	p = def;
	p.uid = 0x100000000ULL;
	expect_invalid(test, &p, "uid: values above 0xffffffff need table_revision=2");
	p.table_revision = 2;
	KUNIT_EXPECT_EQ(test, bssdt_validate(&p, msg, sizeof(msg)), 0);
	p = def;
	p.full_charge_capacity = BSSDT_UNKNOWN;
	p.charge_percent = 50;
	bssdt_resolve(&p);
	expect_invalid(test, &p, "charge_percent: needs a known full_charge_capacity");
	p = def;
	p.ac_adapter = 1;
	strscpy(p.device_name, "AC_", sizeof(p.device_name));
	expect_invalid(test, &p, "device_name: AC_ is the AC adapter's name (ac_adapter=on)");
	/* Unknown values are not compared. */
	p = def;
	p.full_charge_capacity = BSSDT_UNKNOWN;
	p.capacity_warning = BSSDT_UNKNOWN;
	p.remaining_capacity = 100;
	KUNIT_EXPECT_EQ(test, bssdt_validate(&p, msg, sizeof(msg)), 0);
	/* The table size rule. */
	KUNIT_EXPECT_EQ(test, bssdt_check_length(65535, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, bssdt_check_length(65536, msg, sizeof(msg)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "table: 65536 bytes, more than QEMU accepts (65535)");
}

static void charge_percent(struct kunit *test)
{
	struct bssdt_params p = BSSDT_PARAMS_DEFAULT;
	char msg[BSSDT_MSG_LEN];

	KUNIT_ASSERT_EQ(test, bssdt_param_set(&p, bssdt_param_find("charge_percent"),
					      "50", msg, sizeof(msg)), 0);
	bssdt_resolve(&p);
	KUNIT_EXPECT_EQ(test, p.remaining_capacity, 3000U);
	p.full_charge_capacity = 4000;
	bssdt_resolve(&p);
	KUNIT_EXPECT_EQ(test, p.remaining_capacity, 2000U);
	KUNIT_ASSERT_EQ(test, bssdt_param_set(&p, bssdt_param_find("remaining_capacity"),
					      "1234", msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, p.charge_percent, BSSDT_PERCENT_NONE);
	bssdt_resolve(&p);
	KUNIT_EXPECT_EQ(test, p.remaining_capacity, 1234U);
}

static struct kunit_case bssdt_cases[] = {
	KUNIT_CASE(default_is_ssdt1_dat),
	KUNIT_CASE(measure_then_emit),
	KUNIT_CASE(integer_encoding),
	KUNIT_CASE(pkglength_boundaries),
	KUNIT_CASE(pkglength_inside_out),
	KUNIT_CASE(checksum),
	KUNIT_CASE(names_and_ids),
	KUNIT_CASE(bix_and_adapter),
	KUNIT_CASE(field_rules),
	KUNIT_CASE(field_values),
	KUNIT_CASE(cross_rules),
	KUNIT_CASE(charge_percent),
	{}
};

static struct kunit_suite bssdt_suite = {
	.name = "acpi_battery_ssdt",
	.test_cases = bssdt_cases,
};

kunit_test_suite(bssdt_suite);

MODULE_DESCRIPTION("KUnit tests of the acpi_battery_ssdt encoder");
MODULE_AUTHOR("gpupass developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(GPUPASS_VERSION);
