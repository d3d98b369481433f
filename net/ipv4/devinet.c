/* IPv4 interface addresses: one in_device per device (a fixed array, no
 * allocation), one address each; lo gets 127.0.0.1/8 when it registers
 * (the command line's address is ipconfig.c's). Address changes keep the
 * connected route in step and announce the address. Also the inet lines
 * of `ifconfig`/`ip addr` and dotted-quad parsing. Not here: secondary
 * addresses, address lifetimes. */
#include "net/ipv4/devinet.h"
#include "net/ipv4/arp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "kernel/printk.h"
#include "kernel/softirq.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct in_device in_devs[INET_DEV_MAX];
static DEFINE_SPINLOCK(devinet_lock);

/* --- parsing --- */

/* One decimal octet, no sign, no leading zero (it would read as octal
 * to inet_aton): returns the characters used, 0 if none valid. */
static int parse_octet(const char *s, u32 *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 3 && isdigit((unsigned char)s[i]); i++)
		*v = *v * 10 + (s[i] - '0');
	if (i == 0 || (i > 1 && s[0] == '0') || *v > 255 || isdigit((unsigned char)s[i]))
		return 0;
	return i;
}

/* "A.B.C.D" followed by end (or the stop character): end in *endp. */
static int in4_parse_until(const char *s, char stop, __be32 *addr, const char **endp)
{
	u32 a = 0, v;
	int i, n;

	for (i = 0; i < 4; i++) {
		n = parse_octet(s, &v);
		if (!n)
			return -EINVAL;
		a = a << 8 | v;
		s += n;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s && *s != stop)
		return -EINVAL;
	*addr = htonl(a);
	*endp = s;
	return 0;
}

int in4_parse(const char *s, __be32 *addr)
{
	const char *end;

	return in4_parse_until(s, '\0', addr, &end);
}

int in4_parse_prefix(const char *s, __be32 *addr, int *prefixlen)
{
	const char *end;
	u32 v;
	int n;

	if (in4_parse_until(s, '/', addr, &end) || *end != '/')
		return -EINVAL;
	n = parse_octet(end + 1, &v);
	if (!n || end[1 + n] || v > 32)
		return -EINVAL;
	*prefixlen = v;
	return 0;
}

/* --- lookups --- */

__be32 inet_select_addr(const struct net_device *dev)
{
	const struct in_device *in_dev = __in_dev_get(dev);

	return in_dev ? READ_ONCE(in_dev->ifa_local) : 0;
}

__be32 inet_dev_broadcast(const struct net_device *dev)
{
	const struct in_device *in_dev = __in_dev_get(dev);

	return in_dev ? READ_ONCE(in_dev->ifa_broadcast) : 0;
}

struct net_device *ip_dev_find(__be32 addr)
{
	int i;

	if (!addr)
		return NULL;
	for (i = 0; i < INET_DEV_MAX; i++)
		if (READ_ONCE(in_devs[i].dev) && READ_ONCE(in_devs[i].ifa_local) == addr)
			return in_devs[i].dev;
	return NULL;
}

/* --- addresses --- */

/* A unicast address with a host part that is neither all zeros nor all
 * ones (except /31 and /32, RFC 3021). */
static bool inet_addr_valid(const struct net_device *dev, __be32 addr, int plen)
{
	__be32 mask = inet_make_mask(plen);

	if (plen < 1 || plen > 32 || ipv4_is_zeronet(addr) || ipv4_is_multicast(addr) ||
	    ipv4_is_lbcast(addr))
		return false;
	if (ipv4_is_loopback(addr) != !!(dev->flags & IFF_LOOPBACK))
		return false;
	if (plen <= 30 && ((addr & ~mask) == 0 || (addr & ~mask) == ~mask))
		return false;
	return true;
}

static void inet_store_ifa(struct in_device *in_dev, __be32 addr, int plen)
{
	__be32 mask = inet_make_mask(plen);
	bool bcast = addr && plen <= 30 && !(in_dev->dev->flags & IFF_LOOPBACK);

	local_bh_disable();
	spin_lock(&devinet_lock);
	WRITE_ONCE(in_dev->ifa_local, addr);
	WRITE_ONCE(in_dev->ifa_mask, mask);
	WRITE_ONCE(in_dev->ifa_broadcast, bcast ? (addr | ~mask) : 0);
	WRITE_ONCE(in_dev->ifa_prefixlen, plen);
	spin_unlock(&devinet_lock);
	local_bh_enable();
}

