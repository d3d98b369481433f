/* The network device layer, after Linux's netdevice.h: struct net_device
 * and its ops, NAPI, per-CPU softnet_data, packet_type dispatch, the
 * transmit queue state and device notifiers. One TX queue per device; no
 * RPS/RFS steering, no GRO merging, no busy polling, no namespaces. */
#ifndef NET_CORE_NETDEVICE_H
#define NET_CORE_NETDEVICE_H

#include "lib/types.h"
#include "lib/byteorder.h"
#include "lib/list.h"
#include "kernel/spinlock.h"
#include "kernel/percpu.h"
#include "net/core/bitops.h"
#include "net/core/skbuff.h"

#define IFNAMSIZ		16
#define MAX_ADDR_LEN		6	/* Ethernet-style addresses only */
#define NETDEV_MAX		16	/* registered devices, loopback included */
#define DEFAULT_TX_QUEUE_LEN	1000
#define ETH_MIN_MTU		68	/* RFC 791: every IPv4 host takes 68 */

/* dev->type (Linux's ARPHRD_*). */
#define ARPHRD_ETHER		1
#define ARPHRD_LOOPBACK		772

/* dev->flags: the user-visible interface flags, Linux's values. */
#define IFF_UP			0x1
#define IFF_BROADCAST		0x2
#define IFF_DEBUG		0x4
#define IFF_LOOPBACK		0x8
#define IFF_POINTOPOINT		0x10
#define IFF_RUNNING		0x40	/* reported: up and carrier */
#define IFF_NOARP		0x80
#define IFF_PROMISC		0x100
#define IFF_ALLMULTI		0x200
#define IFF_MULTICAST		0x1000
#define IFF_LOWER_UP		0x10000	/* reported: carrier */

/* dev->priv_flags. */
#define IFF_NO_QUEUE		0x1	/* transmit without a qdisc (noqueue) */

/* RFC 2863 operational state, as in `ip link` "state ...". */
enum {
	IF_OPER_UNKNOWN,
	IF_OPER_NOTPRESENT,
	IF_OPER_DOWN,
	IF_OPER_LOWERLAYERDOWN,
	IF_OPER_TESTING,
	IF_OPER_DORMANT,
	IF_OPER_UP,
};

/* dev->state bits. */
enum netdev_state_t {
	__LINK_STATE_START,		/* opened (dev_open .. dev_close) */
	__LINK_STATE_PRESENT,
	__LINK_STATE_NOCARRIER,
	__LINK_STATE_LINKWATCH_PENDING,	/* carrier changed, notifiers not yet run */
};

/* ndo_start_xmit results. TX_OK: the driver took the skb (sent, or freed
 * and counted). TX_BUSY: the driver did not touch it; the qdisc requeues it
 * — a driver should stop its queue before it ever has to say this. */
typedef enum netdev_tx {
	NETDEV_TX_OK = 0x00,
	NETDEV_TX_BUSY = 0x10,
} netdev_tx_t;

static inline bool dev_xmit_complete(int rc)
{
	return rc < NETDEV_TX_BUSY;
}

/* netif_receive_skb / netif_rx results. */
#define NET_RX_SUCCESS		0
#define NET_RX_DROP		1
/* dev_queue_xmit results (or -errno). */
#define NET_XMIT_SUCCESS	0x00
#define NET_XMIT_DROP		0x01	/* dropped by the qdisc (full) */
#define NET_XMIT_CN		0x02	/* congestion: dropped, e.g. device down */
#define NET_XMIT_MASK		0x0f

/* Statistics a driver keeps in dev->stats (Linux's struct net_device_stats,
 * same order, all u64). Counted by the driver except where noted. */
struct net_device_stats {
	u64 rx_packets;
	u64 tx_packets;
	u64 rx_bytes;
	u64 tx_bytes;
	u64 rx_errors;		/* total bad frames received */
	u64 tx_errors;
	u64 rx_dropped;		/* no buffer / memory */
	u64 tx_dropped;
	u64 multicast;		/* multicast frames received */
	u64 collisions;
	u64 rx_length_errors;	/* also counted by eth_type_trans (runts) */
	u64 rx_over_errors;	/* receiver ring overflow */
	u64 rx_crc_errors;
	u64 rx_frame_errors;	/* alignment */
	u64 rx_fifo_errors;
	u64 rx_missed_errors;	/* missed by the NIC (no descriptor) */
	u64 tx_aborted_errors;
	u64 tx_carrier_errors;
	u64 tx_fifo_errors;
	u64 tx_heartbeat_errors;
	u64 tx_window_errors;
	u64 rx_compressed;
	u64 tx_compressed;
};

