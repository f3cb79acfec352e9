// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr ABI conformance: replays the Looking Glass client's call sequence
 * with every value it depends on, then every negative case, then the
 * checks for the items 1, 3, 4, 5 and 9.
 *
 * usage: kvmfr_abi DEVICE EXPECTED_SIZE [fresh]
 *   fresh: the device was just created, so its memory must be all zero.
 * kvmfr_abi DEVICE SIZE persist: the bytes an earlier run left are there.
 * kvmfr_abi DEVICE SIZE hold: keep a mapping and a dma-buf until killed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <kvmfr.h>

#include "tap.h"

#define PAGE 4096UL
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((a) - 1))

/* DRM uapi subset (no kernel DRM headers on the build host). */
struct t_drm_prime_handle { uint32_t handle, flags; int32_t fd; };
struct t_drm_map_dumb { uint32_t handle, pad; uint64_t offset; };
struct t_drm_gem_close { uint32_t handle, pad; };
#define T_DRM_IOCTL_PRIME_FD_TO_HANDLE _IOWR('d', 0x2e, struct t_drm_prime_handle)
#define T_DRM_IOCTL_MODE_MAP_DUMB _IOWR('d', 0xB3, struct t_drm_map_dumb)
#define T_DRM_IOCTL_GEM_CLOSE _IOW('d', 0x09, struct t_drm_gem_close)

static const char *dev;
static unsigned long size;

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

/* VmFlags line of the smaps entry that starts at addr */
static int smaps_flags(void *addr, char *out, size_t n)
{
	char line[512], start[32];
	int found = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	out[0] = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, start, strlen(start)))
			found = 1;
		else if (found && !strncmp(line, "VmFlags:", 8)) {
			snprintf(out, n, "%s", line + 8);
			break;
		}
	}
	fclose(f);
	return found;
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

