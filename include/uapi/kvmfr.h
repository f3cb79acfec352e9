/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * kvmfr: shared memory for Looking Glass, as /dev/kvmfrN.
 *
 * The two legacy commands below are bit-for-bit those of Looking Glass's
 * kvmfr 0.0.12 (its client and OBS plugin hard-code the numbers).  Their
 * 'u' 0x40-0x4f range belongs to udmabuf; never add commands there.  New
 * commands live under KVMFR_IOCTL_MAGIC with sized structs and strict
 * checks.
 */
#ifndef _UAPI_KVMFR_H
#define _UAPI_KVMFR_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* KVMFR_DMABUF_CREATE: give the dma-buf fd O_CLOEXEC. */
#define KVMFR_DMABUF_FLAG_CLOEXEC	0x1

/*
 * struct kvmfr_dmabuf_create - argument of KVMFR_DMABUF_CREATE
 * @flags:  KVMFR_DMABUF_FLAG_*; other bits are ignored (legacy behaviour)
 * @offset: start of the buffer in the device, page aligned
 * @size:   length of the buffer, page aligned and not 0
 *
 * The layout (with its implicit padding) is part of the ABI: 24 bytes on
 * x86-64, 20 on i386.
 */
struct kvmfr_dmabuf_create {
	__u8  flags;
	__u64 offset;
	__u64 size;
};

/* Returns the device size in bytes as the ioctl's return value. */
#define KVMFR_DMABUF_GETSIZE	_IO('u', 0x44)
/* Returns a new dma-buf fd over [offset, offset + size) of the device. */
#define KVMFR_DMABUF_CREATE	_IOW('u', 0x42, struct kvmfr_dmabuf_create)

/* Commands added by this implementation (0xD9 is unassigned). */
#define KVMFR_IOCTL_MAGIC	0xD9

#define KVMFR_TYPE_STATIC	1	/* host memory given at module load */
#define KVMFR_TYPE_PCI		2	/* BAR2 of an IVSHMEM device (guest) */

/* info.flags */
#define KVMFR_INFO_DMABUF	(1ULL << 0)	/* KVMFR_DMABUF_CREATE works */
#define KVMFR_INFO_READONLY	(1ULL << 1)	/* this fd cannot write */

/**
 * struct kvmfr_info - argument of KVMFR_IOCTL_INFO
 * @argsz:          in: sizeof(struct kvmfr_info); larger is accepted if
 *                  the extra bytes are zero
 * @type:           out: KVMFR_TYPE_*
 * @flags:          out: KVMFR_INFO_*
 * @size:           out: device size in bytes (not truncated to int)
 * @huge_bytes:     out: bytes backed by 2 MiB pages
 * @range_offset:   in: a page-aligned range of the device, or 0/0
 * @range_size:     in
 * @range_segments: out: entries of the scatterlist a dma-buf over the
 *                  range gets (physically contiguous runs), 0 for 0/0
 *
 * All fields are naturally aligned, so i386 and x86-64 share the layout.
 */
struct kvmfr_info {
	__u32 argsz;
	__u32 type;
	__u64 flags;
	__u64 size;
	__u64 huge_bytes;
	__u64 range_offset;
	__u64 range_size;
	__u64 range_segments;
};

#define KVMFR_IOCTL_INFO	_IOWR(KVMFR_IOCTL_MAGIC, 0x00, struct kvmfr_info)

#endif /* _UAPI_KVMFR_H */
