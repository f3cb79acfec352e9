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
	const u32 pme = PCI_PM_CTRL_PME_ENABLE | PCI_PM_CTRL_PME_STATUS;

	/* State from the device, PME bits 0 (virtualised), the rest from hw. */
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   pme | 0x0, 3), 0x0003);
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   PCI_PM_CTRL_NO_SOFT_RESET, 3),
			PCI_PM_CTRL_NO_SOFT_RESET | 3);
	/* The whole dword: PMCSR_BSE and Data come along. */
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_NOSOFTRST,
						   0xa5c30003, 3), 0xa5c30003);
	/* force: the device comes back reset, so say NoSoftRst-. */
	KUNIT_EXPECT_EQ(test, vd3_pmcsr_guest_view(VD3_POLICY_FORCE,
						   PCI_PM_CTRL_NO_SOFT_RESET, 3), 3);
}

/* Low-power entry is decided on what the device reports after the write. */
struct vd3_enter_case {
	const char *desc;
	enum vd3_policy policy;
	u32 pmcsr;
	bool in_d3hot;
	bool enter;
};

static const struct vd3_enter_case vd3_enter_cases[] = {
	{ "D3hot, NoSoftRst-", VD3_POLICY_NOSOFTRST, 0x0003, true, true },
	{ "core refused D3 (VFs, NO_D3): still D0", VD3_POLICY_NOSOFTRST, 0x0000, false, false },
	{ "PMCSR says D3hot, PCI core does not", VD3_POLICY_NOSOFTRST, 0x0003, false, false },
	{ "PCI core says D3hot, PMCSR D0", VD3_POLICY_FORCE, 0x0000, true, false },
	{ "D2 is not D3hot", VD3_POLICY_FORCE, 0x0002, true, false },
	{ "device gone (all ones)", VD3_POLICY_FORCE, 0xffffffff, true, false },
	{ "NoSoftRst+ under nosoftrst", VD3_POLICY_NOSOFTRST, 0x000b, true, false },
	{ "NoSoftRst+ under force", VD3_POLICY_FORCE, 0x000b, true, true },
	{ "policy off", VD3_POLICY_OFF, 0x0003, true, false },
};

static void vd3_enter_desc(const struct vd3_enter_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vd3_enter, vd3_enter_cases, vd3_enter_desc);

static void vd3_test_lp_may_enter(struct kunit *test)
{
	const struct vd3_enter_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vd3_lp_may_enter(c->policy, c->pmcsr, c->in_d3hot),
			c->enter);
}

/* vfio-pci's denylist, and neighbours that are not on it. */
struct vd3_deny_case {
	const char *desc;
	u16 vendor, device;
	bool denied;
};

static const struct vd3_deny_case vd3_deny_cases[] = {
	{ "QAT C3xxx", 0x8086, 0x19e2, true },
	{ "QAT C3xxx VF", 0x8086, 0x19e3, true },
	{ "QAT C62x", 0x8086, 0x37c8, true },
	{ "QAT C62x VF", 0x8086, 0x37c9, true },
	{ "QAT DH895xCC", 0x8086, 0x0435, true },
	{ "QAT DH895xCC VF", 0x8086, 0x0443, true },
	{ "DSA SPR0", 0x8086, 0x0b25, true },
	{ "IAX SPR0", 0x8086, 0x0cfe, true },
	{ "e1000e 82574L", 0x8086, 0x10d3, false },
	{ "same device ID, other vendor", 0x10de, 0x19e2, false },
	{ "NVIDIA GPU", 0x10de, 0x249d, false },
};

static void vd3_deny_desc(const struct vd3_deny_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(vd3_deny, vd3_deny_cases, vd3_deny_desc);

static void vd3_test_denylist(struct kunit *test)
{
	const struct vd3_deny_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, vd3_denylisted(c->vendor, c->device), c->denied);
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
	vd3_patch_pmcsr(cfg, 0, sizeof(cfg), 0xcc, 0x44330103);
	KUNIT_EXPECT_EQ(test, cfg[0xcc], 0x03);
	KUNIT_EXPECT_EQ(test, cfg[0xcd], 0x01);
	KUNIT_EXPECT_EQ(test, cfg[0xce], 0x33);
	KUNIT_EXPECT_EQ(test, cfg[0xcf], 0x44);
	KUNIT_EXPECT_EQ(test, cfg[0xcb], 0);
	KUNIT_EXPECT_EQ(test, cfg[0xd0], 0);

	/*
	 * A read from PMCSR's high byte on: the rest of the cached dword
	 * (PMCSR_BSE, Data), then what the device returned past it.
	 */
	memset(cfg, 0xaa, 4);
	vd3_patch_pmcsr(cfg, 0xcd, 4, 0xcc, 0x44330103);
	KUNIT_EXPECT_EQ(test, cfg[0], 0x01);
	KUNIT_EXPECT_EQ(test, cfg[1], 0x33);
	KUNIT_EXPECT_EQ(test, cfg[2], 0x44);
	KUNIT_EXPECT_EQ(test, cfg[3], 0xaa);
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
	f->parent.can_poweroff = true;
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
	f.parent.can_poweroff = false;
	b = vd3_blockers(test, &f);
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "no_pr3 0000:01:00.0:"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(b, "(0000:00:1c.0) has _PR3 or _PS3"));

	/* _PR3 on the device itself is enough. */
	f.dev.can_poweroff = true;
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
					   "hotplug is handled by firmware (ACPI)"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(vd3_blockers(test, &f),
					   "pcie_ports=native hands hotplug to the OS"));
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

