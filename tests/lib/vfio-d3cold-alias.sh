# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/host/build-warnings.sh with KO (a built vfio_d3cold.ko)
# and KVER set: libvirt's driver choice for managed hostdevs.  depmod turns
# the module's aliases into modules.alias, as on an installed system; for
# a device, libvirt (>= 10.0) takes the "vfio_pci:" aliases matching its
# modalias and picks the most specific one (most fields that are not a
# wildcard; a tie chooses nothing); vfio-pci's own alias is all wildcards.  vfio_d3cold must win
# for GPUs and their HDMI audio function, and not match a NIC at all.

vd3_alias_check() {
	local root mod line alias best score
	root=$(mktemp -d)
	mkdir -p "$root/lib/modules/$KVER/updates"
	cp "$KO" "$root/lib/modules/$KVER/updates/"
	if ! depmod -b "$root" "$KVER" 2>"$root/depmod.log"; then
		t_fail "depmod of vfio_d3cold.ko" "$(cat "$root/depmod.log")"
		rm -rf "$root"
		return
	fi
	grep '^alias vfio_pci:.* vfio_d3cold$' "$root/lib/modules/$KVER/modules.alias" \
		>"$root/ours"
	t_check "modules.alias has vfio_pci: aliases for vfio_d3cold" test -s "$root/ours"
	t_check "no catch-all alias (it would tie with vfio-pci)" \
		sh -c "! grep -q 'vfio_pci:v\\*d\\*sv\\*sd\\*bc\\*sc\\*i\\* ' '$root/ours'"
	echo 'alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci' >>"$root/ours"

	# best MODALIAS: the module libvirt would choose
	best() {
		local m=vfio_pci:${1#pci:} top=-1 pick=none a n
		while read -r _ a n; do
			# shellcheck disable=SC2053
			[[ $m == $a ]] || continue
			score=$(sed -E 's/^v([^d]*)d([^s]*)sv([^s]*)sd([^b]*)bc([^s]*)sc([^i]*)i(.*)$/\1 \2 \3 \4 \5 \6 \7/' <<<"${a#vfio_pci:}" |
				tr ' ' '\n' | grep -vc '^\*$')
			if [ "$score" -gt "$top" ]; then
				top=$score pick=$n
			elif [ "$score" -eq "$top" ] && [ "$pick" != "$n" ]; then
				pick=tie
			fi
		done <"$root/ours"
		echo "$pick"
	}
	t_eq "NVIDIA GPU (class 0300) gets vfio_d3cold" vfio_d3cold \
		"$(best pci:v000010DEd00002520sv0000103Csd000088D1bc03sc00i00)"
	t_eq "AMD GPU (class 0380) gets vfio_d3cold" vfio_d3cold \
		"$(best pci:v00001002d000073FFsv00001DA2sd0000E445bc03sc80i00)"
	t_eq "NVIDIA HDMI audio (class 0403) gets vfio_d3cold" vfio_d3cold \
		"$(best pci:v000010DEd0000228Esv0000103Csd000088D1bc04sc03i00)"
	t_eq "Intel platform HD audio stays with vfio-pci" vfio_pci \
		"$(best pci:v00008086d000051C8sv00001028sd00000B1Abc04sc03i80)"
	t_eq "e1000e NIC (class 0200) stays with vfio-pci" vfio_pci \
		"$(best pci:v00008086d000010D3sv00008086sd00000000bc02sc00i00)"
	rm -rf "$root"
}
vd3_alias_check
