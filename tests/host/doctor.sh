#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gpupass doctor against host directory fixtures (--root): the laptop set
# up as docs/guide.md says, with docs/laptop-domain.xml, is all ok; then
# one copy per check is broken the way users break it, and each must give
# that check's fail line with its fix.  Every check id the source can
# fail must have a case here.  The guide's XML is validated with libvirt's
# virt-xml-validate, and --domain goes through virsh (test driver).
set -uo pipefail
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/tests/lib/doctor-fixture.sh"

doctor=$GPUPASS_TOOLS/gpupass/gpupass
bssdt=$GPUPASS_TOOLS/battery-ssdt/battery-ssdt
guide_xml=$GPUPASS_SRC/docs/laptop-domain.xml
for b in "$doctor" "$bssdt"; do
	if [ ! -x "$b" ]; then
		t_fail "doctor: $(basename "$b") is built" "$b missing (make -C tools)"
		exit 0
	fi
done
if [ "$(id -u)" != 0 ]; then
	t_skip "doctor: fixtures" "needs root (mknod, chown)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
good=$work/good
doctor_fixture "$good" "$bssdt"

# --- the guide's XML ------------------------------------------------------
if command -v virt-xml-validate >/dev/null && command -v xmllint >/dev/null; then
	t_check "doctor: docs/laptop-domain.xml passes virt-xml-validate" \
		virt-xml-validate "$guide_xml"
else
	t_fail "doctor: docs/laptop-domain.xml passes virt-xml-validate" \
		"virt-xml-validate/xmllint missing (scripts/install-deps.sh: libvirt-clients libxml2-utils)"
fi

# --- all ok -----------------------------------------------------------------
out=$("$doctor" doctor --root "$good" --xml "$guide_xml" 2>&1)
rc=$?
if [ $rc = 0 ] && ! grep -qv '^ok \|fix: \|^[0-9]* ok, 0 warn, 0 fail$' <<<"$out"; then
	t_ok "doctor: the guide's setup is all ok ($(tail -1 <<<"$out"))"
else
	t_fail "doctor: the guide's setup is all ok" "rc=$rc
$(grep -v '^ok ' <<<"$out")"
fi
t_eq "doctor: the good setup runs every check" \
	"acpitable battery-apparmor battery-perm battery-table d3cold domain driver early-bind gpu hostdev hostdev-managed iommu iommu-cmdline iommu-group irq-remap ivshmem kvmfr-align kvmfr-apparmor kvmfr-backend kvmfr-cgroup kvmfr-device kvmfr-module kvmfr-perm kvmfr-selinux kvmfr-share kvmfr-size qemu-user" \
	"$(awk '$1 == "ok" { print $2 }' <<<"$out" | sort -u | xargs)"
json=$("$doctor" doctor --root "$good" --xml "$guide_xml" --json)
t_eq "doctor: --json is JSON with the same results" "30 0 0 30" \
	"$(python3 -c 'import json,sys; d=json.load(sys.stdin); c=d["checks"]; print(d["ok"], d["warn"], d["fail"], sum(x["status"] == "ok" for x in c))' <<<"$json" 2>&1)"
out=$("$doctor" doctor --root "$good" 2>&1)
t_eq "doctor: without a domain the host checks are all ok" "0 0" \
	"$?$(grep -c '^fail' <<<"$out" | sed 's/^/ /')"
"$doctor" doctor --bogus >/dev/null 2>&1
t_eq "doctor: unknown option exits 2" 2 $?

