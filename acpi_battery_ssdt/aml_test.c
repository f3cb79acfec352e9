// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the battery SSDT encoder (aml.c, params.c, ssdt.c).  They
 * use the encoder directly, not the module's parameters, so they run
 * whether or not acpi_battery_ssdt is loaded (6.1 runs a module's suites
 * before its init).  Tables run through KUNIT_ARRAY_PARAM, so that every
 * row reports on its own.
 */
#include <kunit/test.h>
#include <linux/module.h>

/*
 * The encoder is compiled into this module from its sources rather than
 * linked from aml.o, params.o and ssdt.o, which belong to
 * acpi_battery_ssdt.ko: kbuild warns about an object that is part of two
 * modules (scripts/Makefile.build, "is added to multiple modules").  None
 * of these symbols is exported, so the two copies do not meet.
 */
#include "aml.c"
#include "params.c"
#include "ssdt.c"

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

/* The default parameters, parsed from their text in params.h. */
static void defaults(struct kunit *test, struct bssdt_params *p)
{
	KUNIT_ASSERT_EQ(test, bssdt_params_init(p), 0);
}

static void default_is_ssdt1_dat(struct kunit *test)
{
	struct bssdt_params p;
	size_t len;
	u8 *t;

	defaults(test, &p);
	len = build(test, &p, &t);
	KUNIT_ASSERT_EQ(test, len, sizeof(ssdt1_dat));
	expect_bytes(test, t, ssdt1_dat, sizeof(ssdt1_dat), "ssdt1.dat");
}

static void measure_then_emit(struct kunit *test)
{
	struct bssdt_params p;
	char msg[BSSDT_MSG_LEN];
	u8 small[160];
	size_t len = 0;

	defaults(test, &p);
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

static void int_case_desc(const struct int_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "0x%llx in revision %d", c->v,
		 c->rev);
}

KUNIT_ARRAY_PARAM(int_cases, int_cases, int_case_desc);

static void integer_encoding(struct kunit *test)
{
	const struct int_case *c = test->param_value;
	struct aml_buf b;
	u8 out[9] = { 0 };

	aml_init(&b, out, sizeof(out), c->rev);
	aml_int(&b, c->v);
	KUNIT_EXPECT_EQ(test, aml_int_size(c->v, c->rev), c->len);
	if (c->len < 0) {
		KUNIT_EXPECT_EQ(test, b.err, -EINVAL);
		return;
	}
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, b.len, (size_t)c->len);
	expect_bytes(test, out, c->enc, c->len, "integer");
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

static void pkglen_case_desc(const struct pkglen_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "body of %zu bytes", c->body);
}

KUNIT_ARRAY_PARAM(pkglen_cases, pkglen_cases, pkglen_case_desc);

