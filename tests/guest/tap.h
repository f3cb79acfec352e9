/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for the guest test programs: "ok - desc",
 * "not ok - desc" with a "# why" line, "ok - desc # SKIP why".
 */
#ifndef GPUPASS_TAP_H
#define GPUPASS_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_failed;

static inline void tap_vresult(int ok, const char *fmt, va_list ap)
{
	fputs(ok ? "ok - " : "not ok - ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

/* tap(cond, fmt, ...): one test line, ok iff cond. */
static inline int tap(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(ok, fmt, ap);
	va_end(ap);
	return ok;
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static inline void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	fputs("ok - ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
	fflush(stdout);
}

/* Check that an expression returned -1 with errno == e. */
#define TAP_ERRNO(expr, e, desc)                                        \
	do {                                                            \
		errno = 0;                                              \
		long _r = (long)(expr);                                 \
		int _e = errno;                                         \
		if (!tap(_r == -1 && _e == (e), "%s", desc))            \
			tap_diag("got %ld errno %d (%s), want errno %d", \
				 _r, _e, strerror(_e), (e));            \
	} while (0)

#endif
