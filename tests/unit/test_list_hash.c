/* test_list_hash.c: lib/list.h and lib/hash.h. Entries come from a
 * counting allocator and the teardown fails any test that leaks one --
 * the pattern every napkin unit test follows. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/list.h"
#include "lib/hash.h"
#include "tests/unit/ktest.h"

struct item {
	int key;
	struct list_head node;
	struct hlist_node hnode;
};

static int live_items;

static struct item *item_new(int key)
{
	struct item *it = calloc(1, sizeof(*it));

	it->key = key;
	INIT_LIST_HEAD(&it->node);
	INIT_HLIST_NODE(&it->hnode);
	live_items++;
	return it;
}

static void item_free(struct item *it)
{
	live_items--;
	free(it);
}

KTEST_TEARDOWN(check_no_leaks)
{
	EXPECT_EQ(live_items, 0);
	live_items = 0;
}

/* Keys of the list in order, as "1,2,3". */
static const char *keys(struct list_head *head)
{
	static char out[256];
	struct item *it;
	size_t n = 0;

	out[0] = '\0';
	list_for_each_entry(it, head, node)
		n += (size_t)(snprintf)(out + n, sizeof(out) - n, "%s%d",
					n ? "," : "", it->key);
	return out;
}

static void free_all(struct list_head *head)
{
	struct item *it, *tmp;

	list_for_each_entry_safe(it, tmp, head, node) {
		list_del(&it->node);
		item_free(it);
	}
}

KTEST(list_add_and_add_tail)
{
	LIST_HEAD(head);

	EXPECT_TRUE(list_empty(&head));
	EXPECT_NULL(list_first_entry_or_null(&head, struct item, node));
	list_add_tail(&item_new(2)->node, &head);
	list_add_tail(&item_new(3)->node, &head);
	list_add(&item_new(1)->node, &head);
	EXPECT_FALSE(list_empty(&head));
	EXPECT_STREQ(keys(&head), "1,2,3");
	EXPECT_EQ(list_first_entry(&head, struct item, node)->key, 1);
	EXPECT_EQ(list_last_entry(&head, struct item, node)->key, 3);
	EXPECT_EQ(list_first_entry_or_null(&head, struct item, node)->key, 1);
	/* Works through a const head, as skb_peek() needs. */
	EXPECT_EQ(list_first_entry_or_null((const struct list_head *)&head,
					   struct item, node)->key, 1);
	EXPECT_EQ(list_count_nodes(&head), 3);
	free_all(&head);
	EXPECT_TRUE(list_empty(&head));
}

KTEST(list_del_and_del_init)
{
	LIST_HEAD(head);
	struct item *a = item_new(1), *b = item_new(2), *c = item_new(3);

	list_add_tail(&a->node, &head);
	list_add_tail(&b->node, &head);
	list_add_tail(&c->node, &head);
	list_del(&b->node);
	EXPECT_EQ(b->node.next, LIST_POISON1);
	EXPECT_EQ(b->node.prev, LIST_POISON2);
	EXPECT_STREQ(keys(&head), "1,3");
	list_del_init(&a->node);
	EXPECT_TRUE(list_empty(&a->node));
	EXPECT_STREQ(keys(&head), "3");
	EXPECT_TRUE(list_is_singular(&head));
	EXPECT_TRUE(list_is_first(&c->node, &head));
	EXPECT_TRUE(list_is_last(&c->node, &head));
	list_del_init(&c->node);
	EXPECT_TRUE(list_empty(&head));
	item_free(a);
	item_free(b);
	item_free(c);
}

KTEST(list_iteration_both_ways_and_safe_removal)
{
	LIST_HEAD(head);
	struct list_head *pos, *n;
	struct item *it, *tmp;
	int i, sum = 0, last = 100;

	for (i = 1; i <= 10; i++)
		list_add_tail(&item_new(i)->node, &head);
	list_for_each(pos, &head)
		sum += list_entry(pos, struct item, node)->key;
	EXPECT_EQ(sum, 55);
	list_for_each_entry_reverse(it, &head, node) {
		EXPECT_LT(it->key, last);
		last = it->key;
	}
	list_for_each_prev(pos, &head)
		sum -= list_entry(pos, struct item, node)->key;
	EXPECT_EQ(sum, 0);
	/* Remove the even keys while walking. */
	list_for_each_entry_safe(it, tmp, &head, node) {
		if (it->key % 2 == 0) {
			list_del(&it->node);
			item_free(it);
		}
	}
	EXPECT_STREQ(keys(&head), "1,3,5,7,9");
	list_for_each_safe(pos, n, &head) {
		list_del(pos);
		item_free(list_entry(pos, struct item, node));
	}
	EXPECT_TRUE(list_empty(&head));
}

