# SPDX-License-Identifier: GPL-2.0
# End to end: a table made by tools/battery-ssdt and given to QEMU with
# -acpitable file=... appears in a Linux guest as a battery (and an AC
# adapter) whose sysfs values are those of the parameters.  Every
# parameter set runs on q35 and on pc; guest/ssdt-battery.sh holds the
# expected values of each set.
# shellcheck disable=SC2034,SC2153 # SCN_* are read by tests/run.sh
SCN_GUEST=guest/ssdt-battery.sh
SCN_KMODS="battery ac"
SCN_MEM=512
SCN_VARIANTS=()
for _s in default discharging mw-bix-ac absent critical-bix1; do
	SCN_VARIANTS+=("$_s.q35" "$_s.pc")
done
# On the other kernels of the matrix (and the debug kernel) two sets cover
# the guest's battery and AC drivers; all ten run on the primary kernel.
SCN_MATRIX_VARIANTS=(mw-bix-ac.q35 discharging.pc)

# ssdt_opts SET: the tool options of a parameter set.
ssdt_opts() {
	case $1 in
	default) ;;
	discharging)
		echo --state=1 --present_rate=1500 --charge_percent=50 \
			--present_voltage=14400 --model_number=VBAT-1 \
			--serial_number=0001 --oem_info=QEMU --battery_type=NiMH
		;;
	mw-bix-ac)
		# design_capacity and design_voltage at the largest value
		# Linux reads correctly (2147483 * 1000 fits an int).
		echo --table_revision=2 --scope=\\_SB --power_unit=mW \
			--info_method=bix --cycle_count=42 --design_capacity=2147483 \
			--full_charge_capacity=57000 --capacity_warning=5700 \
			--capacity_low=2000 --state=2 --present_rate=20000 \
			--remaining_capacity=42750 --design_voltage=0x20c49b \
			--present_voltage=12000 --battery_type=LiP --ac_adapter=on
		;;
	absent) echo --sta=0x0f ;;
	critical-bix1)
		echo --info_method=bix --bix_revision=1 --swapping_capability=1 \
			--state=5 --present_rate=800 --charge_percent=3 \
			--ac_adapter=on --ac_online=0 --uid=7 --device_name=BATX
		;;
	*) return 1 ;;
	esac
}

scn_setup() {
	SCN_MACHINE=${SCN_VARIANT##*.}
	SCN_QEMU=(-acpitable "file=$SCN_WORK/t.aml")
	# One value past the limit, in a second battery of the same boot:
	# what a Linux guest makes of it (tests/acpi/linux-overflow.asl).
	if [ "${SCN_VARIANT%.*}" = mw-bix-ac ]; then
		SCN_QEMU+=(-acpitable "file=$SCN_WORK/linux-overflow.aml")
	fi
}

scn_pre() {
	local set=${SCN_VARIANT%.*} opts
	opts=$(ssdt_opts "$set") || return 1
	if [ "$set" = mw-bix-ac ]; then
		iasl -p "$SCN_WORK/linux-overflow" "$GPUPASS_SRC/tests/acpi/linux-overflow.asl" || return 1
	fi
	# shellcheck disable=SC2086
	"$GPUPASS_SRC/tools/battery-ssdt/battery-ssdt" $opts -o "$SCN_WORK/t.aml" || return 1
	SCN_APPEND="ssdt_variant=$set ssdt_md5=$(md5sum <"$SCN_WORK/t.aml" | cut -d' ' -f1)"
}
