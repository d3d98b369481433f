/* The neighbour cache behind ARP, after Linux's net/core/neighbour.c cut
 * to one table: NUD states with timeouts, a bounded queue of packets per
 * unresolved entry, a capped table with forced eviction, and a 1/s
 * request limit per address [RFC 1122 §2.3.2.1-2]. Pure state machine:
 * the caller holds tbl->lock and passes `now` (jiffies); packets ready to
 * send and requests to make come back in a struct neigh_work that the
 * caller carries out after unlocking (arp.c). Not here: proxy ARP,
 * per-device parameters, hash resizing. */
#ifndef NET_IPV4_NEIGHBOUR_H
#define NET_IPV4_NEIGHBOUR_H

#include "lib/types.h"
#include "lib/list.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "net/core/skbuff.h"
#include "net/ethernet/eth.h"

struct net_device;

/* nud_state: Linux's values, one bit each. */
#define NUD_NONE	0x00
#define NUD_INCOMPLETE	0x01	/* requests out, packets queued */
#define NUD_REACHABLE	0x02	/* confirmed within reachable time */
#define NUD_STALE	0x04	/* address known, not confirmed lately */
#define NUD_DELAY	0x08	/* used while STALE: probe if unconfirmed */
#define NUD_PROBE	0x10	/* unicast requests out */
#define NUD_FAILED	0x20	/* no answer: queue dropped */
#define NUD_PERMANENT	0x80	/* set by `arp -s`: never ages */

#define NUD_VALID	(NUD_PERMANENT | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)
#define NUD_CONNECTED	(NUD_PERMANENT | NUD_REACHABLE)

/* neigh_update flags (Linux's) */
#define NEIGH_UPDATE_F_OVERRIDE	0x00000001	/* may replace a known address */
#define NEIGH_UPDATE_F_ADMIN	0x80000000	/* from the shell: may touch PERMANENT */

/* Tunables in Linux's units (sysctl net.ipv4.neigh.default.*). */
struct neigh_parms {
	int base_reachable_time_ms;	/* REACHABLE lasts this after a confirmation */
	int retrans_time_ms;		/* between requests for one address */
	int delay_first_probe_time;	/* s: DELAY before unicast probing */
	int gc_stale_time;		/* s: idle STALE/FAILED entries are removed */
	int mcast_solicit;		/* broadcast requests before FAILED */
	int ucast_solicit;		/* unicast probes before FAILED */
	int unres_qlen;			/* packets queued per unresolved entry */
	int locktime;			/* 1/100 s: a new address is not taken sooner */
	int gc_thresh3;			/* entries at most */
};

/* Forced eviction spares entries updated or used this recently (Linux). */
#define NEIGH_GC_PROTECT	(5 * HZ)

struct neighbour {
	struct hlist_node hnode;
	struct net_device *dev;
	__be32 primary_key;		/* the IPv4 address */
	u8 nud_state;
	u8 probes;			/* requests sent in this INCOMPLETE/PROBE round */
	u8 ha[ETH_ALEN];		/* valid in NUD_VALID states */
	u64 confirmed;			/* last proof of reachability */
	u64 updated;			/* last change of state or address */
	u64 used;			/* last packet sent through it */
	u64 last_solicit;		/* last request: the 1/s limit */
	struct sk_buff_head arp_queue;	/* INCOMPLETE: at most unres_qlen */
};

/* Linux's /proc/net/stat/arp_cache columns. */
struct neigh_statistics {
	u64 allocs;
	u64 destroys;
	u64 lookups;
	u64 hits;
	u64 res_failed;			/* INCOMPLETE or PROBE ended in FAILED */
	u64 rcv_probes_mcast;		/* requests for us, broadcast */
	u64 rcv_probes_ucast;		/* requests for us, unicast */
	u64 periodic_gc_runs;		/* timer runs */
	u64 forced_gc_runs;		/* evictions to make room */
	u64 unres_discards;		/* queued packets dropped */
	u64 table_fulls;		/* full and nothing evictable */
};

#define NEIGH_HASH_BITS	6

struct neigh_table {
	struct hlist_head hash[1 << NEIGH_HASH_BITS];
	u32 hash_rnd;
	int entries;
	const struct neigh_parms *parms;
	struct neigh_statistics stats;
	spinlock_t lock;		/* arp.c takes it with bottom halves off */
};

