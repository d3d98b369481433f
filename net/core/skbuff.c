/* sk_buff allocation, cloning, copying, release and queue operations
 * (Linux's net/core/skbuff.c, minus fclones, page pools and GRO). Heads
 * come from "skbuff_head_cache", data up to 2 KiB from "skb_data_2k",
 * larger data from kmalloc. Every buffer is counted (struct skb_stats). */
#include "net/core/skbuff.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct kmem_cache *skbuff_head_cache;
static struct kmem_cache *skb_data_2k_cache;

/* Updated with atomics so any CPU, in any context, may allocate and free. */
static struct skb_stats skb_counters;

#define SKB_STAT_INC(field)	__atomic_add_fetch(&skb_counters.field, 1, __ATOMIC_RELAXED)
#define SKB_STAT_DEC(field)	__atomic_sub_fetch(&skb_counters.field, 1, __ATOMIC_RELAXED)

/* A full-size Ethernet frame with a VLAN tag and FCS must fit a 2K buffer. */
static_assert(SKB_2K_MAX_FRAME >= 1522, "skb_data_2k too small for a frame");

void skb_init(void)
{
	if (skbuff_head_cache)
		return;
	skbuff_head_cache = kmem_cache_create("skbuff_head_cache",
					      sizeof(struct sk_buff), SMP_CACHE_BYTES);
	skb_data_2k_cache = kmem_cache_create("skb_data_2k", SKB_DATA_2K, SMP_CACHE_BYTES);
	if (!skbuff_head_cache || !skb_data_2k_cache)
		panic("skb_init: cannot create the skb slab caches");
}

void skb_get_stats(struct skb_stats *st)
{
	st->allocated = __atomic_load_n(&skb_counters.allocated, __ATOMIC_RELAXED);
	st->freed = __atomic_load_n(&skb_counters.freed, __ATOMIC_RELAXED);
	st->dropped = __atomic_load_n(&skb_counters.dropped, __ATOMIC_RELAXED);
	st->clones = __atomic_load_n(&skb_counters.clones, __ATOMIC_RELAXED);
	st->copies = __atomic_load_n(&skb_counters.copies, __ATOMIC_RELAXED);
	st->alloc_failures = __atomic_load_n(&skb_counters.alloc_failures, __ATOMIC_RELAXED);
	st->live = st->allocated - st->freed;
	st->data_live = __atomic_load_n(&skb_counters.data_live, __ATOMIC_RELAXED);
}

__noreturn void skb_over_panic(const struct sk_buff *skb, unsigned int len, void *here)
{
	panic("skb_over_panic: text:%p len:%u put:%u head:%p data:%p tail:%p end:%p",
	      here, skb->len, len, skb->head, skb->data, skb->tail, skb->end);
}

__noreturn void skb_under_panic(const struct sk_buff *skb, unsigned int len, void *here)
{
	panic("skb_under_panic: text:%p len:%u push:%u head:%p data:%p tail:%p end:%p",
	      here, skb->len, len, skb->head, skb->data, skb->tail, skb->end);
}

/* --- data buffers --- */

/*
 * A data area with room for size bytes plus the shared info. *usable gets
 * the bytes before the shared info (>= size); *from_2k says which pool.
 */
static void *skb_data_alloc(unsigned int size, gfp_t gfp, unsigned int *usable,
			    bool *from_2k)
{
	unsigned int total = SKB_DATA_ALIGN(size) +
			     SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
	void *data;

	*from_2k = total <= SKB_DATA_2K;
	if (*from_2k) {
		data = kmem_cache_alloc(skb_data_2k_cache, gfp);
		total = SKB_DATA_2K;
	} else {
		data = kmalloc(total, gfp);
	}
	if (!data)
		return NULL;
	SKB_STAT_INC(data_live);
	*usable = SKB_WITH_OVERHEAD(total);
	return data;
}

static void skb_data_free(void *data, bool from_2k)
{
	if (from_2k)
		kmem_cache_free(skb_data_2k_cache, data);
	else
		kfree(data);
	SKB_STAT_DEC(data_live);
}

