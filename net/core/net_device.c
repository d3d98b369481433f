/* net_device lifecycle: allocation, registration (names, ifindex, the
 * capped device list), open/close, MTU and promiscuity, statistics,
 * carrier state with deferred (linkwatch) notification, and the netdevice
 * notifier chain. The Linux pieces of dev.c/link_watch.c, minus rtnetlink. */
#include "net/core/dev.h"
#include "net/core/sch_generic.h"
#include "net/ethernet/eth.h"
#include "kernel/mm/slab.h"
#include "kernel/softirq.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/printf.h"

#define NOTIFIER_MAX	16

struct net_device *loopback_dev;

/* Registered devices in ifindex order. Changed in process context with
 * bottom halves off; softirq readers therefore never see a half update. */
static LIST_HEAD(dev_base_head);
static DEFINE_SPINLOCK(dev_base_lock);
static int dev_count;
static int next_ifindex = 1;
static bool linkwatch_pending;

static struct notifier_block *netdev_chain;
static int notifier_count;

static void linkwatch_schedule(void);

/* --- allocation --- */

struct net_device *alloc_netdev(size_t sizeof_priv, const char *name,
				void (*setup)(struct net_device *dev))
{
	size_t head = ALIGN(sizeof(struct net_device), SMP_CACHE_BYTES);
	struct net_device *dev;

	if (!name || !*name || strlen(name) >= IFNAMSIZ)
		return NULL;
	dev = kzalloc(head + sizeof_priv, GFP_KERNEL);
	if (!dev)
		return NULL;
	strlcpy(dev->name, name, IFNAMSIZ);
	INIT_LIST_HEAD(&dev->dev_list);
	INIT_LIST_HEAD(&dev->napi_list);
	dev->txq.dev = dev;
	spin_lock_init(&dev->txq.xmit_lock);
	dev->qdisc = &noop_qdisc;
	dev->operstate = IF_OPER_UNKNOWN;
	dev->priv = sizeof_priv ? (u8 *)dev + head : NULL;
	if (setup)
		setup(dev);
	return dev;
}

struct net_device *alloc_etherdev(size_t sizeof_priv)
{
	return alloc_netdev(sizeof_priv, "eth%d", ether_setup);
}

void free_netdev(struct net_device *dev)
{
	if (!dev)
		return;
	WARN_ON(!list_empty(&dev->napi_list));
	kfree(dev);
}

/* --- the device list --- */

struct net_device *dev_get_by_name(const char *name)
{
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (!strncmp(dev->name, name, IFNAMSIZ))
			return dev;
	return NULL;
}

struct net_device *dev_get_by_index(int ifindex)
{
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (dev->ifindex == ifindex)
			return dev;
	return NULL;
}

struct net_device *dev_get_by_position(int i)
{
	struct net_device *dev;

	list_for_each_entry(dev, &dev_base_head, dev_list)
		if (i-- == 0)
			return dev;
	return NULL;
}

/* Names are printable, without '/', ':' or spaces, as Linux requires. */
static bool dev_valid_name(const char *name)
{
	const char *p;

	if (!*name || strlen(name) >= IFNAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (p = name; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '/' || *p == ':')
			return false;
	return true;
}

/* Replace a single "%d" in dev->name by the lowest unused number. */
static int dev_alloc_name(struct net_device *dev)
{
	char prefix[IFNAMSIZ], cand[IFNAMSIZ];
	const char *pct = strstr(dev->name, "%d");
	int n;

	if (!pct)
		return dev_get_by_name(dev->name) ? -EEXIST : 0;
	if (strchr(pct + 2, '%') || strchr(dev->name, '%') != pct)
		return -EINVAL;
	strlcpy(prefix, dev->name, pct - dev->name + 1);
	for (n = 0; n < NETDEV_MAX; n++) {
		if (snprintf(cand, sizeof(cand), "%s%d%s", prefix, n, pct + 2) >= IFNAMSIZ)
			return -EINVAL;
		if (!dev_get_by_name(cand)) {
			strlcpy(dev->name, cand, IFNAMSIZ);
			return 0;
		}
	}
	return -ENFILE;
}

int register_netdev(struct net_device *dev)
{
	int err;

	if (!dev->netdev_ops || !dev->netdev_ops->ndo_start_xmit)
		return -EINVAL;
	if (dev_count >= NETDEV_MAX)
		return -ENOSPC;
	err = dev_alloc_name(dev);
	if (err)
		return err;
	if (!dev_valid_name(dev->name))
		return -EINVAL;
	err = dev_init_scheduler(dev);
	if (err)
		return err;
	if (is_zero_ether_addr(dev->perm_addr))
		memcpy(dev->perm_addr, dev->dev_addr, MAX_ADDR_LEN);
	set_bit(__LINK_STATE_PRESENT, &dev->state);

	local_bh_disable();
	spin_lock(&dev_base_lock);
	dev->ifindex = next_ifindex++;
	list_add_tail(&dev->dev_list, &dev_base_head);
	dev_count++;
	spin_unlock(&dev_base_lock);
	local_bh_enable();

	call_netdevice_notifiers(NETDEV_REGISTER, dev);
	/* A carrier change before registration (probe) is reported now. */
	if (test_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state))
		linkwatch_schedule();
	return 0;
}

