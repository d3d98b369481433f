/* UDP for IPv4, Linux's net/ipv4/udp.c in small: udp_rcv with the RFC 768
 * / RFC 1122 §4.1.3 checks, the socket hash by local port, RFC 6056
 * ephemeral ports, and udp_prot (bind, connect, sendmsg, recvmsg, close).
 * The fd layer is net/socket.c; buffers and waits are net/sock.c. */
#include "net/ipv4/udp.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/route.h"
#include "arch/x86_64/cpu.h"
#include "kernel/printk.h"
#include "kernel/sysctl.h"
#include "lib/checksum.h"
#include "lib/errno.h"
#include "lib/string.h"

#define UDP_HTABLE_SIZE		256	/* chains, by local port */
#define UDP_PERTURB_SIZE	256	/* RFC 6056 algorithm 4's table */

int sysctl_ip_local_port_min = 32768;
int sysctl_ip_local_port_max = 60999;

SYSCTL_INT_ENTRY(ip_local_port_min, "net.ipv4.ip_local_port_range_min",
		 &sysctl_ip_local_port_min, 1024, 65535, "lowest ephemeral port");
SYSCTL_INT_ENTRY(ip_local_port_max, "net.ipv4.ip_local_port_range_max",
		 &sysctl_ip_local_port_max, 1024, 65535, "highest ephemeral port");

static struct {
	spinlock_t lock;		/* chains, and every hashed sock's addresses */
	struct list_head hash[UDP_HTABLE_SIZE];
	unsigned int inuse;
	siphash_key_t offset_key;	/* F() of RFC 6056 */
	siphash_key_t index_key;	/* G() */
	u16 perturb[UDP_PERTURB_SIZE];
} udp_table;

unsigned long udp_table_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&udp_table.lock, flags);
	return flags;
}

void udp_table_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&udp_table.lock, flags);
}

unsigned int udp_sockets_inuse(void)
{
	return READ_ONCE(udp_table.inuse);
}

static struct list_head *udp_chain(u16 port)
{
	return &udp_table.hash[port & (UDP_HTABLE_SIZE - 1)];
}

/* --- lookup --- */

/* Linux's compute_score: -1 no match, else more for each exact field. */
static int compute_score(const struct sock *sk, __be32 saddr, __be16 sport,
			 __be32 daddr, __be16 dport)
{
	int score = 1;

	if (sk->inet_sport != dport)
		return -1;
	if (sk->inet_rcv_saddr) {
		if (sk->inet_rcv_saddr != daddr)
			return -1;
		score += 4;
	}
	if (sk->inet_daddr) {
		if (sk->inet_daddr != saddr)
			return -1;
		score += 4;
	}
	if (sk->inet_dport) {
		if (sk->inet_dport != sport)
			return -1;
		score += 4;
	}
	return score;
}

struct sock *__udp4_lib_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport)
{
	struct sock *sk, *best = NULL;
	int score, best_score = 0;

	list_for_each_entry(sk, udp_chain(ntohs(dport)), sk_node) {
		score = compute_score(sk, saddr, sport, daddr, dport);
		if (score > best_score) {
			best = sk;
			best_score = score;
		}
	}
	return best;
}

/* --- ports --- */

/* Linux's udp_lib_lport_inuse: the same port on an overlapping address,
 * unless both sides asked for SO_REUSEADDR. */
static bool udp_lport_inuse(const struct sock *sk, __be32 addr, u16 port, bool reuse)
{
	const struct sock *sk2;

	list_for_each_entry(sk2, udp_chain(port), sk_node) {
		if (sk2 == sk || ntohs(sk2->inet_sport) != port)
			continue;
		if (reuse && sk2->sk_reuse)
			continue;
		if (!sk2->inet_rcv_saddr || !addr || sk2->inet_rcv_saddr == addr)
			return true;
	}
	return false;
}

static bool udp_port_free(u16 port)
{
	const struct sock *sk;

	list_for_each_entry(sk, udp_chain(port), sk_node)
		if (ntohs(sk->inet_sport) == port)
			return false;
	return true;
}

void udp_set_secret(const siphash_key_t *offset_key, const siphash_key_t *index_key)
{
	udp_table.offset_key = *offset_key;
	udp_table.index_key = *index_key;
	memset(udp_table.perturb, 0, sizeof(udp_table.perturb));
}

