/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_d3cold: pure decision logic (no struct pci_dev, no locking), so the
 * KUnit suite in policy_test.c can drive it with fake inputs.
 */
#ifndef VFIO_D3COLD_POLICY_H
#define VFIO_D3COLD_POLICY_H

#include <linux/types.h>

/* What a guest write of D3hot to PMCSR may turn into. */
enum vd3_policy {
	VD3_POLICY_OFF,		/* plain D3hot, as upstream vfio-pci */
	VD3_POLICY_NOSOFTRST,	/* low power only if the device reports NoSoftRst- */
	VD3_POLICY_FORCE,	/* low power always (NoSoftRst+ state is lost) */
	VD3_POLICY_NR,
};

int vd3_policy_parse(const char *s);
const char *vd3_policy_name(enum vd3_policy p);
bool vd3_policy_allows(enum vd3_policy p, u16 pmcsr);
bool vd3_lp_may_enter(enum vd3_policy p, u32 pmcsr, bool in_d3hot);
u32 vd3_pmcsr_guest_view(enum vd3_policy p, u32 hw, u8 state);
bool vd3_denylisted(u16 vendor, u16 device);

/*
 * The PM control/status dword at pm_cap + PCI_PM_CTRL: PMCSR, PMCSR_BSE and
 * Data, cached whole so a 4-byte read does not wake the device.
 */
#define VD3_PMCSR_LEN 4

bool vd3_range_within(loff_t pos, size_t count, unsigned int off,
		      unsigned int len);
bool vd3_range_overlap(loff_t pos, size_t count, unsigned int off,
		       unsigned int len, size_t *buf_off, unsigned int *reg_off,
		       size_t *n);
void vd3_patch_pmcsr(u8 *buf, loff_t pos, size_t count, unsigned int pmcsr_off,
		     u32 pmcsr);

/* Facts about one PCI function, gathered by blockers.c (or a test). */
struct vd3_fn_facts {
	char name[16];		/* "0000:01:00.0" */
	const char *driver;	/* NULL: no driver, else driver_name */
	char driver_name[32];
	bool ours;		/* bound to vfio_d3cold */
	bool no_d3cold;
	bool d3cold_allowed;
	bool disable_idle_d3;
	bool sriov_active;
	unsigned int open_count;
	bool lp_engaged;	/* in user-requested runtime low power */
	int usage_count;
	bool runtime_auto;	/* power/control=auto */
	int disable_depth;
	int runtime_error;	/* power.runtime_error: runtime PM stopped */
	bool autosuspend_negative; /* autosuspend in use with a delay < 0 */
	bool runtime_suspended;
	bool wakeup_no_pme;	/* may wake up, but has no PME from D3cold */
	bool qos_no_power_off;	/* PM QoS flag NO_POWER_OFF set */
	bool acpi_companion;
	bool acpi_power_manageable;
	bool can_poweroff;	/* ACPI _PR3 or _PS3: firmware can cut power */
};

/* A port between the device and the root complex. */
struct vd3_port_facts {
	struct vd3_fn_facts fn;
	bool bridge_d3;		/* the PCI core lets it enter D3 */
	bool hotplug;		/* is_hotplug_bridge */
	bool native_hotplug;	/* ... handled by pciehp, not firmware */
};

#define VD3_MAX_SIBLINGS 7
/* Ports above the parent: a switch (Thunderbolt eGPU) and its root port. */
#define VD3_MAX_UPPER 4

struct vd3_facts {
	struct vd3_fn_facts dev;
	bool has_parent;
	struct vd3_fn_facts parent;	/* the port above the device */
	bool parent_bridge_d3;
	bool parent_hotplug;
	bool parent_native_hotplug;
	/* the ports above the parent, up to the root port */
	unsigned int nr_upper;
	struct vd3_port_facts upper[VD3_MAX_UPPER];
	int bios_year;			/* < 0: unknown */
	bool resume_failed;		/* a wake from low power failed */
	int resume_error;		/* its error */
	unsigned int nr_siblings;
	struct vd3_fn_facts siblings[VD3_MAX_SIBLINGS];
};

int vd3_format_blockers(const struct vd3_facts *f, char *buf, size_t size);

#endif
