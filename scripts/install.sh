#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make install` / `make uninstall`: register the package with DKMS, build
# and install it for the target kernels, and install the defaults the
# modules ship, the tools and their man pages.
#
#   install.sh install|uninstall
#
# The rules it keeps:
# - Defaults go where distributions put package defaults, under
#   $PREFIX/lib (udev/rules.d, modprobe.d, modules-load.d): a file of the
#   same name in /etc always wins over them.  Nothing is written to /etc
#   except AppArmor's drop-in directory, which exists for that.
# - A file that exists and that we did not install stops the install
#   before anything is changed; uninstall removes exactly what the manifest
#   lists, and only when it still holds what we installed.
# - Everything is checked first (dkms, headers for each target kernel, a
#   Looking Glass kvmfr on the system); a step failing later rolls back
#   what was done.
# - No memory is pinned at boot unless asked for: KVMFR_SIZE_MB=64 installs
#   the modprobe.d options and the modules-load.d file for /dev/kvmfr0.
#
# Environment: KVER (target kernels, space separated; default: the running
# kernel and every installed kernel with headers); KVMFR_SIZE_MB (static
# kvmfr device sizes, e.g. 64 or 32,64); PREFIX (/usr/local); DESTDIR
# (install under this root instead of /, with private DKMS trees: used by
# the tests; the headers are still the system's).
set -euo pipefail
. "$(dirname "$0")/common.sh"

action=${1:?usage: install.sh install|uninstall}
D=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
pkg=gpupass
ver=$GPUPASS_VERSION
manifest=$D/var/lib/$pkg/manifest
aa_dir=/etc/apparmor.d/abstractions/libvirt-qemu.d

[ -n "$D" ] || [ "$(id -u)" -eq 0 ] || die "run as root (sudo make $action)"

dkms_opts=()
if [ -n "$D" ]; then
	dkms_opts=(--dkmstree "$D/var/lib/dkms" --sourcetree "$D/usr/src"
		--installtree "$D/lib/modules")
fi

