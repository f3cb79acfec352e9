// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr through compat_ioctl: built for a 32-bit ABI (i386 with -m32, or
 * ARM EABI), run on the 64-bit guest kernel.  i386 aligns __u64 to 4
 * bytes, so struct kvmfr_dmabuf_create is 20 bytes there and
 * KVMFR_DMABUF_CREATE is 0x40147542; ARM's EABI aligns it to 8 bytes as
 * arm64 does, so both are the native ones (24 bytes, 0x40187542).
 *
 * usage: kvmfr_compat32 /dev/kvmfrN SIZE
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <kvmfr.h>

#include "tap.h"

#define PAGE 4096UL

#ifdef __i386__
#define ABI32 "i386"
#define CREATE32_SIZE 20
#define CREATE32_NR 0x40147542
#else
#define ABI32 "ARM EABI"
#define CREATE32_SIZE 24
#define CREATE32_NR 0x40187542
#endif

/* Value of "key:" in /proc/self/fdinfo/FD, or "" */
static const char *fdinfo(int fd, const char *key)
{
	static char val[128];
	char path[64], line[256];
	FILE *f;

	val[0] = 0;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return val;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':') {
			sscanf(line + strlen(key) + 1, "%127s", val);
			break;
		}
	}
	fclose(f);
	return val;
}

static long create(int fd, uint8_t flags, uint64_t off, uint64_t sz)
{
	struct kvmfr_dmabuf_create c;

	memset(&c, 0xa5, sizeof(c));	/* padding garbage, like the client */
	c.flags = flags;
	c.offset = off;
	c.size = sz;
	return ioctl(fd, KVMFR_DMABUF_CREATE, &c);
}

int main(int argc, char **argv)
{
	unsigned long size, off = 3 * PAGE, len = 16 * PAGE, i;
	unsigned char *mem, *dmem;
	struct kvmfr_info info;
	int fd, dfd;
	long r;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DEV SIZE\n", argv[0]);
		return 2;
	}
	size = strtoul(argv[2], NULL, 0);

	tap(sizeof(void *) == 4, "compat32: built for " ABI32 " (4-byte pointers)");
	tap(sizeof(struct kvmfr_dmabuf_create) == CREATE32_SIZE,
	    "compat32: struct kvmfr_dmabuf_create is %d bytes", CREATE32_SIZE);
	tap(KVMFR_DMABUF_GETSIZE == 0x7544 && KVMFR_DMABUF_CREATE == CREATE32_NR,
	    "compat32: ioctl numbers are 0x7544 and %#x", CREATE32_NR);

	fd = open(argv[1], O_RDWR);
	if (!tap(fd >= 0, "compat32: open %s O_RDWR", argv[1]))
		return 1;
	r = ioctl(fd, KVMFR_DMABUF_GETSIZE, 0);
	if (!tap(r == (long)size, "compat32: GETSIZE returns %lu", size))
		tap_diag("got %ld errno %d", r, errno);

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info);
	r = ioctl(fd, KVMFR_IOCTL_INFO, &info);
	tap(r == 0 && info.size == size && info.type == KVMFR_TYPE_STATIC &&
	    (info.flags & KVMFR_INFO_DMABUF),
	    "compat32: IOCTL_INFO: static, size %lu, dma-buf capable", size);

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!tap(mem != MAP_FAILED, "compat32: mmap whole device MAP_SHARED"))
		return 1;
	for (i = 0; i < len; i += PAGE)
		mem[off + i] = (unsigned char)(i / PAGE * 11 + 3);

	dfd = create(fd, KVMFR_DMABUF_FLAG_CLOEXEC, off, len);
	if (!tap(dfd >= 0, "compat32: CREATE {flags=1, offset=%lu, size=%lu} returns an fd",
		 off, len))
		tap_diag("errno %d %s", errno, strerror(errno));
	if (dfd >= 0) {
		tap(!strcmp(fdinfo(dfd, "exp_name"), "kvmfr"),
		    "compat32: the fd is a kvmfr dma-buf (fdinfo exp_name)");
		tap((fcntl(dfd, F_GETFD) & FD_CLOEXEC) != 0,
		    "compat32: dma-buf fd has FD_CLOEXEC");
		tap(lseek(dfd, 0, SEEK_END) == (off_t)len,
		    "compat32: dma-buf lseek SEEK_END is its size");
		dmem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
		if (tap(dmem != MAP_FAILED, "compat32: mmap dma-buf MAP_SHARED")) {
			tap(!memcmp(dmem, mem + off, len),
			    "compat32: dma-buf mapping aliases the device at its offset");
			munmap(dmem, len);
		}
		close(dfd);
	}

	/* the 64-bit offset must arrive whole: 4 GiB + off is out of range */
	errno = 0;
	r = create(fd, 0, (1ULL << 32) + off, len);
	tap(r < 0 && errno == EINVAL,
	    "compat32: CREATE at offset 4 GiB + %lu: EINVAL (offset not truncated)", off);
	if (r >= 0)
		close(r);
	errno = 0;
	r = create(fd, 0, 0, size + PAGE);
	tap(r < 0 && errno == EINVAL, "compat32: CREATE larger than the device: EINVAL");
	if (r >= 0)
		close(r);

	munmap(mem, size);
	close(fd);
	return tap_failed ? 1 : 0;
}
