#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the path of checkpatch.pl from Debian's linux-source-6.1, fetching
# and extracting the few files it needs on first use.
set -euo pipefail
. "$(dirname "$0")/common.sh"

d=$GPUPASS_CACHE/linux-source-6.1
if [ ! -x "$d/scripts/checkpatch.pl" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -q linux-source-6.1 >&2) ||
		die "cannot download linux-source-6.1"
	dpkg -x "$tmp"/linux-source-6.1_*.deb "$tmp/x"
	mkdir -p "$d"
	tar -C "$d" --strip-components=1 -xf "$tmp"/x/usr/src/linux-source-6.1.tar.xz \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
fi
echo "$d/scripts/checkpatch.pl"
