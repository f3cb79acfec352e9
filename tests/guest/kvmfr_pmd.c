// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr static memory is mapped with 2 MiB page-table entries: counts,
 * not times, so they hold under TCG too.
 *
 * usage: kvmfr_pmd DEVICE
 *   Maps the first 64 MiB of DEVICE (a static device of at least that
 *   size), writes one byte per 4 KiB page, then checks
 *   - the device memory is all 2 MiB pages (KVMFR_IOCTL_INFO huge_bytes);
 *   - >= 95% of the mapping is PMD-mapped (smaps ShmemPmdMapped, or
 *     FilePmdMapped);
 *   - the touch took <= 32 page faults (one per PMD: 64 MiB is 32 PMDs);
 *   - the VMA is not migratable (see migratable()), so NUMA balancing
 *     leaves it alone, yet has neither VM_IO nor VM_PFNMAP ("io", "pf"),
 *     so GUP (KVM, O_DIRECT) works on it.
 *   The same again for the rest of it from a 2 MiB device offset,
 *   read-only, reading.
 *
 * kvmfr_pmd --smaps PID PATH: the same checks on another process's
 *   mapping of PATH (QEMU's), without touching it.
 *
 * Skipped, with the reason, where the kernel or machine cannot show them:
 * the 2 MiB checks on kernels without THP (Debian's -rt kernels: PREEMPT_RT
 * excludes TRANSPARENT_HUGEPAGE), the migration check where all memory is
 * in the lowest zone (arm64 virt below 4 GiB is all ZONE_DMA, so
 * policy_zone is ZONE_DMA and no mapping can be below it).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <kvmfr.h>

#include "tap.h"

/* Why the 2 MiB checks cannot hold here, or NULL. */
static const char *no_huge;
/* Why the migration check cannot hold here, or NULL. */
static const char *no_policy_zone;

/* tap() for a check that needs THP: a skip, with the reason, without it. */
#define tap_huge(ok, ...) \
	(no_huge ? (tap_skip(no_huge, __VA_ARGS__), 1) : tap(ok, __VA_ARGS__))

/*
 * vma_migratable() compares the mapping's zone with policy_zone, the
 * highest populated zone below ZONE_MOVABLE (mm/mempolicy.c).  When that is
 * the lowest zone, nothing is below it.
 */
static const char *lowest_zone_only(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	char line[256], zone[32] = "", high[32] = "", low[32] = "";
	unsigned long present;

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %*d, zone %31s", zone) == 1) {
			if (!low[0])
				snprintf(low, sizeof(low), "%s", zone);
			continue;
		}
		if (sscanf(line, " present %lu", &present) == 1 && present &&
		    strcmp(zone, "Movable"))
			snprintf(high, sizeof(high), "%s", zone);
	}
	fclose(f);
	if (high[0] && !strcmp(high, low))
		return "all memory is in the lowest zone (policy_zone is ZONE_DMA), vma_migratable() cannot refuse by zone here";
	return NULL;
}

#define MIB (1UL << 20)
#define LEN (64 * MIB)
#define PAGE 4096UL

struct vma_stat {
	int found;
	unsigned long start, len, rss_kb, pmd_kb;
	char flags[512];
};

/* smaps entry of the VMA starting at start, or of the first mapping of path */
static struct vma_stat smaps(const char *file, unsigned long start,
			     const char *path)
{
	struct vma_stat s = { 0 };
	char line[512], name[512];
	unsigned long a, b, v;
	int in = 0;
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f)) {
		name[0] = 0;
		/* a VMA's first line: "start-end perms offset dev inode [path]" */
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %511s", &a, &b, name) >= 2) {
			if (s.found)
				break;
			in = path ? !strcmp(name, path) : a == start;
			if (in) {
				s.found = 1;
				s.start = a;
				s.len = b - a;
			}
			continue;
		}
		if (!in)
			continue;
		if (sscanf(line, "Rss: %lu", &v) == 1)
			s.rss_kb = v;
		else if (sscanf(line, "ShmemPmdMapped: %lu", &v) == 1 ||
			 sscanf(line, "FilePmdMapped: %lu", &v) == 1)
			s.pmd_kb += v;
		else if (!strncmp(line, "VmFlags:", 8))
			snprintf(s.flags, sizeof(s.flags), "%s", line + 8);
	}
	if (f)
		fclose(f);
	return s;
}

static int has_flag(const char *flags, const char *flag)
{
	char f[8];

	snprintf(f, sizeof(f), " %s", flag);
	return strstr(flags, f) != NULL;
}

/*
 * Minor and major: 5.10 retries a write fault on a shared file mapping
 * after balancing dirty pages, and accounts the retry as major.
 */
