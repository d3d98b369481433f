/* The DHCP client, kernel side: one thread per client (one client, on
 * the first Ethernet device), a UDP socket on port 68 for everything
 * received and for unicast renewals, and broadcasts built here and put
 * on the device directly, as Linux's ipconfig does, because before an
 * address exists there is no route and no source for ip_output. It
 * carries out what dhcp_fsm.c decides: sending, the ARP check of an
 * offered address [RFC 2131 §4.4.1, RFC 5227], configuring the lease
 * through devinet/route, and the fallback when no server answers (a
 * static `dhcp_fallback=` address, else RFC 3927 link-local). Also the
 * `dhcp [release|renew]` shell command and the net.ipv4.dhcp_fallback_time
 * sysctl. */
#include "net/ipv4/dhcp.h"
#include "net/ipv4/arp.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "net/ipv4/udp.h"
#include "net/core/netdevice.h"
#include "net/socket.h"
#include "kernel/printk.h"
#include "kernel/mm/slab.h"
#include "kernel/random.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/spinlock.h"
#include "kernel/sysctl.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "lib/checksum.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Sent as option 12 so the server's lease table names us. */
#define DHCP_HOSTNAME		"napkin"
/* The first DISCOVER waits up to this (ms): RFC 2131 §4.4.1 suggests
 * 1-10 s to desynchronise a rack booting at once; napkin boots alone and
 * DHCP runs beside the rest of the boot, so less is enough. */
#define DHCP_INITIAL_DELAY_MS	500
/* The ARP check [RFC 5227 §1.1 constants]: a random 0..PROBE_WAIT wait,
 * PROBE_NUM probes PROBE_MIN..PROBE_MAX apart, the verdict ANNOUNCE_WAIT
 * after the last: 4 to 7 s per address. */
#define PROBE_WAIT_MS		1000
#define PROBE_NUM		3
#define PROBE_MIN_MS		1000
#define PROBE_MAX_MS		2000
#define ANNOUNCE_WAIT_MS	2000
/* A conflict ends the wait early: it is looked at this often. */
#define DHCP_PROBE_TICK_MS	100
/* Link-local candidates probed per fallback round (4-7 s each; DHCP
 * replies are read between them). A round that finds none free ends;
 * the next starts net.ipv4.dhcp_fallback_time later with the following
 * candidates, which with the default 60 s is RFC 3927 §9's
 * RATE_LIMIT_INTERVAL after its MAX_CONFLICTS. */
#define DHCP_LL_ROUND_TRIES	3
/* Datagrams read per wake-up before the timers get their turn. */
#define DHCP_RX_BUDGET		16
/* `dhcp release`/`renew` queued for the thread at most (in order). */
#define DHCP_CMD_QUEUE		4

static int sysctl_dhcp_fallback_time = 60;
SYSCTL_INT_ENTRY(dhcp_fallback, "net.ipv4.dhcp_fallback_time", &sysctl_dhcp_fallback_time,
		 0, 3600, "s without a DHCP lease (since boot or since the lease was lost) "
		 "before the fallback address applies; 0: never. Read when the client wakes "
		 "(a DHCP message, a timer such as the next DISCOVER, a `dhcp` command): "
		 "a change takes effect from then");

/* Failure messages (NAK, no ACK) at most this often: a refusing server
 * already meets a growing backoff, the log should not fill meanwhile. */
static DEFINE_RATELIMIT_STATE(dhcp_fail_rs, 60 * HZ, 5);

enum { DHCP_CMD_NONE, DHCP_CMD_RELEASE, DHCP_CMD_RENEW };

/* Why no client runs (ipconfig says), for the `dhcp` command. */
static const char *dhcp_disabled_why = "no Ethernet device";

void dhcp_set_disabled(const char *why)
{
	dhcp_disabled_why = why;
}

