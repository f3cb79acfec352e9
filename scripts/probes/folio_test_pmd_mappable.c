// SPDX-License-Identifier: GPL-2.0
/*
 * Folios (5.16+) and folio_test_pmd_mappable(): whether a page belongs to
 * a PMD-sized (2 MiB) folio.  PageTransHuge() is gone in 7.x.
 */
#include <linux/mm.h>
#include <linux/huge_mm.h>

static __maybe_unused bool probe(struct page *page)
{
	return folio_test_pmd_mappable(page_folio(page));
}
