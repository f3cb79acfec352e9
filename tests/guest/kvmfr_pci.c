// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr guest (PCI) mode against an ivshmem-plain device whose backing
 * file the host pre-filled: read the host's pattern, write a reply, check
 * bounds, dma-buf (ZONE_DEVICE mode) or its absence (fallback, item 11),
 * then unbind the device while a mapping and a dma-buf are alive (item 2)
 * and rebind it.  GUP must refuse user mappings of BAR2, so that no page
 * reference or pin (vmsplice, io_uring fixed buffers, O_DIRECT, RDMA)
 * outlives an unbind.
 *
 * usage: kvmfr_pci DEVICE   (the host wrote "GPUPASS-HOST" at 0 and byte
 *                            (i * 13) & 0xff at page i, from page 1 on)
 *        kvmfr_pci DEVICE race N
 *   A child maps and reads the device in a loop while this process
 *   unbinds and rebinds it N times; a mapping made before an unbind
 *   returned must fault with SIGBUS after it (a remap_pfn_range() in
 *   ->mmap could slip its page tables past the removal's zap).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/io_uring.h>
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

/*
 * io_uring fixed buffers: a long-term pin (FOLL_LONGTERM) where io_uring
 * accepts file mappings at all; 0 if pinned (and released), else -errno.
 */
static int uring_pin(void *addr, size_t len)
{
	struct io_uring_params p = { 0 };
	struct iovec iov = { addr, len };
	int ring, r, e;

	ring = syscall(__NR_io_uring_setup, 1, &p);
	if (ring < 0)
		return -ENOSYS;
	r = syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1);
	e = errno;
	close(ring);
	return r < 0 ? -e : 0;
}

/*
 * vmsplice() into a pipe: GUP takes page references that the pipe keeps
 * for as long as nobody reads it (beyond any unbind); 0 if it did.
 */
static int splice_ref(void *addr)
{
	struct iovec iov = { addr, PAGE };
	int p[2], r, e;

	if (pipe(p))
		return -errno;
	r = vmsplice(p[1], &iov, 1, 0);
	e = errno;
	close(p[0]);
	close(p[1]);
	return r < 0 ? -e : 0;
}

static void check_no_pin(const char *what, void *addr, size_t len)
{
	int r = splice_ref(addr);

	tap(r == -EFAULT,
	    "%s: GUP refuses it: vmsplice() into a pipe fails with EFAULT (%d)", what, r);
	r = uring_pin(addr, len);
	if (r == -ENOSYS)
		tap_skip("no io_uring in this kernel", "%s: io_uring cannot pin it", what);
	else
		tap(r == -EFAULT || r == -EOPNOTSUPP,
		    "%s: io_uring IORING_REGISTER_BUFFERS cannot pin it (%d)", what, r);
}

/* the PCI address of /sys/class/kvmfr/NAME's parent, or 0 */
static int parent_bdf(const char *name, char *bdf, size_t n)
{
	char path[PATH_MAX], sys[128], *slash;

	snprintf(sys, sizeof(sys), "/sys/class/kvmfr/%s", name);
	if (!realpath(sys, path))
		return 0;
	/* .../0000:00:03.0/kvmfr/kvmfr0: the PCI device is the parent */
	slash = strstr(path, "/kvmfr/");
	if (!slash || slash - path <= 12)
		return 0;
	*slash = 0;
	snprintf(bdf, n, "%s", strrchr(path, '/') + 1);
	return strchr(bdf, ':') != NULL;
}

struct race_state {
	volatile int gen;	/* unbinds completed */
	volatile int stop;
	volatile long maps, enodev, sigbus, late_reads;
};

