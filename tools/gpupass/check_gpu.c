// SPDX-License-Identifier: GPL-2.0
/*
 * check_gpu.c: the GPU's slot: which functions it has, its IOMMU group,
 * each function's driver, whether the binding happens at boot before a
 * GPU/audio driver can take the device, vfio_d3cold's own blockers, and
 * the domain's <hostdev> entries for the slot.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "blocker-fix.h"

#define PCI "/sys/bus/pci/devices"

static unsigned int hexfile(const struct dr_ctx *c, const char *bdf,
			    const char *name)
{
	char p[128], v[32];

	snprintf(p, sizeof(p), PCI "/%s/%s", bdf, name);
	if (dr_read(c, p, v, sizeof(v)))
		return 0;
	return strtoul(v, NULL, 16);
}

/* "01:00.0", "0000:01:00.0" or "0000:01:00" -> slot "0000:01:00". */
static int to_slot(const char *arg, char *slot, size_t size)
{
	char b[32];
	size_t n;

	snprintf(b, sizeof(b), "%s%s", strlen(arg) < 10 ? "0000:" : "", arg);
	n = strlen(b);
	if (n == 12 && b[10] == '.')
		b[10] = 0;
	if (strlen(b) != 10 || b[4] != ':' || b[7] != ':')
		return -1;
	snprintf(slot, size, "%s", b);
	return 0;
}

/* The slot to examine: --gpu, else the domain's hostdevs, else a guess. */
static int find_slot(struct dr_ctx *c, char *how, size_t howlen)
{
	char best[16] = "", v[8];
	struct dirent *e;
	int i, score = -1;
	DIR *d;

	if (c->gpu_arg) {
		snprintf(how, howlen, "--gpu");
		return to_slot(c->gpu_arg, c->slot, sizeof(c->slot));
	}
	for (i = 0; c->dom && i < c->dom->nhostdev; i++) {
		const char *bdf = c->dom->hostdev[i].bdf;

		if (i == 0 || hexfile(c, bdf, "class") >> 16 == 0x03) {
			snprintf(how, howlen, "the domain's <hostdev>");
			to_slot(bdf, c->slot, sizeof(c->slot));
			if (hexfile(c, bdf, "class") >> 16 == 0x03)
				break;
		}
	}
	if (c->slot[0])
		return 0;
	/* A display controller that did not light up the console. */
	d = opendir(dr_path(c, PCI));
	while (d && (e = readdir(d))) {
		char p[128];
		int s;

		if (strlen(e->d_name) != 12 ||
		    hexfile(c, e->d_name, "class") >> 16 != 0x03)
			continue;
		snprintf(p, sizeof(p), PCI "/%s/boot_vga", e->d_name);
		s = dr_read(c, p, v, sizeof(v)) || v[0] != '1';
		s += hexfile(c, e->d_name, "vendor") == 0x10de ||
		     hexfile(c, e->d_name, "vendor") == 0x1002;
		if (s > score) {
			score = s;
			snprintf(best, sizeof(best), "%s", e->d_name);
		}
	}
	if (d)
		closedir(d);
	if (!best[0])
		return -1;
	snprintf(how, howlen, "the display controller that is not the boot GPU");
	return to_slot(best, c->slot, sizeof(c->slot));
}

static int cmp_fn(const void *a, const void *b)
{
	return strcmp(((const struct dr_fn *)a)->bdf, ((const struct dr_fn *)b)->bdf);
}

static void list_functions(struct dr_ctx *c)
{
	struct dirent *e;
	DIR *d = opendir(dr_path(c, PCI));

	while (d && (e = readdir(d)) && c->nfn < DR_MAX_FN) {
		struct dr_fn *f = &c->fn[c->nfn];
		char p[128];

		if (strlen(e->d_name) != 12 || strncmp(e->d_name, c->slot, 10))
			continue;
		snprintf(f->bdf, sizeof(f->bdf), "%s", e->d_name);
		f->vendor = hexfile(c, f->bdf, "vendor");
		f->device = hexfile(c, f->bdf, "device");
		f->class = hexfile(c, f->bdf, "class");
		snprintf(p, sizeof(p), PCI "/%s/driver", f->bdf);
		dr_link_name(c, p, f->driver, sizeof(f->driver));
		c->nfn++;
	}
	if (d)
		closedir(d);
	qsort(c->fn, c->nfn, sizeof(c->fn[0]), cmp_fn);
}

