# SPDX-License-Identifier: GPL-2.0
# kvmfr with QEMU as the real client inside the guest:
# memory-backend-file on /dev/kvmfr0 maps it shared; a wrong size and
# share=off fail with QEMU's own error.
SCN_GUEST=guest/kvmfr-qemu.sh
SCN_HOSTFILES="qemu-system-x86_64
	/usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so
	/usr/share/seabios/bios-256k.bin
	/usr/share/qemu/kvmvapic.bin"
SCN_MEM=1536
SCN_TIMEOUT=300