/* What dev_get_stats() reports: dev->stats (or ndo_get_stats64) plus the
 * core's own drops. Layout: net_device_stats, then rx_nohandler. */
struct rtnl_link_stats64 {
	u64 rx_packets;
	u64 tx_packets;
	u64 rx_bytes;
	u64 tx_bytes;
	u64 rx_errors;
	u64 tx_errors;
	u64 rx_dropped;
	u64 tx_dropped;
	u64 multicast;
	u64 collisions;
	u64 rx_length_errors;
	u64 rx_over_errors;
	u64 rx_crc_errors;
	u64 rx_frame_errors;
	u64 rx_fifo_errors;
	u64 rx_missed_errors;
	u64 tx_aborted_errors;
	u64 tx_carrier_errors;
	u64 tx_fifo_errors;
	u64 tx_heartbeat_errors;
	u64 tx_window_errors;
	u64 rx_compressed;
	u64 tx_compressed;
	u64 rx_nohandler;	/* no packet_type for the EtherType */
};

/* Drops the core makes on the device's behalf (atomically updated). */
struct net_device_core_stats {
	u64 rx_dropped;		/* backlog full (netif_rx) */
	u64 tx_dropped;		/* device down, noqueue refused */
	u64 rx_nohandler;
};

struct net_device;
struct napi_struct;
struct Qdisc;

/* --- ethtool --- */

#define ETH_GSTRING_LEN		32
#define ETH_SS_STATS		1

struct ethtool_drvinfo {
	char driver[32];
	char version[32];
	char bus_info[32];
};

struct ethtool_ringparam {
	u32 rx_max_pending;
	u32 rx_pending;
	u32 tx_max_pending;
	u32 tx_pending;
};

struct ethtool_stats {
	u32 n_stats;
};

/*
 * Driver callbacks behind the `ethtool` shell command, as Linux's
 * ethtool_ops. get_sset_count(ETH_SS_STATS) says how many u64 counters
 * get_ethtool_stats() fills and how many ETH_GSTRING_LEN-byte names
 * get_strings() writes (at most ETHTOOL_MAX_STATS). set_ringparam returns
 * 0 or -EINVAL (out of range, caller already checked the max) / -errno.
 */
#define ETHTOOL_MAX_STATS	256

struct ethtool_ops {
	void (*get_drvinfo)(struct net_device *dev, struct ethtool_drvinfo *info);
	u32 (*get_link)(struct net_device *dev);
	void (*get_ringparam)(struct net_device *dev, struct ethtool_ringparam *ring);
	int (*set_ringparam)(struct net_device *dev, struct ethtool_ringparam *ring);
	int (*get_sset_count)(struct net_device *dev, int sset);
	void (*get_strings)(struct net_device *dev, u32 sset, u8 *data);
	void (*get_ethtool_stats)(struct net_device *dev, struct ethtool_stats *stats, u64 *data);
};

/* --- driver ops --- */

struct net_device_ops {
	/* dev_open: allocate rings, request the IRQ, napi_enable, start the
	 * queue (netif_start_queue). 0 or -errno (the device stays down). */
	int (*ndo_open)(struct net_device *dev);
	/* dev_close: the reverse; napi_disable before freeing rings. */
	int (*ndo_stop)(struct net_device *dev);
	/*
	 * Called with bottom halves off and the queue not stopped, one skb at
	 * a time. Returns NETDEV_TX_OK (skb consumed, even if dropped) or
	 * NETDEV_TX_BUSY (skb untouched, will be retried).
	 *
	 * Batching contract (Linux's xmit_more): while netdev_xmit_more() is
	 * true, the core calls again at once with the next packet, so the
	 * driver may defer its tail register write. It must write the tail
	 * when netdev_xmit_more() is false, and also whenever it stops the
	 * queue (netif_stop_queue) or returns NETDEV_TX_BUSY, since then no
	 * further call follows.
	 */
	netdev_tx_t (*ndo_start_xmit)(struct sk_buff *skb, struct net_device *dev);
	/* Optional: fill all of *stats (zeroed by the caller) from hardware
	 * and driver counters; otherwise dev->stats is reported. A driver that
	 * has it must add dev->stats.rx_length_errors/rx_errors, which
	 * eth_type_trans counts (runts); core drops are added by the caller. */
	void (*ndo_get_stats64)(struct net_device *dev, struct rtnl_link_stats64 *stats);
	/* Apply dev->flags IFF_PROMISC/IFF_ALLMULTI (and, later, the
	 * multicast list) to the hardware filters. */
	void (*ndo_set_rx_mode)(struct net_device *dev);
	int (*ndo_change_mtu)(struct net_device *dev, int new_mtu);
};

