# SPDX-License-Identifier: GPL-2.0
# vfio_d3cold under QEMU/TCG (recipe: /work/shared/notes/vfio-d3cold-background.md
# section 5): two e1000e functions (GPU + HDMI audio stand-ins, NoSoftRst-)
# behind a root port with hotplug off and x-speed=5 (so resume from D3cold
# needs no DLLLA wait), intel-iommu for VFIO.  Variants:
#   main     SSDT power resource on the port + pcie_port_pm=force: the full
#            guest-D3 / low-power / blockers run (guest/vfio-d3cold.sh)
#   nossdt   no SSDT: blockers must name the missing _PR3
#   noforce  no pcie_port_pm=force: blockers must name SeaBIOS's 2014 date
#   wakefail as main, but the port at its default 16 GT/s: QEMU then never
#            reports Data Link Layer Link Active, so a wake from D3cold
#            fails (the fault a laptop whose _ON leaves the link down has)
#   acpihp   the port's hotplug left to firmware (q35's default ACPI PCI
#            hotplug): blockers must say pcie_port_pm=force cannot help
#   switch   a PCIe switch (x3130-upstream/xio3130-downstream, as in
#            Thunderbolt eGPU enclosures) between the root port and the
#            device: blockers must look up to the root port
SCN_VARIANTS=(main nossdt noforce wakefail acpihp switch)
SCN_GUEST=guest/vfio-d3cold.sh
SCN_KMODS="vfio-pci vfio_iommu_type1"
SCN_NEEDS="vfio_d3cold"
SCN_TIMEOUT=300
case ${SCN_VARIANT:-} in
wakefail) rpopt=hotplug=off ;;
acpihp) rpopt=hotplug=on,x-speed=5 ;;
*) rpopt=hotplug=off,x-speed=5 ;;
esac
SCN_QEMU=(
	-device intel-iommu,intremap=on
	-device "pcie-root-port,id=rp1,bus=pcie.0,addr=0x1c.0,chassis=1,$rpopt"
)
if [ "${SCN_VARIANT:-}" = switch ]; then
	SCN_QEMU+=(
		-device x3130-upstream,id=up1,bus=rp1
		-device xio3130-downstream,id=dn1,bus=up1,chassis=2,slot=0,hotplug=off
	)
	devbus=dn1
else
	devbus=rp1
fi
SCN_QEMU+=(
	-device e1000e,bus=$devbus,addr=00.0,multifunction=on,romfile=
	-device e1000e,bus=$devbus,addr=00.1,romfile=
)
SCN_APPEND="intel_iommu=on acpi.aml_debug_output=1 vd3variant=${SCN_VARIANT:-}"
if [ "${SCN_VARIANT:-}" != noforce ]; then
	SCN_APPEND="$SCN_APPEND pcie_port_pm=force"
fi
if [ "${SCN_VARIANT:-}" != nossdt ]; then
	SCN_QEMU+=(-acpitable "file=${SCN_WORK:-}/rp-pr3.aml")
fi

scn_pre() {
	iasl -p "$SCN_WORK/rp-pr3" "$GPUPASS_SRC/tests/acpi/rp-pr3.asl"
}
