// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vfio_d3cold's pure logic: guest D3 policy, the PMCSR
 * cache and read patching, and the blocker list computed from fake
 * devices.  policy.c is compiled into this module on its own, so nothing
 * here depends on the driver's init or module parameters.
 */
#include <kunit/test.h>
#include <linux/pci_regs.h>

#include "policy.c"

static void vd3_test_policy_parse(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vd3_policy_parse("off"), VD3_POLICY_OFF);
	KUNIT_EXPECT_EQ(test, vd3_policy_parse("nosoftrst\n"), VD3_POLICY_NOSOFTRST);
	KUNIT_EXPECT_EQ(test, vd3_policy_parse("force"), VD3_POLICY_FORCE);
	KUNIT_EXPECT_EQ(test, vd3_policy_parse("forced"), -EINVAL);
	KUNIT_EXPECT_EQ(test, vd3_policy_parse(""), -EINVAL);
	KUNIT_EXPECT_STREQ(test, vd3_policy_name(VD3_POLICY_FORCE), "force");
	KUNIT_EXPECT_STREQ(test, vd3_policy_name(VD3_POLICY_NR), "?");
}

static void vd3_test_policy_allows(struct kunit *test)
{
	const u16 nsr = PCI_PM_CTRL_NO_SOFT_RESET;

	KUNIT_EXPECT_FALSE(test, vd3_policy_allows(VD3_POLICY_OFF, 0));
	KUNIT_EXPECT_TRUE(test, vd3_policy_allows(VD3_POLICY_NOSOFTRST, 3));
	/* NoSoftRst+ keeps state across D3hot: only "force" may drop it. */
	KUNIT_EXPECT_FALSE(test, vd3_policy_allows(VD3_POLICY_NOSOFTRST, nsr | 3));
	KUNIT_EXPECT_TRUE(test, vd3_policy_allows(VD3_POLICY_FORCE, nsr | 3));
}

static void vd3_test_guest_view(struct kunit *test)
{
	const u16 pme = PCI_PM_CTRL_PME_ENABLE | PCI_PM_CTRL_PME_STATUS;

	/* State from the write, PME bits from vconfig, the rest from hw. */
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   pme | 0x0, 0, 3), 0x0003);
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   0x0000, PCI_PM_CTRL_PME_ENABLE, 3),
			PCI_PM_CTRL_PME_ENABLE | 3);
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   PCI_PM_CTRL_NO_SOFT_RESET, 0, 3),
			PCI_PM_CTRL_NO_SOFT_RESET | 3);
	/* force: the device comes back reset, so say NoSoftRst-. */
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_FORCE,
						   PCI_PM_CTRL_NO_SOFT_RESET, 0, 3), 3);
}

static void vd3_test_ranges(struct kunit *test)
{
	unsigned int reg_off;
	size_t buf_off, n;

	/* e1000e: PM cap at 0xc8, PMCSR at 0xcc. */
	KUNIT_EXPECT_TRUE(test, vd3_range_within(0xcc, 2, 0xcc, 2));
	KUNIT_EXPECT_TRUE(test, vd3_range_within(0xcd, 1, 0xcc, 2));
	KUNIT_EXPECT_FALSE(test, vd3_range_within(0xcc, 4, 0xcc, 2));
	KUNIT_EXPECT_FALSE(test, vd3_range_within(0xca, 2, 0xcc, 2));
	KUNIT_EXPECT_FALSE(test, vd3_range_within(0xcc, 0, 0xcc, 2));

	KUNIT_ASSERT_TRUE(test, vd3_range_overlap(0xc8, 8, 0xcc, 2, &buf_off,
						  &reg_off, &n));
	KUNIT_EXPECT_EQ(test, buf_off, 4);
	KUNIT_EXPECT_EQ(test, reg_off, 0);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_ASSERT_TRUE(test, vd3_range_overlap(0xcd, 4, 0xcc, 2, &buf_off,
						  &reg_off, &n));
	KUNIT_EXPECT_EQ(test, buf_off, 0);
	KUNIT_EXPECT_EQ(test, reg_off, 1);
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_FALSE(test, vd3_range_overlap(0, 0xcc, 0xcc, 2, &buf_off,
						   &reg_off, &n));
	KUNIT_EXPECT_FALSE(test, vd3_range_overlap(0xce, 4, 0xcc, 2, &buf_off,
						   &reg_off, &n));
}

static void vd3_test_patch(struct kunit *test)
{
	u8 cfg[256];

	memset(cfg, 0, sizeof(cfg));
	vd3_patch_pmcsr(cfg, 0, sizeof(cfg), 0xcc, 0x0103);
	KUNIT_EXPECT_EQ(test, cfg[0xcc], 0x03);
	KUNIT_EXPECT_EQ(test, cfg[0xcd], 0x01);
	KUNIT_EXPECT_EQ(test, cfg[0xcb], 0);
	KUNIT_EXPECT_EQ(test, cfg[0xce], 0);

	/* A read that only covers PMCSR's high byte. */
	memset(cfg, 0xaa, 4);
	vd3_patch_pmcsr(cfg, 0xcd, 4, 0xcc, 0x0103);
	KUNIT_EXPECT_EQ(test, cfg[0], 0x01);
	KUNIT_EXPECT_EQ(test, cfg[1], 0xaa);
}

