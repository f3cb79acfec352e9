// SPDX-License-Identifier: GPL-2.0
/* 6.3: vm_flags became read-only; use vm_flags_set()/vm_flags_clear(). */
#include <linux/mm.h>

static __maybe_unused void probe(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTEXPAND);
}