/* Where the neighbour layer keeps a ready packet's destination address. */
struct neigh_skb_cb {
	u8 ha[ETH_ALEN];
};

#define NEIGH_CB(skb)	((struct neigh_skb_cb *)(skb)->cb)

/* An ARP request to make: broadcast, or unicast to ha (a PROBE). */
struct neigh_solicit {
	struct net_device *dev;
	__be32 target;
	bool unicast;
	u8 ha[ETH_ALEN];
};

#define NEIGH_WORK_SOLICITS	8

/* What a call decided but the caller does, unlocked. */
struct neigh_work {
	struct sk_buff_head xmit;	/* ready: dst address in NEIGH_CB */
	int nsolicit;
	struct neigh_solicit solicit[NEIGH_WORK_SOLICITS];
};

void neigh_table_init(struct neigh_table *tbl, const struct neigh_parms *parms,
		      u32 hash_rnd);
void neigh_work_init(struct neigh_work *w);

struct neighbour *neigh_lookup(struct neigh_table *tbl, __be32 key,
			       const struct net_device *dev);
/* A new NUD_NONE entry; when the table is full, evicts (FAILED first,
 * then the longest idle not touched for NEIGH_GC_PROTECT). NULL when
 * nothing can go (table_fulls) or memory is short. */
struct neighbour *neigh_create(struct neigh_table *tbl, __be32 key,
			       struct net_device *dev, u64 now);

#define NEIGH_OUT_XMIT		0	/* on w->xmit */
#define NEIGH_OUT_QUEUED	1	/* waiting for resolution */

/* Send skb through n: ready now (w->xmit), or queued and a request made
 * if the 1/s limit allows. A full queue drops its oldest packet
 * (unres_discards). Consumes skb. */
int neigh_resolve_output(struct neigh_table *tbl, struct neighbour *n,
			 struct sk_buff *skb, u64 now, struct neigh_work *w);

/* New link-layer address and/or state (a VALID one) for n, the RFC 826
 * merge: a known address is replaced only with F_OVERRIDE; a STALE
 * report of the same address does not demote; packets queued while
 * unresolved go to w->xmit. 0, or -EPERM for PERMANENT without F_ADMIN,
 * -EINVAL for a state that is not VALID. */
int neigh_update(struct neigh_table *tbl, struct neighbour *n, const u8 *lladdr,
		 u8 new_state, u32 flags, u64 now, struct neigh_work *w);

/* The address of n may be replaced: its last update is older than
 * locktime (RFC 826 leaves which of two answers wins to us; Linux keeps
 * the first for locktime, so a proxy's late answer does not flap it). */
bool neigh_locktime_over(const struct neigh_table *tbl, const struct neighbour *n,
			 u64 now);

/* An upper layer saw two-way traffic (e.g. a TCP ACK): reachable. */
void neigh_confirm(struct neighbour *n, u64 now);

/* When n next needs the timer; false if never (PERMANENT). */
bool neigh_deadline(const struct neigh_table *tbl, const struct neighbour *n,
		    u64 *when);

/* Every due timeout: retransmit requests, fail, age REACHABLE to STALE,
 * DELAY to PROBE, remove idle STALE/FAILED. Returns false if nothing
 * waits, else true with *next the earliest deadline left (now if the
 * request batch filled up: run again). */
bool neigh_timer_run(struct neigh_table *tbl, u64 now, struct neigh_work *w,
		     u64 *next);

/* 0 or -ENOENT. Queued packets are dropped (unres_discards). */
int neigh_delete(struct neigh_table *tbl, __be32 key, struct net_device *dev);
/* Remove dev's entries (all devices if NULL), PERMANENT ones too unless
 * keep_permanent: device down, carrier loss, teardown. */
void neigh_flush_dev(struct neigh_table *tbl, struct net_device *dev,
		     bool keep_permanent);

const char *neigh_state_name(u8 nud_state);

/* A copy of one entry, for printing without the lock. */
struct neigh_info {
	__be32 ip;
	struct net_device *dev;
	u8 ha[ETH_ALEN];
	u8 nud_state;
	u32 qlen;
};

/* Copy up to max entries; returns how many. */
int neigh_snapshot(struct neigh_table *tbl, struct neigh_info *out, int max);

#endif /* NET_IPV4_NEIGHBOUR_H */
