// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_d3cold: the decisions, kept free of device access so that KUnit
 * (policy_test.c) can check them against made-up devices.
 */
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/pci_ids.h>
#include <linux/pci_regs.h>
#include <linux/string.h>

#include "policy.h"

static const char * const vd3_policy_names[VD3_POLICY_NR] = {
	[VD3_POLICY_OFF]	= "off",
	[VD3_POLICY_NOSOFTRST]	= "nosoftrst",
	[VD3_POLICY_FORCE]	= "force",
};

/**
 * vd3_policy_parse() - parse a guest_d3 policy name
 * @s: "off", "nosoftrst" or "force", optionally followed by a newline
 *
 * Return: the enum vd3_policy value, or -EINVAL.
 */
int vd3_policy_parse(const char *s)
{
	int i = sysfs_match_string(vd3_policy_names, s);

	return i < 0 ? -EINVAL : i;
}

/**
 * vd3_policy_name() - name of a guest_d3 policy
 * @p: the policy
 *
 * Return: a static string; "?" for an out-of-range value.
 */
const char *vd3_policy_name(enum vd3_policy p)
{
	return (unsigned int)p < VD3_POLICY_NR ? vd3_policy_names[p] : "?";
}

/**
 * vd3_policy_allows() - may a guest D3hot write become runtime low power?
 * @p: the device's policy
 * @pmcsr: the device's PMCSR as read from hardware
 *
 * D3cold always resets the function.  A NoSoftRst- device loses its state
 * on D3hot->D0 anyway, so promoting it is invisible to the guest; a
 * NoSoftRst+ device (many GPUs) would lose context it expects to keep,
 * which only "force" accepts.
 *
 * Return: true if the write may be turned into LOW_POWER_ENTRY.
 */
bool vd3_policy_allows(enum vd3_policy p, u16 pmcsr)
{
	switch (p) {
	case VD3_POLICY_NOSOFTRST:
		return !(pmcsr & PCI_PM_CTRL_NO_SOFT_RESET);
	case VD3_POLICY_FORCE:
		return true;
	default:
		return false;
	}
}

/**
 * vd3_lp_may_enter() - may a forwarded D3hot write become low power?
 * @p: the device's policy
 * @pmcsr: the PM control/status dword read from the device after the write
 * @in_d3hot: the PCI core reports the device in D3hot (current_state)
 *
 * Decided on what the hardware now says, never on the user's buffer (it
 * may change between our look and the core's copy): vfio-pci-core may
 * have refused D3 (VFs enabled, f4162eb1e2fc; a NO_D3 quirk), and then
 * the device is still in D0.
 *
 * Return: true if the device is really in D3hot and the policy allows.
 */
bool vd3_lp_may_enter(enum vd3_policy p, u32 pmcsr, bool in_d3hot)
{
	return in_d3hot && !PCI_POSSIBLE_ERROR(pmcsr) &&
	       (pmcsr & PCI_PM_CTRL_STATE_MASK) == 3 &&
	       vd3_policy_allows(p, pmcsr);
}

/**
 * vd3_pmcsr_guest_view() - PM control/status dword to show in low power
 * @p: the policy in force when low power was entered
 * @hw: the dword at pm_cap + PCI_PM_CTRL (PMCSR, PMCSR_BSE, Data) read
 *	from the device right after the forwarded write
 * @state: the power state the device reports (PCI_PM_CTRL_STATE_MASK bits)
 *
 * PME_En and PME_Status read as 0 to every vfio user since 54918c287401
 * ("vfio/pci: Virtualize PME related registers bits and initialize to
 * zero").  Under "force" NoSoftRst is cleared: the device will come back
 * reset, and a guest driver that reads NoSoftRst- knows to re-initialise.
 *
 * Return: the cached dword.
 */
u32 vd3_pmcsr_guest_view(enum vd3_policy p, u32 hw, u8 state)
{
	const u32 clear = PCI_PM_CTRL_PME_ENABLE | PCI_PM_CTRL_PME_STATUS |
			  PCI_PM_CTRL_STATE_MASK;
	u32 v;

	v = (hw & ~clear) | (state & PCI_PM_CTRL_STATE_MASK);
	if (p == VD3_POLICY_FORCE)
		v &= ~PCI_PM_CTRL_NO_SOFT_RESET;
	return v;
}

