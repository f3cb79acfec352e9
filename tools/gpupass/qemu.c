// SPDX-License-Identifier: GPL-2.0
/*
 * qemu.c: QEMU option strings ("memory-backend-file,id=lg,size=64M"),
 * sizes, libvirt's qemu.conf, and the user QEMU runs as.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"

/*
 * Element @idx of a QEMU option string, unescaped (",," is a literal
 * comma).  Return: 0, or -1 past the end.
 */
static int opt_elem(const char *s, int idx, char *out, size_t size)
{
	size_t o = 0;

	for (; idx > 0; idx--) {
		while (*s && !(*s == ',' && s[1] != ','))
			s += (*s == ',') ? 2 : 1;
		if (!*s)
			return -1;
		s++;
	}
	while (*s && !(*s == ',' && s[1] != ',')) {
		if (o + 1 < size)
			out[o++] = *s;
		s += (*s == ',') ? 2 : 1;
	}
	out[o] = 0;
	return 0;
}

/* A JSON string in ' or " quotes (QEMU accepts both); *s is past it. */
static int json_string(const char **s, char *out, size_t size)
{
	char q = **s;
	size_t o = 0;

	if (q != '"' && q != '\'')
		return -1;
	for ((*s)++; **s && **s != q; (*s)++) {
		if (**s == '\\' && (*s)[1])
			(*s)++;
		if (o + 1 < size)
			out[o++] = **s;
	}
	if (**s != q)
		return -1;
	(*s)++;
	out[o] = 0;
	return 0;
}

static void skip_ws(const char **s)
{
	while (**s == ' ' || **s == '\t' || **s == '\n')
		(*s)++;
}

/* Append one keyval element, doubling commas as QEMU's syntax wants. */
static void put_elem(char *out, size_t size, const char *key, const char *val)
{
	size_t o = strlen(out);

	if (o && o + 1 < size)
		out[o++] = ',';
	for (; key && *key && o + 1 < size; key++)
		out[o++] = *key;
	if (key && o + 1 < size)
		out[o++] = '=';
	for (; *val && o + 2 < size; val++) {
		out[o++] = *val;
		if (*val == ',')
			out[o++] = ',';
	}
	out[o] = 0;
}

/**
 * dr_qemu_json_to_keyval() - turn a JSON -object/-device argument into
 * the keyval form the other helpers read
 * @in: e.g. {'qom-type':'memory-backend-file','id':'lg','size':33554432,'share':true}
 *	(the form Looking Glass's documentation gives for libvirt)
 * @out: e.g. memory-backend-file,id=lg,size=33554432,share=on
 * @size: size of @out
 *
 * Only a flat object is converted; "qom-type" or "driver" becomes the
 * implied first element.
 *
 * Return: 0, or -1 if @in is not a flat JSON object.
 */
int dr_qemu_json_to_keyval(const char *in, char *out, size_t size)
{
	char key[128], val[1024], first[128] = "", rest[4096] = "";
	const char *s = in;

	skip_ws(&s);
	if (*s++ != '{')
		return -1;
	for (;;) {
		skip_ws(&s);
		if (*s == '}')
			break;
		if (json_string(&s, key, sizeof(key)))
			return -1;
		skip_ws(&s);
		if (*s++ != ':')
			return -1;
		skip_ws(&s);
		if (*s == '"' || *s == '\'') {
			if (json_string(&s, val, sizeof(val)))
				return -1;
		} else if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5)) {
			snprintf(val, sizeof(val), "%s", *s == 't' ? "on" : "off");
			s += *s == 't' ? 4 : 5;
		} else if ((*s >= '0' && *s <= '9') || *s == '-') {
			size_t n = strspn(s, "-0123456789");

			snprintf(val, sizeof(val), "%.*s", (int)n, s);
			s += n;
		} else {
			return -1;	/* nested objects, arrays, null */
		}
		if (!strcmp(key, "qom-type") || !strcmp(key, "driver"))
			snprintf(first, sizeof(first), "%s", val);
		else
			put_elem(rest, sizeof(rest), key, val);
		skip_ws(&s);
		if (*s == ',')
			s++;
		else if (*s != '}')
			return -1;
	}
	out[0] = 0;
	if (first[0])
		put_elem(out, size, NULL, first);
	if (rest[0])
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
			 out[0] ? "," : "", rest);
	return 0;
}

/**
 * dr_qemu_opt() - the value of KEY= in a QEMU option string
 * @opts: e.g. "memory-backend-file,id=lg,mem-path=/dev/kvmfr0"
 * @key: e.g. "mem-path"
 * @val: output (the last occurrence wins, as in QEMU)
 * @vallen: size of @val
 *
 * Return: 1 if present, 0 if not.
 */
int dr_qemu_opt(const char *opts, const char *key, char *val, size_t vallen)
{
	char e[4096];
	size_t n = strlen(key);
	int i, found = 0;

	for (i = 0; !opt_elem(opts, i, e, sizeof(e)); i++)
		if (!strncmp(e, key, n) && e[n] == '=') {
			snprintf(val, vallen, "%s", e + n + 1);
			found = 1;
		}
	return found;
}

/* The first element when it has no '=' (the implied "driver"/"qom-type"). */
int dr_qemu_first(const char *opts, char *val, size_t vallen)
{
	if (opt_elem(opts, 0, val, vallen) || strchr(val, '='))
		return 0;
	return 1;
}

/**
 * dr_parse_size() - a QEMU size ("64M", "67108864", "1G"; binary units)
 * @s: the text
 * @bytes: the result
 *
 * Return: 0, or -1 if @s is not a size.
 */
