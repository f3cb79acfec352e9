#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every module's KUnit suites (*_test.ko) in a QEMU guest on a kernel
# built here, and print one TAP line per test case:
#
#   ok - kunit: <suite>.<case>            not ok - kunit: <suite>.<case>
#   ok - kunit: <suite>.<case> # SKIP reason
#
# plus checks for the run itself (KTAP end marker, kunit.py parse, module
# load/unload, kernel log reports; with --debug also the kmemleak scan).
# Exits 0 whatever the results (the runner counts the lines); 2 on usage.
#
# usage: tests/kunit.sh [--debug] [--keep] [--initramfs-only] [SERIES]
#   --debug  use the debug kernel (KASAN, lockdep, kmemleak, ...): unload the
#            test modules, scan kmemleak, fail on any report, naming the
#            module that was being tested
#   --keep   keep the work directory (default: only its logs are kept)
#   --initramfs-only  build kernel, modules and initramfs, print the
#            initramfs path and stop (for kunit.py exec, docs/kunit.md)
#   SERIES   kernel series, default 6.1
#
# Flow: scripts/build-test-kernel.sh {kunit|debug} SERIES (cached) -> copy
# the source tree and `make KDIR=<build dir> modules` there (the top
# Makefile runs the feature probes, then kbuild; CONFIG_KUNIT=y builds the
# *_test.ko) -> busybox initramfs with the test modules, our modules and
# the kernel modules they need -> boot -> guest loads each test module
# (6.1 runs its suites during the load, before the module's init), copies
# /sys/kernel/debug/kunit/<suite>/results while it is loaded, unloads it,
# then prints one combined KTAP document between === KTAP-BEGIN/END on the
# second serial port -> tests/lib/ktap.py: per-case lines, the kernel's
# kunit.py parse, console scan.
#
# Logs: $GPUPASS_CACHE/kunit/run-<flavour>-<series>/{console.log,serial.log,
# results.ktap,results.json,kunit.py.log,build.log}
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../scripts/common.sh"
. "$here/lib/host.sh"

usage() {
	sed -n '14,21s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

flavour=kunit
keep=0
ir_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--debug) flavour=debug; shift ;;
	--keep) keep=1; shift ;;
	--initramfs-only) ir_only=1; keep=1; shift ;;
	-h | --help) usage ;;
	-*) echo "kunit.sh: unknown option '$1'" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage
series=${1:-6.1}
label=$flavour-$series
run_timeout=${KUNIT_TIMEOUT:-300}
pfx="kunit: "
[ "$flavour" = debug ] && pfx="kunit: debug: "

# ---- 1. kernel -------------------------------------------------------------
t0=$(date +%s)
if ! blog=$("$GPUPASS_SRC/scripts/build-test-kernel.sh" "$flavour" "$series" 2>&1); then
	t_fail "${pfx}build $label kernel" "$(printf '%s\n' "$blog" | tail -20)"
	exit 0
fi
printf '%s\n' "$blog" | grep -v '^/' >&2 || true
load_kernel_env "$label"
for v in KVER ROOT VMLINUZ KDIR; do
	[ -n "${!v:-}" ] || { t_fail "${pfx}build $label kernel" "env file lacks $v"; exit 0; }
done
tree=$(cat "$KDIR/.gpupass-src")
kunitpy=$tree/tools/testing/kunit/kunit.py
[ -f "$kunitpy" ] || { t_fail "${pfx}build $label kernel" "no kunit.py at $kunitpy"; exit 0; }
t_kernel=$(($(date +%s) - t0))

