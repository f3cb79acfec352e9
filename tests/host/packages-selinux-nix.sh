#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The SELinux policy module and the Nix files.
# - packaging/selinux: built with Debian's selinux-policy-dev (reference
#   policy headers), linked with the base, virt and qemu modules of
#   Debian's selinux-policy-default into a whole policy, and its rules read
#   back with sesearch/seinfo.  Enforcement is not tested: nothing here
#   boots with SELinux enforcing.
# - packaging/nix: parsed by nix-instantiate (Debian's nix-bin); there is
#   no nixpkgs or NixOS here to evaluate or build them.
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/scripts/common.sh"

w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT

# ---- SELinux
mk=/usr/share/selinux/devel/Makefile
if [ -f $mk ] && command -v semodule_link >/dev/null && command -v sesearch >/dev/null; then
	cp "$GPUPASS_SRC"/packaging/selinux/gpupass.{te,fc,if} "$w/"
	if (cd "$w" && make -f $mk gpupass.pp) >"$w/build.log" 2>&1; then
		t_ok "selinux: gpupass.pp builds against the reference policy"
	else
		t_fail "selinux: gpupass.pp builds against the reference policy" "$(tail -20 "$w/build.log")"
	fi
	# The whole policy it joins: Debian's, downloaded once into the cache.
	pol=$GPUPASS_CACHE/selinux
	if ! ls "$pol"/selinux-policy-default_*.deb >/dev/null 2>&1; then
		mkdir -p "$pol"
		(cd "$pol" && "$GPUPASS_SRC/scripts/apt-suite.sh" bookworm apt-get download \
			selinux-policy-default) >"$w/download.log" 2>&1
	fi
	if dpkg-deb -x "$pol"/selinux-policy-default_*.deb "$w/x" 2>"$w/download.log"; then
		P=$w/x/usr/share/selinux/default
		bunzip2 "$P"/base.pp.bz2 "$P"/virt.pp.bz2 "$P"/qemu.pp.bz2
		if semodule_link -o "$w/linked.pp" "$P"/base.pp "$P"/virt.pp "$P"/qemu.pp \
			"$w/gpupass.pp" >"$w/link.log" 2>&1 &&
			semodule_expand "$w/linked.pp" "$w/policy.bin" >>"$w/link.log" 2>&1; then
			t_ok "selinux: links with Debian's base, virt and qemu policy modules"
			allow=$(sesearch -A -s svirt_t -t kvmfr_device_t -c chr_file "$w/policy.bin")
			for p in open read write ioctl map getattr; do
				t_check "selinux: svirt_t may $p kvmfr_device_t character devices" \
					grep -qw "$p" <<<"$allow"
			done
			t_check "selinux: svirt_t may read sysfs files (the battery table)" \
				sh -c "sesearch -A -s svirt_t -t sysfs_t -c file -p read '$w/policy.bin' | grep -q ."
			t_check "selinux: kvmfr_device_t is a device node type" \
				sh -c "seinfo -x -t kvmfr_device_t '$w/policy.bin' | grep -qw device_node"
		else
			t_fail "selinux: links with Debian's base, virt and qemu policy modules" \
				"$(grep -v 'optional requirements' "$w/link.log" | tail -20)"
		fi
	else
		t_fail "selinux: Debian's selinux-policy-default" "$(tail -5 "$w/download.log")"
	fi
	(cd "$w" && semodule_unpackage gpupass.pp gpupass.mod gpupass.fc.out) >/dev/null 2>&1
	t_check "selinux: /dev/kvmfrN gets kvmfr_device_t" \
		grep -qE '^/dev/kvmfr\[0-9\]\+[[:space:]]+-c[[:space:]]+system_u:object_r:kvmfr_device_t' \
		"$w/gpupass.fc.out"
else
	t_skip "selinux: policy module" "no selinux-policy-dev, semodule-utils or setools (scripts/install-deps.sh)"
fi

# ---- Nix
if command -v nix-instantiate >/dev/null; then
	for f in default.nix module.nix; do
		t_check "nix: $f parses" sh -c \
			"nix-instantiate --parse '$GPUPASS_SRC/packaging/nix/$f' >/dev/null 2>'$w/nix.log'"
	done
	t_check "nix: vfio_d3cold is loaded from the initrd" \
		grep -q 'boot.initrd.kernelModules' "$GPUPASS_SRC/packaging/nix/module.nix"
else
	t_skip "nix: parse" "no nix-instantiate (nix-bin, scripts/install-deps.sh)"
fi
