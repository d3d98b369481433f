/* test_skbuff.c: net/core/skbuff.c on the host — pointer arithmetic of
 * reserve/put/push/pull/trim, clones sharing data (either free order),
 * copies, build_skb over 2K buffers, fragments, head expansion, queues,
 * allocation failures. The file under test is compiled into this one,
 * after a host cpu.h, with malloc-backed slab fakes; every teardown checks
 * that no skb, data buffer or fake allocation is left. */
#include <setjmp.h>
#include <stdlib.h>

#include "lib/types.h"
#include "tests/unit/host_include/arch/x86_64/cpu.h"
#include "tests/unit/ktest.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "net/core/skbuff.c"
#include "tests/unit/host_alloc.h"

/* --- fakes: slab, pages, panic --- */

struct cpu_local cpu_data[NR_CPUS];	/* spinlocks count preemption here */
static int warns;
static jmp_buf panic_jmp;
static bool panic_armed;
static int panics;

void panic(const char *fmt, ...)
{
	panics++;
	if (panic_armed)
		longjmp(panic_jmp, 1);
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	warns++;
}

/* --- harness --- */

KTEST_SETUP(setup)
{
	skb_init();
	fail_next = 0;
	fail_skip = 0;
	warns = 0;
	panics = 0;
	panic_armed = false;
}

KTEST_TEARDOWN(teardown)
{
	struct skb_stats st;

	skb_get_stats(&st);
	EXPECT_EQ(st.live, 0);
	EXPECT_EQ(st.data_live, 0);
	EXPECT_EQ(fake_live, 0);
	EXPECT_EQ(preempt_count(), 0);
	EXPECT_FALSE(irqs_disabled());
}

static void fill(u8 *p, unsigned int n, u8 seed)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(seed + i);
}

static bool check(const u8 *p, unsigned int n, u8 seed)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)(seed + i))
			return false;
	return true;
}

/* --- pointer arithmetic --- */

KTEST(reserve_put_push_pull_trim)
{
	struct sk_buff *skb = alloc_skb(200, GFP_KERNEL);
	u8 *old_tail;

	ASSERT_NOT_NULL(skb);
	EXPECT_EQ(skb->len, 0);
	EXPECT_EQ(skb_headroom(skb), 0);
	EXPECT_GE(skb_tailroom(skb), 200);
	EXPECT_TRUE(skb->head_frag);		/* 200 + shinfo fits a 2K buffer */
	EXPECT_EQ(skb_shinfo(skb)->dataref, 1);

	skb_reserve(skb, 64);
	EXPECT_EQ(skb_headroom(skb), 64);
	EXPECT_EQ(skb->data, skb->tail);

	old_tail = skb_put(skb, 100);
	EXPECT_EQ(old_tail, skb->data);
	EXPECT_EQ(skb->len, 100);
	EXPECT_EQ(skb->tail - skb->data, 100);
	fill(skb->data, 100, 7);

	EXPECT_EQ(skb_push(skb, 14), skb->head + 50);
	EXPECT_EQ(skb->len, 114);
	EXPECT_EQ(skb_headroom(skb), 50);

	EXPECT_EQ(skb_pull(skb, 14), skb->head + 64);
	EXPECT_EQ(skb->len, 100);
	EXPECT_TRUE(check(skb->data, 100, 7));

	/* Pulling more than there is fails and changes nothing. */
	EXPECT_NULL(skb_pull(skb, 101));
	EXPECT_EQ(skb->len, 100);

	skb_trim(skb, 40);
	EXPECT_EQ(skb->len, 40);
	EXPECT_EQ(skb->tail, skb->data + 40);
	skb_trim(skb, 80);			/* longer: no-op */
	EXPECT_EQ(skb->len, 40);
	consume_skb(skb);
}

