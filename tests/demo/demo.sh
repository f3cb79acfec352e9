# SPDX-License-Identifier: GPL-2.0
# `make demo`: a throwaway guest with the three modules loaded.  The PCI
# device is an emulated NIC behind a root port whose ACPI power resource
# (tests/acpi/rp-pr3.asl) lets it reach D3cold, as a laptop dGPU slot does.
SCN_GUEST=demo/guest.sh
SCN_KMODS="vfio-pci vfio_iommu_type1"
SCN_TIMEOUT=300
SCN_QEMU=(
	-device intel-iommu,intremap=on
	-device pcie-root-port,id=rp1,bus=pcie.0,addr=0x1c.0,chassis=1,hotplug=off,x-speed=5
	-device e1000e,bus=rp1,addr=00.0,romfile=
)
SCN_APPEND="intel_iommu=on pcie_port_pm=force"

scn_setup() {
	SCN_QEMU+=(-acpitable "file=$SCN_WORK/rp-pr3.aml")
}

scn_pre() {
	iasl -p "$SCN_WORK/rp-pr3" "$GPUPASS_SRC/tests/acpi/rp-pr3.asl"
}
