# SPDX-License-Identifier: GPL-2.0
# Host-side TAP helpers (bash), same line format as the guest's.

t_ok() { echo "ok - $1"; }
t_fail() {
	echo "not ok - $1"
	if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -20 | sed 's/^/# /'; fi
	return 0
}
t_skip() { echo "ok - $1 # SKIP $2"; }
t_check() {
	local d=$1 out
	shift
	if out=$("$@" 2>&1); then t_ok "$d"; else t_fail "$d" "$out"; fi
}
t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	elif [[ $2 == *$'\n'* || $3 == *$'\n'* ]]; then
		# Multi-line values (file lists, logs): only what differs.
		t_fail "$1" "$(diff -u --label expected --label got <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"
	else
		t_fail "$1" "expected '$2', got '$3'"
	fi
}

GPUPASS_VERSION=${GPUPASS_VERSION:-$(cat "$GPUPASS_SRC/VERSION")}