int inet_set_ifa(struct net_device *dev, __be32 addr, int prefixlen)
{
	struct in_device *in_dev = __in_dev_get(dev);
	int err;

	if (!in_dev)
		return -ENODEV;
	if (!inet_addr_valid(dev, addr, prefixlen))
		return -EINVAL;
	fib_flush_dev(dev, RTPROT_KERNEL);
	inet_store_ifa(in_dev, addr, prefixlen);
	if (!(dev->flags & IFF_LOOPBACK) && prefixlen < 32) {
		err = fib_add_route(addr, prefixlen, 0, dev, RTPROT_KERNEL, addr);
		if (err)
			pr_err("ipv4: %s: no connected route for %pI4/%d: %d\n", dev->name,
			       &addr, prefixlen, err);
	}
	arp_send_garp(dev);
	return 0;
}

void inet_clear_ifa(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get(dev);

	if (!in_dev)
		return;
	/* The device's only address: with it goes every route through the
	 * device, whoever added it (Linux's fib_disable_ip). */
	fib_flush_dev(dev, 0);
	inet_store_ifa(in_dev, 0, 0);
}

/* --- devices --- */

static void inetdev_init(struct net_device *dev)
{
	int i;

	for (i = 0; i < INET_DEV_MAX; i++) {
		if (in_devs[i].dev)
			continue;
		memset(&in_devs[i], 0, sizeof(in_devs[i]));
		in_devs[i].dev = dev;
		dev->ip_ptr = &in_devs[i];
		if (dev->flags & IFF_LOOPBACK)
			inet_set_ifa(dev, htonl(INADDR_LOOPBACK), 8);
		return;
	}
	pr_err("ipv4: %s: more than %d devices; no IPv4 on it\n", dev->name, INET_DEV_MAX);
}

static void inetdev_destroy(struct net_device *dev)
{
	struct in_device *in_dev = __in_dev_get(dev);

	if (!in_dev)
		return;
	inet_clear_ifa(dev);		/* and every route through the device */
	dev->ip_ptr = NULL;
	WRITE_ONCE(in_dev->dev, NULL);
}

static int inetdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_REGISTER && !__in_dev_get(dev))
		inetdev_init(dev);
	else if (event == NETDEV_UNREGISTER)
		inetdev_destroy(dev);
	return NOTIFY_DONE;
}

/* Before ARP's notifier: addresses exist when NETDEV_UP announces them. */
static struct notifier_block inetdev_notifier = {
	.notifier_call = inetdev_event,
	.priority = 10,
};

/* --- ifconfig / ip addr lines --- */

static void inet_ifconfig(struct net_device *dev)
{
	const struct in_device *in_dev = __in_dev_get(dev);

	if (!in_dev || !in_dev->ifa_local)
		return;
	kprintf("        inet %pI4  netmask %pI4", &in_dev->ifa_local, &in_dev->ifa_mask);
	if (in_dev->ifa_broadcast)
		kprintf("  broadcast %pI4", &in_dev->ifa_broadcast);
	kprintf("\n");
}

static void inet_ip_addr(struct net_device *dev)
{
	const struct in_device *in_dev = __in_dev_get(dev);

	if (!in_dev || !in_dev->ifa_local)
		return;
	kprintf("    inet %pI4/%u", &in_dev->ifa_local, in_dev->ifa_prefixlen);
	if (in_dev->ifa_broadcast)
		kprintf(" brd %pI4", &in_dev->ifa_broadcast);
	kprintf(" scope %s %s\n", dev->flags & IFF_LOOPBACK ? "host" : "global", dev->name);
	kprintf("       valid_lft forever preferred_lft forever\n");
}

static const struct netdev_show_ops inet_show_ops = {
	.ifconfig = inet_ifconfig,
	.ip_addr = inet_ip_addr,
};

void devinet_init(void)
{
	if (register_netdevice_notifier(&inetdev_notifier))
		pr_err("ipv4: cannot register the device notifier\n");
	if (netdev_register_show_ops(&inet_show_ops))
		pr_err("ipv4: cannot add the ifconfig/ip addr lines\n");
}