KTEST(header_offsets)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);

	ASSERT_NOT_NULL(skb);
	EXPECT_FALSE(skb_mac_header_was_set(skb));
	skb_reserve(skb, 32);
	skb_put(skb, 60);
	skb_reset_mac_header(skb);
	skb_pull(skb, 14);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, 20);
	EXPECT_EQ(skb_mac_header(skb), skb->data - 14);
	EXPECT_EQ(skb_network_header(skb), skb->data);
	EXPECT_EQ(skb_network_offset(skb), 0);
	EXPECT_EQ(skb_transport_offset(skb), 20);
	consume_skb(skb);
}

KTEST(put_beyond_end_panics)
{
	struct sk_buff *volatile skb = alloc_skb(100, GFP_KERNEL);

	ASSERT_NOT_NULL(skb);
	panic_armed = true;
	if (!setjmp(panic_jmp))
		skb_put(skb, skb_tailroom(skb) + 1);
	EXPECT_EQ(panics, 1);
	if (!setjmp(panic_jmp))
		skb_push(skb, 1);		/* no headroom */
	EXPECT_EQ(panics, 2);
	panic_armed = false;
	EXPECT_EQ(skb->len, 0);
	kfree_skb(skb);
}

/* --- references, clones, copies --- */

KTEST(get_and_shared)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct skb_stats st;

	ASSERT_NOT_NULL(skb);
	EXPECT_FALSE(skb_shared(skb));
	skb_get(skb);
	EXPECT_TRUE(skb_shared(skb));
	kfree_skb(skb);				/* drops the extra reference */
	EXPECT_FALSE(skb_shared(skb));
	skb_get_stats(&st);
	EXPECT_EQ(st.live, 1);
	kfree_skb(skb);
	skb_get_stats(&st);
	EXPECT_EQ(st.live, 0);
}

static void clone_and_free(bool original_first)
{
	struct sk_buff *skb = alloc_skb(300, GFP_KERNEL), *c;
	struct skb_stats st;

	ASSERT_NOT_NULL(skb);
	skb_reserve(skb, 16);
	fill(skb_put(skb, 200), 200, 3);
	c = skb_clone(skb, GFP_ATOMIC);
	ASSERT_NOT_NULL(c);
	EXPECT_NE(c, skb);
	EXPECT_EQ(c->data, skb->data);
	EXPECT_EQ(c->len, 200);
	EXPECT_EQ(skb_shinfo(skb)->dataref, 2);
	EXPECT_TRUE(skb_cloned(skb));
	EXPECT_TRUE(skb_cloned(c));
	EXPECT_FALSE(skb_shared(c));

	/* Each head moves on its own. */
	skb_pull(c, 50);
	EXPECT_EQ(skb->len, 200);

	consume_skb(original_first ? skb : c);
	skb_get_stats(&st);
	EXPECT_EQ(st.live, 1);
	EXPECT_EQ(st.data_live, 1);
	c = original_first ? c : skb;
	EXPECT_EQ(skb_shinfo(c)->dataref, 1);
	EXPECT_FALSE(skb_cloned(c));
	/* The survivor still reads the shared bytes (the clone was pulled 50). */
	EXPECT_TRUE(check(c->data, c->len, original_first ? 53 : 3));
	consume_skb(c);
}

KTEST(clone_free_original_first)
{
	clone_and_free(true);
}

KTEST(clone_free_clone_first)
{
	clone_and_free(false);
}

KTEST(copy_is_private)
{
	struct sk_buff *skb = alloc_skb(300, GFP_KERNEL), *n;

	ASSERT_NOT_NULL(skb);
	skb_reserve(skb, 40);
	fill(skb_put(skb, 100), 100, 9);
	skb_push(skb, 14);
	skb_reset_mac_header(skb);
	skb_pull(skb, 14);
	skb->protocol = 0x0008;
	skb->priority = 6;
	n = skb_copy(skb, GFP_ATOMIC);
	ASSERT_NOT_NULL(n);
	EXPECT_NE(n->data, skb->data);
	EXPECT_EQ(n->len, 100);
	EXPECT_EQ(skb_headroom(n), skb_headroom(skb));
	EXPECT_EQ(n->mac_header, skb->mac_header);
	EXPECT_EQ(n->protocol, 0x0008);
	EXPECT_EQ(n->priority, 6);
	EXPECT_FALSE(skb_cloned(skb));
	EXPECT_TRUE(check(n->data, 100, 9));
	n->data[0] ^= 0xff;
	EXPECT_TRUE(check(skb->data, 100, 9));
	kfree_skb(skb);
	kfree_skb(n);
}