static void check_group(struct dr_ctx *c)
{
	char p[256], grp[32], others[512] = "", drv[64];
	struct dirent *e;
	DIR *d;

	snprintf(p, sizeof(p), PCI "/%s/iommu_group", c->fn[0].bdf);
	if (dr_link_name(c, p, grp, sizeof(grp))) {
		dr_report(c, DR_FAIL, "iommu-group", c->fn[0].bdf,
			  "turn the IOMMU on (see the iommu check)",
			  "no IOMMU group");
		return;
	}
	snprintf(p, sizeof(p), "/sys/kernel/iommu_groups/%s/devices", grp);
	d = opendir(dr_path(c, p));
	while (d && (e = readdir(d))) {
		char q[256];

		if (e->d_name[0] == '.' || !strncmp(e->d_name, c->slot, 10))
			continue;
		/* vfio accepts bridges (pcieport or no driver) in a group. */
		snprintf(q, sizeof(q), PCI "/%s/driver", e->d_name);
		dr_link_name(c, q, drv, sizeof(drv));
		if (hexfile(c, e->d_name, "class") >> 8 == 0x0604 &&
		    (!drv[0] || !strcmp(drv, "pcieport")))
			continue;
		snprintf(others + strlen(others), sizeof(others) - strlen(others),
			 "%s%s (%s)", others[0] ? ", " : "", e->d_name,
			 drv[0] ? drv : "no driver");
	}
	if (d)
		closedir(d);
	if (others[0])
		dr_report(c, DR_FAIL, "iommu-group", c->slot,
			  "a group is assigned whole: bind those devices to vfio too (they go to the VM) or move the GPU to a slot with its own group; the ACS override patch is unsafe",
			  "IOMMU group %s also holds %s", grp, others);
	else
		dr_report(c, DR_OK, "iommu-group", c->slot, NULL,
			  "IOMMU group %s holds only the GPU's functions", grp);
}

static const char *host_drivers_for(const struct dr_fn *f)
{
	if (f->class >> 8 == 0x0403)
		return "snd_hda_intel";
	if (f->vendor == 0x10de)
		return "nouveau nvidia";
	if (f->vendor == 0x1002)
		return "amdgpu radeon";
	return "";
}

static void check_driver(struct dr_ctx *c, const struct dr_fn *f)
{
	char fix[512];

	if (!strcmp(f->driver, "vfio_d3cold")) {
		dr_report(c, DR_OK, "driver", f->bdf, NULL,
			  "[%04x:%04x] bound to vfio_d3cold", f->vendor, f->device);
		return;
	}
	if (!strcmp(f->driver, "vfio-pci")) {
		dr_report(c, DR_WARN, "driver", f->bdf,
			  "bind it to vfio_d3cold instead (options vfio_d3cold ids=...; see docs/guide.md)",
			  "[%04x:%04x] bound to vfio-pci: passthrough works, but the slot stays powered while the guest has the GPU off",
			  f->vendor, f->device);
		return;
	}
	snprintf(fix, sizeof(fix), "modprobe vfio_d3cold; ");
	if (f->driver[0])
		snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
			 "echo %s > /sys/bus/pci/devices/%s/driver/unbind; ",
			 f->bdf, f->bdf);
	snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
		 "echo vfio_d3cold > /sys/bus/pci/devices/%s/driver_override; echo %s > /sys/bus/pci/drivers_probe (this boot; for every boot see early-bind)",
		 f->bdf, f->bdf);
	if (f->driver[0]) {
		dr_report(c, DR_FAIL, "driver", f->bdf, fix,
			  "[%04x:%04x] bound to %s: the host uses it, QEMU cannot",
			  f->vendor, f->device, f->driver);
	} else {
		dr_report(c, DR_FAIL, "driver", f->bdf, fix,
			  "[%04x:%04x] has no driver: QEMU cannot open it, and a function without a driver keeps the slot powered",
			  f->vendor, f->device);
	}
}

