#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/vfio-d3cold against a fake sysfs tree: every blocker key the driver
# can print (taken from vfio_d3cold/policy.c, so a new key without a fix
# fails here) gets a specific fix in `diagnose`; `status` lists the bound
# devices; errors exit non-zero.
set -uo pipefail
. "$GPUPASS_SRC/tests/lib/host.sh"

tool=$GPUPASS_TOOLS/vfio-d3cold/build/vfio-d3cold
if [ ! -x "$tool" ]; then
	t_fail "vfio-d3cold is built" "$tool missing (make -C tools)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VFIO_D3COLD_SYSFS=$work

dev=$work/sys/bus/pci/devices/0000:01:00.0/vfio_d3cold
mkdir -p "$dev" "$work/sys/bus/pci/drivers/vfio_d3cold/0000:01:00.0"
echo "power_state=D3hot runtime_status=suspended low_power=none open=0 parent=0000:00:1c.0 parent_power_state=D0" >"$dev/state"

# The keys are the first word of the format strings in policy.c.
keys=$(grep -o '"[a-z0-9_]* %s: ' "$GPUPASS_SRC/vfio_d3cold/policy.c" | tr -d '"' | awk '{ print $1 }' | sort -u)
t_check "policy.c has blocker keys" test "$(echo "$keys" | wc -l)" -ge 12
: >"$dev/blockers"
for k in $keys; do
	echo "$k 0000:01:00.1: text" >>"$dev/blockers"
done
out=$("$tool" diagnose 0000:01:00.0)
t_eq "diagnose exits 0" 0 $?
for k in $keys; do
	fix=$(echo "$out" | grep -A1 "^  $k " | sed -n 's/^    fix: //p')
	if [ -n "$fix" ] && [ "${fix#unknown}" = "$fix" ]; then t_ok "diagnose has a fix for $k"; else
		t_fail "diagnose has a fix for $k" "got '$fix'"
	fi
done
t_check "sibling fix names the sibling" sh -c "echo '$out' | grep -q 'fix: bind 0000:01:00.1 to vfio_d3cold too'"

echo "port_no_d3 0000:00:1c.0: port may not enter D3: BIOS year 2014 < 2015 (boot with pcie_port_pm=force)" >"$dev/blockers"
t_check "BIOS year: fix is pcie_port_pm=force" sh -c "'$tool' diagnose 0000:01:00.0 | grep -q 'fix: boot with pcie_port_pm=force'"

: >"$dev/blockers"
t_check "status shows the device with no blockers" sh -c "'$tool' status | grep -A1 '^0000:01:00.0: power_state=D3hot' | grep -q 'no blockers'"
"$tool" diagnose 0000:02:00.0 >/dev/null 2>&1
t_eq "diagnose of an unbound device exits 1" 1 $?
"$tool" bogus >/dev/null 2>&1
t_eq "bad usage exits 2" 2 $?

# Advice that works: rebinding does not re-enable runtime PM, and
# pcie_port_pm=force does not help a firmware hotplug port.
printf 'runtime_pm_disabled 0000:01:00.0: text\nport_no_d3 0000:00:1c.0: port may not enter D3: its hotplug is handled by firmware (ACPI), which pcie_port_pm=force does not override\n' >"$dev/blockers"
out=$("$tool" diagnose 0000:01:00.0)
fix=$(grep -A1 '^  runtime_pm_disabled' <<<"$out" | sed -n 's/^    fix: //p')
case $fix in
*remove*rescan*) t_ok "runtime_pm_disabled fix: remove and rescan, not rebind" ;;
*) t_fail "runtime_pm_disabled fix: remove and rescan, not rebind" "got '$fix'" ;;
esac
fix=$(grep -A1 '^  port_no_d3' <<<"$out" | sed -n 's/^    fix: //p')
case $fix in
"boot with pcie_ports=native"*) t_ok "firmware hotplug fix: pcie_ports=native" ;;
*) t_fail "firmware hotplug fix: pcie_ports=native" "got '$fix'" ;;
esac
