#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/battery-ssdt: the default table is ssdt1.dat byte for byte; header
# fields, length and checksum follow the parameters; charge_percent; every
# bad value is refused with a message that names the parameter, and no
# file is written.
set -uo pipefail
# shellcheck disable=SC1091
. "$GPUPASS_SRC/tests/lib/host.sh"

tool=$GPUPASS_TOOLS/battery-ssdt/battery-ssdt
if [ ! -x "$tool" ]; then
	t_fail "battery-ssdt is built" "$tool missing (make -C tools)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

REF_MD5=2dcc32d3fba26f5c1e3f956dd4b77936
REF_B64='U1NEVKEAAAAB9EJPQ0hTAEJYUENTU0RUAQAAAElOVEwYEBkgoA8AFVwuX1NCX1BDSTAGABBMBi5f
U0JfUENJMFuCTwVCQVQwCF9ISUQMQdAMCghfVUlEABQJX1NUQQCkCh8UK19CSUYApBIjDQELcBcL
cBcBC9A5C1gCCywBCjwKPA0ADQANTElPTgANABQSX0JTVACkEgoEAAALcBcL0Dk='

hex() { od -An -v -tx1 "$@" | tr -d ' \n'; }
# sum8 FILE: sum of all bytes mod 256 (0 for a valid table)
sum8() { od -An -v -tu1 "$1" | tr -s ' ' '\n' | awk 'NF { s += $1 } END { print s % 256 }'; }

t_check "default table is written" "$tool" -o "$work/def.aml"
t_eq "default table md5 is ssdt1.dat's" "$REF_MD5" "$(md5sum <"$work/def.aml" | cut -d' ' -f1)"
echo "$REF_B64" | base64 -d >"$work/ref.aml"
t_check "default table is byte-identical to the base64 ssdt1.dat" cmp "$work/ref.aml" "$work/def.aml"
t_eq "'-o -' writes the same bytes to stdout" "$REF_MD5" "$("$tool" -o - | md5sum | cut -d' ' -f1)"

t_check "README table and module_params.h are params.h's (scripts/battery-params.sh --check)" \
	"$GPUPASS_SRC/scripts/battery-params.sh" --check "$tool"

help=$("$tool" --help)
t_check "--help exits 0" "$tool" --help
missing=''
for p in oem_id oem_table_id oem_revision creator_id creator_revision table_revision scope \
	device_name uid sta power_unit design_capacity full_charge_capacity technology \
	design_voltage capacity_warning capacity_low granularity1 granularity2 model_number \
	serial_number battery_type oem_info state present_rate remaining_capacity \
	present_voltage info_method bix_revision cycle_count measurement_accuracy \
	max_sampling_time min_sampling_time max_averaging_interval min_averaging_interval \
	swapping_capability ac_adapter ac_online charge_percent; do
	grep -q -- "--$p " <<<"$help" || missing="$missing $p"
done
t_eq "--help lists every parameter" "" "$missing"

# Header fields: NUL padding, little-endian integers, length, checksum.
"$tool" --oem_id=CB --oem_table_id=T1 --oem_revision=0x01020304 --creator_id=AB \
	--creator_revision=0xa0b0c0d0 --table_revision=2 -o "$work/h.aml"
t_eq "header: signature, rev 2, NUL-padded ids, LE revisions" \
	"53534454xxxxxxxx02xx43420000000054310000000000000403020141420000d0c0b0a0" \
	"$(hex -N 36 "$work/h.aml" | sed 's/^\(.\{8\}\).\{8\}\(..\)../\1xxxxxxxx\2xx/')"
for f in def h; do
	size=$(stat -c %s "$work/$f.aml")
	len=$(od -An -tu4 -j4 -N4 "$work/$f.aml" | tr -d ' ')
	t_eq "$f: header length == file size" "$size" "$len"
	t_eq "$f: bytes sum to 0 mod 256 (checksum)" 0 "$(sum8 "$work/$f.aml")"
done

