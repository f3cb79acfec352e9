// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_d3cold: a vfio-pci variant driver.  User space (QEMU, libvirt) sees
 * an ordinary vfio-pci device; the differences are the guest D3 policy
 * (pm.c), a wake delay, and the sysfs group that explains the device's
 * power state (sysfs.c, blockers.c).
 *
 * Idle runtime PM (D3cold with no user) is vfio-pci-core's: register_device
 * allows runtime PM and drops the probe reference, and we do not add our
 * own.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/vfio_pci_core.h>

#include "compat.h"
#include "vd3.h"

static char ids[1024] __initdata;
module_param_string(ids, ids, sizeof(ids), 0);
MODULE_PARM_DESC(ids, "Initial PCI IDs to bind, \"vendor:device[:subvendor[:subdevice[:class[:class_mask]]]]\", comma separated (as vfio-pci)");

static int default_policy = VD3_POLICY_NOSOFTRST;

static int vd3_policy_param_set(const char *val, const struct kernel_param *kp)
{
	int p = vd3_policy_parse(val);

	if (p < 0)
		return p;
	*(int *)kp->arg = p;
	return 0;
}

static int vd3_policy_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", vd3_policy_name(*(int *)kp->arg));
}

static const struct kernel_param_ops vd3_policy_param_ops = {
	.set = vd3_policy_param_set,
	.get = vd3_policy_param_get,
};

module_param_cb(guest_d3, &vd3_policy_param_ops, &default_policy, 0644);
MODULE_PARM_DESC(guest_d3, "Default guest D3 policy for new devices: off | nosoftrst (default: only NoSoftRst- devices) | force");

/*
 * 1 s like the 2021 RFC: long enough that a guest or VMM polling config
 * space does not cycle the slot through D3cold->D0 (_ON, link training,
 * d3cold_delay: 100 ms or more each time).
 */
static int wake_delay_ms = 1000;
module_param(wake_delay_ms, int, 0644);
MODULE_PARM_DESC(wake_delay_ms, "Runtime-PM autosuspend delay for new devices in ms (per device: power/autosuspend_delay_ms; <0 never suspends)");

static bool disable_idle_d3;
module_param(disable_idle_d3, bool, 0444);
MODULE_PARM_DESC(disable_idle_d3, "Keep idle, unused devices in D0 (as vfio-pci's disable_idle_d3, for this driver's devices only)");

static bool disable_denylist;
module_param(disable_denylist, bool, 0444);
MODULE_PARM_DESC(disable_denylist, "Disable use of device denylist. Disabling the denylist allows binding to devices with known errata that may lead to exploitable stability or security issues when accessed by untrusted users.");

/*
 * vfio-pci's vfio_pci_is_denylisted(), with the same parameter and log
 * lines: ids= and driver_override must not become a way around it.
 */
static bool vd3_is_denylisted(struct pci_dev *pdev)
{
	if (!vd3_denylisted(pdev->vendor, pdev->device))
		return false;
	if (disable_denylist) {
		pci_warn(pdev,
			 "device denylist disabled - allowing device %04x:%04x.\n",
			 pdev->vendor, pdev->device);
		return false;
	}
	pci_warn(pdev, "%04x:%04x exists in vfio-pci device denylist, driver probing disallowed.\n",
		 pdev->vendor, pdev->device);
	return true;
}

static int vd3_init_dev(struct vfio_device *core_vdev)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	int ret;

	mutex_init(&vd->lock);
	vd->policy = READ_ONCE(default_policy);
	/* Never vfio_pci_core_set_params(): that changes vfio-pci's global. */
	gpupass_vfio_idle_d3_before_init(&vd->core, disable_idle_d3);
	ret = vfio_pci_core_init_dev(core_vdev);
	if (ret) {
		mutex_destroy(&vd->lock);
		return ret;
	}
	gpupass_vfio_idle_d3_after_init(&vd->core, disable_idle_d3);
	return 0;
}

static void vd3_release_dev(struct vfio_device *core_vdev)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);

	mutex_destroy(&vd->lock);
	vfio_pci_core_release_dev(core_vdev);
}

const struct vfio_device_ops vd3_ops = {
	.name		= "vfio-d3cold",
	.init		= vd3_init_dev,
	.release	= vd3_release_dev,
	.open_device	= vd3_open_device,
	.close_device	= vd3_close_device,
	.ioctl		= vd3_ioctl,
	.device_feature	= vd3_device_feature,
	.read		= vd3_read,
	.write		= vd3_write,
	.mmap		= vfio_pci_core_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
	/* Members newer kernels need: see compat.h. */
	GPUPASS_VFIO_OPS_IOMMUFD
	GPUPASS_VFIO_OPS_DETACH
	GPUPASS_VFIO_OPS_PASID
	GPUPASS_VFIO_OPS_TOKEN
	GPUPASS_VFIO_OPS_REGION
};

