// SPDX-License-Identifier: GPL-2.0
/*
 * AML encoding primitives (ACPI 6.5, section 20.2), following iasl's
 * choices wherever the specification leaves one: smallest integer
 * encoding, smallest PkgLength, NameSegs padded with '_'.
 *
 * No kernel dependency: this file is also compiled into the userspace tool.
 */
#include "aml.h"

/**
 * aml_init() - start emitting into a buffer
 * @b: the buffer state
 * @data: output, or NULL to only measure
 * @cap: size of @data
 * @rev: table revision (1: 32-bit integers, 2: 64-bit integers)
 */
void aml_init(struct aml_buf *b, u8 *data, size_t cap, int rev)
{
	b->data = data;
	b->cap = data ? cap : 0;
	b->len = 0;
	b->err = 0;
	b->rev = rev;
}

static void aml_fail(struct aml_buf *b, int err)
{
	if (!b->err)
		b->err = err;
}

/**
 * aml_bytes() - append raw bytes
 * @b: the buffer
 * @p: bytes to append
 * @n: how many
 *
 * Past the end of the buffer only the length is counted, so that the
 * caller learns how large the table would have been.
 */
void aml_bytes(struct aml_buf *b, const void *p, size_t n)
{
	if (b->data && b->len + n <= b->cap)
		memcpy(b->data + b->len, p, n);
	else if (b->data)
		aml_fail(b, -ENOSPC);
	b->len += n;
}

/**
 * aml_byte() - append one byte
 * @b: the buffer
 * @v: the byte
 */
void aml_byte(struct aml_buf *b, u8 v)
{
	aml_bytes(b, &v, 1);
}

/**
 * aml_le32() - append a little-endian 32-bit value (table header fields)
 * @b: the buffer
 * @v: the value
 */
