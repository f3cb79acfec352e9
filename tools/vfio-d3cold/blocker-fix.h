/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VD3_BLOCKER_FIX_H
#define VD3_BLOCKER_FIX_H

#include <stddef.h>

void vd3_blocker_fix(const char *line, char *out, size_t size);

#endif /* VD3_BLOCKER_FIX_H */