void unregister_netdev(struct net_device *dev)
{
	dev_close(dev);
	call_netdevice_notifiers(NETDEV_UNREGISTER, dev);
	local_bh_disable();
	spin_lock(&dev_base_lock);
	list_del_init(&dev->dev_list);
	dev_count--;
	spin_unlock(&dev_base_lock);
	local_bh_enable();
	dev_shutdown(dev);
	clear_bit(__LINK_STATE_PRESENT, &dev->state);
	if (dev == loopback_dev)
		loopback_dev = NULL;
}

/* --- up and down --- */

static void dev_set_rx_mode(struct net_device *dev)
{
	if (!dev->netdev_ops->ndo_set_rx_mode || !netif_running(dev))
		return;
	local_bh_disable();
	dev->netdev_ops->ndo_set_rx_mode(dev);
	local_bh_enable();
}

int dev_open(struct net_device *dev)
{
	int err = 0;

	if (dev->flags & IFF_UP)
		return 0;
	/* Running during ndo_open, so carrier events it causes are seen. */
	set_bit(__LINK_STATE_START, &dev->state);
	if (dev->netdev_ops->ndo_open)
		err = dev->netdev_ops->ndo_open(dev);
	if (err) {
		clear_bit(__LINK_STATE_START, &dev->state);
		return err;
	}
	dev->flags |= IFF_UP;
	dev_set_rx_mode(dev);
	dev_activate(dev);
	call_netdevice_notifiers(NETDEV_UP, dev);
	return 0;
}

int dev_close(struct net_device *dev)
{
	if (!(dev->flags & IFF_UP))
		return 0;
	clear_bit(__LINK_STATE_START, &dev->state);
	dev_deactivate(dev);
	if (dev->netdev_ops->ndo_stop)
		dev->netdev_ops->ndo_stop(dev);
	dev->flags &= ~IFF_UP;
	call_netdevice_notifiers(NETDEV_DOWN, dev);
	return 0;
}

int dev_set_mtu(struct net_device *dev, int new_mtu)
{
	int err = 0;

	if (new_mtu < (int)dev->min_mtu || new_mtu > (int)dev->max_mtu)
		return -EINVAL;
	if (new_mtu == (int)dev->mtu)
		return 0;
	if (dev->netdev_ops->ndo_change_mtu)
		err = dev->netdev_ops->ndo_change_mtu(dev, new_mtu);
	else
		dev->mtu = new_mtu;
	if (!err)
		call_netdevice_notifiers(NETDEV_CHANGEMTU, dev);
	return err;
}

int dev_set_promiscuity(struct net_device *dev, int inc)
{
	unsigned int old = dev->flags;

	if (inc < 0 && dev->promiscuity < -inc)
		return -EOVERFLOW;
	dev->promiscuity += inc;
	if (dev->promiscuity)
		dev->flags |= IFF_PROMISC;
	else
		dev->flags &= ~IFF_PROMISC;
	if (dev->flags != old) {
		pr_info("device %s %s promiscuous mode\n", dev->name,
			(dev->flags & IFF_PROMISC) ? "entered" : "left");
		dev_set_rx_mode(dev);
	}
	return 0;
}

