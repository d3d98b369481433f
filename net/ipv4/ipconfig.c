/* The command line's IPv4 configuration: `ip=A.B.C.D/N`, `ip=dhcp`
 * (the default when no ip= is given) or `ip=off`/`ip=none` (no address,
 * no DHCP), `gw=A.B.C.D`, `route=NET/N,GW` (repeatable) for a static
 * address, `dhcp_fallback=A.B.C.D/N[,GW]` for DHCP. Parsed early into
 * static storage (memory management is not up then), applied by
 * ip_auto_config() once the NICs exist. Errors name the key and say what
 * was expected; an ip= that does not parse means off, not DHCP, so a
 * typo never puts the machine on a network it was not meant for. */
#include "net/ipv4/ipconfig.h"
#include "net/ipv4/dhcp.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/route.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

enum { IC_DEFAULT, IC_STATIC, IC_DHCP, IC_OFF };

#define IC_ROUTES_MAX	16

struct ic_route {
	__be32 dst;
	int prefixlen;
	__be32 gw;
};

static int ic_mode;
static __be32 ic_addr;
static int ic_prefixlen;
static __be32 ic_gw;
static struct ic_route ic_routes[IC_ROUTES_MAX];
static int ic_nroutes;
static struct dhcp_fallback ic_fallback;

static int ip_param(const char *value)
{
	__be32 addr;
	int prefixlen;

	if (!strcmp(value, "dhcp")) {
		ic_mode = IC_DHCP;
		return 0;
	}
	if (!strcmp(value, "off") || !strcmp(value, "none")) {
		ic_mode = IC_OFF;
		return 0;
	}
	if (in4_parse_prefix(value, &addr, &prefixlen) || prefixlen < 1) {
		ic_mode = IC_OFF;
		pr_err("ip=%s: expected ip=dhcp, ip=off or ip=A.B.C.D/N with N in 1..32; "
		       "no IPv4 configuration (as ip=off)\n", value);
		return -EINVAL;
	}
	ic_mode = IC_STATIC;
	ic_addr = addr;
	ic_prefixlen = prefixlen;
	return 0;
}
CMDLINE_PARAM(ip, "ip", ip_param,
	      "dhcp | off | A.B.C.D/N: IPv4 address of the first Ethernet device "
	      "(default dhcp; off or none: no address, no DHCP)");

static int gw_param(const char *value)
{
	if (in4_parse(value, &ic_gw)) {
		pr_err("gw=%s: expected gw=A.B.C.D\n", value);
		return -EINVAL;
	}
	return 0;
}
CMDLINE_PARAM(gw, "gw", gw_param, "A.B.C.D: default gateway (with ip=A.B.C.D/N)");

static int route_param(const char *value)
{
	const char *comma = strchr(value, ',');
	struct ic_route r;
	char net[20];

	if (!comma || (size_t)(comma - value) >= sizeof(net))
		goto bad;
	memcpy(net, value, comma - value);
	net[comma - value] = '\0';
	if (in4_parse_prefix(net, &r.dst, &r.prefixlen) || in4_parse(comma + 1, &r.gw))
		goto bad;
	if (ic_nroutes == IC_ROUTES_MAX) {
		pr_err("route=%s: at most %d routes\n", value, IC_ROUTES_MAX);
		return -ENOSPC;
	}
	ic_routes[ic_nroutes++] = r;
	return 0;
bad:
	pr_err("route=%s: expected route=NET/N,GW\n", value);
	return -EINVAL;
}
CMDLINE_PARAM(route, "route", route_param, "NET/N,GW: a static route (repeatable)");

static int dhcp_fallback_param(const char *value)
{
	const char *comma = strchr(value, ',');
	struct dhcp_fallback fb = { 0 };
	char net[20];
	size_t n = comma ? (size_t)(comma - value) : strlen(value);

	if (n >= sizeof(net))
		goto bad;
	memcpy(net, value, n);
	net[n] = '\0';
	if (in4_parse_prefix(net, &fb.addr, &fb.prefixlen) || fb.prefixlen < 1 ||
	    (comma && in4_parse(comma + 1, &fb.gw)))
		goto bad;
	ic_fallback = fb;
	return 0;
bad:
	pr_err("dhcp_fallback=%s: expected dhcp_fallback=A.B.C.D/N[,GW] with N in 1..32\n", value);
	return -EINVAL;
}
CMDLINE_PARAM(dhcp_fallback, "dhcp_fallback", dhcp_fallback_param,
	      "A.B.C.D/N[,GW]: address when no DHCP server answers (default link-local)");

/* key names the command-line word, for the error message. */
static void ic_add_route(struct net_device *dev, const struct ic_route *r, const char *key)
{
	int err = fib_add_route(r->dst, r->prefixlen, r->gw, dev, RTPROT_BOOT, 0);

	if (err == -EINVAL)
		pr_err("%s%pI4: gateway not on %s's subnet; route not added\n",
		       key, &r->gw, dev->name);
	else if (err)
		pr_err("%s%pI4: route not added: %d\n", key, &r->gw, err);
}

static void ic_apply(struct net_device *dev)
{
	struct ic_route def = { 0, 0, ic_gw };
	int i;

	if (inet_set_ifa(dev, ic_addr, ic_prefixlen)) {
		pr_err("ip=%pI4/%d: not a usable host address\n", &ic_addr, ic_prefixlen);
		return;
	}
	pr_info("ipconfig: %s: %pI4/%d\n", dev->name, &ic_addr, ic_prefixlen);
	if (ic_gw)
		ic_add_route(dev, &def, "gw=");
	for (i = 0; i < ic_nroutes; i++) {
		char key[48];

		snprintf(key, sizeof(key), "route=%pI4/%d,", &ic_routes[i].dst,
			 ic_routes[i].prefixlen);
		ic_add_route(dev, &ic_routes[i], key);
	}
}

/* ip=dhcp, or no ip= at all: the client runs in its own thread, so the
 * boot does not wait for a server. */
static void ic_dhcp(struct net_device *dev)
{
	int err;

	if (!dev) {
		if (ic_mode == IC_DHCP)
			pr_err("ip=dhcp: no Ethernet device to configure\n");
		return;
	}
	if (ic_gw || ic_nroutes)
		pr_warn("ipconfig: gw= and route= go with ip=A.B.C.D/N; with DHCP the router "
			"option sets the default route (dhcp_fallback=A.B.C.D/N,GW for the fallback)\n");
	err = dhcp_start(dev, &ic_fallback);
	if (err)
		pr_err("dhcp: %s: client not started: %d\n", dev->name, err);
}

void ip_auto_config(void)
{
	struct net_device *dev, *first = NULL;
	int i, err;

	for_each_netdev(i, dev) {
		if (dev->type != ARPHRD_ETHER)
			continue;
		err = dev_open(dev);
		if (err) {
			pr_err("ipconfig: %s: cannot bring it up: %d\n", dev->name, err);
			continue;
		}
		if (!first)
			first = dev;
	}
	if (ic_mode == IC_OFF) {
		dhcp_set_disabled("ip=off");
		pr_info("ipconfig: ip=off: no IPv4 address configured, no DHCP\n");
		return;
	}
	if (ic_mode != IC_STATIC) {
		ic_dhcp(first);
		return;
	}
	dhcp_set_disabled("ip= gives a static address");
	if (!first) {
		pr_err("ip=%pI4/%d: no Ethernet device to configure\n", &ic_addr, ic_prefixlen);
		return;
	}
	ic_apply(first);
}
