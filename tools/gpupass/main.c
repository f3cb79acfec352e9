// SPDX-License-Identifier: GPL-2.0
/*
 * gpupass: command-line entry.  One command so far:
 *
 *   gpupass doctor [--xml FILE | --domain NAME] [--gpu BDF] [--root DIR] [--json]
 *
 * prints one line per check (ok / warn / fail, with the fix for each
 * failure) and exits 1 if anything failed.  See docs/guide.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"

#ifndef GPUPASS_VERSION
#define GPUPASS_VERSION "unknown"
#endif

struct record {
	enum dr_status st;
	char *id, *subject, *msg, *fix;
};

static struct record *records;
static int nrecords;

static const char *const st_name[] = { "ok", "warn", "fail" };

static char *dup_or_null(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		exit(2);
	return d;
}

/**
 * dr_report() - one check's result
 * @c: the run
 * @st: ok, warn or fail
 * @id: the check's name (stable: scripts and tests match on it)
 * @subject: what it is about (a BDF, a path) or NULL
 * @fix: what to do, for warn/fail; NULL if nothing
 * @fmt: the finding
 */
void dr_report(struct dr_ctx *c, enum dr_status st, const char *id,
	       const char *subject, const char *fix, const char *fmt, ...)
{
	struct record *r;
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->count[st]++;
	if (!c->json) {
		printf("%-4s  %-16s %s%s%s\n", st_name[st], id,
		       subject ? subject : "", subject ? ": " : "", msg);
		if (fix && st != DR_OK)
			printf("%22s%s\n", "fix: ", fix);
		return;
	}
	records = realloc(records, sizeof(*records) * (nrecords + 1));
	if (!records)
		exit(2);
	r = &records[nrecords++];
	r->st = st;
	r->id = dup_or_null(id);
	r->subject = dup_or_null(subject);
	r->msg = dup_or_null(msg);
	r->fix = dup_or_null(st != DR_OK ? fix : NULL);
}

static void json_str(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/**
 * dr_report_flush() - print the JSON document (--json) or the summary line
 * @c: the run
 */
void dr_report_flush(struct dr_ctx *c)
{
	int i;

	if (!c->json) {
		printf("%d ok, %d warn, %d fail\n", c->count[DR_OK],
		       c->count[DR_WARN], c->count[DR_FAIL]);
		return;
	}
	printf("{\"version\": ");
	json_str(GPUPASS_VERSION);
	printf(", \"root\": ");
	json_str(c->root[0] ? c->root : "/");
	printf(", \"domain\": ");
	json_str(c->dom ? c->dom->name : NULL);
	printf(",\n \"checks\": [\n");
	for (i = 0; i < nrecords; i++) {
		struct record *r = &records[i];

		printf("  {\"check\": ");
		json_str(r->id);
		printf(", \"status\": \"%s\", \"subject\": ", st_name[r->st]);
		json_str(r->subject);
		printf(", \"message\": ");
		json_str(r->msg);
		printf(", \"fix\": ");
		json_str(r->fix);
		printf("}%s\n", i + 1 < nrecords ? "," : "");
		free(r->id);
		free(r->subject);
		free(r->msg);
		free(r->fix);
	}
	printf(" ],\n \"ok\": %d, \"warn\": %d, \"fail\": %d}\n",
	       c->count[DR_OK], c->count[DR_WARN], c->count[DR_FAIL]);
	free(records);
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: gpupass doctor [OPTIONS]\n"
		"Check a GPU passthrough setup (IOMMU, the GPU's binding and D3cold,\n"
		"kvmfr for Looking Glass, the battery table, the libvirt domain) and\n"
		"print ok / warn / fail per check, with the fix for each failure.\n\n"
		"  --xml FILE      also check this libvirt domain XML\n"
		"  --domain NAME   also check this domain (virsh dumpxml NAME;\n"
		"                  LIBVIRT_DEFAULT_URI selects the connection)\n"
		"  --gpu BDF       the GPU to check (default: the domain's hostdev,\n"
		"                  else the display controller that is not the boot GPU)\n"
		"  --root DIR      read /sys, /proc, /etc and /dev under DIR (tests)\n"
		"  --json          one JSON document instead of lines\n\n"
		"Exit status: 0 nothing failed (warnings allowed), 1 a check failed,\n"
		"2 usage error.\n");
}