# --- one broken setup per check -------------------------------------------
# case ID MESSAGE_PART FIX_PART SETUP [doctor args]: SETUP breaks $r / $x
# (copies of the good root and of the guide's XML).
n=0
covered=" "
xsub() {	# python re.sub on the domain XML copy
	python3 - "$x" "$1" "$2" <<-'PY'
	import re, sys
	p, pat, rep = sys.argv[1:4]
	s = open(p).read()
	t = re.sub(pat, rep, s, flags=re.S)
	assert t != s, "pattern did not match: " + pat
	open(p, "w").write(t)
	PY
}
case_() {
	local id=$1 msg=$2 fix=$3 setup=$4 line fixline
	shift 4
	n=$((n + 1))
	r=$work/c$n
	x=$work/c$n.xml
	cp -a "$good" "$r"
	cp "$guide_xml" "$x"
	if ! $setup; then
		t_fail "doctor: $setup -> fail $id" "setup failed"
		return
	fi
	out=$("$doctor" doctor --root "$r" --xml "$x" "$@" 2>&1)
	rc=$?
	line=$(awk -v id="$id" -v m="$msg" '$1 == "fail" && $2 == id && index($0, m) { print; getline; print; exit }' <<<"$out")
	fixline=$(sed -n 2p <<<"$line")
	if [ $rc = 1 ] && [ -n "$line" ] && [[ $fixline == *"fix: "*"$fix"* ]]; then
		t_ok "doctor: $setup -> fail $id, fix names '$fix'"
		covered="$covered$id "
	else
		t_fail "doctor: $setup -> fail $id ('$msg'), fix names '$fix'" "rc=$rc
$(grep -v '^ok ' <<<"$out")"
	fi
	rm -rf "$r" "$x"
}
pci=sys/bus/pci/devices