static void client_sequence(int fresh)
{
	/* 1920x1080 XRGB8888 frame at a page-aligned LGMP offset + 4 */
	unsigned long pitch = 1920 * 4, fsize = ALIGN_UP(1080 * pitch, PAGE);
	unsigned long foff = 3 * PAGE;
	unsigned char *mem, *mem2, *dmem;
	struct dma_buf_sync sync;
	int fd, fd2, dfd, zero = 1;
	unsigned long i;
	struct stat st;
	long r;

	tap(sizeof(struct kvmfr_dmabuf_create) == 24,
	    "struct kvmfr_dmabuf_create is 24 bytes");
	tap(KVMFR_DMABUF_GETSIZE == 0x7544 && KVMFR_DMABUF_CREATE == 0x40187542,
	    "ioctl numbers are 0x7544 and 0x40187542");

	fd = open(dev, O_RDWR, 0600);
	if (!tap(fd >= 0, "open %s O_RDWR", dev))
		exit(1);
	r = ioctl(fd, KVMFR_DMABUF_GETSIZE, 0);
	if (!tap(r == (long)size, "GETSIZE returns %lu", size))
		tap_diag("got %ld", r);
	tap(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode), "fstat: character device");
	tap(lseek(fd, 0, SEEK_END) == (off_t)size,
	    "lseek SEEK_END returns the size (item 9)");
	tap(lseek(fd, 0, SEEK_SET) == 0, "lseek SEEK_SET 0");

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!tap(mem != MAP_FAILED, "mmap whole device MAP_SHARED"))
		exit(1);
	/* Aligned for PMD mappings, which need THP (not in -rt kernels). */
	if (access("/sys/kernel/mm/transparent_hugepage", F_OK) == 0)
		tap(((unsigned long)mem & (2 * 1024 * 1024 - 1)) == 0,
		    "unfixed mmap address is 2 MiB aligned");
	else
		tap_skip("kernel without CONFIG_TRANSPARENT_HUGEPAGE",
			 "unfixed mmap address is 2 MiB aligned");
	if (fresh) {
		for (i = 0; i < size; i++)
			if (mem[i]) {
				zero = 0;
				break;
			}
		tap(zero, "fresh device memory is zeroed");
	}
	for (i = 0; i < size; i += PAGE)
		mem[i] = (unsigned char)(i / PAGE * 7 + 1);

	fd2 = open(dev, O_RDWR);
	mem2 = mmap(NULL, size, PROT_READ, MAP_SHARED, fd2, 0);
	tap(mem2 != MAP_FAILED && !memcmp(mem, mem2, size),
	    "second open's mapping aliases the first");

	dfd = create(fd, KVMFR_DMABUF_FLAG_CLOEXEC, foff, fsize);
	if (!tap(dfd >= 0, "CREATE {flags=1, offset=%lu, size=%lu}", foff, fsize))
		tap_diag("errno %d %s", errno, strerror(errno));
	tap((fcntl(dfd, F_GETFD) & FD_CLOEXEC) != 0, "dma-buf fd has FD_CLOEXEC");
	tap(!strcmp(fdinfo(dfd, "exp_name"), "kvmfr"), "fdinfo exp_name is kvmfr");
	tap(!strcmp(fdinfo(dfd, "flags"), "02000002"), "fdinfo flags 02000002 (O_RDWR|O_CLOEXEC)");
	tap(!strcmp(fdinfo(dfd, "size"), "8294400") || fsize != 8294400,
	    "fdinfo size is the requested size");
	tap(lseek(dfd, 0, SEEK_END) == (off_t)fsize, "dma-buf lseek SEEK_END is its size");

	dmem = mmap(NULL, fsize, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	if (tap(dmem != MAP_FAILED, "mmap dma-buf MAP_SHARED")) {
		tap(!memcmp(dmem, mem + foff, fsize), "dma-buf mapping aliases the device at its offset");
		dmem[5] = 0x5a;
		tap(mem[foff + 5] == 0x5a && mem2[foff + 5] == 0x5a,
		    "write through dma-buf is seen by device mappings");
		mem[foff + fsize - 1] = 0x3c;
		tap(dmem[fsize - 1] == 0x3c, "write through device is seen by dma-buf");
		munmap(dmem, fsize);
	}
	dmem = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, dfd, 2 * PAGE);
	tap(dmem != MAP_FAILED && dmem[0] == mem[foff + 2 * PAGE],
	    "dma-buf mmap at page offset 2 aliases device offset+2 pages");
	if (dmem != MAP_FAILED)
		munmap(dmem, PAGE);
	TAP_ERRNO(mmap(NULL, fsize, PROT_READ, MAP_PRIVATE, dfd, 0), EINVAL,
		  "private dma-buf mmap: EINVAL");
	TAP_ERRNO(mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, dfd, fsize - PAGE), EINVAL,
		  "dma-buf mmap past its end: EINVAL");
	sync.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	tap(ioctl(dfd, DMA_BUF_IOCTL_SYNC, &sync) == 0, "DMA_BUF_IOCTL_SYNC start: 0");
	sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	tap(ioctl(dfd, DMA_BUF_IOCTL_SYNC, &sync) == 0, "DMA_BUF_IOCTL_SYNC end: 0");
	close(dfd);

	dfd = create(fd, 0, 0, PAGE);
	tap(dfd >= 0 && !(fcntl(dfd, F_GETFD) & FD_CLOEXEC) &&
	    !strcmp(fdinfo(dfd, "flags"), "02"), "CREATE flags=0: no FD_CLOEXEC, O_RDWR");
	close(dfd);
	dfd = create(fd, 0xfe, 0, PAGE);
	tap(dfd >= 0, "CREATE ignores unknown flag bits (legacy)");
	close(dfd);
	dfd = create(fd, 0, size - PAGE, PAGE);
	tap(dfd >= 0, "CREATE of the last page");
	close(dfd);
	dfd = create(fd, 1, 0, size);
	tap(dfd >= 0, "CREATE of the whole device");
	/* the dma-buf outlives the device fd and its mappings */
	munmap(mem2, size);
	close(fd2);
	munmap(mem, size);
	close(fd);
	dmem = mmap(NULL, size, PROT_READ, MAP_SHARED, dfd, 0);
	tap(dmem != MAP_FAILED && dmem[foff + 5] == 0x5a,
	    "dma-buf still maps the memory after the device fd is closed");
	if (dmem != MAP_FAILED)
		munmap(dmem, size);
	close(dfd);
}

