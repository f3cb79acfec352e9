#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Arch and RPM packages, built here with Debian's makepkg (--nodeps;
# no pacman, so PACMAN=true) and rpmbuild (--nodeps) from a tarball of the
# tree, and their file lists and relations checked.  Neither is installed:
# that needs an Arch or Fedora system.
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/scripts/common.sh"

w=$(mktemp -d)
chmod 755 "$w"	# makepkg runs as nobody
trap 'rm -rf "$w"' EXIT
v=$GPUPASS_VERSION
copy_source_tree "$w/t/gpupass-$v"
tar -C "$w/t" -czf "$w/gpupass-$v.tar.gz" "gpupass-$v"

# check_lists NAME DKMS_LIST TOOLS_LIST: what every package must carry.
check_lists() {
	local n=$1 dk=$2 tl=$3 f
	for f in "usr/src/gpupass-$v/dkms.conf" "usr/src/gpupass-$v/Kbuild" \
		"usr/src/gpupass-$v/scripts/dkms-modules.sh" "usr/src/gpupass-$v/kvmfr/core.c" \
		usr/lib/udev/rules.d/70-kvmfr.rules usr/lib/modprobe.d/kvmfr.conf \
		etc/apparmor.d/abstractions/libvirt-qemu.d/gpupass-kvmfr; do
		t_check "$n: the DKMS package has /$f" grep -qx "/\?$f" <<<"$dk"
	done
	t_check "$n: the DKMS package has no test machinery or tools" sh -c "! grep -qE \
		'usr/src/gpupass-$v/(tests|tools|debian|packaging)/|scripts/(install|dkms-build|fetch-kernel)\.sh' <<'EOF'
$dk
EOF"
	t_check "$n: nothing under /etc/modprobe.d, /etc/udev, /etc/modules-load.d" sh -c "! grep -qE \
		'^/?etc/(modprobe.d|udev|modules-load.d)/.' <<'EOF'
$dk
EOF"
	for f in gpupass kvmfr-size battery-ssdt vfio-d3cold; do
		t_check "$n: the tools package has $f" grep -qE "^/?usr/s?bin/$f$" <<<"$tl"
	done
	t_check "$n: the tools package has the man pages" \
		sh -c "[ \$(grep -cE 'usr/share/man/man[18]/' <<'EOF'
$tl
EOF
) -ge 4 ]"
}

# ---- Arch
if command -v makepkg >/dev/null && command -v fakeroot >/dev/null; then
	a=$w/arch
	mkdir -p "$a"
	cp "$GPUPASS_SRC/packaging/arch/PKGBUILD" "$w/gpupass-$v.tar.gz" "$a/"
	sed -i "s/^pkgver=.*/pkgver=$v/" "$a/PKGBUILD"
	chown -R nobody "$a"
	if (cd "$a" && runuser -u nobody -- env HOME="$a" PACMAN=true makepkg --nodeps) \
		>"$w/arch.log" 2>&1; then
		t_ok "arch: makepkg --nodeps"
		dk=$(bsdtar -tf "$a/gpupass-dkms-$v-1-any.pkg.tar.gz" 2>/dev/null ||
			bsdtar -tf "$a"/gpupass-dkms-"$v"-1-any.pkg.tar.*)
		tl=$(bsdtar -tf "$a"/gpupass-tools-"$v"-1-*.pkg.tar.*)
		check_lists arch "$dk" "$tl"
		info=$(bsdtar -xOf "$a"/gpupass-dkms-"$v"-1-any.pkg.tar.* .PKGINFO)
		t_check "arch: conflicts with looking-glass-module-dkms" \
			grep -qx 'conflict = looking-glass-module-dkms' <<<"$info"
		t_check "arch: depends on dkms" grep -qx 'depend = dkms' <<<"$info"
		t_check "arch: dkms.conf with a literal version" grep -qx "PACKAGE_VERSION=\"$v\"" \
			<(bsdtar -xOf "$a"/gpupass-dkms-"$v"-1-any.pkg.tar.* "usr/src/gpupass-$v/dkms.conf")
	else
		t_fail "arch: makepkg --nodeps" "$(tail -30 "$w/arch.log")"
	fi
else
	t_skip "arch: makepkg" "no makepkg or fakeroot (scripts/install-deps.sh)"
fi

# ---- RPM
if command -v rpmbuild >/dev/null; then
	r=$w/rpm
	mkdir -p "$r/SOURCES"
	cp "$w/gpupass-$v.tar.gz" "$r/SOURCES/"
	sed "s/^Version:.*/Version:        $v/" "$GPUPASS_SRC/packaging/rpm/gpupass.spec" >"$r/gpupass.spec"
	# --nodeps: Debian has no rpm database of gcc and make.
	if rpmbuild -bb --nodeps --define "_topdir $r" "$r/gpupass.spec" >"$w/rpm.log" 2>&1; then
		t_ok "rpm: rpmbuild -bb"
		dkr=$(ls "$r"/RPMS/noarch/gpupass-dkms-"$v"-*.noarch.rpm)
		tlr=$(ls "$r"/RPMS/*/gpupass-tools-"$v"-*.rpm)
		check_lists rpm "$(rpm -qlp "$dkr")" "$(rpm -qlp "$tlr")"
		t_check "rpm: gpupass-dkms is noarch and requires dkms" \
			grep -qx dkms <(rpm -qp --requires "$dkr")
		t_check "rpm: conflicts with Looking Glass's kvmfr packages" \
			grep -qx looking-glass-kvmfr-dkms <(rpm -qp --conflicts "$dkr")
		t_check "rpm: %post runs dkms add, build, install" \
			sh -c "rpm -qp --scripts '$dkr' | grep -q 'dkms install -m gpupass'"
		t_check "rpm: dkms.conf with a literal version" grep -qx "PACKAGE_VERSION=\"$v\"" \
			<(rpm2cpio "$dkr" | cpio -i --quiet --to-stdout "./usr/src/gpupass-$v/dkms.conf")
	else
		t_fail "rpm: rpmbuild -bb" "$(tail -30 "$w/rpm.log")"
	fi
else
	t_skip "rpm: rpmbuild" "no rpmbuild (scripts/install-deps.sh)"
fi
