/* ARP, the kernel side: arp_rcv (the ETH_P_ARP handler), the cache lock
 * and its one timer, requests, replies and gratuitous announcements,
 * neigh_output_ip for the IP output path, device events, and the shell's
 * `arp` and `ip neigh`. The rules themselves are arp_process.c and
 * neighbour.c. Everything runs in softirq context or with bottom halves
 * off, under arp_tbl.lock. */
#include "net/ipv4/arp.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/route.h"
#include "net/core/netdevice.h"
#include "arch/x86_64/cpu.h"
#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/softirq.h"
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

/* Linux's defaults, except unres_qlen (Linux now counts bytes). */
static struct neigh_parms arp_parms = {
	.base_reachable_time_ms = 30000,
	.retrans_time_ms = 1000,
	.delay_first_probe_time = 5,
	.gc_stale_time = 60,
	.mcast_solicit = 3,
	.ucast_solicit = 3,
	.unres_qlen = 3,
	.locktime = 100,
	.gc_thresh3 = 256,
};

#define NEIGH_SYSCTL(id, field, lo, hi, help)					\
	SYSCTL_INT_ENTRY(neigh_##id, "net.ipv4.neigh.default." #field,		\
			 &arp_parms.field, lo, hi, help)

NEIGH_SYSCTL(reach, base_reachable_time_ms, 1000, 3600000,
	     "ms an entry stays REACHABLE after a confirmation");
NEIGH_SYSCTL(retrans, retrans_time_ms, 100, 60000, "ms between ARP requests for one address");
NEIGH_SYSCTL(delay, delay_first_probe_time, 1, 60, "s in DELAY before unicast probes");
NEIGH_SYSCTL(stale, gc_stale_time, 1, 3600, "s before an idle STALE/FAILED entry is removed");
NEIGH_SYSCTL(mcast, mcast_solicit, 1, 10, "broadcast requests before FAILED");
NEIGH_SYSCTL(ucast, ucast_solicit, 1, 10, "unicast probes before FAILED");
NEIGH_SYSCTL(qlen, unres_qlen, 1, 64, "packets queued per unresolved address");
NEIGH_SYSCTL(lock, locktime, 0, 6000, "1/100 s before a new address replaces a known one");
NEIGH_SYSCTL(gc3, gc_thresh3, 16, 4096, "ARP cache entries at most");

static struct neigh_table arp_tbl;
static struct arp_stats arp_stats[NR_CPUS];
static struct timer_list arp_timer;
static struct packet_type arp_packet_type;
static struct arp_probe *arp_probes[ARP_PROBE_MAX];	/* under arp_tbl.lock */

static struct arp_stats *this_arp_stats(void)
{
	return &arp_stats[smp_processor_id()];
}

/* Bottom halves off: the table is used from softirq and from threads. */
static void arp_lock(void)
{
	local_bh_disable();
	spin_lock(&arp_tbl.lock);
}

static void arp_unlock(void)
{
	spin_unlock(&arp_tbl.lock);
	local_bh_enable();
}

/* Make the timer fire by `when`. Caller holds the lock. */
static void arp_timer_kick(u64 when)
{
	if (!timer_pending(&arp_timer) || time_before(when, arp_timer.expires))
		mod_timer(&arp_timer, when);
}

/* --- sending --- */

static struct sk_buff *arp_create(int type, __be32 dest_ip, struct net_device *dev,
				  __be32 src_ip, const u8 *dest_hw, const u8 *src_hw,
				  const u8 *target_hw)
{
	struct sk_buff *skb;
	struct arphdr *ah;
	u8 *p;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ETH_ZLEN, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	/* Padded to the Ethernet minimum here, whatever the NIC does. */
	p = skb_put_zero(skb, ETH_ZLEN - ETH_HLEN);
	ah = (struct arphdr *)p;
	ah->ar_hrd = htons(ARPHRD_ETHER_WIRE);
	ah->ar_pro = htons(ETH_P_IP);
	ah->ar_hln = ETH_ALEN;
	ah->ar_pln = 4;
	ah->ar_op = htons(type);
	memcpy(p + ARP_SHA_OFF, src_hw ? src_hw : dev->dev_addr, ETH_ALEN);
	memcpy(p + ARP_SIP_OFF, &src_ip, 4);
	if (target_hw)
		memcpy(p + ARP_THA_OFF, target_hw, ETH_ALEN);
	memcpy(p + ARP_TIP_OFF, &dest_ip, 4);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_ARP);
	skb_reset_network_header(skb);
	dev_hard_header(skb, dev, ETH_P_ARP, dest_hw ? dest_hw : dev->broadcast,
			src_hw, skb->len);
	return skb;
}

