/* The neighbour cache state machine (see neighbour.h): lookup, creation
 * with forced eviction, output (send, queue, solicit), the RFC 826 merge
 * update, timeouts in virtual time. Caller holds tbl->lock; no locking,
 * no transmitting and no clock here, so the unit tests drive it directly.
 * [RFC 1122 §2.3.2.1] cache validation: REACHABLE ages to STALE, a used
 * STALE entry is probed by unicast; [§2.3.2.2] a small queue per entry. */
#include "net/ipv4/neighbour.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/hash.h"
#include "lib/string.h"

/* --- parameters in jiffies --- */

static u64 reachable_time(const struct neigh_table *tbl)
{
	return msecs_to_jiffies(tbl->parms->base_reachable_time_ms);
}

static u64 retrans_time(const struct neigh_table *tbl)
{
	return msecs_to_jiffies(tbl->parms->retrans_time_ms);
}

static u64 delay_probe_time(const struct neigh_table *tbl)
{
	return (u64)tbl->parms->delay_first_probe_time * HZ;
}

static u64 gc_stale_time(const struct neigh_table *tbl)
{
	return (u64)tbl->parms->gc_stale_time * HZ;
}

static u64 locktime(const struct neigh_table *tbl)
{
	return msecs_to_jiffies((u64)tbl->parms->locktime * 10);
}

/* --- table --- */

void neigh_table_init(struct neigh_table *tbl, const struct neigh_parms *parms,
		      u32 hash_rnd)
{
	memset(tbl, 0, sizeof(*tbl));
	hash_init(tbl->hash);
	tbl->parms = parms;
	tbl->hash_rnd = hash_rnd;
	spin_lock_init(&tbl->lock);
}

void neigh_work_init(struct neigh_work *w)
{
	__skb_queue_head_init(&w->xmit);
	w->nsolicit = 0;
}

static struct hlist_head *neigh_bucket(struct neigh_table *tbl, __be32 key,
				       const struct net_device *dev)
{
	u32 h = jhash_2words(key, (u32)((uintptr_t)dev >> 6), tbl->hash_rnd);

	return &tbl->hash[h & ((1 << NEIGH_HASH_BITS) - 1)];
}

struct neighbour *neigh_lookup(struct neigh_table *tbl, __be32 key,
			       const struct net_device *dev)
{
	struct neighbour *n;

	tbl->stats.lookups++;
	hlist_for_each_entry(n, neigh_bucket(tbl, key, dev), hnode) {
		if (n->primary_key == key && n->dev == dev) {
			tbl->stats.hits++;
			return n;
		}
	}
	return NULL;
}

static void neigh_purge_queue(struct neigh_table *tbl, struct neighbour *n)
{
	tbl->stats.unres_discards += skb_queue_len(&n->arp_queue);
	__skb_queue_purge(&n->arp_queue);
}

static void neigh_destroy(struct neigh_table *tbl, struct neighbour *n)
{
	hlist_del(&n->hnode);
	neigh_purge_queue(tbl, n);
	kfree(n);
	tbl->entries--;
	tbl->stats.destroys++;
}

static u64 neigh_last_active(const struct neighbour *n)
{
	return time_after(n->used, n->updated) ? n->used : n->updated;
}

/* Linux's neigh_forced_gc rule: FAILED entries go first; otherwise the
 * longest idle entry not touched within NEIGH_GC_PROTECT. */
static struct neighbour *neigh_pick_victim(struct neigh_table *tbl, u64 now)
{
	struct neighbour *n, *best = NULL;
	bool best_failed = false;
	int bkt;

	hash_for_each(tbl->hash, bkt, n, hnode) {
		bool failed = n->nud_state == NUD_FAILED;

		if (n->nud_state & NUD_PERMANENT)
			continue;
		if (!failed && time_before(now, neigh_last_active(n) + NEIGH_GC_PROTECT))
			continue;
		if (best && best_failed && !failed)
			continue;
		if (!best || (failed && !best_failed) ||
		    time_before(neigh_last_active(n), neigh_last_active(best))) {
			best = n;
			best_failed = failed;
		}
	}
	return best;
}

