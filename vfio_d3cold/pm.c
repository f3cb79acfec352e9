// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_d3cold: the guest D3 policy.  A guest write of D3hot to PMCSR is
 * forwarded as upstream does, then (if the policy allows) turned into the
 * core's LOW_POWER_ENTRY feature, so runtime PM may take the slot to
 * D3cold.  While we own low power, PMCSR reads are answered from a cache
 * and wider config reads are patched, so the guest sees the D3hot it wrote.
 *
 * All low-power transitions go through vfio_pci_core_ioctl_feature(): the
 * core's pm_runtime_engaged stays the single truth, which keeps a VMM that
 * uses the LOW_POWER features itself and us from unbalancing the runtime
 * PM usage count.
 */
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "compat.h"
#include "vd3.h"

#define VD3_LP_ENTRY (VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY)
#define VD3_LP_EXIT (VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_LOW_POWER_EXIT)

/**
 * vd3_lp_engaged() - is the device in user-requested low power?
 * @vd: the device
 *
 * Return: the core's pm_runtime_engaged where the kernel lets us read it,
 * else what we forwarded ourselves (see gpupass_vfio_lp_engaged()).
 */
bool vd3_lp_engaged(struct vd3_device *vd)
{
	if (GPUPASS_VFIO_HAVE_LP_ENGAGED)
		return gpupass_vfio_lp_engaged(&vd->core);
	return READ_ONCE(vd->lp_owned) || READ_ONCE(vd->user_lp);
}

/* Forget ownership the core no longer agrees with.  Called with vd->lock. */
static void vd3_sync(struct vd3_device *vd)
{
	int err = READ_ONCE(vd->pdev->dev.power.runtime_error);

	if (err)
		vd->stats.last_resume_error = err;
	if (vd->lp_owned && !vd3_lp_engaged(vd)) {
		vd->lp_owned = false;
		vd->stats.lp_exits++;
	}
}

static unsigned int vd3_pmcsr_off(struct vd3_device *vd)
{
	return vd->pdev->pm_cap + PCI_PM_CTRL;
}

/*
 * Leave the low power we entered.  The runtime resume comes first: the
 * core's EXIT only takes a usage reference without resuming, and the
 * access that follows must find the device in D0.  Called with vd->lock.
 */
static int vd3_lp_exit(struct vd3_device *vd)
{
	struct device *dev = &vd->pdev->dev;
	int ret;

	ret = pm_runtime_resume_and_get(dev);
	if (ret < 0) {
		vd->stats.last_resume_error = ret;
		return ret;
	}
	ret = vfio_pci_core_ioctl_feature(&vd->core.vdev, VD3_LP_EXIT, NULL, 0);
	vd->lp_owned = false;
	vd->stats.lp_exits++;
	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);
	return ret;
}

/*
 * After a forwarded D3hot write: enter low power if the policy allows.
 * Called with vd->lock; the core takes memory_lock inside the feature.
 */
static void vd3_lp_enter(struct vd3_device *vd, u8 state)
{
	struct pci_dev *pdev = vd->pdev;
	unsigned int off = vd3_pmcsr_off(vd);
	enum vd3_policy policy = READ_ONCE(vd->policy);
	u16 hw;
	int ret;

	if (pci_read_config_word(pdev, off, &hw) || PCI_POSSIBLE_ERROR(hw))
		return;
	if (!vd3_policy_allows(policy, hw))
		return;
	/* A VMM already asked for low power itself: leave it in charge. */
	if (vd3_lp_engaged(vd))
		return;

	/*
	 * ENTRY drops the open's usage reference with put_noidle; our own
	 * get/put pair around it is what lets runtime PM notice the device
	 * is idle (after the autosuspend delay) and pick D3cold.
	 */
	pm_runtime_get_noresume(&pdev->dev);
	ret = vfio_pci_core_ioctl_feature(&vd->core.vdev, VD3_LP_ENTRY, NULL, 0);
	if (!ret) {
		/*
		 * PME_En and PME_Status read as 0 to every vfio user since
		 * 54918c287401 ("vfio/pci: Virtualize PME related registers
		 * bits and initialize to zero"): no need for the core's
		 * private virtual config space.
		 */
		vd->pmcsr_cache = vd3_pmcsr_guest_view(policy, hw, 0, state);
		vd->lp_owned = true;
		vd->stats.guest_d3_entries++;
	}
	pm_runtime_put(&pdev->dev);
}