void arp_send(int type, int ptype, __be32 dest_ip, struct net_device *dev,
	      __be32 src_ip, const u8 *dest_hw, const u8 *src_hw,
	      const u8 *target_hw)
{
	struct sk_buff *skb;

	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK) || ptype != ETH_P_ARP)
		return;
	skb = arp_create(type, dest_ip, dev, src_ip, dest_hw, src_hw, target_hw);
	/* Threads send too (the shell's ping resolving): one-instruction adds. */
	if (!skb) {
		snmp_add(&this_arp_stats()->out_failed, 1);
		return;
	}
	if (type == ARPOP_REQUEST)
		snmp_add(&this_arp_stats()->out_requests, 1);
	else
		snmp_add(&this_arp_stats()->out_replies, 1);
	dev_queue_xmit(skb);
}

/* A request from the neighbour layer: broadcast, or unicast (PROBE). */
static void arp_solicit(const struct neigh_solicit *s)
{
	arp_send(ARPOP_REQUEST, ETH_P_ARP, s->target, s->dev, inet_select_addr(s->dev),
		 s->unicast ? s->ha : NULL, NULL, NULL);
}

/* Carry out what the cache decided, with the lock dropped. */
static void arp_run_work(struct neigh_work *w)
{
	struct sk_buff *skb;
	int i;

	while ((skb = __skb_dequeue(&w->xmit)) != NULL) {
		dev_hard_header(skb, skb->dev, ntohs(skb->protocol),
				NEIGH_CB(skb)->ha, NULL, skb->len);
		dev_queue_xmit(skb);
	}
	for (i = 0; i < w->nsolicit; i++)
		arp_solicit(&w->solicit[i]);
}

void arp_send_garp(struct net_device *dev)
{
	__be32 addr = inet_select_addr(dev);

	if (!addr || !netif_running(dev) || !netif_carrier_ok(dev) ||
	    (dev->flags & (IFF_NOARP | IFF_LOOPBACK)))
		return;
	snmp_add(&this_arp_stats()->out_garp, 1);
	arp_send(ARPOP_REQUEST, ETH_P_ARP, addr, dev, addr, NULL, NULL, NULL);
}

/* --- IP output --- */

/* Broadcast and multicast destinations need no resolution [RFC 1112 §6.4]. */
static bool arp_mc_map(__be32 addr, struct net_device *dev, u8 *ha)
{
	u32 a = ntohl(addr);

	if (ipv4_is_lbcast(addr) || (addr && addr == inet_dev_broadcast(dev))) {
		memcpy(ha, dev->broadcast, ETH_ALEN);
		return true;
	}
	if (!ipv4_is_multicast(addr))
		return false;
	ha[0] = 0x01;
	ha[1] = 0x00;
	ha[2] = 0x5e;
	ha[3] = (a >> 16) & 0x7f;
	ha[4] = (a >> 8) & 0xff;
	ha[5] = a & 0xff;
	return true;
}

static int neigh_direct_output(struct net_device *dev, struct sk_buff *skb,
			       const u8 *ha)
{
	dev_hard_header(skb, dev, ETH_P_IP, ha, NULL, skb->len);
	dev_queue_xmit(skb);
	return 0;
}

int neigh_output_ip(struct net_device *dev, struct sk_buff *skb, __be32 nexthop)
{
	struct neigh_work w;
	struct neighbour *n;
	u8 ha[ETH_ALEN];
	u64 when, now;

	skb->dev = dev;
	skb->protocol = htons(ETH_P_IP);
	if (dev->flags & (IFF_LOOPBACK | IFF_NOARP))
		return neigh_direct_output(dev, skb, NULL);
	if (arp_mc_map(nexthop, dev, ha))
		return neigh_direct_output(dev, skb, ha);

	neigh_work_init(&w);
	arp_lock();
	now = jiffies;
	n = neigh_lookup(&arp_tbl, nexthop, dev);
	if (!n)
		n = neigh_create(&arp_tbl, nexthop, dev, now);
	if (!n) {
		arp_unlock();
		kfree_skb(skb);
		return -ENOBUFS;
	}
	neigh_resolve_output(&arp_tbl, n, skb, now, &w);
	if (neigh_deadline(&arp_tbl, n, &when))
		arp_timer_kick(when);
	arp_unlock();
	arp_run_work(&w);
	return 0;
}

/* --- receive --- */