void *netdev_alloc_frag(unsigned int fragsz)
{
	void *data;

	BUG_ON(!skb_data_2k_cache);
	if (fragsz == 0 || fragsz > SKB_DATA_2K)
		return NULL;
	data = kmem_cache_alloc(skb_data_2k_cache, GFP_ATOMIC);
	if (!data) {
		SKB_STAT_INC(alloc_failures);
		return NULL;
	}
	SKB_STAT_INC(data_live);
	return data;
}

void skb_free_frag(void *data)
{
	if (data)
		skb_data_free(data, true);
}

/* --- sk_buff heads --- */

static struct sk_buff *skb_head_alloc(gfp_t gfp)
{
	struct sk_buff *skb;

	BUG_ON(!skbuff_head_cache);
	skb = kmem_cache_alloc(skbuff_head_cache, gfp);
	if (!skb) {
		SKB_STAT_INC(alloc_failures);
		return NULL;
	}
	SKB_STAT_INC(allocated);
	return skb;
}

static void kfree_skbmem(struct sk_buff *skb)
{
	kmem_cache_free(skbuff_head_cache, skb);
	SKB_STAT_INC(freed);
}

/* Point a zeroed head at a fresh data area of usable bytes. */
static void skb_attach_data(struct sk_buff *skb, void *data, unsigned int usable,
			    bool from_2k)
{
	struct skb_shared_info *shinfo;

	memset(skb, 0, sizeof(*skb));
	INIT_LIST_HEAD(&skb->list);
	skb->users = 1;
	skb->head = data;
	skb->data = data;
	skb->tail = data;
	skb->end = (unsigned char *)data + usable;
	skb->head_frag = from_2k;
	skb->truesize = usable + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) +
			SKB_DATA_ALIGN(sizeof(struct sk_buff));
	skb->mac_header = SKB_HEADER_UNSET;
	skb->network_header = SKB_HEADER_UNSET;
	skb->transport_header = SKB_HEADER_UNSET;

	shinfo = skb_shinfo(skb);
	memset(shinfo, 0, sizeof(*shinfo));
	shinfo->dataref = 1;
}

struct sk_buff *alloc_skb(unsigned int size, gfp_t gfp)
{
	struct sk_buff *skb;
	unsigned int usable;
	bool from_2k;
	void *data;

	if (size > SKB_MAX_ALLOC)
		return NULL;
	skb = skb_head_alloc(gfp);
	if (!skb)
		return NULL;
	data = skb_data_alloc(size, gfp, &usable, &from_2k);
	if (!data) {
		kfree_skbmem(skb);
		SKB_STAT_INC(alloc_failures);
		return NULL;
	}
	skb_attach_data(skb, data, usable, from_2k);
	return skb;
}

struct sk_buff *__netdev_alloc_skb(struct net_device *dev, unsigned int len, gfp_t gfp)
{
	struct sk_buff *skb;

	if (len > SKB_MAX_ALLOC - NET_SKB_PAD)
		return NULL;
	skb = alloc_skb(len + NET_SKB_PAD, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD);
	skb->dev = dev;
	return skb;
}

struct sk_buff *build_skb(void *data, unsigned int frag_size)
{
	struct sk_buff *skb;

