// SPDX-License-Identifier: GPL-2.0
/*
 * battery-ssdt: write the acpi_battery_ssdt table to a file, for hosts
 * that cannot load the module.  The encoder and the parameters are the
 * module's own source, so the bytes are the same for the same parameters.
 *
 *   battery-ssdt [--name=value ...] -o table.aml
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssdt.h"

static void print_help(FILE *f)
{
	unsigned int i;

	fprintf(f,
		"usage: battery-ssdt [--NAME=VALUE ...] -o FILE\n"
		"Write a fake-battery SSDT for QEMU's -acpitable file=FILE.\n"
		"With no options the table is byte-identical to the common ssdt1.dat.\n"
		"Numbers are decimal or 0x hex; FILE '-' is standard output.\n"
		"Options apply in the order given; of charge_percent and\n"
		"remaining_capacity, the one given last wins.\n"
		"--markdown and --module-params print the README's parameter table\n"
		"and acpi_battery_ssdt/module_params.h (scripts/battery-params.sh).\n\n"
		"parameters (default in brackets):\n");
	for (i = 0; i < bssdt_param_count; i++) {
		const struct bssdt_param *d = &bssdt_param_list[i];

		fprintf(f, "  --%-23s %s [%s]\n", d->name, d->desc, d->def);
	}
}

/*
 * The README's parameter table (acpi_battery_ssdt/README.md, between the
 * "params" markers; scripts/battery-params.sh puts it there).
 */
static void print_markdown(FILE *f)
{
	unsigned int i;

	fprintf(f, "| parameter | default | meaning |\n| --- | --- | --- |\n");
	for (i = 0; i < bssdt_param_count; i++) {
		const struct bssdt_param *d = &bssdt_param_list[i];
		const char *s;

		fprintf(f, "| `%s` | ", d->name);
		if (*d->def)
			fprintf(f, "`%s`", d->def);
		else
			fprintf(f, "\"\"");
		fprintf(f, " | ");
		/* Markdown would eat the backslash of \_SB. */
		for (s = d->desc; *s; s++) {
			if (*s == '\\' || *s == '|')
				fputc('\\', f);
			fputc(*s, f);
		}
		fprintf(f, " |\n");
	}
}

/*
 * acpi_battery_ssdt/module_params.h: the module's parameters and their
 * MODULE_PARM_DESC (scripts/battery-params.sh writes it).
 */
static void print_module_params(FILE *f)
{
	unsigned int i;

	fprintf(f, "/* SPDX-License-Identifier: GPL-2.0 */\n"
		"/*\n"
		" * Generated from params.h by scripts/battery-params.sh: do not edit.\n"
		" * Included by module.c, which defines bssdt_param_ops.\n"
		" */\n");
	for (i = 0; i < bssdt_param_count; i++) {
		const struct bssdt_param *d = &bssdt_param_list[i];
		const char *s;

		fprintf(f, "\nmodule_param_cb(%s, &bssdt_param_ops, NULL, 0644);\n"
			"MODULE_PARM_DESC(%s,\n\t\t \"", d->name, d->name);
		for (s = d->desc; *s; s++) {
			if (*s == '\\' || *s == '"')
				fputc('\\', f);
			fputc(*s, f);
		}
		fprintf(f, " [default: ");
		for (s = d->def; *s; s++) {
			if (*s == '\\' || *s == '"')
				fputc('\\', f);
			fputc(*s, f);
		}
		fprintf(f, "]\");\n");
	}
}

static int write_all(const char *path, const unsigned char *buf, size_t len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;

	if (!f) {
		fprintf(stderr, "battery-ssdt: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fwrite(buf, 1, len, f) != len || fflush(f)) {
		fprintf(stderr, "battery-ssdt: %s: %s\n", path, strerror(errno));
		if (f != stdout)
			fclose(f);
		return -1;
	}
	if (f != stdout && fclose(f)) {
		fprintf(stderr, "battery-ssdt: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct bssdt_params p;
	char msg[BSSDT_MSG_LEN];
	const char *out = NULL;
	unsigned char *buf;
	size_t len;
	int i;

	if (bssdt_params_init(&p)) {
		fprintf(stderr, "battery-ssdt: a default does not parse\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		const struct bssdt_param *d;
		char *arg = argv[i], *eq;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			print_help(stdout);
			return 0;
		}
		if (!strcmp(arg, "--markdown")) {
			print_markdown(stdout);
			return 0;
		}
		if (!strcmp(arg, "--module-params")) {
			print_module_params(stdout);
			return 0;
		}
		if (!strcmp(arg, "-o") || !strcmp(arg, "--output")) {
			if (++i == argc) {
				fprintf(stderr, "battery-ssdt: %s needs a file name\n", arg);
				return 2;
			}
			out = argv[i];
			continue;
		}
		if (!strncmp(arg, "--output=", 9)) {
			out = arg + 9;
			continue;
		}
		eq = strchr(arg, '=');
		if (strncmp(arg, "--", 2) || !eq) {
			fprintf(stderr,
				"battery-ssdt: '%s': expected --NAME=VALUE or -o FILE (see --help)\n",
				arg);
			return 2;
		}
		*eq = '\0';
		d = bssdt_param_find(arg + 2);
		if (!d) {
			fprintf(stderr, "battery-ssdt: unknown parameter '%s' (see --help)\n",
				arg + 2);
			return 2;
		}
		if (bssdt_param_set(&p, d, eq + 1, msg, sizeof(msg))) {
			fprintf(stderr, "battery-ssdt: %s\n", msg);
			return 1;
		}
	}
	if (!out) {
		fprintf(stderr, "battery-ssdt: no output file: -o FILE (see --help)\n");
		return 2;
	}

	/* All options are in: check the rules between parameters. */
	if (bssdt_build(&p, NULL, 0, &len, msg, sizeof(msg))) {
		fprintf(stderr, "battery-ssdt: %s\n", msg);
		return 1;
	}
	buf = malloc(len);
	if (!buf) {
		fprintf(stderr, "battery-ssdt: out of memory\n");
		return 1;
	}
	if (bssdt_build(&p, buf, len, &len, msg, sizeof(msg))) {
		fprintf(stderr, "battery-ssdt: %s\n", msg);
		free(buf);
		return 1;
	}
	i = write_all(out, buf, len);
	free(buf);
	return i ? 1 : 0;
}
