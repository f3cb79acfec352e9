// SPDX-License-Identifier: GPL-2.0
/*
 * 6.1..7.1: vfio-pci-core keeps a global disable_idle_d3 (set by vfio-pci
 * through vfio_pci_core_set_params()) and copies it into the device in
 * vfio_pci_core_init_dev().  Gone in 7.2, where the driver sets the bit.
 */
#include <linux/vfio_pci_core.h>

void *probe_fn = vfio_pci_core_set_params;
