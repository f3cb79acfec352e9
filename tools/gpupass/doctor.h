/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gpupass doctor: shared state of one run, the report function and the
 * host-file helpers every check uses.  Every host path goes through
 * dr_path(), which puts --root in front of it.
 */
#ifndef GPUPASS_DOCTOR_H
#define GPUPASS_DOCTOR_H

#include <stddef.h>
#include <sys/stat.h>

#include "xml.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define fallthrough	__attribute__((__fallthrough__))

enum dr_status { DR_OK, DR_WARN, DR_FAIL };

#define DR_MAX_FN	8
#define DR_MAX_HOSTDEV	16
#define DR_MAX_GROUPS	64

/* One function of the GPU's slot. */
struct dr_fn {
	char bdf[16];		/* 0000:01:00.0 */
	char driver[64];	/* "" when none */
	unsigned int vendor, device, class;
};

struct dr_hostdev {
	char bdf[16];
	int managed;		/* libvirt's default is managed='no' */
	char model[64];		/* <driver model='...'/>, "" if absent */
};

/* What the checks need from a libvirt domain. */
struct dr_domain {
	struct xnode *root;
	const char *source;	/* file name or "virsh dumpxml NAME" */
	const char *name;
	struct dr_hostdev hostdev[DR_MAX_HOSTDEV];
	int nhostdev;
	char **args;		/* <qemu:commandline> arguments, in order;
				 * JSON objects turned into keyval */
	int nargs;
	int qemu_ns_missing;	/* commandline in an undeclared namespace */
	const char *dac_label;	/* <seclabel model='dac'><label> */
	int nshmem;		/* libvirt-native <shmem> elements */
};

/* The user and groups QEMU runs as, and where that came from. */
struct dr_qemu_user {
	int known;
	char user[64], group[64], source[128];
	unsigned int uid, gid;
	unsigned int groups[DR_MAX_GROUPS];
	int ngroups;
};

struct dr_ctx {
	const char *root;	/* "" for the real host */
	int json, verbose;
	const char *gpu_arg;	/* --gpu */
	char slot[16];		/* 0000:01:00 */
	struct dr_fn fn[DR_MAX_FN];
	int nfn;
	struct dr_domain *dom;
	struct dr_qemu_user qu;
	int count[3];
};

void dr_report(struct dr_ctx *c, enum dr_status st, const char *id,
	       const char *subject, const char *fix, const char *fmt, ...)
	__printf(6, 7);
void dr_report_flush(struct dr_ctx *c);

/* host.c */
const char *dr_path(const struct dr_ctx *c, const char *path);
int dr_read(const struct dr_ctx *c, const char *path, char *buf, size_t size);
char *dr_slurp(const struct dr_ctx *c, const char *path, size_t *len);
int dr_exists(const struct dr_ctx *c, const char *path);
int dr_stat(const struct dr_ctx *c, const char *path, struct stat *st);
int dr_link_name(const struct dr_ctx *c, const char *path, char *buf,
		 size_t size);
int dr_lookup_user(const struct dr_ctx *c, const char *name,
		   unsigned int *uid, unsigned int *gid);
int dr_lookup_group(const struct dr_ctx *c, const char *name,
		    unsigned int *gid);
int dr_group_name(const struct dr_ctx *c, unsigned int gid, char *name,
		  size_t size);
void dr_user_groups(const struct dr_ctx *c, struct dr_qemu_user *q);
int dr_may_access(const struct dr_ctx *c, const struct dr_qemu_user *q,
		  const char *path, int write, char *why, size_t whylen);
int dr_word_in(const char *text, const char *word);
int dr_cmdline_get(const struct dr_ctx *c, const char *key, char *val,
		   size_t len);
int dr_apparmor_allows(const struct dr_ctx *c, const char *path,
		       char *where, size_t wherelen);
int dr_apparmor_active(const struct dr_ctx *c);

/* domain.c */
struct dr_domain *dr_domain_load(const char *file, const char *name,
				 char *err, size_t errlen);
void dr_domain_free(struct dr_domain *d);

/* qemu.c */
int dr_qemu_json_to_keyval(const char *in, char *out, size_t size);
int dr_qemu_opt(const char *opts, const char *key, char *val, size_t vallen);
int dr_qemu_first(const char *opts, char *val, size_t vallen);
int dr_parse_size(const char *s, unsigned long long *bytes);
int dr_bool_on(const char *s);
const char *dr_domain_opt(const struct dr_domain *d, const char *flag,
			  const char *first, int nth);
void dr_qemu_user_resolve(struct dr_ctx *c);
char *dr_qemu_conf_value(const struct dr_ctx *c, const char *key);

/* the checks */
void dr_check_iommu(struct dr_ctx *c);
void dr_check_gpu(struct dr_ctx *c);
void dr_check_kvmfr(struct dr_ctx *c);
void dr_check_battery(struct dr_ctx *c);

#endif /* GPUPASS_DOCTOR_H */
