#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The battery SSDT encoder against iasl: for each parameter set, the
# table from tools/battery-ssdt is disassembled (iasl -d) and recompiled
# (iasl; -f for _BIX, which iasl 20200925 wrongly rejects), and the two
# must be identical.  The creator revision is set to iasl's own version,
# so even the checksum must match; a second comparison ignores the
# checksum (offset 9) and creator revision (32..35) as a fallback
# diagnosis.  Covers string lengths 0..32, integer encoding boundaries,
# table revisions 1/2, _BIF/_BIX, the AC adapter and the scope forms.
set -uo pipefail
# shellcheck disable=SC1091
. "$GPUPASS_SRC/tests/lib/host.sh"

tool=$GPUPASS_TOOLS/battery-ssdt/battery-ssdt
if ! command -v iasl >/dev/null; then
	t_skip "iasl round trip" "iasl not installed (apt-get install acpica-tools)"
	exit 0
fi
if [ ! -x "$tool" ]; then
	t_fail "iasl round trip" "$tool not built (make -C tools)"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
iasl_ver=0x$(iasl -v 2>/dev/null | sed -n 's/.*version \([0-9]\{8\}\).*/\1/p' | head -1)

cases=()
# String lengths 0..32 in each string field, with printable and escaped
# characters (iasl writes \x01, \" and \\ escapes).
chars='ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -_.'
for len in $(seq 0 32); do
	s=${chars:0:$len}
	case $((len % 4)) in
	0) cases+=("--model_number=$s") ;;
	1) cases+=("--serial_number=$s --table_revision=2") ;;
	2) cases+=("--battery_type=$s --info_method=bix") ;;
	3) cases+=("--oem_info=$s --ac_adapter=on") ;;
	esac
done
cases+=("--model_number=a\"b\\c --serial_number=$(printf 'x\001\037\177y')")
cases+=("--oem_info=$(printf '%032d' 7) --model_number=$(printf '%032d' 9) --serial_number=$(printf '%032d' 1) --battery_type=$(printf '%032d' 3)")
# Integer encodings: Zero/One/Byte/Word/DWord/Ones, in both revisions.
for v in 0 1 2 0xff 0x100 0xffff 0x10000 0xffffffff; do
	cases+=("--granularity1=$v --cycle_count=$v --info_method=bix")
	cases+=("--uid=$v --present_voltage=$v --table_revision=2 --technology=0")
done
cases+=("--uid=0xfffffffe --table_revision=2 --info_method=bix --bix_revision=1")
cases+=("--design_capacity=unknown --full_charge_capacity=unknown --remaining_capacity=unknown --technology=0")
cases+=("--design_capacity=2147483 --full_charge_capacity=2147483 --remaining_capacity=2147483 --table_revision=2")
cases+=("--capacity_warning=0x7fffffff --capacity_low=0x7fffffff --full_charge_capacity=unknown --technology=0 --remaining_capacity=unknown")
cases+=("--oem_revision=0xffffffff --oem_id=A --oem_table_id=B")
cases+=("--oem_id=LENOVO --oem_table_id=CB-01 --oem_revision=0x10000")
# Scopes, methods, adapter.
for scope in '\_SB' '\_SB.PCI0' '\_SB.PCI0.XYZ' '_SB_.PCI0.SF8' '\_SB.LPCB'; do
	for m in bif bix; do
		cases+=("--scope=$scope --info_method=$m --ac_adapter=on --ac_online=0")
	done
done
cases+=("--info_method=bix --bix_revision=1 --swapping_capability=0x10 --power_unit=mW")
cases+=("--sta=0x0f --device_name=B --uid=3")
cases+=("--state=5 --present_rate=1500 --charge_percent=50")
cases+=("--state=2 --present_rate=unknown --charge_percent=0 --table_revision=2 --scope=\\_SB --info_method=bix --ac_adapter=on")

ncase=0 nfail=0
for c in "${cases[@]}"; do
	ncase=$((ncase + 1))
	d=$work/$ncase
	mkdir "$d"
	# Word-split the option string on spaces except inside values: the
	# cases above use no spaces within values except the string sweep,
	# so split on " --".
	opts=()
	rest=" $c"
	while [ -n "$rest" ]; do
		rest=${rest# --}
		opt=${rest%% --*}
		opts+=("--$opt")
		[ "$opt" = "$rest" ] && rest='' || rest=${rest#"$opt"}
	done
	desc="iasl round trip #$ncase: ${c:0:90}"
	if ! out=$("$tool" "${opts[@]}" --creator_revision="$iasl_ver" -o "$d/t.aml" 2>&1); then
		t_fail "$desc" "tool: $out"
		nfail=$((nfail + 1))
		continue
	fi
	force=()
	[[ " $c" == *"--info_method=bix"* ]] && force=(-f)
	if ! (cd "$d" && iasl -d t.aml >dis.log 2>&1); then
		t_fail "$desc" "iasl -d: $(tail -5 "$d/dis.log")"
		nfail=$((nfail + 1))
		continue
	fi
	if ! (cd "$d" && iasl "${force[@]}" -p re t.dsl >asm.log 2>&1) || [ ! -f "$d/re.aml" ]; then
		t_fail "$desc" "iasl: $(grep -E 'Error|Warning' "$d/asm.log" | head -5)"
		nfail=$((nfail + 1))
		continue
	fi
	if cmp -s "$d/t.aml" "$d/re.aml"; then
		t_ok "$desc ($(stat -c %s "$d/t.aml") bytes)"
		continue
	fi
	nfail=$((nfail + 1))
	diffs=$(cmp -l "$d/t.aml" "$d/re.aml" 2>&1 | head -8)
	other=$(cmp -l "$d/t.aml" "$d/re.aml" 2>&1 | awk '$1 != 10 && ($1 < 33 || $1 > 36)' | head -1)
	t_fail "$desc" "sizes $(stat -c %s "$d/t.aml") vs $(stat -c %s "$d/re.aml")$([ -z "$other" ] && echo ', only checksum/creator differ'); cmp -l (1-based offset, ours, iasl's):
$diffs"
done
t_eq "iasl round trip: at least 50 parameter sets, all identical" "$ncase cases, 0 failed" "$ncase cases, $nfail failed"
[ "$ncase" -ge 50 ] || t_fail "iasl round trip: only $ncase cases"