static bool vd3_is_config(struct vd3_device *vd, loff_t pos)
{
	return VFIO_PCI_OFFSET_TO_INDEX(pos) == VFIO_PCI_CONFIG_REGION_INDEX &&
	       vd->pdev->pm_cap;
}

/**
 * vd3_read() - vfio_device_ops.read: PMCSR from the cache in low power
 * @core_vdev: the vfio device
 * @buf: user buffer
 * @count: bytes to read
 * @ppos: region offset (index in the high bits)
 *
 * Return: bytes read or a negative errno.
 */
ssize_t vd3_read(struct vfio_device *core_vdev, char __user *buf,
		 size_t count, loff_t *ppos)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	struct device *dev = &vd->pdev->dev;
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	unsigned int off = vd3_pmcsr_off(vd), reg_off;
	size_t buf_off, n;
	u8 bytes[2];
	ssize_t ret;

	if (!vd3_is_config(vd, *ppos)) {
		pm_runtime_mark_last_busy(dev);
		return vfio_pci_core_read(core_vdev, buf, count, ppos);
	}

	mutex_lock(&vd->lock);
	vd3_sync(vd);
	bytes[0] = vd->pmcsr_cache & 0xff;
	bytes[1] = vd->pmcsr_cache >> 8;
	if (vd->lp_owned && vd3_range_within(pos, count, off, 2)) {
		/* The RFC's trick: a guest polling PMCSR must not wake us. */
		ret = count;
		if (copy_to_user(buf, bytes + (pos - off), count))
			ret = -EFAULT;
		else
			*ppos += count;
		vd->stats.lp_cached_reads++;
		goto out;
	}

	if (vd->lp_owned)
		vd->stats.lp_wakes++;
	pm_runtime_mark_last_busy(dev);
	ret = vfio_pci_core_read(core_vdev, buf, count, ppos);
	/* The device woke up in D0: show the guest the D3hot it wrote. */
	if (vd->lp_owned && ret > 0 &&
	    vd3_range_overlap(pos, ret, off, 2, &buf_off, &reg_off, &n) &&
	    copy_to_user(buf + buf_off, bytes + reg_off, n))
		ret = -EFAULT;
out:
	mutex_unlock(&vd->lock);
	return ret;
}

/**
 * vd3_write() - vfio_device_ops.write: D3hot/D0 writes to PMCSR
 * @core_vdev: the vfio device
 * @buf: user buffer
 * @count: bytes to write
 * @ppos: region offset (index in the high bits)
 *
 * Return: bytes written or a negative errno.
 */
ssize_t vd3_write(struct vfio_device *core_vdev, const char __user *buf,
		  size_t count, loff_t *ppos)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	struct device *dev = &vd->pdev->dev;
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	unsigned int reg_off;
	size_t buf_off, n;
	ssize_t ret;
	u8 state;

	/* Only a write of PMCSR's low byte can change the power state. */
	if (!vd3_is_config(vd, *ppos) ||
	    !vd3_range_overlap(pos, count, vd3_pmcsr_off(vd), 1, &buf_off,
			       &reg_off, &n)) {
		pm_runtime_mark_last_busy(dev);
		return vfio_pci_core_write(core_vdev, buf, count, ppos);
	}
	if (get_user(state, (const u8 __user *)buf + buf_off))
		return -EFAULT;
	state &= PCI_PM_CTRL_STATE_MASK;

	mutex_lock(&vd->lock);
	vd3_sync(vd);
	if (state == 0 && vd->lp_owned) {
		/* Exit before forwarding, or the core's put re-suspends us. */
		ret = vd3_lp_exit(vd);
		if (ret)
			goto out;
	}
	pm_runtime_mark_last_busy(dev);
	ret = vfio_pci_core_write(core_vdev, buf, count, ppos);
	if (ret > 0 && state == 3 && !vd->lp_owned)
		vd3_lp_enter(vd, state);
