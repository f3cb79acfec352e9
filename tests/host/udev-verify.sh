#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every udev rule we ship passes `udevadm verify` (systemd 254+: trixie's,
# run in the trixie build root the suite makes for 6.12), names resolved
# early as udevd does; and no rule line mixes GROUP= with the uaccess tag
# (udevd drops a line whose group it cannot resolve, tag and all).
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/scripts/common.sh"

rules=$(ls "$GPUPASS_SRC"/*/dist/udev/*.rules)
for f in $rules; do
	t_check "$(basename "$f"): GROUP= and TAG+=\"uaccess\" on separate rules" \
		sh -c "! grep -v '^#' '$f' | grep 'GROUP=' | grep -q 'uaccess'"
done

[ "$(id -u)" = 0 ] || { t_skip "udevadm verify" "needs root (chroot)"; exit 0; }
# The trixie build root of the kernel matrix (made here if this runs first).
. "$GPUPASS_SRC/scripts/common.sh"
if ! "$GPUPASS_SRC/scripts/fetch-kernel.sh" --headers-only trixie >/dev/null 2>"$GPUPASS_CACHE/udev-verify-fetch.log"; then
	t_fail "udevadm verify: the trixie build root" "$(tail -20 "$GPUPASS_CACHE/udev-verify-fetch.log")"
	exit 0
fi
c=$(load_kernel_env trixie && echo "$CHROOT")
if [ ! -x "$c/usr/bin/udevadm" ]; then
	t_fail "udevadm verify" "no udevadm in the trixie build root $c"
	exit 0
fi
# A new directory in the (hard-linked) root; files in it are our own.
t=$(mktemp -d "$c/tmp/udev-verify.XXXXXX")
trap 'rm -rf "$t"' EXIT
for f in $rules; do
	cp "$f" "$t/"
	t_check "udevadm verify $(basename "$f") (systemd $(chroot "$c" udevadm --version))" \
		chroot "$c" udevadm verify --resolve-names=early "/tmp/$(basename "$t")/$(basename "$f")"
done
# The check can fail: a rule with a wrong operator is refused.
printf 'SUBSYSTEM="kvmfr", TAG+="uaccess"\n' >"$t/bad.rules"
t_check "udevadm verify refuses a broken rule" \
	sh -c "! chroot '$c' udevadm verify '/tmp/$(basename "$t")/bad.rules'"