static bool neigh_make_room(struct neigh_table *tbl, u64 now)
{
	struct neighbour *victim;

	if (tbl->entries < tbl->parms->gc_thresh3)
		return true;
	victim = neigh_pick_victim(tbl, now);
	if (!victim) {
		tbl->stats.table_fulls++;
		return false;
	}
	tbl->stats.forced_gc_runs++;
	neigh_destroy(tbl, victim);
	return true;
}

struct neighbour *neigh_create(struct neigh_table *tbl, __be32 key,
			       struct net_device *dev, u64 now)
{
	struct neighbour *n;

	if (!neigh_make_room(tbl, now))
		return NULL;
	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return NULL;
	n->dev = dev;
	n->primary_key = key;
	n->nud_state = NUD_NONE;
	n->updated = n->used = now;
	n->confirmed = now - reachable_time(tbl);	/* never confirmed */
	/* As if the last request were one retransmit ago: ask at once. */
	n->last_solicit = now - retrans_time(tbl);
	__skb_queue_head_init(&n->arp_queue);
	hlist_add_head(&n->hnode, neigh_bucket(tbl, key, dev));
	tbl->entries++;
	tbl->stats.allocs++;
	return n;
}

/* --- output --- */

static void neigh_xmit_ready(struct neighbour *n, struct sk_buff *skb,
			     struct neigh_work *w)
{
	memcpy(NEIGH_CB(skb)->ha, n->ha, ETH_ALEN);
	__skb_queue_tail(&w->xmit, skb);
}

static void neigh_release_queue(struct neighbour *n, struct neigh_work *w)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&n->arp_queue)) != NULL)
		neigh_xmit_ready(n, skb, w);
}

/* Record a request; false if this call's batch is full. */
static bool neigh_solicit(struct neighbour *n, bool unicast, u64 now,
			  struct neigh_work *w)
{
	struct neigh_solicit *s;

	if (w->nsolicit >= NEIGH_WORK_SOLICITS)
		return false;
	s = &w->solicit[w->nsolicit++];
	s->dev = n->dev;
	s->target = n->primary_key;
	s->unicast = unicast;
	memcpy(s->ha, n->ha, ETH_ALEN);
	n->probes++;
	n->last_solicit = now;
	return true;
}

static void neigh_enqueue(struct neigh_table *tbl, struct neighbour *n,
			  struct sk_buff *skb)
{
	while (skb_queue_len(&n->arp_queue) >= (u32)tbl->parms->unres_qlen) {
		kfree_skb(__skb_dequeue(&n->arp_queue));
		tbl->stats.unres_discards++;
	}
	__skb_queue_tail(&n->arp_queue, skb);
}

static void neigh_set_state(struct neighbour *n, u8 state, u64 now)
{
	n->nud_state = state;
	n->updated = now;
}

int neigh_resolve_output(struct neigh_table *tbl, struct neighbour *n,
			 struct sk_buff *skb, u64 now, struct neigh_work *w)
{
	n->used = now;
	/* The timer may lag a little behind an expired confirmation. */
	if (n->nud_state == NUD_REACHABLE &&
	    time_after_eq(now, n->confirmed + reachable_time(tbl)))
		neigh_set_state(n, NUD_STALE, now);

	switch (n->nud_state) {
	case NUD_STALE:
		/* [RFC 1122 §2.3.2.1] use the old address, check it soon. */
		neigh_set_state(n, NUD_DELAY, now);
		n->probes = 0;
		__fallthrough;
	case NUD_REACHABLE:
	case NUD_DELAY:
	case NUD_PROBE:
	case NUD_PERMANENT:
		neigh_xmit_ready(n, skb, w);
		return NEIGH_OUT_XMIT;
	case NUD_NONE:
	case NUD_FAILED:
		neigh_set_state(n, NUD_INCOMPLETE, now);
		n->probes = 0;
		break;
	default:
		break;
	}
	neigh_enqueue(tbl, n, skb);
	/* [RFC 1122 §2.3.2.1] at most one request per second per address. */
	if (n->probes < tbl->parms->mcast_solicit &&
	    time_after_eq(now, n->last_solicit + retrans_time(tbl)))
		neigh_solicit(n, false, now, w);
	return NEIGH_OUT_QUEUED;
}