static void pkglength_boundaries(struct kunit *test)
{
	const struct pkglen_case *c = test->param_value;
	u8 out[4] = { 0 };
	int n = aml_pkglen_encode(c->body, out);

	KUNIT_EXPECT_EQ(test, n, c->len);
	if (n > 0)
		expect_bytes(test, out, c->enc, n, "pkglength");
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
	struct bssdt_params p;
	u8 sum = 0;
	size_t len, i;
	u8 *t;

	defaults(test, &p);
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
	struct bssdt_params p;
	struct aml_buf b;
	u8 out[32];
	size_t len;
	u8 *t;

	defaults(test, &p);
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
	struct bssdt_params p;
	size_t bif, bix0, bix1, ac;
	u8 *t;

	defaults(test, &p);
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
	{ "uid", "18446744073709551615", "uid: must be <= 0xffffffff, got 18446744073709551615" },
	{ "sta", "0x07", "sta: must be one of 0x0f, 0x1f" },
	{ "power_unit", "2", "power_unit: must be one of mW, mA" },
	{ "uid", "0x100000005",
	  "uid: must be <= 0xffffffff, got 0x100000005: QEMU's DSDT has revision 1, so the guest" },
	{ "uid", "4294967296",
	  "uid: must be <= 0xffffffff, got 4294967296: QEMU's DSDT has revision 1, so the guest " },
	{ "design_capacity", "0x80000000",
	  "design_capacity: must be <= 2147483 or unknown, got 0x80000000: Linux guests" },
	{ "design_capacity", "2147484",
	  "design_capacity: must be <= 2147483 or unknown, got 2147484: Linux guests" },
	{ "full_charge_capacity", "0xfffffffe",
	  "full_charge_capacity: must be <= 2147483 or unknown, got 0xfffffffe" },
	{ "technology", "2", "technology: must be one of 0, 1" },
	{ "design_voltage", "0x20c49c",
	  "design_voltage: must be <= 2147483 or unknown, got 0x20c49c" },
	{ "capacity_warning", "0x80000000",
	  "capacity_warning: must be <= 0x7fffffff or unknown (0xffffffff), got 0x80000000" },
	{ "capacity_low", "2147483648",
	  "capacity_low: must be <= 0x7fffffff or unknown (0xffffffff), got 2147483648" },
	{ "granularity1", "-1", "granularity1: '-1' is not" },
	{ "model_number", "123456789012345678901234567890123", "model_number: must be at most 32" },
	{ "serial_number", "\xc3\xa9", "serial_number: must be 7-bit ASCII" },
	{ "battery_type", "\x80", "battery_type: must be 7-bit ASCII" },
	{ "state", "3", "state: must be 0-7 and not both charging (2) and discharging (1), got 3" },
	{ "state", "0x8",
	  "state: must be 0-7 and not both charging (2) and discharging (1), got 0x8" },
	{ "present_rate", "2147484", "present_rate: must be <= 2147483 or unknown, got 2147484" },
	{ "remaining_capacity", "0x80000000", "remaining_capacity: must be <= 2147483 or unknown" },
	{ "present_voltage", "0x80000000", "present_voltage: must be <= 2147483 or unknown" },
	{ "measurement_accuracy", "100001",
	  "measurement_accuracy: must be 0 to 100000 (thousandths of a percent, at most 100.000 " },
	{ "measurement_accuracy", "unknown",
	  "measurement_accuracy: 'unknown' is not a 32-bit number" },
	{ "sta", "0x1e", "sta: must be one of 0x0f, 0x1f; got 0x1e" },
	{ "sta", "30", "sta: must be one of 0x0f, 0x1f; got 30" },
	{ "info_method", "bic", "info_method: must be one of bif, bix" },
	{ "bix_revision", "2", "bix_revision: must be one of 0, 1" },
	{ "swapping_capability", "2", "swapping_capability: must be one of 0, 1, 0x10" },
	{ "ac_adapter", "yes", "ac_adapter: must be one of off, on, 0, 1" },
	{ "ac_online", "2", "ac_online: must be one of 0, 1" },
	{ "charge_percent", "101", "charge_percent: must be 0-100 or none, got 101" },
	{ "charge_percent", "0x65", "charge_percent: must be 0-100 or none, got 0x65" },
};

static void bad_case_desc(const struct bad_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s=%*pE", c->name,
		 (int)strlen(c->val), c->val);
}

KUNIT_ARRAY_PARAM(bad_values, bad_values, bad_case_desc);

static void field_rules(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	const struct bssdt_param *d = bssdt_param_find(c->name);
	struct bssdt_params p;
	char msg[BSSDT_MSG_LEN] = "";

	defaults(test, &p);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ(test, bssdt_param_set(&p, d, c->val, msg, sizeof(msg)),
			-EINVAL);
	KUNIT_EXPECT_EQ_MSG(test, strncmp(msg, c->msg, strlen(c->msg)), 0,
			    "got \"%s\"", msg);
}

struct good_case {
	const char *name;
	const char *val;
};

/* Good values, including every named form, round-trip through get. */
static const struct good_case good_values[] = {
	{ "scope", "\\_SB" }, { "scope", "_SB_.PCI0.LPCB" },
	{ "uid", "4294967295" }, { "sta", "0x0f" },
	{ "power_unit", "mW" }, { "info_method", "bix" },
	{ "ac_adapter", "on" }, { "design_capacity", "unknown" },
	{ "design_capacity", "2147483" }, { "capacity_warning", "2147483647" },
	{ "measurement_accuracy", "100000" }, { "charge_percent", "none" },
	{ "creator_revision", "0x20200925" }, { "model_number", "" },
	{ "oem_id", "A B" }, { "device_name", "_" },
	{ "swapping_capability", "0x10" }, { "state", "6" },
};

static void good_case_desc(const struct good_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s=%s", c->name, c->val);
}

KUNIT_ARRAY_PARAM(good_values, good_values, good_case_desc);