static void arp_conflict(struct net_device *dev, const struct arp_msg *m)
{
	pr_warn_ratelimited("arp: address conflict: %pI4 is also used by %pM (on %s)\n",
			    &m->sip, m->sha, dev->name);
}

static void arp_handle(struct net_device *dev, const struct arp_msg *m, bool pkt_host)
{
	struct arp_ctx ctx = {
		.dev = dev,
		.dev_hw = dev->dev_addr,
		.dev_addr = inet_select_addr(dev),
		.dev_bcast = inet_dev_broadcast(dev),
		.pkt_host = pkt_host,
	};
	enum arp_action act;
	struct neigh_work w;

	neigh_work_init(&w);
	arp_lock();
	act = arp_process(&arp_tbl, m, &ctx, jiffies, &w, this_arp_stats());
	/* New entries age from here; the timer finds their exact deadline. */
	if (arp_tbl.entries)
		arp_timer_kick(jiffies + HZ);
	arp_unlock();
	arp_run_work(&w);

	if (act == ARP_ACT_REPLY)
		arp_send(ARPOP_REPLY, ETH_P_ARP, m->sip, dev, m->tip, m->sha,
			 dev->dev_addr, m->sha);
	else if (act == ARP_ACT_CONFLICT)
		arp_conflict(dev, m);
}

/* --- RFC 5227 probes --- */

int arp_probe_start(struct arp_probe *p)
{
	int i, err = -ENOSPC;

	p->conflict = false;
	arp_lock();
	for (i = 0; i < ARP_PROBE_MAX; i++) {
		if (!arp_probes[i]) {
			arp_probes[i] = p;
			err = 0;
			break;
		}
	}
	arp_unlock();
	return err;
}

void arp_probe_stop(struct arp_probe *p)
{
	int i;

	arp_lock();
	for (i = 0; i < ARP_PROBE_MAX; i++)
		if (arp_probes[i] == p)
			arp_probes[i] = NULL;
	arp_unlock();
}

/* [RFC 5227 §2.1.1] sender IP 0 so no cache learns a binding for an
 * address we may not get; target hardware address zero. */
void arp_probe_send(const struct arp_probe *p)
{
	arp_send(ARPOP_REQUEST, ETH_P_ARP, p->addr, p->dev, 0, NULL, NULL, NULL);
}

/* Does m show a watched address in use, or probed by someone else? */
static void arp_probe_check(struct net_device *dev, const struct arp_msg *m)
{
	struct arp_probe *p;
	int i;

	arp_lock();
	for (i = 0; i < ARP_PROBE_MAX; i++) {
		p = arp_probes[i];
		/* Our own frames (a probe or announcement looped back, or
		 * reflected by a switch) are no conflict. */
		if (!p || p->dev != dev || !memcmp(m->sha, dev->dev_addr, ETH_ALEN))
			continue;
		if (m->sip == p->addr || (!m->sip && m->tip == p->addr)) {
			memcpy(p->sha, m->sha, ETH_ALEN);
			WRITE_ONCE(p->conflict, true);
		}
	}
	arp_unlock();
}

static enum arp_drop_reason arp_rcv_check(struct sk_buff *skb, struct net_device *dev,
					  struct arp_msg *m)
{
	if (dev->flags & (IFF_NOARP | IFF_LOOPBACK))
		return ARP_DROP_NOARP_DEV;
	if (skb->pkt_type == PACKET_OTHERHOST)
		return ARP_DROP_OTHERHOST;
	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, ARP_ETH_IP_LEN)))
		return ARP_DROP_NOMEM;
	return arp_parse(skb->data, skb_headlen(skb), m);
}

static int arp_rcv(struct sk_buff *skb, struct net_device *dev,
		   struct packet_type *pt, struct net_device *orig_dev)
{
	enum arp_drop_reason why;
	struct arp_msg m;
	bool pkt_host;

	/* pskb_may_pull may linearise: not on an skb a tap also holds. */
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb) {
		this_arp_stats()->drops[ARP_DROP_NOMEM]++;
		return NET_RX_DROP;
	}
	why = arp_rcv_check(skb, dev, &m);
	if (why) {
		this_arp_stats()->drops[why]++;
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	pkt_host = skb->pkt_type == PACKET_HOST;
	consume_skb(skb);
	arp_probe_check(dev, &m);
	arp_handle(dev, &m, pkt_host);
	return NET_RX_SUCCESS;
}

/* --- timer and device events --- */

static void arp_timer_fn(struct timer_list *t)
{
	struct neigh_work w;
	u64 next, now;

	neigh_work_init(&w);
	arp_lock();
	now = jiffies;
	if (neigh_timer_run(&arp_tbl, now, &w, &next))
		mod_timer(&arp_timer, time_after(next, now) ? next : now + 1);
	arp_unlock();
	arp_run_work(&w);
}

