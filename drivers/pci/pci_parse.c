/* PCI pure functions: BAR decoding and printing, the bounded capability
 * walk, ID-table matching, MSI messages, names. No hardware access here;
 * the host unit test drives all of it over fake config space. */
#include "drivers/pci/pci_parse.h"
#include "lib/errno.h"
#include "lib/printf.h"

bool pci_bar_is_mem64(u32 lo)
{
	return !(lo & PCI_BASE_ADDRESS_SPACE_IO) &&
	       (lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64;
}

/* The decode size is the lowest address bit the BAR lets software write
 * [PCI 3.0 6.2.5.1]; higher bits may be hard-wired to 0 (16-bit I/O). */
static u64 lowest_set_bit(u64 mask)
{
	return mask & (~mask + 1);
}

static int bar_decode_io(u32 lo, u32 sz, struct pci_bar *bar)
{
	bar->size = lowest_set_bit(sz & PCI_BASE_ADDRESS_IO_MASK);
	if (!bar->size)
		return 1;
	bar->addr = lo & PCI_BASE_ADDRESS_IO_MASK;
	bar->io = true;
	return 1;
}

static int bar_decode_mem64(u32 lo, u32 sz_lo, u32 hi, u32 sz_hi, struct pci_bar *bar)
{
	u64 mask = (u64)sz_hi << 32 | (sz_lo & PCI_BASE_ADDRESS_MEM_MASK);

	bar->size = lowest_set_bit(mask);
	if (!bar->size)
		return 2;
	bar->addr = (u64)hi << 32 | (lo & PCI_BASE_ADDRESS_MEM_MASK);
	bar->is64 = true;
	bar->prefetch = lo & PCI_BASE_ADDRESS_MEM_PREFETCH;
	return 2;
}

int pci_bar_decode(u32 lo, u32 sz_lo, u32 hi, u32 sz_hi, bool has_hi,
		   struct pci_bar *bar)
{
	*bar = (struct pci_bar){ 0 };
	/* Readback 0: nothing writable. All-ones: no device answered (the
	 * type bits are read-only, so a real BAR cannot read back ~0). */
	if (sz_lo == 0 || sz_lo == 0xffffffff || lo == 0xffffffff)
		return pci_bar_is_mem64(lo) && has_hi ? 2 : 1;
	if (lo & PCI_BASE_ADDRESS_SPACE_IO)
		return bar_decode_io(lo, sz_lo, bar);
	if (pci_bar_is_mem64(lo)) {
		if (!has_hi)
			return 1;	/* no slot for the upper half: broken */
		return bar_decode_mem64(lo, sz_lo, hi, sz_hi, bar);
	}
	/* 32-bit, and the reserved/below-1M types treated as 32-bit (Linux). */
	bar->size = lowest_set_bit(sz_lo & PCI_BASE_ADDRESS_MEM_MASK);
	if (!bar->size)
		return 1;
	bar->addr = lo & PCI_BASE_ADDRESS_MEM_MASK;
	bar->prefetch = lo & PCI_BASE_ADDRESS_MEM_PREFETCH;
	return 1;
}

int pci_bar_format(char *buf, size_t len, int i, const struct pci_bar *bar)
{
	if (len)
		buf[0] = '\0';
	if (!bar->size)
		return 0;
	return scnprintf(buf, len, "BAR%d: %s %#llx size %#llx%s%s", i,
			 bar->io ? "io" : "mem", (unsigned long long)bar->addr,
			 (unsigned long long)bar->size, bar->is64 ? " 64bit" : "",
			 bar->prefetch ? " prefetch" : "");
}

/* ---- capabilities ---- */

void pci_cap_iter_init(struct pci_cap_iter *it, pci_read8_fn read8, const void *ctx)
{
	u16 status = read8(ctx, PCI_STATUS) | read8(ctx, PCI_STATUS + 1) << 8;
	u8 type = read8(ctx, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK;

	it->read8 = read8;
	it->ctx = ctx;
	it->ttl = PCI_FIND_CAP_TTL;
	it->pos = 0;
	if (status == 0xffff || !(status & PCI_STATUS_CAP_LIST))
		return;
	it->pos = read8(ctx, type == PCI_HEADER_TYPE_CARDBUS ?
			PCI_CB_CAPABILITY_LIST : PCI_CAPABILITY_LIST);
}

bool pci_cap_iter_next(struct pci_cap_iter *it, u8 *pos, u8 *id)
{
	u8 p = it->pos & ~3;
	u8 cap;

	if (it->ttl <= 0 || p < PCI_CAP_MIN_OFFSET)
		goto end;
	it->ttl--;
	cap = it->read8(it->ctx, p + PCI_CAP_LIST_ID);
	if (cap == 0xff)
		goto end;
	it->pos = it->read8(it->ctx, p + PCI_CAP_LIST_NEXT);
	*pos = p;
	*id = cap;
	return true;
end:
	it->pos = 0;
	return false;
}

u8 pci_find_cap_in(pci_read8_fn read8, const void *ctx, u8 cap_id)
{
	struct pci_cap_iter it;
	u8 pos, id;

	pci_cap_iter_init(&it, read8, ctx);
	while (pci_cap_iter_next(&it, &pos, &id))
		if (id == cap_id)
			return pos;
	return 0;
}

/* ---- matching and MSI ---- */

const struct pci_device_id *pci_match_id(const struct pci_device_id *ids,
					 const struct pci_dev *d)
{
	if (!ids)
		return NULL;
	for (; ids->vendor; ids++) {
		if ((ids->vendor == PCI_ANY_ID || ids->vendor == d->vendor) &&
		    (ids->device == PCI_ANY_ID || ids->device == d->device))
			return ids;
	}
	return NULL;
}

int msi_compose_msg(u32 apic_id, int vector, struct msi_msg *msg)
{
	if (apic_id > MSI_ADDR_DEST_ID_MAX || vector < FIRST_EXTERNAL_VECTOR ||
	    vector > MSI_DATA_VECTOR_MASK)
		return -EINVAL;
	msg->address_lo = MSI_ADDR_BASE_LO | apic_id << MSI_ADDR_DEST_ID_SHIFT;
	msg->address_hi = 0;
	msg->data = (u32)vector | MSI_DATA_DELIVERY_FIXED | MSI_DATA_TRIGGER_EDGE;
	return 0;
}

u8 pci_msi_data_offset(u16 flags)
{
	return flags & PCI_MSI_FLAGS_64BIT ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32;
}

u8 pci_msi_mask_offset(u16 flags)
{
	return flags & PCI_MSI_FLAGS_64BIT ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32;
}

/* ---- names (as lspci prints them) ---- */

static const struct {
	u16 class;	/* class << 8 | subclass */
	const char *name;
} pci_subclass_names[] = {
	{ 0x0000, "Non-VGA unclassified device" },
	{ 0x0001, "VGA compatible unclassified device" },
	{ 0x0100, "SCSI storage controller" },
	{ 0x0101, "IDE interface" },
	{ 0x0105, "ATA controller" },
	{ 0x0106, "SATA controller" },
	{ 0x0108, "Non-Volatile memory controller" },
	{ 0x0200, "Ethernet controller" },
	{ 0x0300, "VGA compatible controller" },
	{ 0x0403, "Audio device" },
	{ 0x0500, "RAM memory" },
	{ 0x0600, "Host bridge" },
	{ 0x0601, "ISA bridge" },
	{ 0x0604, "PCI bridge" },
	{ 0x0700, "Serial controller" },
	{ 0x0880, "System peripheral" },
	{ 0x0c03, "USB controller" },
	{ 0x0c05, "SMBus" },
};

static const char *const pci_base_class_names[] = {
	"Unclassified device", "Mass storage controller", "Network controller",
	"Display controller", "Multimedia controller", "Memory controller",
	"Bridge", "Communication controller", "Generic system peripheral",
	"Input device controller", "Docking station", "Processor",
	"Serial bus controller", "Wireless controller",
	"Intelligent controller", "Satellite communications controller",
	"Encryption controller", "Signal processing controller",
};

const char *pci_class_name(u32 class)
{
	u16 sub = class >> 8;
	u8 base = class >> 16;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(pci_subclass_names); i++)
		if (pci_subclass_names[i].class == sub)
			return pci_subclass_names[i].name;
	if (base < ARRAY_SIZE(pci_base_class_names))
		return pci_base_class_names[base];
	return "Unassigned class";
}

const char *pci_cap_name(u8 id)
{
	switch (id) {
	case PCI_CAP_ID_PM:
		return "Power Management";
	case PCI_CAP_ID_VPD:
		return "Vital Product Data";
	case PCI_CAP_ID_MSI:
		return "MSI";
	case PCI_CAP_ID_VNDR:
		return "Vendor Specific";
	case PCI_CAP_ID_SSVID:
		return "Subsystem";
	case PCI_CAP_ID_EXP:
		return "Express";
	case PCI_CAP_ID_MSIX:
		return "MSI-X";
	case PCI_CAP_ID_AF:
		return "PCI Advanced Features";
	default:
		return "Unknown";
	}
}

char pci_pin_name(u8 pin)
{
	return pin >= 1 && pin <= 4 ? (char)('A' + pin - 1) : '?';
}

void pci_format_name(char *buf, size_t len, u16 seg, u8 bus, u8 devfn)
{
	snprintf(buf, len, "%04x:%02x:%02x.%d", seg, bus, PCI_SLOT(devfn), PCI_FUNC(devfn));
}