# The table grows with the parameters: 141 bytes for \_SB (no External).
"$tool" --scope='\_SB' -o "$work/sb.aml"
t_eq "scope \\_SB: 141 bytes, no If/External block" "141 10" \
	"$(stat -c %s "$work/sb.aml") $(od -An -tx1 -j36 -N1 "$work/sb.aml" | tr -d ' ')"

# charge_percent sets remaining_capacity from full_charge_capacity, also a
# full_charge_capacity given after it; of charge_percent and
# remaining_capacity, the one given last wins.
"$tool" --charge_percent=50 --full_charge_capacity=3000 --capacity_warning=300 \
	--capacity_low=100 -o "$work/p1.aml"
"$tool" --full_charge_capacity=3000 --remaining_capacity=1500 --capacity_warning=300 \
	--capacity_low=100 -o "$work/p2.aml"
t_check "charge_percent=50 of 3000 == remaining_capacity=1500 (option order free)" \
	cmp "$work/p1.aml" "$work/p2.aml"
"$tool" --charge_percent=10 --remaining_capacity=6000 -o "$work/p3.aml"
t_check "a later remaining_capacity cancels charge_percent" cmp "$work/p3.aml" "$work/def.aml"
"$tool" --remaining_capacity=1500 --charge_percent=50 --full_charge_capacity=3000 \
	--capacity_warning=300 --capacity_low=100 -o "$work/p4.aml"
t_check "a later charge_percent overrides remaining_capacity" cmp "$work/p4.aml" "$work/p1.aml"
"$tool" --charge_percent=25 --charge_percent=none -o "$work/p5.aml"
"$tool" --remaining_capacity=1500 -o "$work/p6.aml"
t_check "charge_percent=none keeps the remaining_capacity it set (25 % of 6000)" \
	cmp "$work/p5.aml" "$work/p6.aml"

# Bad values: exit 1, message naming the parameter, nothing written.
bad=(
	"oem_id=" "oem_id=SEVENCH" "oem_table_id=NINECHARS" "creator_id=ABCDE"
	"oem_id=$(printf 'A\tB')" "table_revision=3" "table_revision=0" "scope=\\_XX"
	"scope=\\_SB.pci0" "scope=\\_SB.PCI0.A.B" "scope=\\_SB.TOOLONG" "scope=\\_SB..X"
	"device_name=bat0" "device_name=0BAT" "device_name=BATTERY" "uid=0x100000000"
	"uid=abc" "sta=0x07" "sta=0x3f" "power_unit=2" "power_unit=mV"
	"design_capacity=0x80000000" "full_charge_capacity=0xfffffffe"
	"design_voltage=0x80000000" "present_rate=0x80000000" "present_voltage=-1"
	"technology=2" "capacity_warning=7000" "capacity_low=700" "design_capacity=2147484"
	"full_charge_capacity=0x20c49c" "measurement_accuracy=100001" "uid=0xffffffffffffffff"
	"remaining_capacity=6001" "model_number=$(printf '%033d' 0)"
	"serial_number=$(printf '\303\251')" "battery_type=$(printf '\200')"
	"oem_info=$(printf '%040d' 0)" "state=3" "state=7" "state=8" "info_method=foo"
	"bix_revision=2" "swapping_capability=2" "ac_adapter=maybe" "ac_online=2"
	"charge_percent=101" "cycle_count=0x100000000" "oem_revision=12x"
	"granularity1=" "measurement_accuracy=0xg"
)
for b in "${bad[@]}"; do
	name=${b%%=*}
	rm -f "$work/bad.aml"
	if out=$("$tool" "--$b" -o "$work/bad.aml" 2>&1); then
		t_fail "refuses --$b" "exit 0"
	elif [ -e "$work/bad.aml" ]; then
		t_fail "refuses --$b" "wrote $work/bad.aml anyway"
	elif [[ "$out" != *"$name"* ]]; then
		t_fail "refuses --$b" "message does not name $name: $out"
	else
		t_ok "refuses --$b: $out"
	fi
done
# Rules between parameters name both.
out=$("$tool" --full_charge_capacity=500 -o "$work/bad.aml" 2>&1)
t_eq "full_charge_capacity=500 below the warning level: rule named" \
	"battery-ssdt: capacity_warning: must be <= full_charge_capacity (600 > 500)" "$out"
