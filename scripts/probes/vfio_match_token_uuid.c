// SPDX-License-Identifier: GPL-2.0
/* 7.x: VF token matching moved to ops->match_token_uuid. */
#include <linux/vfio_pci_core.h>

const struct vfio_device_ops probe_ops = {
	.match_token_uuid	= vfio_pci_core_match_token_uuid,
};
