# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/scenarios/vfio-d3cold.sh (busybox sh).  The variant
# comes on the kernel command line (vd3variant=).  vfio_client plays the
# VMM; its sh:NAME steps run the check functions from /tmp/checks.sh
# between two device accesses.

FN0=0000:01:00.0
FN1=0000:01:00.1
RP=0000:00:1c.0
variant=$(sed -n 's/.*vd3variant=\([a-z]*\).*/\1/p' /proc/cmdline)

cat > /tmp/checks.sh <<'EOS'
FN0=0000:01:00.0
FN1=0000:01:00.1
RP=0000:00:1c.0
D=/sys/bus/pci/devices
ps() { cat $D/$1/power_state; }
rs() { cat $D/$1/power/runtime_status; }
st() { cat $D/$1/vfio_d3cold/state; }
stat() { sed -n "s/^$2 //p" $D/$1/vfio_d3cold/stats; }
ons() { dmesg | grep -c 'GPUPASS-PR _ON'; }
offs() { dmesg | grep -c 'GPUPASS-PR _OFF'; }
# wait_ps DEV STATE [TENTHS]: wait until DEV's power_state is STATE
wait_ps() {
	_n=${3:-100}
	while [ "$(ps $1)" != "$2" ] && [ $_n -gt 0 ]; do
		sleep 0.1
		_n=$((_n - 1))
	done
	[ "$(ps $1)" = "$2" ]
}
slot_cold() {
	wait_ps $FN0 D3cold && wait_ps $RP D3cold
	t_eq "$1: $FN0 D3cold" D3cold "$(ps $FN0)"
	t_eq "$1: $FN1 D3cold" D3cold "$(ps $FN1)"
	t_eq "$1: root port D3cold" D3cold "$(ps $RP)"
	t_eq "$1: power resource off" 0 \
		"$(cat /sys/bus/acpi/devices/LNXPOWER:*/resource_in_use | head -1)"
}
save_ons() { ons > /tmp/ons; offs > /tmp/offs; }
check_open() {
	t_eq "open: $FN0 D0" D0 "$(ps $FN0)"
	t_eq "open: root port D0" D0 "$(ps $RP)"
	t_check "open: state says open=1 low_power=none" \
		sh -c "cat $D/$FN0/vfio_d3cold/state | grep -q 'open=1 parent' && grep -q low_power=none $D/$FN0/vfio_d3cold/state"
	t_check "open: blockers name the open device" \
		grep -q "^open $FN0" $D/$FN0/vfio_d3cold/blockers
}
check_guest_d3() {
	slot_cold "guest D3hot (nosoftrst)"
	t_check "guest D3hot: state low_power=guest" grep -q low_power=guest $D/$FN0/vfio_d3cold/state
	t_eq "guest D3hot: stats guest_d3_entries" 1 "$(stat $FN0 guest_d3_entries)"
	t_eq "guest D3hot: _OFF ran again" $(($(cat /tmp/offs) + 1)) "$(offs)"
	t_eq "guest D3hot: blockers empty" "" "$(cat $D/$FN0/vfio_d3cold/blockers)"
	save_ons
}
check_no_wake() {
	t_eq "PMCSR word and dword reads in low power: no _ON" "$(cat /tmp/ons)" "$(ons)"
	t_eq "PMCSR word and dword reads in low power: still D3cold" D3cold "$(ps $FN0)"
	t_eq "PMCSR word and dword reads in low power: lp_cached_reads" 2 "$(stat $FN0 lp_cached_reads)"
}
check_woke() {
	t_eq "wide read: woke the slot once (_ON)" $(($(cat /tmp/ons) + 1)) "$(ons)"
	t_eq "wide read: lp_wakes" 1 "$(stat $FN0 lp_wakes)"
	slot_cold "wide read, after"
	save_ons
}
check_d0() {
	t_eq "D0 write: $FN0 D0" D0 "$(ps $FN0)"
	t_eq "D0 write: _ON ran" $(($(cat /tmp/ons) + 1)) "$(ons)"
	t_check "D0 write: low_power=none" grep -q low_power=none $D/$FN0/vfio_d3cold/state
	t_eq "D0 write: lp_exits" 1 "$(stat $FN0 lp_exits)"
}
check_policy_off() {
	sleep 1
	t_eq "policy off: $FN0 plain D3hot" D3hot "$(ps $FN0)"
	t_eq "policy off: runtime active" active "$(rs $FN0)"
	t_eq "policy off: root port powered (D0)" D0 "$(ps $RP)"
	t_eq "policy off: guest_d3_entries unchanged" 1 "$(stat $FN0 guest_d3_entries)"
}
check_vmm_lp() {
	slot_cold "VMM LOW_POWER_ENTRY"
	t_check "VMM LOW_POWER_ENTRY: state low_power=user" grep -q low_power=user $D/$FN0/vfio_d3cold/state
}
check_vmm_after_guest() {
	t_check "VMM entry over guest D3: low_power=user" grep -q low_power=user $D/$FN0/vfio_d3cold/state
	t_eq "VMM entry over guest D3: guest_d3_entries" 2 "$(stat $FN0 guest_d3_entries)"
	slot_cold "VMM entry over guest D3"
}
check_lp_none_vmm() {
	t_check "VMM LOW_POWER_EXIT: low_power=none" grep -q low_power=none $D/$FN0/vfio_d3cold/state
}
check_lp_none_reset() {
	t_check "reset in low power: low_power=none" grep -q low_power=none $D/$FN0/vfio_d3cold/state
	t_eq "reset in low power: lp_exits" 3 "$(stat $FN0 lp_exits)"
}
check_delay_active() {
	t_eq "wake delay 1500 ms: still active 500 ms after D3hot" active "$(rs $FN0)"
	t_eq "wake delay 1500 ms: root port D0" D0 "$(ps $RP)"
}
check_delay_cold() {
	slot_cold "wake delay 1500 ms: after 2.5 s"
	save_ons
}
check_bar_no_wake() {
	t_eq "BAR0 read() in D3cold: no _ON" "$(cat /tmp/ons)" "$(ons)"
	t_eq "BAR0 read() in D3cold: still D3cold" D3cold "$(ps $FN0)"
	t_eq "BAR0 read(): lp_bar_denied (D3hot and D3cold windows)" 2 "$(stat $FN0 lp_bar_denied)"
}
check_fn1_lp() {
	t_check "hot reset: $FN1 in guest low power first" grep -q low_power=guest $D/$FN1/vfio_d3cold/state
}
check_fn1_reset() {
	t_check "hot reset from $FN0: $FN1 left low power" grep -q low_power=none $D/$FN1/vfio_d3cold/state
	t_eq "hot reset from $FN0: $FN1 lp_exits" 1 "$(stat $FN1 lp_exits)"
	t_eq "hot reset from $FN0: $FN1 D0" D0 "$(ps $FN1)"
}
check_delay_one_wake() {
	t_eq "wake delay: 3 wide reads in 0.6 s power the slot up once" \
		$(($(cat /tmp/ons) + 1)) "$(ons)"
	t_eq "wake delay: still awake after the polling" active "$(rs $FN0)"
}
EOS
if [ "$variant" = switch ]; then
	# root port 00:1c.0 -> switch upstream 01:00.0 -> downstream 02:00.0
	sed -i 's/^FN\([01]\)=0000:01:00/FN\1=0000:03:00/' /tmp/checks.sh
