#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The feature probes use the compiler the modules are built with: dkms runs
# `make CC=clang LLVM=1 ...` for clang-built kernels, and probes compiled
# by another compiler choose the wrong compat branches.  A logging wrapper
# given as CC= (and as the clang of LLVM=DIR/) must see every probe.
. "$GPUPASS_SRC/tests/lib/host.sh"
. "$GPUPASS_SRC/scripts/common.sh"
kver=$(debian_headers_kver)
[ -n "$kver" ] || { t_skip "probes see CC/LLVM" "no linux-headers-amd64"; exit 0; }

d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
probes=$(cd "$GPUPASS_SRC/scripts/probes" && ls -- *.c | sed 's/\.c$//')
nprobes=$(echo "$probes" | wc -l)

# wrapper FILE REAL: a compiler that logs the source it compiles.
wrapper() {
	printf '#!/bin/sh\nfor a; do case $a in *.c) echo "$a" >>%s/log ;; esac; done\nexec %s "$@"\n' \
		"$d" "$2" >"$1"
	chmod +x "$1"
}

# seen: how many probes the wrapper compiled.
seen() {
	local n=0 p
	for p in $probes; do grep -q "/$p\.c\$" "$d/log" 2>/dev/null && n=$((n + 1)); done
	echo "$n"
}

wrapper "$d/cc" gcc
make -s -C "$GPUPASS_SRC" probes KVER="$kver" PROBES_H="$d/cc.h" CC="$d/cc" >"$d/out" 2>&1
t_eq "CC=wrapper: the wrapper compiled all $nprobes probes" "$nprobes" "$(seen)"
t_check "CC=gcc wrapper: same results as without it" \
	sh -c "make -s -C '$GPUPASS_SRC' probes KVER='$kver' PROBES_H='$d/plain.h' >/dev/null 2>&1 &&
		diff '$d/plain.h' '$d/cc.h' | grep -v -e '^[<>] /\\* Generated' -e '^---' -e '^[0-9]'; test \$? = 1"

# Debian's headers pin CC (.kernelvariables), so LLVM=1 cannot change
# their compiler: a kernel tree that records what its make was given shows
# that the settings dkms adds for a clang-built kernel reach the probes.
# Like kbuild, it sets CC itself: a CC only in the environment is lost.
mkdir "$d/kdir"
printf 'CC = gcc\n$(shell echo "CC=$(CC) LLVM=$(LLVM)" >>%s/vars)\n%%%%:\n\t@:\n' "$d" >"$d/kdir/Makefile"
make -s -C "$GPUPASS_SRC" probes KDIR="$d/kdir" PROBES_H="$d/k.h" CC=clang LLVM=1 >"$d/out" 2>&1
t_eq "dkms's CC=clang LLVM=1 reach the probes' kbuild" "CC=clang LLVM=1" "$(sort -u "$d/vars" 2>/dev/null)"
