// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr fuzz: random open/close/ioctl/mmap/mremap/munmap/touch operations
 * with random (often hostile) arguments against a kvmfr device.  The kernel
 * must neither crash nor warn; the harness checks the kernel log.  Touches
 * happen only inside mappings the kernel accepted, so a SIGBUS or SIGSEGV
 * here is a failure (the memory must be there while mapped).
 *
 * usage: kvmfr_fuzz DEVICE OPS [SEED] [SECONDS]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <kvmfr.h>

#include "tap.h"

#define PAGE 4096UL
#define NFD 8
#define NMAP 16

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* sizes and offsets near interesting edges */
static uint64_t rnd_len(uint64_t size)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return size;
	case 3: return size + PAGE;
	case 4: return (rnd() % 64) * PAGE;
	case 5: return rnd() % (size + 1);
	case 6: return -PAGE * (rnd() % 4);
	default: return (rnd() % (size / PAGE + 2)) * PAGE;
	}
}

struct map { unsigned char *addr; size_t len; };

static volatile sig_atomic_t bad_signal;

static void on_signal(int sig)
{
	bad_signal = sig;
	_exit(3);
}

int main(int argc, char **argv)
{
	int fds[NFD], i;
	struct map maps[NMAP] = { { 0 } };
	unsigned long ops, n, ok = 0, fail = 0, seconds;
	uint64_t size;
	time_t start = time(NULL);
	const char *dev;

	if (argc < 3)
		return 2;
	dev = argv[1];
	ops = strtoul(argv[2], NULL, 0);
	rng = argc > 3 ? strtoull(argv[3], NULL, 0) : 0x9e3779b97f4a7c15ULL;
	seconds = argc > 4 ? strtoul(argv[4], NULL, 0) : 120;
	signal(SIGBUS, on_signal);
	signal(SIGSEGV, on_signal);
	for (i = 0; i < NFD; i++)
		fds[i] = -1;
	fds[0] = open(dev, O_RDWR);
	size = ioctl(fds[0], KVMFR_DMABUF_GETSIZE);

	for (n = 0; n < ops && (unsigned long)(time(NULL) - start) < seconds; n++) {
		int f = rnd() % NFD, m = rnd() % NMAP, fd = fds[f];
		struct kvmfr_dmabuf_create c;
		struct kvmfr_info info;
		long r = -1;
		void *p;

		switch (rnd() % 10) {
		case 0:
			if (fd >= 0)
				close(fd);
			fds[f] = open(dev, rnd() % 3 ? O_RDWR : O_RDONLY);
			r = fds[f];
			break;
		case 1:
			memset(&c, (int)rnd(), sizeof(c));
			c.offset = rnd() % 4 ? (rnd() % (size / PAGE + 1)) * PAGE : rnd_len(size);
			c.size = rnd_len(size);
			r = ioctl(fd, KVMFR_DMABUF_CREATE, &c);
			if (r >= 0) {
				/* sometimes map the dma-buf and touch it */
				if (rnd() % 2) {
					size_t l = c.size < 16 * PAGE ? c.size : 16 * PAGE;

					p = mmap(NULL, l, PROT_READ | PROT_WRITE, MAP_SHARED, r, 0);
					if (p == MAP_FAILED)
						p = mmap(NULL, l, PROT_READ, MAP_SHARED, r, 0);
					if (p != MAP_FAILED) {
						(void)*(volatile unsigned char *)p;
						munmap(p, l);
					}
				}
				close(r);
			}
			break;
		case 2:
			r = ioctl(fd, rnd() % 2 ? KVMFR_DMABUF_GETSIZE : (unsigned int)rnd(),
				  rnd() % 2 ? (unsigned long)&c : rnd());
			break;
		case 3:
			memset(&info, 0, sizeof(info));
			info.argsz = rnd() % 4 ? sizeof(info) : rnd() % 128;
			info.range_offset = rnd() % 2 ? (rnd() % (size / PAGE)) * PAGE : rnd();
			info.range_size = rnd_len(size);
			r = ioctl(fd, KVMFR_IOCTL_INFO, &info);
			break;
		case 4:
		case 5: {
			size_t len = rnd_len(size);
			off_t off = rnd() % 4 ? (off_t)((rnd() % (size / PAGE + 1)) * PAGE) : (off_t)rnd_len(size);
			int prot = rnd() % 2 ? PROT_READ : PROT_READ | PROT_WRITE;

			if (maps[m].addr)
				munmap(maps[m].addr, maps[m].len);
			maps[m].addr = NULL;
			p = mmap(NULL, len, prot, rnd() % 8 ? MAP_SHARED : MAP_PRIVATE, fd, off);
			if (p != MAP_FAILED) {
				maps[m].addr = p;
				maps[m].len = len;
				r = 0;
			}
			break;
		}
		case 6:
			if (maps[m].addr) {
				size_t nl = rnd_len(size);

				p = mremap(maps[m].addr, maps[m].len, nl, rnd() % 2 ? MREMAP_MAYMOVE : 0);
				if (p != MAP_FAILED) {
					maps[m].addr = p;
					maps[m].len = nl;
					r = 0;
				}
			}
			break;
		case 7:
			if (maps[m].addr) {
				/* read every so often, write only if it was writable */
				size_t o = (rnd() % ((maps[m].len + PAGE - 1) / PAGE)) * PAGE;

				r = *(volatile unsigned char *)(maps[m].addr + o);
			}
			break;
		case 8:
			if (maps[m].addr) {
				size_t o = (rnd() % ((maps[m].len + PAGE - 1) / PAGE)) * PAGE;

				r = munmap(maps[m].addr + o, PAGE * (1 + rnd() % 4));
				if (!r && o == 0 && maps[m].len <= 4 * PAGE)
					maps[m].addr = NULL;
				else if (!r) {
					munmap(maps[m].addr, maps[m].len);
					maps[m].addr = NULL;
				}
			}
			break;
		default:
			r = lseek(fd, (off_t)rnd_len(size), rnd() % 4);
			break;
		}
		if (r >= 0)
			ok++;
		else
			fail++;
	}
	for (i = 0; i < NMAP; i++)
		if (maps[i].addr)
			munmap(maps[i].addr, maps[i].len);
	for (i = 0; i < NFD; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	tap_diag("%lu ops (%lu succeeded, %lu failed) in %lds", n, ok, fail,
		 (long)(time(NULL) - start));
	tap(n >= ops, "fuzz: %lu random operations without a fault or signal", ops);
	return tap_failed ? 1 : 0;
}
