#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The battery SSDT in ACPICA's own interpreter: for a sweep of parameter
# sets, tools/battery-ssdt writes the table, acpiexec loads it over a
# revision 1 host DSDT like QEMU's (tests/acpi/qemu-dsdt.asl) and
# evaluates the battery's _STA, _UID, _BIF or _BIX and _BST and the AC
# adapter's _PSR; every returned element must be the value its parameter
# asks for.  The expected values come from a model of the parameters
# written here (defaults, named values, charge_percent), not from the
# encoder.
set -uo pipefail
# shellcheck disable=SC1091
. "$GPUPASS_SRC/tests/lib/host.sh"

tool=$GPUPASS_TOOLS/battery-ssdt/battery-ssdt
for c in acpiexec iasl; do
	if ! command -v $c >/dev/null; then
		t_skip "acpiexec pass" "$c not installed (apt-get install acpica-tools)"
		exit 0
	fi
done
if [ ! -x "$tool" ]; then
	t_fail "acpiexec pass" "$tool not built (make -C tools)"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! out=$(iasl -p "$work/dsdt" "$GPUPASS_SRC/tests/acpi/qemu-dsdt.asl" 2>&1); then
	t_fail "host DSDT compiles" "$out"
	exit 0
fi
dsdt=$work/dsdt.aml

U=4294967295	# 0xFFFFFFFF: "unknown"

# ---- the model: parameter values after a list of options ----------------
declare -A P
model_reset() {
	P=([scope]='\_SB.PCI0' [device_name]=BAT0 [uid]=0 [sta]=31 [power_unit]=1
		[design_capacity]=6000 [full_charge_capacity]=6000 [technology]=1
		[design_voltage]=14800 [capacity_warning]=600 [capacity_low]=300
		[granularity1]=60 [granularity2]=60 [model_number]='' [serial_number]=''
		[battery_type]=LION [oem_info]='' [state]=0 [present_rate]=0
		[remaining_capacity]=6000 [present_voltage]=14800 [info_method]=0
		[bix_revision]=0 [cycle_count]=0 [measurement_accuracy]=100000
		[max_sampling_time]=$U [min_sampling_time]=$U [max_averaging_interval]=$U
		[min_averaging_interval]=$U [swapping_capability]=0 [ac_adapter]=0
		[ac_online]=1 [charge_percent]=none [table_revision]=1)
}

# model_apply NAME VALUE: one option, as the README describes it.
model_apply() {
	local n=$1 v=$2
	case $n in
	model_number | serial_number | battery_type | oem_info | scope | device_name) ;;
	*)
		case $v in
		unknown) v=$U ;;
		none) ;;
		mW | off | bif) v=0 ;;
		mA | on | bix) v=1 ;;
		*) v=$((v)) ;;
		esac
		;;
	esac
	P[$n]=$v
	[ "$n" = remaining_capacity ] && P[charge_percent]=none
	# While charge_percent is set, remaining_capacity is that share of
	# full_charge_capacity (rounded down).
	if [ "${P[charge_percent]}" != none ] && [ "${P[full_charge_capacity]}" != $U ]; then
		P[remaining_capacity]=$((P[full_charge_capacity] * P[charge_percent] / 100))
	fi
}

# seg NAME: an ACPI NameSeg as the namespace spells it ("B" -> "B___").
seg() { local s="$1___"; echo "${s:0:4}"; }

# expected OBJECT: the elements the model says OBJECT returns, one per
# line, "i DECIMAL" or "s TEXT".
expected() {
	local f
	case $1 in
	_STA) echo "i ${P[sta]}" ;;
	_UID) echo "i ${P[uid]}" ;;
	_BIF)
		for f in power_unit design_capacity full_charge_capacity technology \
			design_voltage capacity_warning capacity_low granularity1 granularity2; do
			echo "i ${P[$f]}"
		done
		for f in model_number serial_number battery_type oem_info; do echo "s ${P[$f]}"; done
		;;
	_BIX)
		for f in bix_revision power_unit design_capacity full_charge_capacity technology \
			design_voltage capacity_warning capacity_low cycle_count \
			measurement_accuracy max_sampling_time min_sampling_time \
			max_averaging_interval min_averaging_interval granularity1 granularity2; do
			echo "i ${P[$f]}"
		done
		for f in model_number serial_number battery_type oem_info; do echo "s ${P[$f]}"; done
		[ "${P[bix_revision]}" = 1 ] && echo "i ${P[swapping_capability]}"
		;;
	_BST)
		for f in state present_rate remaining_capacity present_voltage; do echo "i ${P[$f]}"; done
		;;
	_PSR)
		if [ "${P[ac_adapter]}" = 1 ]; then echo "i ${P[ac_online]}"; else echo "error AE_NOT_FOUND"; fi
		;;
	esac
}

