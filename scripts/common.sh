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

# copy_tree DEST GREP_ARGS...: copy the tracked files plus working changes
# (every file, without git) into DEST, leaving out the paths that match.
copy_tree() {
	local dest=$1
	shift
	mkdir -p "$dest"
	(cd "$GPUPASS_SRC" &&
		{ git ls-files -co --exclude-standard 2>/dev/null ||
			find . -type f ! -path './.git/*' | sed 's|^\./||'; } |
		grep -v "$@" |
		while read -r f; do [ -f "$f" ] && echo "$f"; done |
		cpio -pdm --quiet "$dest")
}

# copy_source_tree DEST: what a source package (debian/, PKGBUILD, spec)
# is built from: all but the tests and CI.
copy_source_tree() { copy_tree "$1" -e '^tests/' -e '^\.ci/'; }

# copy_package_tree DEST: copy what the DKMS package ships into DEST: the
# tracked files plus working changes, without tests/, tools/, packaging
# and CI; dkms.conf with the version written in.
copy_package_tree() {
	copy_tree "$1" -e '^tests/' -e '^\.ci/' -e '^tools/' -e '^debian/' -e '^packaging/'
	# A literal version in the shipped dkms.conf: dh_dkms and others read
	# PACKAGE_VERSION with a regex, not with a shell.
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$GPUPASS_VERSION\"/" "$1/dkms.conf"
}

# debian_headers_kver: the kernel ABI the system's linux-headers-amd64
# points at (e.g. 6.1.0-56-amd64); empty if it is not installed.
debian_headers_kver() {
	dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
		grep -o 'linux-headers-[0-9][^ ,]*-amd64' | head -1 |
		sed 's/^linux-headers-//' || true
}
