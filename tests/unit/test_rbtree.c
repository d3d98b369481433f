/* test_rbtree.c: lib/rbtree.c -- every red-black invariant checked after
 * each of thousands of random inserts and erases, in-order and post-order
 * walks, rb_add/rb_find, rb_replace_node; leak-checked teardown. */
#include <stdlib.h>

#include "lib/rbtree.h"
#include "tests/unit/ktest.h"

struct thing {
	int key;
	struct rb_node rb;
};

static int live;

KTEST_TEARDOWN(no_leaks)
{
	EXPECT_EQ(live, 0);
	live = 0;
}

static struct thing *thing_new(int key)
{
	struct thing *t = calloc(1, sizeof(*t));

	t->key = key;
	RB_CLEAR_NODE(&t->rb);
	live++;
	return t;
}

static void thing_free(struct thing *t)
{
	live--;
	free(t);
}

static bool thing_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct thing, rb)->key <
	       rb_entry(b, struct thing, rb)->key;
}

static int thing_cmp(const void *key, const struct rb_node *n)
{
	int k = *(const int *)key, nk = rb_entry(n, struct thing, rb)->key;

	return (k > nk) - (k < nk);
}

static bool is_red(const struct rb_node *n)
{
	return n && !(n->__rb_parent_color & 1);
}

/* Black height of the subtree, or -1 after recording a violation. */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent,
			 int lo, int hi, int *count)
{
	int key, lh, rh;

	if (!n)
		return 1;
	key = rb_entry(n, struct thing, rb)->key;
	(*count)++;
	if (rb_parent(n) != parent)
		return ktest_fail(__FILE__, __LINE__, "bad parent at %d", key) - 1;
	if (key < lo || key > hi)
		return ktest_fail(__FILE__, __LINE__, "order broken at %d", key) - 1;
	if (is_red(n) && (is_red(n->rb_left) || is_red(n->rb_right)))
		return ktest_fail(__FILE__, __LINE__, "red-red at %d", key) - 1;
	lh = check_subtree(n->rb_left, n, lo, key, count);
	rh = check_subtree(n->rb_right, n, key, hi, count);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh)
		return ktest_fail(__FILE__, __LINE__, "black height at %d", key) - 1;
	return lh + !is_red(n);
}

static void check_tree(const struct rb_root *root, int expect_count)
{
	int count = 0;

	EXPECT_FALSE(is_red(root->rb_node));
	EXPECT_GE(check_subtree(root->rb_node, NULL, -2147483647 - 1,
				2147483647, &count), 0);
	EXPECT_EQ(count, expect_count);
}

static void insert(struct rb_root *root, struct thing *t)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (t->key < rb_entry(parent, struct thing, rb)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&t->rb, parent, link);
	rb_insert_color(&t->rb, root);
}

static void free_tree(struct rb_root *root)
{
	struct thing *pos, *n;

	rbtree_postorder_for_each_entry_safe(pos, n, root, rb)
		thing_free(pos);
	*root = RB_ROOT;
}

KTEST(empty_tree)
{
	struct rb_root root = RB_ROOT;
	struct thing *t = thing_new(1);

	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
	EXPECT_NULL(rb_first(&root));
	EXPECT_NULL(rb_last(&root));
	EXPECT_NULL(rb_first_postorder(&root));
	EXPECT_TRUE(RB_EMPTY_NODE(&t->rb));
	EXPECT_NULL(rb_next(&t->rb));
	EXPECT_NULL(rb_prev(&t->rb));
	insert(&root, t);
	EXPECT_FALSE(RB_EMPTY_NODE(&t->rb));
	EXPECT_FALSE(RB_EMPTY_ROOT(&root));
	EXPECT_EQ(rb_first(&root), &t->rb);
	rb_erase(&t->rb, &root);
	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
	thing_free(t);
}

/* Ascending input is the classic worst case for an unbalanced tree. */
KTEST(sequential_inserts_stay_balanced)
{
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int i, depth = 0, expect = 0;

	for (i = 0; i < 1024; i++)
		insert(&root, thing_new(i));
	check_tree(&root, 1024);
	for (n = root.rb_node; n; n = n->rb_left)
		depth++;
	EXPECT_LE(depth, 20);		/* 2 * log2(1025) */
	for (n = rb_first(&root); n; n = rb_next(n))
		EXPECT_EQ(rb_entry(n, struct thing, rb)->key, expect++);
	EXPECT_EQ(expect, 1024);
	for (n = rb_last(&root); n; n = rb_prev(n))
		EXPECT_EQ(rb_entry(n, struct thing, rb)->key, --expect);
	EXPECT_EQ(expect, 0);
	free_tree(&root);
}