# The kernels to build for.  Without KVER: the running kernel (which must
# have headers when installing to /) and every other kernel with headers.
target_kernels() {
	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	local k ks=""
	[ -n "$D" ] || ks=$(uname -r)
	for k in /lib/modules/*/build/Makefile; do
		[ -e "$k" ] || continue
		k=${k#/lib/modules/}
		k=${k%/build/Makefile}
		[[ " $ks " == *" $k "* ]] || ks="$ks $k"
	done
	echo $ks
}

# foreign_kvmfr: print what on the system is Looking Glass's kvmfr (or any
# kvmfr that is not ours): both install updates/dkms/kvmfr.ko.
foreign_kvmfr() {
	local s m
	s=$(dkms status "${dkms_opts[@]}" kvmfr 2>/dev/null || true)
	[ -z "$s" ] || echo "DKMS has the kvmfr package: $s"
	for m in "$D"/usr/src/kvmfr-*; do
		[ -e "$m" ] && echo "Looking Glass's module sources are in ${m#"$D"}"
	done
	# A loaded kvmfr whose module file is not ours (the tests point
	# GPUPASS_SYSFS at a fake tree).
	if [ -d "${GPUPASS_SYSFS:-$D/sys}/module/kvmfr" ]; then
		local k author
		for k in $kvers; do
			author=$(modinfo ${D:+-b "$D"} -k "$k" -F author kvmfr 2>/dev/null || true)
			case $author in
			*gpupass*) ;;
			"") echo "a kvmfr module is loaded, and $k has no kvmfr module file of ours" ;;
			*) echo "the loaded kvmfr is not ours (author: $author)" ;;
			esac
		done
	fi
}

# stage ROOT: put every file we install under ROOT (relative to /).
stage() {
	local r=$1 f
	for f in "$GPUPASS_SRC"/*/dist/udev/*.rules; do
		install -D -m 0644 "$f" "$r$PREFIX/lib/udev/rules.d/$(basename "$f")"
	done
	for f in "$GPUPASS_SRC"/*/dist/modprobe.d/*.conf; do
		install -D -m 0644 "$f" "$r$PREFIX/lib/modprobe.d/$(basename "$f")"
	done
	if [ -n "${KVMFR_SIZE_MB:-}" ]; then
		[[ $KVMFR_SIZE_MB =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] ||
			die "KVMFR_SIZE_MB=$KVMFR_SIZE_MB: give sizes in MiB, e.g. 64 or 32,64"
		{
			echo "# Installed by gpupass's \`make install KVMFR_SIZE_MB=$KVMFR_SIZE_MB\`:"
			echo "# static kvmfr devices, pinned at boot.  /etc/modprobe.d/kvmfr.conf"
			echo "# overrides this file."
			echo "options kvmfr static_size_mb=$KVMFR_SIZE_MB"
		} >"$r/kvmfr.conf"
		install -D -m 0644 "$r/kvmfr.conf" "$r$PREFIX/lib/modprobe.d/kvmfr.conf"
		rm "$r/kvmfr.conf"
		install -D -m 0644 "$GPUPASS_SRC/kvmfr/dist/modules-load.d/kvmfr.conf" \
			"$r$PREFIX/lib/modules-load.d/kvmfr.conf"
	fi
	for f in "$GPUPASS_SRC"/include/uapi/*.h; do
		install -D -m 0644 "$f" "$r$PREFIX/include/$(basename "$f")"
	done
	# AppArmor 3 with libvirt 7.0+ includes this directory; older ones need
	# the admin's local file, which we leave to the admin (printed below).
	if [ -d "$D$aa_dir" ]; then
		for f in "$GPUPASS_SRC"/*/dist/apparmor/*; do
			install -D -m 0644 "$f" "$r$aa_dir/$(basename "$f")"
		done
	fi
	make -s -C "$GPUPASS_SRC/tools" install DESTDIR="$r" PREFIX="$PREFIX" >/dev/null
}

# The manifest: "f SHA256 PATH" for a file, "d - PATH" for a directory we
# created, "s - /usr/src/..." for the DKMS source tree, in creation order.
record() { echo "$1 $2 $3" >>"$manifest"; }

# Create the parents of PATH that do not exist, recording them.
mkparents() {
	local p=$1 missing=()
	while p=$(dirname "$p") && [ "$p" != / ] && [ ! -d "$D$p" ]; do
		missing=("$p" "${missing[@]}")
	done
	for p in "${missing[@]}"; do
		mkdir "$D$p"
		record d - "$p"
	done
}

# Our files from an earlier install (the manifest), one path a line.
ours() { [ -f "$manifest" ] && awk '$1 == "f" || $1 == "s" { print $3 }' "$manifest"; }

do_install() {
	command -v dkms >/dev/null || die "dkms is not installed (apt-get install dkms)"
	kvers=$(target_kernels)
	[ -n "$kvers" ] || die "no kernel with headers in /lib/modules/*/build: install linux-headers for your kernel"

	# ---- checks: nothing is changed before they all pass
	local k problems=""
	for k in $kvers; do
		[ -f "/lib/modules/$k/build/Makefile" ] ||
			problems+="no headers for kernel $k (/lib/modules/$k/build): install linux-headers-$k"$'\n'
	done
	local fk
	fk=$(foreign_kvmfr)
	if [ -n "$fk" ]; then
		problems+="Looking Glass's kvmfr module is installed; gpupass replaces it:"$'\n'
		problems+=$(sed 's/^/  /' <<<"$fk")$'\n'
		problems+="  remove it first: dkms remove kvmfr/VERSION --all; rm -r /usr/src/kvmfr-VERSION;"$'\n'
		problems+="  modprobe -r kvmfr (keep your /etc/modprobe.d, udev and AppArmor files: they work with gpupass)"$'\n'
	fi
	local prev
	prev=$(ours || true)
	if [ -e "$D/usr/src/$pkg-$ver" ] && ! grep -qx "/usr/src/$pkg-$ver" <<<"$prev"; then
		problems+="/usr/src/$pkg-$ver exists and was not installed by make install (a gpupass package?): remove that first"$'\n'
	elif [ -z "$prev" ] && dkms status "${dkms_opts[@]}" "$pkg" 2>/dev/null | grep -q .; then
		problems+="DKMS already has $pkg (a gpupass package?): remove that first"$'\n'
	fi

	st=$(mktemp -d)
	trap 'rm -rf "$st"' EXIT
	stage "$st/root"
	local files f
	files=$(cd "$st/root" && find . -type f | sed 's|^\.||' | sort)
	for f in $files; do
		if [ -e "$D$f" ] && ! grep -qx "$f" <<<"$prev"; then
			problems+="$f exists and is not ours: not overwriting it"$'\n'
		fi
	done
	[ -z "$problems" ] || die "not installing, nothing was changed:
$problems"

	# ---- a reinstall first removes the earlier install (all ours)
	[ -z "$prev" ] || do_uninstall quiet

	# ---- act, rolling back on failure
	mkdir -p "$(dirname "$manifest")"
	: >"$manifest"
	trap 'rm -rf "$st"; rollback' EXIT
	local src=/usr/src/$pkg-$ver
	[ -z "$D" ] || mkparents /var/lib/dkms/x
	mkparents "$src/x"
	copy_package_tree "$D$src"
	record s - "$src"
	dkms add "${dkms_opts[@]}" -m "$pkg" -v "$ver" >&2
	for k in $kvers; do
		[ -z "$D" ] || mkparents "/lib/modules/$k/x"
		dkms build "${dkms_opts[@]}" -m "$pkg" -v "$ver" -k "$k" >&2
		dkms install "${dkms_opts[@]}" -m "$pkg" -v "$ver" -k "$k" --force >&2
	done
	for f in $files; do
		mkparents "$f"
		cp -p "$st/root$f" "$D$f"
		record f "$(sha256sum <"$D$f" | cut -d' ' -f1)" "$f"
	done
	trap 'rm -rf "$st"' EXIT

	if [ -z "$D" ]; then
		command -v udevadm >/dev/null && udevadm control --reload || true
	fi
	[ -d "$D$aa_dir" ] && log "AppArmor: drop-ins in $aa_dir; run \`systemctl reload apparmor\`" ||
		log "AppArmor: no $aa_dir here; if libvirt's QEMU runs confined, add $(cat "$GPUPASS_SRC"/*/dist/apparmor/* | grep -v '^#' | tr '\n' ' ')to /etc/apparmor.d/local/abstractions/libvirt-qemu"
	[ -n "${KVMFR_SIZE_MB:-}" ] ||
		log "kvmfr: no static device configured (no memory pinned): see $PREFIX/lib/modprobe.d/kvmfr.conf"
	for f in modprobe.d/kvmfr.conf modules-load.d/kvmfr.conf udev/rules.d/70-kvmfr.rules; do
		[ -e "$D/etc/$f" ] && log "note: your /etc/$f overrides $PREFIX/lib/$f"
	done
	log "installed $pkg $ver for:" $kvers
}

