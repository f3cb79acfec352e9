// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr guest (PCI) mode against an ivshmem-plain device whose backing
 * file the host pre-filled: read the host's pattern, write a reply, check
 * bounds, dma-buf (ZONE_DEVICE mode) or its absence (fallback, item 11),
 * then unbind the device while a mapping and a dma-buf are alive (item 2)
 * and rebind it.
 *
 * usage: kvmfr_pci DEVICE   (the host wrote "GPUPASS-HOST" at 0 and byte
 *                            (i * 13) & 0xff at page i, from page 1 on)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <kvmfr.h>

#include "tap.h"

#define PAGE 4096UL

static sigjmp_buf jb;
static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	got_sig = sig;
	siglongjmp(jb, 1);
}

/* returns the signal a read of p raised, 0 if none */
static int probe_read(volatile unsigned char *p)
{
	got_sig = 0;
	if (!sigsetjmp(jb, 1))
		(void)*p;
	return got_sig;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), r;

	if (fd < 0)
		return -1;
	r = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -1;
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX], bdf[64], *slash, sys[128];
	unsigned char *mem, *dmem = MAP_FAILED;
	struct kvmfr_info info = { .argsz = sizeof(info) };
	struct kvmfr_dmabuf_create c = { .flags = 1, .offset = 4 * PAGE, .size = 8 * PAGE };
	unsigned long size, i;
	int fd, dfd = -1, ok, zone, n;
	const char *dev, *name;

	if (argc < 2)
		return 2;
	dev = argv[1];
	name = strrchr(dev, '/') + 1;
	signal(SIGBUS, on_sig);
	signal(SIGSEGV, on_sig);

	fd = open(dev, O_RDWR);
	if (!tap(fd >= 0, "open %s", dev))
		return 1;
	size = ioctl(fd, KVMFR_DMABUF_GETSIZE);
	tap(size == 32UL << 20, "GETSIZE is the BAR2 size (32 MiB)");
	tap(ioctl(fd, KVMFR_IOCTL_INFO, &info) == 0 && info.type == KVMFR_TYPE_PCI,
	    "INFO type is PCI");
	zone = !!(info.flags & KVMFR_INFO_DMABUF);
	tap_diag("mode: %s", zone ? "ZONE_DEVICE (dma-buf)" : "fallback (no dma-buf)");

	snprintf(sys, sizeof(sys), "/sys/class/kvmfr/%s", name);
	if (!realpath(sys, path))
		path[0] = 0;
	/* .../0000:00:03.0/kvmfr/kvmfr0: the PCI device is the parent */
	slash = strstr(path, "/kvmfr/");
	ok = slash && slash - path > 12;
	if (ok) {
		*slash = 0;
		snprintf(bdf, sizeof(bdf), "%s", strrchr(path, '/') + 1);
	}
	tap(ok && strchr(bdf, ':'), "sysfs node is parented to the PCI device (item 10)");

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!tap(mem != MAP_FAILED, "mmap BAR2"))
		return 1;
	tap(!memcmp(mem, "GPUPASS-HOST", 12), "guest reads the host's magic");
	for (ok = 1, i = 1; i < size / PAGE; i++)
		if (mem[i * PAGE] != ((i * 13) & 0xff)) {
			ok = 0;
			break;
		}
	tap(ok, "guest reads the host's pattern on every page");
	memcpy(mem + (1UL << 20), "GPUPASS-GUEST-REPLY", 19);
	mem[size - 1] = 0xee;
	msync(mem, size, MS_SYNC);

	TAP_ERRNO(mremap(mem, size, size + PAGE, 0), EFAULT, "PCI: mremap grow fails (item 1)");
	TAP_ERRNO(mremap(mem, size, 2 * size, MREMAP_MAYMOVE), EFAULT,
		  "PCI: mremap grow with MAYMOVE fails (item 1)");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, size), EINVAL,
		  "PCI: mmap past the BAR: EINVAL");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0), EINVAL,
		  "PCI: MAP_PRIVATE refused (item 9)");

	dfd = ioctl(fd, KVMFR_DMABUF_CREATE, &c);
	if (zone) {
		tap(dfd >= 0, "PCI: CREATE dma-buf");
		dmem = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
		tap(dmem != MAP_FAILED && !memcmp(dmem, mem + c.offset, c.size),
		    "PCI: dma-buf mapping aliases BAR2 at its offset");
	} else {
		tap(dfd < 0 && errno == EOPNOTSUPP,
		    "fallback: CREATE fails with EOPNOTSUPP (item 11)");
	}

	/* item 2: unbind while mapped */
	n = write_file("/sys/bus/pci/drivers/kvmfr/unbind", bdf);
	tap(n == 0, "unbind %s while mapped (item 2)", bdf);
	tap(access(dev, F_OK) != 0, "node is gone after unbind");
	tap(probe_read(mem) == SIGBUS, "device mapping faults SIGBUS after unbind (item 2)");
	tap(probe_read(mem + size - 1) == SIGBUS, "... at its end too");
	if (zone)
		tap(dmem != MAP_FAILED && probe_read(dmem) == SIGBUS,
		    "dma-buf mapping faults SIGBUS after unbind (item 2)");
	TAP_ERRNO(ioctl(fd, KVMFR_DMABUF_GETSIZE), ENODEV, "ioctl on the old fd: ENODEV");
	TAP_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0), ENODEV,
		  "new mmap on the old fd: ENODEV");

	/* the memory outlives the binding until the last user lets go */
	n = write_file("/sys/bus/pci/drivers/kvmfr/bind", bdf);
	tap(n != 0, "rebind refused while the old device is still referenced");
	if (dmem != MAP_FAILED)
		munmap(dmem, c.size);
	if (dfd >= 0)
		close(dfd);
	munmap(mem, size);
	close(fd);
	n = write_file("/sys/bus/pci/drivers/kvmfr/bind", bdf);
	tap(n == 0, "rebind once the last user is gone");
	fd = open(dev, O_RDWR);
	mem = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	tap(mem != MAP_FAILED && !memcmp(mem + (1UL << 20), "GPUPASS-GUEST-REPLY", 19),
	    "after rebind the memory is there again");
	munmap(mem, size);
	close(fd);
	return tap_failed ? 1 : 0;
}
