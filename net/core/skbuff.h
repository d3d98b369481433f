/* sk_buff: the packet buffer, laid out and named as in Linux — a head
 * buffer with head/data/tail/end, skb_shared_info (page fragments, GSO
 * fields, the data refcount) at its end, clones that share the data, and
 * sk_buff_head queues. No fclones, no page pools, no checksum helpers. */
#ifndef NET_CORE_SKBUFF_H
#define NET_CORE_SKBUFF_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/spinlock.h"
#include "kernel/mm/page_alloc.h"

struct net_device;
struct sock;

/* Headroom every receive buffer keeps in front of the frame, so headers
 * can be pushed (tunnels, the tap's view) without a copy. 64 = one cache
 * line, Linux's value on x86. */
#define NET_SKB_PAD		64
/* x86 loads unaligned words at full speed, so like Linux on x86 the IP
 * header is not realigned: the NIC DMAs the frame at data + 0. */
#define NET_IP_ALIGN		0

#define SMP_CACHE_BYTES		64
#define SKB_DATA_ALIGN(x)	ALIGN((x), SMP_CACHE_BYTES)

#define MAX_SKB_FRAGS		17

/* Receive buffers: one object of the "skb_data_2k" slab cache. The shared
 * info sits in its last bytes, so the frame gets SKB_2K_MAX_FRAME bytes
 * after NET_SKB_PAD (checked in skbuff.c against the largest Ethernet
 * frame). A NIC told "2048-byte buffers" must not be able to write more
 * than that: for the e1000 family, long packets off (RCTL.LPE = 0). */
#define SKB_DATA_2K		2048
#define SKB_WITH_OVERHEAD(x)	((x) - SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
#define SKB_2K_MAX_FRAME	(SKB_WITH_OVERHEAD(SKB_DATA_2K) - NET_SKB_PAD)

/* Largest data area alloc_skb() accepts: a 64 KiB GSO packet plus headers. */
#define SKB_MAX_ALLOC		(128 * 1024)

/* skb->pkt_type, from the destination MAC (eth_type_trans). */
#define PACKET_HOST		0
#define PACKET_BROADCAST	1
#define PACKET_MULTICAST	2
#define PACKET_OTHERHOST	3
#define PACKET_OUTGOING		4	/* a transmitted packet, as the tap sees it */
#define PACKET_LOOPBACK		5

/* skb->ip_summed, Linux meanings. */
#define CHECKSUM_NONE		0	/* nothing verified; software checks */
#define CHECKSUM_UNNECESSARY	1	/* the NIC verified L4 */
#define CHECKSUM_COMPLETE	2	/* skb->csum holds the sum over the packet */
#define CHECKSUM_PARTIAL	3	/* TX: the NIC fills csum_start/csum_offset */

/* A fragment: size bytes at page + offset. The page (order 0, from
 * alloc_pages) belongs to the skb's data and is freed with it. */
typedef struct skb_frag {
	void *page;
	u32 offset;
	u32 size;
} skb_frag_t;

struct skb_shared_info {
	u8 nr_frags;
	u8 flags;
	u16 gso_size;		/* MSS of each segment, 0 = not GSO */
	u16 gso_segs;
	u16 gso_type;
	int dataref;		/* skbs (original + clones) sharing this data */
	skb_frag_t frags[MAX_SKB_FRAGS];
};

struct sk_buff {
	struct list_head list;		/* on an sk_buff_head, or a private list */
	struct net_device *dev;
	struct sock *sk;
	void (*destructor)(struct sk_buff *skb);
	u64 tstamp;			/* ktime_get_ns() at receive, 0 if unset */

	/* Control buffer: scratch for the layer that owns the skb now
	 * (IP options, TCP sequence numbers); not preserved across layers. */
	char cb[48] __aligned(8);

	unsigned int len;		/* bytes of data: linear + fragments */
	unsigned int data_len;		/* bytes in fragments */
	unsigned int truesize;		/* memory charged: head + data + frags */
	u32 priority;			/* TX: selects the pfifo_fast band */
	u32 hash;			/* flow hash (RSS from the NIC, or software) */
	u32 mark;
	int skb_iif;			/* ifindex the packet arrived on */

	__be16 protocol;		/* EtherType, network order */
	u16 mac_header;			/* offsets from head; ~0 = not set */
	u16 network_header;
	u16 transport_header;
	u16 csum_start;			/* CHECKSUM_PARTIAL: from head */
	u16 csum_offset;		/* ... and where the sum goes, from csum_start */
	__wsum csum;

	u8 pkt_type:3,
	   ip_summed:2,
	   cloned:1,			/* data may be shared: check skb_cloned() */
	   head_frag:1,			/* head is a skb_data_2k buffer, else kmalloc */
	   pfmemalloc:1;		/* unused; kept for Linux's shape */

