#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test runner behind `make check`: see tests/README.md.
#
#   tests/run.sh [KERNEL...]          integration tests (default: 6.1)
#   tests/run.sh --demo [KERNEL]      boot a throwaway guest and show the modules
#   tests/run.sh --bench [KERNEL...]  run the benchmark scenarios (bench-*.sh)
#
# Environment: SCENARIOS="name ..." limits the scenarios run; HOST_TESTS=0
# skips the host tests; KUNIT=0 skips the KUnit pass.
set -uo pipefail
. "$(dirname "$0")/../scripts/common.sh"
# t_ok and friends, for the scenarios' scn_post functions.
. "$(dirname "$0")/lib/host.sh"

mode=check
case ${1:-} in
--demo) mode=demo; shift ;;
--bench) mode=bench; shift ;;
esac
kernels=("$@")
[ ${#kernels[@]} -eq 0 ] && kernels=(6.1)

T=$GPUPASS_SRC/tests
# Every DKMS build of the tests is a W=1 build with warnings as errors.
export GPUPASS_MAKEFLAGS=${GPUPASS_MAKEFLAGS-W=1 KCFLAGS=-Werror}
RUN_DIR=$GPUPASS_CACHE/runs/$(date +%Y%m%d-%H%M%S)-$$
mkdir -p "$RUN_DIR"

n=0 passed=0 failed=0 skipped=0

# emit PREFIX: number and count the TAP lines read from stdin.
emit() {
	local prefix=$1 line
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		"ok - "*"# SKIP"*)
			n=$((n + 1)) skipped=$((skipped + 1))
			echo "ok $n - $prefix: ${line#ok - }"
			;;
		"ok - "*)
			n=$((n + 1)) passed=$((passed + 1))
			echo "ok $n - $prefix: ${line#ok - }"
			;;
		"not ok - "*)
			n=$((n + 1)) failed=$((failed + 1))
			echo "not ok $n - $prefix: ${line#not ok - }"
			;;
		"#"*) echo "$line" ;;
		"") ;;
		*) echo "# $line" ;;
		esac
	done
}

# Lines in a guest's kernel log that fail a run.
KERNEL_REPORTS='WARNING:|BUG:|Oops|general protection fault|Kernel panic|KASAN:|UBSAN:|kmemleak:.*(unreferenced|new suspected)|unreferenced object|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|rcu_sched self-detected stall|list_(add|del) corruption|ODEBUG:|BUG: sleeping function|Call Trace:'

# check_kernel_log CONSOLE: one TAP line; a report names the test that ran.
check_kernel_log() {
	local log=$1 first
	first=$(grep -n -E "$KERNEL_REPORTS" "$log" | head -1 | cut -d: -f1)
	if [ -z "$first" ]; then
		echo "ok - kernel log clean"
		return
	fi
	local during
	during=$(head -n "$first" "$log" | grep -o 'gpupass-test: .*' | tail -1 | tr -d '\r')
	echo "not ok - kernel log clean"
	echo "# kernel report during '${during#gpupass-test: }':"
	sed -n "$((first > 3 ? first - 3 : 1)),$((first + 25))p" "$log" | tr -d '\r' | sed 's/^/#   /'
}

# The kernel every variant of every scenario runs on; the others of the
# matrix run a scenario's SCN_MATRIX_VARIANTS where it has them.
PRIMARY=6.1

# boot_report_before_init CONSOLE: true if the log has a kernel report and
# the first one came before /init's "(init)" marker (or there is none).
boot_report_before_init() {
	local first init
	first=$(grep -n -m1 -E "$KERNEL_REPORTS" "$1" | cut -d: -f1)
	[ -n "$first" ] || return 1
	init=$(grep -n -m1 'gpupass-test: (init)' "$1" | cut -d: -f1)
	[ -z "$init" ] || [ "$first" -lt "$init" ]
}