# Undo a failed install: called from the EXIT trap with the manifest so far.
rollback() {
	log "install failed: rolling back"
	do_uninstall quiet || true
}

do_uninstall() {
	if dkms status "${dkms_opts[@]}" -m "$pkg" -v "$ver" 2>/dev/null | grep -q .; then
		dkms remove "${dkms_opts[@]}" -m "$pkg" -v "$ver" --all >&2 ||
			log "dkms remove $pkg/$ver failed"
	fi
	if [ ! -f "$manifest" ]; then
		[ "${1:-}" = quiet ] || log "nothing installed by make install ($manifest missing)"
		return 0
	fi
	local t sum p
	# Reverse order: files before the directories made for them.
	while read -r t sum p; do
		case $t in
		f)
			[ -e "$D$p" ] || continue
			if [ "$(sha256sum <"$D$p" | cut -d' ' -f1)" = "$sum" ]; then
				rm -f "$D$p"
			else
				log "$p was changed since install: left in place"
			fi
			;;
		s)
			rm -rf "${D:?}$p" "$D/var/lib/dkms/$pkg/$ver"
			# dkms leaves the package's directory behind, empty.
			rmdir "$D/var/lib/dkms/$pkg" 2>/dev/null || true
			;;
		d) rmdir "$D$p" 2>/dev/null || true ;;
		esac
	done < <(tac "$manifest")
	rm -f "$manifest"
	rmdir "$(dirname "$manifest")" 2>/dev/null || true
	if [ -z "$D" ]; then
		command -v udevadm >/dev/null && udevadm control --reload || true
	fi
	[ "${1:-}" = quiet ] || log "uninstalled $pkg $ver"
}

case $action in
install) do_install ;;
uninstall) do_uninstall ;;
*) die "usage: install.sh install|uninstall" ;;
esac
