#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (once, cached) a small x86_64 test kernel from Debian's
# linux-source-SERIES package and write its env file for the QEMU runners.
#
# usage: build-test-kernel.sh [--force] FLAVOUR [SERIES]
#   FLAVOUR  kunit   KUnit + what our modules need (scripts/kunit/base.config)
#            debug   the same plus KASAN, lockdep, kmemleak, ... (+ debug.config)
#   SERIES   Debian source package series, default 6.1 (linux-source-6.1)
#   --force  run make even when the cache key matches (normally skipped)
#
# Paths (GPUPASS_CACHE defaults to ~/.cache/gpupass):
#   src/linux-source-SERIES_VERSION_all.deb   the downloaded package
#   src/linux-source-SERIES-VERSION/           the extracted tree (read only)
#   kunit/FLAVOUR-SERIES/                      build dir (O=), usable as KDIR
#   kunit/FLAVOUR-SERIES/.gpupass-key          key of the completed build
#   kernels/FLAVOUR-SERIES/root/lib/modules/KVER/   modules_install + depmod
#   kernels/FLAVOUR-SERIES/env                 KVER= ROOT= VMLINUZ= KDIR=
#   ccache/                                    CCACHE_DIR
#
# The key is the source package version + sha256 of the config fragments,
# the flavour and the compiler version.  When it matches the last complete
# build, nothing is compiled (a warm run takes a second or two).  A new
# source version starts a fresh build dir; a changed fragment reconfigures
# the existing one (incremental build).  Every option line of the fragments
# must be in the final .config, or the script fails naming the missing ones.
#
# Environment: JOBS (default: nproc), NICE (default 10).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/common.sh"

usage() {
	sed -n '7,12s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

force=0
while [ $# -gt 0 ]; do
	case $1 in
	--force) force=1; shift ;;
	-h | --help) usage ;;
	-*) die "unknown option '$1'" ;;
	*) break ;;
	esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
flavour=$1
series=${2:-6.1}
case $flavour in
kunit) frags=("$here/kunit/base.config") ;;
debug) frags=("$here/kunit/base.config" "$here/kunit/debug.config") ;;
*) die "unknown flavour '$flavour' (kunit or debug)" ;;
esac
case $series in
[0-9]*.[0-9]*) ;;
*) die "bad series '$series' (e.g. 6.1)" ;;
esac
for f in "${frags[@]}"; do
	[ -f "$f" ] || die "config fragment $f is missing"
done
for t in apt-cache apt-get dpkg-deb tar xz make gcc ccache flex bison bc depmod flock sha256sum; do
	command -v "$t" >/dev/null 2>&1 ||
		die "'$t' not found (run scripts/install-deps.sh, or apt-get install build-essential flex bison bc libelf-dev libssl-dev ccache kmod xz-utils)"
done

label=$flavour-$series
jobs=${JOBS:-$(nproc)}
nice_lvl=${NICE:-10}
srcroot=$GPUPASS_CACHE/src
build=$GPUPASS_CACHE/kunit/$label
kdir_env=$GPUPASS_CACHE/kernels/$label
root=$kdir_env/root
export CCACHE_DIR=${CCACHE_DIR:-$GPUPASS_CACHE/ccache}
mkdir -p "$srcroot" "$GPUPASS_CACHE/kunit" "$kdir_env" "$CCACHE_DIR"

t0=$(date +%s)

# One builder per flavour at a time (the runner and tests/kunit.sh may both
# ask for the same kernel).
exec 9>"$GPUPASS_CACHE/kunit/.$label.lock"
if ! flock -n 9; then
	log "$label: another build holds the lock, waiting"
	flock 9
fi

# ---- 1. the source package ----------------------------------------------
pkg=linux-source-$series
version=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -1)
if [ -z "$version" ]; then
	# Offline or no apt lists: fall back to an already downloaded package.
	deb=$(ls -1 "$srcroot/${pkg}_"*_all.deb 2>/dev/null | sort -V | tail -1 || true)
	[ -n "$deb" ] || die "apt knows no package $pkg (run apt-get update; 6.1 is in bookworm)"
	version=$(dpkg-deb -f "$deb" Version)
	log "apt-cache has no $pkg; using downloaded $version"