struct dhcp_client {
	struct net_device *dev;
	struct dhcp_fallback fb;
	int fd;
	spinlock_t lock;		/* fsm and the fields below, for the shell */
	struct dhcp_fsm fsm;
	__be32 cfg_addr;		/* what is configured now (0: nothing) */
	int cfg_plen;
	__be32 cfg_router;
	bool fallback_on;		/* cfg_* is the fallback, not a lease */
	u32 ll_next;			/* the next link-local candidate number */
	/* From the shell to the thread, in order; ncmds wakes its poll. */
	u8 cmds[DHCP_CMD_QUEUE];
	int ncmds;
	wait_queue_head_t cmd_wq;
	u8 rxbuf[DHCP_MAX_MSG_LEN + 1];
	u8 txbuf[DHCP_MAX_MSG_LEN];
};

static struct dhcp_client *dhcp_client;

static void dhcp_lock(struct dhcp_client *c)
{
	spin_lock(&c->lock);
}

static void dhcp_unlock(struct dhcp_client *c)
{
	spin_unlock(&c->lock);
}

/* --- transmit --- */

/*
 * A broadcast from saddr:68 to 255.255.255.255:67 (Linux's
 * ic_bootp_send_if): the UDP and IP headers made here, the frame to the
 * Ethernet broadcast address. Bypasses routing and the output hooks.
 */
static int dhcp_xmit_broadcast(struct net_device *dev, const void *msg,
			       unsigned int len, __be32 saddr)
{
	unsigned int ulen = UDP_HLEN + len;
	__be32 daddr = htonl(INADDR_BROADCAST);
	struct sk_buff *skb;
	struct udphdr *uh;
	struct iphdr *iph;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + sizeof(*iph) + ulen, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_RESERVED_SPACE(dev) + sizeof(*iph));
	uh = skb_put(skb, ulen);
	memcpy(uh + 1, msg, len);
	uh->source = htons(DHCP_CLIENT_PORT);
	uh->dest = htons(DHCP_SERVER_PORT);
	uh->len = htons(ulen);
	uh->check = 0;
	uh->check = csum_tcpudp_magic(saddr, daddr, ulen, IPPROTO_UDP,
				      csum_partial(uh, ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb_reset_transport_header(skb);
	iph = skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	memset(iph, 0, sizeof(*iph));
	iph->version = IPVERSION;
	iph->ihl = sizeof(*iph) / 4;
	iph->tot_len = htons(skb->len);
	iph->id = htons((u16)get_random_u32());
	iph->ttl = IPDEFTTL;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = saddr;
	iph->daddr = daddr;
	ip_send_check(iph);
	skb->ip_summed = CHECKSUM_NONE;
	return neigh_output_ip(dev, skb, daddr);
}

/* RENEWING: to the server that granted the lease, through the stack. */
static int dhcp_xmit_unicast(struct dhcp_client *c, const void *msg, unsigned int len,
			     __be32 server)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_SERVER_PORT),
		.sin_addr.s_addr = server,
	};
	ssize_t n = sendto(c->fd, msg, len, MSG_DONTWAIT, (struct sockaddr *)&to, sizeof(to));

	return n < 0 ? (int)n : 0;
}

static void dhcp_count_sent(struct dhcp_counters *cnt, u8 type)
{
	if (type == DHCPDISCOVER)
		cnt->discovers++;
	else if (type == DHCPREQUEST)
		cnt->requests++;
	else if (type == DHCPDECLINE)
		cnt->declines++;
	else if (type == DHCPRELEASE)
		cnt->releases++;
}

static void dhcp_send(struct dhcp_client *c, const struct dhcp_action *a)
{
	struct dhcp_req r;
	__be32 server;
	int len, err;

	dhcp_lock(c);
	dhcp_fsm_fill_req(&c->fsm, a->send, jiffies, &r);
	dhcp_count_sent(&c->fsm.cnt, a->send);
	server = c->fsm.lease.server_id;
	dhcp_unlock(c);
	r.hostname = DHCP_HOSTNAME;
	len = dhcp_build(c->txbuf, sizeof(c->txbuf), &r);
	if (len < 0) {
		pr_err("dhcp: %s: cannot build a %s: %d\n", c->dev->name,
		       dhcp_type_name(a->send), len);
		return;
	}
	if (a->broadcast)
		err = dhcp_xmit_broadcast(c->dev, c->txbuf, len, r.ciaddr);
	else
		err = dhcp_xmit_unicast(c, c->txbuf, len, server);
	if (err)
		pr_warn_ratelimited("dhcp: %s: %s not sent: %d\n", c->dev->name,
				    dhcp_type_name(a->send), err);
}

