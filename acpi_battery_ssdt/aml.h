/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal AML emitter: just the opcodes a battery SSDT needs, encoded
 * the way iasl encodes them, so that a table built here is byte-identical
 * to the same ASL compiled by iasl.
 */
#ifndef BSSDT_AML_H
#define BSSDT_AML_H

#include "aml_types.h"

#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_PACKAGE_OP		0x12
#define AML_METHOD_OP		0x14
#define AML_EXTERNAL_OP		0x15
#define AML_DUAL_NAME_PREFIX	0x2e
#define AML_MULTI_NAME_PREFIX	0x2f
#define AML_EXT_OP_PREFIX	0x5b
#define AML_ROOT_CHAR		0x5c
#define AML_DEVICE_OP		0x82	/* after AML_EXT_OP_PREFIX */
#define AML_IF_OP		0xa0
#define AML_RETURN_OP		0xa4
#define AML_ONES_OP		0xff

#define AML_OBJTYPE_DEVICE	6
#define ACPI_HEADER_LEN		36
#define ACPI_CHECKSUM_OFFSET	9
/* QEMU's -acpitable refuses larger tables. */
#define ACPI_TABLE_MAX_LEN	65535
/* A PkgLength can describe at most 2^28 - 1 bytes including itself. */
#define AML_PKGLEN_MAX		0x0fffffff

/**
 * struct aml_buf - output buffer of the emitter
 * @data: output bytes, or NULL to only count them
 * @cap: size of @data
 * @len: bytes emitted so far; keeps counting past @cap
 * @err: first error (-ENOSPC when @cap was too small, -EINVAL/-E2BIG from
 *	 an encoder), 0 if none
 * @rev: table revision: 1 means 32-bit AML integers, 2 means 64-bit
 *
 * Emitting never fails midway: errors are latched in @err and checked once
 * at the end, which keeps the table layout code free of error plumbing.
 * Running the same layout code with @data == NULL measures the table, so a
 * caller can allocate exactly and then emit.
 */
struct aml_buf {
	u8 *data;
	size_t cap;
	size_t len;
	int err;
	int rev;
};

void aml_init(struct aml_buf *b, u8 *data, size_t cap, int rev);
void aml_byte(struct aml_buf *b, u8 v);
void aml_bytes(struct aml_buf *b, const void *p, size_t n);
void aml_le32(struct aml_buf *b, u32 v);
int aml_int_size(u64 v, int rev);
void aml_int(struct aml_buf *b, u64 v);
int aml_pkglen_encode(size_t body, u8 out[4]);
size_t aml_pkg_begin(struct aml_buf *b);
void aml_pkg_end(struct aml_buf *b, size_t start);
void aml_nameseg(struct aml_buf *b, const char *seg);
void aml_namepath(struct aml_buf *b, const char *const *segs, int n,
		  bool root);
void aml_string(struct aml_buf *b, const char *s);
u32 aml_eisaid(const char *id);
u8 aml_checksum(const u8 *data, size_t len);

#endif /* BSSDT_AML_H */