/* RFC 6056 §3.3.4: offset = F(addresses, secret); each try advances
 * table[G(addresses)] so the next connection of the same tuple starts
 * elsewhere, while different tuples stay unpredictable. */
int udp_pick_ephemeral(__be32 laddr, __be32 faddr, __be16 fport)
{
	int low = READ_ONCE(sysctl_ip_local_port_min);
	int high = READ_ONCE(sysctl_ip_local_port_max);
	u32 num, offset, index, count;
	u16 port;

	if (high < low)
		high = low;
	num = high - low + 1;
	offset = siphash_3u32(laddr, faddr, fport, &udp_table.offset_key);
	index = siphash_3u32(laddr, faddr, fport, &udp_table.index_key) %
		UDP_PERTURB_SIZE;
	for (count = num; count > 0; count--) {
		port = low + (offset + udp_table.perturb[index]) % num;
		udp_table.perturb[index]++;
		if (udp_port_free(port))
			return port;
	}
	return -EADDRINUSE;
}

static void udp_hash(struct sock *sk, __be32 addr, u16 port)
{
	sk->inet_rcv_saddr = addr;
	sk->inet_sport = htons(port);
	list_add_tail(&sk->sk_node, udp_chain(port));
	sk->sk_hashed = true;
	udp_table.inuse++;
}

/* Takes the table lock; port 0 picks an ephemeral one. */
static int udp_get_port(struct sock *sk, __be32 addr, u16 port)
{
	unsigned long flags = udp_table_lock();
	int ret = 0;

	if (sk->sk_hashed) {
		ret = -EINVAL;
	} else if (!port) {
		ret = udp_pick_ephemeral(addr, sk->inet_daddr, sk->inet_dport);
		if (ret > 0)
			udp_hash(sk, addr, ret);
	} else if (udp_lport_inuse(sk, addr, port, sk->sk_reuse)) {
		ret = -EADDRINUSE;
	} else {
		udp_hash(sk, addr, port);
	}
	udp_table_unlock(flags);
	return ret < 0 ? ret : 0;
}

static int udp_bind(struct sock *sk, __be32 addr, __be16 port)
{
	if (addr && !ipv4_is_lbcast(addr) && !ip_dev_find(addr))
		return -EADDRNOTAVAIL;
	return udp_get_port(sk, addr, ntohs(port));
}

static int udp_autobind(struct sock *sk)
{
	return sk->sk_hashed ? 0 : udp_get_port(sk, 0, 0);
}

static void udp_close(struct sock *sk)
{
	unsigned long flags = udp_table_lock();

	if (sk->sk_hashed) {
		list_del_init(&sk->sk_node);
		sk->sk_hashed = false;
		udp_table.inuse--;
	}
	udp_table_unlock(flags);
}

/* Linux's ip4_datagram_connect: the peer filters input from now on; an
 * unbound address becomes the route's source, as the peer will see it. */
static int udp_connect(struct sock *sk, __be32 daddr, __be16 dport)
{
	struct rtable rt;
	unsigned long flags;
	int err;

	if (!daddr) {
		flags = udp_table_lock();
		sk->inet_daddr = 0;
		sk->inet_dport = 0;
		sk->sk_state = TCP_CLOSE;
		udp_table_unlock(flags);
		return 0;
	}
	if (!dport)
		return -EINVAL;
	err = ip_route_output_rt(daddr, &rt);
	if (err)
		return err;
	if (rt.rt_type == RTN_BROADCAST && !sk->sk_broadcast)
		return -EACCES;
	err = udp_autobind(sk);
	if (err)
		return err;
	flags = udp_table_lock();
	if (!sk->inet_rcv_saddr)
		sk->inet_rcv_saddr = rt.rt_src;
	sk->inet_daddr = daddr;
	sk->inet_dport = dport;
	sk->sk_state = TCP_ESTABLISHED;
	udp_table_unlock(flags);
	return 0;
}

/* --- receive --- */

/* The sum over the datagram, linear part and page fragments. */
static __wsum udp_skb_csum(const struct sk_buff *skb)
{
	unsigned int off = skb_headlen(skb);
	__wsum sum = csum_partial(skb->data, off, 0);
	int i;

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		sum = csum_block_add(sum, csum_partial((u8 *)f->page + f->offset,
						       f->size, 0), off);
		off += f->size;
	}
	return sum;
}

