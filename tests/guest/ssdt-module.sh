# SPDX-License-Identifier: GPL-2.0
# Guest side of scenarios/ssdt-module.sh (sysfs stage): the module's table
# file and parameters.  Tables to compare with the tool are printed as
# "# table-NAME: HEX" lines; keep their parameters in sync with SSDT_A and
# SSDT_B in the scenario file.

REF=2dcc32d3fba26f5c1e3f956dd4b77936
M=acpi_battery_ssdt
P=/sys/module/$M/parameters
TB=/sys/kernel/$M/table

md5() { md5sum <"$1" | cut -d' ' -f1; }
hex() { od -An -v -tx1 "$1" | tr -d ' \n'; }
# setp NAME VALUE: write a parameter the way a user does (echo appends \n).
setp() { sh -c 'printf "%s\n" "$2" > "$1"' _ "$P/$1" "$2" 2>/dev/null; }

t_mark "ssdt-module: load with defaults"
t_check "modprobe $M" modprobe $M
t_check "$TB exists" test -f $TB
t_eq "table mode is 0444" "-r--r--r--" "$(ls -l $TB | cut -c1-10)"
t_eq "table file size is 161" 161 "$(stat -c %s $TB)"
t_eq "cat returns 161 bytes" 161 "$(cat $TB | wc -c)"
t_eq "default table md5 is ssdt1.dat's" $REF "$(md5 $TB)"
t_eq "reading 1 byte at a time gives the same table" $REF \
	"$(dd if=$TB bs=1 2>/dev/null | md5sum | cut -d' ' -f1)"
t_eq "parameters are root-writable" "-rw-r--r--" "$(ls -l $P/scope | cut -c1-10)"
t_eq "scope reads \\_SB.PCI0" '\_SB.PCI0' "$(cat $P/scope)"
t_eq "sta reads 0x1f" 0x1f "$(cat $P/sta)"
t_eq "info_method reads bif" bif "$(cat $P/info_method)"
t_eq "max_sampling_time reads unknown" unknown "$(cat $P/max_sampling_time)"
t_eq "creator_revision reads 0x20191018" 0x20191018 "$(cat $P/creator_revision)"
echo "# params: $(ls $P | tr '\n' ' ')"

t_mark "ssdt-module: good writes"
t_check "write charge_percent=50" setp charge_percent 50
t_eq "remaining_capacity follows: 3000" 3000 "$(cat $P/remaining_capacity)"
t_check "table changed, same length" test "$(md5 $TB)" != $REF -a "$(stat -c %s $TB)" = 161
t_check "write model_number=ABC" setp model_number ABC
t_eq "table grows to 164 bytes (file size, cat)" "164 164" "$(stat -c %s $TB) $(cat $TB | wc -c)"
t_check "write full_charge_capacity=4000: remaining follows charge_percent" \
	setp full_charge_capacity 4000
t_eq "remaining_capacity is 2000" 2000 "$(cat $P/remaining_capacity)"
t_check "write remaining_capacity=4000 cancels charge_percent" setp remaining_capacity 4000
t_eq "charge_percent reads none" none "$(cat $P/charge_percent)"
t_check "write model_number= (empty), full_charge_capacity=6000, remaining_capacity=6000" \
	sh -c "printf '\n' > $P/model_number && echo 6000 > $P/full_charge_capacity && echo 6000 > $P/remaining_capacity"
t_eq "back to the defaults: md5 is ssdt1.dat's again" $REF "$(md5 $TB)"

t_mark "ssdt-module: bad writes"
# name|value|what the kernel log must say after "rejected, table unchanged: "
while IFS='|' read -r name val rule; do
	[ -n "$name" ] || continue
	before=$(md5 $TB)
	old=$(cat "$P/$name")
	dmesg -c >/dev/null
	if setp "$name" "$val"; then
		t_fail "write $name=$val is refused" "the write succeeded"
		continue
	fi
	t_ok "write $name=$val is refused"
	t_check "  $name=$val: table unchanged, $name still $old" \
		test "$(md5 $TB)" = "$before" -a "$(cat "$P/$name")" = "$old"
	t_check "  $name=$val: kernel log says '$rule'" \
		sh -c 'dmesg | grep -qF -- "$1" && dmesg | grep -qF -- "$2"' _ \
		"$M: $name=" "rejected, table unchanged: $rule"