static void field_values(struct kunit *test)
{
	const struct good_case *c = test->param_value;
	const struct bssdt_param *d = bssdt_param_find(c->name);
	char msg[BSSDT_MSG_LEN] = "", out[64];
	struct bssdt_params p;

	defaults(test, &p);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_EQ_MSG(test, bssdt_param_set(&p, d, c->val, msg, sizeof(msg)),
			    0, "%s", msg);
	bssdt_param_get(&p, d, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, c->val);
}

/*
 * Every entry of params.h: it has a description, its default parses and
 * reads back as the same text (what modinfo, --help and the README
 * show is what the module uses), and its name finds it.
 */
static void param_row_desc(const struct bssdt_param *d, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", d->name);
}

KUNIT_ARRAY_PARAM(param_rows, bssdt_param_list, param_row_desc);

static void param_described(struct kunit *test)
{
	const struct bssdt_param *d = test->param_value;
	struct bssdt_params p;
	char out[64];

	defaults(test, &p);
	KUNIT_EXPECT_GT(test, strlen(d->desc), (size_t)10);
	KUNIT_EXPECT_PTR_EQ(test, bssdt_param_find(d->name), d);
	bssdt_param_get(&p, d, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, d->def);
}

/*
 * Parameter sets, applied one value at a time in the order given (as the
 * tool and the module do), then checked as a whole: the rule that refuses
 * them (the message starts with @msg), or NULL if they are valid; and, if
 * @remaining >= 0, the resulting remaining_capacity.
 */
struct set_case {
	const char *desc;
	const char *opts[4];
	const char *msg;
	long long remaining;
};

static const struct set_case set_cases[] = {
	{ "warning above full", { "capacity_warning=6001" },
	  "capacity_warning: must be <= full_charge_capacity (6001 > 6000)", -1 },
	{ "low above warning", { "capacity_low=601" },
	  "capacity_low: must be <= capacity_warning (601 > 600)", -1 },
	{ "remaining above full", { "remaining_capacity=6001" },
	  "remaining_capacity: must be <= full_charge_capacity (6001 > 6000)", -1 },
	{ "hex values shown in hex", { "capacity_warning=0x1000", "full_charge_capacity=0x800" },
	  "capacity_warning: must be <= full_charge_capacity (0x1000 > 0x800)", -1 },
	{ "64-bit uid, even in revision 2", { "table_revision=2", "uid=0x100000000" },
	  "uid: must be <= 0xffffffff, got 0x100000000: QEMU's DSDT has revision 1", -1 },
	{ "largest uid", { "uid=0xffffffff" }, NULL, -1 },
	{ "rechargeable, remaining unknown", { "remaining_capacity=unknown" },
	  "remaining_capacity: must be known for a rechargeable battery (technology=1;", -1 },
	{ "primary, remaining unknown", { "technology=0", "remaining_capacity=unknown" },
	  NULL, -1 },
	{ "rechargeable, voltage unknown", { "present_voltage=unknown" },
	  "present_voltage: must be known for a rechargeable battery (technology=1;", -1 },
	{ "idle, rate unknown", { "present_rate=unknown" }, NULL, -1 },
	{ "discharging, rate unknown", { "state=5", "present_rate=unknown" },
	  "present_rate: must be known for a rechargeable battery that is discharging", -1 },
	{ "charging, rate unknown", { "state=2", "present_rate=unknown" }, NULL, -1 },
	{ "primary discharging, rate unknown",
	  { "technology=0", "state=1", "present_rate=unknown" }, NULL, -1 },
	{ "_BIF, zero design capacity", { "design_capacity=0" }, NULL, -1 },
	{ "_BIX, zero design capacity", { "info_method=bix", "design_capacity=0" },
	  "design_capacity: must be known and non-zero with info_method=bix (Windows", -1 },
	{ "_BIX, unknown full capacity", { "info_method=bix", "full_charge_capacity=unknown" },
	  "full_charge_capacity: must be known and non-zero with info_method=bix", -1 },
	{ "charge_percent, unknown full",
	  { "full_charge_capacity=unknown", "charge_percent=50" },
	  "charge_percent: needs a known full_charge_capacity", -1 },
	{ "adapter name clash", { "ac_adapter=on", "device_name=AC_" },
	  "device_name: AC_ is the AC adapter's name (ac_adapter=on)", -1 },
	{ "unknown values are not compared",
	  { "full_charge_capacity=unknown", "capacity_warning=unknown", "remaining_capacity=100" },
	  NULL, 100 },
	{ "charge_percent applies at once", { "charge_percent=50" }, NULL, 3000 },
	{ "charge_percent follows full", { "charge_percent=50", "full_charge_capacity=4000" },
	  NULL, 2000 },
	{ "remaining_capacity last wins", { "charge_percent=50", "remaining_capacity=1234" },
	  NULL, 1234 },
	{ "charge_percent last wins", { "remaining_capacity=1234", "charge_percent=25" },
	  NULL, 1500 },
	{ "none keeps the value",
	  { "charge_percent=25", "charge_percent=none", "full_charge_capacity=4000" },
	  NULL, 1500 },
};

