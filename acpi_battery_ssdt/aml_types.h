/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The encoder (aml.c, params.c, ssdt.c) is built twice: into the kernel
 * module and into the userspace tool tools/battery-ssdt, so that both emit
 * the same bytes from the same source.  This header is the only place that
 * knows which of the two it is compiled for; the encoder itself uses just
 * the fixed-width types, size_t/bool, errno values and the string helpers
 * below.
 */
#ifndef BSSDT_AML_TYPES_H
#define BSSDT_AML_TYPES_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Same widths as the kernel's; u64 is "long long" there too, for printf. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#endif
#endif /* __KERNEL__ */

#endif /* BSSDT_AML_TYPES_H */
