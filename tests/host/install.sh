#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` / `make uninstall` into scratch roots (DESTDIR, private DKMS
# trees) for the target kernel:
# - a Looking Glass user's root, holding the files Looking Glass's
#   documentation (doc/module.rst) tells users to create: install with a
#   static device, then uninstall, leaves every byte and mode as it was;
# - a root with Looking Glass's kvmfr sources, a foreign loaded kvmfr or a
#   file of ours already there: the install stops, nothing changed;
# - a build failing after `dkms add`: rolled back, the root as it was.
. "$GPUPASS_SRC/tests/lib/host.sh"

. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
[ -n "$kver" ] || { t_skip "make install" "no linux-headers-amd64"; exit 0; }

w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

# skeleton ROOT: the directories of a system with nothing installed.
skeleton() {
	mkdir -p "$1"/{etc/modprobe.d,etc/modules-load.d,etc/udev/rules.d} \
		"$1"/{usr/local/bin,usr/local/lib,usr/src,var/lib,lib/modules}
}

# snapshot ROOT: every path with its type, mode and content hash.
snapshot() {
	(cd "$1" && find . -printf '%y %m %p\n' | sort -k3 |
		while read -r y m p; do
			if [ "$y" = f ]; then echo "$y $m $p $(sha256sum <"$p" | cut -c1-16)"; else echo "$y $m $p"; fi
		done)
}

# Looking Glass's documented files, byte for byte (doc/module.rst).
lg_files() {
	local r=$1
	printf '#KVMFR Looking Glass module\noptions kvmfr static_size_mb=32\n' >"$r/etc/modprobe.d/kvmfr.conf"
	printf '#KVMFR Looking Glass module\nkvmfr\n' >"$r/etc/modules-load.d/kvmfr.conf"
	printf 'SUBSYSTEM=="kvmfr", OWNER="user", GROUP="kvm", MODE="0660"\n' >"$r/etc/udev/rules.d/99-kvmfr.rules"
	mkdir -p "$r/etc/apparmor.d/local/abstractions" "$r/etc/apparmor.d/abstractions/libvirt-qemu.d"
	printf '# Looking Glass\n/dev/kvmfr0 rw,\n' >"$r/etc/apparmor.d/local/abstractions/libvirt-qemu"
}

inst() { make -s -C "$GPUPASS_SRC" KVER="$kver" "$@" 2>&1; }

# ---- a Looking Glass user's system
d=$w/lg
skeleton "$d"
lg_files "$d"
before=$(snapshot "$d")
if out=$(inst install DESTDIR="$d" KVMFR_SIZE_MB=64); then
	t_ok "make install KVMFR_SIZE_MB=64 (DESTDIR with Looking Glass's files, $kver)"
else
	t_fail "make install KVMFR_SIZE_MB=64 (DESTDIR with Looking Glass's files, $kver)" "$(echo "$out" | tail -20)"
fi
mods=$d/lib/modules/$kver/updates/dkms
for m in kvmfr acpi_battery_ssdt; do
	t_check "installed $m.ko" test -f "$mods/$m.ko"
done
if grep -qs '^CONFIG_VFIO_PCI_CORE=[ym]' "/lib/modules/$kver/build/.config"; then
	t_check "installed vfio_d3cold.ko" test -f "$mods/vfio_d3cold.ko"
fi
t_check "dkms status says installed" sh -c "dkms status --dkmstree '$d/var/lib/dkms' \
	--sourcetree '$d/usr/src' --installtree '$d/lib/modules' | grep -q 'gpupass/.*$kver.*installed'"
t_check "dkms.conf in /usr/src carries a literal version" \
	grep -qx "PACKAGE_VERSION=\"$GPUPASS_VERSION\"" "$d/usr/src/gpupass-$GPUPASS_VERSION/dkms.conf"
t_eq "the Looking Glass user's /etc files are untouched" "$(echo "$before" | grep ' ./etc/')" \
	"$(snapshot "$d" | grep ' ./etc/' | grep -v ' ./etc/apparmor.d/abstractions/libvirt-qemu.d/')"
