# SPDX-License-Identifier: GPL-2.0
# kvmfr guest mode: BAR2 of ivshmem-plain backed by a host file.  The host
# pre-fills the file, the guest checks it and replies; unbind while mapped.
# Variant "fallback" forces the no-ZONE_DEVICE path (item 11).
SCN_GUEST=guest/kvmfr-pci.sh
SCN_VARIANTS=(zone fallback)
SCN_QEMU=(-object "memory-backend-file,id=m,mem-path=${SCN_WORK:-}/shm,size=32M,share=on"
	-device ivshmem-plain,memdev=m)
[ "${SCN_VARIANT:-}" = fallback ] && SCN_APPEND="kvmfr.pci_zone_device=0"

scn_pre() {
	python3 - "$SCN_WORK/shm" <<'PY'
import sys
size = 32 << 20
buf = bytearray(size)
buf[0:12] = b"GPUPASS-HOST"
for i in range(1, size // 4096):
    buf[i * 4096] = (i * 13) & 0xff
open(sys.argv[1], "wb").write(buf)
PY
}

scn_post() {
	. "$GPUPASS_SRC/tests/lib/host.sh"
	if python3 - "$SCN_WORK/shm" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
sys.exit(0 if d[1 << 20:(1 << 20) + 19] == b"GPUPASS-GUEST-REPLY" and d[-1] == 0xee else 1)
PY
	then
		t_ok "host sees the guest's reply in the ivshmem backing file"
	else
		t_fail "host sees the guest's reply in the ivshmem backing file"
	fi
}
