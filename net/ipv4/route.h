/* The IPv4 routing table: connected routes from interface addresses,
 * the default route (gw=), static routes (route=, `ip route add`);
 * longest-prefix match, at most FIB_MAX_ROUTES. Output lookup for locally
 * generated packets and input classification (local, broadcast, or not
 * for us: a host does not forward). Shell `route -n` and `ip route`.
 * Not here: policy routing, multipath, route caching, PMTU state. */
#ifndef NET_IPV4_ROUTE_H
#define NET_IPV4_ROUTE_H

#include "lib/types.h"
#include "net/ipv4/snmp.h"

struct net_device;

/* Route types and origins: Linux's rtnetlink values. */
#define RTN_UNSPEC		0
#define RTN_UNICAST		1
#define RTN_LOCAL		2
#define RTN_BROADCAST		3
#define RTN_MULTICAST		5

#define RTPROT_KERNEL		2	/* connected route of an address */
#define RTPROT_BOOT		3	/* from the command line or the shell */
#define RTPROT_DHCP		16	/* from a DHCP lease (or its fallback) */

#define RT_SCOPE_UNIVERSE	0
#define RT_SCOPE_LINK		253
#define RT_SCOPE_HOST		254

#define FIB_MAX_ROUTES		64

/* A lookup's answer. */
struct rtable {
	struct net_device *dev;
	__be32 rt_gw;		/* the next hop to resolve: gateway, or daddr */
	__be32 rt_src;		/* the source address to use */
	u8 rt_type;		/* RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST */
	bool rt_uses_gateway;
	unsigned int mtu;
};

/* Route a locally generated packet to daddr: local and 127/8 destinations
 * go through lo. 0 or -ENETUNREACH. Any context. */
int ip_route_output_rt(__be32 daddr, struct rtable *rt);
/* The same, as next hop, device and source address. */
int ip_route_output(__be32 daddr, __be32 *nexthop, struct net_device **dev,
		    __be32 *saddr);

/* Classify a received packet: IPDROP_NONE with *rt_type RTN_LOCAL or
 * RTN_BROADCAST, or why it is dropped (martian source or destination,
 * multicast, not for us). Softirq context. */
enum ip_drop_reason ip_route_input(__be32 daddr, __be32 saddr,
				   struct net_device *dev, u8 *rt_type);

/* 0, -EEXIST (same prefix, gateway and device), -ENOSPC (table full),
 * -EINVAL (bad prefix, or a gateway not on dev's subnet). gw 0 = on-link. */
int fib_add_route(__be32 dst, int prefixlen, __be32 gw, struct net_device *dev,
		  u8 protocol, __be32 prefsrc);
/* Remove the route for dst/prefixlen (through dev if not NULL): 0 or -ESRCH. */
int fib_del_route(__be32 dst, int prefixlen, struct net_device *dev);
/* Remove dev's routes of one origin (0: all of them). */
void fib_flush_dev(struct net_device *dev, u8 protocol);

/* `ip route` registration. From inet_init. */
void ip_fib_init(void);

#endif /* NET_IPV4_ROUTE_H */
