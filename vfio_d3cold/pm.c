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

/**
 * vd3_wake_failed() - a wake from low power left the device unusable
 * @vd: the device
 * @err: the runtime-PM error, or -ENODEV if the device did not answer
 *
 * This driver powers the slot off and on far more often than vfio-pci, so
 * a platform whose _ON or link training fails must not keep trying: D3cold
 * is disabled for the device (the user can allow it again through
 * d3cold_allowed), the guest D3 policy falls back to "off", and the
 * blockers file says what happened.  Called with vd->lock.
 */
void vd3_wake_failed(struct vd3_device *vd, int err)
{
	vd->stats.last_resume_error = err;
	vd->stats.resume_failures++;
	if (vd->resume_failed)
		return;
	vd->resume_failed = true;
	WRITE_ONCE(vd->policy, VD3_POLICY_OFF);
	pci_d3cold_disable(vd->pdev);
	pci_err(vd->pdev,
		"wake from low power failed (%d): D3cold disabled and guest_d3=off for this device (see vfio_d3cold/blockers)\n",
		err);
}

/*
 * After a forwarded access failed: was it the wake?  A failed resume either
 * latches runtime_error or leaves a device that no longer answers config
 * reads.  Called with vd->lock.
 */
static void vd3_check_wake(struct vd3_device *vd)
{
	struct device *dev = &vd->pdev->dev;
	int err = READ_ONCE(dev->power.runtime_error);

	if (!err) {
		err = pm_runtime_resume_and_get(dev);
		if (!err) {
			if (!pci_device_is_present(vd->pdev))
				err = -ENODEV;
			pm_runtime_mark_last_busy(dev);
			pm_runtime_put_autosuspend(dev);
		}
	}
	if (err)
		vd3_wake_failed(vd, err);
}

/*
 * Leave the low power we entered.  The runtime resume comes first: the
 * core's EXIT only takes a usage reference without resuming, and the
 * access that follows must find the device in D0.  If the wake fails the
 * core still leaves low power, and the caller gets -ENODEV.  Called with
 * vd->lock.
 */
static int vd3_lp_exit(struct vd3_device *vd)
{
	struct device *dev = &vd->pdev->dev;
	int err = 0, ret;
	bool awake;

	ret = pm_runtime_resume_and_get(dev);
	awake = ret >= 0;
	if (!awake)
		err = ret;
	else if (!pci_device_is_present(vd->pdev))
		err = -ENODEV;
	if (err)
		vd3_wake_failed(vd, err);
	ret = vfio_pci_core_ioctl_feature(&vd->core.vdev, VD3_LP_EXIT, NULL, 0);
	vd->lp_owned = false;
	vd->stats.lp_exits++;
	if (awake) {
		pm_runtime_mark_last_busy(dev);
		pm_runtime_put_autosuspend(dev);
	}
	return err ? -ENODEV : ret;
}

/*
 * After a forwarded PMCSR write: enter low power if the device is now
 * really in D3hot and the policy allows.  The PM control/status dword is
 * read once, from the device.  Called with vd->lock; the core takes
 * memory_lock inside the feature.
 */