/* --- the ARP check --- */

/* A uniformly random wait of lo..hi ms. */
static unsigned int dhcp_rand_ms(unsigned int lo, unsigned int hi)
{
	return lo + get_random_u32() % (hi - lo + 1);
}

/* Sleep ms, or less if the probe sees a conflict: true then. */
static bool dhcp_probe_wait(const struct arp_probe *p, unsigned int ms)
{
	unsigned int step;

	while (ms && !READ_ONCE(p->conflict)) {
		step = min_t(unsigned int, ms, DHCP_PROBE_TICK_MS);
		msleep(step);
		ms -= step;
	}
	return READ_ONCE(p->conflict);
}

/* Probe addr [RFC 5227 §2.1.1]: true if another host answered or probes
 * it too; *who gets its MAC. Sleeps 4 to 7 s when nobody objects. */
static bool dhcp_addr_in_use(struct dhcp_client *c, __be32 addr, u8 *who)
{
	struct arp_probe p = { .dev = c->dev, .addr = addr };
	bool in_use;
	int i;

	if (arp_probe_start(&p)) {
		pr_warn("dhcp: %s: no ARP probe slot; %pI4 used unchecked\n", c->dev->name, &addr);
		return false;
	}
	in_use = dhcp_probe_wait(&p, dhcp_rand_ms(0, PROBE_WAIT_MS));
	for (i = 0; i < PROBE_NUM && !in_use; i++) {
		arp_probe_send(&p);
		in_use = dhcp_probe_wait(&p, i < PROBE_NUM - 1 ?
					 dhcp_rand_ms(PROBE_MIN_MS, PROBE_MAX_MS) :
					 ANNOUNCE_WAIT_MS);
	}
	arp_probe_stop(&p);
	memcpy(who, p.sha, ETH_ALEN);
	return in_use;
}

/* --- configuration --- */

/* Without option 1, the address's class decides, as Linux's ipconfig. */
static int dhcp_prefixlen(const struct dhcp_reply *r)
{
	u32 a = ntohl(r->yiaddr);
	int plen = r->mask ? dhcp_mask_to_prefix(r->mask) : -1;

	if (plen >= 1 && plen <= 32)
		return plen;
	if (r->mask)
		pr_warn("dhcp: subnet mask %pI4 is not contiguous; using the class's\n", &r->mask);
	return a < 0x80000000U ? 8 : a < 0xc0000000U ? 16 : 24;
}

static void dhcp_set_router(struct dhcp_client *c, __be32 router)
{
	int err;

	fib_flush_dev(c->dev, RTPROT_DHCP);
	c->cfg_router = 0;
	if (!router)
		return;
	err = fib_add_route(0, 0, router, c->dev, RTPROT_DHCP, 0);
	if (err)
		pr_warn("dhcp: %s: no default route via %pI4: %d%s\n", c->dev->name, &router,
			err, err == -EINVAL ? " (not on the leased subnet)" : "");
	else
		c->cfg_router = router;
}

static int dhcp_set_addr(struct dhcp_client *c, __be32 addr, int plen)
{
	int err;

	if (c->cfg_addr == addr && c->cfg_plen == plen)
		return 0;
	/* A refused address leaves what is configured (a fallback, its
	 * gateway) as it was. */
	err = inet_set_ifa(c->dev, addr, plen);
	if (err) {
		pr_err("dhcp: %s: cannot set %pI4/%d: %d\n", c->dev->name, &addr, plen, err);
		return err;
	}
	fib_flush_dev(c->dev, RTPROT_DHCP);
	c->cfg_router = 0;
	c->cfg_addr = addr;
	c->cfg_plen = plen;
	return 0;
}

/* The address goes, and with it every route through the device (as
 * Linux's fib_disable_ip when a device loses its last address). */
static void dhcp_unconfigure(struct dhcp_client *c)
{
	inet_clear_ifa(c->dev);
	c->cfg_addr = 0;
	c->cfg_plen = 0;
	c->cfg_router = 0;
	c->fallback_on = false;
}