fi
. /tmp/checks.sh

t_mark "vfio_d3cold: load"
t_check "modprobe vfio-pci vfio_iommu_type1" modprobe -a vfio-pci vfio_iommu_type1
if [ "$variant" = noforce ]; then
	# Bind the way a modprobe.d "options vfio_d3cold ids=" line does.
	t_check "modprobe vfio_d3cold ids=8086:10d3 (e1000e)" \
		modprobe vfio_d3cold wake_delay_ms=0 ids=8086:10d3
else
	t_check "modprobe vfio_d3cold wake_delay_ms=0" modprobe vfio_d3cold wake_delay_ms=0
	for f in $FN0 $FN1; do
		echo vfio_d3cold > $D/$f/driver_override
		echo $f > /sys/bus/pci/drivers_probe
	done
fi
for f in $FN0 $FN1; do
	t_eq "$f bound to vfio_d3cold" vfio_d3cold "$(basename "$(readlink $D/$f/driver)")"
done
t_eq "guest_d3 default is nosoftrst" nosoftrst "$(cat $D/$FN0/vfio_d3cold/guest_d3)"
sleep 1

case $variant in
nossdt)
	echo 1 > $D/$RP/d3cold_allowed
	sleep 1
	t_check "no SSDT: blockers name the missing _PR3" \
		grep -q "^no_pr3 $FN0: .* up to the root port ($RP) has _PR3 or _PS3" $D/$FN0/vfio_d3cold/blockers
	t_eq "no SSDT: $FN0 stays D3hot" D3hot "$(ps $FN0)"
	t_check "no SSDT: diagnose suggests a _PR3" \
		sh -c "vfio_d3cold_tool diagnose $FN0 | grep -q 'fix:.*_PR3'"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