static void negative(void)
{
	int fd = open(dev, O_RDWR);
	unsigned char *m;
	long r;
	char flags[512];

	TAP_ERRNO(create(fd, 1, 1, PAGE), EINVAL, "CREATE unaligned offset: EINVAL");
	TAP_ERRNO(create(fd, 1, 0, PAGE + 1), EINVAL, "CREATE unaligned size: EINVAL");
	/*
	 * Decision: no zero-length dma-buf (nothing could map or import it).
	 * Looking Glass sizes a zero-height frame as one page: (0 & ~4095) +
	 * 4096 (ivshmemGetDMABuf()), so it never asks for one.
	 */
	TAP_ERRNO(create(fd, 1, 0, 0), EINVAL, "CREATE size 0: EINVAL (deliberate)");
	r = create(fd, 1, 0, (0 & ~(PAGE - 1)) + PAGE);
	tap(r >= 0, "CREATE of a zero-height frame as Looking Glass sizes it (one page)");
	if (r >= 0)
		close(r);
	TAP_ERRNO(create(fd, 1, 0, size + PAGE), EINVAL, "CREATE larger than device: EINVAL");
	TAP_ERRNO(create(fd, 1, size, PAGE), EINVAL, "CREATE at the end: EINVAL");
	TAP_ERRNO(create(fd, 1, PAGE, size), EINVAL, "CREATE offset+size past end: EINVAL");
	TAP_ERRNO(create(fd, 1, -PAGE, 2 * PAGE), EINVAL, "CREATE offset+size wraps: EINVAL");
	TAP_ERRNO(create(fd, 1, PAGE, -PAGE), EINVAL, "CREATE huge size wraps: EINVAL");
	TAP_ERRNO(ioctl(fd, KVMFR_DMABUF_CREATE, (void *)16), EFAULT, "CREATE bad pointer: EFAULT");
	TAP_ERRNO(ioctl(fd, _IO('u', 0x45), 0), ENOTTY, "unknown command: ENOTTY");
	TAP_ERRNO(ioctl(fd, 0x40147542, 0), ENOTTY, "i386 CREATE number from 64-bit: ENOTTY");
	TAP_ERRNO(mmap(NULL, size + PAGE, PROT_READ, MAP_SHARED, fd, 0), EINVAL,
		  "device mmap longer than device: EINVAL");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, size), EINVAL,
		  "device mmap at the end: EINVAL");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 1UL << 44), EINVAL,
		  "device mmap at a huge offset: EINVAL");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0), EINVAL,
		  "MAP_PRIVATE device mapping refused: EINVAL (item 9)");

	/* item 1: bounded mappings */
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	TAP_ERRNO(mremap(m, size, size + PAGE, 0), EFAULT,
		  "mremap grow in place: EFAULT (item 1)");
	TAP_ERRNO(mremap(m, size, 2 * size, MREMAP_MAYMOVE), EFAULT,
		  "mremap grow with MAYMOVE: EFAULT (item 1)");
	smaps_flags(m, flags, sizeof(flags));
	if (!tap(strstr(flags, " de") && strstr(flags, " dd") && strstr(flags, " sh"),
		 "device VMA is shared, DONTEXPAND, DONTDUMP (item 1)"))
		tap_diag("VmFlags:%s", flags);
	munmap(m, size);
	m = mmap(NULL, 4 * PAGE, PROT_READ, MAP_SHARED, fd, size - 4 * PAGE);
	tap(m != MAP_FAILED, "mmap of the last 4 pages");
	TAP_ERRNO(mremap(m, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE), EFAULT,
		  "mremap past the device end: EFAULT (item 1)");
	munmap(m, 4 * PAGE);
	close(fd);
}

static void readonly(void)
{
	int fd = open(dev, O_RDONLY), dfd;
	struct kvmfr_info info = { .argsz = sizeof(info) };
	void *m;

	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EACCES,
		  "O_RDONLY fd: writable mmap EACCES (item 3)");
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	tap(m != MAP_FAILED, "O_RDONLY fd: read-only mmap works");
	TAP_ERRNO(mprotect(m, PAGE, PROT_READ | PROT_WRITE), EACCES,
		  "O_RDONLY fd: mprotect to writable EACCES (item 3)");
	/*
	 * Importers (GEM mmap of an import, vmap, device DMA) ignore a
	 * dma-buf's file mode, so a read-only opener gets no dma-buf at all.
	 */
	dfd = create(fd, 1, 0, PAGE);
	if (!tap(dfd == -1 && errno == EACCES,
		 "O_RDONLY fd: CREATE refused with EACCES (no dma-buf importers could write through)"))
		tap_diag("got %d errno %d (%s)", dfd, errno, strerror(errno));
	if (dfd >= 0)
		close(dfd);
	tap(ioctl(fd, KVMFR_IOCTL_INFO, &info) == 0 && (info.flags & KVMFR_INFO_READONLY),
	    "INFO reports the fd read-only");
	munmap(m, PAGE);
	close(fd);
}

static void emfile(void)
{
	int fd = open(dev, O_RDWR), i, last = fd;
	struct rlimit rl, old;

	/* item 4: the fd table is full when dma_buf_fd() runs */
	getrlimit(RLIMIT_NOFILE, &old);
	for (i = 0; i < 1024; i++) {
		int d = dup(fd);

		if (d < 0)
			break;
		last = d > last ? d : last;
	}
	rl = old;
	rl.rlim_cur = last + 1;
	setrlimit(RLIMIT_NOFILE, &rl);
	while (dup(fd) >= 0)
		;
	for (i = 0; i < 100; i++)
		if (create(fd, 1, 0, PAGE) >= 0 || errno != EMFILE)
			break;
	tap(i == 100, "CREATE with a full fd table: EMFILE, 100 times (item 4)");
	setrlimit(RLIMIT_NOFILE, &old);
	for (i = 3; i <= last + 1; i++)
		close(i);
}

