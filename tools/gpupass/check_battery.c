// SPDX-License-Identifier: GPL-2.0
/*
 * check_battery.c: the fake-battery SSDT.  The source is the domain's
 * -acpitable file= (or, without a domain, the module's sysfs file).  For
 * the module's table the checks are battery-ssdt's own: the module's
 * current parameters go through the same parser, validation and encoder
 * (../../acpi_battery_ssdt/{params,ssdt,aml}.c) and the result must equal
 * the served bytes.  Any other file gets the ACPI header checks QEMU
 * relies on.  Then: readable by QEMU's user, allowed by AppArmor.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "ssdt.h"

#define MOD_TABLE "/sys/kernel/acpi_battery_ssdt/table"
#define MOD_PARAMS "/sys/module/acpi_battery_ssdt/parameters"

/* Rebuild the module's table from its parameters, as battery-ssdt would. */
static void check_module_table(struct dr_ctx *c, const unsigned char *tab,
			       size_t len)
{
	struct bssdt_params p;
	char msg[BSSDT_MSG_LEN], path[256], val[256];
	unsigned char *buf;
	size_t want;
	unsigned int i;

	if (bssdt_params_init(&p)) {
		dr_report(c, DR_FAIL, "battery-table", MOD_TABLE, NULL,
			  "battery-ssdt's defaults do not parse (a bug)");
		return;
	}

	for (i = 0; i < bssdt_param_count; i++) {
		const struct bssdt_param *d = &bssdt_param_list[i];

		snprintf(path, sizeof(path), MOD_PARAMS "/%s", d->name);
		if (dr_read(c, path, val, sizeof(val)))
			continue;	/* an older module without it */
		if (bssdt_param_set(&p, d, val, msg, sizeof(msg))) {
			dr_report(c, DR_FAIL, "battery-table", MOD_TABLE,
				  "set a valid value: echo VALUE > " MOD_PARAMS "/NAME (battery-ssdt --help lists them)",
				  "the module's %s=%s fails battery-ssdt's check: %s",
				  d->name, val, msg);
			return;
		}
	}
	if (bssdt_build(&p, NULL, 0, &want, msg, sizeof(msg))) {
		dr_report(c, DR_FAIL, "battery-table", MOD_TABLE,
			  "correct the parameters in /etc/modprobe.d/acpi_battery_ssdt.conf and reload the module",
			  "the module's parameters fail battery-ssdt's checks: %s", msg);
		return;
	}
	buf = malloc(want);
	if (!buf || bssdt_build(&p, buf, want, &want, msg, sizeof(msg))) {
		free(buf);
		dr_report(c, DR_FAIL, "battery-table", MOD_TABLE, NULL,
			  "cannot build the table: %s", msg);
		return;
	}
	if (want != len || memcmp(buf, tab, len))
		dr_report(c, DR_FAIL, "battery-table", MOD_TABLE,
			  "reload acpi_battery_ssdt; if it persists, report a bug",
			  "the served table (%zu bytes) differs from what battery-ssdt builds from the module's parameters (%zu bytes)",
			  len, want);
	else
		dr_report(c, DR_OK, "battery-table", MOD_TABLE, NULL,
			  "%zu bytes, equal to battery-ssdt's table for the module's parameters",
			  len);
	free(buf);
}

static int has_battery(const unsigned char *t, size_t len)
{
	/* DWordPrefix + EisaId("PNP0C0A"), the battery's _HID. */
	static const unsigned char hid[] = { 0x0c, 0x41, 0xd0, 0x0c, 0x0a };
	size_t i;

	for (i = 0; i + sizeof(hid) <= len; i++)
		if (!memcmp(t + i, hid, sizeof(hid)))
			return 1;
	return 0;
}

static void check_file_table(struct dr_ctx *c, const char *path,
			     const unsigned char *t, size_t len)
{
	const char *fix = "write it again: battery-ssdt -o FILE, or point -acpitable at " MOD_TABLE;
	char msg[BSSDT_MSG_LEN];
	unsigned int hlen, sum = 0;
	size_t i;

	if (len < 36 || memcmp(t, "SSDT", 4)) {
		dr_report(c, DR_FAIL, "battery-table", path, fix,
			  "not an SSDT (%zu bytes, signature '%.4s')", len,
			  len >= 4 ? (const char *)t : "");
		return;
	}
	hlen = t[4] | t[5] << 8 | t[6] << 16 | (unsigned int)t[7] << 24;
	for (i = 0; i < len; i++)
		sum += t[i];
	if (hlen != len)
		dr_report(c, DR_FAIL, "battery-table", path, fix,
			  "header length %u, file %zu bytes (truncated or padded)", hlen, len);
	else if (bssdt_check_length(len, msg, sizeof(msg)))
		dr_report(c, DR_FAIL, "battery-table", path, fix, "%s", msg);
	else if (sum & 0xff)
		dr_report(c, DR_FAIL, "battery-table", path, fix,
			  "checksum does not add up (the file was edited)");
	else if (!has_battery(t, len))
		dr_report(c, DR_FAIL, "battery-table", path, fix,
			  "the table declares no battery (no _HID PNP0C0A)");
	else
		dr_report(c, DR_OK, "battery-table", path, NULL,
			  "SSDT, %zu bytes, checksum good, declares a battery", len);
}

