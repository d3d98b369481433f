/* rbtree.c: red-black tree rebalancing after insert and erase, following
 * CLRS ch. 13 with NULL leaves (black). Invariants: the root is black, a
 * red node has black children, every root-to-leaf path has as many black
 * nodes -- so depth stays within 2*log2(n + 1). */
#include "lib/rbtree.h"

static inline bool rb_is_black(const struct rb_node *node)
{
	return !node || (node->__rb_parent_color & 1);
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return !rb_is_black(node);
}

static inline int rb_color(const struct rb_node *node)
{
	return node->__rb_parent_color & 1;
}

static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = rb_color(node) | (unsigned long)parent;
}

static inline void rb_set_color(struct rb_node *node, int color)
{
	node->__rb_parent_color = (node->__rb_parent_color & ~1UL) | color;
}

/* Make new take old's place under old's parent (or as the root). */
static void change_child(struct rb_node *old, struct rb_node *new,
			 struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/* x's right child y becomes x's parent. */
static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right, *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	y->rb_left = x;
	rb_set_parent(x, y);
}

static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left, *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, parent);
	change_child(x, y, parent, root);
	y->rb_right = x;
	rb_set_parent(x, y);
}

static inline void rotate(struct rb_node *x, bool left, struct rb_root *root)
{
	if (left)
		rotate_left(x, root);
	else
		rotate_right(x, root);
}

/* CLRS RB-INSERT-FIXUP; "left" says which side parent hangs on. */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		bool left;

		gparent = rb_parent(parent);	/* a red node is never the root */
		left = parent == gparent->rb_left;
		uncle = left ? gparent->rb_right : gparent->rb_left;
		if (rb_is_red(uncle)) {
			/* Case 1: push the blackness down from gparent. */
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == (left ? parent->rb_right : parent->rb_left)) {
			/* Case 2: straighten the zig-zag into case 3. */
			rotate(parent, left, root);
			node = parent;
			parent = rb_parent(node);
		}
		/* Case 3: rotate gparent down to parent's far side. */
		rb_set_color(parent, RB_BLACK);
		rb_set_color(gparent, RB_RED);
		rotate(gparent, !left, root);
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/* CLRS RB-DELETE-FIXUP: node (maybe NULL) carries an extra black. */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root)
{
	while (node != root->rb_node && rb_is_black(node)) {
		bool left = node == parent->rb_left;
		struct rb_node *sib = left ? parent->rb_right : parent->rb_left;
		struct rb_node *near, *far;

		if (rb_is_red(sib)) {
			/* Case 1: make the sibling black. */
			rb_set_color(sib, RB_BLACK);
			rb_set_color(parent, RB_RED);
			rotate(parent, left, root);
			sib = left ? parent->rb_right : parent->rb_left;
		}
		near = left ? sib->rb_left : sib->rb_right;
		far = left ? sib->rb_right : sib->rb_left;
		if (rb_is_black(near) && rb_is_black(far)) {
			/* Case 2: move the extra black up a level. */
			rb_set_color(sib, RB_RED);
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (rb_is_black(far)) {
			/* Case 3: turn it into case 4. */
			rb_set_color(near, RB_BLACK);
			rb_set_color(sib, RB_RED);
			rotate(sib, !left, root);
			sib = left ? parent->rb_right : parent->rb_left;
			far = left ? sib->rb_right : sib->rb_left;
		}
		/* Case 4: one rotation absorbs the extra black. */
		rb_set_color(sib, rb_color(parent));
		rb_set_color(parent, RB_BLACK);
		rb_set_color(far, RB_BLACK);
		rotate(parent, left, root);
		node = root->rb_node;
	}
	if (node)
		rb_set_color(node, RB_BLACK);
}

/* Replace u by its subtree v (maybe NULL) in u's parent. */
static void transplant(struct rb_node *u, struct rb_node *v, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(u);

	change_child(u, v, parent, root);
	if (v)
		rb_set_parent(v, parent);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	int removed_color = rb_color(node);

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		transplant(node, child, root);
	} else {
		/* Two children: the in-order successor takes node's place. */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		removed_color = rb_color(succ);
		child = succ->rb_right;
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			transplant(succ, child, root);
			succ->rb_right = node->rb_right;
			rb_set_parent(succ->rb_right, succ);
		}
		transplant(node, succ, root);
		succ->rb_left = node->rb_left;
		rb_set_parent(succ->rb_left, succ);
		rb_set_color(succ, rb_color(node));
	}
	if (removed_color == RB_BLACK)
		erase_fixup(child, parent, root);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	change_child(victim, new, parent, root);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Up until we come from a left child: that parent is next. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* Deepest leftmost node below node: the first one post-order visits. */
static struct rb_node *left_deepest(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? left_deepest(root->rb_node) : NULL;
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	const struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	/* From a left child, the right subtree comes before the parent. */
	if (parent && node == parent->rb_left && parent->rb_right)
		return left_deepest(parent->rb_right);
	return (struct rb_node *)parent;
}
