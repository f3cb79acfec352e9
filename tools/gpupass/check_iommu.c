// SPDX-License-Identifier: GPL-2.0
/*
 * check_iommu.c: the IOMMU is on (/sys/class/iommu), the kernel command
 * line does not turn it off, and interrupts are remapped (vfio refuses
 * to assign devices without remapping unless told it is unsafe).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"

static const char *cpu_vendor(const struct dr_ctx *c)
{
	char *info = dr_slurp(c, "/proc/cpuinfo", NULL);
	const char *v = "";

	if (info && strstr(info, "GenuineIntel"))
		v = "intel";
	else if (info && strstr(info, "AuthenticAMD"))
		v = "amd";
	free(info);
	return v;
}

static void check_irq(struct dr_ctx *c);

/**
 * dr_check_iommu() - report iommu, iommu-cmdline and irq-remap
 * @c: the run
 */
void dr_check_iommu(struct dr_ctx *c)
{
	char units[256] = "", val[64];
	const char *vendor = cpu_vendor(c);
	int intel_on, amd_on, off = 0, n = 0;
	struct dirent *e;
	DIR *d;

	d = opendir(dr_path(c, "/sys/class/iommu"));
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n++ < 4)
			snprintf(units + strlen(units), sizeof(units) - strlen(units),
				 "%s%s", n > 1 ? " " : "", e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		dr_report(c, DR_OK, "iommu", NULL, NULL, "IOMMU on: %s", units);
	else
		dr_report(c, DR_FAIL, "iommu", NULL,
			  !strcmp(vendor, "amd") ?
			  "enable the IOMMU (AMD-Vi, \"IOMMU\" or \"SVM\") in the firmware setup and boot without amd_iommu=off" :
			  "enable VT-d in the firmware setup and boot with intel_iommu=on",
			  "no IOMMU in /sys/class/iommu: VFIO cannot assign devices");

	intel_on = dr_cmdline_get(c, "intel_iommu", val, sizeof(val)) &&
		   !strncmp(val, "on", 2);
	if (dr_cmdline_get(c, "intel_iommu", val, sizeof(val)) && !strcmp(val, "off")) {
		off = 1;
		dr_report(c, DR_FAIL, "iommu-cmdline", NULL,
			  "remove intel_iommu=off from the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub)",
			  "the kernel command line has intel_iommu=off");
	}
	amd_on = !dr_cmdline_get(c, "amd_iommu", val, sizeof(val)) || strcmp(val, "off");
	if (!amd_on) {
		off = 1;
		dr_report(c, DR_FAIL, "iommu-cmdline", NULL,
			  "remove amd_iommu=off from the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub)",
			  "the kernel command line has amd_iommu=off");
	}
	if (off) {
		check_irq(c);
		return;
	}
	if (!strcmp(vendor, "intel") && !intel_on && !n)
		dr_report(c, DR_FAIL, "iommu-cmdline", NULL,
			  "add intel_iommu=on to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then update-grub and reboot)",
			  "intel_iommu=on is not on the kernel command line and this kernel does not turn the IOMMU on by default");
	else
		dr_report(c, DR_OK, "iommu-cmdline", NULL, NULL, "%s",
			  intel_on ? "intel_iommu=on" :
			  "nothing on the kernel command line turns the IOMMU off");

	check_irq(c);
}

static void check_irq(struct dr_ctx *c)
{
	char val[64], *ints = dr_slurp(c, "/proc/interrupts", NULL);

	if (ints && (strstr(ints, " IR-") || strstr(ints, "\tIR-")))
		dr_report(c, DR_OK, "irq-remap", NULL, NULL,
			  "interrupt remapping on (IR- interrupt chips in /proc/interrupts)");
	else if (!dr_read(c, "/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts",
			  val, sizeof(val)) && val[0] == 'Y')
		dr_report(c, DR_WARN, "irq-remap", NULL,
			  "enable interrupt remapping in the firmware setup and drop allow_unsafe_interrupts",
			  "no interrupt remapping; VFIO assigns devices only because vfio_iommu_type1 allow_unsafe_interrupts=Y (the guest can send interrupts the host did not expect)");
	else
		dr_report(c, DR_FAIL, "irq-remap", NULL,
			  dr_cmdline_get(c, "intremap", val, sizeof(val)) ?
			  "remove intremap=... from the kernel command line" :
			  "enable interrupt remapping (part of VT-d / AMD-Vi) in the firmware setup; boot without intremap=off",
			  "no interrupt remapping: VFIO refuses to assign devices (\"No interrupt remapping support\")");
	free(ints);
}
