#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build and install the modules for a prepared kernel with DKMS, exactly as
# a user's `dkms add/build/install` does, but with private trees so the
# system is not touched: the modules land in ROOT/lib/modules/KVER/updates.
#
# A compile-only kernel (its env file has no ROOT) is only built: the
# modules that were built are listed in the work dir's "built" file.
#
# usage: dkms-build.sh LABEL
set -euo pipefail
. "$(dirname "$0")/common.sh"

label=${1:?usage: dkms-build.sh LABEL}
load_kernel_env "$label"

d=$GPUPASS_CACHE/dkms/$label
rm -rf "$d"
mkdir -p "$d/tree" "$d/source"
src=$d/source/gpupass-$GPUPASS_VERSION
copy_package_tree "$src"

mf=${GPUPASS_MAKEFLAGS:-}
# The compiler goes through ccache, by the switch Debian's kernel headers
# have for it (.kernelvariables: CC = $(if $(DEBIAN_KERNEL_USE_CCACHE),
# ccache) gcc-N): the same compiler and warnings, and a run whose sources
# did not change since the last one costs little.  GPUPASS_CCACHE=0 turns
# it off.
use_ccache=1
[ "${GPUPASS_CCACHE:-1}" = 0 ] && use_ccache=
# A cross build (scripts/fetch-cross-kernel.sh): the kernel's Makefile,
# dkms.conf's trial build and the probes read these from the environment.
if [ -n "${CROSS_COMPILE:-}" ]; then
	export ARCH CROSS_COMPILE
	export LD_LIBRARY_PATH=$CROSS_LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
