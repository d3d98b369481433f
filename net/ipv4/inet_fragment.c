/* IPv4 reassembly queues, pure (caller locks, passes now): find or make
 * the queue, place a fragment by Linux's rules (ip_frag_queue,
 * inet_frag_queue_insert), copy a complete datagram into one linear skb
 * (ip_frag_reasm), expire and evict queues. Timers, locking and ICMP are
 * ip_fragment.c's. Every discard counts in IpDrop Frag* and ReasmFails. */
#include "net/ipv4/inet_fragment.h"
#include "kernel/mm/slab.h"
#include "kernel/timer.h"
#include "lib/checksum.h"
#include "lib/string.h"

/* Room left in front of a reassembled datagram: an echo reply is built
 * in it and pushes its own headers. */
#define IPFRAG_HEADROOM	INET_TX_HEADROOM

void ipfrag_table_init(struct ipfrag_table *t, const siphash_key_t *key)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < IPQ_HASHSZ; i++)
		INIT_LIST_HEAD(&t->hash[i]);
	INIT_LIST_HEAD(&t->lru);
	t->key = *key;
}

static unsigned int ipq_hashfn(const struct ipfrag_table *t, const struct iphdr *iph)
{
	u32 idproto = ((u32)ntohs(iph->id) << 16) | iph->protocol;

	return siphash_3u32(iph->saddr, iph->daddr, idproto, &t->key) & (IPQ_HASHSZ - 1);
}

/* Unlink and free q with everything it holds; count why (NONE: silent). */
static void ipq_kill(struct ipfrag_table *t, struct ipq *q, enum ip_drop_reason why)
{
	struct sk_buff *skb, *n;

	list_for_each_entry_safe(skb, n, &q->frags, list) {
		list_del(&skb->list);
		kfree_skb(skb);
	}
	list_del(&q->hash);
	list_del(&q->lru);
	t->mem -= q->mem;
	t->nqueues--;
	kfree(q);
	if (why != IPDROP_NONE)
		ip_drop_count(why);
}

static struct ipq *ipq_oldest(struct ipfrag_table *t)
{
	return list_first_entry_or_null(&t->lru, struct ipq, lru);
}

void ipfrag_evict(struct ipfrag_table *t)
{
	struct ipq *q;

	while (t->mem > t->low_thresh && (q = ipq_oldest(t)))
		ipq_kill(t, q, IPDROP_FRAG_EVICTED);
}

static struct ipq *ipq_create(struct ipfrag_table *t, const struct iphdr *iph,
			      unsigned int bucket, u64 now)
{
	struct ipq *q;

	if (t->nqueues >= IPQ_MAX_QUEUES)
		ipq_kill(t, ipq_oldest(t), IPDROP_FRAG_EVICTED);
	q = kmalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return NULL;
	memset(q, 0, sizeof(*q));
	INIT_LIST_HEAD(&q->frags);
	q->saddr = iph->saddr;
	q->daddr = iph->daddr;
	q->id = iph->id;
	q->protocol = iph->protocol;
	q->expires = now + t->timeout;
	list_add(&q->hash, &t->hash[bucket]);
	list_add_tail(&q->lru, &t->lru);
	t->nqueues++;
	return q;
}

static struct ipq *ipq_find(struct ipfrag_table *t, const struct iphdr *iph, u64 now)
{
	unsigned int bucket = ipq_hashfn(t, iph);
	struct ipq *q;

	list_for_each_entry(q, &t->hash[bucket], hash)
		if (q->saddr == iph->saddr && q->daddr == iph->daddr &&
		    q->id == iph->id && q->protocol == iph->protocol)
			return q;
	return ipq_create(t, iph, bucket, now);
}

/* The new end of the datagram as this fragment tells it, or a reason to
 * discard the queue (Linux's ip_frag_queue checks, in its order). */
