/* IPv4 reassembly queues as pure functions over a table (Linux's
 * inet_fragment.c + the queue half of ip_fragment.c): lookup by (src, dst,
 * id, protocol), RFC 5722-style overlap handling, the 65,535-byte limit,
 * per-datagram and global memory caps, expiry. The caller locks and passes
 * `now` (jiffies); no timers, sysctls or ICMP here (ip_fragment.c).
 * [RFC 791 §3.2 reassembly] [RFC 815] [RFC 5722 §4, errata 3089] */
#ifndef NET_IPV4_INET_FRAGMENT_H
#define NET_IPV4_INET_FRAGMENT_H

#include "lib/types.h"
#include "lib/list.h"
#include "lib/siphash.h"
#include "net/core/skbuff.h"
#include "net/ipv4/ip.h"

#define IPQ_HASHSZ	64		/* buckets */
#define IPQ_MAX_QUEUES	1024		/* datagrams in reassembly at once */
/* One datagram's fragments, by truesize: a 65,535-byte datagram in
 * 1,480-byte fragments of 2 KiB buffers takes ~110 KiB; tiny fragments
 * (8 bytes each) would take 16 MiB and are cut off here. */
#define IPQ_MAX_MEM	(256 * 1024)
#define IP_MAX_DGRAM	65535

#define INET_FRAG_FIRST_IN	0x1	/* the fragment at offset 0 arrived */
#define INET_FRAG_LAST_IN	0x2	/* the fragment with MF clear arrived */

/* One datagram being reassembled. */
struct ipq {
	struct list_head hash;		/* in its bucket */
	struct list_head lru;		/* in the table's, oldest first */
	struct list_head frags;		/* skbs by offset, no overlaps */
	__be32 saddr, daddr;
	__be16 id;
	u8 protocol;
	u8 flags;			/* INET_FRAG_* */
	unsigned int len;		/* payload end known so far */
	unsigned int meat;		/* payload bytes held */
	unsigned int mem;		/* truesize of the skbs held */
	u64 expires;			/* jiffies */
};

struct ipfrag_table {
	struct list_head hash[IPQ_HASHSZ];
	struct list_head lru;
	unsigned int nqueues;
	unsigned long mem;		/* truesize of every skb held */
	siphash_key_t key;
	/* Limits: the caller copies them from its sysctls before each call. */
	unsigned long high_thresh;	/* over this, evict ... */
	unsigned long low_thresh;	/* ... oldest first down to this */
	u64 timeout;			/* jiffies from a queue's first fragment */
};

/* Where a queued fragment's payload goes, after the IP control block. */
struct ipfrag_skb_cb {
	struct inet_skb_parm h;
	unsigned int offset, end;	/* payload bytes [offset, end) */
	unsigned int ihl;		/* its header length */
};

static_assert(sizeof(struct ipfrag_skb_cb) <= sizeof(((struct sk_buff *)0)->cb),
	      "ipfrag_skb_cb fits in skb->cb");

#define FRAG_CB(skb)	((struct ipfrag_skb_cb *)((skb)->cb))

void ipfrag_table_init(struct ipfrag_table *t, const siphash_key_t *key);

/*
 * Queue one fragment: skb->data and the network header at its IP header
 * (ip_rcv_core checked it and trimmed the padding), IPCB filled. Consumes
 * skb. Returns the whole datagram when this fragment completes it (one
 * linear skb, data at the IP header, MF and offset clear, checksum
 * redone, transport header set, IPCB of the first fragment), else NULL:
 * queued, or dropped and counted (IpDrop Frag*, ReasmFails...).
 */
struct sk_buff *ipfrag_queue(struct ipfrag_table *t, struct sk_buff *skb, u64 now);

/*
 * Drop every queue whose time has come (ReasmTimeout, ReasmFails). The
 * first fragment of each that had one goes onto *notify (skb->list) for
 * the ICMP time exceeded [RFC 792, RFC 1122 §3.3.2]: the caller sends it
 * and frees the skbs. Returns true with *next the earliest expiry left
 * if any queue remains.
 */
bool ipfrag_expire(struct ipfrag_table *t, u64 now, struct list_head *notify, u64 *next);

/* Evict oldest queues while memory is above low_thresh (ReasmFails). */
void ipfrag_evict(struct ipfrag_table *t);

/* Drop everything (no counters): teardown. */
void ipfrag_flush(struct ipfrag_table *t);

#endif /* NET_IPV4_INET_FRAGMENT_H */
