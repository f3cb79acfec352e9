// SPDX-License-Identifier: GPL-2.0
/*
 * xml.c: parse a document into a tree of struct xnode.  Enough for what
 * libvirt writes and what people write for libvirt; it rejects documents
 * that are not well formed (unclosed or mismatched tags), with the line.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xml.h"

struct xparser {
	const char *p, *end, *start;
	char *err;
	size_t errlen;
};

static int line_of(const struct xparser *x)
{
	const char *s;
	int line = 1;

	for (s = x->start; s < x->p; s++)
		line += *s == '\n';
	return line;
}

static int fail(struct xparser *x, const char *what)
{
	snprintf(x->err, x->errlen, "line %d: %s", line_of(x), what);
	return -1;
}

static void *xzalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		fputs("gpupass: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	char ch;
} entities[] = {
	{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
	{ "&quot;", '"' }, { "&apos;", '\'' },
};

/* Append text[0..len) to *dst, decoding entities. */
static int append_text(struct xparser *x, char **dst, const char *s, size_t len)
{
	size_t old = *dst ? strlen(*dst) : 0, o = old, i;
	char *d = realloc(*dst, old + len + 1);

	if (!d) {
		fputs("gpupass: out of memory\n", stderr);
		exit(2);
	}
	for (i = 0; i < len; i++) {
		const char *semi;
		unsigned long cp;
		size_t k;

		if (s[i] != '&') {
			d[o++] = s[i];
			continue;
		}
		semi = memchr(s + i, ';', len - i);
		if (!semi) {
			*dst = d;
			d[o] = 0;
			return fail(x, "'&' without ';'");
		}
		for (k = 0; k < ARRAY_SIZE(entities); k++)
			if (!strncmp(s + i, entities[k].name, strlen(entities[k].name)))
				break;
		if (k < ARRAY_SIZE(entities)) {
			d[o++] = entities[k].ch;
		} else if (s[i + 1] == '#') {
			cp = s[i + 2] == 'x' ? strtoul(s + i + 3, NULL, 16) :
					       strtoul(s + i + 2, NULL, 10);
			/* Only ASCII matters in domain XML; others become '?'. */
			d[o++] = cp && cp < 128 ? (char)cp : '?';
		} else {
			*dst = d;
			d[o] = 0;
			return fail(x, "unknown entity");
		}
		i = semi - s;
	}
	d[o] = 0;
	*dst = d;
	return 0;
}