static void info(void)
{
	int fd = open(dev, O_RDWR);
	struct kvmfr_info in = { .argsz = sizeof(in) };
	char big[sizeof(in) + 8] = { 0 };

	tap(ioctl(fd, KVMFR_IOCTL_INFO, &in) == 0 && in.size == size &&
	    in.type == KVMFR_TYPE_STATIC && (in.flags & KVMFR_INFO_DMABUF) &&
	    !(in.flags & KVMFR_INFO_READONLY), "INFO: size, type static, dma-buf");
	tap_diag("huge_bytes %llu of %lu", (unsigned long long)in.huge_bytes, size);
	in.argsz = 8;
	TAP_ERRNO(ioctl(fd, KVMFR_IOCTL_INFO, &in), EINVAL, "INFO short argsz: EINVAL");
	memcpy(big, &in, sizeof(in));
	((struct kvmfr_info *)big)->argsz = sizeof(big);
	tap(ioctl(fd, KVMFR_IOCTL_INFO, big) == 0, "INFO longer zeroed argsz: ok");
	big[sizeof(in)] = 1;
	((struct kvmfr_info *)big)->argsz = sizeof(big);
	TAP_ERRNO(ioctl(fd, KVMFR_IOCTL_INFO, big), E2BIG, "INFO longer non-zero argsz: E2BIG");
	in.argsz = sizeof(in);
	in.range_offset = 1;
	in.range_size = PAGE;
	TAP_ERRNO(ioctl(fd, KVMFR_IOCTL_INFO, &in), EINVAL, "INFO bad range: EINVAL");
	close(fd);
}

/* /sys/kernel/debug/dma_buf/bufinfo lists an exporter and an attachment */
static int bufinfo_has(const char *exp, const char *attached)
{
	char line[512];
	int in_exp = 0, found = 0;
	FILE *f = fopen("/sys/kernel/debug/dma_buf/bufinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, exp))
			in_exp = 1;
		else if (in_exp && strstr(line, attached))
			found = 1;
	}
	fclose(f);
	return found;
}

/* item 5: a real importer (vgem) maps the same bytes */
static void vgem(void)
{
	struct t_drm_prime_handle ph = { 0 };
	struct t_drm_map_dumb md = { 0 };
	struct t_drm_gem_close gc = { 0 };
	int fd = open(dev, O_RDWR), drm = open("/dev/dri/card0", O_RDWR), dfd;
	unsigned char *mem, *g;
	unsigned long off = 16 * PAGE, len = 64 * PAGE;

	if (drm < 0) {
		tap_skip("no /dev/dri/card0", "vgem PRIME import");
		close(fd);
		return;
	}
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memset(mem + off, 0xc3, len);
	mem[off + len - 1] = 0x42;
	dfd = create(fd, 1, off, len);
	ph.fd = dfd;
	if (!tap(ioctl(drm, T_DRM_IOCTL_PRIME_FD_TO_HANDLE, &ph) == 0,
		 "vgem PRIME_FD_TO_HANDLE imports the dma-buf (item 5)"))
		tap_diag("errno %d %s", errno, strerror(errno));
	/*
	 * vgem (6.1) refuses to mmap imported objects, so what it sees is
	 * checked through the dma-buf core: the buffer is attached to vgem
	 * and its device mapping (dma_map_sgtable) is in place.
	 */
	tap(bufinfo_has("kvmfr", "vgem"), "dma-buf debugfs: kvmfr buffer attached to vgem (item 5)");
	md.handle = ph.handle;
	TAP_ERRNO(ioctl(drm, T_DRM_IOCTL_MODE_MAP_DUMB, &md), EINVAL,
		  "vgem refuses to map imports (why bytes are checked via the dma-buf)");
	(void)g;
	gc.handle = ph.handle;
	ioctl(drm, T_DRM_IOCTL_GEM_CLOSE, &gc);
	close(dfd);
	close(drm);
	munmap(mem, size);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DEVICE SIZE [fresh]\n", argv[0]);
		return 2;
	}
	dev = argv[1];
	size = strtoul(argv[2], NULL, 0);
	if (argc > 3 && !strcmp(argv[3], "persist")) {
		int fd = open(dev, O_RDWR);
		unsigned char *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

		tap(m != MAP_FAILED && m[3 * PAGE + 5] == 0x5a && m[PAGE] == 8,
		    "memory kept its contents across closes");
		return tap_failed;
	}
	if (argc > 3 && !strcmp(argv[3], "hold")) {
		int fd = open(dev, O_RDWR), dfd = create(fd, 1, 0, PAGE);
		unsigned char *m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

		close(fd);
		if (dfd < 0 || m == MAP_FAILED)
			return 1;
		printf("holding\n");
		fflush(stdout);
		pause();
		return 0;
	}
	client_sequence(argc > 3 && !strcmp(argv[3], "fresh"));
	negative();
	readonly();
	emfile();
	info();
	vgem();
	return tap_failed ? 1 : 0;
}