static void dhcp_print_lease(struct dhcp_client *c, const char *what)
{
	const struct dhcp_reply *l = &c->fsm.lease;
	const struct dhcp_times *t = &c->fsm.times;
	int i;

	pr_info("dhcp: %s: %s %pI4/%d from %pI4", c->dev->name, what, &l->yiaddr,
		c->cfg_plen, &l->server_id);
	if (l->router)
		pr_cont(" router %pI4", &l->router);
	for (i = 0; i < l->ndns; i++)
		pr_cont("%s%pI4", i ? "," : " dns ", &l->dns[i]);
	if (t->lease == DHCP_LEASE_INFINITE)
		pr_cont(" lease infinite\n");
	else
		pr_cont(" lease %us (T1 %us T2 %us)\n", t->lease, t->t1, t->t2);
}

/* -errno if the stack refused the address (e.g. the subnet's broadcast). */
static int dhcp_apply_lease(struct dhcp_client *c, const char *what)
{
	const struct dhcp_reply *l = &c->fsm.lease;
	bool was_fallback = c->fallback_on;
	__be32 old = c->cfg_addr;
	int err;

	err = dhcp_set_addr(c, l->yiaddr, dhcp_prefixlen(l));
	if (err)
		return err;
	c->fallback_on = false;
	if (l->router != c->cfg_router || !c->cfg_router)
		dhcp_set_router(c, l->router);
	dhcp_print_lease(c, what);
	if (was_fallback)
		pr_info("dhcp: %s: the lease replaces the fallback %pI4\n", c->dev->name, &old);
	else if (old && old != l->yiaddr)
		pr_info("dhcp: %s: %pI4 removed\n", c->dev->name, &old);
	return 0;
}

static void dhcp_fallback_static(struct dhcp_client *c)
{
	if (dhcp_set_addr(c, c->fb.addr, c->fb.prefixlen))
		return;
	c->fallback_on = true;
	if (c->fb.gw)
		dhcp_set_router(c, c->fb.gw);
	pr_info("dhcp: %s: fallback %pI4/%d (dhcp_fallback=)%s%pI4; still asking for a lease\n",
		c->dev->name, &c->fb.addr, c->fb.prefixlen, c->fb.gw ? " via " : "",
		c->fb.gw ? &c->fb.gw : &c->fb.addr);
}

static void dhcp_recv_some(struct dhcp_client *c);

/* Still without a lease and wanting the fallback: a reply read between
 * link-local candidates may have started (or finished) an exchange. */
static bool dhcp_fallback_wanted(struct dhcp_client *c)
{
	bool wanted;

	dhcp_lock(c);
	wanted = c->fsm.fallback_active && (c->fsm.state == DHCP_INIT ||
		 c->fsm.state == DHCP_SELECTING || c->fsm.state == DHCP_REQUESTING);
	dhcp_unlock(c);
	return wanted;
}

/* RFC 3927 §2.1-2.2: candidates from the MAC, each ARP-probed, at most
 * DHCP_LL_ROUND_TRIES per round; DHCP replies that came meanwhile are
 * handled between candidates, and a lease ends the round. */
static void dhcp_fallback_linklocal(struct dhcp_client *c)
{
	u8 who[ETH_ALEN];
	__be32 addr;
	int i;

	for (i = 0; i < DHCP_LL_ROUND_TRIES; i++) {
		if (i) {
			dhcp_recv_some(c);
			if (!dhcp_fallback_wanted(c))
				return;
		}
		addr = dhcp_linklocal_addr(c->dev->dev_addr, c->ll_next);
		if (dhcp_addr_in_use(c, addr, who)) {
			pr_info("dhcp: %s: link-local %pI4 is in use by %pM\n", c->dev->name,
				&addr, who);
			c->ll_next++;
			continue;
		}
		dhcp_recv_some(c);	/* a lease that came during the probe wins */
		if (!dhcp_fallback_wanted(c) || dhcp_set_addr(c, addr, 16))
			return;
		c->fallback_on = true;
		pr_info("dhcp: %s: fallback %pI4/16 (link-local); still asking for a lease\n",
			c->dev->name, &addr);
		return;
	}
	dhcp_lock(c);
	dhcp_fsm_fallback_failed(&c->fsm, jiffies);
	dhcp_unlock(c);
	pr_err("dhcp: %s: %d link-local addresses in use; no fallback address, trying "
	       "others in %d s\n", c->dev->name, DHCP_LL_ROUND_TRIES,
	       READ_ONCE(sysctl_dhcp_fallback_time));
}