/* RFC 768: the sum covers the pseudo header, the header and the data. */
static bool udp_csum_ok(const struct sk_buff *skb, const struct iphdr *iph)
{
	const struct udphdr *uh = (const struct udphdr *)skb->data;

	if (!uh->check || skb->ip_summed == CHECKSUM_UNNECESSARY)
		return true;
	return !csum_tcpudp_magic(iph->saddr, iph->daddr, skb->len, IPPROTO_UDP,
				  udp_skb_csum(skb));
}

/* Hand one datagram to sk: consumed either way. */
static void udp_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	if (sock_queue_rcv_skb(sk, skb)) {
		__UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
		__UDP_INC_STATS(UDP_MIB_INERRORS);
		kfree_skb(skb);
	}
}

/* Broadcast and multicast go to every matching socket (a clone each). */
static void udp_mcast_deliver(struct sk_buff *skb, __be32 saddr, __be16 sport,
			      __be32 daddr, __be16 dport)
{
	struct sock *sk, *first = NULL;
	struct sk_buff *c;
	unsigned long flags = udp_table_lock();

	list_for_each_entry(sk, udp_chain(ntohs(dport)), sk_node) {
		if (compute_score(sk, saddr, sport, daddr, dport) < 0)
			continue;
		if (!first) {
			first = sk;
			continue;
		}
		c = skb_clone(skb, GFP_ATOMIC);
		if (c)
			udp_queue_rcv_skb(sk, c);
		else
			__UDP_INC_STATS(UDP_MIB_RCVBUFERRORS);
	}
	if (first)
		udp_queue_rcv_skb(first, skb);
	udp_table_unlock(flags);
	if (!first) {
		__UDP_INC_STATS(UDP_MIB_IGNOREDMULTI);
		consume_skb(skb);
	}
}

void udp_no_port(struct sk_buff *skb)
{
	icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
}

/* Header present and its length inside the packet; padding trimmed. */
static bool udp_len_ok(struct sk_buff *skb)
{
	unsigned int ulen;

	if (!pskb_may_pull(skb, UDP_HLEN))
		return false;
	ulen = ntohs(((struct udphdr *)skb->data)->len);
	if (ulen < UDP_HLEN || ulen > skb->len)
		return false;
	return ulen == skb->len || !pskb_trim(skb, ulen);
}

static void udp_unicast_deliver(struct sk_buff *skb, __be32 saddr, __be16 sport,
				__be32 daddr, __be16 dport)
{
	unsigned long flags = udp_table_lock();
	struct sock *sk = __udp4_lib_lookup(saddr, sport, daddr, dport);

	/* Queued under the table lock: close() unhashes under it, so sk
	 * cannot go away in between. */
	if (sk)
		udp_queue_rcv_skb(sk, skb);
	udp_table_unlock(flags);
	if (sk)
		return;
	__UDP_INC_STATS(UDP_MIB_NOPORTS);
	udp_no_port(skb);
	kfree_skb(skb);
}

int udp_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph;
	const struct udphdr *uh;
	__be16 sport, dport;

	if (!udp_len_ok(skb))
		goto short_packet;
	/* After the pull: it may have moved the head. */
	iph = ip_hdr(skb);
	if (!udp_csum_ok(skb, iph))
		goto csum_error;
	uh = (const struct udphdr *)skb->data;
	sport = uh->source;
	dport = uh->dest;
	skb_set_transport_header(skb, 0);
	UDP_SKB_CB(skb)->saddr = iph->saddr;
	UDP_SKB_CB(skb)->sport = sport;
	skb_pull(skb, UDP_HLEN);
	if (IPCB(skb)->rt_type == RTN_BROADCAST || ipv4_is_multicast(iph->daddr))
		udp_mcast_deliver(skb, iph->saddr, sport, iph->daddr, dport);
	else
		udp_unicast_deliver(skb, iph->saddr, sport, iph->daddr, dport);
	return 0;

csum_error:
	__UDP_INC_STATS(UDP_MIB_CSUMERRORS);
short_packet:
	__UDP_INC_STATS(UDP_MIB_INERRORS);
	pr_warn_ratelimited("udp: dropped a bad datagram from %pI4 (%u bytes)\n",
			    &ip_hdr(skb)->saddr, skb->len);
	kfree_skb(skb);
	return -EINVAL;
}

/* --- ICMP errors --- */