no_iommu() { rm -rf "$r"/sys/class/iommu/*; }
iommu_off() { sed -i 's/intel_iommu=on/intel_iommu=off/' "$r/proc/cmdline"; }
no_intremap() { sed -i 's/IR-//g' "$r/proc/interrupts"; }
no_change() { :; }	# the case passes --gpu for a slot that is not there
audio_in_group() { pcidev "$r" 0000:00:1f.3 0x8086 0x51c8 0x040300 snd_hda_intel 1; }
audio_on_host() { ln -sfn ../../../../bus/pci/drivers/snd_hda_intel "$r/$pci/0000:01:00.1/driver"; }
audio_driverless() { rm "$r/$pci/0000:01:00.1/driver"; }
no_ids() { rm "$r/etc/modprobe.d/vfio_d3cold.conf"; }
nouveau_in_initrd() { echo nouveau >"$r/etc/initramfs-tools/modules"; }
no_softdep() { sed -i '/softdep/d' "$r/etc/modprobe.d/vfio_d3cold.conf"; }
blocker_sibling() {
	echo "sibling_driverless 0000:01:00.1: function has no driver" >"$r/$pci/0000:01:00.0/vfio_d3cold/blockers"
}
blocker_port() {
	echo "port_no_d3 0000:00:01.0: BIOS before 2015 (boot with pcie_port_pm=force)" >"$r/$pci/0000:01:00.0/vfio_d3cold/blockers"
}
one_hostdev() { xsub "<hostdev[^>]*>\s*<source>\s*<address[^>]*function='0x1'/>\s*</source>\s*</hostdev>" ""; }
managed_yes() { xsub "managed='no'" "managed='yes'"; }
kvmfr_unloaded() { rm -rf "$r/sys/module/kvmfr" "$r/sys/class/kvmfr"; }
kvmfr_regular_file() { rm "$r/dev/kvmfr0" && touch "$r/dev/kvmfr0"; }
kvmfr_no_devices() { rm -rf "$r/sys/class/kvmfr/kvmfr0"; }
kvmfr_root_only() { chmod 0600 "$r/dev/kvmfr0"; }
acl_without_kvmfr() { sed -i '/kvmfr0/d; s/"\/dev\/userfaultfd",/"\/dev\/userfaultfd"/' "$r/etc/libvirt/qemu.conf"; }
acl_unset() { echo '#cgroup_device_acl = [ ]' >"$r/etc/libvirt/qemu.conf"; }
apparmor_no_kvmfr() { sed -i '/kvmfr/d' "$r/etc/apparmor.d/local/abstractions/libvirt-qemu"; }
selinux_unlabelled() { mkdir -p "$r/sys/fs/selinux" && echo 1 >"$r/sys/fs/selinux/enforce"; }
no_backend() { xsub "<qemu:arg value='-object'/>\s*<qemu:arg value='memory-backend-file[^']*'/>" ""; }
backend_kvmfr1() { xsub "mem-path=/dev/kvmfr0" "mem-path=/dev/kvmfr1"; }
size_32m() { xsub "size=64M" "size=32M"; }
share_off() { xsub "share=on" "share=off"; }
no_ivshmem() { xsub "<qemu:arg value='-device'/>\s*<qemu:arg value='ivshmem-plain[^']*'/>" ""; }
no_acpitable() { xsub "<qemu:arg value='-acpitable'/>\s*<qemu:arg value='[^']*'/>" ""; }
acpitable_data() { xsub "file=/sys/kernel" "data=/sys/kernel"; }
acpitable_colon() {
	mkdir -p "$r/var/lib/libvirt" && cp "$r/sys/kernel/acpi_battery_ssdt/table" "$r/var/lib/libvirt/bat:1.aml" &&
		xsub "file=/sys/kernel/acpi_battery_ssdt/table" "file=/var/lib/libvirt/bat:1.aml"
}
battery_unloaded() { rm -rf "$r/sys/kernel/acpi_battery_ssdt" "$r/sys/module/acpi_battery_ssdt"; }
battery_bad_value() { echo present >"$r/sys/module/acpi_battery_ssdt/parameters/sta"; }
battery_bad_param() { echo 7000 >"$r/sys/module/acpi_battery_ssdt/parameters/capacity_warning"; }
battery_stale_table() { "$bssdt" --design_capacity=5000 -o "$r/sys/kernel/acpi_battery_ssdt/table"; }
battery_file_edited() {
	mkdir -p "$r/var/lib/libvirt" &&
		"$bssdt" -o "$r/var/lib/libvirt/ssdt.aml" &&
		printf 'X' | dd of="$r/var/lib/libvirt/ssdt.aml" bs=1 seek=100 conv=notrunc status=none &&
		xsub "file=/sys/kernel/acpi_battery_ssdt/table" "file=/var/lib/libvirt/ssdt.aml"
}
battery_root_only() { chmod 0400 "$r/sys/kernel/acpi_battery_ssdt/table"; }
apparmor_no_table() { sed -i '/acpi_battery_ssdt/d' "$r/etc/apparmor.d/local/abstractions/libvirt-qemu"; }
no_qemu_ns() { xsub " xmlns:qemu='[^']*'" "" && sed -i 's/qemu:/q:/g' "$x"; }
truncated_xml() { head -c 2000 "$guide_xml" >"$x"; }
dac_label_other_user() {
	xsub "</devices>" "</devices><seclabel type='static' model='dac' relabel='yes'><label>+1000:+1000</label></seclabel>"
}

case_ iommu "no IOMMU" "intel_iommu=on" no_iommu
case_ iommu-cmdline "intel_iommu=off" "remove intel_iommu=off" iommu_off
case_ irq-remap "no interrupt remapping" "interrupt remapping" no_intremap
case_ gpu "no PCI device at 0000:05:00" "lspci -D" no_change --gpu 0000:05:00.0
case_ iommu-group "also holds 0000:00:1f.3 (snd_hda_intel)" "bind those devices to vfio" audio_in_group
case_ driver "bound to snd_hda_intel" "echo 0000:01:00.1 > /sys/bus/pci/devices/0000:01:00.1/driver/unbind" audio_on_host
case_ driver "has no driver" "echo vfio_d3cold > /sys/bus/pci/devices/0000:01:00.1/driver_override" audio_driverless
case_ early-bind "not bound at boot" "options vfio_d3cold ids=10de:249d,10de:228b" no_ids
case_ early-bind "nouveau in /etc/initramfs-tools/modules" "add vfio_d3cold" nouveau_in_initrd
case_ d3cold "sibling_driverless 0000:01:00.1" "bind 0000:01:00.1 to vfio_d3cold too" blocker_sibling
case_ d3cold "port_no_d3" "boot with pcie_port_pm=force" blocker_port
case_ hostdev "does not pass 0000:01:00.1" "function='0x1'" one_hostdev
case_ hostdev-managed "rebinds it from vfio_d3cold to vfio-pci" "managed='no'" managed_yes
case_ hostdev-managed "managed='no' but the device is on snd_hda_intel" "bind it to vfio_d3cold" audio_on_host
case_ kvmfr-module "not loaded (the domain uses it)" "modprobe kvmfr" kvmfr_unloaded
case_ kvmfr-device "regular file" "/etc/modules-load.d/kvmfr.conf" kvmfr_regular_file
case_ kvmfr-device "without devices" "static_size_mb" kvmfr_no_devices
case_ kvmfr-perm "may not open it read-write" 'GROUP="kvm", MODE="0660"' kvmfr_root_only
case_ kvmfr-perm "+1000 (from the domain's <seclabel model='dac'>) may not open it" 'MODE="0660"' dac_label_other_user
case_ kvmfr-cgroup "not in libvirt's cgroup_device_acl" "add it to cgroup_device_acl" acl_without_kvmfr
case_ kvmfr-cgroup "(not set: libvirt's default list)" '"/dev/kvmfr0" ]' acl_unset
case_ kvmfr-apparmor "do not allow /dev/kvmfr0 rw" "/dev/kvmfr* rw," apparmor_no_kvmfr
case_ kvmfr-selinux "SELinux enforcing" "restorecon" selinux_unlabelled
case_ kvmfr-backend "no memory-backend-file" "mem-path=/dev/kvmfr0" no_backend
case_ kvmfr-backend "mem-path=/dev/kvmfr1 does not exist" "ls /dev/kvmfr*" backend_kvmfr1
case_ kvmfr-size "backing store size 0x4000000 does not match 'size' option 0x2000000" "size=64M" size_32m
case_ kvmfr-share "share=on is missing" "share=on" share_off
case_ ivshmem "no -device ivshmem-plain with memdev=looking-glass" "ivshmem-plain,id=shmem0,memdev=looking-glass" no_ivshmem
case_ acpitable "no -acpitable" "file=/sys/kernel/acpi_battery_ssdt/table" no_acpitable
case_ acpitable "data=" "file= instead of data=" acpitable_data
case_ acpitable "contains ':'" "without ',' or ':'" acpitable_colon
case_ acpitable "does not exist" "modprobe acpi_battery_ssdt" battery_unloaded
case_ battery-table "fails battery-ssdt's check: sta" "echo VALUE" battery_bad_value
case_ battery-table "capacity_warning: must be <= full_charge_capacity" "reload the module" battery_bad_param
case_ battery-table "differs from what battery-ssdt builds" "reload acpi_battery_ssdt" battery_stale_table
case_ battery-table "checksum does not add up" "battery-ssdt -o FILE" battery_file_edited
case_ battery-perm "may not read it" "chmod a+r" battery_root_only
case_ battery-apparmor "do not allow reading it" "/sys/kernel/acpi_battery_ssdt/table r," apparmor_no_table
case_ domain "without the qemu namespace" "xmlns:qemu=" no_qemu_ns
case_ domain "cannot read the domain" "virt-xml-validate" truncated_xml

# Every id the source can fail has a case above.
ids=$(cat "$GPUPASS_SRC"/tools/gpupass/*.c | tr '\n' ' ' |
	grep -o 'DR_FAIL[^";]*"[a-z0-9-]*"' | sed 's/.*"\(.*\)"/\1/' | sort -u)
missing=""
for id in $ids; do
	[[ $covered == *" $id "* ]] || missing="$missing $id"
done
t_eq "doctor: every check that can fail has a failing case ($(wc -w <<<"$ids") ids)" "" "${missing# }"

# --- warnings: reported, exit status still 0 ----------------------------------
warn_() {
	local id=$1 setup=$2
	r=$work/w$id
	x=$work/w$id.xml
	cp -a "$good" "$r"
	cp "$guide_xml" "$x"
	$setup
	out=$("$doctor" doctor --root "$r" --xml "$x" 2>&1)
	rc=$?
	if [ $rc = 0 ] && grep -q "^warn  $id " <<<"$out" && ! grep -q '^fail' <<<"$out"; then
		t_ok "doctor: $setup -> warn $id, exit 0"
	else
		t_fail "doctor: $setup -> warn $id, exit 0" "rc=$rc
$(grep -v '^ok ' <<<"$out")"
	fi
}
no_align() { xsub ",align=2M" ""; }
lg_kvmfr() { rm "$r/sys/module/kvmfr/parameters/pci_zone_device"; echo 0.0.12 >"$r/sys/module/kvmfr/version"; }
vfio_pci() {
	for f in 0000:01:00.0 0000:01:00.1; do
		ln -sfn ../../../../bus/pci/drivers/vfio-pci "$r/$pci/$f/driver"
	done
}
vm_running() { echo "open 0000:01:00.0: a VM holds the device" >"$r/$pci/0000:01:00.0/vfio_d3cold/blockers"; }
unknown_qemu_user() { sed -i 's/^#user = .*/user = "nosuch"/' "$r/etc/libvirt/qemu.conf"; }
warn_ kvmfr-align no_align
warn_ qemu-user unknown_qemu_user
warn_ kvmfr-module lg_kvmfr
warn_ driver vfio_pci
warn_ early-bind no_softdep
warn_ d3cold vm_running

# driverctl instead of ids=: bound at boot as well.
r=$work/driverctl
cp -a "$good" "$r"
rm "$r/etc/modprobe.d/vfio_d3cold.conf"
mkdir -p "$r/etc/driverctl.d"
for f in 0000:01:00.0 0000:01:00.1; do echo vfio_d3cold >"$r/etc/driverctl.d/pci-$f"; done
t_check "doctor: driverctl overrides count as bound at boot" \
	sh -c "'$doctor' doctor --root '$r' | grep -q '^ok    early-bind       0000:01:00: bound at boot (driverctl'"

# --json carries the fix of a failure.
r=$work/json
cp -a "$good" "$r"
chmod 0600 "$r/dev/kvmfr0"
t_eq "doctor: --json: a failed check with its fix, exit 1" "kvmfr-perm fail True 1" \
	"$("$doctor" doctor --root "$r" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = [c for c in d["checks"] if c["status"] == "fail"]
print(f[0]["check"], f[0]["status"], "udev rule" in f[0]["fix"], d["fail"])' 2>&1)"

# The JSON form of Looking Glass's libvirt instructions reads the same.
lg_json() {
	xsub "<qemu:arg value='ivshmem-plain[^']*'/>" "<qemu:arg value=\"{'driver':'ivshmem-plain','id':'shmem0','memdev':'looking-glass'}\"/>" &&
		xsub "<qemu:arg value='memory-backend-file[^']*'/>" "<qemu:arg value=\"{'qom-type':'memory-backend-file','id':'looking-glass','mem-path':'/dev/kvmfr0','size':$1,'share':true}\"/>"
}
r=$work/json-ok
x=$work/json-ok.xml
cp -a "$good" "$r"
cp "$guide_xml" "$x"
lg_json 67108864
out=$("$doctor" doctor --root "$r" --xml "$x" 2>&1)
t_eq "doctor: Looking Glass's JSON -object/-device: ok but for align" \
	"0 kvmfr-backend kvmfr-size kvmfr-share warn kvmfr-align ivshmem" \
	"$?$(grep -E '^(ok|warn) +(kvmfr-(backend|share|size|align)|ivshmem) ' <<<"$out" | awk '{ printf " %s", ($1 == "warn" ? "warn " : "") $2 }')"
cp "$guide_xml" "$x"
lg_json 33554432
t_check "doctor: Looking Glass's JSON with size 32 MiB: kvmfr-size fails" \
	sh -c "'$doctor' doctor --root '$r' --xml '$x' | grep -q '^fail  kvmfr-size .*size=33554432 but /dev/kvmfr0 is 64 MiB'"

# --- --domain NAME through virsh (libvirt's test driver) ----------------------
if command -v virsh >/dev/null; then
	# The test driver takes a <node> of domains; it keeps no
	# <qemu:commandline> (that is the QEMU driver's namespace), so only
	# the parts it keeps are checked here.
	{ echo "<node>"; sed '/^<!--/,/^-->/d; s/type=.kvm./type="test"/' "$guide_xml"; echo "</node>"; } >"$work/node.xml"
	out=$(LIBVIRT_DEFAULT_URI="test://$work/node.xml" "$doctor" doctor --root "$good" --domain win11 2>&1)
	if grep -q '^ok    domain           win11: read from win11' <<<"$out" &&
	   grep -q '^ok    hostdev          0000:01:00: the domain passes all 2 functions' <<<"$out"; then
		t_ok "doctor: --domain reads the domain through virsh dumpxml"
	else
		t_fail "doctor: --domain reads the domain through virsh dumpxml" "$out"
	fi
	out=$(LIBVIRT_DEFAULT_URI="test://$work/node.xml" "$doctor" doctor --root "$good" --domain nosuch 2>&1)
	t_eq "doctor: --domain with an unknown name fails the domain check" 1 \
		"$(grep -c '^fail  domain .*virsh dumpxml nosuch failed' <<<"$out")"
else
	t_fail "doctor: --domain through virsh" "virsh missing (scripts/install-deps.sh: libvirt-clients)"
fi