/* Link-layer header construction, for dev_hard_header(). */
struct header_ops {
	/* Push a header for type (host order); ETH_HLEN, or -ETH_HLEN when
	 * daddr is NULL and the device needs one (see eth_header). */
	int (*create)(struct sk_buff *skb, struct net_device *dev, u16 type,
		      const void *daddr, const void *saddr, unsigned int len);
	/* Copy the source hardware address of a received skb; its length. */
	int (*parse)(const struct sk_buff *skb, unsigned char *haddr);
};

/* --- the transmit queue --- */

enum netdev_queue_state_t {
	__QUEUE_STATE_DRV_XOFF,		/* stopped by the driver (ring full) */
};

struct netdev_queue {
	struct net_device *dev;
	struct Qdisc *qdisc_sleeping;	/* the qdisc attached while the device is up */
	unsigned long state;
	spinlock_t xmit_lock;		/* serialises ndo_start_xmit */
	u64 trans_start;		/* jiffies of the last accepted packet */
	u64 stops;			/* netif_stop_queue calls: "ring full" events */
};

/* --- the device --- */

struct net_device {
	char name[IFNAMSIZ];
	struct list_head dev_list;	/* on the registered device list */
	int ifindex;
	unsigned int flags;		/* IFF_* */
	unsigned int priv_flags;
	unsigned long state;		/* __LINK_STATE_* */
	u8 operstate;			/* IF_OPER_* */
	u16 type;			/* ARPHRD_* */
	u16 hard_header_len;
	unsigned int mtu, min_mtu, max_mtu;
	u8 addr_len;
	u8 dev_addr[MAX_ADDR_LEN];
	u8 perm_addr[MAX_ADDR_LEN];
	u8 broadcast[MAX_ADDR_LEN];
	int promiscuity;		/* IFF_PROMISC while > 0 */
	int allmulti;
	unsigned int tx_queue_len;	/* the qdisc's packet limit (txqueuelen) */
	int irq;			/* for `ifconfig`; 0 = none */

	const struct net_device_ops *netdev_ops;
	const struct ethtool_ops *ethtool_ops;
	const struct header_ops *header_ops;

	struct net_device_stats stats;
	struct net_device_core_stats core_stats;
	u64 carrier_up_count;
	u64 carrier_down_count;

	struct Qdisc *qdisc;		/* in use: qdisc_sleeping when up, noop when down */
	struct netdev_queue txq;
	struct list_head napi_list;

	void *ip_ptr;			/* IPv4 per-device data (struct in_device) */
	void *priv;			/* netdev_priv(): driver state after this struct */
};

static inline void *netdev_priv(const struct net_device *dev)
{
	return dev->priv;
}

/* Allocate a device with sizeof_priv bytes of zeroed driver state (64-byte
 * aligned). name may contain "%d" (filled at register_netdev). setup()
 * fills the type defaults (ether_setup). NULL on failure. */
struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *dev));
struct net_device *alloc_etherdev(size_t sizeof_priv);	/* "eth%d" */
void free_netdev(struct net_device *dev);

/* Assign a name and ifindex, attach the default qdisc, add to the list,
 * notify NETDEV_REGISTER. 0 or -EINVAL/-EEXIST/-ENOSPC/-ENOMEM. */
int register_netdev(struct net_device *dev);
/* Close, notify NETDEV_UNREGISTER, remove from the list. The caller frees
 * with free_netdev() once no skb can still point to the device. */