static void set_case_desc(const struct set_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", c->desc);
}

KUNIT_ARRAY_PARAM(set_cases, set_cases, set_case_desc);

static void parameter_sets(struct kunit *test)
{
	const struct set_case *c = test->param_value;
	char msg[BSSDT_MSG_LEN] = "", name[32];
	struct bssdt_params p;
	unsigned int i;
	size_t len;
	int err = 0;

	defaults(test, &p);
	for (i = 0; i < ARRAY_SIZE(c->opts) && c->opts[i] && !err; i++) {
		const char *eq = strchr(c->opts[i], '=');
		const struct bssdt_param *d;

		KUNIT_ASSERT_NOT_NULL(test, eq);
		KUNIT_ASSERT_LT(test, (size_t)(eq - c->opts[i]), sizeof(name));
		strscpy(name, c->opts[i], eq - c->opts[i] + 1);
		d = bssdt_param_find(name);
		KUNIT_ASSERT_NOT_NULL_MSG(test, d, "%s", name);
		err = bssdt_param_set(&p, d, eq + 1, msg, sizeof(msg));
	}
	if (!err)
		err = bssdt_validate(&p, msg, sizeof(msg));
	if (!c->msg) {
		KUNIT_EXPECT_EQ_MSG(test, err, 0, "%s", msg);
		/* What validates also builds. */
		KUNIT_EXPECT_EQ_MSG(test, bssdt_build(&p, NULL, 0, &len, msg,
						      sizeof(msg)), 0, "%s", msg);
	} else {
		KUNIT_EXPECT_EQ(test, err, -EINVAL);
		KUNIT_EXPECT_EQ_MSG(test, strncmp(msg, c->msg, strlen(c->msg)), 0,
				    "got \"%s\"", msg);
	}
	if (c->remaining >= 0)
		KUNIT_EXPECT_EQ(test, (long long)p.remaining_capacity, c->remaining);
}

/* bssdt_build() refuses what bssdt_validate() does, and the size rule. */
static void build_checks_rules(struct kunit *test)
{
	char msg[BSSDT_MSG_LEN];
	struct bssdt_params p;
	size_t len;

	defaults(test, &p);
	p.capacity_low = 601;
	KUNIT_EXPECT_EQ(test, bssdt_build(&p, NULL, 0, &len, msg, sizeof(msg)),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "capacity_low: must be <= capacity_warning (601 > 600)");
	KUNIT_EXPECT_EQ(test, bssdt_check_length(65535, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, bssdt_check_length(65536, msg, sizeof(msg)), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "table: 65536 bytes, more than QEMU accepts (65535)");
}

static struct kunit_case bssdt_cases[] = {
	KUNIT_CASE(default_is_ssdt1_dat),
	KUNIT_CASE(measure_then_emit),
	KUNIT_CASE_PARAM(integer_encoding, int_cases_gen_params),
	KUNIT_CASE_PARAM(pkglength_boundaries, pkglen_cases_gen_params),
	KUNIT_CASE(pkglength_inside_out),
	KUNIT_CASE(checksum),
	KUNIT_CASE(names_and_ids),
	KUNIT_CASE(bix_and_adapter),
	KUNIT_CASE_PARAM(field_rules, bad_values_gen_params),
	KUNIT_CASE_PARAM(field_values, good_values_gen_params),
	KUNIT_CASE_PARAM(param_described, param_rows_gen_params),
	KUNIT_CASE_PARAM(parameter_sets, set_cases_gen_params),
	KUNIT_CASE(build_checks_rules),
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
