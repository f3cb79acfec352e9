// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_client: plays the VMM for the vfio_d3cold tests.  It opens one
 * device through the type1 container/group API and runs steps given on
 * the command line, printing a TAP line per step that can fail:
 *
 *   vfio_client BDF STEP...
 *     open            container, group, device fd (VFIO_GROUP_GET_DEVICE_FD)
 *     openfail        the same, but GET_DEVICE_FD must fail (errno printed)
 *     dev:BDF         later steps act on BDF (same IOMMU group; "open" it)
 *     d3 | d0         write D3hot / D0 to PMCSR through the config region
 *     pmcsr=N         2-byte read of PMCSR; its state bits must be N
 *     pmdw=N          4-byte read of the PM control/status dword; state N
 *     cfg=N           256-byte config read; PMCSR state bits in it must be N
 *     bar=ok|EIO      4-byte read() of BAR0 must succeed / fail with EIO
 *     entry | exit    VFIO_DEVICE_FEATURE LOW_POWER_ENTRY / _EXIT
 *     reset           VFIO_DEVICE_RESET
 *     hotreset        VFIO_DEVICE_PCI_HOT_RESET of the device's set
 *     dmabuf          VFIO_DEVICE_FEATURE_DMA_BUF of BAR0's first page gives
 *                     a dma-buf fd (skipped on kernels without the feature)
 *     sleep:MS        sleep MS milliseconds
 *     sh:FUNC         run FUNC from /tmp/checks.sh (guest TAP helpers loaded)
 *     close           close the devices, group and container
 */
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#include "tap.h"

struct dev {
	const char *bdf;
	int fd;
	uint64_t cfg_off, bar0_off;
	unsigned int pm_cap;
};

static int container = -1, group = -1, device = -1;
static uint64_t cfg_off, bar0_off;
static unsigned int pm_cap;
static const char *bdf;
static struct dev devs[2];
static unsigned int cur;

/* Save the current device's state, switch to @b (a new slot if unseen). */
static void use_dev(const char *b)
{
	unsigned int i;

	devs[cur] = (struct dev){ bdf, device, cfg_off, bar0_off, pm_cap };
	for (i = 0; i < 2 && devs[i].bdf && strcmp(devs[i].bdf, b); i++)
		;
	if (i == 2)
		i = 1;
	if (!devs[i].bdf || strcmp(devs[i].bdf, b))
		devs[i] = (struct dev){ b, -1, 0, 0, 0 };
	cur = i;
	bdf = devs[i].bdf;
	device = devs[i].fd;
	cfg_off = devs[i].cfg_off;
	bar0_off = devs[i].bar0_off;
	pm_cap = devs[i].pm_cap;
}

static int open_group(void)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct vfio_group_status st = { .argsz = sizeof(st) };
	ssize_t n;

	if (group >= 0)
		return 0;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return tap_diag("no iommu group for %s", bdf), -1;
	link[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));

	container = open("/dev/vfio/vfio", O_RDWR);
	group = open(path, O_RDWR);
	if (container < 0 || group < 0)
		return tap_diag("open %s: %s", path, strerror(errno)), -1;
	if (ioctl(group, VFIO_GROUP_GET_STATUS, &st) ||
	    !(st.flags & VFIO_GROUP_FLAGS_VIABLE))
		return tap_diag("group %s not viable", path), -1;
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		return tap_diag("container: %s", strerror(errno)), -1;
	return 0;
}

static int open_device(void)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri) };
	uint8_t cap;

	if (open_group())
		return -1;
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (device < 0)
		return tap_diag("GET_DEVICE_FD: %s", strerror(errno)), -1;
	ri.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri))
		return tap_diag("region info: %s", strerror(errno)), -1;
	cfg_off = ri.offset;
	ri.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &ri))
		return tap_diag("BAR0 region info: %s", strerror(errno)), -1;
	bar0_off = ri.offset;

	/* Walk the capability list for the PM capability. */
	if (pread(device, &cap, 1, cfg_off + 0x34) != 1)
		return -1;
	while (cap) {
		uint8_t hdr[2];

		if (pread(device, hdr, 2, cfg_off + cap) != 2)
			return -1;
		if (hdr[0] == 0x01) {
			pm_cap = cap;
			break;
		}
		cap = hdr[1];
	}
	if (!pm_cap)
		return tap_diag("no PM capability"), -1;
	return 0;
}

