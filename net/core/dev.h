/* Internal to net/core: the calls between dev.c, net_device.c,
 * loopback.c and packet_tap.c that drivers and protocols do not use. */
#ifndef NET_CORE_DEV_H
#define NET_CORE_DEV_H

#include "net/core/netdevice.h"
#include "kernel/timer.h"

/* Run the notifiers of devices whose carrier changed (NET_TX_SOFTIRQ). */
void linkwatch_run_queue(void);

/* usecs_to_jiffies, rounding up as Linux does. */
static inline u64 usecs_to_jiffies(u64 us)
{
	return (us * HZ + 999999) / 1000000;
}

/* Register and open `lo` (sets loopback_dev): 0 or -errno. */
int loopback_init(void);

/* The tap: applies pcap=com2 and registers the `tcpdump` machinery. */
void packet_tap_init(void);

#endif /* NET_CORE_DEV_H */