/* --- updates --- */

int neigh_update(struct neigh_table *tbl, struct neighbour *n, const u8 *lladdr,
		 u8 new_state, u32 flags, u64 now, struct neigh_work *w)
{
	u8 old = n->nud_state;
	bool had_addr = old & NUD_VALID;
	bool same = had_addr && ether_addr_equal(n->ha, lladdr);
	bool confirm = new_state & NUD_CONNECTED;

	if (!(new_state & NUD_VALID))
		return -EINVAL;
	if ((old & NUD_PERMANENT) && !(flags & NEIGH_UPDATE_F_ADMIN))
		return -EPERM;
	/* A different address for a known entry needs the override: a
	 * second answer within locktime (a proxy) does not replace the first. */
	if (had_addr && !same && !(flags & NEIGH_UPDATE_F_OVERRIDE))
		return 0;
	/* Hearing from the peer is no proof it hears us: no demotion. */
	if (same && new_state == NUD_STALE && !(flags & NEIGH_UPDATE_F_ADMIN))
		new_state = old;
	if (!same) {
		memcpy(n->ha, lladdr, ETH_ALEN);
		n->updated = now;
	}
	if (new_state != old)
		n->updated = now;
	if (confirm)
		n->confirmed = now;
	if (new_state & (NUD_CONNECTED | NUD_STALE))
		n->probes = 0;
	n->nud_state = new_state;
	if (!had_addr)
		neigh_release_queue(n, w);
	return 0;
}

bool neigh_locktime_over(const struct neigh_table *tbl, const struct neighbour *n,
			 u64 now)
{
	return time_after_eq(now, n->updated + locktime(tbl));
}

void neigh_confirm(struct neighbour *n, u64 now)
{
	n->confirmed = now;
}

/* --- timers --- */

bool neigh_deadline(const struct neigh_table *tbl, const struct neighbour *n,
		    u64 *when)
{
	switch (n->nud_state) {
	case NUD_INCOMPLETE:
	case NUD_PROBE:
		*when = n->last_solicit + retrans_time(tbl);
		return true;
	case NUD_REACHABLE:
		*when = n->confirmed + reachable_time(tbl);
		return true;
	case NUD_DELAY:
		*when = n->updated + delay_probe_time(tbl);
		return true;
	case NUD_STALE:
		*when = neigh_last_active(n) + gc_stale_time(tbl);
		return true;
	case NUD_FAILED:
	case NUD_NONE:
		*when = n->updated + gc_stale_time(tbl);
		return true;
	default:
		return false;
	}
}

static void neigh_fail(struct neigh_table *tbl, struct neighbour *n, u64 now)
{
	neigh_set_state(n, NUD_FAILED, now);
	tbl->stats.res_failed++;
	neigh_purge_queue(tbl, n);
}

enum neigh_step {
	NEIGH_STEP_DONE,
	NEIGH_STEP_DESTROYED,
	NEIGH_STEP_DEFERRED,	/* needs a request slot: the batch is full */
};

static enum neigh_step neigh_probe_step(struct neigh_table *tbl, struct neighbour *n,
					u64 now, struct neigh_work *w)
{
	bool unicast = n->nud_state == NUD_PROBE;
	int max = unicast ? tbl->parms->ucast_solicit : tbl->parms->mcast_solicit;

	if (n->probes >= max) {
		neigh_fail(tbl, n, now);
		return NEIGH_STEP_DONE;
	}
	return neigh_solicit(n, unicast, now, w) ? NEIGH_STEP_DONE : NEIGH_STEP_DEFERRED;
}

