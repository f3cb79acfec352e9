// SPDX-License-Identifier: GPL-2.0
/*
 * kvmfr: guest mode, BAR2 of an IVSHMEM device (plain or doorbell) as
 * /dev/kvmfrN.
 *
 * BAR2 gets ZONE_DEVICE struct pages with a write-back direct mapping, so
 * it can be mapped like RAM and exported as a dma-buf.  Where that is not
 * possible (no CONFIG_ZONE_DEVICE, BAR beyond the hot-pluggable range, or
 * pci_zone_device=0) the device still works through bounded write-back
 * PFN mappings, without dma-buf support.
 *
 * The device is not managed (devm): its memory must outlive the binding
 * while files, mappings or dma-bufs still use it, so everything acquired
 * at probe is released by the last reference (kvmfr_pci_release()).
 */
#include <linux/io.h>
#include <linux/memremap.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "kvmfr.h"

static bool pci_zone_device = true;
module_param(pci_zone_device, bool, 0444);
MODULE_PARM_DESC(pci_zone_device,
		 "Back IVSHMEM BAR2 with struct pages (needed for dma-buf); 0 forces the bounded-mapping fallback");

#define KVMFR_IVSHMEM_BAR 2

#ifdef CONFIG_ZONE_DEVICE
static void kvmfr_pci_map(struct kvmfr_dev *kdev)
{
	struct pci_dev *pdev = kdev->pdev;
	void *addr;

	if (!pci_zone_device) {
		pci_info(pdev, "pci_zone_device=0: no dma-buf support, mappings only\n");
		return;
	}

	kdev->pgmap.type = MEMORY_DEVICE_GENERIC;
	kdev->pgmap.range.start = kdev->phys;
	kdev->pgmap.range.end = kdev->phys + kdev->size - 1;
	kdev->pgmap.nr_range = 1;
	addr = memremap_pages(&kdev->pgmap, dev_to_node(&pdev->dev));
	if (!IS_ERR(addr)) {
		kdev->kaddr = addr;
		kdev->zone_device = true;
		return;
	}
	pci_warn(pdev, "no struct pages for BAR2 (%ld, BAR above the hot-pluggable range?): no dma-buf support, mappings only\n",
		 PTR_ERR(addr));
}
#else
/* Debian's arm64 kernel, for one, has no ZONE_DEVICE. */
static void kvmfr_pci_map(struct kvmfr_dev *kdev)
{
	pci_info(kdev->pdev, "kernel without ZONE_DEVICE: no dma-buf support, mappings only\n");
}
#endif

static int kvmfr_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	resource_size_t start = pci_resource_start(pdev, KVMFR_IVSHMEM_BAR);
	resource_size_t size = pci_resource_len(pdev, KVMFR_IVSHMEM_BAR);
	struct kvmfr_dev *kdev;
	int ret;

	if (!size ||
	    !(pci_resource_flags(pdev, KVMFR_IVSHMEM_BAR) & IORESOURCE_MEM) ||
	    !PAGE_ALIGNED(start) || !PAGE_ALIGNED(size)) {
		pci_err(pdev, "BAR2 is not page-aligned shared memory\n");
		return -ENODEV;
	}

	kdev = kvmfr_dev_alloc(KVMFR_PCI, size);
	if (IS_ERR(kdev))
		return PTR_ERR(kdev);
	kdev->pdev = pci_dev_get(pdev);
	kdev->phys = start;

	ret = pci_enable_device(pdev);
	if (ret)
		goto err;
	ret = pci_request_regions(pdev, "kvmfr");
	if (ret) {
		pci_disable_device(pdev);
		goto err;
	}
	kdev->regions = true;

	kvmfr_pci_map(kdev);
	if (!kdev->zone_device) {
		/*
		 * Claims BAR2 as write-back, which the user PFN mappings
		 * then inherit (a plain remap_pfn_range of a BAR is UC-).
		 */
		kdev->kaddr = memremap(start, size, MEMREMAP_WB);
		if (!kdev->kaddr) {
			ret = -ENOMEM;
			goto err;
		}
	}

	pci_set_drvdata(pdev, kdev);
	ret = kvmfr_dev_publish(kdev, &pdev->dev);
	if (ret)
		goto err;
	return 0;

err:
	pci_set_drvdata(pdev, NULL);
	kvmfr_dev_kill(kdev);
	return ret;
}

static void kvmfr_pci_remove(struct pci_dev *pdev)
{
	kvmfr_dev_kill(pci_get_drvdata(pdev));
	pci_set_drvdata(pdev, NULL);
}

/**
 * kvmfr_pci_release() - free what probe acquired, at the last reference
 * @kdev: a PCI device
 */
void kvmfr_pci_release(struct kvmfr_dev *kdev)
{
#ifdef CONFIG_ZONE_DEVICE
	if (kdev->zone_device)
		memunmap_pages(&kdev->pgmap);
#endif
	if (!kdev->zone_device && kdev->kaddr)
		memunmap(kdev->kaddr);
	if (kdev->regions) {
		pci_release_regions(kdev->pdev);
		pci_disable_device(kdev->pdev);
	}
	pci_dev_put(kdev->pdev);
}

/* ivshmem-plain and ivshmem-doorbell share the ID; BAR2 is what we use. */
static const struct pci_device_id kvmfr_pci_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1110) },
	{ }
};
MODULE_DEVICE_TABLE(pci, kvmfr_pci_ids);

static struct pci_driver kvmfr_pci_driver = {
	.name = "kvmfr",
	.id_table = kvmfr_pci_ids,
	.probe = kvmfr_pci_probe,
	.remove = kvmfr_pci_remove,
};

/**
 * kvmfr_pci_init() - register the PCI driver
 *
 * Return: 0 or a negative errno.
 */
int kvmfr_pci_init(void)
{
	return pci_register_driver(&kvmfr_pci_driver);
}

/**
 * kvmfr_pci_exit() - unregister the PCI driver, removing its devices
 */
void kvmfr_pci_exit(void)
{
	pci_unregister_driver(&kvmfr_pci_driver);
}
