#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One table of the kvmfr benchmark over every kernel of a `make bench`
# run, from each guest's output (tests/bench/kvmfr-bench.c):
#
#   tests/bench/kvmfr-table.sh RUN_DIR
#
# Run by tests/run.sh --bench at the end; prints TAP comment lines.
set -uo pipefail
run=${1:?usage: kvmfr-table.sh RUN_DIR}

fmt='# %-21s | %-24s | %-24s | %-24s | %5s | %6s\n'
# shellcheck disable=SC2059
printf "$fmt" kernel "kvmfr PMD% faults ms" "anonymous PMD% faults ms" \
	"memfd PMD% faults ms" sg memcpy
for log in "$run"/*/bench-kvmfr/tap.log; do
	[ -e "$log" ] || continue
	label=$(basename "$(dirname "$(dirname "$log")")")
	tr -d '\r' <"$log" | awk -v label="$label" -v fmt="$fmt" '
	# "# (a) <what> mmap+touch <ms> ms  faults <n>  PMD-mapped <p>%"
	/^# \(a\) / {
		for (i = 3; i <= NF; i++) {
			if ($i == "mmap+touch") ms = $(i + 1)
			if ($i == "faults") faults = $(i + 1)
			if ($i == "PMD-mapped") pmd = $(i + 1)
		}
		cell = sprintf("%6s %6s %9s", pmd, faults, ms)
		if ($3 == "kvmfr") k = cell
		else if ($3 == "anonymous") a = cell
		else if ($3 == "memfd") m = cell
	}
	/^# \(b\) sg entries/ { sub(/.*dma-buf: /, ""); sg = $1 }
	/^# \(c\) / { ratio = $NF }
	END {
		if (k == "") k = "(no result)"
		printf fmt, label, k, a, m, sg, ratio
	}'
done
