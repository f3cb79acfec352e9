# SPDX-License-Identifier: GPL-2.0
# acpi_battery_ssdt in a guest, in two stages:
#
#  sysfs  the module serves ssdt1.dat by default; parameters written through
#         sysfs rebuild the table, bad ones are refused and change nothing;
#         bad load parameters make the load fail.  The guest prints tables
#         as "# table-A: HEX" lines, which scn_post compares with
#         tools/battery-ssdt for the same parameters.
#  boot   boots with table A, as the module served it in the first stage,
#         and checks the battery it describes (guest/ssdt-battery.sh).
# shellcheck disable=SC2034,SC2153 # SCN_* are read by tests/run.sh
SCN_VARIANTS=(sysfs boot)
SCN_MEM=512

# The parameters of tables A and B in guest/ssdt-module.sh, as tool options.
SSDT_A=(--scope=\\_SB --charge_percent=40 --state=1 --present_rate=900
	--model_number=MODSYSFS --oem_info=gpupass)
SSDT_B=(--table_revision=2 --uid=0xfffffffe --scope=\\_SB.PCI0.ISA
	--info_method=bix --bix_revision=1 --ac_adapter=on --ac_online=0
	--cycle_count=0xffffffff --oem_id=LENOVO --serial_number=SN-1)

scn_setup() {
	case $SCN_VARIANT in
	sysfs)
		SCN_GUEST=guest/ssdt-module.sh
		;;
	boot)
		SCN_GUEST=guest/ssdt-battery.sh
		SCN_KMODS="battery ac"
		if [ "${QEMU_ARCH:-x86_64}" = x86_64 ]; then
			SCN_QEMU=(-acpitable "file=$(dirname "$SCN_WORK")/ssdt-module-sysfs/table-A.aml")
		else
			# QEMU has -acpitable on x86 only ("Option not supported
			# for this target" from qemu-system-aarch64 7.2): the
			# kernel's own initrd table upgrade installs it instead,
			# in an ACPI boot under UEFI.
			SCN_ACPI_INITRD=$(dirname "$SCN_WORK")/ssdt-module-sysfs/table-A.aml
			SCN_BIOS=uefi
		fi
		;;
	esac
}

scn_pre() {
	[ "$SCN_VARIANT" = boot ] || return 0
	local t sysfs i=0
	sysfs=$(dirname "$SCN_WORK")/ssdt-module-sysfs
	t=$sysfs/table-A.aml
	# The runner may run both stages at once: wait for the sysfs one.
	while [ -d "$sysfs" ] && [ ! -e "$sysfs/.done" ] && [ $i -lt 600 ]; do
		sleep 1
		i=$((i + 1))
	done
	if [ ! -s "$t" ]; then
		echo "no $t: the sysfs stage did not print table A"
		return 1
	fi
	SCN_APPEND="ssdt_variant=modsysfs ssdt_md5=$(md5sum <"$t" | cut -d' ' -f1)"
}

# ssdt_compare NAME TOOL_OPTIONS...: the guest's table NAME against the tool.
ssdt_compare() {
	local name=$1 hex
	shift
	hex=$(tr -d '\r' <"$SCN_WORK/tap.log" | sed -n "s/^# table-$name: //p" | tail -1)
	if [ -z "$hex" ]; then
		t_fail "table $name: the guest printed it"
		return
	fi
	echo "$hex" | xxd -r -p >"$SCN_WORK/table-$name.aml"
	if ! "$GPUPASS_SRC/tools/battery-ssdt/battery-ssdt" "$@" -o "$SCN_WORK/tool-$name.aml"; then
		t_fail "table $name: the tool makes it too"
		return
	fi
	t_check "table $name from the module's sysfs file == tools/battery-ssdt $* ($(stat -c %s "$SCN_WORK/tool-$name.aml") bytes)" \
		cmp "$SCN_WORK/table-$name.aml" "$SCN_WORK/tool-$name.aml"
}

scn_post() {
	[ "$SCN_VARIANT" = sysfs ] || return 0
	# shellcheck disable=SC1091
	. "$GPUPASS_SRC/tests/lib/host.sh"
	ssdt_compare A "${SSDT_A[@]}"
	ssdt_compare B "${SSDT_B[@]}"
	# charge_percent and remaining_capacity: the one written last wins, as
	# with the tool's options in the same order.
	ssdt_compare C --charge_percent=50 --remaining_capacity=1000 --full_charge_capacity=4000
	ssdt_compare D --remaining_capacity=1000 --charge_percent=50 --full_charge_capacity=4000
	ssdt_compare E --charge_percent=25 --charge_percent=none --full_charge_capacity=4000
	# Every tool option is a module parameter and vice versa.
	local guest tool
	guest=$(tr -d '\r' <"$SCN_WORK/tap.log" | sed -n 's/^# params: //p' | tr ' ' '\n' | sed '/^$/d' | sort)
	tool=$("$GPUPASS_SRC/tools/battery-ssdt/battery-ssdt" --help | sed -n 's/^  --\([a-z_0-9]*\) .*/\1/p' | sort)
	t_eq "module parameters == tool options" "$(echo "$tool" | tr '\n' ' ')" \
		"$(echo "$guest" | tr '\n' ' ')"
}