/* VFIO_DEVICE_PCI_HOT_RESET with our one group (both functions share it). */
static int hot_reset(void)
{
	struct {
		struct vfio_pci_hot_reset r;
		int32_t fd;
	} hr = { .r = { .argsz = sizeof(hr), .count = 1 }, .fd = group };

	return ioctl(device, VFIO_DEVICE_PCI_HOT_RESET, &hr);
}

/* 7.x uapi, absent from older linux/vfio.h. */
#ifndef VFIO_DEVICE_FEATURE_DMA_BUF
#define VFIO_DEVICE_FEATURE_DMA_BUF 11
struct vfio_region_dma_range {
	__u64 offset;
	__u64 length;
};

struct vfio_device_feature_dma_buf {
	__u32 region_index;
	__u32 open_flags;
	__u32 flags;
	__u32 nr_ranges;
	struct vfio_region_dma_range dma_ranges[];
};
#endif

static void dma_buf(void)
{
	struct {
		struct vfio_device_feature f;
		struct vfio_device_feature_dma_buf d;
		struct vfio_region_dma_range r;
	} __attribute__((packed)) a = {
		.f = { .argsz = sizeof(a),
		       .flags = VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET |
				VFIO_DEVICE_FEATURE_DMA_BUF },
		.d = { .region_index = VFIO_PCI_BAR0_REGION_INDEX,
		       .open_flags = O_RDWR | O_CLOEXEC, .nr_ranges = 1 },
		.r = { .offset = 0, .length = 4096 },
	};
	char path[64], link[PATH_MAX] = "";
	int fd;

	if (ioctl(device, VFIO_DEVICE_FEATURE, &a) && errno == ENOTTY) {
		tap_skip("the kernel has no VFIO_DEVICE_FEATURE_DMA_BUF",
			 "%s: FEATURE_DMA_BUF of BAR0", bdf);
		return;
	}
	a.f.flags &= ~VFIO_DEVICE_FEATURE_PROBE;
	fd = ioctl(device, VFIO_DEVICE_FEATURE, &a);
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if (readlink(path, link, sizeof(link) - 1) < 0)
			link[0] = 0;
	}
	tap(fd >= 0 && strstr(link, "dmabuf"),
	    "%s: FEATURE_DMA_BUF of BAR0's first page gives a dma-buf (%s)", bdf,
	    fd >= 0 ? link : strerror(errno));
	if (fd >= 0)
		close(fd);
}

static int feature(uint32_t which)
{
	struct vfio_device_feature f = {
		.argsz = sizeof(f),
		.flags = VFIO_DEVICE_FEATURE_SET | which,
	};

	return ioctl(device, VFIO_DEVICE_FEATURE, &f);
}