static void dhcp_fallback(struct dhcp_client *c)
{
	pr_notice("dhcp: %s: no DHCP lease in %d s\n", c->dev->name,
		  READ_ONCE(sysctl_dhcp_fallback_time));
	if (c->fb.prefixlen)
		dhcp_fallback_static(c);
	else
		dhcp_fallback_linklocal(c);
}

/* --- carrying out actions --- */

/* Seconds until INIT's DISCOVER, rounded up. */
static unsigned long dhcp_restart_in(struct dhcp_client *c)
{
	u64 now = jiffies, at = c->fsm.next_retx;

	return time_after(at, now) ? (at - now + HZ - 1) / HZ : 0;
}

static void dhcp_report(struct dhcp_client *c, enum dhcp_event ev, __be32 server)
{
	const char *name = c->dev->name;
	__be32 addr = c->fsm.lease.yiaddr;

	switch (ev) {
	case DHCP_EV_RENEWING:
		pr_info("dhcp: %s: T1: renewing %pI4 with %pI4\n", name, &addr, &server);
		break;
	case DHCP_EV_REBINDING:
		pr_info("dhcp: %s: T2: no answer from %pI4; rebinding %pI4 (broadcast)\n",
			name, &server, &addr);
		break;
	case DHCP_EV_EXPIRED:
		pr_notice("dhcp: %s: lease expired; address and routes removed\n", name);
		break;
	case DHCP_EV_NAK:
		if (__ratelimit(&dhcp_fail_rs))
			pr_notice("dhcp: %s: DHCPNAK from %pI4; starting again in %lu s\n", name,
				  &server, dhcp_restart_in(c));
		break;
	case DHCP_EV_REQUEST_TIMEOUT:
		if (__ratelimit(&dhcp_fail_rs))
			pr_notice("dhcp: %s: no DHCPACK from %pI4; starting again in %lu s\n",
				  name, &server, dhcp_restart_in(c));
		break;
	case DHCP_EV_RELEASED:
		if (addr)
			pr_info("dhcp: %s: released %pI4 to %pI4; stopped until `dhcp renew`\n",
				name, &addr, &server);
		else
			pr_info("dhcp: %s: no lease to release; stopped until `dhcp renew`\n",
				name);
		break;
	default:
		break;
	}
}

static void dhcp_act(struct dhcp_client *c, const struct dhcp_action *a, __be32 server);

/* CHECKING: probe the acknowledged address, then tell the machine. */
static void dhcp_check(struct dhcp_client *c)
{
	struct dhcp_action a;
	__be32 addr, server;
	u8 who[ETH_ALEN];
	bool in_use;

	addr = c->fsm.offer.yiaddr;
	server = c->fsm.offer.server_id;
	in_use = dhcp_addr_in_use(c, addr, who);
	dhcp_lock(c);
	dhcp_fsm_probed(&c->fsm, in_use, jiffies, &a);
	dhcp_unlock(c);
	if (in_use)
		pr_notice("dhcp: %s: %pI4 is in use by %pM; DHCPDECLINE to %pI4\n",
			  c->dev->name, &addr, who, &server);
	dhcp_act(c, &a, server);
}

/* The stack refused the leased address: DECLINE it like one in use. */
static void dhcp_reject(struct dhcp_client *c, int err)
{
	struct dhcp_action a;
	__be32 addr, server;

	dhcp_lock(c);
	addr = c->fsm.lease.yiaddr;
	server = c->fsm.lease.server_id;
	dhcp_fsm_reject(&c->fsm, jiffies, &a);
	dhcp_unlock(c);
	pr_notice("dhcp: %s: %pI4 is not usable here (%d); DHCPDECLINE to %pI4\n",
		  c->dev->name, &addr, err, &server);
	dhcp_act(c, &a, server);
}

