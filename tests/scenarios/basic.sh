# SPDX-License-Identifier: GPL-2.0
# Every module of ours loads and unloads cleanly through modprobe, from the
# DKMS-installed tree, the way a user loads it.
SCN_GUEST=guest/basic.sh
SCN_KMODS="vfio-pci"