/* Random inserts and erases against a presence bitmap. */
KTEST(random_insert_erase_keeps_invariants)
{
	enum { KEYS = 512, STEPS = 6000 };
	struct thing *present[KEYS] = { NULL };
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int step, count = 0, prev;

	for (step = 0; step < STEPS; step++) {
		int k = (int)(ktest_rand() % KEYS);

		if (present[k]) {
			rb_erase(&present[k]->rb, &root);
			thing_free(present[k]);
			present[k] = NULL;
			count--;
		} else {
			present[k] = thing_new(k);
			insert(&root, present[k]);
			count++;
		}
		if (step % 16 == 0 || step == STEPS - 1)
			check_tree(&root, count);
		if (ktest_failures()) {
			ktest_fail(__FILE__, __LINE__, "at step %d", step);
			break;
		}
	}
	prev = -1;
	for (n = rb_first(&root); n; n = rb_next(n)) {
		int k = rb_entry(n, struct thing, rb)->key;

		EXPECT_GT(k, prev);
		EXPECT_NOT_NULL(present[k]);
		prev = k;
	}
	free_tree(&root);
}

/* Erasing every node, in an order that hits each fixup case. */
KTEST(erase_all_in_random_order)
{
	enum { N = 300 };
	struct thing *items[N];
	struct rb_root root = RB_ROOT;
	int i;

	for (i = 0; i < N; i++)
		insert(&root, items[i] = thing_new(i * 3));
	for (i = N - 1; i > 0; i--) {
		int j = (int)(ktest_rand() % (u64)(i + 1));
		struct thing *tmp = items[i];

		items[i] = items[j];
		items[j] = tmp;
	}
	for (i = 0; i < N; i++) {
		rb_erase(&items[i]->rb, &root);
		thing_free(items[i]);
		check_tree(&root, N - 1 - i);
		if (ktest_failures())
			break;
	}
	if (ktest_failures())
		free_tree(&root);
	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
}

KTEST(rb_add_and_rb_find_with_duplicates)
{
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	struct thing *first_five;
	int keys[] = { 5, 3, 8, 5, 1, 9, 5 };
	int order[] = { 1, 3, 5, 5, 5, 8, 9 };
	int i, k;

	for (i = 0; i < (int)ARRAY_SIZE(keys); i++) {
		struct thing *t = thing_new(keys[i]);

		if (i == 0)
			first_five = t;
		rb_add(&t->rb, &root, thing_less);
	}
	check_tree(&root, 7);
	i = 0;
	for (n = rb_first(&root); n; n = rb_next(n))
		EXPECT_EQ(rb_entry(n, struct thing, rb)->key, order[i++]);
	/* Equal keys keep insertion order: the first 5 added comes first. */
	n = rb_next(rb_next(rb_first(&root)));
	EXPECT_EQ(n, &first_five->rb);
	k = 8;
	n = rb_find(&k, &root, thing_cmp);
	ASSERT_NOT_NULL(n);
	EXPECT_EQ(rb_entry(n, struct thing, rb)->key, 8);
	k = 4;
	EXPECT_NULL(rb_find(&k, &root, thing_cmp));
	free_tree(&root);
}

KTEST(replace_node_keeps_shape)
{
	struct rb_root root = RB_ROOT;
	struct thing *old = NULL, *repl = thing_new(10);
	struct rb_node *n;
	int i, expect = 0;

	for (i = 0; i < 20; i++) {
		struct thing *t = thing_new(i);

		if (i == 10)
			old = t;
		insert(&root, t);
	}
	rb_replace_node(&old->rb, &repl->rb, &root);
	thing_free(old);
	check_tree(&root, 20);
	for (n = rb_first(&root); n; n = rb_next(n)) {
		if (expect == 10)
			EXPECT_EQ(n, &repl->rb);
		EXPECT_EQ(rb_entry(n, struct thing, rb)->key, expect++);
	}
	free_tree(&root);
}

/* Post-order: every node comes after both of its children. */
KTEST(postorder_visits_children_first)
{
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	bool seen[100] = { false };
	int i, visited = 0;

	for (i = 0; i < 100; i++)
		insert(&root, thing_new((i * 37) % 100));
	for (n = rb_first_postorder(&root); n; n = rb_next_postorder(n)) {
		if (n->rb_left)
			EXPECT_TRUE(seen[rb_entry(n->rb_left, struct thing, rb)->key]);
		if (n->rb_right)
			EXPECT_TRUE(seen[rb_entry(n->rb_right, struct thing, rb)->key]);
		seen[rb_entry(n, struct thing, rb)->key] = true;
		visited++;
	}
	EXPECT_EQ(visited, 100);
	EXPECT_EQ(rb_next_postorder(root.rb_node), NULL);
	free_tree(&root);
}
