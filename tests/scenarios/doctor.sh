# SPDX-License-Identifier: GPL-2.0
# gpupass doctor on the real modules: the guest is set up as docs/guide.md
# says (sections 4-6, as far as a busybox guest can be) and the doctor
# must report docs/laptop-domain.xml all ok; then two things are broken
# on the live modules (an unbound audio function, a kvmfr size that no
# longer matches) and it must say so.  One boot.
#
# The "GPU" is the vfio-d3cold scenario's slot: two e1000e functions at
# 0000:01:00.0/.1 behind a root port with a _PR3 power resource (SSDT)
# and pcie_port_pm=force, so the idle slot reaches D3cold; intel-iommu
# with interrupt remapping.
SCN_GUEST=guest/doctor.sh
SCN_KMODS="vfio-pci vfio_iommu_type1"
SCN_NEEDS="vfio_d3cold"
SCN_TIMEOUT=300
SCN_HOSTFILES="${GPUPASS_SRC:-}/tools/gpupass/gpupass ${GPUPASS_SRC:-}/docs/laptop-domain.xml"
SCN_QEMU=(
	-device intel-iommu,intremap=on
	-device pcie-root-port,id=rp1,bus=pcie.0,addr=0x1c.0,chassis=1,hotplug=off,x-speed=5
	-device e1000e,bus=rp1,addr=00.0,multifunction=on,romfile=
	-device e1000e,bus=rp1,addr=00.1,romfile=
	-acpitable "file=${SCN_WORK:-}/rp-pr3.aml"
)
SCN_APPEND="intel_iommu=on pcie_port_pm=force doctor_bin=${GPUPASS_SRC:-}/tools/gpupass/gpupass doctor_xml=${GPUPASS_SRC:-}/docs/laptop-domain.xml"

scn_pre() {
	iasl -p "$SCN_WORK/rp-pr3" "$GPUPASS_SRC/tests/acpi/rp-pr3.asl"
}