fi
uversion=${version#*:} # no epoch in file names
deb=$srcroot/${pkg}_${uversion}_all.deb
tree=$srcroot/$pkg-$uversion
exec 8>"$srcroot/.$pkg.lock"
flock 8
if [ ! -f "$tree/.gpupass-extracted" ]; then
	if [ ! -f "$deb" ]; then
		log "downloading $pkg $version"
		(cd "$srcroot" && apt-get download -q "$pkg=$version" 2>&1 |
			grep -v 'Download is performed unsandboxed' >&2) || true
		[ -f "$deb" ] || die "apt-get download $pkg=$version did not produce $deb"
	fi
	log "extracting $pkg $version into $tree"
	tmp=$(mktemp -d "$srcroot/.extract.XXXXXX")
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./usr/src/$pkg.tar.xz" ||
		die "no usr/src/$pkg.tar.xz in $deb"
	tar -xJf "$tmp/usr/src/$pkg.tar.xz" -C "$tmp"
	[ -f "$tmp/$pkg/Makefile" ] || die "unexpected layout of $pkg.tar.xz (no $pkg/Makefile)"
	rm -rf "$tree"
	mv "$tmp/$pkg" "$tree"
	rm -rf "$tmp"
	touch "$tree/.gpupass-extracted"
fi
flock -u 8

# ---- 2. configuration and cache key --------------------------------------
localversion=-gpupass-$flavour
fraghash=$(cat "${frags[@]}" | sha256sum | cut -c1-16)
key="src=$pkg-$version frags=$fraghash flavour=$flavour localversion=$localversion cc=$(gcc --version | head -1)"

# Build dir belongs to another source tree (path is baked in): start afresh.
if [ -f "$build/.gpupass-src" ] && [ "$(cat "$build/.gpupass-src")" != "$tree" ]; then
	log "$label: source changed ($(cat "$build/.gpupass-src") -> $tree), new build dir"
	rm -rf "$build"
fi
mkdir -p "$build"
echo "$tree" > "$build/.gpupass-src"

kmake() {
	nice -n "$nice_lvl" make -C "$tree" O="$build" ARCH=x86_64 \
		CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}

# Every option line of the fragments must survive olddefconfig.
verify_config() {
	local line sym missing=()
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$build/.config" || missing+=("$line (have: $(grep -E "^(# )?${line%%=*}[= ]" "$build/.config" || echo unset))")
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -q "^$sym=" "$build/.config"; then
				missing+=("$line (have: $(grep "^$sym=" "$build/.config"))")
			fi
			;;
		esac
	done < <(cat "${frags[@]}")
	if [ ${#missing[@]} -gt 0 ]; then
		for line in "${missing[@]}"; do
			echo "gpupass: $label: requested option not in .config: $line" >&2
		done
		die "$label: ${#missing[@]} requested option(s) dropped by Kconfig (unmet dependencies?); see $build/.config"
	fi
}

if [ "$force" = 0 ] && [ -f "$build/.gpupass-key" ] && [ "$(cat "$build/.gpupass-key")" = "$key" ] &&
	[ -f "$build/arch/x86/boot/bzImage" ]; then
	log "$label: cached build matches ($pkg $version, fragments $fraghash)"
	built=cached
else
	rm -f "$build/.gpupass-key"
	log "$label: configuring ($pkg $version, fragments $fraghash)"
	{
		cat "${frags[@]}"
		echo "CONFIG_LOCALVERSION=\"$localversion\""
		echo "# CONFIG_LOCALVERSION_AUTO is not set"
	} > "$build/.config"
	kmake -s olddefconfig > "$build/gpupass-config.log" 2>&1 ||
		{ cat "$build/gpupass-config.log" >&2; die "$label: make olddefconfig failed"; }
	verify_config
	log "$label: building bzImage and modules (-j$jobs, nice $nice_lvl; log: $build/gpupass-build.log)"
	tb=$(date +%s)
	if ! kmake -j"$jobs" bzImage modules > "$build/gpupass-build.log" 2>&1; then
		grep -E -B2 -A8 'error:|Error [0-9]' "$build/gpupass-build.log" | tail -60 >&2 || tail -60 "$build/gpupass-build.log" >&2
		die "$label: kernel build failed (full log: $build/gpupass-build.log)"
	fi
	built="built in $(($(date +%s) - tb)) s"
	rm -rf "$root"
fi

# ---- 3. staging root, env file -------------------------------------------
kver=$(make -s -C "$tree" O="$build" ARCH=x86_64 kernelrelease 2>/dev/null | tail -1)
[ -n "$kver" ] || die "$label: cannot determine kernelrelease"
vmlinuz=$build/arch/x86/boot/bzImage
[ -f "$vmlinuz" ] || die "$label: $vmlinuz missing after build"
if [ ! -f "$root/lib/modules/$kver/modules.dep" ] || [ ! -d "$root/lib/modules/$kver/kernel" ]; then
	log "$label: installing modules into $root"
	mkdir -p "$root"
	kmake -s INSTALL_MOD_PATH="$root" modules_install > "$build/gpupass-install.log" 2>&1 ||
		{ tail -30 "$build/gpupass-install.log" >&2; die "$label: modules_install failed"; }
	depmod -b "$root" "$kver" || die "$label: depmod -b $root $kver failed"
fi
echo "$key" > "$build/.gpupass-key"

tmpenv=$(mktemp "$kdir_env/.env.XXXXXX")
cat > "$tmpenv" <<EOT
KVER='$kver'
ROOT='$root'
VMLINUZ='$vmlinuz'
KDIR='$build'
EOT
mv "$tmpenv" "$kdir_env/env"
log "$label: KVER=$kver ($built; total $(($(date +%s) - t0)) s)"
echo "$kdir_env/env"