void unregister_netdev(struct net_device *dev);

/* Process context only. dev_open: 0, or -errno from ndo_open. */
int dev_open(struct net_device *dev);
int dev_close(struct net_device *dev);
int dev_set_mtu(struct net_device *dev, int new_mtu);
/* inc +1/-1: promiscuous mode while the count is > 0 (tcpdump). */
int dev_set_promiscuity(struct net_device *dev, int inc);
/* dev->flags plus the reported IFF_RUNNING / IFF_LOWER_UP. */
unsigned int dev_get_flags(const struct net_device *dev);
void dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *stats);

/* The loopback device `lo`, once net_dev_init() has run. */
extern struct net_device *loopback_dev;

/* Lookups: no reference counting; devices are rarely unregistered. */
struct net_device *dev_get_by_name(const char *name);
struct net_device *dev_get_by_index(int ifindex);
/* Iterate registered devices in ifindex order: i from 0 until NULL. */
struct net_device *dev_get_by_position(int i);
#define for_each_netdev(i, dev) \
	for ((i) = 0; ((dev) = dev_get_by_position(i)) != NULL; (i)++)

static inline bool netif_running(const struct net_device *dev)
{
	return test_bit(__LINK_STATE_START, &dev->state);
}

/* --- carrier (link) state --- */

/* IRQ-safe. Notifiers (NETDEV_CHANGE) run later from NET_TX_SOFTIRQ. */
void netif_carrier_on(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);

static inline bool netif_carrier_ok(const struct net_device *dev)
{
	return !test_bit(__LINK_STATE_NOCARRIER, &dev->state);
}

/* --- TX queue flow control (driver side) --- */

static inline void netif_start_queue(struct net_device *dev)
{
	clear_bit(__QUEUE_STATE_DRV_XOFF, &dev->txq.state);
}

static inline void netif_stop_queue(struct net_device *dev)
{
	if (!test_and_set_bit(__QUEUE_STATE_DRV_XOFF, &dev->txq.state))
		dev->txq.stops++;
}

static inline bool netif_queue_stopped(const struct net_device *dev)
{
	return test_bit(__QUEUE_STATE_DRV_XOFF, &dev->txq.state);
}

static inline bool netif_xmit_stopped(const struct netdev_queue *txq)
{
	return test_bit(__QUEUE_STATE_DRV_XOFF, &txq->state);
}

/* Restart a stopped queue and schedule its qdisc (NET_TX_SOFTIRQ). IRQ-safe. */
void netif_wake_queue(struct net_device *dev);

/* --- NAPI --- */

#define NAPI_POLL_WEIGHT	64

enum {
	NAPI_STATE_SCHED,	/* on a poll list, or being polled */
	NAPI_STATE_MISSED,	/* scheduled again while being polled */
	NAPI_STATE_DISABLE,	/* napi_disable() pending */
	NAPI_STATE_NPSVC,	/* disabled: napi_complete_done is refused */
	NAPI_STATE_LISTED,	/* netif_napi_add done */
};

#define NAPIF_STATE_SCHED	(1UL << NAPI_STATE_SCHED)
#define NAPIF_STATE_MISSED	(1UL << NAPI_STATE_MISSED)
#define NAPIF_STATE_DISABLE	(1UL << NAPI_STATE_DISABLE)
#define NAPIF_STATE_NPSVC	(1UL << NAPI_STATE_NPSVC)

struct napi_struct {
	struct list_head poll_list;	/* on softnet_data.poll_list while scheduled */
	unsigned long state;
	int weight;
	/* Process at most budget packets; return how many. Returning budget
	 * keeps the NAPI scheduled (polled again); returning less requires
	 * having called napi_complete_done() first (then unmask the IRQ only
	 * if it returned true). */
	int (*poll)(struct napi_struct *napi, int budget);
	struct net_device *dev;
	struct list_head dev_list;	/* on dev->napi_list */
	/* Counters for drivers to export (ethtool -S). */
	u64 polls;			/* poll() calls */
	u64 full_polls;			/* ... that used the whole weight */
	u64 gro_normal;			/* napi_gro_receive: passed up unmerged */
	u64 gro_merged;			/* ... merged: always 0 (no GRO yet) */
};

