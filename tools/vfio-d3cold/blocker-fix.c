// SPDX-License-Identifier: GPL-2.0
/*
 * The fix for each blocker the vfio_d3cold driver reports in
 * /sys/bus/pci/devices/BDF/vfio_d3cold/blockers.  The driver computes the
 * blockers; this only says what a user can do.  Shared by vfio-d3cold
 * diagnose and gpupass doctor.
 */
#include <stdio.h>
#include <string.h>

#include "blocker-fix.h"

#define SYS_DEV "/sys/bus/pci/devices"

/**
 * vd3_blocker_fix() - what to do about one line of a device's blockers file
 * @line: "KEY BDF: text", as vfio_d3cold prints it
 * @out: the fix, one sentence
 * @size: size of @out
 */
void vd3_blocker_fix(const char *line, char *out, size_t size)
{
	char key[64] = "", bdf[64] = "";
	size_t n;

	if (sscanf(line, "%63s %63s", key, bdf) != 2) {
		snprintf(out, size, "cannot parse this line");
		return;
	}
	n = strlen(bdf);
	if (n && bdf[n - 1] == ':')
		bdf[n - 1] = 0;
	if (!strcmp(key, "no_d3cold"))
		snprintf(out, size, "none from user space: a kernel quirk or driver forbids D3cold for %s", bdf);
	else if (!strcmp(key, "d3cold_allowed") || !strcmp(key, "port_d3cold_allowed"))
		snprintf(out, size, "echo 1 > " SYS_DEV "/%s/d3cold_allowed", bdf);
	else if (!strcmp(key, "disable_idle_d3"))
		snprintf(out, size, "reload vfio_d3cold without disable_idle_d3=1");
	else if (!strcmp(key, "sriov"))
		snprintf(out, size, "echo 0 > " SYS_DEV "/%s/sriov_numvfs", bdf);
	else if (!strcmp(key, "open"))
		snprintf(out, size, "shut the VM down, or let its driver power the device down (guest_d3=nosoftrst or force)");
	else if (!strcmp(key, "control_on") || !strcmp(key, "port_control_on"))
		snprintf(out, size, "echo auto > " SYS_DEV "/%s/power/control", bdf);
	else if (!strcmp(key, "runtime_pm_disabled"))
		snprintf(out, size, "a previous driver left runtime PM disabled and rebinding does not enable it: echo 1 > " SYS_DEV "/%s/remove; echo 1 > /sys/bus/pci/rescan (the new device starts with runtime PM enabled)", bdf);
	else if (!strcmp(key, "runtime_error"))
		snprintf(out, size, "runtime PM stopped after an error (see dmesg) and stays stopped: echo 1 > " SYS_DEV "/%s/remove; echo 1 > /sys/bus/pci/rescan", bdf);
	else if (!strcmp(key, "autosuspend_negative"))
		snprintf(out, size, "echo 1000 > " SYS_DEV "/%s/power/autosuspend_delay_ms", bdf);
	else if (!strcmp(key, "pm_qos_no_power_off"))
		snprintf(out, size, "echo 0 > " SYS_DEV "/%s/power/pm_qos_no_power_off", bdf);
	else if (!strcmp(key, "wakeup_no_pme"))
		snprintf(out, size, "echo disabled > " SYS_DEV "/%s/power/wakeup", bdf);
	else if (!strcmp(key, "usage_count"))
		snprintf(out, size, "find what holds %s awake (lspci or a monitor reading config space, a sysfs file kept open)", bdf);
	else if (!strcmp(key, "no_pr3"))
		snprintf(out, size, "the firmware has neither _PR3 nor _PS3 for this slot or a port above it: only an ACPI table (SSDT) can add one");
	else if (!strcmp(key, "sibling_driverless") || !strcmp(key, "sibling_elsewhere"))
		snprintf(out, size, "bind %s to vfio_d3cold too", bdf);
	else if (!strcmp(key, "sibling_awake"))
		snprintf(out, size, "close %s too, or let the guest power it down", bdf);
	else if (!strcmp(key, "port_no_d3") && strstr(line, "firmware"))
		snprintf(out, size, "boot with pcie_ports=native so the OS, not firmware, handles this port's hotplug (pcie_port_pm=force cannot help); in QEMU: -global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off");
	else if (!strcmp(key, "port_no_d3") && strstr(line, "pcie_port_pm=force"))
		snprintf(out, size, "boot with pcie_port_pm=force");
	else if (!strcmp(key, "port_no_d3"))
		snprintf(out, size, "fix the functions listed above, or drop pcie_port_pm=off");
	else if (!strcmp(key, "resume_failed"))
		snprintf(out, size, "check dmesg for the failed power-up (firmware _ON, link training); to retry: echo 1 > " SYS_DEV "/%s/d3cold_allowed; echo nosoftrst > " SYS_DEV "/%s/vfio_d3cold/guest_d3; a device that is gone: echo 1 > " SYS_DEV "/%s/remove; echo 1 > /sys/bus/pci/rescan", bdf, bdf, bdf);
	else if (!strcmp(key, "port_no_driver"))
		snprintf(out, size, "load the PCIe port driver (CONFIG_PCIEPORTBUS)");
	else
		snprintf(out, size, "unknown blocker (newer driver?)");
}
