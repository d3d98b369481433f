/* e1000 counters and ethtool: the hardware statistics registers (with the
 * clear-on-read check of e1000_hw.h), the `ethtool -S` table, ndo_get_stats64,
 * driver info, link, and ring sizes (`ethtool -g`, `ethtool -G` restarts
 * the interface with the new rings). No register dump, no self-test. */
#include "drivers/net/e1000/e1000.h"
#include "kernel/printk.h"
#include "kernel/softirq.h"
#include "lib/string.h"
#include "lib/errno.h"

/* --- hardware counters --- */

const struct e1000_hw_stat_desc e1000_hw_stat_tbl[E1000_HW_NUM_STATS] = {
	[E1000_HW_CRCERRS] = { "hw_crc_errors", E1000_CRCERRS },
	[E1000_HW_ALGNERRC] = { "hw_align_errors", E1000_ALGNERRC },
	[E1000_HW_SYMERRS] = { "hw_symbol_errors", E1000_SYMERRS },
	[E1000_HW_RXERRC] = { "hw_rx_errors", E1000_RXERRC },
	[E1000_HW_MPC] = { "hw_missed_packets", E1000_MPC },
	[E1000_HW_SCC] = { "hw_single_collisions", E1000_SCC },
	[E1000_HW_ECOL] = { "hw_excess_collisions", E1000_ECOL },
	[E1000_HW_MCC] = { "hw_multi_collisions", E1000_MCC },
	[E1000_HW_LATECOL] = { "hw_late_collisions", E1000_LATECOL },
	[E1000_HW_COLC] = { "hw_collisions", E1000_COLC },
	[E1000_HW_DC] = { "hw_defers", E1000_DC },
	[E1000_HW_TNCRS] = { "hw_tx_no_carrier", E1000_TNCRS },
	[E1000_HW_SEC] = { "hw_sequence_errors", E1000_SEC },
	[E1000_HW_CEXTERR] = { "hw_carrier_ext_errors", E1000_CEXTERR },
	[E1000_HW_RLEC] = { "hw_rx_length_errors", E1000_RLEC },
	[E1000_HW_XONRXC] = { "hw_xon_rx", E1000_XONRXC },
	[E1000_HW_XONTXC] = { "hw_xon_tx", E1000_XONTXC },
	[E1000_HW_XOFFRXC] = { "hw_xoff_rx", E1000_XOFFRXC },
	[E1000_HW_XOFFTXC] = { "hw_xoff_tx", E1000_XOFFTXC },
	[E1000_HW_FCRUC] = { "hw_fc_unsupported", E1000_FCRUC },
	[E1000_HW_GPRC] = { "hw_good_rx_packets", E1000_GPRC },
	[E1000_HW_BPRC] = { "hw_bcast_rx_packets", E1000_BPRC },
	[E1000_HW_MPRC] = { "hw_mcast_rx_packets", E1000_MPRC },
	[E1000_HW_GPTC] = { "hw_good_tx_packets", E1000_GPTC },
	[E1000_HW_RNBC] = { "hw_rx_no_buffer", E1000_RNBC },
	[E1000_HW_RUC] = { "hw_rx_undersize", E1000_RUC },
	[E1000_HW_RFC] = { "hw_rx_fragments", E1000_RFC },
	[E1000_HW_ROC] = { "hw_rx_oversize", E1000_ROC },
	[E1000_HW_RJC] = { "hw_rx_jabbers", E1000_RJC },
	[E1000_HW_TPR] = { "hw_total_rx_packets", E1000_TPR },
	[E1000_HW_TPT] = { "hw_total_tx_packets", E1000_TPT },
	[E1000_HW_MPTC] = { "hw_mcast_tx_packets", E1000_MPTC },
	[E1000_HW_BPTC] = { "hw_bcast_tx_packets", E1000_BPTC },
};
struct e1000_stat_read {
	struct e1000_adapter *a;
	u32 reg;
};

static u32 e1000_stat_reread(void *ctx)
{
	struct e1000_stat_read *r = ctx;

	return er32(r->a, r->reg);
}

/* See e1000_stat_delta (e1000_hw.h) for counters that do not clear. */
static void e1000_hw_stat_update(struct e1000_adapter *a, int i)
{
	struct e1000_stat_read r = { a, e1000_hw_stat_tbl[i].reg };

	a->hw_stats[i] += e1000_stat_delta(&a->hw_track[i], er32(a, r.reg),
					   e1000_stat_reread, &r);
}

void e1000_update_stats(struct e1000_adapter *a)
{
	int i;

	for (i = 0; i < E1000_HW_NUM_STATS; i++)
		e1000_hw_stat_update(a, i);
}

/* After reset: clearing counters start from zero, running ones from here. */
void e1000_clear_hw_stats(struct e1000_adapter *a)
{
	int i;

	for (i = 0; i < E1000_HW_NUM_STATS; i++)
		e1000_stat_reset(&a->hw_track[i], er32(a, e1000_hw_stat_tbl[i].reg));
}