done <<'LIST'
capacity_warning|7000|capacity_warning: must be <= full_charge_capacity (7000 > 6000)
capacity_low|700|capacity_low: must be <= capacity_warning (700 > 600)
remaining_capacity|6001|remaining_capacity: must be <= full_charge_capacity
full_charge_capacity|500|capacity_warning: must be <= full_charge_capacity (600 > 500)
design_capacity|0x80000000|design_capacity: must be <= 2147483 or unknown, got 0x80000000
sta|0x07|sta: must be one of 0x0f, 0x1f
power_unit|2|power_unit: must be one of mW, mA
technology|2|technology: must be one of 0, 1
table_revision|3|table_revision: must be one of 1, 2
uid|0x100000000|uid: must be <= 0xffffffff, got 0x100000000: QEMU's DSDT has revision 1
sta|0x1e|sta: must be one of 0x0f, 0x1f; got 0x1e
measurement_accuracy|100001|measurement_accuracy: must be 0 to 100000
remaining_capacity|unknown|remaining_capacity: must be known for a rechargeable battery
present_voltage|unknown|present_voltage: must be known for a rechargeable battery
full_charge_capacity|2147484|full_charge_capacity: must be <= 2147483 or unknown, got 2147484: Linux guests
uid|12abc|uid: '12abc' is not a 64-bit number
scope|\_XX.PCI0|scope: must be \_SB or \_SB.XXXX[.YYYY]
scope|\_SB.PCI0.A.B|scope: must be \_SB or \_SB.XXXX[.YYYY]
device_name|bat0|device_name: must be an ACPI name
oem_id||oem_id: must be 1 to 6 printable ASCII characters
oem_id|SEVENCH|oem_id: must be 1 to 6 printable ASCII characters
oem_table_id|NINECHARS|oem_table_id: must be 1 to 8 printable
creator_id|ABCDE|creator_id: must be 1 to 4 printable
model_number|123456789012345678901234567890123|model_number: must be at most 32 characters, got 33
state|3|state: must be 0-7 and not both charging (2) and discharging (1)
info_method|foo|info_method: must be one of bif, bix
bix_revision|2|bix_revision: must be one of 0, 1
charge_percent|101|charge_percent: must be 0-100 or none
ac_adapter|maybe|ac_adapter: must be one of off, on, 0, 1
cycle_count|0x100000000|cycle_count: '0x100000000' is not a 32-bit number
LIST
before=$(md5 $TB)
t_check "write serial_number=<non-ASCII> is refused" sh -c "! printf '\303\251\n' > $P/serial_number" 2>/dev/null
t_eq "  table unchanged" "$before" "$(md5 $TB)"
t_check "write device_name=AC" setp device_name AC
t_check "then ac_adapter=on is refused (name clash)" sh -c "! echo on > $P/ac_adapter" 2>/dev/null
t_check "  kernel log names the rule" \
	sh -c 'dmesg | grep -qF -- "$1"' _ "device_name: AC is the AC adapter's name (ac_adapter=on)"
t_check "device_name=BAT0 again" setp device_name BAT0
t_eq "defaults again: md5 is ssdt1.dat's" $REF "$(md5 $TB)"

t_mark "ssdt-module: readers see whole tables"
setp model_number LONGER-MODEL-NAME-FOR-SIZE
long=$(md5 $TB)
setp model_number ''
short=$(md5 $TB)
(
	i=0
	while [ $i -lt 150 ]; do
		setp model_number LONGER-MODEL-NAME-FOR-SIZE
		setp model_number ''
		i=$((i + 1))
	done
) &
writer=$!
reads=0 torn=0 missed=0
while kill -0 $writer 2>/dev/null; do
	if s=$(cat $TB 2>/dev/null | md5sum | cut -d' ' -f1) && [ -n "$s" ]; then
		case $s in
		"$long" | "$short") ;;
		d41d8cd98f00b204e9800998ecf8427e) missed=$((missed + 1)) ;; # opened during re-creation
		*) torn=$((torn + 1)) ;;
		esac
	fi
	reads=$((reads + 1))
