# SPDX-License-Identifier: GPL-2.0
# The demo guest: load each module and show what it gives the user.

show() {
	echo "\$ $*"
	sh -c "$*" 2>&1 | sed 's/^/  /'
}

echo "== kvmfr: shared memory for Looking Glass"
show modprobe kvmfr static_size_mb=64
show 'dmesg | grep "kvmfr:"'
show ls -l /dev/kvmfr0
show 'for a in size type; do echo "$a: $(cat /sys/class/kvmfr/kvmfr0/$a)"; done'
t_check "/dev/kvmfr0 is there" test -c /dev/kvmfr0

echo "== acpi_battery_ssdt: the fake battery table for -acpitable"
show modprobe acpi_battery_ssdt
show ls -l /sys/kernel/acpi_battery_ssdt/table
show 'md5sum < /sys/kernel/acpi_battery_ssdt/table'
show 'hexdump -C /sys/kernel/acpi_battery_ssdt/table | head -4'
show 'echo 40 > /sys/module/acpi_battery_ssdt/parameters/charge_percent'
show 'hexdump -C /sys/kernel/acpi_battery_ssdt/table | tail -3'
t_check "the battery table is served" test -s /sys/kernel/acpi_battery_ssdt/table

echo "== vfio_d3cold: power a passed-through device off"
dev=/sys/bus/pci/devices/0000:01:00.0
show modprobe vfio_d3cold
show "echo vfio_d3cold > $dev/driver_override"
show "echo 0000:01:00.0 > /sys/bus/pci/drivers_probe"
sleep 2
show "readlink $dev/driver"
show "cat $dev/power_state $dev/power/runtime_status"
show "cat $dev/vfio_d3cold/state"
show "cat $dev/vfio_d3cold/blockers"
t_check "the device is bound to vfio_d3cold" \
	sh -c "readlink $dev/driver | grep -q vfio_d3cold"
echo "== the blocker above names the fix: allow D3cold on the root port"
show "echo 1 > /sys/bus/pci/devices/0000:00:1c.0/d3cold_allowed"
sleep 2
show "cat $dev/vfio_d3cold/state"
show "cat $dev/vfio_d3cold/blockers; echo '(no blockers)'"
t_check "the idle device is in D3cold" sh -c "grep -q D3cold $dev/power_state"