/* One entry whose deadline has come. */
static enum neigh_step neigh_timer_step(struct neigh_table *tbl, struct neighbour *n,
					u64 now, struct neigh_work *w)
{
	switch (n->nud_state) {
	case NUD_REACHABLE:
		neigh_set_state(n, NUD_STALE, now);
		return NEIGH_STEP_DONE;
	case NUD_DELAY:
		if (time_after(n->confirmed, n->updated)) {
			neigh_set_state(n, NUD_REACHABLE, now);
			return NEIGH_STEP_DONE;
		}
		if (w->nsolicit >= NEIGH_WORK_SOLICITS)
			return NEIGH_STEP_DEFERRED;
		neigh_set_state(n, NUD_PROBE, now);
		n->probes = 0;
		neigh_solicit(n, true, now, w);
		return NEIGH_STEP_DONE;
	case NUD_INCOMPLETE:
	case NUD_PROBE:
		return neigh_probe_step(tbl, n, now, w);
	default:	/* STALE, FAILED, NONE: idle long enough */
		neigh_destroy(tbl, n);
		return NEIGH_STEP_DESTROYED;
	}
}

bool neigh_timer_run(struct neigh_table *tbl, u64 now, struct neigh_work *w,
		     u64 *next)
{
	struct neighbour *n;
	struct hlist_node *tmp;
	bool pending = false;
	enum neigh_step step;
	u64 when;
	int bkt;

	tbl->stats.periodic_gc_runs++;
	hash_for_each_safe(tbl->hash, bkt, tmp, n, hnode) {
		if (!neigh_deadline(tbl, n, &when))
			continue;
		if (time_after_eq(now, when)) {
			step = neigh_timer_step(tbl, n, now, w);
			if (step == NEIGH_STEP_DESTROYED)
				continue;
			if (step == NEIGH_STEP_DEFERRED)
				when = now;
			else if (!neigh_deadline(tbl, n, &when))
				continue;
		}
		if (!pending || time_before(when, *next))
			*next = when;
		pending = true;
	}
	return pending;
}

/* --- removal --- */

int neigh_delete(struct neigh_table *tbl, __be32 key, struct net_device *dev)
{
	struct neighbour *n = neigh_lookup(tbl, key, dev);

	if (!n)
		return -ENOENT;
	neigh_destroy(tbl, n);
	return 0;
}

void neigh_flush_dev(struct neigh_table *tbl, struct net_device *dev,
		     bool keep_permanent)
{
	struct neighbour *n;
	struct hlist_node *tmp;
	int bkt;

	hash_for_each_safe(tbl->hash, bkt, tmp, n, hnode) {
		if (dev && n->dev != dev)
			continue;
		if (keep_permanent && (n->nud_state & NUD_PERMANENT))
			continue;
		neigh_destroy(tbl, n);
	}
}

const char *neigh_state_name(u8 nud_state)
{
	switch (nud_state) {
	case NUD_NONE:		return "NONE";
	case NUD_INCOMPLETE:	return "INCOMPLETE";
	case NUD_REACHABLE:	return "REACHABLE";
	case NUD_STALE:		return "STALE";
	case NUD_DELAY:		return "DELAY";
	case NUD_PROBE:		return "PROBE";
	case NUD_FAILED:	return "FAILED";
	case NUD_PERMANENT:	return "PERMANENT";
	default:		return "?";
	}
}

int neigh_snapshot(struct neigh_table *tbl, struct neigh_info *out, int max)
{
	struct neighbour *n;
	int bkt, i = 0;

	hash_for_each(tbl->hash, bkt, n, hnode) {
		if (i >= max)
			break;
		out[i].ip = n->primary_key;
		out[i].dev = n->dev;
		memcpy(out[i].ha, n->ha, ETH_ALEN);
		out[i].nud_state = n->nud_state;
		out[i].qlen = skb_queue_len(&n->arp_queue);
		i++;
	}
	return i;
}
