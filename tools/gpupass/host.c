// SPDX-License-Identifier: GPL-2.0
/*
 * host.c: reading the host (under --root): files, sysfs links, the
 * passwd/group databases, DAC permissions for the user QEMU runs as,
 * the kernel command line and AppArmor rules.
 *
 * passwd and group are read as files, not through NSS, so that --root
 * sees the fixture's users; libvirt's QEMU user is a local system user.
 */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doctor.h"

/**
 * dr_path() - a host path with --root in front
 * @c: the run
 * @path: absolute host path
 *
 * Return: a static buffer (eight rotate, so a few can be used at once).
 */
const char *dr_path(const struct dr_ctx *c, const char *path)
{
	static char bufs[8][PATH_MAX];
	static int next;
	char *b = bufs[next++ & 7];

	snprintf(b, PATH_MAX, "%s%s", c->root, path);
	return b;
}

/**
 * dr_read() - read a small file, without its trailing newlines
 * @c: the run
 * @path: host path
 * @buf: output, NUL-terminated
 * @size: size of @buf
 *
 * Return: 0, or -1 if the file cannot be read.
 */
int dr_read(const struct dr_ctx *c, const char *path, char *buf, size_t size)
{
	FILE *f = fopen(dr_path(c, path), "r");
	size_t n;

	buf[0] = 0;
	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/**
 * dr_slurp() - read a whole file
 * @c: the run
 * @path: host path
 * @len: set to the length (may be NULL)
 *
 * Return: malloc'ed NUL-terminated contents, or NULL.
 */
char *dr_slurp(const struct dr_ctx *c, const char *path, size_t *len)
{
	FILE *f = fopen(dr_path(c, path), "rb");
	size_t n = 0, cap = 4096, r;
	char *b, *nb;

	if (!f)
		return NULL;
	b = malloc(cap + 1);
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	if (b && ferror(f)) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (!b)
		return NULL;
	b[n] = 0;
	if (len)
		*len = n;
	return b;
}

/* Does host @path exist (under --root)? */
int dr_exists(const struct dr_ctx *c, const char *path)
{
	return access(dr_path(c, path), F_OK) == 0;
}

/* stat(2) of host @path (under --root), following links as QEMU does. */
int dr_stat(const struct dr_ctx *c, const char *path, struct stat *st)
{
	return stat(dr_path(c, path), st);
}

/**
 * dr_link_name() - the last component of a symlink's target
 * @c: the run
 * @path: host path of the link (a device's "driver", "iommu_group")
 * @buf: output
 * @size: size of @buf
 *
 * Return: 0, or -1 (no link).
 */
int dr_link_name(const struct dr_ctx *c, const char *path, char *buf,
		 size_t size)
{
	char t[PATH_MAX];
	ssize_t n = readlink(dr_path(c, path), t, sizeof(t) - 1);
	const char *s;

	buf[0] = 0;
	if (n < 0)
		return -1;
	t[n] = 0;
	s = strrchr(t, '/');
	snprintf(buf, size, "%s", s ? s + 1 : t);
	return 0;
}

/* Field @n (0-based) of a ':'-separated line, copied to @out. */
static int field(const char *line, int n, char *out, size_t size)
{
	const char *e;

	while (n--) {
		line = strchr(line, ':');
		if (!line)
			return -1;
		line++;
	}
	e = strchr(line, ':');
	if (!e)
		e = line + strcspn(line, "\n");
	if ((size_t)(e - line) >= size)
		return -1;
	memcpy(out, line, e - line);
	out[e - line] = 0;
	return 0;
}

/* Find @name (or, for "+N", uid/gid N) in a passwd/group style file. */
static int db_find(const struct dr_ctx *c, const char *file, const char *name,
		   char *line, size_t size)
{
	char f0[256], f2[32];
	FILE *f = fopen(dr_path(c, file), "r");
	int found = 0;

	if (!f)
		return -1;
	while (!found && fgets(line, size, f)) {
		if (field(line, 0, f0, sizeof(f0)) ||
		    field(line, 2, f2, sizeof(f2)))
			continue;
		found = name[0] == '+' ? !strcmp(name + 1, f2) :
					 !strcmp(name, f0);
	}
	fclose(f);
	return found ? 0 : -1;
}

/**
 * dr_lookup_user() - uid and primary gid of a user ("name" or "+uid")
 * @c: the run
 * @name: the user
 * @uid: set on success
 * @gid: set on success
 *
 * Return: 0, or -1 if /etc/passwd has no such user (a "+N" is then
 * taken as the number itself, with gid left alone).
 */
int dr_lookup_user(const struct dr_ctx *c, const char *name,
		   unsigned int *uid, unsigned int *gid)
{
	char line[1024], v[32];

	if (db_find(c, "/etc/passwd", name, line, sizeof(line))) {
		if (name[0] == '+') {
			*uid = strtoul(name + 1, NULL, 10);
			return 0;
		}
		return -1;
	}
	field(line, 2, v, sizeof(v));
	*uid = strtoul(v, NULL, 10);
	field(line, 3, v, sizeof(v));
	*gid = strtoul(v, NULL, 10);
	return 0;
}

/* Like dr_lookup_user() for /etc/group. */
int dr_lookup_group(const struct dr_ctx *c, const char *name,
		    unsigned int *gid)
{
	char line[4096], v[32];

	if (db_find(c, "/etc/group", name, line, sizeof(line))) {
		if (name[0] == '+') {
			*gid = strtoul(name + 1, NULL, 10);
			return 0;
		}
		return -1;
	}
	field(line, 2, v, sizeof(v));
	*gid = strtoul(v, NULL, 10);
	return 0;
}

/* The name of group @gid, from /etc/group.  Return: 0, or -1. */
int dr_group_name(const struct dr_ctx *c, unsigned int gid, char *name,
		  size_t size)
{
	char line[4096], num[16];

	snprintf(num, sizeof(num), "+%u", gid);
	if (db_find(c, "/etc/group", num, line, sizeof(line)))
		return -1;
	return field(line, 0, name, size);
}

/**
 * dr_user_groups() - fill @q->groups: its gid plus every group listing
 * @q->user as a member (what initgroups() gives the QEMU process)
 * @c: the run
 * @q: the user, with uid/gid resolved
 */
void dr_user_groups(const struct dr_ctx *c, struct dr_qemu_user *q)
{
	char line[4096], members[4000], gid[32], *m, *save;
	FILE *f = fopen(dr_path(c, "/etc/group"), "r");

	q->ngroups = 0;
	q->groups[q->ngroups++] = q->gid;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && q->ngroups < DR_MAX_GROUPS) {
		if (field(line, 2, gid, sizeof(gid)) ||
		    field(line, 3, members, sizeof(members)))
			continue;
		for (m = strtok_r(members, ",", &save); m;
		     m = strtok_r(NULL, ",", &save))
			if (!strcmp(m, q->user)) {
				q->groups[q->ngroups++] = strtoul(gid, NULL, 10);
				break;
			}
	}
	fclose(f);
}