# scenario_variants FILE LABEL: print the scenario's variants for a kernel,
# or "-" for none.
scenario_variants() {
	(
		SCN_VARIANTS=() SCN_MATRIX_VARIANTS=()
		# shellcheck disable=SC1090
		. "$1"
		if [ "$2" != "$PRIMARY" ] && [ ${#SCN_MATRIX_VARIANTS[@]} -gt 0 ]; then
			echo "# $(basename "$1" .sh): on $2 only ${SCN_MATRIX_VARIANTS[*]} (all run on $PRIMARY)" >&2
			SCN_VARIANTS=("${SCN_MATRIX_VARIANTS[@]}")
		fi
		if [ ${#SCN_VARIANTS[@]} -eq 0 ]; then echo -; else printf '%s\n' "${SCN_VARIANTS[@]}"; fi
	)
}

# run_scenario LABEL FILE VARIANT: boot one guest, print raw TAP lines.
run_scenario() {
	local label=$1 file=$2 variant=$3
	(
		set +e
		load_kernel_env "$label"
		SCN_GUEST='' SCN_KMODS='' SCN_QEMU=() SCN_MACHINE=q35 SCN_APPEND=''
		SCN_MEM=1024 SCN_TIMEOUT=240 SCN_MIN_KERNEL='' SCN_NEEDS='' SCN_VARIANTS=()
		SCN_BIOS='' SCN_HOSTFILES='' SCN_ACPI_INITRD=''
		SCN_VARIANT=$variant
		SCN_KVER=$KVER SCN_LABEL=$label
		SCN_WORK=$RUN_DIR/$label/$(basename "$file" .sh)${variant:+-$variant}
		SCN_WORK=${SCN_WORK%--}
		mkdir -p "$SCN_WORK"
		export SCN_WORK SCN_VARIANT SCN_KVER SCN_LABEL
		# shellcheck disable=SC1090
		. "$file"
		if declare -F scn_setup >/dev/null; then scn_setup; fi

		if [ -n "$SCN_MIN_KERNEL" ] &&
			[ "$(printf '%s\n' "$SCN_MIN_KERNEL" "$KVER" | sort -V | head -1)" != "$SCN_MIN_KERNEL" ]; then
			echo "ok - scenario # SKIP needs kernel >= $SCN_MIN_KERNEL, this is $KVER"
			exit 0
		fi
		local m
		for m in $SCN_NEEDS; do
			if ! ls "$ROOT/lib/modules/$KVER/updates/dkms/$m.ko"* >/dev/null 2>&1; then
				echo "ok - scenario # SKIP $m is not built for $KVER (see the dkms build log)"
				exit 0
			fi
		done
		if declare -F scn_pre >/dev/null; then
			if ! scn_pre >"$SCN_WORK/pre.log" 2>&1; then
				echo "not ok - host setup (scn_pre)"
				sed 's/^/# /' "$SCN_WORK/pre.log" | tail -20
				exit 0
			fi
		fi

		local initrd=$SCN_WORK/initrd.cpio.gz
		if ! GUEST_ARCH=${QEMU_ARCH:+$ARCH} "$GPUPASS_SRC/scripts/mkinitramfs.sh" "$ROOT" "$KVER" "$initrd" \
			"$T/$SCN_GUEST" "$SCN_KMODS" "$SCN_HOSTFILES" >"$SCN_WORK/initrd.log" 2>&1; then
			echo "not ok - initramfs"
			sed 's/^/# /' "$SCN_WORK/initrd.log" | tail -20
			exit 0
		fi

		# ACPI tables for the kernel's initrd table upgrade
		# (CONFIG_ACPI_TABLE_UPGRADE): an uncompressed cpio in front.
		if [ -n "$SCN_ACPI_INITRD" ]; then
			local up=$SCN_WORK/acpi-upgrade
			mkdir -p "$up/kernel/firmware/acpi"
			cp $SCN_ACPI_INITRD "$up/kernel/firmware/acpi/"
			(cd "$up" && find kernel | cpio -o -H newc --quiet) >"$SCN_WORK/initrd-acpi"
			cat "$initrd" >>"$SCN_WORK/initrd-acpi"
			initrd=$SCN_WORK/initrd-acpi
		fi

		local timeout=$SCN_TIMEOUT
		case $label in debug-*) timeout=$((timeout * 4)) ;; esac
		local bios=()
		[ "$SCN_BIOS" = qboot ] && bios=(-bios /usr/share/qemu/qboot.rom)
		# The test channel: a second UART, or on arm64's virt machine
		# (one UART, the console) a virtio console (scripts/mkinitramfs.sh).
		local qemu=(qemu-system-x86_64 -machine "$SCN_MACHINE" -cpu max)
		local console=ttyS0 tapdev=(-serial "file:$SCN_WORK/tap.log")
		if [ "${QEMU_ARCH:-}" = aarch64 ]; then
			# pauth-impdef: TCG's cheap pointer authentication.
			qemu=(qemu-system-aarch64 -machine virt -cpu max,pauth-impdef=on)
			console=ttyAMA0 bios=()
			# UEFI: an ACPI boot (the firmware's tables, not the DT).
			[ "$SCN_BIOS" = uefi ] && bios=(-bios /usr/share/qemu-efi-aarch64/QEMU_EFI.fd)
			[ "$SCN_BIOS" = uefi ] && SCN_APPEND="acpi=force $SCN_APPEND"
			tapdev=(-device virtio-serial-device
				-chardev "file,id=tap,path=$SCN_WORK/tap.log"
				-device virtconsole,chardev=tap)
		fi
		local qrc attempt
		for attempt in 1 2; do
			: >"$SCN_WORK/tap.log"
			timeout -k 10 "$timeout" "${qemu[@]}" \
				-accel tcg -smp 1 -m "$SCN_MEM" \
				-display none -no-reboot -nic none -monitor none "${bios[@]}" \
				-serial "file:$SCN_WORK/console.log" "${tapdev[@]}" \
				-kernel "$VMLINUZ" -initrd "$initrd" \
				-append "console=$console panic=-1 oops=panic printk.time=1 $SCN_APPEND" \
				"${SCN_QEMU[@]}" >"$SCN_WORK/qemu.log" 2>&1
			qrc=$?
			# A kernel report before /init started (so before any module
			# or test of ours ran) is the emulated boot's, not ours: say
			# so and boot once more; a second one fails the scenario.
			[ $attempt = 1 ] && boot_report_before_init "$SCN_WORK/console.log" || break
			echo "# boot $attempt: kernel report before /init, not from our code; booting again:"
			grep -m1 -E "$KERNEL_REPORTS" "$SCN_WORK/console.log" | tr -d '\r' | sed 's/^/#   /'
			cp "$SCN_WORK/console.log" "$SCN_WORK/console-boot$attempt.log"
		done

		tr -d '\r' <"$SCN_WORK/tap.log" | sed -n '/^GPUPASS-BEGIN/,/^GPUPASS-END/p' |
			grep -v -e '^GPUPASS-BEGIN' -e '^GPUPASS-END'
		local end
		end=$(tr -d '\r' <"$SCN_WORK/tap.log" | grep -o '^GPUPASS-END rc=[0-9]*' | tail -1)
		if [ -z "$end" ]; then
			echo "not ok - guest finished (qemu exit $qrc$([ $qrc = 124 ] && echo ': timeout after '"$timeout"'s'))"
			tail -15 "$SCN_WORK/qemu.log" "$SCN_WORK/console.log" 2>/dev/null | tr -d '\r' | sed 's/^/#   /'
		elif [ "${end#*rc=}" != 0 ]; then
			echo "not ok - guest script exit status (${end#*rc=})"
		fi
		check_kernel_log "$SCN_WORK/console.log"
		if declare -F scn_post >/dev/null; then scn_post; fi
		# For a later variant that needs this one's results.
		touch "$SCN_WORK/.done"
	)
}

# check_modules LABEL: one TAP line per module: built, left out by design
# (the kernel lacks what it needs: the reason the build printed), or left
# out because it did not build (a failure: the per-module DKMS decision
# keeps the package installable, but the matrix must not stay green).
check_modules() {
	local d=$GPUPASS_CACHE/dkms/$1 m why
	for m in kvmfr acpi_battery_ssdt vfio_d3cold; do
		if grep -qx "$m" "$d/built" 2>/dev/null; then
			echo "ok - $m built"
			continue
		fi
		why=$(grep -h -o -m1 "$m skipped: .*" "$d/make.log" "$d/dkms.log" 2>/dev/null | head -1)
		case $why in
		*"without CONFIG_VFIO_PCI_CORE"* | *"lacks vfio_alloc_device"*)
			echo "ok - $m built # SKIP ${why:-left out}" ;;
		*)
			echo "not ok - $m built"
			echo "# ${why:-$m is missing and the build log does not say why}"
			;;
		esac
	done
}

# prepare_kernel [--headers-only] LABEL: fetch the kernel (or only its build
# chroot and headers) and DKMS-install our modules.
prepare_kernel() {
	local ho=() t0=$SECONDS
	[ "$1" = --headers-only ] && { ho=(--headers-only); shift; }
	local label=$1
	if ! "$GPUPASS_SRC/scripts/fetch-kernel.sh" "${ho[@]}" "$label" >"$RUN_DIR/$label-fetch.log" 2>&1; then
		echo "not ok - prepare kernel"
		tail -20 "$RUN_DIR/$label-fetch.log" | sed 's/^/# /'
		return 1
	fi
	local kver
	kver=$(. "$GPUPASS_CACHE/kernels/$label/env" && echo "$KVER")
	echo "ok - prepare kernel $kver ($((SECONDS - t0)) s)"
	t0=$SECONDS
	# A cross-built kernel: its guest programs, by its cross compiler.
	local cross arch cross32 libs
	read -r cross arch cross32 libs < <(. "$GPUPASS_CACHE/kernels/$label/env" &&
		echo "${CROSS_COMPILE:-} ${ARCH:-} ${CROSS_COMPILE32:-} ${CROSS_LIBS:-}")
	if [ -n "$cross" ] && [ ${#ho[@]} -eq 0 ]; then
		if ! LD_LIBRARY_PATH=$libs make -C "$T" CC="${cross}gcc" \
			CC32="${cross32:+${cross32}gcc}" BIN="guest/bin-$arch" \
			>"$RUN_DIR/$label-guest-build.log" 2>&1; then
			echo "not ok - guest programs for $arch"
			tail -20 "$RUN_DIR/$label-guest-build.log" | sed 's/^/# /'
			return 1
		fi
		echo "ok - guest programs for $arch"
		t0=$SECONDS
	fi
	if ! "$GPUPASS_SRC/scripts/dkms-build.sh" "$label" >"$RUN_DIR/$label-dkms.log" 2>&1; then
		echo "not ok - dkms add/build/install"
		grep -E 'error|Error|warning' "$RUN_DIR/$label-dkms.log" | head -30 | sed 's/^/# /'
		return 1
	fi
	echo "ok - dkms add/build/install, W=1 -Werror ($((SECONDS - t0)) s)"
	grep -E '^gpupass: (probe|vfio_d3cold|cached)|skipped' "$RUN_DIR/$label-dkms.log" | sed 's/^/# /'
	check_modules "$label"
}

# Two jobs at a time: each TCG guest runs on one host thread, so two
# cores run two guests.  A job's TAP goes to a file; the files are read
# back in submission order, so the output does not depend on timing.
MAXJOBS=${JOBS:-2}
job_prefix=() job_out=() job_pid=()
job_start() {
	local prefix=$1
	shift
	while [ "$(jobs -rp | wc -l)" -ge "$MAXJOBS" ]; do wait -n 2>/dev/null || true; done
	local f=$RUN_DIR/job-${#job_out[@]}.tap
	("$@") >"$f" 2>&1 &
	job_prefix+=("$prefix") job_out+=("$f") job_pid+=($!)
}
job_emit_all() {
	local i
	for i in "${!job_out[@]}"; do
		wait "${job_pid[$i]}" 2>/dev/null
		emit "${job_prefix[$i]}" <"${job_out[$i]}"
	done
	job_prefix=() job_out=() job_pid=()
}

# canonical LABEL: the suite a short label names.
canonical() {
	case $1 in
	6.1) echo bookworm ;;
	5.10) echo bullseye ;;
	6.12) echo trixie ;;
	7.2) echo sid ;;
	*) echo "$1" ;;
	esac
}