# acpiexec runs take a second each (ACPICA's debugger threads), so the
# sets are evaluated in batches: every table of a batch is loaded into one
# namespace, which works as long as no two of them define the same
# device.  A set whose battery or adapter path is taken starts a new batch.
nsets=0 nbad=0 cmds=''
batch=()
declare -A taken=()

# flush: evaluate the pending batch and compare every set in it.
flush() {
	local n obj out got want diag
	[ ${#batch[@]} -gt 0 ] || return 0
	out=$(acpiexec -b "${cmds#;}" "$dsdt" "${batch[@]/%/.aml}" 2>&1 | tr -d '\r' | awk '
		/^Evaluating / { print "= " $2; next }
		/^Evaluation of .* failed with status/ { print "error " $NF; next }
		/\[Integer\] = / { print "x " $NF; next }
		/\[String\] Length [0-9A-F]+ = "/ {
			s = $0; sub(/^[^"]*"/, "", s); sub(/"$/, "", s); print "s " s; next
		}
		/ACPI (Warning|Error)|Exception/ { print "! " $0 }' |
		while IFS=' ' read -r k v; do
			# Integers in decimal, as the model has them.
			if [ "$k" = x ]; then echo "i $((16#$v))"; else echo "$k $v"; fi
		done)
	for n in "${batch[@]}"; do
		diag=''
		if grep -q '^! ' <<<"$out"; then
			diag="acpiexec: $(grep '^! ' <<<"$out" | head -3)"
		fi
		while read -r obj; do
			# The path through the environment: awk -v expands backslashes.
			got=$(O=$obj awk '/^= / { on = ($2 == ENVIRON["O"]); next } on' <<<"$out")
			want=$(sed -n "/^= ${obj//\\/\\\\}\$/,/^= /{/^= /d;p}" "$n.exp")
			if [ "$got" != "$want" ]; then
				diag+="${diag:+$'\n'}$obj: got [$(tr '\n' '|' <<<"$got")] want [$(tr '\n' '|' <<<"$want")]"
			fi
		done < <(sed -n 's/^= //p' "$n.exp")
		if [ -z "$diag" ]; then
			t_ok "acpiexec $(cat "$n.desc"): every element as the parameters say"
		else
			t_fail "acpiexec $(cat "$n.desc")" "$diag"
			nbad=$((nbad + 1))
		fi
	done
	batch=() cmds='' taken=()
}

# check_set DESC OPTION...: build the table and queue its evaluation.
check_set() {
	local desc=$1 opt path bat ac info out obj t
	shift
	nsets=$((nsets + 1))
	model_reset
	for opt in "$@"; do
		opt=${opt#--}
		model_apply "${opt%%=*}" "${opt#*=}"
	done
	t=$work/$nsets
	echo "#$nsets $desc" >"$t.desc"
	if ! out=$("$tool" "$@" -o "$t.aml" 2>&1); then
		t_fail "acpiexec #$nsets $desc: tool builds the table" "$out"
		nbad=$((nbad + 1))
		return
	fi
	path=${P[scope]#\\}
	path="\\$(IFS=.; for s in $path; do printf '%s.' "$(seg "$s")"; done)"
	bat=$path$(seg "${P[device_name]}")
	ac=${path}AC__
	if [ -n "${taken[$bat]:-}" ] || { [ "${P[ac_adapter]}" = 1 ] && [ -n "${taken[$ac]:-}" ]; }; then
		flush
	fi
	taken[$bat]=1
	info=_BIF
	[ "${P[info_method]}" = 1 ] && info=_BIX
	: >"$t.exp"
	for obj in _STA _UID $info _BST; do
		printf '= %s\n' "$bat.$obj" >>"$t.exp"
		expected "$obj" >>"$t.exp"
		cmds+=";evaluate $bat.$obj"
	done
	# Without the adapter, nothing else in the batch may define it either.
	if [ "${P[ac_adapter]}" = 1 ] || [ -z "${taken[$ac]:-}" ]; then
		taken[$ac]=1
		printf '= %s\n' "$ac._PSR" >>"$t.exp"
		expected _PSR >>"$t.exp"
		cmds+=";evaluate $ac._PSR"
	fi
	batch+=("$t")
}

# ---- hand-written sets: defaults, named values, boundaries --------------
check_set "defaults (ssdt1.dat)"
check_set "\\_SB scope, _BIX rev 0, AC on" --scope='\_SB' --info_method=bix --ac_adapter=on
check_set "ISA scope, _BIX rev 1 hot swap, AC offline" --scope='\_SB.PCI0.ISA' \
	--info_method=bix --bix_revision=1 --swapping_capability=0x10 --ac_adapter=on --ac_online=0
check_set "mW, discharging, charge_percent 37" --power_unit=mW --state=1 --present_rate=1234 \
	--charge_percent=37
check_set "remaining_capacity after charge_percent wins" --charge_percent=37 --remaining_capacity=100
check_set "charge_percent after remaining_capacity wins" --remaining_capacity=100 --charge_percent=37
check_set "charge_percent=none keeps the value it set" --charge_percent=25 --charge_percent=none
check_set "charge_percent follows a later full_charge_capacity" --charge_percent=50 \
	--full_charge_capacity=3001 --capacity_warning=300 --capacity_low=30
check_set "zero capacities, _STA 0x0f, short device name" --sta=0x0f --device_name=B \
	--uid=0xffffffff --design_capacity=0 --full_charge_capacity=0 --capacity_warning=0 \
	--capacity_low=0 --remaining_capacity=0
check_set "Linux's largest readable values (2147483)" --design_capacity=2147483 \
	--full_charge_capacity=2147483 --design_voltage=2147483 --remaining_capacity=2147483 \
	--present_rate=2147483 --present_voltage=2147483 --state=2
check_set "primary battery, unknown values" --technology=0 --design_capacity=unknown \
	--full_charge_capacity=unknown --remaining_capacity=unknown --present_voltage=unknown \
	--present_rate=unknown --capacity_warning=unknown --capacity_low=unknown
check_set "_BIX known values, accuracy bounds" --info_method=bix --measurement_accuracy=0 \
	--cycle_count=unknown --max_sampling_time=0 --min_sampling_time=1 \
	--max_averaging_interval=0xffff --min_averaging_interval=0x10000
check_set "_BIX accuracy 100.000 %, critical charging" --info_method=bix --bix_revision=1 \
	--measurement_accuracy=100000 --state=6 --present_rate=unknown
check_set "strings of 1 and 32 characters" --model_number=M \
	--serial_number=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345 --battery_type=LiP --oem_info=gpupass-test
check_set "table revision 2 (integers stay 32-bit)" --table_revision=2 --uid=0xfffffffe \
	--cycle_count=0xffffffff --info_method=bix

# ---- a reproducible pseudo-random sweep over valid sets -----------------
RANDOM=1501
r30() { echo $(((RANDOM << 15) | RANDOM)); }
# rn MAX: 0..MAX, written in decimal or hex at random.
rn() {
	local v=$(($(r30) % ($1 + 1)))
	if ((RANDOM & 1)); then printf '0x%x' $v; else echo $v; fi
}
rstr() {
	local chars=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_. n=$((RANDOM % 13)) s=''
	while [ $n -gt 0 ]; do
		s+=${chars:$((RANDOM % ${#chars})):1}
		n=$((n - 1))
	done
	echo "$s"
}
scopes=('\_SB' '\_SB.PCI0' '\_SB.PCI0.ISA' '_SB_.PCI0')
for i in $(seq 1 24); do
	full=$((1 + $(r30) % 2147483))
	warn=$((full * (RANDOM % 101) / 100))
	low=$((warn * (RANDOM % 101) / 100))
	tech=$((RANDOM % 4 ? 1 : 0))
	state=$((RANDOM % 6))
	state=$((state == 3 ? 4 : state))
	name=R$i
	((RANDOM % 2)) && name=_R$i
	opts=(--scope="${scopes[RANDOM % 4]}" --device_name="$name"
		--uid="$(rn 4294967295)" --sta=$((RANDOM % 2 ? 0x1f : 0x0f))
		--power_unit=$((RANDOM % 2 ? 1 : 0)) --design_capacity=$((1 + $(r30) % 2147483))
		--full_charge_capacity="$full" --capacity_warning="$warn" --capacity_low="$low"
		--technology="$tech" --design_voltage="$(rn 2147483)"
		--granularity1="$(rn 4294967295)" --granularity2="$(rn 65535)"
		--model_number="$(rstr)" --serial_number="$(rstr)" --battery_type="$(rstr)"
		--oem_info="$(rstr)" --state="$state" --present_rate="$(rn 2147483)"
		--present_voltage="$(rn 2147483)"
		--info_method=$((RANDOM % 2 ? 0 : 1)) --bix_revision=$((RANDOM % 2))
		--cycle_count="$(rn 4294967295)" --measurement_accuracy="$(rn 100000)"
		--max_sampling_time="$(rn 4294967295)" --min_sampling_time="$(rn 1000)"
		--max_averaging_interval="$(rn 60000)" --min_averaging_interval="$(rn 1000)"
		--swapping_capability=$((RANDOM % 3 == 2 ? 16 : RANDOM % 2))
		--ac_adapter=$((RANDOM % 2)) --ac_online=$((RANDOM % 2))
		--table_revision=$((RANDOM % 4 ? 1 : 2)))
	if ((RANDOM % 2)); then
		opts+=(--charge_percent=$((RANDOM % 101)))
	else
		opts+=(--remaining_capacity=$(($(r30) % (full + 1))))
	fi
	# A primary battery may leave the present values unknown.
	if [ $tech = 0 ] && ((RANDOM % 2)); then
		opts+=(--present_rate=unknown --present_voltage=unknown --remaining_capacity=unknown)
	fi
	check_set "random $i" "${opts[@]}"
done

flush
# ---- why 64-bit values are refused --------------------------------------
# A revision 2 SSDT with a 64-bit _UID, as iasl compiles it, over the
# revision 1 DSDT: ACPICA keeps the low 32 bits, which is what a QEMU
# guest sees.  The tool refuses the value and names the same result.
cat >"$work/uid64.asl" <<'ASL'
DefinitionBlock ("", "SSDT", 2, "GPUPAS", "UID64", 1)
{
    Scope (\_SB)
    {
        Device (BU64)
        {
            Name (_HID, EisaId ("PNP0C0A"))
            Name (_UID, 0x0000000100000005)
        }
    }
}
ASL
if ! out=$(iasl -p "$work/uid64" "$work/uid64.asl" 2>&1); then
	t_fail "64-bit _UID test table compiles" "$out"
else
	out=$(acpiexec -b 'evaluate \_SB.BU64._UID' "$dsdt" "$work/uid64.aml" 2>&1)
	t_check "acpiexec truncates a 64-bit constant in a revision 2 SSDT over a revision 1 DSDT" \
		grep -q 'Truncated 64-bit constant found in 32-bit table: 0000000100000005 => 00000005' <<<"$out"
	t_check "  and _UID reads 5" grep -q '\[Integer\] = 0000000000000005$' <<<"$out"
fi
out=$("$tool" --table_revision=2 --uid=0x100000005 -o "$work/bad.aml" 2>&1)
t_eq "the tool refuses uid=0x100000005 and says what the guest would see" \
	"battery-ssdt: uid: must be <= 0xffffffff, got 0x100000005: QEMU's DSDT has revision 1, so the guest reads 32-bit integers and would see 0x5" "$out"

t_eq "acpiexec: $nsets parameter sets, every element as the parameters say" \
	"$nsets sets, 0 failed" "$nsets sets, $nbad failed"