static void race_child(const char *dev, unsigned long size, struct race_state *st)
{
	volatile unsigned char *m;
	int fd, g0, sig;

	while (!st->stop) {
		fd = open(dev, O_RDWR);
		if (fd < 0) {
			usleep(100);
			continue;
		}
		g0 = st->gen;
		m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED) {
			st->enodev += errno == ENODEV;
			close(fd);
			continue;
		}
		st->maps++;
		sig = probe_read(m + (st->maps % (size / PAGE)) * PAGE);
		st->sigbus += sig == SIGBUS;
		/* an unbind returned since: the device of fd is gone */
		if (st->gen != g0 && probe_read(m) != SIGBUS)
			st->late_reads++;
		munmap((void *)m, size);
		close(fd);
	}
	_exit(0);
}

static int race(const char *dev, int n)
{
	struct race_state *st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE,
				     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = open(dev, O_RDWR), i, tries, bad_unbind = 0, bad_bind = 0;
	unsigned long size;
	char bdf[64];
	pid_t child;

	if (!tap(fd >= 0 && parent_bdf(strrchr(dev, '/') + 1, bdf, sizeof(bdf)),
		 "race: open %s and find its PCI device", dev))
		return 1;
	size = ioctl(fd, KVMFR_DMABUF_GETSIZE);
	close(fd);
	child = fork();
	if (child == 0)
		race_child(dev, size, st);
	for (i = 0; i < n; i++) {
		usleep(i % 7 * 150);
		bad_unbind += write_file("/sys/bus/pci/drivers/kvmfr/unbind", bdf) != 0;
		st->gen++;
		/* rebinding waits for the child to let go of the old device */
		for (tries = 0; write_file("/sys/bus/pci/drivers/kvmfr/bind", bdf); tries++) {
			if (tries == 20000) {
				bad_bind++;
				break;
			}
			usleep(500);
		}
	}
	st->stop = 1;
	waitpid(child, NULL, 0);
	tap_diag("race: %d unbinds, child: %ld mappings, %ld mmap ENODEV, %ld SIGBUS reads",
		 n, st->maps, st->enodev, st->sigbus);
	tap(!bad_unbind && !bad_bind, "race: %d unbind/bind cycles while mapping (%d unbind, %d bind failures)",
	    n, bad_unbind, bad_bind);
	tap(st->late_reads == 0,
	    "race: no mapping made before an unbind could be read after it (%ld could)",
	    st->late_reads);
	tap(st->maps > 0, "race: the child mapped the device (%ld times)", st->maps);
	return tap_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	char bdf[64];
	unsigned char *mem, *dmem = MAP_FAILED;
	struct kvmfr_info info = { .argsz = sizeof(info) };
	struct kvmfr_dmabuf_create c = { .flags = 1, .offset = 4 * PAGE, .size = 8 * PAGE };
	unsigned long size, i;
	int fd, dfd = -1, ok, zone, n;
	const char *dev, *name;

	if (argc < 2)
		return 2;
	signal(SIGBUS, on_sig);
	signal(SIGSEGV, on_sig);
	if (argc == 4 && !strcmp(argv[2], "race"))
		return race(argv[1], atoi(argv[3]));
	dev = argv[1];
	name = strrchr(dev, '/') + 1;

	fd = open(dev, O_RDWR);
	if (!tap(fd >= 0, "open %s", dev))
		return 1;
	size = ioctl(fd, KVMFR_DMABUF_GETSIZE);
	tap(size == 32UL << 20, "GETSIZE is the BAR2 size (32 MiB)");
	tap(ioctl(fd, KVMFR_IOCTL_INFO, &info) == 0 && info.type == KVMFR_TYPE_PCI,
	    "INFO type is PCI");
	zone = !!(info.flags & KVMFR_INFO_DMABUF);
	tap_diag("mode: %s", zone ? "ZONE_DEVICE (dma-buf)" : "fallback (no dma-buf)");

	tap(parent_bdf(name, bdf, sizeof(bdf)),
	    "sysfs node is parented to the PCI device (item 10)");

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

	check_no_pin("PCI: the device mapping", mem, size);
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
		if (dmem != MAP_FAILED)
			check_no_pin("PCI: a dma-buf mapping", (void *)dmem, c.size);
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