out:
	mutex_unlock(&vd->lock);
	return ret;
}

/**
 * vd3_ioctl() - vfio_device_ops.ioctl: leave low power before a reset
 * @core_vdev: the vfio device
 * @cmd: ioctl number
 * @arg: ioctl argument
 *
 * A reset brings the function to D0 behind runtime PM's back; leaving low
 * power first keeps our state and the core's in step.
 *
 * Return: the core's result.
 */
long vd3_ioctl(struct vfio_device *core_vdev, unsigned int cmd,
	       unsigned long arg)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);

	if (cmd == VFIO_DEVICE_RESET || cmd == VFIO_DEVICE_PCI_HOT_RESET) {
		mutex_lock(&vd->lock);
		vd3_sync(vd);
		if (vd->lp_owned)
			vd3_lp_exit(vd);
		mutex_unlock(&vd->lock);
	}
	return vfio_pci_core_ioctl(core_vdev, cmd, arg);
}

/**
 * vd3_device_feature() - vfio_device_ops.device_feature
 * @core_vdev: the vfio device
 * @flags: feature and GET/SET/PROBE flags
 * @arg: user argument
 * @argsz: its size
 *
 * A VMM's own LOW_POWER request wins over a guest D3hot we turned into low
 * power: we give ours up first, so the core sees one owner at a time.
 *
 * Return: the core's result.
 */
int vd3_device_feature(struct vfio_device *core_vdev, u32 flags,
		       void __user *arg, size_t argsz)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	int ret;

	switch (flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY:
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY_WITH_WAKEUP:
	case VFIO_DEVICE_FEATURE_LOW_POWER_EXIT:
		if (!(flags & VFIO_DEVICE_FEATURE_SET) ||
		    (flags & VFIO_DEVICE_FEATURE_PROBE))
			break;
		mutex_lock(&vd->lock);
		vd3_sync(vd);
		if (vd->lp_owned)
			vd3_lp_exit(vd);
		ret = vfio_pci_core_ioctl_feature(core_vdev, flags, arg, argsz);
		if (!ret)
			WRITE_ONCE(vd->user_lp, (flags & VFIO_DEVICE_FEATURE_MASK) !=
				   VFIO_DEVICE_FEATURE_LOW_POWER_EXIT);
		mutex_unlock(&vd->lock);
		return ret;
	}
	return vfio_pci_core_ioctl_feature(core_vdev, flags, arg, argsz);
}

/**
 * vd3_open_device() - vfio_device_ops.open_device
 * @core_vdev: the vfio device
 *
 * Return: 0 or the core's error.
 */
int vd3_open_device(struct vfio_device *core_vdev)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	int ret;

	ret = vfio_pci_core_enable(&vd->core);
	if (ret)
		return ret;
	vfio_pci_core_finish_enable(&vd->core);
	mutex_lock(&vd->lock);
	vd->open_count++;
	mutex_unlock(&vd->lock);
	return 0;
}

/**
 * vd3_close_device() - vfio_device_ops.close_device
 * @core_vdev: the vfio device
 *
 * The core's disable leaves low power itself; we only forget that we
 * owned it.
 */
void vd3_close_device(struct vfio_device *core_vdev)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);

	mutex_lock(&vd->lock);
	if (vd->lp_owned) {
		vd->lp_owned = false;
		vd->stats.lp_exits++;
	}
	WRITE_ONCE(vd->user_lp, false);
	vd->open_count--;
	mutex_unlock(&vd->lock);
	vfio_pci_core_close_device(core_vdev);
}
