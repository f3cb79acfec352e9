# SPDX-License-Identifier: GPL-2.0
# QEMU (TCG, stopped with -S) as a kvmfr client.
# Run by tests/scenarios/kvmfr-qemu.sh.

QEMU=/usr/bin/qemu-system-x86_64
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
# qemu SIZE SHARE [,MORE]: QEMU with /dev/kvmfr0 as an ivshmem backend;
# exec, so that "qemu ... &" gives QEMU's own pid.
qemu() {
	exec $QEMU -S -display none -nodefaults -machine pc -m 128 \
		-object "memory-backend-file,id=lg,mem-path=/dev/kvmfr0,size=$1,share=$2${3:-}" \
		-device ivshmem-plain,memdev=lg -monitor none -serial none
}

t_mark "kvmfr-qemu load"
t_check "modprobe kvmfr static_size_mb=64" modprobe kvmfr static_size_mb=64
t_check "QEMU runs in the guest" sh -c "$QEMU --version | grep -q '^QEMU emulator'"

t_mark "kvmfr-qemu share=on"
# The README's line (align=2M); prealloc=on makes QEMU itself touch all
# of it (MADV_POPULATE_WRITE) before it stops, as a running guest would.
qemu 64M on ,align=2M,prealloc=on > /tmp/q.out 2>&1 &
pid=$!
# TCG start-up in a TCG guest is slow: wait for the mapping, at most 120 s.
i=0
while ! grep -qs ' /dev/kvmfr0$' /proc/$pid/maps && kill -0 $pid 2>/dev/null &&
	[ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
maps=$(grep ' /dev/kvmfr0$' /proc/$pid/maps 2>/dev/null)
echo "$maps" | sed 's/^/# /'
if [ -n "$maps" ]; then
	t_ok "QEMU maps /dev/kvmfr0 (size=64M,share=on)"
else
	t_fail "QEMU maps /dev/kvmfr0 (size=64M,share=on)" "$(cat /tmp/q.out)"
fi
# one shared mapping of the whole device
range=$(echo "$maps" | head -1)
range=${range%% *}
range=${range:-0-0}
len=$(( 0x${range#*-} - 0x${range%-*} ))
t_eq "mapping is 64 MiB" 67108864 "$len"
t_check "mapping is shared (rw-s)" sh -c "echo '$maps' | head -1 | grep -q ' rw-s '"
# wait until prealloc has touched all 64 MiB (Rss of the VMA), at most 120 s
rss() { awk '/ \/dev\/kvmfr0$/ { f = 1 } f && /^Rss:/ { print $2; exit }' /proc/$pid/smaps 2>/dev/null; }
i=0
while [ "$(rss)" != 65536 ] && kill -0 $pid 2>/dev/null && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
t_eq "QEMU touched all of it (Rss of the VMA, KiB)" 65536 "$(rss)"
t_mark "kvmfr-qemu PMD share"
kvmfr_pmd --smaps $pid /dev/kvmfr0
t_check "QEMU still running" kill -0 $pid
kill $pid 2>/dev/null
wait $pid 2>/dev/null
t_check "QEMU gone: no process maps /dev/kvmfr0" sh -c "! grep -qs kvmfr0 /proc/*/maps"

t_mark "kvmfr-qemu wrong size"
out=$(qemu 128M on 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
t_check "size=128M: QEMU exits non-zero ($rc)" test $rc -ne 0
t_check "size=128M: 'backing store size 0x4000000 does not match'" \
	has "$out" "backing store size 0x4000000 does not match 'size' option 0x8000000"

t_mark "kvmfr-qemu share=off"
out=$(qemu 64M off 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
t_check "share=off: QEMU exits non-zero ($rc)" test $rc -ne 0
t_check "share=off: mmap fails with EINVAL" has "$out" 'Invalid argument'
t_check "share=off: kernel log hints at share=on" sh -c "dmesg | grep -q 'map it shared'"

t_mark "kvmfr-qemu unload"
t_check "rmmod kvmfr" rmmod kvmfr
