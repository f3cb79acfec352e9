#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which of the package's modules build for one kernel: a trial build of
# each module on its own, so that one module that cannot build on some
# kernel does not take the others down with it.  dkms.conf runs this when
# dkms reads it for a build, and declares only the modules listed.
#
# usage: dkms-modules.sh SRC KDIR CACHE_FILE
#
# Prints one module name per line for the modules that built, then one
# "# MODULE skipped: REASON" line per module that did not.  The result is
# kept in CACHE_FILE with the state of the kernel tree it was made for,
# so the repeated reads of dkms.conf during one install cost nothing.
# GPUPASS_MAKEFLAGS (W=1, KCFLAGS=-Werror, ...) apply to the trial as to
# the real build: a module that only fails with them is left out too.
set -uo pipefail

src=${1:?usage: dkms-modules.sh SRC KDIR CACHE_FILE}
kdir=${2:?usage: dkms-modules.sh SRC KDIR CACHE_FILE}
cache=${3:?usage: dkms-modules.sh SRC KDIR CACHE_FILE}
modules="kvmfr acpi_battery_ssdt vfio_d3cold"

# What the decision depends on: the kernel tree, our sources, the flags.
stamp() {
	{
		stat -L -c '%n %s %Y' "$kdir/.config" "$kdir/Module.symvers" \
			"$kdir/Makefile" 2>/dev/null
		(cd "$src" && find . -type f \( -name '*.[ch]' -o -name 'Kbuild' \
			-o -name 'Makefile' -o -name '*.sh' \) -print0 |
			sort -z | xargs -0 cat) | cksum
		echo "flags ${GPUPASS_MAKEFLAGS:-} cc ${CC:-} llvm ${LLVM:-}"
	} | cksum | cut -d' ' -f1
}

if [ ! -f "$kdir/Makefile" ]; then
	# No kernel tree (dkms reading the file for another purpose): say
	# nothing is decided; dkms.conf then declares every module, which is
	# what removing them needs.
	exit 2
fi

want=$(stamp)
if [ -f "$cache" ] && [ "$(head -1 "$cache")" = "# stamp $want" ]; then
	tail -n +2 "$cache"
	exit 0
fi

# The trial tree sits beside the kept answer (dkms's tree for this kernel,
# root's), at a fixed path, so that a compiler cache sees the same paths
# from one build to the next; it is removed afterwards.
tmp=$(dirname "$cache")/.gpupass-trial
if ! { rm -rf "$tmp" && mkdir -p "$tmp"; } 2>/dev/null; then
	tmp=$(mktemp -d)
fi
trap 'rm -rf "$tmp"' EXIT
cp -a "$src/." "$tmp/src"
# kbuild leaves files beside the sources; a copy keeps /usr/src pristine.
find "$tmp/src" \( -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' \) -delete

# The compiler dkms's own build uses (its actual_build()): the kernel's
# .kernelvariables where there is one, else the kernel Makefile's choice.
cc_args=()
if [ -f "$kdir/.kernelvariables" ]; then
	cc=$(printf 'show-%%:\n\t@echo $($*)\ninclude %s\n' "$kdir/.kernelvariables" |
		make -s -f - show-CC 2>/dev/null)
	[ -n "$cc" ] && cc_args=(CC="$cc")
fi
unset CC

out=$tmp/out
{
	echo "# stamp $want"
	# shellcheck disable=SC2086
	if ! make -C "$tmp/src" KDIR="$kdir" probes "${cc_args[@]}" >"$tmp/probes.log" 2>&1; then
		for m in $modules; do
			echo "# $m skipped: the feature probes failed: $(grep -m1 -i error "$tmp/probes.log")"
		done
		exit_code=1
	fi
	skipped=""
	# All modules in one kbuild run first: the usual case, one build.
	# shellcheck disable=SC2086
	make -C "$kdir" M="$tmp/src" GPUPASS_MODULES="$modules" "${cc_args[@]}" \
		${GPUPASS_MAKEFLAGS:-} modules >"$tmp/all.log" 2>&1
	for m in $modules; do
		log=$tmp/all.log
		if [ ! -f "$tmp/src/$m/$m.ko" ] && ! grep -q "$m skipped: " "$log"; then
			# Something failed: try this module on its own, so that
			# another module's failure is not counted against it.
			log=$tmp/$m.log
			# shellcheck disable=SC2086
			make -C "$kdir" M="$tmp/src" GPUPASS_MODULES="$m" "${cc_args[@]}" \
				${GPUPASS_MAKEFLAGS:-} modules >"$log" 2>&1
		fi
		if [ -f "$tmp/src/$m/$m.ko" ]; then
			echo "$m"
			continue
		fi
		why=$(grep -m1 -o "$m skipped: .*" "$log")
		if [ -z "$why" ]; then
			err=$(grep -m1 -E '(error|Error)[: ]' "$log" | sed "s|$tmp/src/||g")
			why="$m skipped: it does not build for this kernel: ${err:-see the trial build}"
		fi
		skipped="$skipped# $why"$'\n'
	done
	printf '%s' "$skipped"
} >"$out"
mkdir -p "$(dirname "$cache")" 2>/dev/null && cp "$out" "$cache" 2>/dev/null
tail -n +2 "$out"
exit "${exit_code:-0}"