# timed LABEL CMD...: run CMD, then a comment with its wall time.
timed() {
	local what=$1 t0=$SECONDS
	shift
	"$@"
	echo "# $what: $((SECONDS - t0)) s"
}

# ------------------------------------------------------------------------

t_start=$SECONDS
"$GPUPASS_SRC/scripts/install-deps.sh" || die "cannot install the packages the tests need"
echo "TAP version 13"
echo "# gpupass $GPUPASS_VERSION: $mode on kernels: ${kernels[*]} (logs: $RUN_DIR)"

build_ok=1
if ! { make -C "$GPUPASS_SRC/tools" && make -C "$T"; } >"$RUN_DIR/build.log" 2>&1; then
	build_ok=0
fi
emit build < <(
	if [ $build_ok = 1 ]; then echo "ok - tools and guest programs"; else
		echo "not ok - tools and guest programs"
		tail -30 "$RUN_DIR/build.log" | sed 's/^/# /'
	fi
)

if [ "$mode" = check ] && [ "${HOST_TESTS:-1}" = 1 ]; then
	for f in "$T"/host/*.sh; do
		[ -e "$f" ] || continue
		emit "host $(basename "$f" .sh)" < <(GPUPASS_TOOLS=$GPUPASS_SRC/tools bash "$f" 2>&1)
	done
fi

# Compile-only kernels: every kernel the archive serves (newest per suite
# and flavour, scripts/archive-kernels.sh) that is not booted below.
build_only=()
if [ "$mode" = check ] && [ "${KERNELS_BUILD:-}" != "" ] && [ "${KERNELS_BUILD}" != none ]; then
	if [ "$KERNELS_BUILD" = archive ]; then
		t0=$SECONDS
		found=$("$GPUPASS_SRC/scripts/archive-kernels.sh" 2>"$RUN_DIR/archive.log")
		echo "# kernels the archive serves today ($((SECONDS - t0)) s):"
		printf '%s\n' "$found" | sed 's/^/#   /'
		labels=$(printf '%s\n' "$found" | awk '{ print $1 ($2 ~ /-rt-amd64$/ ? "-rt" : "") }')
	else
		labels=$KERNELS_BUILD
	fi
	booted=" "
	for k in "${kernels[@]}"; do booted="$booted$(canonical "$k") "; done
	for l in $labels; do
		[[ $booted == *" $l "* ]] || build_only+=("$l")
	done
	echo "# compile-only: ${build_only[*]:-none}; booted: ${kernels[*]}"
fi

# Phase 1: prepare every kernel (fetch, DKMS build), two at a time.
t_phase=$SECONDS
for k in "${kernels[@]}"; do
	job_start "$k" timed "prepare $k" prepare_kernel "$k"
done
for k in "${build_only[@]}"; do
	job_start "$k build" timed "build $k" prepare_kernel --headers-only "$k"
done
job_emit_all
echo "# phase 1 (kernels and DKMS builds): $((SECONDS - t_phase)) s"

# Phase 2: the scenarios of every booted kernel, and KUnit on the debug
# kernel, two guests at a time.
t_phase=$SECONDS
for k in "${kernels[@]}"; do
	load_ok=0
	[ -f "$GPUPASS_CACHE/kernels/$k/env" ] && [ -f "$GPUPASS_CACHE/dkms/$k/installed" ] && load_ok=1

	case $mode in
	check) files=$(ls "$T"/scenarios/*.sh 2>/dev/null | grep -v '/bench-') ;;
	bench) files=$(ls "$T"/scenarios/bench-*.sh 2>/dev/null) ;;
	demo) files=$T/demo/demo.sh ;;
	esac
	for f in $files; do
		name=$(basename "$f" .sh)
		if [ -n "${SCENARIOS:-}" ] && ! [[ " $SCENARIOS " == *" $name "* ]]; then
			continue
		fi
		# PREEMPT_RT kernels: the scenarios whose locking it changes.
		case $k in
		*-rt) [[ " ${RT_SCENARIOS:-basic kvmfr vfio-d3cold} " == *" $name "* ]] || continue ;;
		# arm64 (TCG emulating another architecture: slow): kvmfr's
		# static devices and the battery table's sysfs side.
		*-arm64) [[ " ${ARM64_SCENARIOS:-kvmfr ssdt-module} " == *" $name "* ]] || continue ;;
		esac
		for v in $(scenario_variants "$f" "$k" 2>>"$RUN_DIR/variants.log"); do
			[ "$v" = - ] && v=''
			if [ $load_ok = 0 ]; then
				job_start "$k $name${v:+[$v]}" echo "not ok - scenario (kernel not prepared)"
				continue
			fi
			job_start "$k $name${v:+[$v]}" timed "$k $name${v:+[$v]}" run_scenario "$k" "$f" "$v"
		done
	done
done
sort -u "$RUN_DIR/variants.log" 2>/dev/null

# KUnit suites on the debug kernel (KASAN, lockdep, kmemleak), which has
# KUnit too; `make kunit` runs them on the faster plain KUnit kernel.  See
# tests/kunit.sh and docs/kunit.md.
if [ "$mode" = check ] && [ "${KUNIT:-1}" = 1 ]; then
	job_start "debug-6.1" timed "KUnit (debug kernel)" "$T/kunit.sh" --debug
fi
job_emit_all
echo "# phase 2 (guests): $((SECONDS - t_phase)) s"

# Benchmarks with a table over all kernels: tests/bench/*-table.sh RUN_DIR.
if [ "$mode" = bench ]; then
	for f in "$T"/bench/*-table.sh; do
		[ -e "$f" ] && bash "$f" "$RUN_DIR"
	done
fi

echo "1..$n"
echo "# total time: $((SECONDS - t_start)) s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
