// SPDX-License-Identifier: GPL-2.0
/*
 * domain.c: read a libvirt domain (a file, or `virsh dumpxml NAME`) and
 * pick out what the checks need: PCI hostdevs, <qemu:commandline>
 * arguments, the DAC seclabel and libvirt-native <shmem> devices.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "doctor.h"

#define QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"

static char *read_stream(FILE *f, size_t *len)
{
	size_t n = 0, cap = 65536, r;
	char *b = malloc(cap + 1), *nb;

	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	if (b)
		b[n] = 0;
	*len = n;
	return b;
}

/* `virsh dumpxml NAME`, without a shell in between. */
static char *virsh_dumpxml(const char *name, size_t *len, char *err,
			   size_t errlen)
{
	int fd[2], status;
	char *buf;
	FILE *f;
	pid_t pid;

	if (pipe(fd)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return NULL;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return NULL;
	}
	if (!pid) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execlp("virsh", "virsh", "dumpxml", "--", name, (char *)NULL);
		fprintf(stderr, "gpupass: cannot run virsh: %s (install libvirt-clients)\n",
			strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	buf = f ? read_stream(f, len) : NULL;
	if (f)
		fclose(f);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		snprintf(err, errlen, "virsh dumpxml %s failed (exit %d)", name,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		free(buf);
		return NULL;
	}
	return buf;
}

/* A commandline argument, with JSON objects in keyval form. */
static char *arg_copy(const char *v)
{
	char kv[4096], *c;

	if (v && v[0] == '{' && !dr_qemu_json_to_keyval(v, kv, sizeof(kv)))
		v = kv;
	c = strdup(v ? v : "");
	if (!c)
		exit(2);
	return c;
}

static unsigned long num(const char *s)
{
	return s ? strtoul(s, NULL, 0) : 0;
}

static void take_hostdev(struct dr_domain *d, const struct xnode *h)
{
	const struct xnode *addr = xml_child(xml_child(h, "source"), "address");
	const struct xnode *drv = xml_child(h, "driver");
	const char *managed = xml_attr(h, "managed");
	struct dr_hostdev *hd;

	if (!addr || d->nhostdev == DR_MAX_HOSTDEV)
		return;
	hd = &d->hostdev[d->nhostdev++];
	snprintf(hd->bdf, sizeof(hd->bdf), "%04lx:%02lx:%02lx.%lx",
		 num(xml_attr(addr, "domain")), num(xml_attr(addr, "bus")),
		 num(xml_attr(addr, "slot")), num(xml_attr(addr, "function")));
	hd->managed = managed && !strcmp(managed, "yes");
	snprintf(hd->model, sizeof(hd->model), "%s",
		 drv && xml_attr(drv, "model") ? xml_attr(drv, "model") : "");
}

/**
 * dr_domain_load() - read and digest a domain
 * @file: an XML file, or NULL
 * @name: a domain name for virsh dumpxml (used when @file is NULL)
 * @err: message on failure
 * @errlen: size of @err
 *
 * Return: the domain (free with dr_domain_free()), or NULL.
 */
struct dr_domain *dr_domain_load(const char *file, const char *name,
				 char *err, size_t errlen)
{
	struct xnode *root, *devs, *n, *cl;
	struct dr_domain *d;
	const char *pfx;
	char tag[128], perr[256];
	size_t len;
	char *buf;

	if (file) {
		FILE *f = fopen(file, "r");

		if (!f) {
			snprintf(err, errlen, "%s: %s", file, strerror(errno));
			return NULL;
		}
		buf = read_stream(f, &len);
		fclose(f);
	} else {
		buf = virsh_dumpxml(name, &len, err, errlen);
	}
	if (!buf)
		return NULL;
	root = xml_parse(buf, len, perr, sizeof(perr));
	free(buf);
	if (!root) {
		snprintf(err, errlen, "%s: %s", file ? file : name, perr);
		return NULL;
	}
	if (strcmp(root->name, "domain")) {
		snprintf(err, errlen, "%s: the root element is <%s>, not <domain>",
			 file ? file : name, root->name);
		xml_free(root);
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		exit(2);
	d->root = root;
	d->source = file ? file : name;
	n = xml_child(root, "name");
	d->name = n && n->text ? n->text : "(no name)";

	devs = xml_child(root, "devices");
	for (n = xml_child(devs, "hostdev"); n; n = xml_next(n, "hostdev")) {
		const char *mode = xml_attr(n, "mode"), *type = xml_attr(n, "type");

		if ((!mode || !strcmp(mode, "subsystem")) && type &&
		    !strcmp(type, "pci"))
			take_hostdev(d, n);
	}
	for (n = xml_child(devs, "shmem"); n; n = xml_next(n, "shmem"))
		d->nshmem++;
	for (n = xml_child(root, "seclabel"); n; n = xml_next(n, "seclabel")) {
		const char *model = xml_attr(n, "model");
		struct xnode *l = xml_child(n, "label");

		if (model && !strcmp(model, "dac") && l && l->text)
			d->dac_label = l->text;
	}

	pfx = xml_prefix_for(root, QEMU_NS);
	if (pfx) {
		snprintf(tag, sizeof(tag), "%s:commandline", pfx);
		cl = xml_child(root, tag);
		snprintf(tag, sizeof(tag), "%s:arg", pfx);
		for (n = cl ? xml_child(cl, tag) : NULL; n; n = xml_next(n, tag)) {
			d->args = realloc(d->args, sizeof(char *) * (d->nargs + 1));
			if (!d->args)
				exit(2);
			d->args[d->nargs++] = arg_copy(xml_attr(n, "value"));
		}
	} else {
		for (n = root->child; n; n = n->next) {
			const char *colon = strchr(n->name, ':');

			if (colon && !strcmp(colon, ":commandline"))
				d->qemu_ns_missing = 1;
		}
	}
	return d;
}

void dr_domain_free(struct dr_domain *d)
{
	int i;

	if (!d)
		return;
	xml_free(d->root);
	for (i = 0; i < d->nargs; i++)
		free(d->args[i]);
	free(d->args);
	free(d);
}