int dr_parse_size(const char *s, unsigned long long *bytes)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 0);
	switch (*end) {
	case 'T': case 't':
		v <<= 10;
		fallthrough;
	case 'G': case 'g':
		v <<= 10;
		fallthrough;
	case 'M': case 'm':
		v <<= 10;
		fallthrough;
	case 'K': case 'k':
		v <<= 10;
		end++;
		break;
	case 'B': case 'b':
		end++;
		break;
	}
	if (*end)
		return -1;
	*bytes = v;
	return 0;
}

/* QEMU's boolean spellings for "true". */
int dr_bool_on(const char *s)
{
	return !strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true") ||
	       !strcmp(s, "y");
}

/**
 * dr_domain_opt() - the value after the @nth "@flag" in <qemu:commandline>
 * whose implied first element is @first (any if NULL)
 * @d: the domain
 * @flag: "-object", "-device", "-acpitable"
 * @first: "memory-backend-file", "ivshmem-plain", or NULL
 * @nth: 0 for the first match
 *
 * Return: the option string, or NULL.
 */
const char *dr_domain_opt(const struct dr_domain *d, const char *flag,
			  const char *first, int nth)
{
	char f[256];
	int i;

	for (i = 0; d && i + 1 < d->nargs; i++) {
		/* QEMU takes "--object" for "-object" as well. */
		const char *a = d->args[i];

		if (strcmp(a, flag) && !(a[0] == '-' && !strcmp(a + 1, flag)))
			continue;
		if (first && (!dr_qemu_first(d->args[i + 1], f, sizeof(f)) ||
			      strcmp(f, first)))
			continue;
		if (!nth--)
			return d->args[i + 1];
	}
	return NULL;
}

/**
 * dr_qemu_conf_value() - a setting of /etc/libvirt/qemu.conf
 * @c: the run
 * @key: "user", "group", "cgroup_device_acl"
 *
 * Return: malloc'ed raw value (quotes kept; a [ list ] may span lines),
 * or NULL if not set.  The last setting wins, as in libvirt.
 */
char *dr_qemu_conf_value(const struct dr_ctx *c, const char *key)
{
	char *conf = dr_slurp(c, "/etc/libvirt/qemu.conf", NULL), *s, *v = NULL;
	size_t n = strlen(key);

	if (!conf)
		return NULL;
	for (s = conf; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL) {
		const char *p = s, *e;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, key, n) ||
		    (p[n] != ' ' && p[n] != '\t' && p[n] != '='))
			continue;
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '[') {
			/* Drop comments inside the list as we copy. */
			char *o;

			e = strchr(p, ']');
			if (!e)
				continue;
			free(v);
			v = malloc(e - p + 2);
			if (!v)
				break;
			for (o = v; p <= e; p++) {
				if (*p == '#')
					while (p < e && *p != '\n')
						p++;
				*o++ = *p;
			}
			*o = 0;
			continue;
		}
		e = p + strcspn(p, "#\n");
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		free(v);
		v = strndup(p, e - p);
	}
	free(conf);
	return v;
}

/* Copy a quoted qemu.conf string without its quotes. */
static void unquote(const char *s, char *out, size_t size)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		snprintf(out, size, "%.*s", (int)n - 2, s + 1);
	else
		snprintf(out, size, "%s", s);
}

/**
 * dr_qemu_user_resolve() - who QEMU runs as: the domain's DAC label,
 * else qemu.conf's user/group, else the distribution's default user
 * (libvirt-qemu on Debian/Ubuntu, qemu on Fedora) with its primary group
 * @c: the run; fills @c->qu
 */
void dr_qemu_user_resolve(struct dr_ctx *c)
{
	struct dr_qemu_user *q = &c->qu;
	char *user = dr_qemu_conf_value(c, "user");
	char *group = dr_qemu_conf_value(c, "group");
	unsigned int gid = 0;

	memset(q, 0, sizeof(*q));
	if (c->dom && c->dom->dac_label && strchr(c->dom->dac_label, ':')) {
		const char *l = c->dom->dac_label;

		snprintf(q->user, sizeof(q->user), "%.*s",
			 (int)(strchr(l, ':') - l), l);
		snprintf(q->group, sizeof(q->group), "%s", strchr(l, ':') + 1);
		snprintf(q->source, sizeof(q->source),
			 "the domain's <seclabel model='dac'>");
	} else if (user) {
		unquote(user, q->user, sizeof(q->user));
		if (group)
			unquote(group, q->group, sizeof(q->group));
		snprintf(q->source, sizeof(q->source),
			 "/etc/libvirt/qemu.conf");
	} else if (!dr_lookup_user(c, "libvirt-qemu", &q->uid, &gid)) {
		snprintf(q->user, sizeof(q->user), "libvirt-qemu");
		snprintf(q->source, sizeof(q->source),
			 "libvirt's default on Debian/Ubuntu");
	} else if (!dr_lookup_user(c, "qemu", &q->uid, &gid)) {
		snprintf(q->user, sizeof(q->user), "qemu");
		snprintf(q->source, sizeof(q->source),
			 "libvirt's default on Fedora/Arch");
	}
	free(user);
	free(group);
	if (!q->user[0] || dr_lookup_user(c, q->user, &q->uid, &gid))
		return;
	if (!q->group[0]) {
		q->gid = gid;
		if (dr_group_name(c, gid, q->group, sizeof(q->group)))
			snprintf(q->group, sizeof(q->group), "+%u", gid);
	} else if (dr_lookup_group(c, q->group, &q->gid)) {
		return;
	}
	dr_user_groups(c, q);
	q->known = 1;
}