/* Everything early binding depends on, read from the configuration. */
struct bindcfg {
	char ids[1024];		/* "10de:249d,10de:228b," from ids= lines */
	char ids_file[256];	/* where they came from */
	char softdeps[512];	/* drivers with "softdep X pre: ... vfio_d3cold" */
	char initrd_vd3[256];	/* initramfs config listing vfio_d3cold */
	char initrd_gpu[256];	/* "nouveau in FILE" */
};

static void scan_modprobe_line(struct bindcfg *b, char *line, const char *file)
{
	char *tok[32], *save;
	int n = 0, i;

	line[strcspn(line, "#\n")] = 0;
	for (tok[n] = strtok_r(line, " \t", &save); tok[n] && n < 31;
	     tok[++n] = strtok_r(NULL, " \t", &save))
		;
	if (n >= 3 && !strcmp(tok[0], "options") &&
	    (!strcmp(tok[1], "vfio_d3cold") || !strcmp(tok[1], "vfio-pci") ||
	     !strcmp(tok[1], "vfio_pci"))) {
		for (i = 2; i < n; i++)
			if (!strncmp(tok[i], "ids=", 4)) {
				snprintf(b->ids + strlen(b->ids),
					 sizeof(b->ids) - strlen(b->ids), "%s,",
					 tok[i] + 4);
				snprintf(b->ids_file, sizeof(b->ids_file), "%s", file);
			}
	}
	if (n >= 4 && !strcmp(tok[0], "softdep")) {
		int pre = 0, has = 0;

		for (i = 2; i < n; i++) {
			if (!strcmp(tok[i], "pre:"))
				pre = 1;
			else if (!strcmp(tok[i], "post:"))
				pre = 0;
			else if (pre && (!strcmp(tok[i], "vfio_d3cold") ||
					 !strcmp(tok[i], "vfio-pci") ||
					 !strcmp(tok[i], "vfio_pci")))
				has = 1;
		}
		if (has)
			snprintf(b->softdeps + strlen(b->softdeps),
				 sizeof(b->softdeps) - strlen(b->softdeps),
				 " %s ", tok[1]);
	}
}

static void scan_file(const struct dr_ctx *c, const char *file,
		      void (*fn)(struct bindcfg *, char *, const char *),
		      struct bindcfg *b)
{
	FILE *f = fopen(dr_path(c, file), "r");
	char line[2048];

	while (f && fgets(line, sizeof(line), f))
		fn(b, line, file);
	if (f)
		fclose(f);
}

static void scan_dir(const struct dr_ctx *c, const char *dir, const char *ext,
		     void (*fn)(struct bindcfg *, char *, const char *),
		     struct bindcfg *b)
{
	struct dirent **list;
	char p[512];
	int n, i;

