#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels Debian's archive serves today, read from the archive (not a
# list in this repository): for each suite, the ABI of the amd64 and
# rt-amd64 flavours that its headers metapackages install.  experimental is listed only when it carries
# a kernel newer than all the others (an -rc canary).  A new backports
# kernel joins the matrix without a code change.
#
# usage: archive-kernels.sh     prints "SUITE KVER" lines, oldest suite first
set -euo pipefail
. "$(dirname "$0")/common.sh"

SUITES="bullseye bookworm bookworm-backports trixie trixie-backports sid experimental"

apt_s() { "$GPUPASS_SRC/scripts/apt-suite.sh" "$@"; }

# meta SUITE META: the headers ABI that the suite's metapackage META
# (linux-headers-amd64, linux-headers-rt-amd64) installs, i.e. the kernel
# a user of that suite gets.
meta() {
	apt_s "$1" apt-cache depends "$2" 2>/dev/null |
		grep -o -m1 'linux-headers-[0-9][^ ]*-amd64' | sed 's/^linux-headers-//' || true
}

out=()
for s in $SUITES; do
	lists=$GPUPASS_CACHE/apt/$s/lists
	if [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		apt_s "$s" update >/dev/null 2>&1 || { log "apt update for $s failed"; continue; }
	fi
	a=$(meta "$s" linux-headers-amd64)
	r=$(meta "$s" linux-headers-rt-amd64)
	[ -n "$a" ] && out+=("$s $a")
	[ -n "$r" ] && out+=("$s $r")
done

# experimental only when newer than everything else.
best=$(printf '%s\n' "${out[@]}" | grep -v '^experimental ' | awk '{print $2}' |
	sed 's/-rt-amd64$//; s/-amd64$//' | sort -V | tail -1)
for l in "${out[@]}"; do
	case $l in
	"experimental "*)
		v=${l#* }
		v=${v%-amd64}
		v=${v%-rt}
		[ "$(printf '%s\n%s\n' "$best" "$v" | sort -V | tail -1)" = "$v" ] &&
			[ "$v" != "$best" ] || continue
		;;
	esac
	echo "$l"
done
