/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between module.c (parameters) and table.c (the sysfs table). */
#ifndef BSSDT_INTERNAL_H
#define BSSDT_INTERNAL_H

#include <linux/mutex.h>
#include "ssdt.h"

/* Serialises parameter changes and table updates. */
extern struct mutex bssdt_lock;

int bssdt_table_init(void);
void bssdt_table_exit(void);
int bssdt_table_update(const struct bssdt_params *p, char *msg,
		       size_t msglen);

#endif /* BSSDT_INTERNAL_H */