	int users;			/* references to this sk_buff (skb_get) */

	unsigned char *head;		/* start of the buffer */
	unsigned char *data;		/* start of the data */
	unsigned char *tail;		/* end of linear data */
	unsigned char *end;		/* end of room; skb_shared_info follows */
};

/* A queue of skbs with its length and lock. The double-underscore forms
 * take no lock: the caller holds q->lock or owns the queue alone. */
struct sk_buff_head {
	struct list_head list;
	u32 qlen;
	spinlock_t lock;
};

/* Live-buffer accounting: tests and `skbstat` prove nothing leaks. */
struct skb_stats {
	u64 allocated;		/* sk_buff heads created (incl. clones) */
	u64 freed;		/* heads released */
	u64 dropped;		/* of those, released by kfree_skb (a drop) */
	u64 clones;
	u64 copies;
	u64 alloc_failures;
	u64 live;		/* allocated - freed */
	u64 data_live;		/* data buffers held: skb heads + driver frags */
};

void skb_init(void);		/* create the slab caches; from net_dev_init() */
void skb_get_stats(struct skb_stats *st);

/* --- allocation and release --- */

struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp);
/* Receive buffer for dev with NET_SKB_PAD of headroom reserved. */
struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int len, gfp_t gfp);
static inline struct sk_buff *netdev_alloc_skb(struct net_device *dev, unsigned int len)
{
	return __netdev_alloc_skb(dev, len, GFP_ATOMIC);
}

/*
 * Zero-copy receive. netdev_alloc_frag(SKB_DATA_2K) hands a driver a 2 KiB
 * buffer for its RX ring; the NIC DMAs the frame at buf + NET_SKB_PAD; then
 * build_skb(buf, SKB_DATA_2K) wraps it (data = head, so the caller does
 * skb_reserve(skb, NET_SKB_PAD) and skb_put(skb, frame_len)). The skb owns
 * the buffer from then on. A buffer never wrapped is returned with
 * skb_free_frag(). fragsz above SKB_DATA_2K is refused (NULL), and
 * build_skb() takes only frag_size == SKB_DATA_2K (the whole object).
 */
void *netdev_alloc_frag(unsigned int fragsz);
void skb_free_frag(void *data);
struct sk_buff *build_skb(void *data, unsigned int frag_size);

/* Why an skb ended; only "consumed" vs "dropped" is told apart so far. */
enum skb_drop_reason {
	SKB_CONSUMED = 1,
	SKB_DROP_REASON_NOT_SPECIFIED,
};

/* Drop one reference; frees at zero. kfree_skb counts a drop (error path),
 * consume_skb a normal end of life. NULL is a no-op for all three. */
void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason);
static inline void kfree_skb(struct sk_buff *skb)
{
	kfree_skb_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}

static inline void consume_skb(struct sk_buff *skb)
{
	kfree_skb_reason(skb, SKB_CONSUMED);
}

/* Free (as drops) every skb on a private list, e.g. a qdisc to_free list. */
void kfree_skb_list(struct list_head *list);

/*
 * Safe in any context, including hard IRQ and with interrupts off: there
 * the skb goes on this CPU's completion_queue and NET_TX_SOFTIRQ frees it
 * (net/core/dev.c). dev_kfree_skb_* count drops, dev_consume_skb_* not.
 */
void dev_kfree_skb_irq_reason(struct sk_buff *skb, enum skb_drop_reason reason);
void dev_kfree_skb_any_reason(struct sk_buff *skb, enum skb_drop_reason reason);
static inline void dev_kfree_skb_irq(struct sk_buff *skb)
{
	dev_kfree_skb_irq_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}

static inline void dev_consume_skb_irq(struct sk_buff *skb)
{
	dev_kfree_skb_irq_reason(skb, SKB_CONSUMED);
}

static inline void dev_kfree_skb_any(struct sk_buff *skb)
{
	dev_kfree_skb_any_reason(skb, SKB_DROP_REASON_NOT_SPECIFIED);
}

static inline void dev_consume_skb_any(struct sk_buff *skb)
{
	dev_kfree_skb_any_reason(skb, SKB_CONSUMED);
}

/* Final release once no reference is left: destructor, data, head. */
void __kfree_skb(struct sk_buff *skb);

/* A new sk_buff sharing skb's data (dataref++); both become "cloned". */
struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp);
/* A private, linear copy of header and data. */
struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp);
/* If skb has other users, replace it by a clone (consuming the original
 * reference); NULL on allocation failure, the original then dropped. */
struct sk_buff *skb_share_check(struct sk_buff *skb, gfp_t gfp);

