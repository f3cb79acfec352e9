// SPDX-License-Identifier: GPL-2.0
/*
 * 5.11 .. 5.17: dma_buf_ops.vmap takes a struct dma_buf_map and returns an
 * errno (5.10 returned the address; 5.18 renamed the map to iosys_map).
 */
#include <linux/dma-buf.h>
#include <linux/dma-buf-map.h>

static int probe_vmap(struct dma_buf *dmabuf, struct dma_buf_map *map)
{
	dma_buf_map_set_vaddr(map, NULL);
	return 0;
}

static const struct dma_buf_ops probe_ops __maybe_unused = {
	.vmap = probe_vmap,
};
