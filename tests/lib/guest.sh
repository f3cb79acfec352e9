# SPDX-License-Identifier: GPL-2.0
# Guest-side TAP helpers (busybox sh).  Output goes to stdout, which /init
# points at the test channel.

t_ok() { echo "ok - $1"; }
t_fail() {
	echo "not ok - $1"
	[ -n "${2:-}" ] && echo "$2" | head -10 | sed 's/^/# /'
	return 0
}
t_skip() { echo "ok - $1 # SKIP $2"; }

# t_check DESC CMD [ARGS...]: ok iff CMD exits 0; its output is shown as
# TAP diagnostics when it fails.
t_check() {
	_d=$1
	shift
	t_mark "$_d"
	if _out=$("$@" 2>&1); then
		t_ok "$_d"
	else
		t_fail "$_d" "$_out"
	fi
}

# t_eq DESC EXPECTED ACTUAL
t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_fail "$1" "expected '$2', got '$3'"
	fi
}

# Start a test marker in the kernel log, so a kernel report can be tied to
# the test that was running.
t_mark() { echo "gpupass-test: $1" > /dev/kmsg 2>/dev/null || true; }