static void arp_flush(struct net_device *dev, bool keep_permanent)
{
	arp_lock();
	neigh_flush_dev(&arp_tbl, dev, keep_permanent);
	arp_unlock();
}

static int arp_netdev_event(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	switch (event) {
	case NETDEV_UP:
		arp_send_garp(dev);
		break;
	case NETDEV_CHANGE:
		/* Carrier back: announce; carrier lost: peers may change. */
		if (netif_carrier_ok(dev))
			arp_send_garp(dev);
		else
			arp_flush(dev, true);
		break;
	case NETDEV_DOWN:
	case NETDEV_UNREGISTER:
		arp_flush(dev, false);
		break;
	}
	return NOTIFY_DONE;
}

/* After devinet's notifier, so a device's address exists before UP. */
static struct notifier_block arp_netdev_notifier = {
	.notifier_call = arp_netdev_event,
	.priority = -10,
};

/* --- shell --- */

#define ARP_SHOW_MAX	4096

static struct neigh_info *arp_snapshot(int *count)
{
	struct neigh_info *info = kcalloc(ARP_SHOW_MAX, sizeof(*info), GFP_KERNEL);

	if (!info)
		return NULL;
	arp_lock();
	*count = neigh_snapshot(&arp_tbl, info, ARP_SHOW_MAX);
	arp_unlock();
	return info;
}

/* net-tools `arp -n`, plus the NUD state after the interface. */
static void arp_show_entry(const struct neigh_info *e)
{
	char ip[16], mac[MAC_STR_LEN];
	const char *flags = e->nud_state & NUD_PERMANENT ? "CM" :
			    e->nud_state & NUD_VALID ? "C" : "";

	snprintf(ip, sizeof(ip), "%pI4", &e->ip);
	if (e->nud_state & NUD_VALID)
		kprintf("%-23.23s  %-8.8s%-20.20s", ip, "ether", mac_to_str(e->ha, mac));
	else
		kprintf("%-23.23s  %-8.8s%-20.20s", ip, "", "(incomplete)");
	kprintf("%-6.6s%-15.15s %-8s %s\n", flags, "", e->dev->name,
		neigh_state_name(e->nud_state));
}

static_assert(sizeof(struct arp_stats) % sizeof(u64) == 0, "arp_stats is all u64");

static void arp_show_stats(void)
{
	const struct neigh_statistics *s = &arp_tbl.stats;
	struct arp_stats sum = { { 0 } };
	int cpu, i;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		const u64 *src = (const u64 *)&arp_stats[cpu];
		u64 *dst = (u64 *)&sum;

		for (i = 0; i < (int)(sizeof(sum) / sizeof(u64)); i++)
			dst[i] += src[i];
	}
	kprintf("arp_cache: entries %d allocs %lu destroys %lu lookups %lu hits %lu "
		"res_failed %lu rcv_probes_mcast %lu rcv_probes_ucast %lu "
		"periodic_gc_runs %lu forced_gc_runs %lu unresolved_discards %lu "
		"table_fulls %lu\n", arp_tbl.entries, s->allocs, s->destroys,
		s->lookups, s->hits, s->res_failed, s->rcv_probes_mcast,
		s->rcv_probes_ucast, s->periodic_gc_runs, s->forced_gc_runs,
		s->unres_discards, s->table_fulls);
	kprintf("arp: rcv_requests %lu rcv_replies %lu rcv_garp %lu rcv_dad_probes %lu "
		"not_for_us %lu out_requests %lu out_replies %lu out_garp %lu out_failed %lu\n",
		sum.rcv_requests, sum.rcv_replies, sum.rcv_garp, sum.rcv_dad_probes,
		sum.not_for_us, sum.out_requests, sum.out_replies, sum.out_garp,
		sum.out_failed);
	kprintf("arp drops:");
	for (i = 1; i < ARP_DROP_MAX; i++)
		kprintf(" %s %lu", arp_drop_names[i], sum.drops[i]);
	kprintf("\n");
}

static int arp_show(bool verbose)
{
	struct neigh_info *info;
	int n, i;

	info = arp_snapshot(&n);
	if (!info)
		return -ENOMEM;
	kprintf("Address                  HWtype  HWaddress           Flags Mask            Iface    State\n");
	for (i = 0; i < n; i++)
		arp_show_entry(&info[i]);
	kfree(info);
	if (verbose) {
		kprintf("Entries: %d\tSkipped: 0\tFound: %d\n", n, n);
		arp_show_stats();
	}
	return 0;
}