static long faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/*
 * vma_migratable() as user space sees it: move_pages() of a page to the
 * node it is on answers 0 in a migratable VMA and -EFAULT in one that
 * is not (add_folio_for_migration() in mm/migrate.c).  task_numa_work()
 * skips VMAs that are not migratable.
 */
static int migratable(int pid, unsigned long addr, int *status)
{
	void *page = (void *)addr;
	int node;

	if (syscall(SYS_move_pages, pid, 1UL, &page, NULL, &node, 0) ||
	    node < 0) {
		*status = -errno;
		return -1;
	}
	return syscall(SYS_move_pages, pid, 1UL, &page, &node, status, 0) ?
		-1 : *status == 0;
}

static int report(const char *what, int pid, unsigned long start,
		  const struct vma_stat *s)
{
	double pct = s->len ? 100.0 * s->pmd_kb * 1024 / s->len : 0;
	int status = 0, m = migratable(pid, start, &status);

	printf("# %s: %lu KiB, Rss %lu KiB, PMD-mapped %lu KiB (%.1f%%), VmFlags:%s",
	       what, s->len >> 10, s->rss_kb, s->pmd_kb, pct,
	       s->flags[0] ? s->flags : "\n");
	tap_huge(s->found && pct >= 95, "%s: >= 95%% PMD-mapped (%.1f%%)", what, pct);
	if (!tap(!has_flag(s->flags, "io") && !has_flag(s->flags, "pf"),
		 "%s: VmFlags without io/pf (GUP works)", what))
		tap_diag("VmFlags:%s", s->flags);
	if (m < 0 && errno == ENOSYS)
		tap_skip("no move_pages() (kernel without NUMA migration)",
			 "%s: not migratable", what);
	else if (no_policy_zone)
		tap_skip(no_policy_zone, "%s: not migratable", what);
	else
		tap(m == 0 && status == -EFAULT,
		    "%s: not migratable, NUMA balancing skips it (move_pages status %d)",
		    what, status);
	return pct >= 95;
}

/* map len bytes at device offset off, touch every page, check the counts */
static void one(int fd, unsigned long off, unsigned long len, int write)
{
	volatile unsigned char *m;
	unsigned long i, sum = 0;
	struct vma_stat s;
	char what[128];
	long f0, n;

	snprintf(what, sizeof(what), "%s mapping of %lu MiB at offset %lu MiB, %s every page",
		 write ? "read-write" : "read-only", len >> 20, off >> 20,
		 write ? "writing" : "reading");
	m = mmap(NULL, len, write ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, fd, off);
	if (!tap(m != MAP_FAILED, "%s: mmap", what))
		return;
	tap_huge(!((uintptr_t)m & (2 * MIB - 1)), "%s: address 2 MiB aligned", what);
	f0 = faults();
	for (i = 0; i < len; i += PAGE) {
		if (write)
			m[i] = (unsigned char)i;
		else
			sum += m[i];
	}
	n = faults() - f0;
	(void)sum;
	s = smaps("/proc/self/smaps", (unsigned long)m, NULL);
	report(what, 0, (unsigned long)m, &s);
	/* one fault per 2 MiB */
	tap_huge(n <= (long)(len / (2 * MIB)), "%s: <= %lu page faults (%ld)",
		 what, len / (2 * MIB), n);
	munmap((void *)m, len);
}

int main(int argc, char **argv)
{
	struct kvmfr_info info = { .argsz = sizeof(info) };
	struct vma_stat s;
	char file[64];
	int fd;

	if (access("/sys/kernel/mm/transparent_hugepage", F_OK))
		no_huge = "kernel without transparent huge pages (PREEMPT_RT excludes them): no 2 MiB pages or mappings";
	no_policy_zone = lowest_zone_only();
	if (argc == 4 && !strcmp(argv[1], "--smaps")) {
		snprintf(file, sizeof(file), "/proc/%s/smaps", argv[2]);
		s = smaps(file, 0, argv[3]);
		if (!tap(s.found, "process %s maps %s", argv[2], argv[3]))
			return 1;
		report("QEMU's mapping of the device", atoi(argv[2]), s.start, &s);
		return tap_failed ? 1 : 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICE | --smaps PID PATH\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (!tap(fd >= 0 && ioctl(fd, KVMFR_IOCTL_INFO, &info) == 0 &&
		 info.size >= LEN, "open %s (static device of >= 64 MiB)", argv[1]))
		return 1;
	tap_huge(info.huge_bytes == info.size, "device memory is all 2 MiB pages (%llu of %llu MiB)",
	    (unsigned long long)info.huge_bytes >> 20, (unsigned long long)info.size >> 20);
	one(fd, 0, LEN, 1);
	one(fd, 2 * MIB, LEN - 2 * MIB, 0);
	close(fd);
	return tap_failed ? 1 : 0;
}
