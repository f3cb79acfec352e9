#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/battery-params.sh [--check] [TOOL]: write what is generated from
# acpi_battery_ssdt/params.h, the one description of every parameter:
#   acpi_battery_ssdt/module_params.h  the module's parameters and their
#                                      MODULE_PARM_DESC (battery-ssdt --module-params)
#   acpi_battery_ssdt/README.md        the parameter table, between the
#                                      "params" markers (battery-ssdt --markdown)
# TOOL is tools/battery-ssdt/battery-ssdt, built from params.h.  With
# --check nothing is changed: exit 1 with a diff if a file differs
# (tests/host/ssdt-tool.sh runs this).
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
tool=${1:-$src/tools/battery-ssdt/battery-ssdt}
dir=$src/acpi_battery_ssdt
begin='<!-- params: generated from params.h by scripts/battery-params.sh; do not edit -->'
end='<!-- end of params -->'

if [ "$(grep -cxF -e "$begin" -e "$end" "$dir/README.md")" != 2 ]; then
	echo "battery-params: $dir/README.md needs the lines '$begin' and '$end'" >&2
	exit 1
fi
# The table through the environment: awk -v would expand its backslashes.
readme=$(TABLE=$("$tool" --markdown) awk -v b="$begin" -v e="$end" '
	$0 == b { print; print ENVIRON["TABLE"]; skip = 1; next }
	$0 == e { skip = 0 }
	!skip' "$dir/README.md")
mparams=$("$tool" --module-params)

rc=0
# put FILE CONTENT
put() {
	if [ $check = 0 ]; then
		printf '%s\n' "$2" >"$1"
	elif ! diff -u "$1" <(printf '%s\n' "$2") >&2; then
		echo "battery-params: $1 differs from params.h; run scripts/battery-params.sh" >&2
		rc=1
	fi
}
put "$dir/README.md" "$readme"
put "$dir/module_params.h" "$mparams"
exit $rc
