#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run apt-get/apt-cache against another Debian suite with a private apt
# configuration under $GPUPASS_CACHE/apt/SUITE, never touching the system's
# sources.  The archive's address is taken from the system's own sources.
#
# usage: apt-suite.sh SUITE update|apt-get ARGS...|apt-cache ARGS...
#
# SUITE is a release (bullseye, bookworm, trixie: with its -updates and
# -security), sid, or an add-on suite alone (bookworm-backports,
# trixie-backports, experimental), so that its own packages are the
# candidates.  SUITE+chroot is the set a build chroot of that release uses:
# the release plus its add-on suite, whose packages install when named.
# SUITE:ARCH (e.g. bookworm:arm64) is the suite for another architecture
# (its own lists, under apt/SUITE-ARCH): a cross build's headers, a
# foreign kernel image, busybox for its initramfs.
set -euo pipefail
. "$(dirname "$0")/common.sh"

suite=${1:?usage: apt-suite.sh SUITE[:ARCH] CMD ARGS...}
shift
arch=''
case $suite in *:*) arch=${suite#*:} suite=${suite%%:*} ;; esac
d=$GPUPASS_CACHE/apt/$suite${arch:+-$arch}
mkdir -p "$d/lists/partial" "$d/cache/archives/partial"

mirror_of() {
	# The URI serving the system's main archive (not -security).
	{
		grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' || true
		grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' || true
	} | grep '/debian/\?$' | head -1 || true
}

if [ ! -f "$d/sources.list" ]; then
	m=$(mirror_of)
	[ -n "$m" ] || die "cannot find the Debian archive in the system's apt sources"
	release() {
		sec=${m%/debian}/debian-security
		printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
			"$m" "$1" "$m" "$1" "$sec" "$1"
	}
	case $suite in
	bullseye | bookworm | trixie) release "$suite" ;;
	bookworm+chroot | trixie+chroot)
		release "${suite%+chroot}"
		printf 'deb %s %s-backports main\n' "$m" "${suite%+chroot}"
		;;
	sid+chroot) printf 'deb %s sid main\ndeb %s experimental main\n' "$m" "$m" ;;
	*+chroot) release "${suite%+chroot}" ;;
	*) printf 'deb %s %s main\n' "$m" "$suite" ;;
	esac >"$d/sources.list"
fi

o=(-o "Dir::Etc::sourcelist=$d/sources.list" -o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache"
	-o "Dir::State::status=$d/status" -o "Acquire::Check-Valid-Until=false"
	-o "APT::Sandbox::User=root")
[ -n "$arch" ] && o+=(-o "APT::Architecture=$arch" -o "APT::Architectures=$arch")
[ -f "$d/status" ] || : >"$d/status"

cmd=$1
shift
case $cmd in
update) apt-get "${o[@]}" -q update ;;
apt-get | apt-cache) "$cmd" "${o[@]}" "$@" ;;
*) die "unknown command $cmd" ;;
esac