/* Process context: fresh hardware numbers for ethtool -S / ip -s link. */
void e1000_update_stats_now(struct e1000_adapter *a)
{
	local_bh_disable();
	spin_lock(&a->stats_lock);
	e1000_update_stats(a);
	spin_unlock(&a->stats_lock);
	local_bh_enable();
}

void e1000_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s)
{
	struct e1000_adapter *a = netdev_priv(dev);
	const struct e1000_sw_stats *sw = &a->stats;
	const u64 *hw = a->hw_stats;
	u64 desc_errors = sw->rx_desc_crc_errors + sw->rx_desc_symbol_errors +
			  sw->rx_desc_seq_errors + sw->rx_desc_carrier_ext_errors +
			  sw->rx_desc_data_errors + sw->rx_no_eop + sw->rx_bad_length;

	if (!in_interrupt())
		e1000_update_stats_now(a);
	s->rx_packets = sw->rx_packets;
	s->tx_packets = sw->tx_packets;
	s->rx_bytes = sw->rx_bytes;
	s->tx_bytes = sw->tx_bytes;
	s->rx_dropped = sw->rx_dropped;
	s->tx_dropped = sw->tx_dropped;
	s->multicast = hw[E1000_HW_MPRC];
	s->collisions = hw[E1000_HW_COLC];
	s->rx_crc_errors = hw[E1000_HW_CRCERRS] + sw->rx_desc_crc_errors;
	s->rx_frame_errors = hw[E1000_HW_ALGNERRC];
	s->rx_length_errors = hw[E1000_HW_RLEC] + hw[E1000_HW_RUC] + hw[E1000_HW_ROC] +
			      sw->rx_bad_length + dev->stats.rx_length_errors;
	s->rx_missed_errors = hw[E1000_HW_MPC];
	s->rx_over_errors = hw[E1000_HW_RNBC];
	s->rx_errors = hw[E1000_HW_CRCERRS] + hw[E1000_HW_ALGNERRC] + hw[E1000_HW_RUC] +
		       hw[E1000_HW_ROC] + hw[E1000_HW_CEXTERR] + desc_errors +
		       dev->stats.rx_errors;
	s->tx_aborted_errors = hw[E1000_HW_ECOL];
	s->tx_window_errors = hw[E1000_HW_LATECOL];
	s->tx_carrier_errors = hw[E1000_HW_TNCRS];
	s->tx_errors = hw[E1000_HW_ECOL] + hw[E1000_HW_LATECOL];
}

/* --- ethtool -S --- */

enum e1000_stat_src { E1000_SRC_SW, E1000_SRC_NAPI, E1000_SRC_DEV };

struct e1000_stat_desc {
	const char *name;
	enum e1000_stat_src src;
	size_t offset;		/* of a u64 in the source structure */
};

#define SW(n, f)	{ n, E1000_SRC_SW, offsetof(struct e1000_sw_stats, f) }
#define NAPI(n, f)	{ n, E1000_SRC_NAPI, offsetof(struct napi_struct, f) }
#define DEV(n, f)	{ n, E1000_SRC_DEV, offsetof(struct net_device, f) }

static const struct e1000_stat_desc e1000_gstrings[] = {
	SW("rx_packets", rx_packets), SW("tx_packets", tx_packets),
	SW("rx_bytes", rx_bytes), SW("tx_bytes", tx_bytes),
	SW("rx_dropped", rx_dropped), SW("tx_dropped", tx_dropped),
	DEV("rx_runt_frames", stats.rx_length_errors),
	SW("rx_desc_crc_errors", rx_desc_crc_errors),
	SW("rx_desc_symbol_errors", rx_desc_symbol_errors),
	SW("rx_desc_seq_errors", rx_desc_seq_errors),
	SW("rx_desc_carrier_ext_errors", rx_desc_carrier_ext_errors),
	SW("rx_desc_data_errors", rx_desc_data_errors),
	SW("rx_no_eop_dropped", rx_no_eop), SW("rx_bad_length", rx_bad_length),
	SW("alloc_rx_buff_failed", alloc_rx_buff_failed),
	SW("rx_refill_tail_writes", rx_refills), SW("tx_tail_writes", tx_tail_writes),
	SW("tx_ring_full", tx_ring_full), SW("tx_restart_queue", tx_restart_queue),
	SW("tx_busy", tx_busy),
	SW("irq_total", irq_total), SW("irq_no_cause", irq_none),
	SW("irq_rxt0", irq_rxt0), SW("irq_rxdmt0", irq_rxdmt0), SW("irq_rxo", irq_rxo),
	SW("irq_txdw", irq_txdw), SW("irq_lsc", irq_lsc), SW("irq_other", irq_other),
	NAPI("napi_polls", polls), NAPI("napi_full_budget_polls", full_polls),
	SW("watchdog_rx_kicks", watchdog_rx_kicks), SW("itr_changes", itr_changes),
	DEV("carrier_up", carrier_up_count), DEV("carrier_down", carrier_down_count),
};

