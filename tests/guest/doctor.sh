# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/scenarios/doctor.sh (busybox sh): follow
# docs/guide.md, run gpupass doctor on the guide's domain XML, then break
# two things on the live modules.  What udev, libvirt's packages and
# initramfs-tools would do on Debian is done here by hand (the node's
# group and mode, qemu.conf, the AppArmor rule, the users).

FN0=0000:01:00.0
FN1=0000:01:00.1
D=/sys/bus/pci/devices
bin=$(sed -n 's/.*doctor_bin=\([^ ]*\).*/\1/p' /proc/cmdline)
xml=$(sed -n 's/.*doctor_xml=\([^ ]*\).*/\1/p' /proc/cmdline)

# Users and groups as Debian's libvirt-daemon-system creates them.
mkdir -p /etc
cat > /etc/passwd <<'EOT'
root:x:0:0:root:/root:/bin/sh
libvirt-qemu:x:64055:994:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin
EOT
cat > /etc/group <<'EOT'
root:x:0:
kvm:x:994:libvirt-qemu
EOT

# Guide, section 4: bind both functions at boot (the emulated functions'
# IDs; no host driver matches them here, so no softdep is needed).
mkdir -p /etc/modprobe.d /etc/initramfs-tools
echo 'options vfio_d3cold ids=8086:10d3' > /etc/modprobe.d/vfio_d3cold.conf
echo vfio_d3cold > /etc/initramfs-tools/modules
t_check "guide 4: modprobe vfio_d3cold ids=8086:10d3" modprobe vfio_d3cold ids=8086:10d3

# Section 5: kvmfr, its udev rule's group and mode, qemu.conf, AppArmor.
echo 'options kvmfr static_size_mb=64' > /etc/modprobe.d/kvmfr.conf
t_check "guide 5: modprobe kvmfr static_size_mb=64" modprobe kvmfr static_size_mb=64
chown 0:994 /dev/kvmfr0 && chmod 0660 /dev/kvmfr0
mkdir -p /etc/libvirt /etc/apparmor.d/local/abstractions
cat > /etc/libvirt/qemu.conf <<'EOT'
cgroup_device_acl = [
    "/dev/null", "/dev/full", "/dev/zero",
    "/dev/random", "/dev/urandom",
    "/dev/ptmx", "/dev/kvm",
    "/dev/userfaultfd",
    "/dev/kvmfr0"
]
EOT
printf '/dev/kvmfr* rw,\n/sys/kernel/acpi_battery_ssdt/table r,\n' \
	> /etc/apparmor.d/local/abstractions/libvirt-qemu

# Section 6: the battery table.
t_check "guide 6: modprobe acpi_battery_ssdt" modprobe acpi_battery_ssdt

# Section 8: the idle slot powers down (wake delay 1 s).
wait_cold() {
	n=100
	while { [ "$(cat $D/$FN0/power_state)" != D3cold ] ||
		[ "$(cat $D/$FN1/power_state)" != D3cold ]; } && [ $n -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
}
# The emulated root port starts with d3cold_allowed=0 (a laptop's port
# allows it): the doctor names the module's blocker and the fix, which
# is applied as a user would.
sleep 1
"$bin" doctor --xml "$xml" > /tmp/doctor.out 2>&1
t_check "doctor: the port's blocker from the module, with the fix" sh -c \
	"grep -A1 '^fail  d3cold           $FN0: blocker: port_d3cold_allowed 0000:00:1c.0' /tmp/doctor.out |
	grep -q 'fix: echo 1 > /sys/bus/pci/devices/0000:00:1c.0/d3cold_allowed'"
echo 1 > $D/0000:00:1c.0/d3cold_allowed
wait_cold
t_eq "guide 8: $FN0 reaches D3cold with no VM" D3cold "$(cat $D/$FN0/power_state)"

# Section 9: every check ok.  One TAP line per check.
t_check "doctor binary and guide XML are in the guest" test -x "$bin" -a -f "$xml"
"$bin" doctor --xml "$xml" > /tmp/doctor.out 2>&1
rc=$?
sed 's/^/# /' /tmp/doctor.out
t_eq "doctor: exit status 0 on the guide's setup" 0 "$rc"
while read -r st id rest; do
	case $st in
	ok) t_ok "doctor: $id ${rest%%: *}" ;;
	warn|fail) t_fail "doctor: $id ${rest%%: *}" "$st $id $rest" ;;
	esac
done < /tmp/doctor.out
t_eq "doctor: no warn or fail" "0 warn, 0 fail" "$(tail -1 /tmp/doctor.out | sed 's/^[0-9]* ok, //')"

# Broken 1: the audio function loses its driver.  The module's own
# blockers file names it, and the doctor passes that on with the fix.
echo $FN1 > /sys/bus/pci/drivers/vfio_d3cold/unbind
"$bin" doctor --xml "$xml" > /tmp/doctor.out 2>&1
rc=$?
grep -v '^ok ' /tmp/doctor.out | sed 's/^/# /'
t_eq "doctor: unbound $FN1: exit status 1" 1 "$rc"
t_check "doctor: unbound $FN1: fail driver" grep -q "^fail  driver           $FN1: .* has no driver" /tmp/doctor.out
t_check "doctor: unbound $FN1: the module's blocker with its fix" \
	grep -A1 -q "^fail  d3cold           $FN0: blocker: sibling_driverless $FN1" /tmp/doctor.out
t_check "doctor: unbound $FN1: fix says bind it" grep -q "fix: bind $FN1 to vfio_d3cold too" /tmp/doctor.out
t_check "doctor: unbound $FN1: hostdev-managed fails" grep -q "^fail  hostdev-managed  $FN1: managed='no' but the device is on no driver" /tmp/doctor.out
echo $FN1 > /sys/bus/pci/drivers/vfio_d3cold/bind
wait_cold

# Broken 2: kvmfr reloaded with another size than the domain's size=.
rmmod kvmfr && modprobe kvmfr static_size_mb=32 && chown 0:994 /dev/kvmfr0 && chmod 0660 /dev/kvmfr0
"$bin" doctor --xml "$xml" > /tmp/doctor.out 2>&1
rc=$?
grep -v '^ok ' /tmp/doctor.out | sed 's/^/# /'
t_eq "doctor: kvmfr 32 MiB: exit status 1" 1 "$rc"
t_check "doctor: kvmfr 32 MiB: QEMU's size message and the fix" \
	grep -q "^fail  kvmfr-size       /dev/kvmfr0: size=64M but /dev/kvmfr0 is 32 MiB: QEMU stops with \"backing store size 0x2000000 does not match 'size' option 0x4000000\"" /tmp/doctor.out
t_check "doctor: kvmfr 32 MiB: only that check fails" test "$(grep -c '^fail' /tmp/doctor.out)" = 1