/* The domain's -acpitable: file= (not data=), a path QEMU can split on. */
static int check_acpitable(struct dr_ctx *c, char *path, size_t len)
{
	const char *o, *fix = "<qemu:arg value='-acpitable'/><qemu:arg value='file=" MOD_TABLE "'/> in <qemu:commandline>";
	int i;

	for (i = 0; (o = dr_domain_opt(c->dom, "-acpitable", NULL, i)); i++)
		if (dr_qemu_opt(o, "file", path, len) || dr_qemu_opt(o, "data", path, len))
			break;
	if (!o) {
		dr_report(c, DR_FAIL, "acpitable", NULL, fix,
			  "no -acpitable in the domain's <qemu:commandline>: without a battery the NVIDIA driver stops with Code 43");
		return -1;
	}
	if (!dr_qemu_opt(o, "file", path, len)) {
		dr_report(c, DR_FAIL, "acpitable", path, "write file= instead of data=",
			  "-acpitable data=: QEMU puts its own header in front of the table and the battery disappears");
		return -1;
	}
	if (strpbrk(path, ",:")) {
		dr_report(c, DR_FAIL, "acpitable", path,
			  "move the table to a path without ',' or ':' (" MOD_TABLE " has neither)",
			  "the path contains '%c': QEMU splits it there", *strpbrk(path, ",:"));
		return -1;
	}
	if (!dr_exists(c, path)) {
		dr_report(c, DR_FAIL, "acpitable", path,
			  !strcmp(path, MOD_TABLE) ? "modprobe acpi_battery_ssdt, and at boot: /etc/modules-load.d/acpi_battery_ssdt.conf" :
			  "create it: battery-ssdt -o FILE",
			  "-acpitable file=%s does not exist: QEMU will not start", path);
		return -1;
	}
	dr_report(c, DR_OK, "acpitable", path, NULL, "-acpitable file=%s", path);
	return 0;
}

/**
 * dr_check_battery() - report acpitable (with a domain), battery-table,
 * battery-perm and battery-apparmor
 * @c: the run
 */
void dr_check_battery(struct dr_ctx *c)
{
	char path[PATH_MAX], why[256], where[PATH_MAX] = "r", fix[512];
	unsigned char *t;
	size_t len;
	int r;

	if (c->dom) {
		if (check_acpitable(c, path, sizeof(path)))
			return;
	} else if (dr_exists(c, MOD_TABLE)) {
		snprintf(path, sizeof(path), MOD_TABLE);
	} else {
		dr_report(c, DR_WARN, "battery-table", NULL,
			  "modprobe acpi_battery_ssdt (and /etc/modules-load.d/acpi_battery_ssdt.conf for every boot)",
			  "acpi_battery_ssdt is not loaded: a laptop GPU's Windows driver needs a battery in the VM (Code 43)");
		return;
	}
	t = (unsigned char *)dr_slurp(c, path, &len);
	if (!t) {
		dr_report(c, DR_FAIL, "battery-table", path, "check the file's permissions",
			  "cannot read %s", path);
		return;
	}
	if (!strcmp(path, MOD_TABLE))
		check_module_table(c, t, len);
	else
		check_file_table(c, path, t, len);
	free(t);

	r = c->qu.known ? dr_may_access(c, &c->qu, path, 0, why, sizeof(why)) : -1;
	if (r == 0) {
		snprintf(fix, sizeof(fix), "chmod a+r %s (and a+x on its directories)", path);
		dr_report(c, DR_FAIL, "battery-perm", path, fix,
			  "%s (from %s) may not read it: %s", c->qu.user, c->qu.source, why);
	} else if (r == 1) {
		dr_report(c, DR_OK, "battery-perm", path, NULL, "%s may read it", c->qu.user);
	}
	if (!c->dom && !dr_exists(c, "/etc/libvirt/qemu.conf"))
		return;
	if (!dr_apparmor_active(c)) {
		dr_report(c, DR_OK, "battery-apparmor", path, NULL, "AppArmor is not active");
	} else if (dr_apparmor_allows(c, path, where, sizeof(where))) {
		dr_report(c, DR_OK, "battery-apparmor", path, NULL, "AppArmor allows it (%s)", where);
	} else {
		snprintf(fix, sizeof(fix),
			 "echo '%s r,' >> /etc/apparmor.d/local/abstractions/libvirt-qemu; systemctl reload apparmor",
			 path);
		dr_report(c, DR_FAIL, "battery-apparmor", path, fix,
			  "AppArmor's libvirt-qemu rules do not allow reading it: QEMU fails with \"Permission denied\"");
	}
}
