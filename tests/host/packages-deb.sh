#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages: built with dpkg-buildpackage from the tree as it is,
# checked by lintian (no errors), then installed with apt into the build
# roots of PACKAGE_ROOTS (default "bookworm-backports trixie sid": the
# chroots the kernel matrix uses, each seen through an overlay so the
# cached chroot is not changed).  There DKMS, run by the package's own
# postinst, must build and install every module for the suite's kernel;
# `apt purge` must then leave no file of ours behind.
# PACKAGE_ROOTS= (empty) builds and lints only.
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/scripts/common.sh"

for c in dpkg-buildpackage lintian dh_dkms; do
	command -v $c >/dev/null || { t_skip "Debian packages" "no $c (scripts/install-deps.sh)"; exit 0; }
done

w=$(mktemp -d)
trap 'umount -R "$w/root" 2>/dev/null; rm -rf "$w"' EXIT
src=$w/gpupass-$GPUPASS_VERSION
copy_source_tree "$src"

if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$w/build.log" 2>&1; then
	t_ok "dpkg-buildpackage -us -uc -b"
else
	t_fail "dpkg-buildpackage -us -uc -b" "$(tail -30 "$w/build.log")"
	exit 0
fi
dkms_deb=$w/gpupass-dkms_${GPUPASS_VERSION}_all.deb
tools_deb=$(ls "$w"/gpupass-tools_"$GPUPASS_VERSION"_*.deb)
lint=$(lintian --tag-display-limit 0 "$w"/gpupass_"$GPUPASS_VERSION"_*.changes 2>&1 |
	grep -v 'running with root privileges')
t_check "lintian: no errors" sh -c "! grep -q '^E:' <<'EOF'
$lint
EOF"
[ -n "$lint" ] && sed 's/^/# lintian: /' <<<"$lint"

files() { dpkg-deb -c "$1" | awk '{ print $6 }' | sed 's|^\./|/|'; }
dkms_files=$(files "$dkms_deb")
tools_files=$(files "$tools_deb")
t_check "gpupass-dkms: dkms.conf with a literal version" \
	grep -qx "PACKAGE_VERSION=\"$GPUPASS_VERSION\"" <(dpkg-deb --fsys-tarfile "$dkms_deb" |
		tar -xOf - "./usr/src/gpupass-$GPUPASS_VERSION/dkms.conf")
for f in /usr/lib/udev/rules.d/70-kvmfr.rules /usr/lib/modprobe.d/kvmfr.conf \
	/etc/apparmor.d/abstractions/libvirt-qemu.d/gpupass-kvmfr \
	/etc/apparmor.d/abstractions/libvirt-qemu.d/gpupass-acpi-battery-ssdt \
	"/usr/src/gpupass-$GPUPASS_VERSION/scripts/dkms-modules.sh"; do
	t_check "gpupass-dkms ships $f" grep -qx "$f" <<<"$dkms_files"
done
t_check "gpupass-dkms ships nothing under /etc/modprobe.d, /etc/udev or /etc/modules-load.d" \
	sh -c "! grep -qE '^/etc/(modprobe.d|udev|modules-load.d)/.' <<'EOF'
$dkms_files
EOF"
for f in /usr/bin/gpupass /usr/bin/kvmfr-size /usr/bin/battery-ssdt /usr/sbin/vfio-d3cold \
	/usr/share/man/man1/gpupass.1.gz /usr/share/man/man8/vfio-d3cold.8.gz; do
	t_check "gpupass-tools ships $f" grep -qx "$f" <<<"$tools_files"
done
t_check "gpupass-tools ships no DKMS sources" sh -c "! grep -q '^/usr/src/' <<'EOF'
$tools_files
EOF"

# in_root CMD...: run in the overlay root, as a package's user would.
in_root() {
	unshare -m sh -c 'mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
		r=$1 && shift && exec chroot "$r" env PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		DEBIAN_FRONTEND=noninteractive DEBIAN_KERNEL_USE_CCACHE=1 \
		CCACHE_DIR=/var/cache/gpupass-ccache "$@"' sh "$w/root" "$@"
}
# snapshot: every path of the root but the package database, caches, and
# what depmod regenerates (modules.* indexes, an empty updates/ that dkms
# removes): a module of ours left behind still shows.
snapshot() {
	(cd "$w/root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./var/lib/dpkg \
		-o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/log -o -path ./tmp \) -prune \
		-o -print | grep -vE '/lib/modules/[^/]+/(modules\.[^/]+|updates)$' | sort)
}

for label in ${PACKAGE_ROOTS-bookworm-backports trixie sid}; do
	if ! "$GPUPASS_SRC/scripts/fetch-kernel.sh" --headers-only "$label" >"$w/fetch-$label.log" 2>&1; then
		t_fail "$label: build root" "$(tail -20 "$w/fetch-$label.log")"
		continue
	fi
	(load_kernel_env "$label" && echo "$KVER" >"$w/kver" && echo "$CHROOT" >"$w/chroot")
	kver=$(cat "$w/kver") chroot=$(cat "$w/chroot")
	t0=$SECONDS
	# One apt or dkms user of a chroot at a time (scripts/mk-chroot.sh).
	exec 9>"$(dirname "$chroot")/.$(basename "$chroot").lock"
	flock 9
	mkdir -p "$w/up" "$w/work" "$w/root"
	mount -t overlay overlay -o "lowerdir=$chroot,upperdir=$w/up,workdir=$w/work" "$w/root"
	# Only this kernel's headers: DKMS builds for each kernel that has them.
	for b in "$w/root"/lib/modules/*/build; do
		[ "$b" = "$w/root/lib/modules/$kver/build" ] || rm -f "$b"
	done
	cp "$dkms_deb" "$tools_deb" "$w/root/tmp/"
	before=$(snapshot)
	if in_root apt-get install -y "/tmp/$(basename "$dkms_deb")" \
		"/tmp/$(basename "$tools_deb")" >"$w/apt-$label.log" 2>&1; then
		t_ok "$label: apt install gpupass-dkms gpupass-tools"
	else
		t_fail "$label: apt install gpupass-dkms gpupass-tools" "$(tail -30 "$w/apt-$label.log")"
	fi
	mods=$w/root/lib/modules/$kver/updates/dkms
	for m in kvmfr vfio_d3cold acpi_battery_ssdt; do
		t_check "$label: DKMS built and installed $m for $kver" \
			sh -c "ls '$mods'/$m.ko* >/dev/null 2>&1"
	done
	t_check "$label: dkms status says installed" \
		grep -q "gpupass/$GPUPASS_VERSION, $kver, x86_64: installed" <(in_root dkms status 2>&1)
	t_eq "$label: gpupass doctor runs" 0 \
		"$(in_root gpupass --help >/dev/null 2>&1; echo $?)"
	if in_root apt-get purge -y gpupass-dkms gpupass-tools >>"$w/apt-$label.log" 2>&1; then
		t_ok "$label: apt purge"
	else
		t_fail "$label: apt purge" "$(tail -30 "$w/apt-$label.log")"
	fi
	t_eq "$label: nothing of ours left after purge" "$before" "$(snapshot)"
	echo "# $label ($kver): $((SECONDS - t0)) s"
	umount -R "$w/root"
	rm -rf "$w/up" "$w/work"
	flock -u 9
done