noforce)
	echo 1 > $D/$RP/d3cold_allowed
	sleep 1
	t_check "BIOS 2014: blockers name the BIOS year" \
		grep -q "^port_no_d3 $RP: .*BIOS year 2014 < 2015" $D/$FN0/vfio_d3cold/blockers
	t_check "BIOS 2014: diagnose suggests pcie_port_pm=force" \
		sh -c "vfio_d3cold_tool diagnose $FN0 | grep -q 'fix: boot with pcie_port_pm=force'"
	t_eq "BIOS 2014: root port stays D0" D0 "$(ps $RP)"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
acpihp)
	t_mark "vfio_d3cold: firmware (ACPI) hotplug port"
	echo 1 > $D/$RP/d3cold_allowed
	sleep 1
	t_check "ACPI hotplug: blockers say firmware handles the port's hotplug" \
		grep -q "^port_no_d3 $RP: .*hotplug is handled by firmware (ACPI)" $D/$FN0/vfio_d3cold/blockers
	t_check "ACPI hotplug: diagnose suggests pcie_ports=native, not pcie_port_pm=force" \
		sh -c "vfio_d3cold_tool diagnose $FN0 | grep 'fix:.*pcie_ports=native' | grep -q 'pcie_port_pm=force cannot help'"
	t_eq "ACPI hotplug: root port stays D0" D0 "$(ps $RP)"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
switch)
	t_mark "vfio_d3cold: behind a PCIe switch"
	sleep 1
	t_check "switch: blockers look up to the root port $RP" \
		grep -q " $RP: " $D/$FN0/vfio_d3cold/blockers
	for p in $RP 0000:01:00.0 0000:02:00.0; do echo 1 > $D/$p/d3cold_allowed; done
	sleep 1
	t_check "switch: _PR3 on the root port counts (no no_pr3 line)" \
		sh -c "! grep -q ^no_pr3 $D/$FN0/vfio_d3cold/blockers"
	t_check "switch: no d3cold_allowed line once all three ports allow it" \
		sh -c "! grep -q ^port_d3cold_allowed $D/$FN0/vfio_d3cold/blockers"
	t_check "switch: $FN0 reaches D3cold" wait_ps $FN0 D3cold
	t_check "switch: root port reaches D3cold" wait_ps $RP D3cold
	t_eq "switch: blockers empty" "" "$(cat $D/$FN0/vfio_d3cold/blockers)"
	echo "# $FN0 $(ps $FN0), ports: $(ps 0000:02:00.0) $(ps 0000:01:00.0) $(ps $RP)"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