static void dhcp_act(struct dhcp_client *c, const struct dhcp_action *a, __be32 server)
{
	int err = 0;

	/* Before unconfiguring: a RELEASE leaves from the leased address. */
	if (a->send)
		dhcp_send(c, a);
	if (a->unconfigure)
		dhcp_unconfigure(c);
	/* After the deed, so that a line in the log means it is done. */
	dhcp_report(c, a->event, server);
	if (a->event == DHCP_EV_LEASE)
		err = dhcp_apply_lease(c, "lease");
	else if (a->event == DHCP_EV_RENEWED)
		err = dhcp_apply_lease(c, "renewed");
	else if (a->event == DHCP_EV_NO_SERVER)
		dhcp_fallback(c);
	if (err)
		dhcp_reject(c, err);
	if (a->probe)
		dhcp_check(c);
}

/* --- receive --- */

static bool dhcp_err_is_foreign(enum dhcp_parse_err err)
{
	/* Another client's answer on a shared link: not malformed. */
	return err == DHCP_ERR_XID || err == DHCP_ERR_CHADDR;
}

/* One datagram from the socket: 0, or -EAGAIN when none is queued. */
static int dhcp_recv_one(struct dhcp_client *c)
{
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	enum dhcp_parse_err err;
	struct dhcp_action a;
	struct dhcp_reply r;
	ssize_t n;

	n = recvfrom(c->fd, c->rxbuf, sizeof(c->rxbuf), MSG_DONTWAIT | MSG_TRUNC,
		     (struct sockaddr *)&from, &fromlen);
	if (n < 0)
		return (int)n;
	dhcp_lock(c);
	if (from.sin_port != htons(DHCP_SERVER_PORT)) {
		c->fsm.cnt.bad_port++;
		dhcp_unlock(c);
		return 0;
	}
	err = n > DHCP_MAX_MSG_LEN ? DHCP_ERR_OVERSIZE :
	      dhcp_parse(c->rxbuf, n, c->fsm.xid, c->fsm.chaddr, &r);
	if (err) {
		c->fsm.cnt.bad[err]++;
		dhcp_unlock(c);
		if (!dhcp_err_is_foreign(err))
			pr_warn_ratelimited("dhcp: %s: dropped a message from %pI4: %s\n",
					    c->dev->name, &from.sin_addr.s_addr,
					    dhcp_parse_err_names[err]);
		return 0;
	}
	dhcp_fsm_rcv(&c->fsm, &r, jiffies, &a);
	dhcp_unlock(c);
	dhcp_act(c, &a, r.server_id);
	return 0;
}

/* Up to DHCP_RX_BUDGET datagrams, so a flood cannot starve the timers. */
static void dhcp_recv_some(struct dhcp_client *c)
{
	int i;

	for (i = 0; i < DHCP_RX_BUDGET; i++)
		if (dhcp_recv_one(c))
			break;
}

/* --- the thread --- */

static int dhcp_socket(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(DHCP_CLIENT_PORT),
	};
	int one = 1, fd, err;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return fd;
	err = setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	if (!err)
		err = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/* The longest poll() timeout in ms (a day); a later deadline is
 * reached in several sleeps. */
#define DHCP_WAIT_MAX_MS	(24 * 3600 * 1000)

/* Milliseconds until the machine's deadline, for poll(): -1 for none
 * (only a datagram or a command wakes the thread then). */
static int dhcp_wait_ms(struct dhcp_client *c)
{
	u64 now = jiffies, deadline;

	dhcp_lock(c);
	deadline = c->fsm.deadline;
	dhcp_unlock(c);
	if (deadline == DHCP_NEVER)
		return -1;
	if (!time_after(deadline, now))
		return 0;
	return (int)min_t(u64, jiffies_to_msecs(deadline - now), DHCP_WAIT_MAX_MS);
}

/* The server an event is about: the offer's while requesting. */
static __be32 dhcp_server(const struct dhcp_fsm *f)
{
	return f->state == DHCP_REQUESTING ? f->offer.server_id : f->lease.server_id;
}

/* The oldest queued command, DHCP_CMD_NONE when none. Under the lock. */
static u8 dhcp_pop_cmd(struct dhcp_client *c)
{
	u8 cmd;

	if (!c->ncmds)
		return DHCP_CMD_NONE;
	cmd = c->cmds[0];
	memmove(c->cmds, c->cmds + 1, c->ncmds - 1);
	WRITE_ONCE(c->ncmds, c->ncmds - 1);
	return cmd;
}

