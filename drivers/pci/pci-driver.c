/* The PCI driver model: drivers register an ID table; every unclaimed
 * device it matches is probed, and a failed probe leaves the device free
 * for another driver. No hotplug: the device list is fixed at pci_init(). */
#include "drivers/pci/pci_internal.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "lib/errno.h"

static LIST_HEAD(pci_drivers);
static bool pci_enumerated;
/* Guards pci_drivers and each dev->driver. Probe and remove run without
 * it (they sleep and allocate): a device is claimed under the lock first,
 * so two registrations never probe one device. */
static DEFINE_SPINLOCK(pci_driver_lock);

static bool pci_claim(struct pci_dev *d, const struct pci_driver *drv)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&pci_driver_lock, flags);
	ok = !d->driver;
	if (ok)
		d->driver = drv;
	spin_unlock_irqrestore(&pci_driver_lock, flags);
	return ok;
}

static void pci_release(struct pci_dev *d)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_driver_lock, flags);
	d->driver = NULL;
	d->driver_data = NULL;
	spin_unlock_irqrestore(&pci_driver_lock, flags);
}

static void pci_device_probe(struct pci_driver *drv, struct pci_dev *d)
{
	const struct pci_device_id *id = pci_match_id(drv->id_table, d);
	int err;

	if (!id || !pci_claim(d, drv))
		return;
	err = drv->probe(d, id);
	if (!err) {
		pr_info("pci %s: claimed by %s\n", d->name, drv->name);
		return;
	}
	pr_err("pci %s: %s probe failed: %d; device left unclaimed\n", d->name,
	       drv->name, err);
	pci_release(d);
}

static void pci_driver_attach(struct pci_driver *drv)
{
	struct pci_dev *d;

	list_for_each_entry(d, &pci_devices, list)
		pci_device_probe(drv, d);
}

int pci_register_driver(struct pci_driver *drv)
{
	struct pci_driver *other;
	unsigned long flags;

	if (!drv || !drv->name || !drv->id_table || !drv->probe)
		return -EINVAL;
	spin_lock_irqsave(&pci_driver_lock, flags);
	list_for_each_entry(other, &pci_drivers, list) {
		if (other == drv) {
			spin_unlock_irqrestore(&pci_driver_lock, flags);
			return -EBUSY;
		}
	}
	list_add_tail(&drv->list, &pci_drivers);
	spin_unlock_irqrestore(&pci_driver_lock, flags);
	/* Before pci_init() there is nothing to match; it attaches later. */
	if (READ_ONCE(pci_enumerated))
		pci_driver_attach(drv);
	return 0;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	unsigned long flags;
	struct pci_dev *d;

	spin_lock_irqsave(&pci_driver_lock, flags);
	list_del_init(&drv->list);
	spin_unlock_irqrestore(&pci_driver_lock, flags);
	list_for_each_entry(d, &pci_devices, list) {
		if (READ_ONCE(d->driver) != drv)
			continue;
		if (drv->remove)
			drv->remove(d);
		pci_release(d);
	}
}

void pci_probe_registered_drivers(void)
{
	struct pci_driver *drv;

	WRITE_ONCE(pci_enumerated, true);
	/* Registrations only happen from thread context at boot, so the list
	 * does not change under this walk. */
	list_for_each_entry(drv, &pci_drivers, list)
		pci_driver_attach(drv);
}