KTEST(list_move_and_splice)
{
	LIST_HEAD(a);
	LIST_HEAD(b);
	struct item *x;
	int i;

	for (i = 1; i <= 3; i++)
		list_add_tail(&item_new(i)->node, &a);
	for (i = 4; i <= 6; i++)
		list_add_tail(&item_new(i)->node, &b);
	x = list_first_entry(&a, struct item, node);
	list_move_tail(&x->node, &a);
	EXPECT_STREQ(keys(&a), "2,3,1");
	list_move(&x->node, &b);
	EXPECT_STREQ(keys(&b), "1,4,5,6");
	list_splice_init(&b, &a);
	EXPECT_TRUE(list_empty(&b));
	EXPECT_STREQ(keys(&a), "1,4,5,6,2,3");
	list_splice_init(&b, &a);	/* empty: no-op */
	EXPECT_STREQ(keys(&a), "1,4,5,6,2,3");
	list_add_tail(&item_new(7)->node, &b);
	list_splice_tail_init(&b, &a);
	EXPECT_STREQ(keys(&a), "1,4,5,6,2,3,7");
	EXPECT_TRUE(list_empty(&b));
	free_all(&a);
}

KTEST(list_replace_keeps_position)
{
	LIST_HEAD(head);
	struct item *a = item_new(1), *b = item_new(2), *r = item_new(9);

	list_add_tail(&a->node, &head);
	list_add_tail(&b->node, &head);
	list_replace(&a->node, &r->node);
	EXPECT_STREQ(keys(&head), "9,2");
	item_free(a);
	free_all(&head);
}

KTEST(hlist_add_del_unhashed)
{
	HLIST_HEAD(h);
	struct item *a = item_new(1), *b = item_new(2), *c = item_new(3);
	struct item *it;
	struct hlist_node *tmp;
	int n = 0;

	EXPECT_TRUE(hlist_empty(&h));
	EXPECT_TRUE(hlist_unhashed(&a->hnode));
	hlist_add_head(&a->hnode, &h);
	hlist_add_head(&b->hnode, &h);
	hlist_add_behind(&c->hnode, &b->hnode);
	EXPECT_FALSE(hlist_unhashed(&a->hnode));
	hlist_for_each_entry(it, &h, hnode)
		n = n * 10 + it->key;
	EXPECT_EQ(n, 231);
	hlist_del_init(&c->hnode);
	EXPECT_TRUE(hlist_unhashed(&c->hnode));
	hlist_del_init(&c->hnode);	/* second removal is a no-op */
	hlist_add_before(&c->hnode, &a->hnode);
	n = 0;
	hlist_for_each_entry(it, &h, hnode)
		n = n * 10 + it->key;
	EXPECT_EQ(n, 231);
	hlist_del(&b->hnode);
	EXPECT_EQ(b->hnode.next, LIST_POISON1);
	EXPECT_EQ(h.first, &c->hnode);
	hlist_for_each_entry_safe(it, tmp, &h, hnode)
		hlist_del(&it->hnode);
	EXPECT_TRUE(hlist_empty(&h));
	item_free(a);
	item_free(b);
	item_free(c);
}

KTEST(hash_32_64_spread)
{
	DEFINE_HASHTABLE(seen, 8);
	unsigned int counts[256] = { 0 };
	u32 i, worst = 0;

	EXPECT_EQ(HASH_SIZE(seen), 256);
	EXPECT_EQ(HASH_BITS(seen), 8);
	EXPECT_EQ(hash_32(0, 8), 0);
	EXPECT_EQ(hash_32(1, 32), GOLDEN_RATIO_32);
	EXPECT_EQ(hash_64(1, 32), (u32)(GOLDEN_RATIO_64 >> 32));
	for (i = 0; i < 256 * 64; i++) {
		EXPECT_LT(hash_32(i, 8), 256);
		EXPECT_LT(hash_64((u64)i << 32, 10), 1024);
		counts[hash_32(i, 8)]++;
	}
	for (i = 0; i < 256; i++)
		worst = counts[i] > worst ? counts[i] : worst;
	/* Sequential keys must not pile into a few buckets. */
	EXPECT_LT(worst, 128);
}

/* Bob Jenkins' lookup3.c driver5: hashlittle() reference values. */
KTEST(jhash_lookup3_vectors)
{
	static const char four[] = "Four score and seven years ago";

	EXPECT_EQ(jhash("", 0, 0), 0xdeadbeef);
	EXPECT_EQ(jhash("", 0, 0xdeadbeef), 0xbd5b7dde);
	EXPECT_EQ(jhash(four, 30, 0), 0x17770551);
	EXPECT_EQ(jhash(four, 30, 1), 0xcd628161);
}