	n = scandir(dr_path(c, dir), &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		size_t l = strlen(list[i]->d_name);

		if (list[i]->d_name[0] != '.' &&
		    (!ext || (l > strlen(ext) &&
			      !strcmp(list[i]->d_name + l - strlen(ext), ext)))) {
			snprintf(p, sizeof(p), "%s/%s", dir, list[i]->d_name);
			scan_file(c, p, fn, b);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static void scan_initrd_line(struct bindcfg *b, char *line, const char *file)
{
	static const char *const gpu[] = { "nvidia", "nouveau", "amdgpu", "radeon" };
	char *s;
	unsigned int i;

	line[strcspn(line, "#\n")] = 0;
	/* mkinitcpio: MODULES=(...); dracut: force_drivers+=" ... ". */
	if (strstr(file, "mkinitcpio") && strncmp(line, "MODULES=", 8))
		return;
	if (strstr(file, "dracut") && !strstr(line, "drivers"))
		return;
	for (s = line; *s; s++)
		if (strchr("()\"'=+,", *s))
			*s = ' ';
	if (dr_word_in(line, "vfio_d3cold") && !b->initrd_vd3[0])
		snprintf(b->initrd_vd3, sizeof(b->initrd_vd3), "%s", file);
	for (i = 0; i < ARRAY_SIZE(gpu); i++)
		if (dr_word_in(line, gpu[i]) && !b->initrd_gpu[0])
			snprintf(b->initrd_gpu, sizeof(b->initrd_gpu), "%s in %s",
				 gpu[i], file);
}

static void check_early_bind(struct dr_ctx *c)
{
	static const char *const mdirs[] = {
		"/usr/lib/modprobe.d", "/lib/modprobe.d",
		"/usr/local/lib/modprobe.d", "/etc/modprobe.d", "/run/modprobe.d",
	};
	char missing[256] = "", ids[256] = "", nosoft[128] = "", val[512];
	char id[16], p[128], drv[64], *w, *save;
	struct bindcfg b = { "" };
	unsigned int i;
	int k;

	for (i = 0; i < ARRAY_SIZE(mdirs); i++)
		scan_dir(c, mdirs[i], ".conf", scan_modprobe_line, &b);
	if (dr_cmdline_get(c, "vfio_d3cold.ids", val, sizeof(val)) ||
	    dr_cmdline_get(c, "vfio-pci.ids", val, sizeof(val))) {
		snprintf(b.ids + strlen(b.ids), sizeof(b.ids) - strlen(b.ids),
			 "%s,", val);
		snprintf(b.ids_file, sizeof(b.ids_file), "the kernel command line");
	}
	scan_file(c, "/etc/initramfs-tools/modules", scan_initrd_line, &b);
	scan_file(c, "/etc/mkinitcpio.conf", scan_initrd_line, &b);
	scan_dir(c, "/etc/mkinitcpio.conf.d", ".conf", scan_initrd_line, &b);
	scan_dir(c, "/etc/dracut.conf.d", ".conf", scan_initrd_line, &b);

	for (k = 0; k < c->nfn; k++) {
		const struct dr_fn *f = &c->fn[k];
		char list[1024];
		int bound = 0;

		snprintf(id, sizeof(id), "%04x:%04x", f->vendor, f->device);
		snprintf(ids + strlen(ids), sizeof(ids) - strlen(ids), "%s%s",
			 k ? "," : "", id);
		snprintf(list, sizeof(list), "%s", b.ids);
		for (w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save))
			bound |= !strncmp(w, id, 9) && (!w[9] || w[9] == ':');
		/* driverctl keeps one file per overridden device. */
		snprintf(p, sizeof(p), "/etc/driverctl.d/pci-%s", f->bdf);
		if (!bound && !dr_read(c, p, drv, sizeof(drv)) &&
		    !strncmp(drv, "vfio", 4))
			bound = 2;
		if (!bound)
			snprintf(missing + strlen(missing),
				 sizeof(missing) - strlen(missing), "%s%s [%s]",
				 missing[0] ? ", " : "", f->bdf, id);
		if (bound == 1) {
			snprintf(list, sizeof(list), "%s", host_drivers_for(f));
			for (w = strtok_r(list, " ", &save); w;
			     w = strtok_r(NULL, " ", &save)) {
				char pat[80];

				snprintf(pat, sizeof(pat), " %s ", w);
				if (!strstr(b.softdeps, pat) && !strstr(nosoft, pat))
					snprintf(nosoft + strlen(nosoft),
						 sizeof(nosoft) - strlen(nosoft),
						 " %s ", w);
			}
		}
	}
	if (missing[0]) {
		snprintf(val, sizeof(val),
			 "echo 'options vfio_d3cold ids=%s' > /etc/modprobe.d/vfio_d3cold.conf (with the softdep lines of docs/guide.md), then update-initramfs -u (dracut -f, mkinitcpio -P) and reboot",
			 ids);
		dr_report(c, DR_FAIL, "early-bind", c->slot, val,
			  "%s not bound at boot: no ids= for it in modprobe.d or on the kernel command line, no driverctl override",
			  missing);
		return;
	}
	if (b.initrd_gpu[0] && !b.initrd_vd3[0]) {
		dr_report(c, DR_FAIL, "early-bind", c->slot,
			  "add vfio_d3cold to the same initramfs configuration, before the GPU driver, and rebuild the initramfs",
			  "%s: the GPU driver is in the initramfs and vfio_d3cold is not, so the GPU driver takes the device first",
			  b.initrd_gpu);
		return;
	}
	if (nosoft[0]) {
		char *d, fix[512] = "";

		for (d = strtok_r(nosoft, " ", &save); d; d = strtok_r(NULL, " ", &save))
			snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
				 "%ssoftdep %s pre: vfio_d3cold", fix[0] ? "; " : "", d);
		snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
			 " (in %s)", b.ids_file);
		dr_report(c, DR_WARN, "early-bind", c->slot, fix,
			  "ids= in %s, but nothing makes vfio_d3cold load before the drivers that match these devices",
			  b.ids_file);
		return;
	}
	dr_report(c, DR_OK, "early-bind", c->slot, NULL, "bound at boot (%s%s%s)",
		  b.ids_file[0] ? "ids= in " : "driverctl",
		  b.ids_file, b.softdeps[0] ? ", loaded before the host drivers" : "");
}