static int write_state(uint16_t state)
{
	uint16_t v;

	if (pread(device, &v, 2, cfg_off + pm_cap + 4) != 2)
		return -1;
	v = (v & ~3) | state;
	return pwrite(device, &v, 2, cfg_off + pm_cap + 4) == 2 ? 0 : -1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void step(const char *s)
{
	char cmd[512];
	double t0 = now_ms();

	if (!strcmp(s, "open")) {
		int r = open_device();

		tap(r == 0, "%s: open (pm_cap 0x%x)", bdf, pm_cap);
	} else if (!strcmp(s, "openfail")) {
		int fd = open_group() ? -1 : ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);

		tap(group >= 0 && fd < 0, "%s: open fails (%s, %.0f ms)", bdf,
		    fd < 0 ? strerror(errno) : "opened", now_ms() - t0);
		if (fd >= 0)
			close(fd);
	} else if (!strncmp(s, "dev:", 4)) {
		use_dev(s + 4);
	} else if (!strncmp(s, "pmdw=", 5)) {
		uint32_t v = 0xffffffff;
		ssize_t n = pread(device, &v, 4, cfg_off + pm_cap + 4);

		tap(n == 4 && (v & 3) == (uint32_t)atoi(s + 5),
		    "%s: PM control/status dword read 0x%08x, state %s (%.0f ms)",
		    bdf, v, s + 5, now_ms() - t0);
	} else if (!strncmp(s, "bar=", 4)) {
		uint32_t v;
		ssize_t n = pread(device, &v, 4, bar0_off);
		int eio = !strcmp(s + 4, "EIO");

		tap(eio ? n < 0 && errno == EIO : n == 4,
		    "%s: BAR0 read() %s (%s, %.0f ms)", bdf,
		    eio ? "fails with EIO" : "works",
		    n == 4 ? "read 4 bytes" : strerror(errno), now_ms() - t0);
	} else if (!strcmp(s, "dmabuf")) {
		dma_buf();
	} else if (!strcmp(s, "hotreset")) {
		int r = hot_reset();

		if (!tap(r == 0, "%s: VFIO_DEVICE_PCI_HOT_RESET", bdf))
			tap_diag("errno %d (%s)", errno, strerror(errno));
	} else if (!strcmp(s, "d3") || !strcmp(s, "d0")) {
		int r = write_state(s[1] == '3' ? 3 : 0);

		tap(r == 0, "%s: write %s to PMCSR (%.0f ms)", bdf,
		    s[1] == '3' ? "D3hot" : "D0", now_ms() - t0);
	} else if (!strncmp(s, "pmcsr=", 6)) {
		uint16_t v = 0xffff;
		ssize_t n = pread(device, &v, 2, cfg_off + pm_cap + 4);

		tap(n == 2 && (v & 3) == atoi(s + 6),
		    "%s: PMCSR read 0x%04x, state %s (%.0f ms)", bdf, v, s + 6,
		    now_ms() - t0);
	} else if (!strncmp(s, "cfg=", 4)) {
		uint8_t c[256];
		ssize_t n = pread(device, c, sizeof(c), cfg_off);
		uint16_t v = c[pm_cap + 4] | c[pm_cap + 5] << 8;

		tap(n == sizeof(c) && (v & 3) == atoi(s + 4) &&
		    c[0] == 0x86 && c[1] == 0x80,
		    "%s: 256-byte config read: vendor %02x%02x, PMCSR 0x%04x, state %s (%.0f ms)",
		    bdf, c[1], c[0], v, s + 4, now_ms() - t0);
	} else if (!strcmp(s, "entry") || !strcmp(s, "exit")) {
		int r = feature(s[1] == 'n' ? VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY :
				VFIO_DEVICE_FEATURE_LOW_POWER_EXIT);

		if (!tap(r == 0, "%s: VMM LOW_POWER_%s", bdf, s[1] == 'n' ? "ENTRY" : "EXIT"))
			tap_diag("errno %d (%s)", errno, strerror(errno));
	} else if (!strcmp(s, "reset")) {
		tap(ioctl(device, VFIO_DEVICE_RESET) == 0, "%s: VFIO_DEVICE_RESET", bdf);
	} else if (!strncmp(s, "sleep:", 6)) {
		usleep(atoi(s + 6) * 1000);
	} else if (!strncmp(s, "sh:", 3)) {
		fflush(stdout);
		snprintf(cmd, sizeof(cmd), "sh -c '. /tests/lib.sh; . /tmp/checks.sh; %s'", s + 3);
		if (system(cmd))
			tap(0, "%s: shell step %s", bdf, s + 3);
	} else if (!strcmp(s, "close")) {
		unsigned int i;

		use_dev(bdf);
		for (i = 0; i < 2; i++)
			if (devs[i].fd >= 0 && devs[i].bdf)
				close(devs[i].fd);
		close(group);
		close(container);
		device = group = container = -1;
		memset(devs, 0, sizeof(devs));
		devs[0] = (struct dev){ bdf, -1, 0, 0, 0 };
		cur = 0;
	} else {
		tap(0, "unknown step %s", s);
	}
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BDF STEP...\n", argv[0]);
		return 2;
	}
	bdf = argv[1];
	devs[0] = (struct dev){ bdf, -1, 0, 0, 0 };
	for (i = 2; i < argc; i++) {
		step(argv[i]);
		/* Nothing else makes sense once the device could not be opened. */
		if (!strcmp(argv[i], "open") && device < 0)
			return 1;
	}
	return tap_failed ? 1 : 0;
}
