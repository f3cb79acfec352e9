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

# charge_percent sets remaining_capacity from full_charge_capacity in any
# option order, and an explicit remaining_capacity given later wins.
"$tool" --charge_percent=50 --full_charge_capacity=3000 --capacity_warning=300 \
	--capacity_low=100 -o "$work/p1.aml"
"$tool" --full_charge_capacity=3000 --remaining_capacity=1500 --capacity_warning=300 \
	--capacity_low=100 -o "$work/p2.aml"
t_check "charge_percent=50 of 3000 == remaining_capacity=1500 (option order free)" \
	cmp "$work/p1.aml" "$work/p2.aml"
"$tool" --charge_percent=10 --remaining_capacity=6000 -o "$work/p3.aml"
t_check "a later remaining_capacity cancels charge_percent" cmp "$work/p3.aml" "$work/def.aml"

# Bad values: exit 1, message naming the parameter, nothing written.
bad=(
	"oem_id=" "oem_id=SEVENCH" "oem_table_id=NINECHARS" "creator_id=ABCDE"
	"oem_id=$(printf 'A\tB')" "table_revision=3" "table_revision=0" "scope=\\_XX"
	"scope=\\_SB.pci0" "scope=\\_SB.PCI0.A.B" "scope=\\_SB.TOOLONG" "scope=\\_SB..X"
	"device_name=bat0" "device_name=0BAT" "device_name=BATTERY" "uid=0x100000000"
	"uid=abc" "sta=0x07" "sta=0x3f" "power_unit=2" "power_unit=mV"
	"design_capacity=0x80000000" "full_charge_capacity=0xfffffffe"
	"design_voltage=0x80000000" "present_rate=0x80000000" "present_voltage=-1"
	"technology=2" "capacity_warning=7000" "capacity_low=700"
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
out=$("$tool" --uid=0x100000000 -o "$work/bad.aml" 2>&1)
t_eq "64-bit uid in a revision 1 table: refused" \
	"battery-ssdt: uid: values above 0xffffffff need table_revision=2" "$out"
"$tool" --nonsense=1 -o "$work/bad.aml" >/dev/null 2>&1
t_eq "unknown parameter: exit status 2" 2 $?
"$tool" >/dev/null 2>&1
t_eq "no -o: exit status 2" 2 $?
