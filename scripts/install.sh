#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make install` / `make uninstall`: register the package with DKMS, build
# and install it for a kernel (default: the running one), and install the
# files the modules ship: udev rules, modprobe.d and modules-load.d files,
# AppArmor lines for libvirt's QEMU, the userspace tools and uapi header.
#
#   install.sh install|uninstall
#
# Environment: KVER (kernel, default `uname -r`); DESTDIR (install under
# this root instead of /, with private DKMS trees: used by the tests).
set -euo pipefail
. "$(dirname "$0")/common.sh"

action=${1:?usage: install.sh install|uninstall}
kver=${KVER:-$(uname -r)}
D=${DESTDIR:-}
pkg=gpupass
ver=$GPUPASS_VERSION
manifest=$D/var/lib/$pkg/manifest
aa_file=$D/etc/apparmor.d/local/abstractions/libvirt-qemu
aa_begin="# BEGIN $pkg (managed by make install)"
aa_end="# END $pkg"

[ -n "$D" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo make $action)"
command -v dkms >/dev/null || die "dkms is not installed (apt-get install dkms)"

dkms_opts=()
if [ -n "$D" ]; then
	mkdir -p "$D/var/lib/dkms" "$D/usr/src" "$D/lib/modules/$kver"
	dkms_opts=(--dkmstree "$D/var/lib/dkms" --sourcetree "$D/usr/src"
		--installtree "$D/lib/modules")
fi

# put SRC DEST MODE: install one file and record it for uninstall.
put() {
	install -D -m "$3" "$1" "$D$2"
	echo "$2" >>"$manifest"
}

do_install() {
	mkdir -p "$(dirname "$manifest")"
	: >"$manifest"

	# The DKMS source tree: what git tracks of the modules and the build.
	local src=$D/usr/src/$pkg-$ver
	rm -rf "$src"
	copy_package_tree "$src"
	echo "/usr/src/$pkg-$ver" >>"$manifest"

	if dkms status "${dkms_opts[@]}" -m "$pkg" -v "$ver" 2>/dev/null | grep -q .; then
		dkms remove "${dkms_opts[@]}" -m "$pkg" -v "$ver" --all >/dev/null 2>&1 || true
	fi
	dkms add "${dkms_opts[@]}" -m "$pkg" -v "$ver"
	dkms build "${dkms_opts[@]}" -m "$pkg" -v "$ver" -k "$kver"
	dkms install "${dkms_opts[@]}" -m "$pkg" -v "$ver" -k "$kver" --force

	local f
	for f in "$GPUPASS_SRC"/*/dist/udev/*.rules; do
		[ -e "$f" ] && put "$f" "/etc/udev/rules.d/$(basename "$f")" 0644
	done
	for f in "$GPUPASS_SRC"/*/dist/modprobe.d/*.conf; do
		[ -e "$f" ] && put "$f" "/etc/modprobe.d/$(basename "$f")" 0644
	done
	for f in "$GPUPASS_SRC"/*/dist/modules-load.d/*.conf; do
		[ -e "$f" ] && put "$f" "/etc/modules-load.d/$(basename "$f")" 0644
	done
	for f in "$GPUPASS_SRC"/include/uapi/*.h; do
		[ -e "$f" ] && put "$f" "/usr/local/include/$(basename "$f")" 0644
	done

	make -s -C "$GPUPASS_SRC/tools" >/dev/null
	for f in "$GPUPASS_SRC"/tools/*/; do
		local b
		b=$f$(basename "$f")
		[ -x "$b" ] && put "$b" "/usr/local/bin/$(basename "$b")" 0755
	done

	# AppArmor: libvirt's QEMU may only open what its profile allows.
	local aa=""
	for f in "$GPUPASS_SRC"/*/dist/apparmor/*; do
		[ -e "$f" ] && aa="$aa$(cat "$f")"$'\n'
	done
	if [ -n "$aa" ]; then
		remove_apparmor_block
		mkdir -p "$(dirname "$aa_file")"
		printf '%s\n%s%s\n' "$aa_begin" "$aa" "$aa_end" >>"$aa_file"
	fi

	if [ -z "$D" ]; then
		command -v udevadm >/dev/null && udevadm control --reload || true
		command -v apparmor_parser >/dev/null && [ -n "$aa" ] &&
			log "AppArmor: lines added to $aa_file; restart libvirtd to apply"
	fi
	log "installed $pkg $ver for $kver"
}

remove_apparmor_block() {
	[ -f "$aa_file" ] || return 0
	sed -i "/^$aa_begin\$/,/^$aa_end\$/d" "$aa_file"
	[ -s "$aa_file" ] || rm -f "$aa_file"
}

do_uninstall() {
	if dkms status "${dkms_opts[@]}" -m "$pkg" -v "$ver" 2>/dev/null | grep -q .; then
		dkms remove "${dkms_opts[@]}" -m "$pkg" -v "$ver" --all
	fi
	if [ -f "$manifest" ]; then
		local f
		while read -r f; do
			case $f in
			/?*) rm -rf "$D$f" ;;
			esac
		done <"$manifest"
		rm -f "$manifest"
		rmdir "$(dirname "$manifest")" 2>/dev/null || true
	fi
	rm -rf "$D/usr/src/$pkg-$ver"
	remove_apparmor_block
	if [ -z "$D" ]; then
		command -v udevadm >/dev/null && udevadm control --reload || true
	fi
	log "uninstalled $pkg $ver"
}

case $action in
install) do_install ;;
uninstall) do_uninstall ;;
*) die "usage: install.sh install|uninstall" ;;
esac