/* The word forms equal jhash() over the same words stored little endian. */
KTEST(jhash_words_match_bytes)
{
	u32 w[7];
	u8 b[28];
	u32 n, i, iv = 0x1234;

	for (i = 0; i < 7; i++) {
		w[i] = (u32)ktest_rand();
		b[4 * i] = (u8)w[i];
		b[4 * i + 1] = (u8)(w[i] >> 8);
		b[4 * i + 2] = (u8)(w[i] >> 16);
		b[4 * i + 3] = (u8)(w[i] >> 24);
	}
	for (n = 0; n <= 7; n++)
		EXPECT_EQ(jhash2(w, n, iv), jhash(b, 4 * n, iv));
	EXPECT_EQ(jhash_3words(w[0], w[1], w[2], iv), jhash(b, 12, iv));
	EXPECT_EQ(jhash_2words(w[0], w[1], iv), jhash(b, 8, iv));
	EXPECT_EQ(jhash_1word(w[0], iv), jhash(b, 4, iv));
	EXPECT_NE(jhash_3words(1, 2, 3, 0), jhash_3words(1, 2, 3, 1));
}

static DEFINE_HASHTABLE(table, 4);

KTEST(hashtable_add_find_delete)
{
	struct item *it;
	struct hlist_node *tmp;
	int bkt, i, found, count = 0;

	hash_init(table);
	EXPECT_TRUE(hash_empty(table));
	for (i = 0; i < 100; i++) {
		it = item_new(i);
		hash_add(table, &it->hnode, it->key);
		EXPECT_TRUE(hash_hashed(&it->hnode));
	}
	EXPECT_FALSE(hash_empty(table));
	for (i = 0; i < 100; i++) {
		found = 0;
		hash_for_each_possible(table, it, hnode, i)
			if (it->key == i)
				found++;
		EXPECT_EQ(found, 1);
	}
	found = 0;
	hash_for_each_possible(table, it, hnode, 1000)
		if (it->key == 1000)
			found++;
	EXPECT_EQ(found, 0);
	hash_for_each(table, bkt, it, hnode)
		count++;
	EXPECT_EQ(count, 100);
	/* Delete the odd keys through the possible-bucket walk. */
	for (i = 1; i < 100; i += 2)
		hash_for_each_possible_safe(table, it, tmp, hnode, i)
			if (it->key == i) {
				hash_del(&it->hnode);
				EXPECT_FALSE(hash_hashed(&it->hnode));
				item_free(it);
			}
	count = 0;
	hash_for_each(table, bkt, it, hnode) {
		EXPECT_EQ(it->key % 2, 0);
		count++;
	}
	EXPECT_EQ(count, 50);
	hash_for_each_safe(table, bkt, tmp, it, hnode) {
		hash_del(&it->hnode);
		item_free(it);
	}
	EXPECT_TRUE(hash_empty(table));
}

KTEST(hash_for_each_break_stops)
{
	struct item *it, *a = item_new(5), *b = item_new(6);
	int bkt, visits = 0;

	hash_init(table);
	hash_add(table, &a->hnode, a->key);
	hash_add(table, &b->hnode, b->key);
	hash_for_each(table, bkt, it, hnode) {
		visits++;
		break;
	}
	EXPECT_EQ(visits, 1);
	EXPECT_NOT_NULL(it);
	hash_del(&a->hnode);
	hash_del(&b->hnode);
	item_free(a);
	item_free(b);
}

KTEST(wide_keys_use_hash_64)
{
	DEFINE_HASHTABLE(wide, 6);
	struct item *it = item_new(0);
	u64 key = 0x123456789abcdef0ULL;
	int found = 0;

	hash_add(wide, &it->hnode, key);
	EXPECT_EQ(&wide[hash_64(key, 6)].first[0], &it->hnode);
	hash_for_each_possible(wide, it, hnode, key)
		found++;
	EXPECT_EQ(found, 1);
	it = hlist_entry(wide[hash_64(key, 6)].first, struct item, hnode);
	hash_del(&it->hnode);
	item_free(it);
}

KTEST(compiler_helpers)
{
	struct item it;
	int arr[7], big = 300;

	EXPECT_EQ(container_of(&it.hnode, struct item, hnode), &it);
	EXPECT_EQ(ARRAY_SIZE(arr), 7);
	EXPECT_EQ(ALIGN(13, 8), 16);
	EXPECT_EQ(ALIGN(16, 8), 16);
	EXPECT_EQ(ALIGN_DOWN(13, 8), 8);
	EXPECT_TRUE(IS_ALIGNED(4096, 4096));
	EXPECT_FALSE(IS_ALIGNED(4097, 4096));
	EXPECT_EQ(DIV_ROUND_UP(1500, 512), 3);
	EXPECT_EQ(BIT(5), 32);
	EXPECT_EQ(GENMASK(7, 4), 0xf0);
	EXPECT_EQ(GENMASK_ULL(63, 62), 0xc000000000000000ULL);
	EXPECT_EQ(min(3, 9), 3);
	EXPECT_EQ(max(3, 9), 9);
	EXPECT_EQ(min_t(u8, big, 5), 5);	/* 300 truncates to 44 */
	EXPECT_EQ(max_t(u8, big, 5), 44);
	EXPECT_EQ(clamp(15, 0, 10), 10);
	EXPECT_EQ(clamp(-5, 0, 10), 0);
	EXPECT_TRUE(is_power_of_2(64));
	EXPECT_FALSE(is_power_of_2(0));
	EXPECT_FALSE(is_power_of_2(96));
}
