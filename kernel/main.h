/* kmain: the one C entry every boot path reaches with its boot_info. */
#ifndef KERNEL_MAIN_H
#define KERNEL_MAIN_H

#include "boot/boot_info.h"
#include "lib/compiler.h"

__noreturn void kmain(struct boot_info *bi);

/* The boot information, copied by kmain before any allocation. */
extern struct boot_info boot_info;

#endif /* KERNEL_MAIN_H */
