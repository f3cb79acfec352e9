# SPDX-License-Identifier: GPL-2.0
# kvmfr guest (PCI) mode with ivshmem-plain; run by tests/scenarios/kvmfr-pci.sh.

t_mark "kvmfr pci load"
t_check "modprobe kvmfr (no static devices)" modprobe kvmfr
t_check "log: 'kvmfr: creating 0 static devices'" sh -c "dmesg | grep -q 'kvmfr: creating 0 static devices'"
t_check "ivshmem device bound to kvmfr" sh -c "ls /sys/bus/pci/drivers/kvmfr/ | grep -q ':'"
t_eq "sysfs type (item 10)" pci "$(cat /sys/class/kvmfr/kvmfr0/type 2>/dev/null)"
t_eq "sysfs size" 33554432 "$(cat /sys/class/kvmfr/kvmfr0/size 2>/dev/null)"
t_check "BAR claimed as kvmfr in /proc/iomem" grep -q ' : kvmfr' /proc/iomem
if [ "$(cat /sys/module/kvmfr/parameters/pci_zone_device)" = N ]; then
	t_check "fallback is announced in the log (item 11)" sh -c "dmesg | grep -q 'pci_zone_device=0: no dma-buf support, mappings only (KVMFR_DMABUF_CREATE fails with EOPNOTSUPP: run Looking Glass with lgmp:allowDMA=no'"
fi
t_mark "kvmfr pci run"
kvmfr_pci /dev/kvmfr0

# mmap and faults racing unbind: page tables are filled only at fault
# time under the device lock, so removal never misses a mapping.
t_mark "kvmfr pci mmap vs unbind race"
t0=$(date +%s)
kvmfr_pci /dev/kvmfr0 race 100
echo "# race: $(($(date +%s) - t0)) s"

# item 2: rmmod while mapped is refused for PCI devices too
t_mark "kvmfr pci rmmod while mapped"
kvmfr_abi /dev/kvmfr0 33554432 hold > /tmp/hold.out 2>&1 &
holder=$!
i=0
while ! grep -q holding /tmp/hold.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if [ "$(cat /sys/module/kvmfr/parameters/pci_zone_device)" = N ]; then
	t_skip "rmmod kvmfr while mapped is refused (PCI)" "hold needs dma-buf"
else
	t_check "rmmod kvmfr while mapped is refused (PCI)" sh -c "! rmmod kvmfr 2>/dev/null"
fi
kill $holder 2>/dev/null
wait $holder 2>/dev/null
kvmfr_fuzz /dev/kvmfr0 20000 777 60
t_check "rmmod kvmfr" rmmod kvmfr
