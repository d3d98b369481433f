/* The routing table (Linux's fib, as a small array searched linearly:
 * 64 routes cost less to scan than a trie costs to walk) and the route
 * lookups: output for local senders, input classification for
 * ip_rcv_finish. Shell `route -n` and `ip route`.
 * [RFC 1122 §3.3.1] a host sends on-link or to a gateway; it never
 * forwards. */
#include "net/ipv4/route.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/ip.h"
#include "net/core/netdevice.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/softirq.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct fib_route {
	bool used;
	__be32 dst;		/* masked */
	__be32 mask;
	u8 prefixlen;
	u8 protocol;		/* RTPROT_* */
	u8 scope;		/* RT_SCOPE_LINK for on-link routes */
	__be32 gw;		/* 0: on-link */
	__be32 prefsrc;
	struct net_device *dev;
	u32 metric;
	u64 use;		/* output lookups that chose it ("Use") */
};

static struct fib_route fib_routes[FIB_MAX_ROUTES];
static DEFINE_SPINLOCK(fib_lock);

/* Readers and writers alike, with bottom halves off: output lookups run
 * in threads and in softirq. */
static void fib_lock_bh(void)
{
	local_bh_disable();
	spin_lock(&fib_lock);
}

static void fib_unlock_bh(void)
{
	spin_unlock(&fib_lock);
	local_bh_enable();
}

/* Longest prefix, then lowest metric, among routes whose device is up. */
static struct fib_route *fib_lookup(__be32 daddr)
{
	struct fib_route *r, *best = NULL;

	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++) {
		if (!r->used || !(r->dev->flags & IFF_UP) || (daddr & r->mask) != r->dst)
			continue;
		if (!best || r->prefixlen > best->prefixlen ||
		    (r->prefixlen == best->prefixlen && r->metric < best->metric))
			best = r;
	}
	return best;
}

/* The device whose connected route covers addr (for gateways). */
static struct net_device *fib_onlink_dev(__be32 addr)
{
	struct fib_route *r;

	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++)
		if (r->used && !r->gw && r->protocol == RTPROT_KERNEL &&
		    (addr & r->mask) == r->dst)
			return r->dev;
	return NULL;
}

static struct fib_route *fib_find(__be32 dst, int prefixlen, __be32 gw,
				  const struct net_device *dev)
{
	struct fib_route *r;

	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++)
		if (r->used && r->dst == dst && r->prefixlen == prefixlen &&
		    r->gw == gw && r->dev == dev)
			return r;
	return NULL;
}

static int __fib_add_route(__be32 dst, int prefixlen, __be32 gw, struct net_device *dev,
			   u8 protocol, __be32 prefsrc)
{
	__be32 mask = inet_make_mask(prefixlen);
	struct fib_route *r;

	if (gw && fib_onlink_dev(gw) != dev)
		return -EINVAL;
	if (fib_find(dst & mask, prefixlen, gw, dev))
		return -EEXIST;
	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++) {
		if (r->used)
			continue;
		memset(r, 0, sizeof(*r));
		r->used = true;
		r->dst = dst & mask;
		r->mask = mask;
		r->prefixlen = prefixlen;
		r->gw = gw;
		r->dev = dev;
		r->protocol = protocol;
		r->scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
		r->prefsrc = prefsrc;
		return 0;
	}
	return -ENOSPC;
}

int fib_add_route(__be32 dst, int prefixlen, __be32 gw, struct net_device *dev,
		  u8 protocol, __be32 prefsrc)
{
	int err;

	if (prefixlen < 0 || prefixlen > 32 || !dev)
		return -EINVAL;
	fib_lock_bh();
	err = __fib_add_route(dst, prefixlen, gw, dev, protocol, prefsrc);
	fib_unlock_bh();
	return err;
}

int fib_del_route(__be32 dst, int prefixlen, struct net_device *dev)
{
	__be32 mask = inet_make_mask(prefixlen);
	struct fib_route *r;
	int err = -ESRCH;

	fib_lock_bh();
	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++) {
		if (r->used && r->dst == (dst & mask) && r->prefixlen == prefixlen &&
		    (!dev || r->dev == dev)) {
			r->used = false;
			err = 0;
			break;
		}
	}
	fib_unlock_bh();
	return err;
}

void fib_flush_dev(struct net_device *dev, u8 protocol)
{
	struct fib_route *r;

	fib_lock_bh();
	for (r = fib_routes; r < fib_routes + FIB_MAX_ROUTES; r++)
		if (r->used && r->dev == dev && (!protocol || r->protocol == protocol))
			r->used = false;
	fib_unlock_bh();
}

/* --- output --- */

