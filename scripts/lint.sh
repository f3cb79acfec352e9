#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make lint`: the kernel's checkpatch.pl --strict over every C source and
# header of the modules.  Exits non-zero on any error, warning or check.
set -euo pipefail
. "$(dirname "$0")/common.sh"

cp=$("$GPUPASS_SRC/scripts/get-checkpatch.sh")
cd "$GPUPASS_SRC"
mapfile -t files < <(git ls-files -co --exclude-standard -- \
	'kvmfr/*.[ch]' 'vfio_d3cold/*.[ch]' 'acpi_battery_ssdt/*.[ch]' \
	'include/*.h' 'scripts/probes/*.c' 2>/dev/null |
	grep -v 'gpupass_probes.h' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
[ ${#files[@]} -gt 0 ] || die "no sources to check"
rc=0
# SPDX_LICENSE_TAG: our headers use the kernel's own tag forms already.
perl "$cp" --strict --no-tree --terse --show-types \
	--ignore FILE_PATH_CHANGES \
	-f "${files[@]}" || rc=$?
[ $rc -eq 0 ] && echo "checkpatch --strict: ${#files[@]} files clean"
exit $rc