/* Reallocate the head with nhead/ntail more bytes of room, private to this
 * skb (cloned data is copied; fragments of cloned data are linearised).
 * Returns 0 or -ENOMEM (skb unchanged). */
int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail, gfp_t gfp);
/* Make at least headroom bytes of private headroom: 0 or -ENOMEM. */
int skb_cow_head(struct sk_buff *skb, unsigned int headroom);
/* Move all fragment data into the linear area: 0 or -ENOMEM. */
int skb_linearize(struct sk_buff *skb);

/* Attach page[off, off+size) as fragment i; the skb now owns the page. */
void skb_fill_page_desc(struct sk_buff *skb, int i, void *page, u32 off, u32 size);

/* Copy len bytes from offset (linear part and fragments) to to: 0 or -EFAULT. */
int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len);

/* --- inline accessors, as in Linux --- */

static inline struct skb_shared_info *skb_shinfo(const struct sk_buff *skb)
{
	return (struct skb_shared_info *)skb->end;
}

static inline unsigned char *skb_end_pointer(const struct sk_buff *skb)
{
	return skb->end;
}

static inline unsigned char *skb_tail_pointer(const struct sk_buff *skb)
{
	return skb->tail;
}

static inline unsigned int skb_headlen(const struct sk_buff *skb)
{
	return skb->len - skb->data_len;
}

static inline bool skb_is_nonlinear(const struct sk_buff *skb)
{
	return skb->data_len != 0;
}

static inline unsigned int skb_headroom(const struct sk_buff *skb)
{
	return skb->data - skb->head;
}

/* Room after tail; 0 for nonlinear skbs, which cannot grow in place. */
static inline int skb_tailroom(const struct sk_buff *skb)
{
	return skb_is_nonlinear(skb) ? 0 : skb->end - skb->tail;
}

static inline unsigned int skb_end_offset(const struct sk_buff *skb)
{
	return skb->end - skb->head;
}

/* True if the data is shared with a clone: writing it needs a copy. */
static inline bool skb_cloned(const struct sk_buff *skb)
{
	return skb->cloned &&
	       __atomic_load_n(&skb_shinfo(skb)->dataref, __ATOMIC_ACQUIRE) != 1;
}

/* True if the sk_buff itself has more than one user. */
static inline bool skb_shared(const struct sk_buff *skb)
{
	return __atomic_load_n(&skb->users, __ATOMIC_ACQUIRE) != 1;
}

static inline struct sk_buff *skb_get(struct sk_buff *skb)
{
	__atomic_add_fetch(&skb->users, 1, __ATOMIC_RELAXED);
	return skb;
}

/* Layout bugs, not wire input: report and halt, as Linux's skb_over_panic. */
__noreturn void skb_over_panic(const struct sk_buff *skb, unsigned int len, void *here);
__noreturn void skb_under_panic(const struct sk_buff *skb, unsigned int len, void *here);

/* Only on an empty skb: move data and tail forward to leave headroom. */
static inline void skb_reserve(struct sk_buff *skb, int len)
{
	if (unlikely(skb->data + len > skb->end || skb->data + len < skb->head))
		skb_over_panic(skb, len, __builtin_return_address(0));
	skb->data += len;
	skb->tail += len;
}

/* Extend the linear data at the tail; returns the old tail. */
void *skb_put(struct sk_buff *skb, unsigned int len);
void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len);
void *skb_put_zero(struct sk_buff *skb, unsigned int len);
/* Extend the data at the front (into headroom); returns the new data. */
void *skb_push(struct sk_buff *skb, unsigned int len);
/* Remove len bytes from the front; NULL (skb unchanged) if len > skb->len
 * or the bytes are not all linear — wire paths check with pskb_may_pull. */
void *skb_pull(struct sk_buff *skb, unsigned int len);
/* Cut the data to len bytes (no-op if already shorter). Linear data only:
 * nonlinear skbs use pskb_trim. */
void skb_trim(struct sk_buff *skb, unsigned int len);
/* Any skb: 0, or -EINVAL if the fragments are shared with a clone (copy first). */
int pskb_trim(struct sk_buff *skb, unsigned int len);

/* True if the first len bytes are (or could be made) linear: the check
 * every receive handler runs before reading a header. Fragment data is
 * linearised on demand; false if len > skb->len or memory is short. */
static inline bool pskb_may_pull(struct sk_buff *skb, unsigned int len)
{
	if (likely(len <= skb_headlen(skb)))
		return true;
	if (unlikely(len > skb->len))
		return false;
	return skb_linearize(skb) == 0;
}

/* Pointer to len bytes at offset: in place when linear, else copied into
 * buffer. NULL if the skb is shorter than offset + len. */
