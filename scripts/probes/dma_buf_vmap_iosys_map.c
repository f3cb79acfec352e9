// SPDX-License-Identifier: GPL-2.0
/* 5.18: dma_buf_ops.vmap takes a struct iosys_map (was struct dma_buf_map). */
#include <linux/dma-buf.h>
#include <linux/iosys-map.h>

static int probe_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	iosys_map_set_vaddr(map, NULL);
	return 0;
}

const struct dma_buf_ops probe_ops = {
	.vmap = probe_vmap,
};