/* Local destinations loop through lo, from the address itself. */
static int rt_local(__be32 daddr, struct rtable *rt)
{
	struct net_device *lo = loopback_dev;

	if (!lo || !(lo->flags & IFF_UP))
		return -ENETUNREACH;
	rt->dev = lo;
	rt->rt_gw = daddr;
	rt->rt_src = ip_dev_find(daddr) ? daddr : inet_select_addr(lo);
	rt->rt_type = RTN_LOCAL;
	rt->rt_uses_gateway = false;
	rt->mtu = lo->mtu;
	return 0;
}

static void rt_fill(struct rtable *rt, const struct fib_route *r, __be32 daddr)
{
	rt->dev = r->dev;
	rt->rt_gw = r->gw ? r->gw : daddr;
	rt->rt_uses_gateway = r->gw != 0;
	rt->rt_src = r->prefsrc ? r->prefsrc : inet_select_addr(r->dev);
	rt->mtu = r->dev->mtu;
	if (ipv4_is_multicast(daddr))
		rt->rt_type = RTN_MULTICAST;
	else if (ipv4_is_lbcast(daddr) || daddr == inet_dev_broadcast(r->dev))
		rt->rt_type = RTN_BROADCAST;
	else
		rt->rt_type = RTN_UNICAST;
}

int ip_route_output_rt(__be32 daddr, struct rtable *rt)
{
	struct fib_route *r;

	if (ipv4_is_loopback(daddr) || ip_dev_find(daddr))
		return rt_local(daddr, rt);
	if (ipv4_is_zeronet(daddr))
		return -ENETUNREACH;
	fib_lock_bh();
	/* 255.255.255.255 leaves by the default route's device. */
	r = fib_lookup(ipv4_is_lbcast(daddr) ? 0 : daddr);
	if (r) {
		r->use++;
		rt_fill(rt, r, daddr);
		if (ipv4_is_lbcast(daddr)) {
			rt->rt_gw = daddr;
			rt->rt_uses_gateway = false;
		}
	}
	fib_unlock_bh();
	return r ? 0 : -ENETUNREACH;
}

int ip_route_output(__be32 daddr, __be32 *nexthop, struct net_device **dev,
		    __be32 *saddr)
{
	struct rtable rt;
	int err = ip_route_output_rt(daddr, &rt);

	if (err)
		return err;
	*nexthop = rt.rt_gw;
	*dev = rt.dev;
	*saddr = rt.rt_src;
	return 0;
}

/* --- input --- */

enum ip_drop_reason ip_route_input(__be32 daddr, __be32 saddr,
				   struct net_device *dev, u8 *rt_type)
{
	bool on_lo = dev->flags & IFF_LOOPBACK;
	__be32 bcast = inet_dev_broadcast(dev);
	struct ip_saddr_ctx ctx = {
		.on_loopback = on_lo,
		.saddr_is_local = ip_dev_find(saddr) != NULL,
		.dev_bcast = bcast,
	};
	enum ip_drop_reason why;

	*rt_type = RTN_UNSPEC;
	if (ipv4_is_multicast(daddr)) {
		*rt_type = RTN_MULTICAST;
		return IPDROP_MCAST;
	}
	why = ip_saddr_check(saddr, &ctx);
	if (why)
		return why;
	if (ipv4_is_lbcast(daddr) || (bcast && daddr == bcast)) {
		*rt_type = RTN_BROADCAST;
		return IPDROP_NONE;
	}
	if (ipv4_is_zeronet(daddr) || (ipv4_is_loopback(daddr) && !on_lo))
		return IPDROP_MARTIAN_DST;
	if (ipv4_is_loopback(daddr) || ip_dev_find(daddr)) {
		*rt_type = RTN_LOCAL;
		return IPDROP_NONE;
	}
	return IPDROP_NOT_FOR_US;
}

/* --- shell --- */

static int fib_snapshot(struct fib_route *out)
{
	int i, n = 0, j;

	fib_lock_bh();
	for (i = 0; i < FIB_MAX_ROUTES; i++)
		if (fib_routes[i].used)
			out[n++] = fib_routes[i];
	fib_unlock_bh();
	/* Print order: by destination, then prefix length (default first). */
	for (i = 1; i < n; i++) {
		struct fib_route r = out[i];

		for (j = i; j > 0 && (ntohl(out[j - 1].dst) > ntohl(r.dst) ||
		     (out[j - 1].dst == r.dst && out[j - 1].prefixlen > r.prefixlen)); j--)
			out[j] = out[j - 1];
		out[j] = r;
	}
	return n;
}