unsigned int dev_get_flags(const struct net_device *dev)
{
	unsigned int flags = dev->flags;

	if (netif_running(dev) && netif_carrier_ok(dev))
		flags |= IFF_RUNNING | IFF_LOWER_UP;
	return flags;
}

static_assert(offsetof(struct rtnl_link_stats64, rx_nohandler) ==
	      sizeof(struct net_device_stats), "stats64 must extend net_device_stats");

void dev_get_stats(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	memset(s, 0, sizeof(*s));
	if (dev->netdev_ops->ndo_get_stats64)
		dev->netdev_ops->ndo_get_stats64(dev, s);
	else
		memcpy(s, &dev->stats, sizeof(dev->stats));
	s->rx_dropped += __atomic_load_n(&dev->core_stats.rx_dropped, __ATOMIC_RELAXED);
	s->tx_dropped += __atomic_load_n(&dev->core_stats.tx_dropped, __ATOMIC_RELAXED);
	s->rx_nohandler += __atomic_load_n(&dev->core_stats.rx_nohandler, __ATOMIC_RELAXED);
}

/* --- carrier and linkwatch --- */

/* Notifiers may transmit (gratuitous ARP), which a hard IRQ must not do,
 * so the event is deferred to NET_TX_SOFTIRQ (Linux uses a workqueue). */
static void linkwatch_schedule(void)
{
	unsigned long flags;

	WRITE_ONCE(linkwatch_pending, true);
	local_irq_save(flags);
	raise_softirq_irqoff(NET_TX_SOFTIRQ);
	local_irq_restore(flags);
}

static void linkwatch_fire_event(struct net_device *dev)
{
	if (!test_and_set_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state))
		linkwatch_schedule();
}

void netif_carrier_on(struct net_device *dev)
{
	if (test_and_clear_bit(__LINK_STATE_NOCARRIER, &dev->state)) {
		dev->carrier_up_count++;
		linkwatch_fire_event(dev);
	}
}

void netif_carrier_off(struct net_device *dev)
{
	if (!test_and_set_bit(__LINK_STATE_NOCARRIER, &dev->state)) {
		dev->carrier_down_count++;
		linkwatch_fire_event(dev);
	}
}

/* RFC 2863 state from the carrier (Linux's default_operstate). */
static u8 default_operstate(const struct net_device *dev)
{
	if (!netif_running(dev) || !netif_carrier_ok(dev))
		return IF_OPER_DOWN;
	return IF_OPER_UP;
}

void linkwatch_run_queue(void)
{
	struct net_device *dev;

	if (!READ_ONCE(linkwatch_pending))
		return;
	WRITE_ONCE(linkwatch_pending, false);
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		if (!test_and_clear_bit(__LINK_STATE_LINKWATCH_PENDING, &dev->state))
			continue;
		dev->operstate = default_operstate(dev);
		if (dev->flags & IFF_UP)
			call_netdevice_notifiers(NETDEV_CHANGE, dev);
	}
}

/* --- notifiers --- */

int register_netdevice_notifier(struct notifier_block *nb)
{
	struct notifier_block **pp = &netdev_chain;
	struct netdev_notifier_info info;
	struct net_device *dev;

	if (notifier_count >= NOTIFIER_MAX)
		return -ENOSPC;
	while (*pp && (*pp)->priority >= nb->priority) {
		if (*pp == nb)
			return -EEXIST;
		pp = &(*pp)->next;
	}
	nb->next = *pp;
	*pp = nb;
	notifier_count++;

	/* Replay, so late registrants see the devices that already exist. */
	list_for_each_entry(dev, &dev_base_head, dev_list) {
		info.dev = dev;
		nb->notifier_call(nb, NETDEV_REGISTER, &info);
		if (dev->flags & IFF_UP)
			nb->notifier_call(nb, NETDEV_UP, &info);
	}
	return 0;
}

void call_netdevice_notifiers(unsigned long event, struct net_device *dev)
{
	struct netdev_notifier_info info = { .dev = dev };
	struct notifier_block *nb;

	for (nb = netdev_chain; nb; nb = nb->next)
		nb->notifier_call(nb, event, &info);
}