	if (WARN_ON(!data || frag_size != SKB_DATA_2K))
		return NULL;
	skb = skb_head_alloc(GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_attach_data(skb, data, SKB_WITH_OVERHEAD(SKB_DATA_2K), true);
	return skb;
}

/* --- release --- */

static void skb_release_frags(struct skb_shared_info *shinfo)
{
	int i;

	for (i = 0; i < shinfo->nr_frags; i++)
		free_page(shinfo->frags[i].page);
	shinfo->nr_frags = 0;
}

/* Drop this skb's hold on its data; the last holder frees it. */
static void skb_release_data(struct sk_buff *skb)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (skb->cloned &&
	    __atomic_sub_fetch(&shinfo->dataref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	skb_release_frags(shinfo);
	skb_data_free(skb->head, skb->head_frag);
}

void __kfree_skb(struct sk_buff *skb)
{
	if (skb->destructor)
		skb->destructor(skb);
	skb_release_data(skb);
	kfree_skbmem(skb);
}

/* True when the caller held the last reference. */
static bool skb_unref(struct sk_buff *skb)
{
	if (!skb)
		return false;
	if (likely(__atomic_load_n(&skb->users, __ATOMIC_ACQUIRE) == 1))
		return true;
	return __atomic_sub_fetch(&skb->users, 1, __ATOMIC_ACQ_REL) == 0;
}

void kfree_skb_reason(struct sk_buff *skb, enum skb_drop_reason reason)
{
	if (!skb_unref(skb))
		return;
	if (reason != SKB_CONSUMED)
		SKB_STAT_INC(dropped);
	__kfree_skb(skb);
}

void kfree_skb_list(struct list_head *list)
{
	struct sk_buff *skb, *tmp;

	list_for_each_entry_safe(skb, tmp, list, list) {
		list_del_init(&skb->list);
		kfree_skb(skb);
	}
}

/* --- clone and copy --- */

struct sk_buff *skb_clone(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *n = skb_head_alloc(gfp);

	if (!n)
		return NULL;
	*n = *skb;
	INIT_LIST_HEAD(&n->list);
	n->sk = NULL;
	n->destructor = NULL;
	n->users = 1;
	n->cloned = 1;
	skb->cloned = 1;
	__atomic_add_fetch(&skb_shinfo(skb)->dataref, 1, __ATOMIC_RELAXED);
	SKB_STAT_INC(clones);
	return n;
}

/* Metadata a copy inherits; header offsets are rebased by the caller. */
static void copy_skb_header(struct sk_buff *n, const struct sk_buff *old)
{
	n->dev = old->dev;
	n->tstamp = old->tstamp;
	memcpy(n->cb, old->cb, sizeof(n->cb));
	n->priority = old->priority;
	n->hash = old->hash;
	n->mark = old->mark;
	n->skb_iif = old->skb_iif;
	n->protocol = old->protocol;
	n->csum_start = old->csum_start;
	n->csum_offset = old->csum_offset;
	n->csum = old->csum;
	n->pkt_type = old->pkt_type;
	n->ip_summed = old->ip_summed;
	skb_shinfo(n)->gso_size = skb_shinfo(old)->gso_size;
	skb_shinfo(n)->gso_segs = skb_shinfo(old)->gso_segs;
	skb_shinfo(n)->gso_type = skb_shinfo(old)->gso_type;
}

static u16 rebase_offset(u16 off, long delta)
{
	return off == SKB_HEADER_UNSET ? off : (u16)(off + delta);
}

/* Header offsets are from head; after moving the data, shift them. */
static void skb_rebase_headers(struct sk_buff *skb, long delta)
{
	skb->mac_header = rebase_offset(skb->mac_header, delta);
	skb->network_header = rebase_offset(skb->network_header, delta);
	skb->transport_header = rebase_offset(skb->transport_header, delta);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start = (u16)(skb->csum_start + delta);
}

struct sk_buff *skb_copy(const struct sk_buff *skb, gfp_t gfp)
{
	unsigned int headroom = skb_headroom(skb);
	struct sk_buff *n;

	n = alloc_skb(headroom + skb->len + max(skb_tailroom(skb), 0), gfp);
	if (!n)
		return NULL;
	skb_reserve(n, headroom);
	skb_put(n, skb->len);
	/* The headroom too: a pushed-back header must survive the copy. */
	memcpy(n->head, skb->head, headroom);
	BUG_ON(skb_copy_bits(skb, 0, n->data, skb->len));
	copy_skb_header(n, skb);
	n->mac_header = skb->mac_header;
	n->network_header = skb->network_header;
	n->transport_header = skb->transport_header;
	SKB_STAT_INC(copies);
	return n;
}

struct sk_buff *skb_share_check(struct sk_buff *skb, gfp_t gfp)
{
	struct sk_buff *n;

	if (!skb_shared(skb))
		return skb;
	n = skb_clone(skb, gfp);
	if (!n) {
		kfree_skb(skb);
		return NULL;
	}
	consume_skb(skb);
	return n;
}

int skb_copy_bits(const struct sk_buff *skb, int offset, void *to, int len)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int start = skb_headlen(skb);
	u8 *dst = to;
	int i, copy;

	if (offset < 0 || len < 0 || (unsigned int)offset + len > skb->len)
		return -EFAULT;
	copy = min_t(int, (int)start - offset, len);
	if (copy > 0) {
		memcpy(dst, skb->data + offset, copy);
		dst += copy;
		offset += copy;
		len -= copy;
	}
	for (i = 0; i < shinfo->nr_frags && len > 0; i++) {
		const skb_frag_t *f = &shinfo->frags[i];
		unsigned int end = start + f->size;

		copy = min_t(int, (int)end - offset, len);
		if (copy > 0) {
			memcpy(dst, (u8 *)f->page + f->offset + (offset - start), copy);
			dst += copy;
			offset += copy;
			len -= copy;
		}
		start = end;
	}
	return len ? -EFAULT : 0;
}

/* --- reallocating the head --- */

/*
 * Give skb a private data area with nhead/ntail extra room. linearize
 * pulls fragment data into it; it must when the fragments are shared
 * with a clone, because fragment pages carry no reference count.
 */
static int skb_realloc_head(struct sk_buff *skb, unsigned int nhead,
			    unsigned int ntail, bool linearize, gfp_t gfp)
{
	struct skb_shared_info *old = skb_shinfo(skb), *shinfo;
	unsigned int headroom = skb_headroom(skb), usable;
	unsigned int linear = linearize ? skb->len : skb_headlen(skb);
	unsigned int size = nhead + headroom + linear + skb_tailroom(skb) + ntail;
	bool from_2k, shared = skb_cloned(skb);
	u8 *data;

	BUG_ON(skb_shared(skb));
	if (size > SKB_MAX_ALLOC + NET_SKB_PAD)
		return -ENOMEM;
	data = skb_data_alloc(size, gfp, &usable, &from_2k);
	if (!data) {
		SKB_STAT_INC(alloc_failures);
		return -ENOMEM;
	}
	memcpy(data + nhead, skb->head, headroom + skb_headlen(skb));
	if (linearize && skb->data_len)
		skb_copy_bits(skb, skb_headlen(skb),
			      data + nhead + headroom + skb_headlen(skb), skb->data_len);

	shinfo = (struct skb_shared_info *)(data + usable);
	memset(shinfo, 0, sizeof(*shinfo));
	shinfo->dataref = 1;
	shinfo->gso_size = old->gso_size;
	shinfo->gso_segs = old->gso_segs;
	shinfo->gso_type = old->gso_type;
	if (!linearize) {
		/* Unshared fragments change owner with the shared info. */
		shinfo->nr_frags = old->nr_frags;
		memcpy(shinfo->frags, old->frags, old->nr_frags * sizeof(skb_frag_t));
		if (!shared)
			old->nr_frags = 0;
	}
	skb_release_data(skb);

	skb->head = data;
	skb->data = data + nhead + headroom;
	skb->tail = skb->data + linear;
	skb->end = data + usable;
	skb->head_frag = from_2k;
	skb->cloned = 0;
	if (linearize)
		skb->data_len = 0;
	skb->truesize = usable + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) +
			SKB_DATA_ALIGN(sizeof(struct sk_buff));
	skb_rebase_headers(skb, nhead);
	return 0;
}