/* One `dhcp release` / `dhcp renew`, carried out here so that only this
 * thread ever configures the device: false when none was queued. */
static bool dhcp_run_cmd(struct dhcp_client *c)
{
	struct dhcp_action a = { 0 };
	__be32 server;
	u8 cmd;

	dhcp_lock(c);
	cmd = dhcp_pop_cmd(c);
	if (cmd == DHCP_CMD_NONE) {
		dhcp_unlock(c);
		return false;
	}
	server = dhcp_server(&c->fsm);
	if (cmd == DHCP_CMD_RELEASE)
		dhcp_fsm_release(&c->fsm, jiffies, &a);
	else if (cmd == DHCP_CMD_RENEW && c->fsm.state == DHCP_STOPPED)
		pr_info("dhcp: %s: asking for an address again\n", c->dev->name);
	if (cmd == DHCP_CMD_RENEW)
		dhcp_fsm_renew(&c->fsm, jiffies);
	dhcp_unlock(c);
	dhcp_act(c, &a, server);
	return true;
}

static int dhcp_thread(void *arg)
{
	struct dhcp_client *c = arg;
	struct pollfd pfd;
	struct dhcp_action a;
	__be32 server;

	for (;;) {
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll_kick(&pfd, 1, dhcp_wait_ms(c), &c->cmd_wq, &c->ncmds) > 0)
			dhcp_recv_some(c);
		while (dhcp_run_cmd(c))
			;
		dhcp_lock(c);
		/* Read at every wake-up: a new value moves the deadline. */
		dhcp_fsm_set_fallback(&c->fsm, (u64)READ_ONCE(sysctl_dhcp_fallback_time) * HZ,
				      jiffies);
		server = dhcp_server(&c->fsm);
		dhcp_fsm_timer(&c->fsm, jiffies, &a);
		dhcp_unlock(c);
		dhcp_act(c, &a, server);
	}
	return 0;
}

int dhcp_start(struct net_device *dev, const struct dhcp_fallback *fb)
{
	struct dhcp_client *c;
	struct task_struct *t;

	if (dhcp_client)
		return -EBUSY;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->dev = dev;
	c->fb = *fb;
	spin_lock_init(&c->lock);
	init_waitqueue_head(&c->cmd_wq);
	c->fd = dhcp_socket();
	if (c->fd < 0) {
		pr_err("dhcp: no socket on port %d: %d\n", DHCP_CLIENT_PORT, c->fd);
		kfree(c);
		return -EADDRINUSE;
	}
	dhcp_fsm_init(&c->fsm, dev->dev_addr, get_random_u32, jiffies,
		      msecs_to_jiffies(get_random_u32() % (DHCP_INITIAL_DELAY_MS + 1)),
		      (u64)READ_ONCE(sysctl_dhcp_fallback_time) * HZ);
	dhcp_client = c;
	t = kthread_run(dhcp_thread, c, "dhcp", SCHED_PRIO_NORMAL);
	if (IS_ERR(t)) {
		pr_err("dhcp: no thread: %ld\n", PTR_ERR(t));
		dhcp_client = NULL;
		close(c->fd);
		kfree(c);
		return PTR_ERR(t);
	}
	pr_info("dhcp: %s: asking for an address (DHCP client on port %d)\n", dev->name,
		DHCP_CLIENT_PORT);
	return 0;
}

/* --- shell --- */

static void dhcp_show_time(const char *name, u64 when, u64 now, u32 total)
{
	if (when == DHCP_NEVER) {
		kprintf(" %s never", name);
		return;
	}
	kprintf(" %s %lus/%us", name, time_after(when, now) ? (when - now) / HZ : 0, total);
}