wakefail)
	t_mark "vfio_d3cold: a wake that fails"
	echo 1 > $D/$RP/d3cold_allowed
	slot_cold "idle, link that will not come back"
	vfio_client $FN0 openfail
	t_check "failed wake: blockers say resume_failed" \
		grep -q "^resume_failed $FN0" $D/$FN0/vfio_d3cold/blockers
	t_check "failed wake: stats resume_failures counts it" \
		test "$(stat $FN0 resume_failures)" -ge 1
	t_eq "failed wake: guest_d3 fell back to off" off "$(cat $D/$FN0/vfio_d3cold/guest_d3)"
	t_check "failed wake: D3cold disabled for $FN0" \
		grep -q "^no_d3cold $FN0" $D/$FN0/vfio_d3cold/blockers
	t_check "failed wake: diagnose says what to do" \
		sh -c "vfio_d3cold_tool diagnose $FN0 | grep -q 'fix: check dmesg for the failed power-up'"
	t_check "failed wake: the log says so" \
		sh -c "dmesg | grep -q 'wake from low power failed'"
	t_check "failed wake: $FN1 has no resume_failed" \
		sh -c "! grep -q resume_failed $D/$FN1/vfio_d3cold/blockers"
	t_eq "failed wake: $FN1 keeps its policy" nosoftrst "$(cat $D/$FN1/vfio_d3cold/guest_d3)"
	dmesg | grep -i -e 'wake from low power' -e 'Unable to change' -e 'Link Active' | sed 's/^/# /'
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
main)
	t_mark "vfio_d3cold: idle"
	t_check "root port d3cold_allowed=0: blockers say so" \
		grep -q "^port_d3cold_allowed $RP" $D/$FN0/vfio_d3cold/blockers
	echo 1 > $D/$RP/d3cold_allowed
	save_ons
	slot_cold "idle"
	t_check "idle: _OFF ran" test "$(offs)" -ge 1
	t_eq "idle: blockers empty" "" "$(cat $D/$FN0/vfio_d3cold/blockers)"
	t_check "idle: state line" grep -q \
		"power_state=D3cold runtime_status=suspended low_power=none open=0 parent=$RP parent_power_state=D3cold" \
		$D/$FN0/vfio_d3cold/state
	t_check "status tool lists both functions" \
		sh -c "vfio_d3cold_tool status | grep -c -e $FN0 -e $FN1 | grep -q 2"
	t_eq "one value per file: low_power" none "$(cat $D/$FN0/vfio_d3cold/low_power)"
	t_eq "one value per file: open_count" 0 "$(cat $D/$FN0/vfio_d3cold/open_count)"
	t_eq "one value per file: resume_failures" 0 "$(cat $D/$FN0/vfio_d3cold/resume_failures)"
	echo -1 > $D/$FN0/power/autosuspend_delay_ms
	t_check "negative autosuspend delay: blockers name it" \
		grep -q "^autosuspend_negative $FN0" $D/$FN0/vfio_d3cold/blockers
	t_check "negative autosuspend delay: no false usage_count line" \
		sh -c "! grep -q '^usage_count $FN0' $D/$FN0/vfio_d3cold/blockers"
	echo 0 > $D/$FN0/power/autosuspend_delay_ms
	slot_cold "autosuspend delay back to 0"
	save_ons

	t_mark "vfio_d3cold: guest D3 cycle"
	vfio_client $FN0 open dmabuf sh:check_open sh:save_ons d3 sleep:300 \
		sh:check_guest_d3 pmcsr=3 pmdw=3 sh:check_no_wake cfg=3 sleep:300 \
		sh:check_woke d0 sh:check_d0 pmcsr=0 cfg=0 close
	slot_cold "closed"

	t_mark "vfio_d3cold: policy off"
	echo off > $D/$FN0/vfio_d3cold/guest_d3
	t_eq "guest_d3 is rw" off "$(cat $D/$FN0/vfio_d3cold/guest_d3)"
	vfio_client $FN0 open d3 sh:check_policy_off pmcsr=3 d0 close
	echo nosoftrst > $D/$FN0/vfio_d3cold/guest_d3
	t_check "guest_d3 rejects junk" sh -c "! echo bogus > $D/$FN0/vfio_d3cold/guest_d3"

	t_mark "vfio_d3cold: VMM LOW_POWER"
	vfio_client $FN0 open entry sleep:300 sh:check_vmm_lp exit \
		sh:check_lp_none_vmm d3 sleep:300 entry sleep:300 \
		sh:check_vmm_after_guest exit d0 close
	t_mark "vfio_d3cold: reset in low power"
	vfio_client $FN0 open d3 sleep:300 reset sh:check_lp_none_reset \
		d0 close

	t_mark "vfio_d3cold: wake delay"
	echo 1500 > $D/$FN0/power/autosuspend_delay_ms
	vfio_client $FN0 open bar=ok d3 bar=EIO sleep:500 sh:check_delay_active \
		sleep:2000 sh:check_delay_cold bar=EIO sh:check_bar_no_wake \
		cfg=3 sleep:300 cfg=3 sleep:300 cfg=3 \
		sh:check_delay_one_wake d0 bar=ok close
	echo 0 > $D/$FN0/power/autosuspend_delay_ms
	t_eq "stats after all" "guest_d3_entries 4 lp_exits 4 resume_failures 0 last_resume_error 0" \
		"$(grep -e guest_d3 -e lp_exits -e resume_fail -e last_resume $D/$FN0/vfio_d3cold/stats | tr '\n' ' ' | sed 's/ $//')"

	t_mark "vfio_d3cold: hot reset leaves low power for the whole set"
	vfio_client $FN0 open dev:$FN1 open d3 sleep:300 sh:check_fn1_lp \
		dev:$FN0 hotreset sh:check_fn1_reset dev:$FN1 pmcsr=0 close

	t_mark "vfio_d3cold: rmmod/unbind while open"
	vfio_client $FN0 open sleep:4000 close > /tmp/bg.log &
	sleep 1
	t_check "rmmod while open is refused" sh -c '! rmmod vfio_d3cold 2>/dev/null'
	t0=$(date +%s)
	echo $FN0 > $D/$FN0/driver/unbind
	t1=$(date +%s)
	wait
	t_check "unbind while open waits for the user, then completes ($((t1 - t0)) s)" \
		sh -c "[ $((t1 - t0)) -ge 1 ] && [ $((t1 - t0)) -le 10 ] && [ ! -e $D/$FN0/driver ]"
	t_check "the client saw its device open" grep -q "^ok - $FN0: open" /tmp/bg.log

	t_mark "vfio_d3cold: only fn0 bound"
	echo $FN0 > /sys/bus/pci/drivers_probe
	echo $FN1 > $D/$FN1/driver/unbind
	sleep 1
	t_check "fn1 driverless: blockers name $FN1" \
		grep -q "^sibling_driverless $FN1" $D/$FN0/vfio_d3cold/blockers
	t_check "fn1 driverless: diagnose says bind it too" \
		sh -c "vfio_d3cold_tool diagnose $FN0 | grep -q 'fix: bind $FN1 to vfio_d3cold too'"
	t_eq "fn1 driverless: root port D0" D0 "$(ps $RP)"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'

	t_mark "vfio_d3cold: wake delay from bind"
	t_check "rmmod vfio_d3cold" rmmod vfio_d3cold
	t_check "modprobe vfio_d3cold wake_delay_ms=1500" modprobe vfio_d3cold wake_delay_ms=1500
	echo $FN0 > /sys/bus/pci/drivers_probe
	echo $FN1 > /sys/bus/pci/drivers_probe
	sleep 0.5
	t_eq "wake delay at bind: $FN0 still active 500 ms after bind" active "$(rs $FN0)"
	t_check "wake delay at bind: suspended within 4 s" wait_ps $FN0 D3cold 40

	t_mark "vfio_d3cold: disable_idle_d3=1"
	t_check "rmmod vfio_d3cold" rmmod vfio_d3cold
	t_check "modprobe vfio_d3cold disable_idle_d3=1" modprobe vfio_d3cold disable_idle_d3=1 wake_delay_ms=0
	echo $FN0 > /sys/bus/pci/drivers_probe
	echo $FN1 > /sys/bus/pci/drivers_probe
	sleep 0.5
	t_check "disable_idle_d3=1: blockers say so" \
		grep -q "^disable_idle_d3 $FN0" $D/$FN0/vfio_d3cold/blockers
	t_check "disable_idle_d3=1: no false usage_count line (the core's probe reference)" \
		sh -c "! grep -q '^usage_count $FN0' $D/$FN0/vfio_d3cold/blockers"
	t_check "disable_idle_d3=1: diagnose does not send you hunting" \
		sh -c "! vfio_d3cold_tool diagnose $FN0 | grep -q 'find what holds'"
	cat $D/$FN0/vfio_d3cold/blockers | sed 's/^/# /'
	;;
esac

t_mark "vfio_d3cold: rmmod"
t_check "rmmod vfio_d3cold" rmmod vfio_d3cold
t_check "no device left on the driver" sh -c "[ ! -e $D/$FN0/driver ] || [ \"\$(basename \$(readlink $D/$FN0/driver))\" != vfio_d3cold ]"