/* The NAPI starts disabled (SCHED held): call napi_enable() in ndo_open. */
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int), int weight);
void netif_napi_del(struct napi_struct *napi);
void napi_enable(struct napi_struct *napi);
/* Waits (sleeping) until a running poll finishes. Threads only. */
void napi_disable(struct napi_struct *napi);

/* Claim the NAPI for scheduling; false if already scheduled (then marked
 * MISSED so the poller runs once more) or disabled. */
bool napi_schedule_prep(struct napi_struct *napi);
/* Put on this CPU's poll list and raise NET_RX_SOFTIRQ. Any context. */
void __napi_schedule(struct napi_struct *napi);

/* From the hard IRQ handler: returns true if this call scheduled it. */
static inline bool napi_schedule(struct napi_struct *napi)
{
	if (napi_schedule_prep(napi)) {
		__napi_schedule(napi);
		return true;
	}
	return false;
}

/* From poll() with work_done < budget. Returns false if the NAPI must stay
 * scheduled (an IRQ arrived meanwhile, or disabled): do not unmask then. */
bool napi_complete_done(struct napi_struct *napi, int work_done);

static inline bool napi_complete(struct napi_struct *napi)
{
	return napi_complete_done(napi, 0);
}

static inline bool napi_disable_pending(const struct napi_struct *napi)
{
	return test_bit(NAPI_STATE_DISABLE, &napi->state);
}

/* GRO is not implemented: every skb goes straight to netif_receive_skb()
 * and is counted as GRO_NORMAL. */
typedef enum gro_result {
	GRO_MERGED,
	GRO_MERGED_FREE,
	GRO_HELD,
	GRO_NORMAL,
	GRO_CONSUMED,
} gro_result_t;

gro_result_t napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb);

/* --- per-CPU receive/transmit state --- */

struct softnet_data {
	struct list_head poll_list;		/* NAPIs to poll (IRQs off to touch) */
	struct sk_buff_head process_queue;	/* backlog being processed */
	struct sk_buff_head input_pkt_queue;	/* netif_rx: bounded by netdev_max_backlog */
	struct napi_struct backlog;		/* polls input_pkt_queue */
	struct sk_buff_head completion_queue;	/* dev_kfree_skb_irq: freed in NET_TX */
	struct Qdisc *output_queue;		/* qdiscs to run in NET_TX */
	struct Qdisc **output_queue_tailp;
	struct {
		bool more;			/* netdev_xmit_more() */
	} xmit;
	/* /proc/net/softnet_stat columns. */
	u32 processed;
	u32 dropped;
	u32 time_squeeze;
	u32 received_rps;			/* always 0: no RPS */
	u32 cpu_collision;
	u32 flow_limit_count;
};

extern struct softnet_data softnet_data[NR_CPUS];

static inline struct softnet_data *this_softnet(void)
{
	return &softnet_data[smp_processor_id()];
}

/* In ndo_start_xmit: true if another packet follows at once (see above). */
static inline bool netdev_xmit_more(void)
{
	return this_softnet()->xmit.more;
}

/* Tunables (sysctl net.core.*). */
extern int netdev_budget;		/* packets per net_rx_action */
extern int netdev_budget_usecs;		/* time per net_rx_action */
extern int dev_weight;			/* backlog NAPI weight, qdisc TX quota */
extern int netdev_max_backlog;		/* input_pkt_queue length */

/* --- receive --- */

/*
 * A protocol handler (ip_rcv, arp_rcv) or, with type htons(ETH_P_ALL), a
 * tap. func owns one reference to skb and must consume it on every path;
 * the skb may be shared with taps (skb_shared()): call skb_share_check()
 * before changing it. Runs in softirq context. pt->dev NULL = any device.
 */
struct packet_type {
	__be16 type;
	struct net_device *dev;
	int (*func)(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig_dev);
	void *priv;
	struct list_head list;
};

#define PTYPE_MAX	32

/* 0, -EEXIST (already added) or -ENOSPC (PTYPE_MAX handlers). Process
 * context; pt must stay allocated until dev_remove_pack() returns. */
int dev_add_pack(struct packet_type *pt);
void dev_remove_pack(struct packet_type *pt);