static void check_d3cold(struct dr_ctx *c, const struct dr_fn *f)
{
	char p[128], state[512], blockers[4096], fix[512], *line, *save;

	snprintf(p, sizeof(p), PCI "/%s/vfio_d3cold/state", f->bdf);
	if (dr_read(c, p, state, sizeof(state))) {
		dr_report(c, DR_FAIL, "d3cold", f->bdf,
			  "update gpupass: this vfio_d3cold has no state file",
			  "bound to vfio_d3cold but %s is missing", p);
		return;
	}
	snprintf(p, sizeof(p), PCI "/%s/vfio_d3cold/blockers", f->bdf);
	dr_read(c, p, blockers, sizeof(blockers));
	if (!blockers[0]) {
		dr_report(c, DR_OK, "d3cold", f->bdf, NULL,
			  "nothing blocks D3cold (%s)", state);
		return;
	}
	for (line = strtok_r(blockers, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		vd3_blocker_fix(line, fix, sizeof(fix));
		/* A running VM holding the device is not a fault. */
		dr_report(c, strncmp(line, "open ", 5) ? DR_FAIL : DR_WARN,
			  "d3cold", f->bdf, fix, "blocker: %s", line);
	}
}

static const struct dr_hostdev *hostdev_for(const struct dr_domain *d,
					    const char *bdf)
{
	int i;

	for (i = 0; i < d->nhostdev; i++)
		if (!strcmp(d->hostdev[i].bdf, bdf))
			return &d->hostdev[i];
	return NULL;
}

static void check_hostdevs(struct dr_ctx *c)
{
	char missing[256] = "", fix[1024] = "", p[128];
	const struct dr_hostdev *h;
	int i;

	for (i = 0; i < c->nfn; i++) {
		const char *b = c->fn[i].bdf;

		if (hostdev_for(c->dom, b))
			continue;
		snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
			 "%s%s", missing[0] ? ", " : "", b);
		snprintf(fix + strlen(fix), sizeof(fix) - strlen(fix),
			 "%s<hostdev mode='subsystem' type='pci' managed='no'><source><address domain='0x%.4s' bus='0x%.2s' slot='0x%.2s' function='0x%.1s'/></source></hostdev>",
			 fix[0] ? " and " : "add ", b, b + 5, b + 8, b + 11);
	}
	if (missing[0])
		dr_report(c, DR_FAIL, "hostdev", c->slot, fix,
			  "the domain does not pass %s: every function of the slot goes to the VM", missing);
	else
		dr_report(c, DR_OK, "hostdev", c->slot, NULL,
			  "the domain passes all %d functions", c->nfn);
	for (i = 0; i < c->dom->nhostdev; i++) {
		h = &c->dom->hostdev[i];
		snprintf(p, sizeof(p), PCI "/%s", h->bdf);
		if (!dr_exists(c, p))
			dr_report(c, DR_FAIL, "hostdev", h->bdf,
				  "correct the <address> in the <hostdev> (lspci -D lists the devices)",
				  "the domain passes %s, which this host does not have", h->bdf);
	}
}