/* Linux's icmp_err_convert[]: the errno of each unreachable code and
 * whether it is hard (the destination refused) rather than transient.
 * ENONET, which napkin does not have, is EHOSTUNREACH. */
static const struct {
	int err;
	bool fatal;
} icmp_err_convert[NR_ICMP_UNREACH + 1] = {
	{ ENETUNREACH, false },		/* ICMP_NET_UNREACH */
	{ EHOSTUNREACH, false },	/* ICMP_HOST_UNREACH */
	{ ENOPROTOOPT, true },		/* ICMP_PROT_UNREACH */
	{ ECONNREFUSED, true },		/* ICMP_PORT_UNREACH */
	{ EMSGSIZE, false },		/* ICMP_FRAG_NEEDED */
	{ EOPNOTSUPP, false },		/* ICMP_SR_FAILED */
	{ ENETUNREACH, true },		/* net unknown */
	{ EHOSTDOWN, true },		/* host unknown */
	{ EHOSTUNREACH, true },		/* host isolated */
	{ ENETUNREACH, true },		/* net prohibited */
	{ EHOSTUNREACH, true },		/* host prohibited */
	{ ENETUNREACH, false },		/* net unreachable for TOS */
	{ EHOSTUNREACH, false },	/* host unreachable for TOS */
	{ EHOSTUNREACH, true },		/* administratively filtered */
	{ EHOSTUNREACH, true },		/* precedence violation */
	{ EHOSTUNREACH, true },		/* precedence cut-off */
};

/* The errno an ICMP error means for a UDP socket, 0 for none; *hard as
 * Linux's harderr. Frag-needed never concerns us: we never set DF. */
static int udp_icmp_errno(u8 type, u8 code, bool *hard)
{
	*hard = false;
	if (type == ICMP_DEST_UNREACH && code != ICMP_FRAG_NEEDED &&
	    code <= NR_ICMP_UNREACH) {
		*hard = icmp_err_convert[code].fatal;
		return icmp_err_convert[code].err;
	}
	if (type == ICMP_TIME_EXCEEDED)
		return EHOSTUNREACH;
	if (type == ICMP_PARAMETERPROB) {
		*hard = true;
		return EPROTO;
	}
	return 0;
}

/*
 * Linux's __udp4_lib_err: an ICMP error quoting a datagram we sent.
 * skb->data at the quoted IP header with its 8 following bytes (icmp.c
 * checked). Without IP_RECVERR (napkin has none) only hard errors on a
 * connected socket are reported: the next recv/send returns it, once.
 */
static int udp_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	const struct udphdr *uh = (const struct udphdr *)(skb->data + iph->ihl * 4);
	const struct icmphdr *icmph = (const struct icmphdr *)skb_transport_header(skb);
	unsigned long flags;
	struct sock *sk;
	bool hard;
	int err = udp_icmp_errno(icmph->type, icmph->code, &hard);

	flags = udp_table_lock();
	sk = __udp4_lib_lookup(iph->daddr, uh->dest, iph->saddr, uh->source);
	if (sk && err && hard && sk->sk_state == TCP_ESTABLISHED) {
		WRITE_ONCE(sk->sk_err, err);
		sk->sk_data_ready(sk);
	}
	udp_table_unlock(flags);
	if (sk)
		return 0;
	__ICMP_INC_STATS(ICMP_MIB_INERRORS);
	return -ENOENT;
}

/* --- send --- */

static void udp_fill(struct sk_buff *skb, const struct sock *sk, const void *buf,
		     size_t len, __be32 saddr, __be32 daddr, __be16 dport)
{
	struct udphdr *uh;
	__sum16 check;

	skb_reserve(skb, INET_TX_HEADROOM);
	uh = skb_put(skb, UDP_HLEN);
	skb_put_data(skb, buf, len);
	uh->source = sk->inet_sport;
	uh->dest = dport;
	uh->len = htons(UDP_HLEN + len);
	uh->check = 0;
	check = csum_tcpudp_magic(saddr, daddr, UDP_HLEN + len, IPPROTO_UDP,
				  csum_partial(uh, UDP_HLEN + len, 0));
	uh->check = check ? check : CSUM_MANGLED_0;
}

