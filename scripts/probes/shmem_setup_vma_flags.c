// SPDX-License-Identifier: GPL-2.0
/*
 * 7.x: shmem_file_setup() and shmem_file_setup_with_mnt() take a
 * vma_flags_t bitmap (built with mk_vma_flags()) instead of unsigned long
 * VM_* flags.
 */
#include <linux/mm.h>
#include <linux/shmem_fs.h>

static __maybe_unused struct file *probe(struct vfsmount *mnt)
{
	if (mnt)
		return shmem_file_setup_with_mnt(mnt, "probe", PAGE_SIZE,
						 mk_vma_flags(VMA_NORESERVE_BIT));
	return shmem_file_setup("probe", PAGE_SIZE,
				mk_vma_flags(VMA_NORESERVE_BIT));
}
