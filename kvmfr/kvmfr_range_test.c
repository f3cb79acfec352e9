// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kvmfr's pure logic (range.h): parameter limits, range
 * and overflow checks, fault bounds, scatterlist run construction.  No
 * device and no module state are involved.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/sizes.h>

#include "range.h"

#define MIB SZ_1M

static void kvmfr_test_static_bytes(struct kunit *test)
{
	u64 b = 0;

	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(64, 1024, &b), 0);
	KUNIT_EXPECT_EQ(test, b, 64ULL * MIB);
	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(0, 1024, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(-1, 1024, &b), -EINVAL);
	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(1024, 1024, &b), -ENOMEM);
	/* upstream overflowed int at 2048 MiB */
	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(2048, 1 << 20, &b), 0);
	KUNIT_EXPECT_EQ(test, b, 2048ULL * MIB);
	KUNIT_EXPECT_EQ(test, kvmfr_static_bytes(INT_MAX, U64_MAX, &b), 0);
	KUNIT_EXPECT_EQ(test, b, (u64)INT_MAX * SZ_1M);
}

static void kvmfr_test_range_valid(struct kunit *test)
{
	u64 sz = 64ULL * MIB;

	KUNIT_EXPECT_TRUE(test, kvmfr_range_valid(sz, 0, sz));
	KUNIT_EXPECT_TRUE(test, kvmfr_range_valid(sz, sz - PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, 0, 0));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, 1, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, 0, PAGE_SIZE + 1));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, sz, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, PAGE_SIZE, sz));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, -PAGE_SIZE, 2 * PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_range_valid(sz, PAGE_SIZE, -PAGE_SIZE));
}

static void kvmfr_test_vma_valid(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, kvmfr_vma_valid(16, 0, 16 * PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, kvmfr_vma_valid(16, 15, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_vma_valid(16, 16, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_vma_valid(16, 1, 16 * PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_vma_valid(16, U64_MAX, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kvmfr_vma_valid(16, 0, 0));
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

static struct kunit_case kvmfr_range_cases[] = {
	KUNIT_CASE(kvmfr_test_static_bytes),
	KUNIT_CASE(kvmfr_test_range_valid),
	KUNIT_CASE(kvmfr_test_vma_valid),
	KUNIT_CASE(kvmfr_test_fault_index),
	KUNIT_CASE(kvmfr_test_runs_4k),
	KUNIT_CASE(kvmfr_test_runs_2m),
	{}
};

static struct kunit_suite kvmfr_range_suite = {
	.name = "kvmfr_range",
	.test_cases = kvmfr_range_cases,
};

kunit_test_suite(kvmfr_range_suite);

MODULE_DESCRIPTION("KUnit tests for kvmfr range and scatterlist logic");
MODULE_AUTHOR("gpupass developers");
MODULE_LICENSE("GPL");
