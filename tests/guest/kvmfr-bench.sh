# SPDX-License-Identifier: GPL-2.0
# kvmfr benchmark; run by tests/scenarios/bench-kvmfr.sh.
t_check "modprobe kvmfr static_size_mb=64" modprobe kvmfr static_size_mb=64
echo "# THP: $(cat /sys/kernel/mm/transparent_hugepage/enabled)"
kvmfr_bench /dev/kvmfr0
t_check "rmmod kvmfr" rmmod kvmfr