static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       int len, void *buffer)
{
	if (offset < 0 || len < 0 || (unsigned int)offset + len > skb->len)
		return NULL;
	if ((unsigned int)offset + len <= skb_headlen(skb))
		return skb->data + offset;
	if (skb_copy_bits(skb, offset, buffer, len) < 0)
		return NULL;
	return buffer;
}

#define SKB_HEADER_UNSET	0xFFFFu

static inline unsigned char *skb_mac_header(const struct sk_buff *skb)
{
	return skb->head + skb->mac_header;
}

static inline bool skb_mac_header_was_set(const struct sk_buff *skb)
{
	return skb->mac_header != SKB_HEADER_UNSET;
}

static inline void skb_reset_mac_header(struct sk_buff *skb)
{
	skb->mac_header = skb->data - skb->head;
}

static inline void skb_set_mac_header(struct sk_buff *skb, int offset)
{
	skb_reset_mac_header(skb);
	skb->mac_header += offset;
}

static inline unsigned char *skb_network_header(const struct sk_buff *skb)
{
	return skb->head + skb->network_header;
}

static inline void skb_reset_network_header(struct sk_buff *skb)
{
	skb->network_header = skb->data - skb->head;
}

static inline void skb_set_network_header(struct sk_buff *skb, int offset)
{
	skb_reset_network_header(skb);
	skb->network_header += offset;
}

static inline int skb_network_offset(const struct sk_buff *skb)
{
	return skb_network_header(skb) - skb->data;
}

static inline unsigned char *skb_transport_header(const struct sk_buff *skb)
{
	return skb->head + skb->transport_header;
}

static inline bool skb_transport_header_was_set(const struct sk_buff *skb)
{
	return skb->transport_header != SKB_HEADER_UNSET;
}

static inline void skb_reset_transport_header(struct sk_buff *skb)
{
	skb->transport_header = skb->data - skb->head;
}

static inline void skb_set_transport_header(struct sk_buff *skb, int offset)
{
	skb_reset_transport_header(skb);
	skb->transport_header += offset;
}

static inline int skb_transport_offset(const struct sk_buff *skb)
{
	return skb_transport_header(skb) - skb->data;
}

/* Detach from the owning socket, running its destructor now. */
static inline void skb_orphan(struct sk_buff *skb)
{
	if (skb->destructor) {
		skb->destructor(skb);
		skb->destructor = NULL;
	}
	skb->sk = NULL;
}

/* --- queues --- */

static inline void __skb_queue_head_init(struct sk_buff_head *q)
{
	INIT_LIST_HEAD(&q->list);
	q->qlen = 0;
}

static inline void skb_queue_head_init(struct sk_buff_head *q)
{
	spin_lock_init(&q->lock);
	__skb_queue_head_init(q);
}

static inline u32 skb_queue_len(const struct sk_buff_head *q)
{
	return READ_ONCE(q->qlen);
}

static inline bool skb_queue_empty(const struct sk_buff_head *q)
{
	return list_empty(&q->list);
}

static inline struct sk_buff *skb_peek(const struct sk_buff_head *q)
{
	return list_first_entry_or_null(&q->list, struct sk_buff, list);
}

static inline struct sk_buff *skb_peek_tail(const struct sk_buff_head *q)
{
	return list_empty(&q->list) ? NULL :
	       list_last_entry(&q->list, struct sk_buff, list);
}

static inline void __skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add_tail(&skb->list, &q->list);
	q->qlen++;
}

static inline void __skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb)
{
	list_add(&skb->list, &q->list);
	q->qlen++;
}

static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	list_del_init(&skb->list);
	q->qlen--;
}

static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = skb_peek(q);

	if (skb)
		__skb_unlink(skb, q);
	return skb;
}

/* Append all of list to the tail of head and leave list empty. */
static inline void skb_queue_splice_tail_init(struct sk_buff_head *list,
					      struct sk_buff_head *head)
{
	list_splice_tail_init(&list->list, &head->list);
	head->qlen += list->qlen;
	list->qlen = 0;
}

#define skb_queue_walk(q, skb)	list_for_each_entry(skb, &(q)->list, list)
#define skb_queue_walk_safe(q, skb, tmp) \
	list_for_each_entry_safe(skb, tmp, &(q)->list, list)

/* Locked forms: safe from any context (the lock is taken irqsave). */
void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb);
void skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb);
struct sk_buff *skb_dequeue(struct sk_buff_head *q);
void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q);
/* Free every queued skb (kfree_skb: each counts as a drop). */
void skb_queue_purge(struct sk_buff_head *q);
void __skb_queue_purge(struct sk_buff_head *q);

#endif /* NET_CORE_SKBUFF_H */