static void check_managed(struct dr_ctx *c, const struct dr_fn *f)
{
	const struct dr_hostdev *h = hostdev_for(c->dom, f->bdf);
	int vfio = !strncmp(f->driver, "vfio", 4);

	if (!h)
		return;
	if (h->managed && !strcmp(h->model, "vfio_d3cold"))
		dr_report(c, DR_OK, "hostdev-managed", f->bdf, NULL,
			  "managed='yes' with <driver model='vfio_d3cold'/>: libvirt binds vfio_d3cold");
	else if (h->managed && !strcmp(f->driver, "vfio_d3cold"))
		dr_report(c, DR_FAIL, "hostdev-managed", f->bdf,
			  "set managed='no' in the <hostdev> (the device stays on vfio_d3cold), or add <driver model='vfio_d3cold'/> where your libvirt supports variant drivers",
			  "managed='yes': libvirt rebinds it from vfio_d3cold to vfio-pci when the VM starts");
	else if (h->managed)
		dr_report(c, DR_OK, "hostdev-managed", f->bdf, NULL,
			  "managed='yes': libvirt binds it to vfio-pci when the VM starts");
	else if (!vfio)
		dr_report(c, DR_FAIL, "hostdev-managed", f->bdf,
			  "bind it to vfio_d3cold before starting the VM (see the driver check), or use managed='yes'",
			  "managed='no' but the device is on %s: the VM fails to start",
			  f->driver[0] ? f->driver : "no driver");
	else
		dr_report(c, DR_OK, "hostdev-managed", f->bdf, NULL,
			  "managed='no' and bound to %s", f->driver);
}

/**
 * dr_check_gpu() - report gpu, iommu-group, driver, early-bind, d3cold
 * and, with a domain, hostdev and hostdev-managed
 * @c: the run; fills @c->slot and @c->fn
 */
void dr_check_gpu(struct dr_ctx *c)
{
	char how[128], desc[512] = "";
	int i;

	if (find_slot(c, how, sizeof(how))) {
		dr_report(c, DR_FAIL, "gpu", NULL,
			  "name it: gpupass doctor --gpu 0000:01:00.0 (lspci -D | grep -e VGA -e 3D)",
			  c->gpu_arg ? "--gpu %s is not a PCI address" :
			  "no GPU to examine%s", c->gpu_arg ? c->gpu_arg : "");
		return;
	}
	list_functions(c);
	if (!c->nfn) {
		dr_report(c, DR_FAIL, "gpu", c->slot,
			  "check the address with lspci -D",
			  "no PCI device at %s (from %s)", c->slot, how);
		return;
	}
	for (i = 0; i < c->nfn; i++)
		snprintf(desc + strlen(desc), sizeof(desc) - strlen(desc),
			 "%s%s [%04x:%04x]", i ? ", " : "", c->fn[i].bdf + 8,
			 c->fn[i].vendor, c->fn[i].device);
	dr_report(c, DR_OK, "gpu", c->slot, NULL, "%d function%s: %s (from %s)",
		  c->nfn, c->nfn > 1 ? "s" : "", desc, how);
	check_group(c);
	for (i = 0; i < c->nfn; i++)
		check_driver(c, &c->fn[i]);
	check_early_bind(c);
	for (i = 0; i < c->nfn; i++)
		if (!strcmp(c->fn[i].driver, "vfio_d3cold"))
			check_d3cold(c, &c->fn[i]);
	if (!c->dom)
		return;
	check_hostdevs(c);
	for (i = 0; i < c->nfn; i++)
		check_managed(c, &c->fn[i]);
}
