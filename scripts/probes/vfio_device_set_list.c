// SPDX-License-Identifier: GPL-2.0
/*
 * The devices a hot reset resets together: vfio_device.dev_set with its
 * lock and device_list, from 2fb89f56a624 ("vfio: Provide better generic
 * support for open/release vfio_device_ops", v5.15).  vfio-pci-core's hot
 * reset walks the same list under the same lock.
 */
#include <linux/vfio.h>

int probe(struct vfio_device *vdev, const struct vfio_device_ops *ops);
int probe(struct vfio_device *vdev, const struct vfio_device_ops *ops)
{
	struct vfio_device_set *dev_set = vdev->dev_set;
	struct vfio_device *cur;
	int n = 0;

	mutex_lock(&dev_set->lock);
	list_for_each_entry(cur, &dev_set->device_list, dev_set_list)
		n += cur->ops == ops;
	mutex_unlock(&dev_set->lock);
	return n;
}