static int in_groups(const struct dr_qemu_user *q, unsigned int gid)
{
	int i;

	for (i = 0; i < q->ngroups; i++)
		if (q->groups[i] == gid)
			return 1;
	return 0;
}

/* The rwx bits of @st that apply to @q, as a 3-bit value. */
static unsigned int bits_for(const struct dr_qemu_user *q,
			     const struct stat *st)
{
	if (st->st_uid == q->uid)
		return (st->st_mode >> 6) & 7;
	if (in_groups(q, st->st_gid))
		return (st->st_mode >> 3) & 7;
	return st->st_mode & 7;
}

/**
 * dr_may_access() - may the QEMU user open @path (read, or read-write)?
 * @c: the run
 * @q: the user
 * @path: host path
 * @write: also need write access
 * @why: on refusal, the component and its owner/mode
 * @whylen: size of @why
 *
 * Classic DAC only: every directory needs x, the file r (and w).  POSIX
 * ACLs are not read (udev's uaccess ACLs are for the desktop user, not
 * for QEMU).  Root may do anything.
 *
 * Return: 1 allowed, 0 refused, -1 @path does not exist.
 */
int dr_may_access(const struct dr_ctx *c, const struct dr_qemu_user *q,
		  const char *path, int write, char *why, size_t whylen)
{
	char part[PATH_MAX];
	const char *s = path;
	struct stat st;
	unsigned int want;

	if (dr_stat(c, path, &st))
		return -1;
	if (q->uid == 0)
		return 1;
	while ((s = strchr(s + 1, '/'))) {
		snprintf(part, sizeof(part), "%.*s", (int)(s - path), path);
		if (!dr_stat(c, part, &st) && !(bits_for(q, &st) & 1)) {
			snprintf(why, whylen, "%s is %u:%u mode %04o (no search)",
				 part, (unsigned int)st.st_uid,
				 (unsigned int)st.st_gid,
				 (unsigned int)(st.st_mode & 07777));
			return 0;
		}
	}
	dr_stat(c, path, &st);
	want = write ? 6 : 4;
	if ((bits_for(q, &st) & want) != want) {
		snprintf(why, whylen, "%s is %u:%u mode %04o", path,
			 (unsigned int)st.st_uid, (unsigned int)st.st_gid,
			 (unsigned int)(st.st_mode & 07777));
		return 0;
	}
	return 1;
}

