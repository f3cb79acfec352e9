// SPDX-License-Identifier: GPL-2.0
/* tools/vfio-d3cold built static for the guest (tests/guest/bin). */
#include "../../tools/vfio-d3cold/vfio-d3cold.c"
#include "../../tools/vfio-d3cold/blocker-fix.c"
