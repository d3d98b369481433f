/* QEMU fw_cfg: named blobs (files) the VMM hands the guest, read over the
 * legacy I/O-port interface [QEMU docs/specs/fw_cfg.rst]. Read-only, no DMA
 * interface: napkin only reads small files (its command line) at boot. */
#ifndef DRIVERS_FW_CFG_H
#define DRIVERS_FW_CFG_H

#include "lib/types.h"

#define FW_CFG_MAX_FILE_PATH	56	/* name field size, NUL included */

/* True when the fw_cfg device answers with its "QEMU" signature. */
bool fw_cfg_present(void);

/*
 * Copy up to size bytes of file `name` (e.g. "opt/napkin/cmdline") into buf.
 * Returns the number of bytes copied (min(size, file size)), -ENODEV when
 * there is no fw_cfg device, -ENOENT when it has no such file.
 * fw_cfg_file_size() reports the full size the same way.
 */
int fw_cfg_read_file(const char *name, void *buf, size_t size);
int fw_cfg_file_size(const char *name);

#endif /* DRIVERS_FW_CFG_H */