KTEST(share_check_clones_shared)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL), *n;

	ASSERT_NOT_NULL(skb);
	EXPECT_EQ(skb_share_check(skb, GFP_ATOMIC), skb);	/* not shared */
	skb_get(skb);
	n = skb_share_check(skb, GFP_ATOMIC);
	ASSERT_NOT_NULL(n);
	EXPECT_NE(n, skb);
	EXPECT_FALSE(skb_shared(skb));				/* one ref given up */
	consume_skb(n);
	consume_skb(skb);
}

/* --- zero-copy receive buffers --- */

KTEST(build_skb_over_2k_buffer)
{
	u8 *buf = netdev_alloc_frag(SKB_DATA_2K);
	struct sk_buff *skb;
	struct skb_stats st;

	ASSERT_NOT_NULL(buf);
	skb_get_stats(&st);
	EXPECT_EQ(st.data_live, 1);
	fill(buf + NET_SKB_PAD, 1514, 1);	/* "DMA" */
	skb = build_skb(buf, SKB_DATA_2K);
	ASSERT_NOT_NULL(skb);
	EXPECT_EQ(skb->head, buf);
	skb_reserve(skb, NET_SKB_PAD);
	skb_put(skb, 1514);
	EXPECT_TRUE(check(skb->data, 1514, 1));
	EXPECT_EQ(skb_tailroom(skb), SKB_2K_MAX_FRAME - 1514);
	EXPECT_EQ((u8 *)skb_shinfo(skb) + SKB_DATA_ALIGN(sizeof(struct skb_shared_info)),
		  buf + SKB_DATA_2K);
	consume_skb(skb);
}

KTEST(frag_size_limits)
{
	u8 *buf;

	EXPECT_NULL(netdev_alloc_frag(SKB_DATA_2K + 1));
	EXPECT_NULL(netdev_alloc_frag(0));
	buf = netdev_alloc_frag(1500);
	ASSERT_NOT_NULL(buf);
	EXPECT_NULL(build_skb(buf, 1024));	/* only whole 2K objects */
	EXPECT_EQ(warns, 1);
	skb_free_frag(buf);
}

KTEST(netdev_alloc_skb_headroom)
{
	struct sk_buff *skb = __netdev_alloc_skb(NULL, 1514, GFP_ATOMIC);

	ASSERT_NOT_NULL(skb);
	EXPECT_EQ(skb_headroom(skb), NET_SKB_PAD);
	EXPECT_GE(skb_tailroom(skb), 1514);
	consume_skb(skb);
	skb = alloc_skb(4000, GFP_KERNEL);		/* beyond 2K: kmalloc */
	ASSERT_NOT_NULL(skb);
	EXPECT_FALSE(skb->head_frag);
	EXPECT_GE(skb_tailroom(skb), 4000);
	consume_skb(skb);
	EXPECT_NULL(alloc_skb(SKB_MAX_ALLOC + 1, GFP_KERNEL));
}

KTEST(allocation_failures_are_counted)
{
	struct skb_stats before, after;

	skb_get_stats(&before);
	fail_next = 1;					/* the head */
	EXPECT_NULL(alloc_skb(100, GFP_ATOMIC));
	fail_next = 1;
	EXPECT_NULL(netdev_alloc_frag(SKB_DATA_2K));
	skb_get_stats(&after);
	EXPECT_EQ(after.alloc_failures - before.alloc_failures, 2);
}

