/* Random numbers for protocol identifiers (DHCP xid, backoff jitter):
 * RDRAND when the CPU has it [Intel SDM vol. 1 §7.3.17], else a SipHash
 * of the TSC under a boot-time key. Not for keys that must resist an
 * attacker who can read the TSC. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "lib/types.h"

u64 get_random_u64(void);
u32 get_random_u32(void);

#endif /* KERNEL_RANDOM_H */
