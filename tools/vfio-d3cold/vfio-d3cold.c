// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-d3cold: show the vfio_d3cold driver's view of its devices.
 *
 *   vfio-d3cold status          every bound device: state line and blockers
 *   vfio-d3cold diagnose BDF    each blocker with what to do about it
 *
 * Everything comes from /sys/bus/pci/devices/BDF/vfio_d3cold/ (the driver
 * computes the blockers); this tool only adds the fixes.  VFIO_D3COLD_SYSFS
 * replaces "/sys" (tests/host/vfio-d3cold-tool.sh uses a fake tree).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocker-fix.h"

#define SYS_DEV "/sys/bus/pci/devices"
#define SYS_DRV "/sys/bus/pci/drivers/vfio_d3cold"

static const char *sysfs = "";

static int read_file(const char *bdf, const char *name, char *buf, size_t size)
{
	char path[512];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s" SYS_DEV "/%s/vfio_d3cold/%s", sysfs,
		 bdf, name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	return 0;
}

static int show(const char *bdf, int with_fixes)
{
	char state[512], blockers[4096], fx[512], *line, *save;

	if (read_file(bdf, "state", state, sizeof(state)) ||
	    read_file(bdf, "blockers", blockers, sizeof(blockers))) {
		fprintf(stderr, "vfio-d3cold: %s is not bound to vfio_d3cold\n", bdf);
		return 1;
	}
	printf("%s: %s", bdf, state);
	if (!blockers[0])
		printf("  no blockers: the slot may reach D3cold\n");
	for (line = strtok_r(blockers, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		printf("  %s\n", line);
		if (with_fixes) {
			vd3_blocker_fix(line, fx, sizeof(fx));
			printf("    fix: %s\n", fx);
		}
	}
	return 0;
}

static int status(void)
{
	char path[512];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s" SYS_DRV, sysfs);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "vfio-d3cold: driver not loaded (modprobe vfio_d3cold)\n");
		return 1;
	}
	while ((e = readdir(d))) {
		/* Device links look like 0000:01:00.0. */
		if (strlen(e->d_name) == 12 && e->d_name[4] == ':') {
			show(e->d_name, 0);
			n++;
		}
	}
	closedir(d);
	if (!n)
		printf("no device bound to vfio_d3cold\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (getenv("VFIO_D3COLD_SYSFS"))
		sysfs = getenv("VFIO_D3COLD_SYSFS");
	if (argc == 2 && !strcmp(argv[1], "status"))
		return status();
	if (argc == 3 && !strcmp(argv[1], "diagnose"))
		return show(argv[2], 1);
	fprintf(stderr, "usage: vfio-d3cold status | vfio-d3cold diagnose BDF\n");
	return 2;
}