int pskb_expand_head(struct sk_buff *skb, unsigned int nhead, unsigned int ntail, gfp_t gfp)
{
	return skb_realloc_head(skb, nhead, ntail,
				skb_is_nonlinear(skb) && skb_cloned(skb), gfp);
}

int skb_cow_head(struct sk_buff *skb, unsigned int headroom)
{
	unsigned int delta = 0;

	if (headroom > skb_headroom(skb))
		delta = headroom - skb_headroom(skb);
	if (!delta && !skb_cloned(skb))
		return 0;
	return pskb_expand_head(skb, ALIGN(delta, NET_SKB_PAD), 0, GFP_ATOMIC);
}

int skb_linearize(struct sk_buff *skb)
{
	if (!skb_is_nonlinear(skb))
		return 0;
	return skb_realloc_head(skb, 0, 0, true, GFP_ATOMIC);
}

void skb_fill_page_desc(struct sk_buff *skb, int i, void *page, u32 off, u32 size)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);

	BUG_ON(i < 0 || i >= MAX_SKB_FRAGS);
	shinfo->frags[i].page = page;
	shinfo->frags[i].offset = off;
	shinfo->frags[i].size = size;
	shinfo->nr_frags = i + 1;
	skb->len += size;
	skb->data_len += size;
	skb->truesize += PAGE_SIZE;
}

