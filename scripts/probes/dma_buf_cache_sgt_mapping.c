// SPDX-License-Identifier: GPL-2.0
/*
 * dma_buf_ops.cache_sgt_mapping: the core caches an attachment's mapping.
 * Removed again in 6.x/7.x, where the core no longer offers this.
 */
#include <linux/dma-buf.h>

static const struct dma_buf_ops probe_ops __maybe_unused = {
	.cache_sgt_mapping = true,
};
