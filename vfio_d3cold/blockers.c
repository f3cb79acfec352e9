// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_d3cold: collect what decides whether the slot can reach D3cold,
 * from public fields only (struct pci_dev bits, dev->power, ACPI, DMI).
 * The reasoning itself is vd3_format_blockers() in policy.c.
 */
#include <linux/acpi.h>
#include <linux/dmi.h>
#include <linux/pci.h>
#include <linux/pm_qos.h>
#include <linux/pm_runtime.h>
#include <linux/pm_wakeup.h>

#include "compat.h"
#include "vd3.h"

static void vd3_fn_facts(struct pci_dev *pdev, struct vd3_fn_facts *fn)
{
	struct device *dev = &pdev->dev;
	struct device_driver *drv = READ_ONCE(dev->driver);
	struct acpi_device *adev = ACPI_COMPANION(dev);

	strscpy(fn->name, pci_name(pdev), sizeof(fn->name));
	if (drv)
		strscpy(fn->driver_name, drv->name, sizeof(fn->driver_name));
	fn->driver = drv ? fn->driver_name : NULL;
	fn->ours = drv == &vd3_pci_driver.driver;
	fn->no_d3cold = pdev->no_d3cold;
	fn->d3cold_allowed = pdev->d3cold_allowed;
	fn->usage_count = atomic_read(&dev->power.usage_count);
	fn->runtime_auto = dev->power.runtime_auto;
	fn->disable_depth = dev->power.disable_depth;
	fn->runtime_error = dev->power.runtime_error;
	fn->autosuspend_negative = dev->power.use_autosuspend &&
				   dev->power.autosuspend_delay < 0;
	fn->runtime_suspended = dev->power.runtime_status == RPM_SUSPENDED;
	fn->wakeup_no_pme = device_may_wakeup(dev) &&
			    !pci_pme_capable(pdev, PCI_D3cold);
	/* acpi_dev_pm_get_state() stops at D3hot when the flag is set. */
	fn->qos_no_power_off = dev_pm_qos_flags(dev, PM_QOS_FLAG_NO_POWER_OFF) ==
			       PM_QOS_FLAGS_ALL;
	fn->acpi_companion = adev;
	fn->acpi_power_manageable = adev && acpi_device_power_manageable(adev);
	/* _PR3, or _PS3 alone: both make ACPI's D3cold valid. */
	fn->can_poweroff = adev && acpi_device_power_manageable(adev) &&
			   acpi_device_can_poweroff(adev);
}

static void vd3_port_facts(struct pci_dev *port, struct vd3_port_facts *pt)
{
	vd3_fn_facts(port, &pt->fn);
	pt->bridge_d3 = port->bridge_d3;
	pt->hotplug = port->is_hotplug_bridge;
	/* pciehp_is_native() is not exported: what _OSC granted the OS. */
	pt->native_hotplug = IS_ENABLED(CONFIG_HOTPLUG_PCI_PCIE) &&
		pci_find_host_bridge(port->bus)->native_pcie_hotplug;
}

struct vd3_walk {
	struct pci_dev *self;
	struct vd3_facts *f;
};

static int vd3_sibling_cb(struct pci_dev *sib, void *data)
{
	struct vd3_walk *w = data;
	struct vd3_facts *f = w->f;

	/* Only functions directly below the port share its power. */
	if (sib == w->self || sib->bus != w->self->bus)
		return 0;
	if (f->nr_siblings < VD3_MAX_SIBLINGS)
		vd3_fn_facts(sib, &f->siblings[f->nr_siblings++]);
	return 0;
}

/**
 * vd3_gather_facts() - snapshot a device, its port and its siblings
 * @vd: the device
 * @f: zeroed output
 *
 * Called from sysfs, without holding any lock of the core; the answer is
 * a snapshot and may be stale by the time it is read.
 */
void vd3_gather_facts(struct vd3_device *vd, struct vd3_facts *f)
{
	struct pci_dev *pdev = vd->pdev;
	struct pci_dev *port = pci_upstream_bridge(pdev);
	struct vd3_walk w = { .self = pdev, .f = f };
	struct vd3_port_facts pt;

	vd3_fn_facts(pdev, &f->dev);
	f->dev.disable_idle_d3 = gpupass_vfio_disable_idle_d3(&vd->core);
	/*
	 * The core refuses D3 to a PF with VFs enabled (f4162eb1e2fc).  Its
	 * sriov_active flag is private and absent in some stable series
	 * (6.12.95); pci_num_vf() is the PCI core's exported answer.
	 */
	f->dev.sriov_active = pci_num_vf(pdev) > 0;
	f->dev.lp_engaged = vd3_lp_engaged(vd);
	mutex_lock(&vd->lock);
	f->dev.open_count = vd->open_count;
	f->resume_failed = vd->resume_failed;
	f->resume_error = vd->stats.last_resume_error;
	mutex_unlock(&vd->lock);

	f->bios_year = dmi_get_bios_year();
	if (!port)
		return;
	f->has_parent = true;
	vd3_port_facts(port, &pt);
	f->parent = pt.fn;
	f->parent_bridge_d3 = pt.bridge_d3;
	f->parent_hotplug = pt.hotplug;
	f->parent_native_hotplug = pt.native_hotplug;
	pci_walk_bus(pdev->bus, vd3_sibling_cb, &w);

	/*
	 * Up to the root port: behind a switch (a Thunderbolt eGPU, QEMU's
	 * x3130-upstream/xio3130-downstream) every port must be able to
	 * enter D3, and the power resource is usually on the root port.
	 */
	while (pci_pcie_type(port) != PCI_EXP_TYPE_ROOT_PORT &&
	       (port = pci_upstream_bridge(port)) &&
	       f->nr_upper < VD3_MAX_UPPER)
		vd3_port_facts(port, &f->upper[f->nr_upper++]);
}
