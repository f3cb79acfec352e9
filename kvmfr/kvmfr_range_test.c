// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kvmfr's pure logic (range.h): parameter limits, range
 * and overflow checks, fault bounds, scatterlist run construction.  No
 * device and no module state are involved.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "range.h"

#define MIB SZ_1M

/* static_size_mb entries: one row per case, so each reports on its own */
struct kvmfr_static_case {
	const char *name;
	int mb;
	u64 ram_mb;
	int ret;
	u64 bytes;
};

static const struct kvmfr_static_case kvmfr_static_cases[] = {
	{ "64 MiB of 1 GiB", 64, 1024, 0, 64ULL * MIB },
	{ "zero", 0, 1024, -EINVAL, 0 },
	{ "negative", -1, 1024, -EINVAL, 0 },
	{ "all of RAM", 1024, 1024, -ENOMEM, 0 },
	/* upstream multiplied in int and overflowed at 2048 MiB */
	{ "2048 MiB (int overflow upstream)", 2048, 1 << 20, 0, 2048ULL * MIB },
	{ "INT_MAX MiB", INT_MAX, U64_MAX, 0, (u64)INT_MAX * MIB },
};

static void kvmfr_static_case_desc(const struct kvmfr_static_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvmfr_static, kvmfr_static_cases, kvmfr_static_case_desc);

static void kvmfr_test_static_bytes(struct kunit *test)
{
	const struct kvmfr_static_case *c = test->param_value;
	u64 b = 0;

	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(c->mb, c->ram_mb, &b), c->ret);
	if (!c->ret)
		KUNIT_EXPECT_EQ(test, b, c->bytes);
}

#define SZ64M (64ULL * MIB)

struct kvmfr_range_case {
	const char *name;
	u64 devsize, offset, size;
	bool valid;
};

static const struct kvmfr_range_case kvmfr_range_cases[] = {
	{ "whole device", SZ64M, 0, SZ64M, true },
	{ "last page", SZ64M, SZ64M - PAGE_SIZE, PAGE_SIZE, true },
	{ "empty", SZ64M, 0, 0, false },
	{ "unaligned offset", SZ64M, 1, PAGE_SIZE, false },
	{ "unaligned size", SZ64M, 0, PAGE_SIZE + 1, false },
	{ "at the end", SZ64M, SZ64M, PAGE_SIZE, false },
	{ "past the end", SZ64M, PAGE_SIZE, SZ64M, false },
	{ "offset+size wraps", SZ64M, -PAGE_SIZE, 2 * PAGE_SIZE, false },
	{ "huge size wraps", SZ64M, PAGE_SIZE, -PAGE_SIZE, false },
};

static void kvmfr_range_case_desc(const struct kvmfr_range_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvmfr_range, kvmfr_range_cases, kvmfr_range_case_desc);

static void kvmfr_test_range_valid(struct kunit *test)
{
	const struct kvmfr_range_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, kvmfr_range_valid(c->devsize, c->offset, c->size),
			c->valid);
}

struct kvmfr_vma_case {
	const char *name;
	u64 npages, pgoff, len;
	bool valid;
};

static const struct kvmfr_vma_case kvmfr_vma_cases[] = {
	{ "whole range", 16, 0, 16 * PAGE_SIZE, true },
	{ "last page", 16, 15, PAGE_SIZE, true },
	{ "at the end", 16, 16, PAGE_SIZE, false },
	{ "one page too long", 16, 1, 16 * PAGE_SIZE, false },
	{ "huge pgoff", 16, U64_MAX, PAGE_SIZE, false },
	{ "empty", 16, 0, 0, false },
};

static void kvmfr_vma_case_desc(const struct kvmfr_vma_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kvmfr_vma, kvmfr_vma_cases, kvmfr_vma_case_desc);

static void kvmfr_test_vma_valid(struct kunit *test)
{
	const struct kvmfr_vma_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, kvmfr_vma_valid(c->npages, c->pgoff, c->len),
			c->valid);
}

static void kvmfr_test_fault_index(struct kunit *test)
{
	u64 idx = 0;

	KUNIT_EXPECT_TRUE(test, kvmfr_fault_index(10, 4, 3, &idx));
	KUNIT_EXPECT_EQ(test, idx, 13ULL);
	KUNIT_EXPECT_FALSE(test, kvmfr_fault_index(10, 4, 4, &idx));
	KUNIT_EXPECT_FALSE(test, kvmfr_fault_index(0, 0, 0, &idx));
	KUNIT_EXPECT_FALSE(test, kvmfr_fault_index(0, 4, U64_MAX, &idx));
}

/* pfn table: ctx is an array of pfns */
static unsigned long test_pfn(const void *ctx, u64 index)
{
	return ((const unsigned long *)ctx)[index];
}

static void kvmfr_test_runs_4k(struct kunit *test)
{
	/* scattered 4 KiB pages: one entry per page, except 7,8,9 */
	static const unsigned long pfns[] = { 100, 3, 7, 8, 9, 50, 52 };

	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 0, 7, U64_MAX), 5ULL);
	KUNIT_EXPECT_EQ(test, kvmfr_run_pages(test_pfn, pfns, 2, 7, U64_MAX), 3ULL);
	KUNIT_EXPECT_EQ(test, kvmfr_run_pages(test_pfn, pfns, 2, 7, 2), 2ULL);
	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 2, 4, U64_MAX), 1ULL);
	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 3, 3, U64_MAX), 0ULL);
}

static void kvmfr_test_runs_2m(struct kunit *test)
{
	/* 64 MiB of 2 MiB folios at scattered (non-adjacent) physical places */
	u64 n = 64ULL * MIB / PAGE_SIZE, i;
	unsigned long *pfns;

	pfns = kunit_kmalloc_array(test, n, sizeof(*pfns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);
	for (i = 0; i < n; i++)
		pfns[i] = (i / 512) * 4096 + 1024 + i % 512;
	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 0, n, U64_MAX), 32ULL);
	/* a 4 KiB aligned slice spanning two folios */
	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 500, 530, U64_MAX), 2ULL);
	/* a segment limit of 64 KiB splits each folio into 32 */
	KUNIT_EXPECT_EQ(test, kvmfr_count_runs(test_pfn, pfns, 0, n, 16), 1024ULL);
}

static struct kunit_case kvmfr_range_suite_cases[] = {
	KUNIT_CASE_PARAM(kvmfr_test_static_bytes, kvmfr_static_gen_params),
	KUNIT_CASE_PARAM(kvmfr_test_range_valid, kvmfr_range_gen_params),
	KUNIT_CASE_PARAM(kvmfr_test_vma_valid, kvmfr_vma_gen_params),
	KUNIT_CASE(kvmfr_test_fault_index),
	KUNIT_CASE(kvmfr_test_runs_4k),
	KUNIT_CASE(kvmfr_test_runs_2m),
	{}
};

static struct kunit_suite kvmfr_range_suite = {
	.name = "kvmfr_range",
	.test_cases = kvmfr_range_suite_cases,
};

kunit_test_suite(kvmfr_range_suite);

MODULE_DESCRIPTION("KUnit tests for kvmfr range and scatterlist logic");
MODULE_AUTHOR("gpupass developers");
MODULE_LICENSE("GPL");
