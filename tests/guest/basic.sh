# SPDX-License-Identifier: GPL-2.0
# Load/unload each module of ours; run by tests/scenarios/basic.sh.

kver=$(uname -r)
for m in kvmfr acpi_battery_ssdt vfio_d3cold; do
	if ! ls /lib/modules/"$kver"/updates/dkms/$m.ko* >/dev/null 2>&1; then
		t_skip "$m load/unload" "not built for $kver"
		continue
	fi
	t_mark "$m load"
	if [ $m = kvmfr ]; then
		t_check "modprobe $m static_size_mb=64" modprobe $m static_size_mb=64
		t_check "/dev/kvmfr0 exists" test -c /dev/kvmfr0
		t_check "kernel says 'creating 1 static devices'" \
			sh -c 'dmesg | grep -q "kvmfr: creating 1 static devices"'
	else
		t_check "modprobe $m" modprobe $m
	fi
	t_check "$m is in /proc/modules" grep -q "^$m " /proc/modules
	t_check "$m version is $(cat /sys/module/$m/version 2>/dev/null)" \
		test -n "$(cat /sys/module/$m/version 2>/dev/null)"
	t_mark "$m unload"
	t_check "rmmod $m" rmmod $m
	t_check "$m is gone" sh -c "! grep -q '^$m ' /proc/modules"
done