/**
 * vd3_denylisted() - is the device on vfio-pci's denylist?
 * @vendor: PCI vendor ID
 * @device: PCI device ID
 *
 * The same list as vfio_pci_dev_in_denylist() in drivers/vfio/pci/vfio_pci.c
 * ("vfio/pci: Add device denylist", v5.10; DSA/IAX added later): devices
 * with errata that are exploitable by whoever owns them through vfio.
 *
 * Return: true if the device must not be bound without disable_denylist.
 */
bool vd3_denylisted(u16 vendor, u16 device)
{
	if (vendor != PCI_VENDOR_ID_INTEL)
		return false;
	switch (device) {
	case PCI_DEVICE_ID_INTEL_QAT_C3XXX:
	case PCI_DEVICE_ID_INTEL_QAT_C3XXX_VF:
	case PCI_DEVICE_ID_INTEL_QAT_C62X:
	case PCI_DEVICE_ID_INTEL_QAT_C62X_VF:
	case PCI_DEVICE_ID_INTEL_QAT_DH895XCC:
	case PCI_DEVICE_ID_INTEL_QAT_DH895XCC_VF:
	case PCI_DEVICE_ID_INTEL_DSA_SPR0:
	case PCI_DEVICE_ID_INTEL_IAX_SPR0:
		return true;
	default:
		return false;
	}
}

/**
 * vd3_range_within() - is the access [pos, pos + count) inside a register?
 * @pos: offset of the access in config space
 * @count: its length in bytes
 * @off: offset of the register
 * @len: its length
 *
 * Return: true if every byte accessed belongs to the register.
 */
bool vd3_range_within(loff_t pos, size_t count, unsigned int off,
		      unsigned int len)
{
	return count && pos >= off && pos + count <= (loff_t)off + len;
}

/**
 * vd3_range_overlap() - bytes an access shares with a register
 * @pos: offset of the access in config space
 * @count: its length in bytes
 * @off: offset of the register
 * @len: its length
 * @buf_off: set to the first shared byte's index in the access buffer
 * @reg_off: set to the same byte's index in the register
 * @n: set to the number of shared bytes
 *
 * Return: true if at least one byte is shared.
 */
bool vd3_range_overlap(loff_t pos, size_t count, unsigned int off,
		       unsigned int len, size_t *buf_off, unsigned int *reg_off,
		       size_t *n)
{
	loff_t start = max_t(loff_t, pos, off);
	loff_t end = min_t(loff_t, pos + count, (loff_t)off + len);

	if (pos < 0 || start >= end)
		return false;
	*buf_off = start - pos;
	*reg_off = start - off;
	*n = end - start;
	return true;
}

/**
 * vd3_patch_pmcsr() - overwrite the PM control/status bytes of a config read
 * @buf: the data read, @count bytes from offset @pos
 * @pos: config-space offset of @buf[0]
 * @count: bytes in @buf
 * @pmcsr_off: offset of PMCSR (pm_cap + PCI_PM_CTRL)
 * @pmcsr: the cached dword (PMCSR, PMCSR_BSE, Data; little endian in
 *	config space)
 *
 * A wider read wakes the device, which then reports D0: patching keeps the
 * guest's view consistent with the D3hot it wrote.
 */
void vd3_patch_pmcsr(u8 *buf, loff_t pos, size_t count, unsigned int pmcsr_off,
		     u32 pmcsr)
{
	u8 bytes[VD3_PMCSR_LEN] = { pmcsr, pmcsr >> 8, pmcsr >> 16, pmcsr >> 24 };
	unsigned int reg_off;
	size_t buf_off, n;

	if (vd3_range_overlap(pos, count, pmcsr_off, VD3_PMCSR_LEN, &buf_off,
			      &reg_off, &n))
		memcpy(buf + buf_off, bytes + reg_off, n);
}

struct vd3_out {
	char *buf;
	size_t size;
	int len;
};

static __printf(2, 3) void vd3_line(struct vd3_out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	o->len += vscnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
}

/* Reasons that stop any function below the port from reaching D3cold. */
static bool vd3_fn_forbids_d3cold(struct vd3_out *o,
				  const struct vd3_fn_facts *fn)
{
	bool r = false;

	if (fn->no_d3cold) {
		vd3_line(o, "no_d3cold %s: a quirk or its driver set no_d3cold\n",
			 fn->name);
		r = true;
	}
	if (!fn->d3cold_allowed) {
		vd3_line(o, "d3cold_allowed %s: d3cold_allowed is 0\n", fn->name);
		r = true;
	}
	/* pci_dev_check_d3cold(): a wakeup source needs PME from D3cold. */
	if (fn->wakeup_no_pme) {
		vd3_line(o,
			 "wakeup_no_pme %s: wakeup is enabled but it cannot signal PME from D3cold\n",
			 fn->name);
		r = true;
	}
	return r;
}