KTEST(data_allocation_failure_frees_head)
{
	struct skb_stats st;
	struct sk_buff *skb;

	/* The head succeeds, the data fails: the head must be given back. */
	fail_skip = 1;
	fail_next = 1;
	skb = alloc_skb(10, GFP_ATOMIC);
	EXPECT_NULL(skb);
	skb_get_stats(&st);
	EXPECT_EQ(st.live, 0);
	EXPECT_EQ(st.data_live, 0);
}

/* --- fragments and reallocation --- */

static struct sk_buff *skb_with_frag(unsigned int head_bytes, unsigned int frag_bytes)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);
	u8 *page = fake_alloc(PAGE_SIZE);

	fill(skb_put(skb, head_bytes), head_bytes, 0);
	fill(page + 100, frag_bytes, (u8)head_bytes);
	skb_fill_page_desc(skb, 0, page, 100, frag_bytes);
	return skb;
}

KTEST(frags_copy_bits_and_may_pull)
{
	struct sk_buff *skb = skb_with_frag(40, 300);
	u8 buf[64];

	EXPECT_EQ(skb->len, 340);
	EXPECT_EQ(skb->data_len, 300);
	EXPECT_EQ(skb_headlen(skb), 40);
	EXPECT_EQ(skb_tailroom(skb), 0);
	EXPECT_EQ(skb_copy_bits(skb, 20, buf, 64), 0);	/* across the boundary */
	EXPECT_TRUE(check(buf, 64, 20));
	EXPECT_EQ(skb_copy_bits(skb, 300, buf, 41), -EFAULT);
	EXPECT_NOT_NULL(skb_header_pointer(skb, 30, 20, buf));
	EXPECT_NULL(skb_header_pointer(skb, 330, 20, buf));

	EXPECT_TRUE(pskb_may_pull(skb, 40));		/* already linear */
	EXPECT_EQ(skb->data_len, 300);
	EXPECT_FALSE(pskb_may_pull(skb, 341));
	EXPECT_TRUE(pskb_may_pull(skb, 60));		/* linearises */
	EXPECT_EQ(skb->data_len, 0);
	EXPECT_EQ(skb_headlen(skb), 340);
	EXPECT_TRUE(check(skb->data, 340, 0));
	kfree_skb(skb);
}

KTEST(pskb_trim_frags)
{
	struct sk_buff *skb = skb_with_frag(40, 300);

	EXPECT_EQ(pskb_trim(skb, 100), 0);
	EXPECT_EQ(skb->len, 100);
	EXPECT_EQ(skb->data_len, 60);
	EXPECT_EQ(skb_shinfo(skb)->nr_frags, 1);
	EXPECT_EQ(pskb_trim(skb, 20), 0);		/* into the head: frags go */
	EXPECT_EQ(skb->len, 20);
	EXPECT_EQ(skb->data_len, 0);
	EXPECT_EQ(skb_shinfo(skb)->nr_frags, 0);
	kfree_skb(skb);
}

KTEST(pskb_trim_refuses_shared_frags)
{
	struct sk_buff *skb = skb_with_frag(40, 300), *c = skb_clone(skb, GFP_ATOMIC);

	ASSERT_NOT_NULL(c);
	EXPECT_EQ(pskb_trim(skb, 100), -EINVAL);	/* pages have no refcount */
	EXPECT_EQ(skb->len, 340);
	EXPECT_EQ(pskb_trim(c, 20), -EINVAL);
	kfree_skb(skb);
	EXPECT_EQ(pskb_trim(c, 100), 0);		/* sole owner now */
	kfree_skb(c);
}