/* Where the datagram goes and from which address: 0 or -errno. */
static int udp_route(struct sock *sk, __be32 *daddr, __be16 *dport, __be32 *saddr)
{
	struct rtable rt;
	int err;

	if (!*daddr) {
		if (sk->sk_state != TCP_ESTABLISHED)
			return -EDESTADDRREQ;
		*daddr = sk->inet_daddr;
		*dport = sk->inet_dport;
	} else if (!*dport) {
		return -EINVAL;
	}
	/* 255.255.255.255 needs no route to be refused; a subnet broadcast
	 * is known by its route. */
	if (ipv4_is_lbcast(*daddr) && !sk->sk_broadcast)
		return -EACCES;
	err = ip_route_output_rt(*daddr, &rt);
	if (err)
		return err;
	if (rt.rt_type == RTN_BROADCAST && !sk->sk_broadcast)
		return -EACCES;
	*saddr = sk->inet_rcv_saddr && !ipv4_is_lbcast(sk->inet_rcv_saddr) ?
		 sk->inet_rcv_saddr : rt.rt_src;
	return udp_autobind(sk);
}

static ssize_t udp_sendmsg(struct sock *sk, const void *buf, size_t len,
			   __be32 daddr, __be16 dport, int flags)
{
	struct sk_buff *skb;
	__be32 saddr;
	int err;

	if (len > UDP_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	err = udp_route(sk, &daddr, &dport, &saddr);
	if (err)
		return err;
	skb = sock_alloc_send_skb(sk, INET_TX_HEADROOM + UDP_HLEN + len,
				  sock_sndtimeo(sk, flags & MSG_DONTWAIT), &err);
	if (!skb)
		goto out;
	udp_fill(skb, sk, buf, len, saddr, daddr, dport);
	err = ip_build_and_send_pkt(skb, saddr, daddr, IPPROTO_UDP, 0, 0);
	if (!err) {
		__UDP_INC_STATS(UDP_MIB_OUTDATAGRAMS);
		return len;
	}
out:
	if (err == -ENOBUFS || err == -EAGAIN || err == -ENOMEM)
		__UDP_INC_STATS(UDP_MIB_SNDBUFERRORS);
	return err;
}

static ssize_t udp_recvmsg(struct sock *sk, void *buf, size_t len, int flags,
			   __be32 *saddr, __be16 *sport)
{
	struct sk_buff *skb;
	size_t copied;
	ssize_t ulen;
	int err;

	skb = skb_recv_datagram(sk, flags, sock_rcvtimeo(sk, flags & MSG_DONTWAIT), &err);
	if (!skb)
		return err;
	ulen = skb->len;
	copied = min_t(size_t, len, skb->len);
	if (skb_copy_bits(skb, 0, buf, copied)) {
		skb_free_datagram(sk, skb);
		return -EFAULT;
	}
	if (saddr)
		*saddr = UDP_SKB_CB(skb)->saddr;
	if (sport)
		*sport = UDP_SKB_CB(skb)->sport;
	if (!(flags & MSG_PEEK))
		__UDP_INC_STATS(UDP_MIB_INDATAGRAMS);
	skb_free_datagram(sk, skb);
	return (flags & MSG_TRUNC) ? ulen : (ssize_t)copied;
}

const struct proto udp_prot = {
	.name = "UDP",
	.bind = udp_bind,
	.connect = udp_connect,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
	.close = udp_close,
};

/* --- start-up --- */

static const struct net_protocol udp_protocol = {
	.handler = udp_rcv,
	.err_handler = udp_err,
};

/* RDRAND when the CPU has it [Intel SDM vol. 1 §7.3.17], else the TSC. */
static u64 udp_random_u64(void)
{
	u32 a, b, c, d;
	u64 v;
	u8 ok;
	int tries;

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1U << 30)) {
		for (tries = 0; tries < 10; tries++) {
			__asm__ __volatile__("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
			if (ok)
				return v;
		}
	}
	return siphash_1u64(rdtsc(), &udp_table.offset_key) ^ rdtsc();
}

void udp_init(void)
{
	siphash_key_t k1, k2;
	int i;

	spin_lock_init(&udp_table.lock);
	for (i = 0; i < UDP_HTABLE_SIZE; i++)
		INIT_LIST_HEAD(&udp_table.hash[i]);
	k1.key[0] = udp_random_u64();
	k1.key[1] = udp_random_u64();
	k2.key[0] = udp_random_u64();
	k2.key[1] = udp_random_u64();
	udp_set_secret(&k1, &k2);
	if (inet_add_protocol(&udp_protocol, IPPROTO_UDP))
		pr_err("udp: protocol 17 already registered\n");
}