static void dhcp_show_lease(const struct dhcp_client *c, const struct dhcp_fsm *f)
{
	const struct dhcp_reply *l = &f->lease;
	u64 now = jiffies;
	int i;

	kprintf("  lease %pI4/%d server %pI4 router %pI4\n", &l->yiaddr, c->cfg_plen,
		&l->server_id, &l->router);
	kprintf("  dns");
	for (i = 0; i < l->ndns; i++)
		kprintf(" %pI4", &l->dns[i]);
	kprintf("%s\n", l->ndns ? "" : " none");
	kprintf("  remaining:");
	dhcp_show_time("T1", dhcp_fsm_t1(f), now, f->times.t1);
	dhcp_show_time("T2", dhcp_fsm_t2(f), now, f->times.t2);
	dhcp_show_time("lease", dhcp_fsm_expiry(f), now, f->times.lease);
	kprintf("\n");
}

static void dhcp_show_counters(const struct dhcp_counters *n)
{
	u64 bad = n->bad_port;
	int i;

	for (i = 1; i < DHCP_ERR_MAX; i++)
		if (!dhcp_err_is_foreign(i))
			bad += n->bad[i];
	kprintf("  sent: discovers %lu requests %lu declines %lu releases %lu\n",
		n->discovers, n->requests, n->declines, n->releases);
	kprintf("  received: offers %lu acks %lu naks %lu ignored %lu not_ours %lu bad %lu\n",
		n->offers, n->acks, n->naks, n->ignored,
		n->bad[DHCP_ERR_XID] + n->bad[DHCP_ERR_CHADDR], bad);
	kprintf("  bad:");
	for (i = 1; i < DHCP_ERR_MAX; i++)
		if (!dhcp_err_is_foreign(i))
			kprintf(" %s %lu", dhcp_parse_err_names[i], n->bad[i]);
	kprintf(" wrong_port %lu\n", n->bad_port);
}

/* Queue release/renew for the client's thread and wake it; commands
 * run in the order given, the kernel log reports each outcome. */
static int dhcp_cmd_request(struct dhcp_client *c, const char *what)
{
	u8 cmd = !strcmp(what, "release") ? DHCP_CMD_RELEASE :
		 !strcmp(what, "renew") ? DHCP_CMD_RENEW : DHCP_CMD_NONE;
	bool full;

	if (cmd == DHCP_CMD_NONE) {
		kprintf("usage: dhcp [release|renew]\n");
		return -EINVAL;
	}
	dhcp_lock(c);
	full = c->ncmds == DHCP_CMD_QUEUE;
	if (!full) {
		c->cmds[c->ncmds] = cmd;
		WRITE_ONCE(c->ncmds, c->ncmds + 1);
	}
	dhcp_unlock(c);
	if (full) {
		kprintf("dhcp: %s: %d commands still pending; %s not queued\n", c->dev->name,
			DHCP_CMD_QUEUE, what);
		return -EBUSY;
	}
	wake_up(&c->cmd_wq);
	kprintf("dhcp: %s: %s requested\n", c->dev->name, what);
	return 0;
}

static int dhcp_cmd(int argc, char **argv)
{
	static struct dhcp_fsm f;	/* the shell is one thread */
	struct dhcp_client *c = dhcp_client;
	bool fb;

	if (argc > 2) {
		kprintf("usage: dhcp [release|renew]\n");
		return -EINVAL;
	}
	if (!c) {
		kprintf("dhcp: disabled (%s)\n", dhcp_disabled_why);
		return argc == 2 ? -ENODEV : 0;
	}
	if (argc == 2)
		return dhcp_cmd_request(c, argv[1]);
	dhcp_lock(c);
	f = c->fsm;
	fb = c->fallback_on;
	dhcp_unlock(c);
	kprintf("dhcp: %s state %s xid 0x%08x\n", c->dev->name, dhcp_state_name(f.state), f.xid);
	if (f.state >= DHCP_BOUND && f.state <= DHCP_REBINDING)
		dhcp_show_lease(c, &f);
	else if (f.state == DHCP_STOPPED)
		kprintf("  stopped (`dhcp release`); `dhcp renew` starts again\n");
	else if (fb)
		kprintf("  fallback %pI4/%d (no lease yet)\n", &c->cfg_addr, c->cfg_plen);
	else
		kprintf("  no address yet\n");
	dhcp_show_counters(&f.cnt);
	return 0;
}
SHELL_COMMAND(dhcp, "dhcp", dhcp_cmd,
	      "[release|renew]: the DHCP client's state, lease and counters; release gives the "
	      "lease back and stops, renew renews now (or starts again after release)");