static int cmd_doctor(int argc, char **argv)
{
	const char *xml = NULL, *name = NULL;
	struct dr_ctx c = { .root = "" };
	char err[512], *arg;
	int i;

	for (i = 0; i < argc; i++) {
		const char **dst = NULL;

		arg = argv[i];
		if (!strcmp(arg, "--json")) {
			c.json = 1;
			continue;
		}
		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			print_usage(stdout);
			return 0;
		}
		if (!strcmp(arg, "--xml"))
			dst = &xml;
		else if (!strcmp(arg, "--domain"))
			dst = &name;
		else if (!strcmp(arg, "--gpu"))
			dst = &c.gpu_arg;
		else if (!strcmp(arg, "--root"))
			dst = &c.root;
		if (!dst || i + 1 == argc) {
			fprintf(stderr, "gpupass doctor: %s '%s' (see --help)\n",
				dst ? "missing value after" : "unknown option", arg);
			return 2;
		}
		*dst = argv[++i];
	}
	if (xml && name) {
		fprintf(stderr, "gpupass doctor: --xml and --domain exclude each other\n");
		return 2;
	}
	/* "--root /" is the real host; drop a trailing slash. */
	if (c.root[0] && c.root[strlen(c.root) - 1] == '/') {
		char *r = strdup(c.root);

		if (!r)
			return 2;
		while (r[0] && r[strlen(r) - 1] == '/')
			r[strlen(r) - 1] = 0;
		c.root = r;
	}
	if (xml || name) {
		c.dom = dr_domain_load(xml, name, err, sizeof(err));
		if (!c.dom)
			dr_report(&c, DR_FAIL, "domain", NULL,
				  "fix the XML (virt-xml-validate FILE says where)",
				  "cannot read the domain: %s", err);
		else if (c.dom->qemu_ns_missing)
			dr_report(&c, DR_FAIL, "domain", c.dom->name,
				  "declare it on <domain>: xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'",
				  "<qemu:commandline> without the qemu namespace on <domain>: libvirt drops it");
		else
			dr_report(&c, DR_OK, "domain", c.dom->name, NULL, "read from %s",
				  c.dom->source);
	}
	dr_qemu_user_resolve(&c);
	if (c.qu.known)
		dr_report(&c, DR_OK, "qemu-user", NULL, NULL,
			  "QEMU runs as %s:%s (%s)", c.qu.user, c.qu.group, c.qu.source);
	else if (c.dom || dr_exists(&c, "/etc/libvirt/qemu.conf"))
		dr_report(&c, DR_WARN, "qemu-user", NULL,
			  "set user = \"...\" and group = \"...\" in /etc/libvirt/qemu.conf",
			  "cannot tell which user QEMU runs as%s%s%s",
			  c.qu.user[0] ? " (" : "", c.qu.user,
			  c.qu.user[0] ? " is not in /etc/passwd)" : "");

	dr_check_iommu(&c);
	dr_check_gpu(&c);
	dr_check_kvmfr(&c);
	dr_check_battery(&c);
	dr_report_flush(&c);
	dr_domain_free(c.dom);
	return c.count[DR_FAIL] ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "doctor"))
		return cmd_doctor(argc - 2, argv + 2);
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("gpupass %s\n", GPUPASS_VERSION);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		print_usage(stdout);
		return 0;
	}
	fprintf(stderr, "usage: gpupass doctor [OPTIONS]  (gpupass doctor --help)\n");
	return 2;
}