static enum ip_drop_reason ipq_check_end(struct ipq *q, const struct iphdr *iph,
					 unsigned int offset, unsigned int *endp)
{
	unsigned int ihl = iph->ihl * 4;
	unsigned int end = offset + ntohs(iph->tot_len) - ihl;

	if (ihl + end > IP_MAX_DGRAM)
		return IPDROP_FRAG_TOOBIG;
	if (!(iph->frag_off & htons(IP_MF))) {
		/* The last fragment: nothing may lie beyond it, and it may
		 * not move once known. */
		if (end < q->len || ((q->flags & INET_FRAG_LAST_IN) && end != q->len))
			return IPDROP_FRAG_BADLEN;
		q->flags |= INET_FRAG_LAST_IN;
		q->len = end;
	} else {
		/* Non-last fragments carry multiples of 8 [RFC 791]. */
		end &= ~7U;
		if (end > q->len) {
			if (q->flags & INET_FRAG_LAST_IN)
				return IPDROP_FRAG_BADLEN;
			q->len = end;
		}
	}
	if (end == offset)
		return IPDROP_FRAG_BADLEN;
	*endp = end;
	return IPDROP_NONE;
}

/* Is [offset, end) all inside data already held without gaps? Then it is
 * a duplicate (dropped alone), otherwise a conflicting overlap. */
static bool ipq_covered(const struct ipq *q, unsigned int offset, unsigned int end)
{
	const struct sk_buff *f;
	unsigned int reach = offset;

	list_for_each_entry(f, &q->frags, list) {
		if (FRAG_CB(f)->offset > reach)
			break;
		if (FRAG_CB(f)->end > reach)
			reach = FRAG_CB(f)->end;
		if (reach >= end)
			return true;
	}
	return false;
}

/* Insert skb by offset. IPDROP_NONE, FRAG_DUP (caller frees skb, queue
 * lives) or FRAG_OVERLAP (caller kills the queue) [RFC 5722 §4]. */
static enum ip_drop_reason ipq_insert(struct ipq *q, struct sk_buff *skb)
{
	unsigned int offset = FRAG_CB(skb)->offset, end = FRAG_CB(skb)->end;
	struct sk_buff *f;

	list_for_each_entry(f, &q->frags, list) {
		if (FRAG_CB(f)->end <= offset)
			continue;
		if (FRAG_CB(f)->offset >= end)
			break;
		return ipq_covered(q, offset, end) ? IPDROP_FRAG_DUP : IPDROP_FRAG_OVERLAP;
	}
	/* f is the first fragment starting at or after end (or the head). */
	list_add_tail(&skb->list, &f->list);
	return IPDROP_NONE;
}

static void ipq_set_hdr(struct sk_buff *skb, unsigned int ihl, unsigned int len)
{
	struct iphdr *iph = ip_hdr(skb);

	iph->tot_len = htons(ihl + len);
	iph->frag_off = 0;
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
}

/* Copy the fragments into one linear skb (the first fragment's header,
 * options included, then every payload). NULL if out of memory. */
static struct sk_buff *ip_frag_reasm(struct ipq *q)
{
	struct sk_buff *head = list_first_entry(&q->frags, struct sk_buff, list);
	unsigned int ihl = FRAG_CB(head)->ihl;
	struct sk_buff *skb, *f;
	u8 *payload;

	skb = alloc_skb(IPFRAG_HEADROOM + ihl + q->len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, IPFRAG_HEADROOM);
	skb_put_data(skb, head->data, ihl);
	payload = skb_put(skb, q->len);
	list_for_each_entry(f, &q->frags, list)
		skb_copy_bits(f, FRAG_CB(f)->ihl, payload + FRAG_CB(f)->offset,
			      FRAG_CB(f)->end - FRAG_CB(f)->offset);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, ihl);
	ipq_set_hdr(skb, ihl, q->len);
	skb->dev = head->dev;
	skb->skb_iif = head->skb_iif;
	skb->protocol = head->protocol;
	skb->pkt_type = head->pkt_type;
	skb->tstamp = head->tstamp;
	skb->ip_summed = CHECKSUM_NONE;
	memcpy(IPCB(skb), IPCB(head), sizeof(struct inet_skb_parm));
	return skb;
}