for f in "$GPUPASS_SRC"/*/dist/udev/*.rules; do
	t_check "udev default /usr/local/lib/udev/rules.d/$(basename "$f")" \
		cmp "$f" "$d/usr/local/lib/udev/rules.d/$(basename "$f")"
done
t_check "KVMFR_SIZE_MB=64: the option in /usr/local/lib/modprobe.d/kvmfr.conf" \
	grep -qx 'options kvmfr static_size_mb=64' "$d/usr/local/lib/modprobe.d/kvmfr.conf"
t_check "KVMFR_SIZE_MB=64: kvmfr in /usr/local/lib/modules-load.d" \
	grep -qx kvmfr "$d/usr/local/lib/modules-load.d/kvmfr.conf"
t_check "install says the admin's /etc/modprobe.d/kvmfr.conf wins" \
	grep -q 'your /etc/modprobe.d/kvmfr.conf overrides' <<<"$out"
for f in "$GPUPASS_SRC"/*/dist/apparmor/*; do
	t_check "AppArmor drop-in $(basename "$f")" \
		cmp "$f" "$d/etc/apparmor.d/abstractions/libvirt-qemu.d/$(basename "$f")"
done
t_check "AppArmor drop-ins allow /dev/kvmfr* and the battery table" sh -c \
	"cat '$d'/etc/apparmor.d/abstractions/libvirt-qemu.d/gpupass-* | grep -qx '/dev/kvmfr\* rw,' &&
	 cat '$d'/etc/apparmor.d/abstractions/libvirt-qemu.d/gpupass-* | grep -qx '/sys/kernel/acpi_battery_ssdt/table r,'"
for t in /usr/local/bin/kvmfr-size /usr/local/bin/battery-ssdt /usr/local/sbin/vfio-d3cold \
	/usr/local/bin/gpupass /usr/local/share/man/man1/gpupass.1 \
	/usr/local/share/man/man1/kvmfr-size.1 /usr/local/share/man/man1/battery-ssdt.1 \
	/usr/local/share/man/man8/vfio-d3cold.8; do
	t_check "installed $t" test -s "$d$t"
done
t_check "installed gpupass runs" sh -c "'$d/usr/local/bin/gpupass' --help | grep -q 'gpupass doctor'"
t_eq "installed kvmfr-size runs" 32 "$("$d/usr/local/bin/kvmfr-size" 1920 1080 2>&1)"

if out=$(inst uninstall DESTDIR="$d"); then
	t_ok "make uninstall"
else
	t_fail "make uninstall" "$(echo "$out" | tail -20)"
fi
t_eq "after uninstall the root is as before, byte for byte" "$before" "$(snapshot "$d")"

# ---- what stops an install before it changes anything
c=$w/conflict
skeleton "$c"
before=$(snapshot "$c")
# expect_refused NAME GREP [VAR=VALUE...]: install fails, says GREP, changes nothing.
expect_refused() {
	local name=$1 re=$2 o
	shift 2
	if o=$(inst install DESTDIR="$c" "$@"); then
		t_fail "$name: install refused" "$o"
		inst uninstall DESTDIR="$c" >/dev/null
	else
		t_check "$name: install refused, saying why" grep -q "$re" <<<"$o"
	fi
	t_eq "$name: nothing changed" "$before" "$(snapshot "$c")"
}
mkdir -p "$c/usr/src/kvmfr-0.0.12"
before=$(snapshot "$c")
expect_refused "Looking Glass's kvmfr sources in /usr/src" "/usr/src/kvmfr-0.0.12"
rm -r "$c/usr/src/kvmfr-0.0.12"
mkdir -p "$c/sys/module/kvmfr"
before=$(snapshot "$c")
expect_refused "a loaded kvmfr that is not ours" "kvmfr module is loaded"
rm -r "$c/sys"
echo '#!/bin/sh' >"$c/usr/local/bin/kvmfr-size"
before=$(snapshot "$c")
expect_refused "a /usr/local/bin/kvmfr-size of someone else's" "/usr/local/bin/kvmfr-size exists and is not ours"
rm "$c/usr/local/bin/kvmfr-size"
before=$(snapshot "$c")
expect_refused "no headers for the target kernel" "no headers for kernel 0.0-none" KVER="$kver 0.0-none"
expect_refused "KVMFR_SIZE_MB=lots" "give sizes in MiB" KVMFR_SIZE_MB=lots

# ---- a build failing after dkms add is rolled back
if out=$(GPUPASS_MAKEFLAGS="KCFLAGS=-include/nonexistent/gpupass-fail.h" inst install DESTDIR="$c"); then
	t_fail "failing build: install fails" "$out"
else
	t_check "failing build: dkms build failed" grep -qi 'bad return status' <<<"$out"
	t_check "failing build: rolled back" grep -q 'rolling back' <<<"$out"
fi
t_eq "failing build: the root is as before" "$before" "$(snapshot "$c")"