out=$("$tool" --charge_percent=50 --full_charge_capacity=unknown -o "$work/bad.aml" 2>&1)
t_eq "charge_percent with unknown full capacity: refused" \
	"battery-ssdt: charge_percent: needs a known full_charge_capacity" "$out"
out=$("$tool" --device_name=AC --ac_adapter=on -o "$work/bad.aml" 2>&1)
t_eq "device_name AC with the adapter on: refused" \
	"battery-ssdt: device_name: AC is the AC adapter's name (ac_adapter=on)" "$out"
# What a guest would misread, and what the ACPI specification forbids,
# is refused with the rule; values appear in the base they were typed in.
while IFS='|' read -r opts want; do
	[ -n "$opts" ] || continue
	# shellcheck disable=SC2086 # options are space-separated
	out=$("$tool" $opts -o "$work/bad.aml" 2>&1)
	t_eq "refuses $opts" "battery-ssdt: $want" "$out"
done <<'LIST'
--uid=0x100000005 --table_revision=2|uid: must be <= 0xffffffff, got 0x100000005: QEMU's DSDT has revision 1, so the guest reads 32-bit integers and would see 0x5
--uid=4294967296|uid: must be <= 0xffffffff, got 4294967296: QEMU's DSDT has revision 1, so the guest reads 32-bit integers and would see 0
--remaining_capacity=unknown|remaining_capacity: must be known for a rechargeable battery (technology=1; ACPI 6.5, 10.2.2.6)
--present_voltage=unknown|present_voltage: must be known for a rechargeable battery (technology=1; ACPI 6.5, 10.2.2.6)
--state=5 --present_rate=unknown|present_rate: must be known for a rechargeable battery that is discharging (technology=1, state bit 0; ACPI 6.5, 10.2.2.6)
--measurement_accuracy=0x186a1|measurement_accuracy: must be 0 to 100000 (thousandths of a percent, at most 100.000 %; ACPI 6.5, 10.2.2.2), got 0x186a1
--present_rate=2147484|present_rate: must be <= 2147483 or unknown, got 2147484: Linux guests multiply it by 1000 into an int, which overflows
--design_voltage=0x20c49c|design_voltage: must be <= 2147483 or unknown, got 0x20c49c: Linux guests multiply it by 1000 into an int, which overflows
--info_method=bix --design_capacity=0|design_capacity: must be known and non-zero with info_method=bix (Windows requires it in _BIX), got 0
--info_method=bix --full_charge_capacity=unknown --technology=0 --remaining_capacity=unknown|full_charge_capacity: must be known and non-zero with info_method=bix (Windows requires it in _BIX), got unknown
--sta=0x1e|sta: must be one of 0x0f, 0x1f; got 0x1e
--sta=30|sta: must be one of 0x0f, 0x1f; got 30
--state=0x3|state: must be 0-7 and not both charging (2) and discharging (1), got 0x3
--full_charge_capacity=0x1000|remaining_capacity: must be <= full_charge_capacity (6000 > 0x1000)
--capacity_warning=0x1000 --full_charge_capacity=0x800|capacity_warning: must be <= full_charge_capacity (0x1000 > 0x800)
--charge_percent=0x65|charge_percent: must be 0-100 or none, got 0x65
LIST
# The same values are fine where the rule does not apply.
t_check "unknown present values on a primary battery (technology=0)" "$tool" --technology=0 \
	--remaining_capacity=unknown --present_voltage=unknown --state=1 --present_rate=unknown -o "$work/ok.aml"
t_check "unknown present rate on a rechargeable battery that is charging" "$tool" --state=2 \
	--present_rate=unknown -o "$work/ok.aml"
t_check "_BIF may have unknown or zero capacities" "$tool" --design_capacity=0 \
	--full_charge_capacity=unknown -o "$work/ok.aml"
"$tool" --nonsense=1 -o "$work/bad.aml" >/dev/null 2>&1
t_eq "unknown parameter: exit status 2" 2 $?
"$tool" >/dev/null 2>&1
t_eq "no -o: exit status 2" 2 $?
