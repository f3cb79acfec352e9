#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/kvmfr-size against Looking Glass's doc/install_libvirt.rst: its
# worked example (1920x1080 SDR: 25.82 MiB -> 32) and every row of its
# "Common Values" table (SDR and HDR), and bad input.
. "$GPUPASS_SRC/tests/lib/host.sh"
t=${GPUPASS_TOOLS:-$GPUPASS_SRC/tools}/kvmfr-size/kvmfr-size
[ -x "$t" ] || t=$GPUPASS_SRC/tools/kvmfr-size/kvmfr-size
t_eq "kvmfr-size 1920x1080 (the docs' worked example)" 32 "$("$t" 1920 1080)"
t_eq "kvmfr-size 1920x1200" 32 "$("$t" 1920 1200)"
t_eq "kvmfr-size 2560x1440" 64 "$("$t" 2560 1440)"
t_eq "kvmfr-size 3840x2160" 128 "$("$t" 3840 2160)"
t_eq "kvmfr-size --hdr 1920x1080" 64 "$("$t" --hdr 1920 1080)"
t_eq "kvmfr-size --hdr 1920x1200" 64 "$("$t" --hdr 1920 1200)"
t_eq "kvmfr-size --hdr 2560x1440" 128 "$("$t" --hdr 2560 1440)"
t_eq "kvmfr-size --hdr 3840x2160" 256 "$("$t" --hdr 3840 2160)"
t_eq "kvmfr-size 1x1 (10 MiB floor)" 16 "$("$t" 1 1)"
t_check "kvmfr-size rejects 0" sh -c "! '$t' 0 1080 2>/dev/null"
t_check "kvmfr-size rejects junk" sh -c "! '$t' 19x 1080 2>/dev/null"
