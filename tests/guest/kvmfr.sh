# SPDX-License-Identifier: GPL-2.0
# kvmfr static mode: load-time checks, ABI conformance, safety items, fuzz.
# Run by tests/scenarios/kvmfr.sh.

klog_kvmfr() { dmesg | grep -c 'kvmfr' ; }
modprobe_err() { modprobe kvmfr "$@" 2>&1; }

# item 7: bad static_size_mb entries fail with the right errno and name
# the entry; nothing is left behind.
t_mark "kvmfr bad parameters"
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }
out=$(modprobe_err static_size_mb=16,0)
t_check "static_size_mb=16,0 fails with EINVAL (item 7)" has "$out" 'Invalid argument'
t_check "message names entry 1 (item 7)" sh -c "dmesg | grep -q 'static_size_mb entry 1 (0)'"
out=$(modprobe_err static_size_mb=-5)
t_check "static_size_mb=-5 fails with EINVAL (item 7)" has "$out" 'Invalid argument'
out=$(modprobe_err static_size_mb=2048)
t_check "static_size_mb=2048 (more than RAM) fails with ENOMEM (item 7)" has "$out" 'Cannot allocate memory'
t_check "message names entry 0 and the RAM size (item 7)" sh -c "dmesg | grep -q 'static_size_mb entry 0 (2048 MiB): more than'"
out=$(modprobe_err static_size_mb=1,1,1,1,1,1,1,1,1,1,1)
t_check "11 entries fail (at most 10 devices)" sh -c "! grep -q '^kvmfr ' /proc/modules"
t_check "message says what is wrong with 11 entries" sh -c "dmesg | grep -q 'static_size_mb has 11 entries: at most 10 devices (kvmfr0..kvmfr9)'"
t_check "no device left after failed loads" sh -c "! ls /dev/kvmfr* 2>/dev/null"

t_mark "kvmfr load"
t_check "modprobe kvmfr static_size_mb=64,16" modprobe kvmfr static_size_mb=64,16
t_check "log: 'kvmfr: creating 2 static devices'" sh -c "dmesg | grep -q 'kvmfr: creating 2 static devices'"
t_check "/dev/kvmfr0 and /dev/kvmfr1 are char devices" sh -c "test -c /dev/kvmfr0 && test -c /dev/kvmfr1"
t_check "/proc/devices lists kvmfr" grep -q ' kvmfr$' /proc/devices
t_check "/sys/class/kvmfr lists both" sh -c "ls /sys/class/kvmfr | tr '\n' ' ' | grep -q '^kvmfr0 kvmfr1 $'"
t_eq "sysfs size of kvmfr0 (item 10)" 67108864 "$(cat /sys/class/kvmfr/kvmfr0/size)"
t_eq "sysfs size of kvmfr1 (item 10)" 16777216 "$(cat /sys/class/kvmfr/kvmfr1/size)"
t_eq "sysfs type (item 10)" static "$(cat /sys/class/kvmfr/kvmfr0/type)"
t_check "sysfs numa_node (item 10)" grep -qx '[0-9]*' /sys/class/kvmfr/kvmfr0/numa_node
t_check "static device is virtual (no parent)" sh -c "readlink -f /sys/class/kvmfr/kvmfr0 | grep -q /devices/virtual/kvmfr/kvmfr0"
echo "# kvmfr0 huge_bytes $(cat /sys/class/kvmfr/kvmfr0/huge_bytes)"

# 2 MiB page-table entries for the 2 MiB pages (counts from smaps and
# getrusage); NUMA balancing leaves the VMA alone, GUP works on it.
t_mark "kvmfr pmd"
t0=$(date +%s)
kvmfr_pmd /dev/kvmfr0
echo "# kvmfr_pmd: $(($(date +%s) - t0)) s"

modprobe vgem 2>/dev/null
mount -t debugfs none /sys/kernel/debug 2>/dev/null
refs() { echo "# kvmfr refcnt after $1: $(cat /sys/module/kvmfr/refcnt)"; }
refs load
before=$(klog_kvmfr)
t_mark "kvmfr abi"
kvmfr_abi /dev/kvmfr0 67108864 fresh
after=$(klog_kvmfr)
refs abi
dmesg | grep kvmfr | tail -n $((after - before)) | sed 's/^/# /'
# one line for the refused MAP_PRIVATE mapping is expected (the hint);
# the original logs every mmap and every CREATE.
t_check "at most 1 kvmfr log line for the whole ABI run (item 8): $((after - before))" test $((after - before)) -le 2
t_mark "kvmfr persist"
kvmfr_abi /dev/kvmfr0 67108864 persist
kvmfr_abi /dev/kvmfr1 16777216 | grep -E '^(not ok|ok) - (GETSIZE|mmap whole|CREATE of the whole)'

# 32-bit client: compat_ioctl (the i386 CREATE struct is 20 bytes)
t_mark "kvmfr compat32"
if command -v kvmfr_compat32 >/dev/null; then
	kvmfr_compat32 /dev/kvmfr0 67108864
else
	t_skip "kvmfr compat32" "no 32-bit test program for $(uname -m)"
fi

# item 2: rmmod while in use is refused; the holder keeps working memory.
t_mark "kvmfr rmmod while mapped"
kvmfr_abi /dev/kvmfr0 67108864 hold > /tmp/hold.out &
holder=$!
i=0
while ! grep -q holding /tmp/hold.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t_check "rmmod kvmfr while mapped is refused" sh -c "! rmmod kvmfr 2>/dev/null"
t_check "module still loaded" grep -q '^kvmfr ' /proc/modules
kill $holder
wait $holder 2>/dev/null
refs hold

t_mark "kvmfr fuzz"
kvmfr_fuzz /dev/kvmfr1 100000 12345 150
refs fuzz

t_mark "kvmfr unload"
# item 4: the EMFILE loop in kvmfr_abi must not have leaked module refs
t_check "rmmod kvmfr after EMFILE failures and fuzz (item 4)" rmmod kvmfr
t_check "nodes are gone" sh -c "! ls /dev/kvmfr* 2>/dev/null"
t_check "reload: modprobe kvmfr static_size_mb=8" modprobe kvmfr static_size_mb=8
kvmfr_abi /dev/kvmfr0 8388608 fresh | grep -E '^(not ok|ok) - fresh'
t_check "rmmod kvmfr" rmmod kvmfr