static void vd3_lp_enter(struct vd3_device *vd)
{
	struct pci_dev *pdev = vd->pdev;
	enum vd3_policy policy = READ_ONCE(vd->policy);
	u32 hw;
	int ret;

	/* A hot reset of our device set is under way: stay powered. */
	if (vd->reset_hold)
		return;
	if (pci_read_config_dword(pdev, vd3_pmcsr_off(vd), &hw))
		return;
	if (!vd3_lp_may_enter(policy, hw,
			      READ_ONCE(pdev->current_state) == PCI_D3hot))
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
		vd->pmcsr_cache = vd3_pmcsr_guest_view(policy, hw, 3);
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

/*
 * BAR, ROM and VGA regions.  While the guest holds the device in the low
 * power we entered, access gets -EIO, as vfio-pci-core answers in D3hot
 * (2b2c651baf1c, "vfio/pci: Invalidate mmaps and block the access in
 * D3hot"); forwarded, the core's runtime-PM wrapper would wake the slot
 * and reach a device that was power-cycled, so the wake delay would
 * decide.  mmap faults already SIGBUS (the core's pm_runtime_engaged).
 * lp_owned is read without vd->lock: it is set only once the device is in
 * D3hot, where the core refuses the access anyway, and cleared only after
 * the device is back in D0.
 */
static ssize_t vd3_region_rw(struct vd3_device *vd, char __user *buf,
			     size_t count, loff_t *ppos, bool iswrite)
{
	if (READ_ONCE(vd->lp_owned)) {
		mutex_lock(&vd->lock);
		vd->stats.lp_bar_denied++;
		mutex_unlock(&vd->lock);
		return -EIO;
	}
	pm_runtime_mark_last_busy(&vd->pdev->dev);
	if (iswrite)
		return vfio_pci_core_write(&vd->core.vdev, buf, count, ppos);
	return vfio_pci_core_read(&vd->core.vdev, buf, count, ppos);
}

/**
 * vd3_read() - vfio_device_ops.read: PM control/status from the cache in
 *	low power
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
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	unsigned int off = vd3_pmcsr_off(vd), reg_off;
	u8 bytes[VD3_PMCSR_LEN];
	size_t buf_off, n;
	ssize_t ret;

	if (!vd3_is_config(vd, *ppos))
		return vd3_region_rw(vd, buf, count, ppos, false);

	mutex_lock(&vd->lock);
	vd3_sync(vd);
	for (n = 0; n < VD3_PMCSR_LEN; n++)
		bytes[n] = vd->pmcsr_cache >> (8 * n);
	if (vd->lp_owned && vd3_range_within(pos, count, off, VD3_PMCSR_LEN)) {
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
	pm_runtime_mark_last_busy(&vd->pdev->dev);
	ret = vfio_pci_core_read(core_vdev, buf, count, ppos);
	if (ret < 0 && vd->lp_owned)
		vd3_check_wake(vd);
	/* The device woke up in D0: show the guest the D3hot it wrote. */
	if (vd->lp_owned && ret > 0 &&
	    vd3_range_overlap(pos, ret, off, VD3_PMCSR_LEN, &buf_off, &reg_off,
			      &n) &&
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
 * The user's buffer is not looked at: it could change between our look
 * and the core's copy.  A write that reaches PMCSR's state byte first
 * leaves the low power we own (the guest sees the device in D3hot, so any
 * PMCSR write is a state change or a re-write), then the core does the
 * write, then what the device now reports decides whether to enter low
 * power.
 *
 * Return: bytes written or a negative errno.
 */
ssize_t vd3_write(struct vfio_device *core_vdev, const char __user *buf,
		  size_t count, loff_t *ppos)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	unsigned int reg_off;
	size_t buf_off, n;
	ssize_t ret;

	if (!vd3_is_config(vd, *ppos))
		return vd3_region_rw(vd, (char __user *)buf, count, ppos, true);
	if (!vd3_range_overlap(pos, count, vd3_pmcsr_off(vd), 1, &buf_off,
			       &reg_off, &n)) {
		pm_runtime_mark_last_busy(&vd->pdev->dev);
		return vfio_pci_core_write(core_vdev, buf, count, ppos);
	}

	mutex_lock(&vd->lock);
	vd3_sync(vd);
	if (vd->lp_owned) {
		/* Exit before forwarding, or the core's put re-suspends us. */
		ret = vd3_lp_exit(vd);
		if (ret)
			goto out;
	}
	pm_runtime_mark_last_busy(&vd->pdev->dev);
	ret = vfio_pci_core_write(core_vdev, buf, count, ppos);
	if (ret > 0)
		vd3_lp_enter(vd);
out:
	mutex_unlock(&vd->lock);
	return ret;
}

/* Hot reset, before: every device of ours in the set leaves low power. */
static void vd3_set_reset_begin(struct vfio_device *cur)
{
	struct vd3_device *vd = vd3_from_vdev(cur);

	mutex_lock(&vd->lock);
	vd3_sync(vd);
	if (vd->lp_owned)
		vd3_lp_exit(vd);
	vd->reset_hold++;
	mutex_unlock(&vd->lock);
}

static void vd3_set_reset_end(struct vfio_device *cur)
{
	struct vd3_device *vd = vd3_from_vdev(cur);

	mutex_lock(&vd->lock);
	if (vd->reset_hold)
		vd->reset_hold--;
	mutex_unlock(&vd->lock);
}

/**
 * vd3_ioctl() - vfio_device_ops.ioctl: leave low power before a reset
 * @core_vdev: the vfio device
 * @cmd: ioctl number
 * @arg: ioctl argument
 *
 * A reset brings the function to D0 behind runtime PM's back; leaving low
 * power first keeps our state and the core's in step.  A function reset
 * is forwarded with vd->lock held, so a guest D3hot write cannot enter
 * low power in between.  A hot reset resets the whole device set: every
 * device of ours in it leaves low power and may not enter it until the
 * core is done (the core takes the set's lock, so ours is not held).
 *
 * Return: the core's result.
 */
long vd3_ioctl(struct vfio_device *core_vdev, unsigned int cmd,
	       unsigned long arg)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	long ret;

	switch (cmd) {
	case VFIO_DEVICE_RESET:
		mutex_lock(&vd->lock);
		vd3_sync(vd);
		ret = vd->lp_owned ? vd3_lp_exit(vd) : 0;
		if (!ret)
			ret = vfio_pci_core_ioctl(core_vdev, cmd, arg);
		mutex_unlock(&vd->lock);
		return ret;
	case VFIO_DEVICE_PCI_HOT_RESET:
		gpupass_vfio_set_apply(core_vdev, &vd3_ops, vd3_set_reset_begin);
		ret = vfio_pci_core_ioctl(core_vdev, cmd, arg);
		gpupass_vfio_set_apply(core_vdev, &vd3_ops, vd3_set_reset_end);
		return ret;
	default:
		return vfio_pci_core_ioctl(core_vdev, cmd, arg);
	}
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
 * Called under the device set's lock.  An open that fails because the
 * wake from idle D3cold failed is reported like any other failed wake.
 *
 * Return: 0 or the core's error.
 */
int vd3_open_device(struct vfio_device *core_vdev)
{
	struct vd3_device *vd = vd3_from_vdev(core_vdev);
	int ret;

	ret = vfio_pci_core_enable(&vd->core);
	if (ret) {
		mutex_lock(&vd->lock);
		vd3_check_wake(vd);
		mutex_unlock(&vd->lock);
		return ret;
	}
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
 * Called under the device set's lock.  The core's disable leaves low
 * power itself; we only forget that we owned it.
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
