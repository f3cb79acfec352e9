# SPDX-License-Identifier: GPL-2.0
# Guest side of scenarios/ssdt-battery.sh (and of the boot stage of
# ssdt-module.sh): the table QEMU got with -acpitable arrived unchanged,
# and the battery driver shows the values of its parameters.  The kernel
# command line names the parameter set (ssdt_variant=) and the table's md5
# (ssdt_md5=).

arg() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" /proc/cmdline; }
v=$(arg ssdt_variant)
md5=$(arg ssdt_md5)
t_mark "ssdt-battery $v"

found=no
for f in /sys/firmware/acpi/tables/SSDT*; do
	[ -f "$f" ] || continue
	[ "$(md5sum <"$f" | cut -d' ' -f1)" = "$md5" ] && found=$(basename "$f")
done
t_check "$v: the table reached the guest unchanged (md5 $md5)" test "$found" != no

# Expected values: "attribute=value" per line; value ABSENT: no such file.
bat=BAT0 path='\_SB_.PCI0.BAT0' sta=31 uid=0 ac='' ovf=''
case $v in
default)
	exp='type=Battery
present=1
status=Full
capacity=100
capacity_level=Full
technology=Li-ion
charge_full_design=6000000
charge_full=6000000
charge_now=6000000
current_now=0
voltage_min_design=14800000
voltage_now=14800000
cycle_count=0
model_name=
serial_number=
manufacturer=
energy_full_design=ABSENT'
	;;
discharging)
	exp='status=Discharging
capacity=50
capacity_level=Normal
technology=NiMH
charge_full_design=6000000
charge_now=3000000
current_now=1500000
voltage_now=14400000
model_name=VBAT-1
serial_number=0001
manufacturer=QEMU
energy_now=ABSENT'
	;;
mw-bix-ac)
	path='\_SB_.BAT0' ac=1 ovf=1
	exp='status=Charging
capacity=75
technology=Li-poly
energy_full_design=2147483000
energy_full=57000000
energy_now=42750000
power_now=20000000
voltage_min_design=2147483000
voltage_now=12000000
cycle_count=42
charge_full_design=ABSENT
current_now=ABSENT'
	;;
absent)
	sta=15 bat=''
	;;
critical-bix1)
	bat=BATX path='\_SB_.PCI0.BATX' uid=7 ac=0
	exp='status=Discharging
capacity=3
capacity_level=Critical
charge_now=180000
current_now=800000
technology=Li-ion'
	;;
modsysfs)
	# The table the module served in the first stage of ssdt-module.sh.
	path='\_SB_.BAT0'
	exp='status=Discharging
capacity=40
charge_now=2400000
current_now=900000
model_name=MODSYSFS
manufacturer=gpupass'
	;;
*)
	t_fail "known parameter set" "ssdt_variant='$v' on the kernel command line"
	return 0
	;;
esac

t_check "$v: modprobe battery ac" modprobe -a battery ac
# The ACPI device exists either way; _STA says whether a battery is in.
dev=''
for d in /sys/bus/acpi/devices/PNP0C0A:*; do
	[ -e "$d/path" ] && [ "$(cat "$d/path")" = "$path" ] && dev=$d
done
t_check "$v: ACPI battery device at $path" test -n "$dev"
if [ -n "$dev" ]; then
	t_eq "$v: ACPI _STA = $sta" "$sta" "$(cat "$dev/status")"
	t_eq "$v: ACPI _UID = $uid" "$uid" "$(cat "$dev/uid" 2>/dev/null || echo none)"
fi

ps=/sys/class/power_supply
i=0
while [ -n "$bat" ] && [ ! -d "$ps/$bat" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$bat" ]; then
	t_check "$v: no battery power supply with _STA 0x0f" \
		sh -c "! ls $ps | grep -q BAT"
	t_check "$v: kernel says the battery is absent" \
		sh -c 'dmesg | grep -q "Slot \[BAT0\] (battery absent)"'
elif t_check "$v: $ps/$bat exists" test -d "$ps/$bat"; [ -d "$ps/$bat" ]; then
	echo "$exp" | while IFS='=' read -r a want; do
		[ -n "$a" ] || continue
		if [ "$want" = ABSENT ]; then
			t_check "$v: $bat has no $a" test ! -e "$ps/$bat/$a"
		else
			t_eq "$v: $bat/$a = $want" "$want" "$(cat "$ps/$bat/$a" 2>&1)"
		fi
	done
fi

# tests/acpi/linux-overflow.asl: 2147484 (one more than the tool takes)
# times 1000 overflows the driver's int.
if [ -n "$ovf" ]; then
	i=0
	while [ ! -d "$ps/BOVF" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for a in charge_full_design charge_full voltage_min_design voltage_now charge_now; do
		t_eq "$v: BOVF/$a = -2147483296 (2147484 * 1000 overflows an int)" \
			-2147483296 "$(cat "$ps/BOVF/$a" 2>&1)"
	done
fi

if [ -n "$ac" ]; then
	t_check "$v: AC adapter power supply exists" test -d "$ps/AC"
	t_eq "$v: AC/type" Mains "$(cat "$ps/AC/type" 2>&1)"
	t_eq "$v: AC/online = $ac" "$ac" "$(cat "$ps/AC/online" 2>&1)"
else
	t_check "$v: no AC adapter" test ! -e "$ps/AC"
fi