/* arp -d ADDR: every device's entry for ADDR. */
static int arp_delete(const char *arg)
{
	struct net_device *dev;
	__be32 ip;
	int i, found = 0;

	if (in4_parse(arg, &ip))
		return -EINVAL;
	arp_lock();
	for_each_netdev(i, dev)
		found += neigh_delete(&arp_tbl, ip, dev) == 0;
	arp_unlock();
	if (!found) {
		kprintf("No ARP entry for %s\n", arg);
		return -ENOENT;
	}
	return 0;
}

static int parse_mac(const char *s, u8 *mac)
{
	unsigned int i, v;
	int d;

	for (i = 0; i < ETH_ALEN; i++, s += 3) {
		v = 0;
		for (d = 0; d < 2; d++) {
			char c = s[d];

			if (c >= '0' && c <= '9')
				v = v * 16 + c - '0';
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				v = v * 16 + (c | 0x20) - 'a' + 10;
			else
				return -EINVAL;
		}
		mac[i] = v;
		if (s[2] != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
	}
	return 0;
}

/* arp -s ADDR MAC [dev]: a PERMANENT entry (on the route's device). */
static int arp_set(const char *addr, const char *macs, const char *devname)
{
	struct net_device *dev = NULL;
	struct neigh_work w;
	struct neighbour *n;
	u8 mac[ETH_ALEN];
	__be32 ip, nh, src;
	int err;

	if (in4_parse(addr, &ip) || parse_mac(macs, mac) || !is_valid_ether_addr(mac))
		return -EINVAL;
	if (devname)
		dev = dev_get_by_name(devname);
	else if (ip_route_output(ip, &nh, &dev, &src) || nh != ip)
		dev = NULL;	/* no route, or only through a gateway */
	if (!dev || (dev->flags & (IFF_LOOPBACK | IFF_NOARP))) {
		kprintf("arp: %s: no Ethernet device for it\n", addr);
		return -ENETUNREACH;
	}
	neigh_work_init(&w);
	arp_lock();
	n = neigh_lookup(&arp_tbl, ip, dev);
	if (!n)
		n = neigh_create(&arp_tbl, ip, dev, jiffies);
	err = n ? neigh_update(&arp_tbl, n, mac, NUD_PERMANENT, NEIGH_UPDATE_F_ADMIN |
			       NEIGH_UPDATE_F_OVERRIDE, jiffies, &w) : -ENOBUFS;
	arp_unlock();
	arp_run_work(&w);
	return err;
}

static int arp_cmd(int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && (!strcmp(argv[1], "-n") || !strcmp(argv[1], "-a"))))
		return arp_show(false);
	if (argc == 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-nv")))
		return arp_show(true);
	if (argc == 3 && !strcmp(argv[1], "-d"))
		return arp_delete(argv[2]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "-s"))
		return arp_set(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
	kprintf("usage: arp [-n] | arp -v | arp -d ADDR | arp -s ADDR MAC [DEV]\n");
	return -EINVAL;
}
SHELL_COMMAND(arp, "arp", arp_cmd,
	      "[-n|-v] | -d ADDR | -s ADDR MAC [DEV]: the ARP cache and its counters");

/* `ip neigh`: iproute2's format. */
static int ip_neigh_cmd(int argc, char **argv)
{
	struct neigh_info *info;
	char mac[MAC_STR_LEN];
	int n, i;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "show")))
		return -EINVAL;
	info = arp_snapshot(&n);
	if (!info)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		kprintf("%pI4 dev %s ", &info[i].ip, info[i].dev->name);
		if (info[i].nud_state & NUD_VALID)
			kprintf("lladdr %s ", mac_to_str(info[i].ha, mac));
		kprintf("%s\n", neigh_state_name(info[i].nud_state));
	}
	kfree(info);
	return 0;
}

void arp_init(void)
{
	neigh_table_init(&arp_tbl, &arp_parms, (u32)rdtsc());
	timer_setup(&arp_timer, arp_timer_fn, 0);
	arp_packet_type.type = htons(ETH_P_ARP);
	arp_packet_type.func = arp_rcv;
	if (dev_add_pack(&arp_packet_type))
		pr_err("arp: cannot register ETH_P_ARP\n");
	if (register_netdevice_notifier(&arp_netdev_notifier))
		pr_err("arp: cannot register the device notifier\n");
	if (ip_cmd_register("neigh", ip_neigh_cmd))
		pr_err("arp: cannot register `ip neigh`\n");
}