/* Runtime-PM reasons any function (ours, a sibling, a port) can have. */
static void vd3_fn_pm(struct vd3_out *o, const struct vd3_fn_facts *fn)
{
	if (!fn->runtime_auto)
		vd3_line(o, "control_on %s: power/control is on\n", fn->name);
	if (fn->disable_depth > 0)
		vd3_line(o, "runtime_pm_disabled %s: runtime PM is disabled (depth %d)\n",
			 fn->name, fn->disable_depth);
	if (fn->runtime_error)
		vd3_line(o, "runtime_error %s: runtime PM stopped after error %d\n",
			 fn->name, fn->runtime_error);
	if (fn->autosuspend_negative)
		vd3_line(o,
			 "autosuspend_negative %s: power/autosuspend_delay_ms is negative: never suspends\n",
			 fn->name);
	if (fn->qos_no_power_off)
		vd3_line(o,
			 "pm_qos_no_power_off %s: power/pm_qos_no_power_off is 1: ACPI keeps it in D3hot\n",
			 fn->name);
}

/*
 * The runtime-PM usage references that are expected, not leaks: the open
 * (until the user enters low power), power/control=on, a negative
 * autosuspend delay (update_autosuspend() takes one), and with
 * disable_idle_d3 the one vfio-pci-core keeps from probe
 * (vfio_pci_core_register_device() skips its pm_runtime_put()).
 */
static int vd3_expected_usage(const struct vd3_fn_facts *fn)
{
	return (fn->open_count && !fn->lp_engaged) + !fn->runtime_auto +
	       fn->autosuspend_negative + fn->disable_idle_d3;
}

static void vd3_fn_runtime(struct vd3_out *o, const struct vd3_fn_facts *fn)
{
	int expected = vd3_expected_usage(fn);

	if (fn->disable_idle_d3)
		vd3_line(o, "disable_idle_d3 %s: idle D3 disabled (disable_idle_d3=1)\n",
			 fn->name);
	if (fn->sriov_active)
		vd3_line(o, "sriov %s: SR-IOV virtual functions are enabled\n",
			 fn->name);
	if (fn->open_count && !fn->lp_engaged)
		vd3_line(o, "open %s: opened by a user (VM) that has not entered low power\n",
			 fn->name);
	vd3_fn_pm(o, fn);
	if (fn->usage_count > expected)
		vd3_line(o, "usage_count %s: runtime PM usage count %d, expected %d\n",
			 fn->name, fn->usage_count, expected);
}

static void vd3_sibling(struct vd3_out *o, const struct vd3_fn_facts *s)
{
	if (s->runtime_suspended)
		return;
	if (!s->driver)
		vd3_line(o, "sibling_driverless %s: no driver%s, keeps the slot powered\n",
			 s->name, s->runtime_auto ? "" : " and power/control=on");
	else if (!s->ours)
		vd3_line(o, "sibling_elsewhere %s: bound to %s and awake, keeps the slot powered\n",
			 s->name, s->driver);
	else
		vd3_line(o, "sibling_awake %s: awake%s, keeps the slot powered\n",
			 s->name, s->open_count && !s->lp_engaged ?
			 " (opened without low power)" : "");
}

/*
 * One port on the way to the root complex.  Every port must be allowed to
 * enter D3 (pci_bridge_d3_possible(), pci_dev_check_d3cold()) before the
 * one with the power resource can cut power.
 */