KTEST(expand_head_unshares_clone)
{
	struct sk_buff *skb = alloc_skb(100, GFP_KERNEL), *c;

	ASSERT_NOT_NULL(skb);
	skb_reserve(skb, 8);
	fill(skb_put(skb, 50), 50, 4);
	skb_reset_network_header(skb);
	c = skb_clone(skb, GFP_ATOMIC);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(skb_cow_head(c, 64), 0);
	EXPECT_GE(skb_headroom(c), 64);
	EXPECT_FALSE(skb_cloned(c));
	EXPECT_FALSE(skb_cloned(skb));
	EXPECT_NE(c->data, skb->data);
	EXPECT_TRUE(check(c->data, 50, 4));
	EXPECT_EQ(skb_network_header(c), c->data);
	skb_push(c, 64);
	kfree_skb(skb);
	kfree_skb(c);
}

KTEST(expand_cloned_nonlinear_linearises)
{
	struct sk_buff *skb = skb_with_frag(40, 300), *c;

	c = skb_clone(skb, GFP_ATOMIC);
	ASSERT_NOT_NULL(c);
	EXPECT_EQ(pskb_expand_head(c, 32, 0, GFP_ATOMIC), 0);
	EXPECT_EQ(c->data_len, 0);
	EXPECT_EQ(c->len, 340);
	EXPECT_TRUE(check(c->data, 340, 0));
	EXPECT_EQ(skb_shinfo(skb)->nr_frags, 1);	/* still the original's */
	EXPECT_FALSE(skb_cloned(skb));			/* the clone went private */
	EXPECT_EQ(pskb_trim(skb, 100), 0);
	EXPECT_EQ(skb->data_len, 60);
	kfree_skb(c);
	kfree_skb(skb);
}

/* --- queues --- */

KTEST(queue_order_and_purge)
{
	struct sk_buff_head q;
	struct sk_buff *skb[4];
	struct skb_stats before, after;
	int i;

	skb_queue_head_init(&q);
	EXPECT_TRUE(skb_queue_empty(&q));
	EXPECT_NULL(skb_dequeue(&q));
	for (i = 0; i < 4; i++) {
		skb[i] = alloc_skb(32, GFP_KERNEL);
		ASSERT_NOT_NULL(skb[i]);
	}
	skb_queue_tail(&q, skb[1]);
	skb_queue_tail(&q, skb[2]);
	__skb_queue_tail(&q, skb[3]);
	skb_queue_head(&q, skb[0]);
	EXPECT_EQ(skb_queue_len(&q), 4);
	EXPECT_EQ(skb_peek(&q), skb[0]);
	EXPECT_EQ(skb_peek_tail(&q), skb[3]);
	EXPECT_EQ(skb_dequeue(&q), skb[0]);
	EXPECT_EQ(__skb_dequeue(&q), skb[1]);
	skb_unlink(skb[3], &q);
	EXPECT_EQ(skb_queue_len(&q), 1);
	consume_skb(skb[0]);
	consume_skb(skb[1]);
	consume_skb(skb[3]);

	skb_get_stats(&before);
	skb_queue_purge(&q);
	skb_get_stats(&after);
	EXPECT_TRUE(skb_queue_empty(&q));
	EXPECT_EQ(after.dropped - before.dropped, 1);
	EXPECT_FALSE(irqs_disabled());			/* locks were balanced */
}

KTEST(queue_splice)
{
	struct sk_buff_head a, b;
	int i;

	skb_queue_head_init(&a);
	skb_queue_head_init(&b);
	for (i = 0; i < 3; i++)
		__skb_queue_tail(i < 2 ? &a : &b, alloc_skb(16, GFP_KERNEL));
	skb_queue_splice_tail_init(&a, &b);
	EXPECT_EQ(skb_queue_len(&a), 0);
	EXPECT_TRUE(skb_queue_empty(&a));
	EXPECT_EQ(skb_queue_len(&b), 3);
	__skb_queue_purge(&b);
}

KTEST(kfree_null_is_noop)
{
	kfree_skb(NULL);
	consume_skb(NULL);
	EXPECT_EQ(warns, 0);
}