void aml_le32(struct aml_buf *b, u32 v)
{
	u8 le[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

	aml_bytes(b, le, sizeof(le));
}

/*
 * Ones is all bits set in the table's integer width: a revision 1 table
 * has 32-bit integers (ACPI 6.5, 5.2.11.1), so there 0xFFFFFFFF is OnesOp,
 * while in a revision 2 table it needs a DWordPrefix.
 */
static u64 aml_ones(int rev)
{
	return rev >= 2 ? ~0ULL : 0xffffffffULL;
}

/**
 * aml_int_size() - bytes aml_int() emits for a value
 * @v: the value
 * @rev: table revision
 *
 * Return: 1, 2, 3, 5 or 9; -EINVAL if @v needs 64 bits in a revision 1
 * table, which cannot hold it.
 */
int aml_int_size(u64 v, int rev)
{
	if (v <= 1 || v == aml_ones(rev))
		return 1;
	if (v <= 0xff)
		return 2;
	if (v <= 0xffff)
		return 3;
	if (v <= 0xffffffffULL)
		return 5;
	return rev >= 2 ? 9 : -EINVAL;
}

/**
 * aml_int() - append an integer in the shortest encoding, as iasl does
 * @b: the buffer
 * @v: the value
 *
 * ZeroOp, OneOp, OnesOp, then Byte/Word/DWord/QWordPrefix.  A value that
 * needs a QWord in a revision 1 table latches -EINVAL.
 */
void aml_int(struct aml_buf *b, u64 v)
{
	int size = aml_int_size(v, b->rev);
	u8 enc[9];
	int i;

	if (size < 0) {
		aml_fail(b, size);
		return;
	}
	if (size == 1) {
		enc[0] = v == 0 ? AML_ZERO_OP : v == 1 ? AML_ONE_OP : AML_ONES_OP;
	} else {
		static const u8 prefix[] = {
			[2] = AML_BYTE_PREFIX, [3] = AML_WORD_PREFIX,
			[5] = AML_DWORD_PREFIX, [9] = AML_QWORD_PREFIX,
		};

		enc[0] = prefix[size];
		for (i = 1; i < size; i++)
			enc[i] = (v >> (8 * (i - 1))) & 0xff;
	}
	aml_bytes(b, enc, size);
}

/**
 * aml_pkglen_encode() - encode a PkgLength
 * @body: bytes that follow the PkgLength inside the package
 * @out: the encoding, 1 to 4 bytes
 *
 * The encoded value counts the PkgLength itself, so the shortest form is
 * the first one whose limit (63, 4095, 0xFFFFF, 0xFFFFFFF) still holds
 * @body plus its own size: a 62-byte body is 3F, a 63-byte body is 41 04.
 *
 * Return: number of bytes written to @out, or -E2BIG.
 */
int aml_pkglen_encode(size_t body, u8 out[4])
{
	static const u32 limit[] = { 0x3f, 0xfff, 0xfffff, AML_PKGLEN_MAX };
	u32 total;
	int n, i;

	for (n = 1; n <= 4; n++)
		if (body + n <= limit[n - 1])
			break;
	if (n > 4)
		return -E2BIG;
	total = body + n;
	if (n == 1) {
		out[0] = total;
		return 1;
	}
	/* Lead byte: count of following bytes in bits 7:6, low nibble. */
	out[0] = ((n - 1) << 6) | (total & 0x0f);
	for (i = 1; i < n; i++)
		out[i] = (total >> (4 + 8 * (i - 1))) & 0xff;
	return n;
}

/**
 * aml_pkg_begin() - start the body of an object that has a PkgLength
 * @b: the buffer
 *
 * Call after the opcode; emit the body; then aml_pkg_end().
 *
 * Return: a cookie for aml_pkg_end().
 */
size_t aml_pkg_begin(struct aml_buf *b)
{
	return b->len;
}

/**
 * aml_pkg_end() - insert the PkgLength in front of a finished body
 * @b: the buffer
 * @start: what aml_pkg_begin() returned
 *
 * The PkgLength size depends on the body size, so it is inserted after the
 * body is complete (the body is moved up by 1-4 bytes).  Inner packages are
 * finished before outer ones, so the sizes are computed inside out.
 */
void aml_pkg_end(struct aml_buf *b, size_t start)
{
	size_t body = b->len - start;
	u8 enc[4];
	int n = aml_pkglen_encode(body, enc);

	if (n < 0) {
		aml_fail(b, n);
		return;
	}
	if (b->data && b->len + n <= b->cap) {
		memmove(b->data + start + n, b->data + start, body);
		memcpy(b->data + start, enc, n);
	} else if (b->data) {
		aml_fail(b, -ENOSPC);
	}
	b->len += n;
}

/**
 * aml_nameseg() - append a NameSeg, padded to four characters with '_'
 * @b: the buffer
 * @seg: one to four characters, already validated
 */
void aml_nameseg(struct aml_buf *b, const char *seg)
{
	char s[4] = { '_', '_', '_', '_' };
	size_t i;

	for (i = 0; i < 4 && seg[i]; i++)
		s[i] = seg[i];
	aml_bytes(b, s, 4);
}

/**
 * aml_namepath() - append a NameString of one or more segments
 * @b: the buffer
 * @segs: the segments
 * @n: how many (1 to 255)
 * @root: prefix the root character '\'
 */
void aml_namepath(struct aml_buf *b, const char *const *segs, int n,
		  bool root)
{
	int i;

	if (root)
		aml_byte(b, AML_ROOT_CHAR);
	if (n == 2) {
		aml_byte(b, AML_DUAL_NAME_PREFIX);
	} else if (n > 2) {
		aml_byte(b, AML_MULTI_NAME_PREFIX);
		aml_byte(b, n);
	}
	for (i = 0; i < n; i++)
		aml_nameseg(b, segs[i]);
}

/**
 * aml_string() - append a String: StringPrefix, ASCII bytes, NUL
 * @b: the buffer
 * @s: the string, already validated as 7-bit ASCII
 */
void aml_string(struct aml_buf *b, const char *s)
{
	aml_byte(b, AML_STRING_PREFIX);
	aml_bytes(b, s, strlen(s) + 1);
}

/**
 * aml_eisaid() - compress a seven-character EISA id ("PNP0C0A")
 * @id: three upper-case letters and four hex digits, trusted
 *
 * Return: the value iasl's EisaId() produces, to be emitted as an integer.
 */
u32 aml_eisaid(const char *id)
{
	u32 v = 0;
	int i;

	for (i = 0; i < 3; i++)
		v = (v << 5) | ((id[i] - 0x40) & 0x1f);
	for (i = 3; i < 7; i++) {
		char c = id[i];

		v = (v << 4) | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	/* The id is stored big-endian in the little-endian integer. */
	return ((v & 0xff) << 24) | ((v & 0xff00) << 8) |
	       ((v >> 8) & 0xff00) | (v >> 24);
}

/**
 * aml_checksum() - the byte that makes a table sum to zero
 * @data: the table with its checksum byte set to zero
 * @len: its length
 *
 * Return: the checksum byte.
 */
u8 aml_checksum(const u8 *data, size_t len)
{
	u8 sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += data[i];
	return -sum;
}