/* Place skb in q; the finished datagram if q is complete, else NULL. */
static struct sk_buff *ip_frag_queue(struct ipfrag_table *t, struct ipq *q,
				     struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int offset = (ntohs(iph->frag_off) & IP_OFFSET) << 3;
	enum ip_drop_reason why;
	struct sk_buff *whole, *head;
	unsigned int end;

	why = ipq_check_end(q, iph, offset, &end);
	if (why)
		goto discard_qp;
	if (q->mem + skb->truesize > IPQ_MAX_MEM) {
		why = IPDROP_FRAG_QFULL;
		goto discard_qp;
	}
	FRAG_CB(skb)->offset = offset;
	FRAG_CB(skb)->end = end;
	FRAG_CB(skb)->ihl = iph->ihl * 4;
	why = ipq_insert(q, skb);
	if (why == IPDROP_FRAG_DUP) {
		ip_drop_count(why);
		kfree_skb(skb);
		return NULL;
	}
	if (why)
		goto discard_qp;
	if (offset == 0)
		q->flags |= INET_FRAG_FIRST_IN;
	q->meat += end - offset;
	q->mem += skb->truesize;
	t->mem += skb->truesize;
	if (q->flags != (INET_FRAG_FIRST_IN | INET_FRAG_LAST_IN) || q->meat != q->len)
		return NULL;

	/* The first fragment's header may be longer than the one that
	 * passed the limit above. */
	head = list_first_entry(&q->frags, struct sk_buff, list);
	if (FRAG_CB(head)->ihl + q->len > IP_MAX_DGRAM) {
		ipq_kill(t, q, IPDROP_FRAG_TOOBIG);
		return NULL;
	}
	whole = ip_frag_reasm(q);
	ipq_kill(t, q, whole ? IPDROP_NONE : IPDROP_FRAG_NOMEM);
	if (whole)
		__IP_INC_STATS(IPSTATS_MIB_REASMOKS);
	return whole;

discard_qp:
	kfree_skb(skb);
	ipq_kill(t, q, why);
	return NULL;
}

struct sk_buff *ipfrag_queue(struct ipfrag_table *t, struct sk_buff *skb, u64 now)
{
	struct sk_buff *whole;
	struct ipq *q;

	__IP_INC_STATS(IPSTATS_MIB_REASMREQDS);
	q = ipq_find(t, ip_hdr(skb), now);
	if (!q) {
		ip_drop_count(IPDROP_FRAG_NOMEM);
		kfree_skb(skb);
		return NULL;
	}
	whole = ip_frag_queue(t, q, skb);
	if (t->mem > t->high_thresh)
		ipfrag_evict(t);
	return whole;
}

bool ipfrag_expire(struct ipfrag_table *t, u64 now, struct list_head *notify, u64 *next)
{
	struct ipq *q, *n;
	bool any = false;

	list_for_each_entry_safe(q, n, &t->lru, lru) {
		if (time_before(now, q->expires)) {
			if (!any || time_before(q->expires, *next))
				*next = q->expires;
			any = true;
			continue;
		}
		if (q->flags & INET_FRAG_FIRST_IN) {
			struct sk_buff *head = list_first_entry(&q->frags, struct sk_buff, list);

			list_del(&head->list);
			q->mem -= head->truesize;
			t->mem -= head->truesize;
			list_add_tail(&head->list, notify);
		}
		ipq_kill(t, q, IPDROP_FRAG_TIMEOUT);
	}
	return any;
}

void ipfrag_flush(struct ipfrag_table *t)
{
	struct ipq *q;

	while ((q = ipq_oldest(t)))
		ipq_kill(t, q, IPDROP_NONE);
}
