// SPDX-License-Identifier: GPL-2.0
/* The kvmfr benchmark as a guest program: see tests/bench/kvmfr-bench.c. */
#include "../bench/kvmfr-bench.c"