done
wait $writer
t_eq "$reads reads during 300 size-changing writes: no torn table ($missed hit the re-creation)" 0 "$torn"
t_check "at least 20 reads overlapped the writes" test $reads -ge 20
t_eq "table is the short one after the writes" "$short" "$(md5 $TB)"

t_mark "ssdt-module: table B (runtime writes) for comparison with the tool"
for kv in table_revision=2 uid=0xfffffffe scope=\\_SB.PCI0.ISA info_method=bix \
	bix_revision=1 ac_adapter=on ac_online=0 cycle_count=0xffffffff oem_id=LENOVO \
	serial_number=SN-1; do
	t_check "write $kv" setp "${kv%%=*}" "${kv#*=}"
done
echo "# table-B: $(hex $TB)"
t_check "info_method=bix with design_capacity=0 is refused (Windows)" \
	sh -c "! echo 0 > $P/design_capacity" 2>/dev/null
t_check "  kernel log names the rule" sh -c 'dmesg | grep -qF -- "$1"' _ \
	"design_capacity: must be known and non-zero with info_method=bix (Windows requires it in _BIX), got 0"
t_check "state=1 then present_rate=unknown is refused (ACPI 6.5, 10.2.2.6)" \
	sh -c "echo 1 > $P/state && ! echo unknown > $P/present_rate" 2>/dev/null

t_mark "ssdt-module: charge_percent and remaining_capacity, the last written wins"
# name table: the writes, in order (the scenario runs the tool with the
# same options in the same order).
while read -r name writes; do
	t_check "rmmod/modprobe $M for table $name" sh -c "rmmod $M && modprobe $M"
	for kv in $writes; do
		t_check "table $name: write $kv" setp "${kv%%=*}" "${kv#*=}"
	done
	echo "# table-$name: $(hex $TB)"
done <<'LIST'
C charge_percent=50 remaining_capacity=1000 full_charge_capacity=4000
D remaining_capacity=1000 charge_percent=50 full_charge_capacity=4000
E charge_percent=25 charge_percent=none full_charge_capacity=4000
LIST

t_mark "ssdt-module: unload, bad load parameters"
t_check "rmmod $M" rmmod $M
t_check "/sys/kernel/$M is gone" test ! -e /sys/kernel/$M
dmesg -c >/dev/null
t_check "modprobe $M sta=0x07 fails" sh -c "! modprobe $M sta=0x07" 2>/dev/null
t_check "  kernel log: sta: must be one of 0x0f, 0x1f" sh -c "dmesg | grep -qF 'sta: must be one of 0x0f, 0x1f'"
dmesg -c >/dev/null
t_check "modprobe $M capacity_warning=7000 fails" sh -c "! modprobe $M capacity_warning=7000" 2>/dev/null
t_check "  kernel log: not loaded: capacity_warning: must be <= full_charge_capacity" \
	sh -c "dmesg | grep -qF '$M: not loaded: capacity_warning: must be <= full_charge_capacity (7000 > 6000)'"
t_check "  module not loaded, no sysfs directory left" \
	sh -c "! grep -q '^$M ' /proc/modules && test ! -e /sys/kernel/$M"
t_check "load parameters in any order: full=3000 remaining=1500 warning=300 low=100" \
	modprobe $M remaining_capacity=1500 full_charge_capacity=3000 capacity_warning=300 capacity_low=100
t_eq "  remaining_capacity 1500" 1500 "$(cat $P/remaining_capacity)"
t_check "rmmod $M" rmmod $M

t_mark "ssdt-module: table A (load parameters), booted by the next stage"
t_check "modprobe $M scope=\\_SB charge_percent=40 state=1 present_rate=900 model_number=MODSYSFS oem_info=gpupass" \
	modprobe $M 'scope=\_SB' charge_percent=40 state=1 present_rate=900 model_number=MODSYSFS oem_info=gpupass
echo "# table-A: $(hex $TB)"
t_check "rmmod $M" rmmod $M