static int vd3_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct vd3_device *vd;
	u16 pmcsr;
	int ret;

	if (vd3_is_denylisted(pdev))
		return -EINVAL;
	vd = vfio_alloc_device(vd3_device, core.vdev, dev, &vd3_ops);
	if (IS_ERR(vd))
		return PTR_ERR(vd);
	dev_set_drvdata(dev, &vd->core);
	vd->pdev = pdev;
	gpupass_vfio_set_pci_ops(&vd->core);

	/* The PCI core resumed the device for probe: PMCSR is readable. */
	if (pdev->pm_cap &&
	    !pci_read_config_word(pdev, pdev->pm_cap + PCI_PM_CTRL, &pmcsr))
		vd->no_soft_reset = pmcsr & PCI_PM_CTRL_NO_SOFT_RESET;

	/*
	 * Before register: the core's own pm_runtime_put() at the end of
	 * register_device and after close goes through rpm_idle() ->
	 * rpm_suspend(RPM_AUTO), which honours the delay.
	 */
	pm_runtime_set_autosuspend_delay(dev, READ_ONCE(wake_delay_ms));
	pm_runtime_use_autosuspend(dev);
	/*
	 * The delay counts from the last busy mark: without one the core's
	 * put at the end of register suspends the device at once.
	 */
	pm_runtime_mark_last_busy(dev);

	ret = sysfs_create_group(&dev->kobj, &vd3_attr_group);
	if (ret)
		goto out_autosuspend;
	ret = vfio_pci_core_register_device(&vd->core);
	if (ret)
		goto out_sysfs;
	return 0;

out_sysfs:
	sysfs_remove_group(&dev->kobj, &vd3_attr_group);
out_autosuspend:
	pm_runtime_dont_use_autosuspend(dev);
	vfio_put_device(&vd->core.vdev);
	return ret;
}

static void vd3_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);

	sysfs_remove_group(&pdev->dev.kobj, &vd3_attr_group);
	/* Waits for the user to close the device (and asks it to). */
	vfio_pci_core_unregister_device(vdev);
	pm_runtime_dont_use_autosuspend(&pdev->dev);
	vfio_put_device(&vdev->vdev);
}

/*
 * Bind only on request (driver_override, ids= or new_id): every entry is
 * override_only, so the aliases are "vfio_pci:..." ones, read by libvirt
 * (>= 10.0) to choose a vfio variant driver for a managed hostdev: the
 * alias that matches the device with the most specific fields wins, and
 * vfio-pci's own is all wildcards.  We claim what this driver is for:
 * display controllers of any vendor, and the HD audio function of the GPU
 * vendors (NVIDIA, AMD/ATI) that shares the GPU's slot.  A NIC or an NVMe
 * drive still gets vfio-pci.  driver_override binds any device: the PCI
 * core matches a driver named in driver_override without an ID entry.
 */
#define VD3_CLASS_ID(vend, cls, mask)					\
	.vendor = (vend), .device = PCI_ANY_ID,				\
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID,		\
	.class = (cls), .class_mask = (mask),				\
	.override_only = PCI_ID_F_VFIO_DRIVER_OVERRIDE

static const struct pci_device_id vd3_table[] = {
	{ VD3_CLASS_ID(PCI_ANY_ID, PCI_BASE_CLASS_DISPLAY << 16, 0xff0000) },
	{ VD3_CLASS_ID(PCI_VENDOR_ID_NVIDIA, PCI_CLASS_MULTIMEDIA_HD_AUDIO << 8,
		       0xffff00) },
	{ VD3_CLASS_ID(PCI_VENDOR_ID_ATI, PCI_CLASS_MULTIMEDIA_HD_AUDIO << 8,
		       0xffff00) },
	{}
};
MODULE_DEVICE_TABLE(pci, vd3_table);

struct pci_driver vd3_pci_driver = {
	.name			= VD3_DRIVER_NAME,
	.id_table		= vd3_table,
	.probe			= vd3_probe,
	.remove			= vd3_remove,
	.err_handler		= &vfio_pci_core_err_handlers,
	.driver_managed_dma	= true,
};

static void __init vd3_fill_ids(void)
{
	char *p = ids, *id;

	while ((id = strsep(&p, ","))) {
		unsigned int vendor, device, subvendor = PCI_ANY_ID,
			subdevice = PCI_ANY_ID, class = 0, class_mask = 0;
		int ret;

		if (!*id)
			continue;
		if (sscanf(id, "%x:%x:%x:%x:%x:%x", &vendor, &device,
			   &subvendor, &subdevice, &class, &class_mask) < 2) {
			pr_warn("invalid id string \"%s\"\n", id);
			continue;
		}
		ret = pci_add_dynid(&vd3_pci_driver, vendor, device, subvendor,
				    subdevice, class, class_mask, 0);
		if (ret)
			pr_warn("cannot add id %04x:%04x (%d)\n", vendor,
				device, ret);
		else
			pr_info("add [%04x:%04x[%04x:%04x]] class %#08x/%08x\n",
				vendor, device, subvendor, subdevice, class,
				class_mask);
	}
}

static int __init vd3_init(void)
{
	int ret;

	ret = pci_register_driver(&vd3_pci_driver);
	if (ret)
		return ret;
	vd3_fill_ids();
	if (disable_denylist)
		pr_warn("device denylist disabled.\n");
	return 0;
}
module_init(vd3_init);

static void __exit vd3_exit(void)
{
	pci_unregister_driver(&vd3_pci_driver);
}
module_exit(vd3_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vfio-pci variant driver: guest D3 to D3cold, and why not");
MODULE_AUTHOR("gpupass developers");
MODULE_VERSION(GPUPASS_VERSION);
