/* Fine time: the TSC, calibrated at boot against the PIT (or HPET), for
 * delays and measurement. Protocol timers use jiffies (kernel/timer.h). */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

extern u64 tsc_khz;

void time_init(void);		/* calibrate the TSC; start the HZ tick */
u64 ktime_get_ns(void);		/* nanoseconds since boot, from the TSC */
void udelay(u32 us);
void ndelay(u32 ns);
void mdelay(u32 ms);

#endif /* KERNEL_TIME_H */
