#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run apt-get/apt-cache against another Debian suite with a private apt
# configuration under $GPUPASS_CACHE/apt/SUITE, never touching the system's
# sources.  The archive's address is taken from the system's own sources.
#
# usage: apt-suite.sh SUITE update|apt-get ARGS...|apt-cache ARGS...
set -euo pipefail
. "$(dirname "$0")/common.sh"

suite=${1:?usage: apt-suite.sh SUITE CMD ARGS...}
shift
d=$GPUPASS_CACHE/apt/$suite
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
	case $suite in
	bullseye | bookworm | trixie)
		sec=${m%/debian}/debian-security
		printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
			"$m" "$suite" "$m" "$suite" "$sec" "$suite" >"$d/sources.list"
		;;
	*) printf 'deb %s %s main\n' "$m" "$suite" >"$d/sources.list" ;;
	esac
fi

o=(-o "Dir::Etc::sourcelist=$d/sources.list" -o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache"
	-o "Dir::State::status=$d/status" -o "Acquire::Check-Valid-Until=false"
	-o "APT::Sandbox::User=root")
[ -f "$d/status" ] || : >"$d/status"

cmd=$1
shift
case $cmd in
update) apt-get "${o[@]}" -q update ;;
apt-get | apt-cache) "$cmd" "${o[@]}" "$@" ;;
*) die "unknown command $cmd" ;;
esac
