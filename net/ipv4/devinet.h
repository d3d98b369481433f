/* IPv4 interface addresses (Linux's devinet.c, one address per device):
 * the in_device behind dev->ip_ptr, 127.0.0.1/8 on lo, the inet lines of
 * `ifconfig` and `ip addr`, and dotted-quad parsing for the shell and the
 * command line. Not here: secondary addresses (the `ip=` keys are
 * ipconfig.c's). */
#ifndef NET_IPV4_DEVINET_H
#define NET_IPV4_DEVINET_H

#include "lib/types.h"
#include "net/core/netdevice.h"

/* Devices that can carry IPv4; more are left without (logged). */
#define INET_DEV_MAX	16

struct in_device {
	struct net_device *dev;
	__be32 ifa_local;		/* 0: no address */
	__be32 ifa_mask;
	__be32 ifa_broadcast;		/* subnet broadcast; 0 for lo and /31, /32 */
	u8 ifa_prefixlen;
};

static inline struct in_device *__in_dev_get(const struct net_device *dev)
{
	return dev->ip_ptr;
}

/* dev's address, 0 if it has none (Linux's inet_select_addr). */
__be32 inet_select_addr(const struct net_device *dev);
/* dev's subnet broadcast, 0 if none. */
__be32 inet_dev_broadcast(const struct net_device *dev);

/* The device owning addr, or NULL: the weak host model, any device's
 * address is local whatever device a packet came in on (Linux). */
struct net_device *ip_dev_find(__be32 addr);

/* Set (replacing) or clear dev's address; updates the connected route
 * and announces the address. 0, -EINVAL (bad address or prefix),
 * -ENODEV (no in_device). Process context. */
int inet_set_ifa(struct net_device *dev, __be32 addr, int prefixlen);
/* Clearing removes the address and every route through dev (connected,
 * static, DHCP), as Linux does when a device loses its last address. */
void inet_clear_ifa(struct net_device *dev);

/* "A.B.C.D" strictly (four decimal octets): 0 or -EINVAL. */
int in4_parse(const char *s, __be32 *addr);
/* "A.B.C.D/N", N 0..32: 0 or -EINVAL. */
int in4_parse_prefix(const char *s, __be32 *addr, int *prefixlen);

/* Notifier (an in_device per device, lo's address), the ifconfig/ip addr
 * hooks. From inet_init. */
void devinet_init(void);

#endif /* NET_IPV4_DEVINET_H */
