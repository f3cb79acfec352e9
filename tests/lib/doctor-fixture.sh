# SPDX-License-Identifier: GPL-2.0
# A host directory that `gpupass doctor --root DIR` sees as the laptop of
# docs/guide.md set up exactly as the guide says: an NVIDIA dGPU at
# 0000:01:00.0 with HDMI audio at .1, both on vfio_d3cold and bound at
# boot, IOMMU and interrupt remapping on, kvmfr with a 64 MiB
# /dev/kvmfr0, the battery module, libvirt's qemu.conf and AppArmor.
# Sourced by tests/host/doctor.sh (bash); needs root for mknod/chown.
#
#   doctor_fixture DIR BATTERY_SSDT_BINARY

pcidev() {	# ROOT BDF VENDOR DEVICE CLASS DRIVER GROUP [BOOT_VGA]
	local d=$1/sys/bus/pci/devices/$2
	mkdir -p "$d" "$1/sys/kernel/iommu_groups/$7/devices"
	echo "$3" >"$d/vendor"
	echo "$4" >"$d/device"
	echo "$5" >"$d/class"
	echo "${8:-0}" >"$d/boot_vga"
	[ -n "$6" ] && ln -s "../../../../bus/pci/drivers/$6" "$d/driver"
	ln -s "../../../kernel/iommu_groups/$7" "$d/iommu_group"
	ln -s "../../../../bus/pci/devices/$2" "$1/sys/kernel/iommu_groups/$7/devices/$2"
}

doctor_fixture() {
	local r=$1 bssdt=$2 name val
	mkdir -p "$r"/{proc,dev,etc,sys/class/iommu/dmar0,sys/class/iommu/dmar1}
	echo "BOOT_IMAGE=/boot/vmlinuz-6.1.0-57-amd64 root=UUID=0 ro quiet intel_iommu=on iommu=pt" >"$r/proc/cmdline"
	printf 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: test\n' >"$r/proc/cpuinfo"
	printf '            CPU0\n   0:         35   IR-IO-APIC    2-edge      timer\n 122:          0  IR-PCI-MSI 1048576-edge      vfio-msi[0](0000:01:00.0)\n' >"$r/proc/interrupts"

	pcidev "$r" 0000:00:02.0 0x8086 0x9a60 0x030000 i915 0 1
	pcidev "$r" 0000:00:01.0 0x8086 0x9a09 0x060400 pcieport 1
	pcidev "$r" 0000:01:00.0 0x10de 0x249d 0x030000 vfio_d3cold 1
	pcidev "$r" 0000:01:00.1 0x10de 0x228b 0x040300 vfio_d3cold 1
	for f in 0000:01:00.0 0000:01:00.1; do
		mkdir -p "$r/sys/bus/pci/devices/$f/vfio_d3cold"
		echo "power_state=D3cold runtime_status=suspended low_power=none open=0 parent=0000:00:01.0 parent_power_state=D3cold" \
			>"$r/sys/bus/pci/devices/$f/vfio_d3cold/state"
		: >"$r/sys/bus/pci/devices/$f/vfio_d3cold/blockers"
	done

	# Bound at boot, loaded before the drivers that match (guide step 3).
	mkdir -p "$r/etc/modprobe.d" "$r/etc/initramfs-tools"
	cat >"$r/etc/modprobe.d/vfio_d3cold.conf" <<-'EOT'
	options vfio_d3cold ids=10de:249d,10de:228b
	softdep nouveau pre: vfio_d3cold
	softdep nvidia pre: vfio_d3cold
	softdep snd_hda_intel pre: vfio_d3cold
	EOT
	printf '# initramfs-tools modules\nvfio_d3cold\n' >"$r/etc/initramfs-tools/modules"

	# kvmfr: gpupass's module, one 64 MiB device, udev's group and mode.
	mkdir -p "$r/sys/module/kvmfr/parameters" "$r/sys/class/kvmfr/kvmfr0"
	echo 0.1.0 >"$r/sys/module/kvmfr/version"
	echo N >"$r/sys/module/kvmfr/parameters/pci_zone_device"
	echo 67108864 >"$r/sys/class/kvmfr/kvmfr0/size"
	echo 240:0 >"$r/sys/class/kvmfr/kvmfr0/dev"
	mknod "$r/dev/kvmfr0" c 240 0
	chown 0:994 "$r/dev/kvmfr0"
	chmod 0660 "$r/dev/kvmfr0"

	cat >"$r/etc/passwd" <<-'EOT'
	root:x:0:0:root:/root:/bin/bash
	libvirt-qemu:x:64055:994:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin
	EOT
	cat >"$r/etc/group" <<-'EOT'
	root:x:0:
	kvm:x:994:libvirt-qemu
	libvirt-qemu:x:64055:libvirt-qemu
	EOT
	mkdir -p "$r/etc/libvirt"
	cat >"$r/etc/libvirt/qemu.conf" <<-'EOT'
	# Master configuration file for the QEMU driver.
	#user = "libvirt-qemu"
	cgroup_device_acl = [
	    "/dev/null", "/dev/full", "/dev/zero",
	    "/dev/random", "/dev/urandom",
	    "/dev/ptmx", "/dev/kvm",
	    "/dev/userfaultfd",
	    "/dev/kvmfr0"
	]
	EOT
	mkdir -p "$r/sys/module/apparmor/parameters" "$r/etc/apparmor.d/local/abstractions"
	echo Y >"$r/sys/module/apparmor/parameters/enabled"
	printf '/dev/kvmfr* rw,\n/sys/kernel/acpi_battery_ssdt/table r,\n' \
		>"$r/etc/apparmor.d/local/abstractions/libvirt-qemu"

	# The battery module: its table and parameters, as battery-ssdt's
	# --help prints the defaults (the module prints them the same way).
	mkdir -p "$r/sys/kernel/acpi_battery_ssdt" "$r/sys/module/acpi_battery_ssdt/parameters"
	"$bssdt" -o "$r/sys/kernel/acpi_battery_ssdt/table"
	chmod 0444 "$r/sys/kernel/acpi_battery_ssdt/table"
	"$bssdt" --help | sed -n 's/^  --\([a-z0-9_]*\) .*\[\(.*\)\]$/\1 \2/p' |
		while read -r name val; do
			printf '%s\n' "$val" >"$r/sys/module/acpi_battery_ssdt/parameters/$name"
		done
}
