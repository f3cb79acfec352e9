# SPDX-License-Identifier: GPL-2.0
# Shared settings for the scripts (bash).  Sourced, not run.

GPUPASS_SRC=${GPUPASS_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
GPUPASS_VERSION=$(cat "$GPUPASS_SRC/VERSION")
GPUPASS_CACHE=${GPUPASS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gpupass}
export GPUPASS_SRC GPUPASS_VERSION GPUPASS_CACHE

die() {
	echo "gpupass: $*" >&2
	exit 1
}

log() { echo "gpupass: $*" >&2; }

# Load a kernel's env file (KVER ROOT VMLINUZ KDIR [CHROOT]) for a label.
load_kernel_env() {
	local f="$GPUPASS_CACHE/kernels/$1/env"
	[ -f "$f" ] || die "kernel '$1' is not prepared ($f missing)"
	# shellcheck disable=SC1090
	. "$f"
}