/* A slot that may reach D3cold: port with _PR3, pcieport, both bound. */
static void vd3_good_facts(struct vd3_facts *f)
{
	struct vd3_fn_facts fn = {
		.d3cold_allowed = true, .runtime_auto = true, .ours = true,
		.runtime_suspended = true, .acpi_companion = true,
		.driver = "vfio_d3cold",
	};

	memset(f, 0, sizeof(*f));
	f->dev = fn;
	strscpy(f->dev.name, "0000:01:00.0", sizeof(f->dev.name));
	f->siblings[0] = fn;
	strscpy(f->siblings[0].name, "0000:01:00.1", sizeof(f->siblings[0].name));
	f->nr_siblings = 1;
	f->has_parent = true;
	f->parent = fn;
	f->parent.ours = false;
	f->parent.driver = "pcieport";
	f->parent.has_pr3 = true;
	strscpy(f->parent.name, "0000:00:1c.0", sizeof(f->parent.name));
	f->parent_bridge_d3 = true;
	f->bios_year = 2014;
}

static char *vd3_blockers(struct kunit *test, const struct vd3_facts *f)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vd3_format_blockers(f, buf, PAGE_SIZE);
	return buf;
}

static void vd3_test_blockers_none(struct kunit *test)
{
	struct vd3_facts f;

	vd3_good_facts(&f);
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f), "");
}

static void vd3_test_blockers_device(struct kunit *test)
{
	struct vd3_facts f;
	char *b;

	vd3_good_facts(&f);
	f.dev.open_count = 1;
	f.dev.usage_count = 1;
	f.dev.runtime_suspended = false;
	b = vd3_blockers(test, &f);
	KUNIT_EXPECT_STREQ(test, b,
			   "open 0000:01:00.0: opened by a user (VM) that has not entered low power\n");

	/* In low power the open reference is gone: no "open" line. */
	f.dev.lp_engaged = true;
	f.dev.usage_count = 0;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f), "");

	vd3_good_facts(&f);
	f.dev.d3cold_allowed = false;
	f.dev.runtime_auto = false;
	f.dev.usage_count = 3;
	f.parent_bridge_d3 = false;
	b = vd3_blockers(test, &f);
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "d3cold_allowed 0000:01:00.0:"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "control_on 0000:01:00.0:"));
	/* control=on explains one reference; two more are unexplained. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "usage count 3, expected 1"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "port may not enter D3: a function below"));
}

static void vd3_test_blockers_platform(struct kunit *test)
{
	struct vd3_facts f;
	char *b;

	vd3_good_facts(&f);
	f.parent.has_pr3 = false;
	b = vd3_blockers(test, &f);
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "no_pr3 0000:01:00.0:"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "port 0000:00:1c.0 has _PR3"));

	/* _PR3 on the device itself is enough. */
	f.dev.has_pr3 = true;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f), "");
}

static void vd3_test_blockers_port(struct kunit *test)
{
	struct vd3_facts f;

	vd3_good_facts(&f);
	f.parent_bridge_d3 = false;
	f.parent.runtime_auto = false;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "port_no_d3 0000:00:1c.0: port may not enter D3: BIOS year 2014 < 2015 (boot with pcie_port_pm=force)\n"
			   "port_control_on 0000:00:1c.0: power/control is on for the port\n");

	f.parent_hotplug = true;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vd3_blockers(test, &f),
					   "hotplug is handled by firmware"));
	f.parent_native_hotplug = true;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vd3_blockers(test, &f),
					   "native hotplug port"));

	vd3_good_facts(&f);
	f.parent.d3cold_allowed = false;
	f.parent.driver = NULL;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "port_d3cold_allowed 0000:00:1c.0: d3cold_allowed is 0 on the port\n"
			   "port_no_driver 0000:00:1c.0: the port has no driver (pcieport)\n");
}

static void vd3_test_blockers_siblings(struct kunit *test)
{
	struct vd3_facts f;

	/* The typical HDMI-audio function left without a driver. */
	vd3_good_facts(&f);
	f.siblings[0].driver = NULL;
	f.siblings[0].ours = false;
	f.siblings[0].runtime_auto = false;
	f.siblings[0].runtime_suspended = false;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "sibling_driverless 0000:01:00.1: no driver and power/control=on, keeps the slot powered\n");

	f.siblings[0].driver = "snd_hda_intel";
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "sibling_elsewhere 0000:01:00.1: bound to snd_hda_intel and awake, keeps the slot powered\n");

	/* Suspended under another driver is fine. */
	f.siblings[0].runtime_suspended = true;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f), "");

	f.siblings[0].no_d3cold = true;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vd3_blockers(test, &f),
					   "no_d3cold 0000:01:00.1:"));
}

static void vd3_test_blockers_truncate(struct kunit *test)
{
	struct vd3_facts f;
	char buf[16];

	vd3_good_facts(&f);
	f.dev.d3cold_allowed = false;
	f.dev.no_d3cold = true;
	/* Never writes past the buffer, always terminates it. */
	KUNIT_EXPECT_EQ(test, vd3_format_blockers(&f, buf, sizeof(buf)), 15);
	KUNIT_EXPECT_EQ(test, buf[15], '\0');
}

static struct kunit_case vd3_test_cases[] = {
	KUNIT_CASE(vd3_test_policy_parse),
	KUNIT_CASE(vd3_test_policy_allows),
	KUNIT_CASE(vd3_test_guest_view),
	KUNIT_CASE(vd3_test_ranges),
	KUNIT_CASE(vd3_test_patch),
	KUNIT_CASE(vd3_test_blockers_none),
	KUNIT_CASE(vd3_test_blockers_device),
	KUNIT_CASE(vd3_test_blockers_platform),
	KUNIT_CASE(vd3_test_blockers_port),
	KUNIT_CASE(vd3_test_blockers_siblings),
	KUNIT_CASE(vd3_test_blockers_truncate),
	{}
};

static struct kunit_suite vd3_test_suite = {
	.name = "vfio_d3cold",
	.test_cases = vd3_test_cases,
};

kunit_test_suite(vd3_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for vfio_d3cold's policy and blocker logic");
MODULE_AUTHOR("gpupass developers");