static void vd3_test_blockers_resume_failed(struct kunit *test)
{
	struct vd3_facts f;

	vd3_good_facts(&f);
	f.resume_failed = true;
	f.resume_error = -ENODEV;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "resume_failed 0000:01:00.0: a wake from low power failed (error -19): D3cold is disabled for it and guest_d3 is off\n");
}

/* GPU behind a switch (Thunderbolt eGPU): the _PR3 is on the root port. */
static void vd3_switch_facts(struct vd3_facts *f)
{
	vd3_good_facts(f);
	f->parent.can_poweroff = false;
	strscpy(f->parent.name, "0000:02:00.0", sizeof(f->parent.name));
	f->nr_upper = 2;
	f->upper[0].fn = f->parent;
	strscpy(f->upper[0].fn.name, "0000:01:00.0", sizeof(f->upper[0].fn.name));
	f->upper[0].bridge_d3 = true;
	f->upper[1].fn = f->parent;
	f->upper[1].fn.can_poweroff = true;
	strscpy(f->upper[1].fn.name, "0000:00:1c.0", sizeof(f->upper[1].fn.name));
	f->upper[1].bridge_d3 = true;
}

static void vd3_test_blockers_switch(struct kunit *test)
{
	struct vd3_facts f;

	vd3_switch_facts(&f);
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f), "");

	/* No power control anywhere up to the root port. */
	f.upper[1].fn.can_poweroff = false;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vd3_blockers(test, &f),
					   "up to the root port (0000:00:1c.0) has _PR3 or _PS3"));

	/* The switch's upstream port, two levels up, stays in D0. */
	vd3_switch_facts(&f);
	f.upper[0].bridge_d3 = false;
	f.upper[0].fn.runtime_auto = false;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "port_no_d3 0000:01:00.0: port may not enter D3: BIOS year 2014 < 2015 (boot with pcie_port_pm=force)\n"
			   "port_control_on 0000:01:00.0: power/control is on for the port\n");
}

/* Runtime-PM states of the device itself and the usage they explain. */
static void vd3_test_blockers_runtime(struct kunit *test)
{
	struct vd3_facts f;

	/* disable_idle_d3=1: the core keeps its probe reference. */
	vd3_good_facts(&f);
	f.dev.disable_idle_d3 = true;
	f.dev.usage_count = 1;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "disable_idle_d3 0000:01:00.0: idle D3 disabled (disable_idle_d3=1)\n");
	/* ... and one more while it is open. */
	f.dev.open_count = 1;
	f.dev.usage_count = 2;
	KUNIT_EXPECT_NULL(test, strstr(vd3_blockers(test, &f), "usage_count"));

	/* A negative autosuspend delay takes a reference of its own. */
	vd3_good_facts(&f);
	f.dev.autosuspend_negative = true;
	f.dev.usage_count = 1;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "autosuspend_negative 0000:01:00.0: power/autosuspend_delay_ms is negative: never suspends\n");

	vd3_good_facts(&f);
	f.dev.runtime_error = -EIO;
	f.dev.qos_no_power_off = true;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "runtime_error 0000:01:00.0: runtime PM stopped after error -5\n"
			   "pm_qos_no_power_off 0000:01:00.0: power/pm_qos_no_power_off is 1: ACPI keeps it in D3hot\n");

	/* A wakeup source without PME from D3cold keeps the port up. */
	vd3_good_facts(&f);
	f.siblings[0].wakeup_no_pme = true;
	f.parent_bridge_d3 = false;
	KUNIT_EXPECT_STREQ(test, vd3_blockers(test, &f),
			   "wakeup_no_pme 0000:01:00.1: wakeup is enabled but it cannot signal PME from D3cold\n"
			   "port_no_d3 0000:00:1c.0: port may not enter D3: a function below forbids D3cold (above)\n");
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
	KUNIT_CASE_PARAM(vd3_test_lp_may_enter, vd3_enter_gen_params),
	KUNIT_CASE_PARAM(vd3_test_denylist, vd3_deny_gen_params),
	KUNIT_CASE(vd3_test_ranges),
	KUNIT_CASE(vd3_test_patch),
	KUNIT_CASE(vd3_test_blockers_none),
	KUNIT_CASE(vd3_test_blockers_device),
	KUNIT_CASE(vd3_test_blockers_platform),
	KUNIT_CASE(vd3_test_blockers_port),
	KUNIT_CASE(vd3_test_blockers_siblings),
	KUNIT_CASE(vd3_test_blockers_resume_failed),
	KUNIT_CASE(vd3_test_blockers_switch),
	KUNIT_CASE(vd3_test_blockers_runtime),
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