/* Is @word a whole whitespace-separated word of @text? */
int dr_word_in(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *s = text;

	while ((s = strstr(s, word))) {
		if ((s == text || s[-1] == ' ' || s[-1] == '\t' ||
		     s[-1] == '\n') &&
		    (!s[n] || s[n] == ' ' || s[n] == '\t' || s[n] == '\n'))
			return 1;
		s += n;
	}
	return 0;
}

/**
 * dr_cmdline_get() - a kernel command line option's value
 * @c: the run
 * @key: option name ("intel_iommu")
 * @val: its value ("" for a bare option); the last one wins, as for
 *	 the kernel's early params
 * @len: size of @val
 *
 * Return: 1 if present, 0 if not.
 */
int dr_cmdline_get(const struct dr_ctx *c, const char *key, char *val,
		   size_t len)
{
	char line[4096], *tok, *save;
	size_t n = strlen(key);
	int found = 0;

	if (dr_read(c, "/proc/cmdline", line, sizeof(line)))
		return 0;
	for (tok = strtok_r(line, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (strncmp(tok, key, n) || (tok[n] && tok[n] != '='))
			continue;
		snprintf(val, len, "%s", tok[n] ? tok + n + 1 : "");
		found = 1;
	}
	return found;
}

/* Is AppArmor enabled in the running kernel? */
int dr_apparmor_active(const struct dr_ctx *c)
{
	char v[16];

	return !dr_read(c, "/sys/module/apparmor/parameters/enabled", v,
			sizeof(v)) && v[0] == 'Y';
}

/* AppArmor globbing: * within a component, ** across, ?, {a,b}, [..]. */
static int aa_match(const char *p, const char *s)
{
	const char *e, *alt;
	char buf[PATH_MAX];
	int depth;

	for (;;) {
		switch (*p) {
		case 0:
			return !*s;
		case '*':
			if (p[1] == '*') {
				for (;; s++) {
					if (aa_match(p + 2, s))
						return 1;
					if (!*s)
						return 0;
				}
			}
			for (;; s++) {
				if (aa_match(p + 1, s))
					return 1;
				if (!*s || *s == '/')
					return 0;
			}
		case '?':
			if (!*s || *s == '/')
				return 0;
			p++;
			s++;
			break;
		case '{':
			for (e = p + 1, depth = 1; *e && depth; e++)
				depth += *e == '{' ? 1 : *e == '}' ? -1 : 0;
			if (depth)
				return 0;
			/* e is just past '}'; try each alternative. */
			for (alt = p + 1; alt < e;) {
				const char *a = alt;

				for (depth = 0; a < e - 1; a++) {
					if (*a == '{')
						depth++;
					else if (*a == '}')
						depth--;
					else if (*a == ',' && !depth)
						break;
				}
				snprintf(buf, sizeof(buf), "%.*s%s",
					 (int)(a - alt), alt, e);
				if (aa_match(buf, s))
					return 1;
				alt = a + 1;
			}
			return 0;
		case '[': {
			int ok = 0, neg = p[1] == '^';

			e = p + 1 + neg;
			for (; *e && *e != ']'; e++) {
				if (e[1] == '-' && e[2] && e[2] != ']') {
					ok |= *s >= e[0] && *s <= e[2];
					e += 2;
				} else {
					ok |= *s == *e;
				}
			}
			if (!*e || !*s || ok == neg)
				return 0;
			p = e + 1;
			s++;
			break;
		}
		default:
			if (*p != *s)
				return 0;
			p++;
			s++;
		}
	}
}

/* Does one rule line "[owner] PATH PERMS," allow @want on @path? */
static int aa_rule_allows(char *line, const char *path, const char *want)
{
	char *tok[4], *save, *hash = strchr(line, '#');
	int n = 0, i;

	if (hash)
		*hash = 0;
	for (tok[n] = strtok_r(line, " \t\n", &save); tok[n] && n < 3;
	     tok[++n] = strtok_r(NULL, " \t\n", &save))
		;
	i = 0;
	while (i < n && (!strcmp(tok[i], "owner") || !strcmp(tok[i], "allow") ||
			 !strcmp(tok[i], "audit")))
		i++;
	if (n - i < 2)
		return 0;
	/* Quoted paths: strip the quotes. */
	if (tok[i][0] == '"') {
		tok[i]++;
		tok[i][strcspn(tok[i], "\"")] = 0;
	}
	if (tok[i][0] != '/')
		return 0;
	for (; *want; want++)
		if (!strchr(tok[i + 1], *want))
			return 0;
	return aa_match(tok[i], path);
}

/**
 * dr_apparmor_allows() - is @path allowed to libvirt's QEMU profiles?
 * @c: the run
 * @path: what QEMU opens; "rw" or "r" access is decided by the caller's
 *	  @where argument prefix: pass "rw" or "r" in @where on entry
 * @where: in: the permissions wanted; out: the file that allows it
 * @wherelen: size of @where
 *
 * Looks where Debian's and Ubuntu's libvirt profiles include from: the
 * libvirt-qemu abstraction, its local override and its .d drop-ins.
 *
 * Return: 1 allowed, 0 not.
 */
int dr_apparmor_allows(const struct dr_ctx *c, const char *path,
		       char *where, size_t wherelen)
{
	static const char *const files[] = {
		"/etc/apparmor.d/abstractions/libvirt-qemu",
		"/etc/apparmor.d/local/abstractions/libvirt-qemu",
		"/etc/apparmor.d/libvirt/TEMPLATE.qemu",
	};
	static const char *const dirs[] = {
		"/etc/apparmor.d/abstractions/libvirt-qemu.d",
		"/etc/apparmor.d/local/abstractions/libvirt-qemu.d",
	};
	char want[8], name[PATH_MAX], line[PATH_MAX];
	unsigned int i, n = 0;
	const char *cand[64];
	struct dirent *e;
	int ok = 0;
	DIR *d;

	snprintf(want, sizeof(want), "%s", where);
	for (i = 0; i < ARRAY_SIZE(files); i++)
		cand[n++] = strdup(files[i]);
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		d = opendir(dr_path(c, dirs[i]));
		while (d && (e = readdir(d)) && n < 64) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(name, sizeof(name), "%s/%s", dirs[i], e->d_name);
			cand[n++] = strdup(name);
		}
		if (d)
			closedir(d);
	}
	for (i = 0; i < n; i++) {
		FILE *f = cand[i] && !ok ? fopen(dr_path(c, cand[i]), "r") : NULL;

		while (f && !ok && fgets(line, sizeof(line), f))
			if (aa_rule_allows(line, path, want)) {
				snprintf(where, wherelen, "%s", cand[i]);
				ok = 1;
			}
		if (f)
			fclose(f);
		free((void *)cand[i]);
	}
	return ok;
}