/* net-tools `route -n`. */
static int route_cmd(int argc, char **argv)
{
	static struct fib_route snap[FIB_MAX_ROUTES];	/* the shell is one thread */
	char dst[16], gw[16], mask[16], flags[4];
	int n, i;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-n"))) {
		kprintf("usage: route [-n]\n");
		return -EINVAL;
	}
	n = fib_snapshot(snap);
	kprintf("Kernel IP routing table\n");
	kprintf("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
	for (i = 0; i < n; i++) {
		const struct fib_route *r = &snap[i];

		snprintf(dst, sizeof(dst), "%pI4", &r->dst);
		snprintf(gw, sizeof(gw), "%pI4", &r->gw);
		snprintf(mask, sizeof(mask), "%pI4", &r->mask);
		snprintf(flags, sizeof(flags), "U%s%s", r->gw ? "G" : "",
			 r->prefixlen == 32 ? "H" : "");
		kprintf("%-15s %-15s %-15s %-5s %-6u %-2d %7lu %s\n", dst, gw, mask, flags,
			r->metric, 0, r->use, r->dev->name);
	}
	return 0;
}
SHELL_COMMAND(route, "route", route_cmd, "[-n]: the IPv4 routing table");

/* iproute2 `ip route show`. */
static void ip_route_show(void)
{
	static struct fib_route snap[FIB_MAX_ROUTES];
	int n, i;

	n = fib_snapshot(snap);
	for (i = 0; i < n; i++) {
		const struct fib_route *r = &snap[i];

		if (r->prefixlen == 0)
			kprintf("default");
		else
			kprintf("%pI4/%u", &r->dst, r->prefixlen);
		if (r->gw)
			kprintf(" via %pI4", &r->gw);
		kprintf(" dev %s", r->dev->name);
		if (r->protocol == RTPROT_KERNEL)
			kprintf(" proto kernel");
		else if (r->protocol == RTPROT_DHCP)
			kprintf(" proto dhcp");
		if (r->scope == RT_SCOPE_LINK)
			kprintf(" scope link");
		if (r->prefsrc)
			kprintf(" src %pI4", &r->prefsrc);
		if (!netif_carrier_ok(r->dev))
			kprintf(" linkdown");
		kprintf("\n");
	}
}

static int ip_route_get(const char *arg)
{
	struct rtable rt;
	__be32 daddr;

	if (in4_parse(arg, &daddr))
		return -EINVAL;
	if (ip_route_output_rt(daddr, &rt)) {
		kprintf("RTNETLINK answers: Network is unreachable\n");
		return -ENETUNREACH;
	}
	kprintf("%s%pI4", rt.rt_type == RTN_LOCAL ? "local " :
		rt.rt_type == RTN_BROADCAST ? "broadcast " : "", &daddr);
	if (rt.rt_uses_gateway)
		kprintf(" via %pI4", &rt.rt_gw);
	kprintf(" dev %s src %pI4\n", rt.dev->name, &rt.rt_src);
	return 0;
}

/* ip route add|del PREFIX [via GW] [dev DEV] */
static int ip_route_change(bool add, int argc, char **argv)
{
	struct net_device *dev = NULL;
	__be32 dst = 0, gw = 0;
	int plen = 0, i, err;

	if (argc < 1 || (strcmp(argv[0], "default") && in4_parse_prefix(argv[0], &dst, &plen)))
		return -EINVAL;
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "via") && !in4_parse(argv[i + 1], &gw))
			continue;
		if (!strcmp(argv[i], "dev") && (dev = dev_get_by_name(argv[i + 1])))
			continue;
		return -EINVAL;
	}
	if (i != argc)
		return -EINVAL;
	if (!add) {
		err = fib_del_route(dst, plen, dev);
		if (err)
			kprintf("RTNETLINK answers: No such process\n");
		return err;
	}
	if (!dev && gw) {
		fib_lock_bh();
		dev = fib_onlink_dev(gw);
		fib_unlock_bh();
	}
	if (!dev) {
		kprintf("Error: Nexthop has invalid gateway.\n");
		return -ENETUNREACH;
	}
	err = fib_add_route(dst, plen, gw, dev, RTPROT_BOOT, 0);
	if (err == -EINVAL)
		kprintf("Error: Nexthop has invalid gateway.\n");
	else if (err == -EEXIST)
		kprintf("RTNETLINK answers: File exists\n");
	return err;
}

static int ip_route_cmd(int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show"))) {
		ip_route_show();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "get"))
		return ip_route_get(argv[2]);
	if (argc >= 3 && (!strcmp(argv[1], "add") || !strcmp(argv[1], "del")))
		return ip_route_change(argv[1][0] == 'a', argc - 2, argv + 2);
	kprintf("usage: ip route [show] | get ADDR | add|del PREFIX|default [via GW] [dev DEV]\n");
	return -EINVAL;
}

void ip_fib_init(void)
{
	if (ip_cmd_register("route", ip_route_cmd))
		pr_err("route: cannot register `ip route`\n");
}