static void vd3_port(struct vd3_out *o, const struct vd3_port_facts *pt,
		     bool child_forbids, int bios_year)
{
	const char *p = pt->fn.name;

	if (!pt->bridge_d3) {
		if (child_forbids)
			vd3_line(o,
				 "port_no_d3 %s: port may not enter D3: a function below forbids D3cold (above)\n",
				 p);
		else if (pt->hotplug && !pt->native_hotplug)
			vd3_line(o,
				 "port_no_d3 %s: port may not enter D3: its hotplug is handled by firmware (ACPI), which pcie_port_pm=force does not override (pcie_ports=native hands hotplug to the OS)\n",
				 p);
		else if (pt->hotplug)
			vd3_line(o,
				 "port_no_d3 %s: port may not enter D3: native hotplug port (boot with pcie_port_pm=force)\n",
				 p);
		else if (bios_year >= 0 && bios_year < 2015)
			vd3_line(o,
				 "port_no_d3 %s: port may not enter D3: BIOS year %d < 2015 (boot with pcie_port_pm=force)\n",
				 p, bios_year);
		else
			vd3_line(o,
				 "port_no_d3 %s: port may not enter D3: pcie_port_pm=off or a DMI quirk\n",
				 p);
	}
	if (!pt->fn.d3cold_allowed)
		vd3_line(o, "port_d3cold_allowed %s: d3cold_allowed is 0 on the port\n",
			 p);
	if (!pt->fn.runtime_auto)
		vd3_line(o, "port_control_on %s: power/control is on for the port\n",
			 p);
	if (pt->fn.disable_depth > 0)
		vd3_line(o, "runtime_pm_disabled %s: runtime PM is disabled (depth %d)\n",
			 p, pt->fn.disable_depth);
	if (pt->fn.runtime_error)
		vd3_line(o, "runtime_error %s: runtime PM stopped after error %d\n",
			 p, pt->fn.runtime_error);
	if (pt->fn.qos_no_power_off)
		vd3_line(o,
			 "pm_qos_no_power_off %s: power/pm_qos_no_power_off is 1: ACPI keeps it in D3hot\n",
			 p);
	if (!pt->fn.driver)
		vd3_line(o, "port_no_driver %s: the port has no driver (pcieport)\n",
			 p);
}

/**
 * vd3_format_blockers() - explain why a device is not in D3cold
 * @f: what is known about the device, its port and the port's other
 *	functions
 * @buf: output, one reason per line: "KEY BDF: text\n"
 * @size: size of @buf
 *
 * The keys are stable (tools/vfio-d3cold matches them to fixes); the text
 * is for people.  Nothing is printed for a device that may reach D3cold.
 *
 * Return: the number of bytes written, without the terminating NUL.
 */
int vd3_format_blockers(const struct vd3_facts *f, char *buf, size_t size)
{
	struct vd3_out o = { .buf = buf, .size = size };
	struct vd3_port_facts parent;
	bool child_forbids, power_cut;
	unsigned int i;

	if (size)
		buf[0] = '\0';
	if (f->resume_failed)
		vd3_line(&o,
			 "resume_failed %s: a wake from low power failed (error %d): D3cold is disabled for it and guest_d3 is off\n",
			 f->dev.name, f->resume_error);
	child_forbids = vd3_fn_forbids_d3cold(&o, &f->dev);
	vd3_fn_runtime(&o, &f->dev);

	power_cut = f->dev.can_poweroff || (f->has_parent && f->parent.can_poweroff);
	for (i = 0; i < f->nr_upper && i < VD3_MAX_UPPER; i++)
		power_cut |= f->upper[i].fn.can_poweroff;
	if (!power_cut)
		vd3_line(&o,
			 "no_pr3 %s: neither it (ACPI companion %s, power-manageable %s) nor a port up to the root port (%s) has _PR3 or _PS3: nothing can cut the slot's power\n",
			 f->dev.name, f->dev.acpi_companion ? "yes" : "no",
			 f->dev.acpi_power_manageable ? "yes" : "no",
			 f->nr_upper ? f->upper[min(f->nr_upper, VD3_MAX_UPPER) - 1].fn.name :
			 f->has_parent ? f->parent.name : "none");

	for (i = 0; i < f->nr_siblings && i < VD3_MAX_SIBLINGS; i++) {
		child_forbids |= vd3_fn_forbids_d3cold(&o, &f->siblings[i]);
		vd3_sibling(&o, &f->siblings[i]);
	}

	if (!f->has_parent)
		return o.len;

	parent.fn = f->parent;
	parent.bridge_d3 = f->parent_bridge_d3;
	parent.hotplug = f->parent_hotplug;
	parent.native_hotplug = f->parent_native_hotplug;
	vd3_port(&o, &parent, child_forbids, f->bios_year);
	for (i = 0; i < f->nr_upper && i < VD3_MAX_UPPER; i++) {
		/* A port that may not enter D3 forbids it to the ones above. */
		child_forbids = i ? !f->upper[i - 1].bridge_d3 : !parent.bridge_d3;
		vd3_port(&o, &f->upper[i], child_forbids, f->bios_year);
	}
	return o.len;
}