# A compile-only kernel whose exact inputs already built here (our
# sources, the make flags, every package of its chroot: a new kernel, gcc
# or dkms there changes the key) has its result: the build would repeat
# it byte for byte.  GPUPASS_BUILD_CACHE=0 builds anyway.
okdir=$GPUPASS_CACHE/dkms-ok/$label
key=
if [ -z "$ROOT" ] && [ -n "${CHROOT:-}" ] && [ "${GPUPASS_BUILD_CACHE:-1}" != 0 ]; then
	key=$({
		(cd "$src" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
		echo "$KVER|$mf|${ARCH:-}|${CROSS_COMPILE:-}|$use_ccache"
		sha256sum <"$CHROOT/var/lib/dpkg/status"
	} | sha256sum | cut -c1-32)
	if [ -f "$okdir/$key" ] && [ -f "$okdir/built" ] && [ -f "$okdir/make.log" ]; then
		cp "$okdir/built" "$d/built"
		cp "$okdir/make.log" "$d/make.log"
		log "cached: these sources built W=1 -Werror for $KVER in $CHROOT at $(date -r "$okdir/$key" '+%F %T') with the same chroot (GPUPASS_BUILD_CACHE=0 builds again)"
		grep -e '^gpupass:' -e 'skipped' "$d/make.log" >&2 || true
		cat "$d/built"
		touch "$d/installed"
		exit 0
	fi
fi
if [ -n "${CHROOT:-}" ]; then
	# The kernel's own suite builds it: dkms, gcc and headers of that
	# release, in its chroot; the installed modules are copied out.
	log "dkms build for $KVER ($label) in $CHROOT"
	# Kernels of one release share its chroot: one dkms at a time.
	exec 9>"$(dirname "$CHROOT")/.$(basename "$CHROOT").lock"
	flock 9
	rm -rf "$CHROOT/usr/src/gpupass-$GPUPASS_VERSION" "$CHROOT/var/lib/dkms/gpupass"
	cp -a "$src" "$CHROOT/usr/src/"
	rm -rf "$CHROOT/lib/modules/$KVER/updates/dkms"
	if ! unshare -m sh -c '
		mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
		exec chroot "$1" env GPUPASS_MAKEFLAGS="$4" CCACHE_DIR=/var/cache/gpupass-ccache \
			DEBIAN_KERNEL_USE_CCACHE="$5" PATH=/usr/sbin:/usr/bin:/sbin:/bin sh -c "
			dkms add -m gpupass -v $2 &&
			dkms build -m gpupass -v $2 -k $3 &&
			dkms install -m gpupass -v $2 -k $3 --force"' \
		sh "$CHROOT" "$GPUPASS_VERSION" "$KVER" "$mf" "$use_ccache" >"$d/dkms.log" 2>&1; then
		cat "$d/dkms.log" >&2
		cat "$CHROOT/var/lib/dkms/gpupass/$GPUPASS_VERSION/build/make.log" >&2 2>/dev/null || true
		die "dkms build failed for $KVER"
	fi
	ls "$CHROOT/lib/modules/$KVER/updates/dkms/" | sed 's/\.ko.*$//' | sort >"$d/built"
	if [ -n "$ROOT" ]; then
		rm -rf "$ROOT/lib/modules/$KVER/updates/dkms"
		mkdir -p "$ROOT/lib/modules/$KVER/updates"
		cp -a "$CHROOT/lib/modules/$KVER/updates/dkms" "$ROOT/lib/modules/$KVER/updates/"
	fi
	cp "$CHROOT/var/lib/dkms/gpupass/$GPUPASS_VERSION/$KVER/"*/log/make.log "$d/make.log"
	# Leave the shared chroot without our package.
	rm -rf "$CHROOT/lib/modules/$KVER/updates/dkms" "$CHROOT/var/lib/dkms/gpupass" \
		"$CHROOT/usr/src/gpupass-$GPUPASS_VERSION"
	flock -u 9
else
	opts=(--dkmstree "$d/tree" --sourcetree "$d/source" --installtree "$ROOT/lib/modules")
	log "dkms build for $KVER ($label)"
	dkms add "${opts[@]}" -m gpupass -v "$GPUPASS_VERSION" >"$d/dkms.log" 2>&1 ||
		{ cat "$d/dkms.log" >&2; die "dkms add failed"; }
	# Remove an older install of ours from the root before installing anew.
	rm -rf "$ROOT/lib/modules/$KVER/updates/dkms"
	if ! GPUPASS_MAKEFLAGS=$mf DEBIAN_KERNEL_USE_CCACHE=$use_ccache \
		CCACHE_DIR=$GPUPASS_CACHE/ccache-dkms dkms build "${opts[@]}" -m gpupass -v "$GPUPASS_VERSION" \
		-k "$KVER" --kernelsourcedir "$KDIR" >>"$d/dkms.log" 2>&1; then
		cat "$d/dkms.log" >&2
		cat "$d/tree/gpupass/$GPUPASS_VERSION/build/make.log" >&2 2>/dev/null || true
		die "dkms build failed for $KVER"
	fi
	# dkms's own depmod would run on the system's /lib/modules/KVER, which
	# a kernel built here does not have: depmod -b below does the root.
	dkms install "${opts[@]}" -m gpupass -v "$GPUPASS_VERSION" -k "$KVER" \
		--kernelsourcedir "$KDIR" --force --no-depmod >>"$d/dkms.log" 2>&1 ||
		{ cat "$d/dkms.log" >&2; die "dkms install failed for $KVER"; }
	cp "$d/tree/gpupass/$GPUPASS_VERSION/$KVER/"*/log/make.log "$d/make.log"
	ls "$ROOT/lib/modules/$KVER/updates/dkms/" | sed 's/\.ko.*$//' | sort >"$d/built"
fi
[ -n "$ROOT" ] && depmod -b "$ROOT" "$KVER"
# The probe results and any skip message, for the test log.
grep -e '^gpupass:' -e 'skipped' "$d/make.log" >&2 || true
cat "$d/built"
if [ -n "$key" ]; then
	rm -rf "$okdir"
	mkdir -p "$okdir"
	cp "$d/built" "$d/make.log" "$okdir/"
	touch "$okdir/$key"
fi
# The runner boots this kernel only after a complete build and install.
touch "$d/installed"