/* Software counters, then the current ITR rate, then the registers. */
#define E1000_N_GSTRINGS	ARRAY_SIZE(e1000_gstrings)
#define E1000_N_STATS		(E1000_N_GSTRINGS + 1 + E1000_HW_NUM_STATS)
static_assert(E1000_N_STATS <= ETHTOOL_MAX_STATS, "ethtool -S table too long");

static int e1000_get_sset_count(struct net_device *dev, int sset)
{
	return sset == ETH_SS_STATS ? (int)E1000_N_STATS : -EOPNOTSUPP;
}

static void e1000_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	size_t i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < E1000_N_GSTRINGS; i++, data += ETH_GSTRING_LEN)
		strlcpy((char *)data, e1000_gstrings[i].name, ETH_GSTRING_LEN);
	strlcpy((char *)data, "itr_ints_per_sec", ETH_GSTRING_LEN);
	data += ETH_GSTRING_LEN;
	for (i = 0; i < E1000_HW_NUM_STATS; i++, data += ETH_GSTRING_LEN)
		strlcpy((char *)data, e1000_hw_stat_tbl[i].name, ETH_GSTRING_LEN);
}

static u64 e1000_stat_value(struct e1000_adapter *a, const struct e1000_stat_desc *d)
{
	const void *base = d->src == E1000_SRC_SW ? (const void *)&a->stats :
			   d->src == E1000_SRC_NAPI ? (const void *)&a->napi :
			   (const void *)a->netdev;

	return *(const u64 *)((const u8 *)base + d->offset);
}

static void e1000_get_ethtool_stats(struct net_device *dev, struct ethtool_stats *st,
				    u64 *data)
{
	struct e1000_adapter *a = netdev_priv(dev);
	size_t i;

	e1000_update_stats_now(a);
	for (i = 0; i < E1000_N_GSTRINGS; i++)
		*data++ = e1000_stat_value(a, &e1000_gstrings[i]);
	*data++ = a->itr.rate;
	for (i = 0; i < E1000_HW_NUM_STATS; i++)
		*data++ = a->hw_stats[i];
}

/* --- info, link, rings --- */

static void e1000_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	struct e1000_adapter *a = netdev_priv(dev);

	strlcpy(info->driver, a->chip->driver, sizeof(info->driver));
	strlcpy(info->version, NAPKIN_VERSION, sizeof(info->version));
	strlcpy(info->bus_info, a->pdev->name, sizeof(info->bus_info));
}

static u32 e1000_get_link(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	return !!(er32(a, E1000_STATUS) & E1000_STATUS_LU);
}

static void e1000_get_ringparam(struct net_device *dev, struct ethtool_ringparam *ring)
{
	struct e1000_adapter *a = netdev_priv(dev);

	ring->rx_max_pending = E1000_MAX_DESC;
	ring->tx_max_pending = E1000_MAX_DESC;
	ring->rx_pending = netif_running(dev) && a->rx_ring.desc ? a->rx_ring.count :
			   (a->rx_ring_req ? a->rx_ring_req : (u32)e1000_rx_ring_size);
	ring->tx_pending = netif_running(dev) && a->tx_ring.desc ? a->tx_ring.count :
			   (a->tx_ring_req ? a->tx_ring_req : (u32)e1000_tx_ring_size);
}

/* Sizes round up to a multiple of 8 as Linux does; below 80 is refused. */
static int e1000_set_ringparam(struct net_device *dev, struct ethtool_ringparam *ring)
{
	struct e1000_adapter *a = netdev_priv(dev);
	u32 rx = ALIGN(ring->rx_pending, E1000_DESC_MULTIPLE);
	u32 tx = ALIGN(ring->tx_pending, E1000_DESC_MULTIPLE);
	u32 old_rx = a->rx_ring_req, old_tx = a->tx_ring_req;
	int err;

	if (!e1000_ring_size_valid(rx) || !e1000_ring_size_valid(tx)) {
		pr_err("%s: ring sizes are %d..%d descriptors\n", dev->name,
		       E1000_MIN_DESC, E1000_MAX_DESC);
		return -EINVAL;
	}
	a->rx_ring_req = rx;
	a->tx_ring_req = tx;
	if (!netif_running(dev) || !(dev->flags & IFF_UP))
		return 0;
	e1000_close(dev);
	err = e1000_open(dev);
	if (!err)
		return 0;
	pr_err("%s: cannot open with rings rx %u tx %u (%d), back to the old sizes\n",
	       dev->name, rx, tx, err);
	a->rx_ring_req = old_rx;
	a->tx_ring_req = old_tx;
	if (e1000_open(dev))
		pr_err("%s: reopen failed: the interface is down\n", dev->name);
	return err;
}

const struct ethtool_ops e1000_ethtool_ops = {
	.get_drvinfo = e1000_get_drvinfo,
	.get_link = e1000_get_link,
	.get_ringparam = e1000_get_ringparam,
	.set_ringparam = e1000_set_ringparam,
	.get_sset_count = e1000_get_sset_count,
	.get_strings = e1000_get_strings,
	.get_ethtool_stats = e1000_get_ethtool_stats,
};