# Each module's .kunitconfig (what `kunit.py run --kunitconfig=` would
# enable) must be satisfied by the test kernel; otherwise extend
# scripts/kunit/base.config.
for kc in "$GPUPASS_SRC"/*/.kunitconfig; do
	[ -f "$kc" ] || continue
	mod=$(basename "$(dirname "$kc")")
	missing=$(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$kc" | while IFS= read -r l; do
		grep -qxF -- "$l" "$KDIR/.config" || echo "$l (have: $(grep -E "^(# )?${l%%=*}[= ]" "$KDIR/.config" || echo unset))"
	done)
	if [ -z "$missing" ]; then
		t_ok "${pfx}$mod/.kunitconfig satisfied by the $label kernel"
	else
		t_fail "${pfx}$mod/.kunitconfig satisfied by the $label kernel" "$missing"
	fi
done

# ---- 2. modules ------------------------------------------------------------
run=$GPUPASS_CACHE/kunit/run-$label
rm -rf "$run"
mkdir -p "$run"
copy=$run/src
mkdir -p "$copy"
# Build in a private copy: other builds may be running in the source tree
# against another kernel (objects would clash).
tar -C "$GPUPASS_SRC" --exclude=.git --exclude='*.o' --exclude='*.ko' \
	--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' --exclude=modules.order \
	--exclude=Module.symvers --exclude=./out -cf - . | tar -C "$copy" -xf -
t1=$(date +%s)
# CONFIG_KUNIT=m on the command line: the kernel has KUnit built in (=y),
# and in an out-of-tree build `obj-$(CONFIG_KUNIT) += x_test.o` would then
# be obj-y, which kbuild silently drops for M= builds.  The override only
# affects our Kbuild files (the C code still sees CONFIG_KUNIT=y).
# -k: a module that fails to build is reported, the others still run.
if ! make -k -C "$copy" KDIR="$KDIR" KVER="$KVER" CONFIG_KUNIT=m modules > "$run/build.log" 2>&1; then
	t_fail "${pfx}build modules against $label ($KVER)" "$(grep -E 'error|Error' "$run/build.log" | head -20)"
fi
t_build=$(($(date +%s) - t1))

mapfile -t tests < <(cd "$copy" && find . -name '*_test.ko' -not -path './tests/*' | sort)
mapfile -t ours < <(cd "$copy" && find . -name '*.ko' -not -name '*_test.ko' -not -path './tests/*' | sort)
if [ ${#tests[@]} -eq 0 ]; then
	t_skip "${pfx}no suites found" "no *_test.ko built against $KVER (no module has obj-\$(CONFIG_KUNIT) += *_test.o yet)"
	exit 0
fi
names=()
for t in "${tests[@]}"; do
	n=$(basename "$t" .ko)
	names+=("${n//-/_}")
done

# ---- 3. initramfs ----------------------------------------------------------
# A scratch module root: the kernel's modules (without updates/, where the
# runner puts DKMS builds of ours) plus our fresh .ko files in extra/.
mroot=$run/modroot
mkdir -p "$mroot/lib/modules/$KVER"
(cd "$ROOT/lib/modules/$KVER" && tar --exclude=./updates --exclude=./build --exclude=./source -cf - .) |
	tar -C "$mroot/lib/modules/$KVER" -xf -
mkdir -p "$mroot/lib/modules/$KVER/extra"
for k in "${tests[@]}" "${ours[@]}"; do
	cp "$copy/$k" "$mroot/lib/modules/$KVER/extra/"
done
depmod -b "$mroot" "$KVER"

ir=$run/initramfs
mkdir -p "$ir"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,res,lib/modules/"$KVER"}
cp /bin/busybox "$ir/bin/busybox"
need=("${names[@]}")
for k in "${ours[@]}"; do need+=("$(basename "$k" .ko)"); done
for m in "${need[@]}"; do
	if ! deps=$(modprobe -d "$mroot" -S "$KVER" --show-depends "$m" 2>&1); then
		t_fail "${pfx}initramfs: dependencies of $m" "$deps"
		exit 0
	fi
	printf '%s\n' "$deps" | while read -r what path _; do
		[ "$what" = insmod ] || continue
		rel=${path#"$mroot"/}
		mkdir -p "$ir/$(dirname "$rel")"
		cp "$path" "$ir/$rel"
	done
done
cp "$mroot/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$ir/lib/modules/$KVER/" 2>/dev/null || true
depmod -b "$ir" "$KVER"

debug=0
[ "$flavour" = debug ] && debug=1
cat > "$ir/init" <<EOF
#!/bin/busybox sh
# generated by tests/kunit.sh
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
MODULES="${names[*]}"
DEBUG=$debug
EOF
cat >> "$ir/init" <<'EOF'
# The test channel is the second serial port; with gpupass_ktap=console on
# the command line (kunit.py exec, see docs/kunit.md) it is the console.
T=/dev/ttyS1
grep -q 'gpupass_ktap=console' /proc/cmdline && T=/dev/console
[ $T = /dev/ttyS1 ] && stty -F $T raw -echo 2>/dev/null
kmsg() { echo "gpupass-kunit: $*" > /dev/kmsg; }
say() { echo "$*" > $T; }
nextpid() { sh -c 'echo $$'; }
KM=/sys/kernel/debug/kmemleak
kmsg "boot done"
n=0
for m in $MODULES; do
	ls /sys/kernel/debug/kunit > /tmp/before 2>/dev/null
	say "=== MODULE $m BEGIN pid=$(nextpid)"
	kmsg "module $m begin"
	modprobe $m
	load=$?
	k=0
	for s in $(ls /sys/kernel/debug/kunit 2>/dev/null); do
		grep -qxF "$s" /tmp/before && continue
		n=$((n + 1))
		k=$((k + 1))
		# Drop the per-suite "KTAP version 1" / "1..1" header and
		# renumber the suite's own top-level result line.
		sed -E "1,2d; \$s/^(not ok|ok) 1 /\\1 $n /" /sys/kernel/debug/kunit/$s/results > /res/$n
	done
	unload=0
	if [ $load = 0 ]; then
		modprobe -r $m || unload=$?
	fi
	kmsg "module $m end"
	say "=== MODULE $m END load=$load unload=$unload suites=$k pid=$(nextpid)"
done
say "=== KTAP-BEGIN"
say "KTAP version 1"
say "1..$n"
i=1
while [ $i -le $n ]; do
	cat /res/$i > $T
	i=$((i + 1))
done
say "=== KTAP-END"
if [ "$DEBUG" = 1 ]; then
	if [ -w $KM ]; then
		kmsg "kmemleak scan"
		# kmemleak ignores objects younger than 5 s of jiffies, and jiffies lag
		# behind wall time under TCG: wait twice that.
		sleep 10
		echo scan > $KM
		say "=== KMEMLEAK-BEGIN"
		cat $KM > $T
		say "=== KMEMLEAK-END"
		cat $KM
	else
		say "=== KMEMLEAK-UNAVAILABLE"
	fi
fi
say "=== DONE"
kmsg "done"
poweroff -f
EOF
chmod +x "$ir/init"
(cd "$ir" && find . | cpio -o -H newc --quiet) | gzip -1 > "$run/initramfs.cpio.gz"
if [ "$ir_only" = 1 ]; then
	echo "kunit.sh: KDIR=$KDIR KVER=$KVER" >&2
	echo "$run/initramfs.cpio.gz"
	exit 0
fi

# ---- 4. boot ---------------------------------------------------------------
console=$run/console.log
serial=$run/serial.log
: > "$serial"
t2=$(date +%s)
set +e
timeout "$run_timeout" qemu-system-x86_64 -machine q35 -accel tcg -smp 1 -m 1024 \
	-nographic -no-reboot -nic none -bios /usr/share/qemu/qboot.rom \
	-serial mon:stdio -serial file:"$serial" \
	-kernel "$VMLINUZ" -initrd "$run/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 oops=panic" < /dev/null > "$console" 2>&1
qrc=$?
set -e
t_boot=$(($(date +%s) - t2))
[ $qrc = 124 ] && echo "kunit.sh: guest killed after ${run_timeout}s" >> "$console"

# ---- 5. report -------------------------------------------------------------
dbg=()
[ "$flavour" = debug ] && dbg=(--debug)
/usr/bin/python3 "$here/lib/ktap.py" --serial "$serial" --console "$console" \
	--kunitpy "$kunitpy" --out "$run" "${dbg[@]}" --expect "${names[@]}" |
	sed "s/^\(ok\|not ok\) - kunit: /\1 - $pfx/"
echo "kunit.sh: $label: kernel ${t_kernel}s, modules ${t_build}s, boot+run ${t_boot}s (qemu rc $qrc); logs in $run" >&2
if [ "$keep" = 0 ]; then
	rm -rf "$copy" "$mroot" "$ir"
fi
exit 0