/* Deliver now (softirq or BH-disabled context): taps, then the handler
 * for skb->protocol; unknown protocols counted (rx_nohandler) and dropped.
 * Consumes skb. NET_RX_SUCCESS or NET_RX_DROP. */
int netif_receive_skb(struct sk_buff *skb);
/* Queue on this CPU's backlog for NET_RX_SOFTIRQ; any context. Drops
 * (counted in softnet_stat and rx_dropped) beyond netdev_max_backlog. */
int netif_rx(struct sk_buff *skb);

/* Taps (ETH_P_ALL handlers) are registered: the transmit path then hands
 * each packet, as a clone marked PACKET_OUTGOING, to dev_queue_xmit_nit(). */
bool dev_nit_active(const struct net_device *dev);
void dev_queue_xmit_nit(struct sk_buff *skb, struct net_device *dev);

void net_rx_action(void);	/* NET_RX_SOFTIRQ */
void net_tx_action(void);	/* NET_TX_SOFTIRQ */

/* --- transmit --- */

/* Send skb (data at the link-layer header, skb->dev set) through the
 * device's qdisc. Consumes skb on every path. NET_XMIT_* or -ENETDOWN. */
int dev_queue_xmit(struct sk_buff *skb);

static inline int dev_hard_header(struct sk_buff *skb, struct net_device *dev,
				  u16 type, const void *daddr, const void *saddr,
				  unsigned int len)
{
	if (!dev->header_ops || !dev->header_ops->create)
		return 0;
	return dev->header_ops->create(skb, dev, type, daddr, saddr, len);
}

/* Room a sender should reserve in front of the network header. */
#define LL_RESERVED_SPACE(dev)	ALIGN((dev)->hard_header_len + 2, 16)

/* --- notifiers --- */

#define NETDEV_UP		1	/* after dev_open */
#define NETDEV_DOWN		2	/* after dev_close */
#define NETDEV_CHANGE		4	/* carrier changed (from NET_TX_SOFTIRQ) */
#define NETDEV_REGISTER		5
#define NETDEV_UNREGISTER	6
#define NETDEV_CHANGEMTU	7

struct netdev_notifier_info {
	struct net_device *dev;
};

static inline struct net_device *netdev_notifier_info_to_dev(const void *ptr)
{
	return ((const struct netdev_notifier_info *)ptr)->dev;
}

struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long event, void *ptr);
	struct notifier_block *next;
	int priority;
};

#define NOTIFY_DONE	0
#define NOTIFY_OK	1

/* Callbacks must not sleep (NETDEV_CHANGE runs in softirq context).
 * Registration replays NETDEV_REGISTER (and NETDEV_UP) for existing devices. */
int register_netdevice_notifier(struct notifier_block *nb);
void call_netdevice_notifiers(unsigned long event, struct net_device *dev);

/* --- shell output hooks --- */

/*
 * Upper layers add lines to `ifconfig` and `ip addr` per device without
 * the core knowing them: ifconfig() prints e.g. "        inet 10.0.2.15
 * netmask ..." and ip_addr() "    inet 10.0.2.15/24 ...", with kprintf.
 * At most NETDEV_SHOW_MAX hooks; -ENOSPC beyond.
 */
#define NETDEV_SHOW_MAX	4

struct netdev_show_ops {
	void (*ifconfig)(struct net_device *dev);
	void (*ip_addr)(struct net_device *dev);
};

int netdev_register_show_ops(const struct netdev_show_ops *ops);
void netdev_show_ifconfig_hooks(struct net_device *dev);
void netdev_show_ip_addr_hooks(struct net_device *dev);

/* `ip <object> ...` subcommands beyond link/addr (e.g. "route"), at most
 * IP_CMD_MAX: 0, -EEXIST or -ENOSPC. fn gets argv from the object on. */
#define IP_CMD_MAX	8
int ip_cmd_register(const char *object, int (*fn)(int argc, char **argv));

/* Bring up the net core: skb caches, softnet_data, NET_RX/NET_TX
 * softirqs, the loopback device, the packet tap (pcap=com2). After
 * slab_init and softirq_init; before any NIC driver probes. */
void net_dev_init(void);

#endif /* NET_CORE_NETDEVICE_H */