/* --- data pointer arithmetic --- */

void *skb_put(struct sk_buff *skb, unsigned int len)
{
	unsigned char *tmp = skb->tail;

	if (unlikely(skb_is_nonlinear(skb) || len > (unsigned int)(skb->end - skb->tail)))
		skb_over_panic(skb, len, __builtin_return_address(0));
	skb->tail += len;
	skb->len += len;
	return tmp;
}

void *skb_put_data(struct sk_buff *skb, const void *data, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	memcpy(tmp, data, len);
	return tmp;
}

void *skb_put_zero(struct sk_buff *skb, unsigned int len)
{
	void *tmp = skb_put(skb, len);

	memset(tmp, 0, len);
	return tmp;
}

void *skb_push(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headroom(skb)))
		skb_under_panic(skb, len, __builtin_return_address(0));
	skb->data -= len;
	skb->len += len;
	return skb->data;
}

void *skb_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(len > skb_headlen(skb)))
		return NULL;
	skb->len -= len;
	skb->data += len;
	return skb->data;
}

void skb_trim(struct sk_buff *skb, unsigned int len)
{
	if (WARN_ON(skb_is_nonlinear(skb)))
		return;
	if (skb->len > len) {
		skb->len = len;
		skb->tail = skb->data + len;
	}
}

/* Cut fragments so that the skb holds len bytes; len >= skb_headlen. */
static void skb_trim_frags(struct sk_buff *skb, unsigned int len)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int offset = skb_headlen(skb);
	int i, keep = 0;

	for (i = 0; i < shinfo->nr_frags; i++) {
		skb_frag_t *f = &shinfo->frags[i];

		if (offset >= len) {
			free_page(f->page);
			continue;
		}
		if (offset + f->size > len)
			f->size = len - offset;
		offset += f->size;
		keep = i + 1;
	}
	shinfo->nr_frags = keep;
	skb->data_len = len - skb_headlen(skb);
	skb->len = len;
}

int pskb_trim(struct sk_buff *skb, unsigned int len)
{
	if (len >= skb->len)
		return 0;
	if (!skb_is_nonlinear(skb)) {
		skb_trim(skb, len);
		return 0;
	}
	if (skb_cloned(skb))
		return -EINVAL;
	if (len < skb_headlen(skb)) {
		skb_release_frags(skb_shinfo(skb));
		skb->len = skb_headlen(skb);
		skb->data_len = 0;
		skb_trim(skb, len);
		return 0;
	}
	skb_trim_frags(skb, len);
	return 0;
}

/* --- locked queue operations --- */

void skb_queue_tail(struct sk_buff_head *q, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_queue_tail(q, skb);
	spin_unlock_irqrestore(&q->lock, flags);
}

void skb_queue_head(struct sk_buff_head *q, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_queue_head(q, skb);
	spin_unlock_irqrestore(&q->lock, flags);
}

struct sk_buff *skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb;
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	skb = __skb_dequeue(q);
	spin_unlock_irqrestore(&q->lock, flags);
	return skb;
}

void skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	__skb_unlink(skb, q);
	spin_unlock_irqrestore(&q->lock, flags);
}

void __skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)) != NULL)
		kfree_skb(skb);
}

void skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = skb_dequeue(q)) != NULL)
		kfree_skb(skb);
}
