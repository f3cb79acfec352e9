// SPDX-License-Identifier: GPL-2.0
/*
 * 5.16: cc_platform_has() answers "is guest memory encrypted" for SEV and
 * TDX alike; before it only mem_encrypt_active() (SME/SEV) existed.
 */
#include <linux/cc_platform.h>

static __maybe_unused bool probe(void)
{
	return cc_platform_has(CC_ATTR_GUEST_MEM_ENCRYPT);
}