static int skip_past(struct xparser *x, const char *marker)
{
	size_t n = strlen(marker);

	while (x->p + n <= x->end) {
		if (!memcmp(x->p, marker, n)) {
			x->p += n;
			return 0;
		}
		x->p++;
	}
	return fail(x, "unterminated markup");
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_name(char c)
{
	return c && !is_space(c) && !strchr("<>/=\"'!?", c);
}

static char *take_name(struct xparser *x)
{
	const char *s = x->p;
	char *n;

	while (x->p < x->end && is_name(*x->p))
		x->p++;
	if (x->p == s)
		return NULL;
	n = xzalloc(x->p - s + 1);
	memcpy(n, s, x->p - s);
	return n;
}

static void skip_space(struct xparser *x)
{
	while (x->p < x->end && is_space(*x->p))
		x->p++;
}

/* After '<name': attributes up to '>' or '/>'; *empty set for '/>'. */
static int parse_attrs(struct xparser *x, struct xnode *n, int *empty)
{
	for (;;) {
		char *an, q;
		const char *vs;

		skip_space(x);
		if (x->p >= x->end)
			return fail(x, "unterminated tag");
		if (*x->p == '>') {
			x->p++;
			*empty = 0;
			return 0;
		}
		if (*x->p == '/' && x->p + 1 < x->end && x->p[1] == '>') {
			x->p += 2;
			*empty = 1;
			return 0;
		}
		an = take_name(x);
		if (!an)
			return fail(x, "bad attribute name");
		n->attr = realloc(n->attr, sizeof(char *) * (2 * n->nattr + 2));
		if (!n->attr) {
			fputs("gpupass: out of memory\n", stderr);
			exit(2);
		}
		n->attr[2 * n->nattr] = an;
		n->attr[2 * n->nattr + 1] = NULL;
		n->nattr++;
		skip_space(x);
		if (x->p >= x->end || *x->p != '=')
			return fail(x, "attribute without '='");
		x->p++;
		skip_space(x);
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
			return fail(x, "attribute value without quotes");
		q = *x->p++;
		vs = x->p;
		while (x->p < x->end && *x->p != q)
			x->p++;
		if (x->p >= x->end)
			return fail(x, "unterminated attribute value");
		if (append_text(x, &n->attr[2 * n->nattr - 1], vs, x->p - vs))
			return -1;
		if (!n->attr[2 * n->nattr - 1])
			n->attr[2 * n->nattr - 1] = xzalloc(1);
		x->p++;
	}
}

/**
 * xml_parse() - parse a document
 * @buf: the document
 * @len: its length
 * @err: where a message goes on failure
 * @errlen: size of @err
 *
 * Return: the root element (free with xml_free()), or NULL with @err set.
 */
struct xnode *xml_parse(const char *buf, size_t len, char *err, size_t errlen)
{
	struct xparser x = { buf, buf + len, buf, err, errlen };
	struct xnode *root = NULL, *cur = NULL;

	while (x.p < x.end) {
		const char *s = x.p;
		struct xnode *n;
		int empty;

		if (*x.p != '<') {
			while (x.p < x.end && *x.p != '<')
				x.p++;
			if (cur) {
				if (append_text(&x, &cur->text, s, x.p - s))
					goto bad;
			} else {
				for (; s < x.p; s++)
					if (!is_space(*s)) {
						fail(&x, "text outside the root element");
						goto bad;
					}
			}
			continue;
		}
		if (!strncmp(x.p, "<?", 2)) {
			if (skip_past(&x, "?>"))
				goto bad;
			continue;
		}
		if (!strncmp(x.p, "<!--", 4)) {
			x.p += 4;
			s = x.p;
			if (skip_past(&x, "-->"))
				goto bad;
			/* XML forbids "--" inside a comment; libvirt's parser too. */
			if (memmem(s, x.p - 3 - s, "--", 2)) {
				fail(&x, "'--' inside a comment");
				goto bad;
			}
			continue;
		}
		if (!strncmp(x.p, "<![CDATA[", 9)) {
			x.p += 9;
			s = x.p;
			if (skip_past(&x, "]]>"))
				goto bad;
			if (cur) {
				size_t old = cur->text ? strlen(cur->text) : 0;

				cur->text = realloc(cur->text, old + (x.p - 3 - s) + 1);
				if (!cur->text)
					exit(2);
				memcpy(cur->text + old, s, x.p - 3 - s);
				cur->text[old + (x.p - 3 - s)] = 0;
			}
			continue;
		}
		if (!strncmp(x.p, "<!", 2)) {
			if (skip_past(&x, ">"))
				goto bad;
			continue;
		}
		if (!strncmp(x.p, "</", 2)) {
			char *name;

			x.p += 2;
			name = take_name(&x);
			skip_space(&x);
			if (!name || !cur || strcmp(name, cur->name) ||
			    x.p >= x.end || *x.p != '>') {
				free(name);
				fail(&x, "mismatched closing tag");
				goto bad;
			}
			free(name);
			x.p++;
			cur = cur->parent;
			continue;
		}
		x.p++;
		n = xzalloc(sizeof(*n));
		n->name = take_name(&x);
		if (!n->name) {
			free(n);
			fail(&x, "bad element name");
			goto bad;
		}
		if (cur) {
			n->parent = cur;
			if (cur->last)
				cur->last->next = n;
			else
				cur->child = n;
			cur->last = n;
		} else if (!root) {
			root = n;
		} else {
			xml_free(n);
			fail(&x, "more than one root element");
			goto bad;
		}
		if (parse_attrs(&x, n, &empty))
			goto bad;
		if (!empty)
			cur = n;
	}
	if (cur) {
		fail(&x, "document ends inside an element");
		goto bad;
	}
	if (!root)
		snprintf(err, errlen, "no root element");
	return root;
bad:
	xml_free(root);
	return NULL;
}

/**
 * xml_free() - free a tree from xml_parse()
 * @n: its root (NULL is fine)
 */
void xml_free(struct xnode *n)
{
	struct xnode *c, *next;
	int i;

	if (!n)
		return;
	for (c = n->child; c; c = next) {
		next = c->next;
		xml_free(c);
	}
	for (i = 0; i < 2 * n->nattr; i++)
		free(n->attr[i]);
	free(n->attr);
	free(n->text);
	free(n->name);
	free(n);
}

/**
 * xml_attr() - an attribute's value
 * @n: the element
 * @name: the attribute
 *
 * Return: the decoded value, or NULL if absent.
 */
const char *xml_attr(const struct xnode *n, const char *name)
{
	int i;

	for (i = 0; n && i < n->nattr; i++)
		if (!strcmp(n->attr[2 * i], name))
			return n->attr[2 * i + 1];
	return NULL;
}

/**
 * xml_next() - the next sibling element called @name
 * @n: start after this element
 * @name: element name (with its prefix, if any)
 *
 * Return: the element or NULL.
 */
struct xnode *xml_next(const struct xnode *n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (!strcmp(n->name, name))
			return (struct xnode *)n;
	return NULL;
}

/**
 * xml_child() - the first child element called @name
 * @n: the parent
 * @name: element name (with its prefix, if any)
 *
 * Return: the element or NULL.
 */
struct xnode *xml_child(const struct xnode *n, const char *name)
{
	struct xnode *c;

	for (c = n ? n->child : NULL; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/**
 * xml_prefix_for() - the prefix bound to a namespace URI on the root
 * @root: the root element
 * @uri: the namespace
 *
 * libvirt only honours namespace declarations on <domain>.
 *
 * Return: the prefix ("qemu"), or NULL if @uri is not declared.
 */
const char *xml_prefix_for(const struct xnode *root, const char *uri)
{
	int i;

	for (i = 0; root && i < root->nattr; i++)
		if (!strncmp(root->attr[2 * i], "xmlns:", 6) &&
		    !strcmp(root->attr[2 * i + 1], uri))
			return root->attr[2 * i] + 6;
	return NULL;
}
