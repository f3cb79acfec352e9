// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_d3cold: /sys/bus/pci/devices/BDF/vfio_d3cold/{state,blockers,stats,
 * guest_d3}.  What the kernel already shows (power_state, d3cold_allowed,
 * power/...) is not repeated, except as context in the one-line state.
 */
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>

#include "vd3.h"

static struct vd3_device *vd3_from_dev(struct device *dev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(dev);

	return container_of(vdev, struct vd3_device, core);
}

static const char *vd3_rpm_status(struct device *dev)
{
	switch (READ_ONCE(dev->power.runtime_status)) {
	case RPM_ACTIVE:
		return "active";
	case RPM_RESUMING:
		return "resuming";
	case RPM_SUSPENDED:
		return "suspended";
	case RPM_SUSPENDING:
		return "suspending";
	default:
		return "unknown";
	}
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	struct pci_dev *pdev = to_pci_dev(dev);
	struct pci_dev *port = pci_upstream_bridge(pdev);
	bool engaged = vd3_lp_engaged(vd);
	const char *lp;
	unsigned int open;

	mutex_lock(&vd->lock);
	open = vd->open_count;
	lp = vd->lp_owned ? "guest" : engaged ? "user" : "none";
	mutex_unlock(&vd->lock);

	return sysfs_emit(buf,
			  "power_state=%s runtime_status=%s low_power=%s open=%u parent=%s parent_power_state=%s\n",
			  pci_power_name(READ_ONCE(pdev->current_state)),
			  vd3_rpm_status(dev), lp, open,
			  port ? pci_name(port) : "none",
			  port ? pci_power_name(READ_ONCE(port->current_state)) :
			  "none");
}
static DEVICE_ATTR_RO(state);

static ssize_t blockers_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vd3_facts *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int len;

	if (!f)
		return -ENOMEM;
	vd3_gather_facts(vd3_from_dev(dev), f);
	len = vd3_format_blockers(f, buf, PAGE_SIZE);
	kfree(f);
	return len;
}
static DEVICE_ATTR_RO(blockers);

static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	struct vd3_stats s;

	mutex_lock(&vd->lock);
	s = vd->stats;
	mutex_unlock(&vd->lock);
	return sysfs_emit(buf,
			  "guest_d3_entries %llu\nlp_cached_reads %llu\nlp_wakes %llu\nlp_exits %llu\nlp_bar_denied %llu\nresume_failures %llu\nlast_resume_error %d\n",
			  s.guest_d3_entries, s.lp_cached_reads, s.lp_wakes,
			  s.lp_exits, s.lp_bar_denied, s.resume_failures,
			  s.last_resume_error);
}
static DEVICE_ATTR_RO(stats);

/* One value per file, for programs; stats above is the human summary. */
static ssize_t vd3_stat_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	const char *n = attr->attr.name;
	struct vd3_stats s;
	u64 v;

	mutex_lock(&vd->lock);
	s = vd->stats;
	mutex_unlock(&vd->lock);
	if (!strcmp(n, "last_resume_error"))
		return sysfs_emit(buf, "%d\n", s.last_resume_error);
	if (!strcmp(n, "guest_d3_entries"))
		v = s.guest_d3_entries;
	else if (!strcmp(n, "lp_cached_reads"))
		v = s.lp_cached_reads;
	else if (!strcmp(n, "lp_wakes"))
		v = s.lp_wakes;
	else if (!strcmp(n, "lp_exits"))
		v = s.lp_exits;
	else if (!strcmp(n, "lp_bar_denied"))
		v = s.lp_bar_denied;
	else
		v = s.resume_failures;
	return sysfs_emit(buf, "%llu\n", v);
}

static struct device_attribute dev_attr_guest_d3_entries =
	__ATTR(guest_d3_entries, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_lp_cached_reads =
	__ATTR(lp_cached_reads, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_lp_wakes =
	__ATTR(lp_wakes, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_lp_exits =
	__ATTR(lp_exits, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_lp_bar_denied =
	__ATTR(lp_bar_denied, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_resume_failures =
	__ATTR(resume_failures, 0444, vd3_stat_show, NULL);
static struct device_attribute dev_attr_last_resume_error =
	__ATTR(last_resume_error, 0444, vd3_stat_show, NULL);

static ssize_t low_power_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	bool engaged = vd3_lp_engaged(vd);
	const char *lp;

	mutex_lock(&vd->lock);
	lp = vd->lp_owned ? "guest" : engaged ? "user" : "none";
	mutex_unlock(&vd->lock);
	return sysfs_emit(buf, "%s\n", lp);
}
static DEVICE_ATTR_RO(low_power);

static ssize_t open_count_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	unsigned int open;

	mutex_lock(&vd->lock);
	open = vd->open_count;
	mutex_unlock(&vd->lock);
	return sysfs_emit(buf, "%u\n", open);
}
static DEVICE_ATTR_RO(open_count);

static ssize_t guest_d3_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct vd3_device *vd = vd3_from_dev(dev);

	return sysfs_emit(buf, "%s\n", vd3_policy_name(READ_ONCE(vd->policy)));
}

/*
 * Takes effect at the guest's next D3hot write; low power held stays.
 * Setting a policy after a failed wake is the user's acknowledgment: the
 * resume_failed blocker goes (D3cold stays off until d3cold_allowed is
 * written).
 */
static ssize_t guest_d3_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct vd3_device *vd = vd3_from_dev(dev);
	int p = vd3_policy_parse(buf);

	if (p < 0) {
		dev_err(dev, "guest_d3: \"%.*s\" is not off, nosoftrst or force\n",
			(int)min_t(size_t, count, 32), buf);
		return p;
	}
	mutex_lock(&vd->lock);
	WRITE_ONCE(vd->policy, p);
	vd->resume_failed = false;
	mutex_unlock(&vd->lock);
	return count;
}
static DEVICE_ATTR_RW(guest_d3);

static struct attribute *vd3_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_blockers.attr,
	&dev_attr_stats.attr,
	&dev_attr_guest_d3.attr,
	&dev_attr_low_power.attr,
	&dev_attr_open_count.attr,
	&dev_attr_guest_d3_entries.attr,
	&dev_attr_lp_cached_reads.attr,
	&dev_attr_lp_wakes.attr,
	&dev_attr_lp_exits.attr,
	&dev_attr_lp_bar_denied.attr,
	&dev_attr_resume_failures.attr,
	&dev_attr_last_resume_error.attr,
	NULL,
};

const struct attribute_group vd3_attr_group = {
	.name	= "vfio_d3cold",
	.attrs	= vd3_attrs,
};
