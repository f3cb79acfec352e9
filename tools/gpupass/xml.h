/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small non-validating XML reader for libvirt domain XML: elements,
 * attributes and text, with comments, processing instructions, DOCTYPE
 * and CDATA handled and the predefined and numeric entities decoded.
 */
#ifndef GPUPASS_XML_H
#define GPUPASS_XML_H

#include <stddef.h>

struct xnode {
	char *name;
	char **attr;		/* name, value, name, value, ... */
	int nattr;
	char *text;		/* concatenated character data */
	struct xnode *parent, *child, *last, *next;
};

struct xnode *xml_parse(const char *buf, size_t len, char *err, size_t errlen);
void xml_free(struct xnode *n);
const char *xml_attr(const struct xnode *n, const char *name);
struct xnode *xml_child(const struct xnode *n, const char *name);
struct xnode *xml_next(const struct xnode *n, const char *name);
const char *xml_prefix_for(const struct xnode *root, const char *uri);

#endif /* GPUPASS_XML_H */
