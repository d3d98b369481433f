/* QEMU fw_cfg over I/O ports 0x510/0x511 [QEMU docs/specs/fw_cfg.rst]:
 * signature probe, file directory lookup, file reads. Not the DMA interface,
 * not writes; only probed when CPUID says we run under a hypervisor. */
#include "drivers/fw_cfg.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "kernel/spinlock.h"
#include "lib/byteorder.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FW_CFG_PORT_SEL		0x510	/* 16-bit selector (write) */
#define FW_CFG_PORT_DATA	0x511	/* 8-bit data (read), offset auto-increments */

#define FW_CFG_SIGNATURE	0x0000	/* "QEMU" */
#define FW_CFG_FILE_DIR		0x0019	/* be32 count, then struct fw_cfg_file[count] */

/* QEMU has 32..1024 file slots depending on machine type; anything above
 * this is not a directory we believe. */
#define FW_CFG_MAX_FILES	4096

/* CPUID.1:ECX bit 31: always 0 on real CPUs [Intel SDM Vol.2A, CPUID],
 * set by hypervisors, QEMU included. */
#define CPUID_1_ECX_HYPERVISOR	(1U << 31)

/* One directory entry, big-endian as QEMU stores it. */
struct fw_cfg_file {
	__be32 size;
	__be16 select;
	__be16 reserved;
	char name[FW_CFG_MAX_FILE_PATH];
} __packed;
static_assert(sizeof(struct fw_cfg_file) == 64, "fw_cfg directory entry is 64 bytes");

/* Selecting an item resets its read offset, so a select and the reads that
 * follow it must not interleave with another reader's. */
static DEFINE_SPINLOCK(fw_cfg_lock);

enum { FW_CFG_UNPROBED, FW_CFG_ABSENT, FW_CFG_PRESENT };
static int fw_cfg_state = FW_CFG_UNPROBED;

static void fw_cfg_select(u16 key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void fw_cfg_read(void *buf, size_t len)
{
	u8 *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

/* Ports 0x510/0x511 mean nothing on real hardware: do not poke them there. */
static bool running_on_hypervisor(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & CPUID_1_ECX_HYPERVISOR;
}

/* Caller holds fw_cfg_lock. */
static bool fw_cfg_probe_locked(void)
{
	char sig[4];

	if (fw_cfg_state == FW_CFG_UNPROBED) {
		fw_cfg_state = FW_CFG_ABSENT;
		if (running_on_hypervisor()) {
			fw_cfg_select(FW_CFG_SIGNATURE);
			fw_cfg_read(sig, sizeof(sig));
			if (memcmp(sig, "QEMU", sizeof(sig)) == 0)
				fw_cfg_state = FW_CFG_PRESENT;
		}
	}
	return fw_cfg_state == FW_CFG_PRESENT;
}

bool fw_cfg_present(void)
{
	unsigned long flags;
	bool present;

	spin_lock_irqsave(&fw_cfg_lock, flags);
	present = fw_cfg_probe_locked();
	spin_unlock_irqrestore(&fw_cfg_lock, flags);
	return present;
}

/*
 * Walk the file directory for `name`. Entries whose name field is not
 * NUL-terminated are skipped rather than matched on a prefix. Caller holds
 * fw_cfg_lock. Returns 0 or -ENOENT.
 */
static int fw_cfg_find_locked(const char *name, struct fw_cfg_file *out)
{
	__be32 be_count;
	u32 count, i;

	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_read(&be_count, sizeof(be_count));
	count = min_t(u32, be32_to_cpu(be_count), FW_CFG_MAX_FILES);
	for (i = 0; i < count; i++) {
		fw_cfg_read(out, sizeof(*out));
		if (!memchr(out->name, '\0', sizeof(out->name)))
			continue;
		if (strcmp(out->name, name) == 0)
			return 0;
	}
	return -ENOENT;
}

/*
 * Find `name` and copy its first min(size, file size) bytes into buf.
 * Returns the number of bytes copied and sets *file_size, or -errno.
 */
static int fw_cfg_access(const char *name, void *buf, size_t size,
			 u32 *file_size)
{
	struct fw_cfg_file f;
	unsigned long flags;
	size_t len;
	int ret = -ENODEV;

	spin_lock_irqsave(&fw_cfg_lock, flags);
	if (fw_cfg_probe_locked())
		ret = fw_cfg_find_locked(name, &f);
	if (ret == 0) {
		*file_size = be32_to_cpu(f.size);
		len = min_t(size_t, size, *file_size);
		len = min_t(size_t, len, INT32_MAX);
		fw_cfg_select(be16_to_cpu(f.select));
		fw_cfg_read(buf, len);
		ret = (int)len;
	}
	spin_unlock_irqrestore(&fw_cfg_lock, flags);
	return ret;
}

int fw_cfg_file_size(const char *name)
{
	u32 size;
	int ret = fw_cfg_access(name, NULL, 0, &size);

	if (ret < 0)
		return ret;
	return size > INT32_MAX ? -EFBIG : (int)size;
}

int fw_cfg_read_file(const char *name, void *buf, size_t size)
{
	u32 file_size;

	return fw_cfg_access(name, buf, size, &file_size);
}
