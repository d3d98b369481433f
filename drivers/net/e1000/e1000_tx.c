/* e1000 transmit: the TX descriptor ring (legacy descriptors), one
 * descriptor per linear part or page fragment, the tail written once per
 * burst (xmit_more), queue stop/wake on ring space, and reclaim by DD in
 * NAPI poll. No checksum offload, no TSO, no context descriptors.
 * [8254x SDM 3.3 transmit descriptors, 14.5 transmit initialization] */
#include "drivers/net/e1000/e1000.h"
#include "net/ethernet/eth.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "lib/errno.h"

/* Largest frame the stack may hand us: MTU 1500 + header + a VLAN tag. */
#define E1000_MAX_TX_FRAME	(ETH_FRAME_LEN + 4)

/* --- ring memory --- */

int e1000_setup_tx_resources(struct e1000_adapter *a, u32 count)
{
	struct e1000_ring *r = &a->tx_ring;
	size_t bytes = (size_t)count * sizeof(struct e1000_tx_desc);

	memset(r, 0, sizeof(*r));
	r->count = count;
	r->tx_buf = kcalloc(count, sizeof(*r->tx_buf), GFP_KERNEL);
	if (!r->tx_buf)
		return -ENOMEM;
	/* Whole pages: contiguous and aligned beyond TDBAL's 128 bytes. */
	r->desc_order = get_order(bytes);
	r->desc = alloc_pages(GFP_KERNEL, r->desc_order);
	if (!r->desc) {
		kfree(r->tx_buf);
		r->tx_buf = NULL;
		return -ENOMEM;
	}
	memset(r->desc, 0, PAGE_SIZE << r->desc_order);
	return 0;
}

/* After the transmitter is stopped: what was not sent is dropped. */
void e1000_free_tx_resources(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->tx_ring;
	u32 i;

	if (!r->desc)
		return;
	for (i = 0; i < r->count; i++) {
		if (r->tx_buf[i].skb) {
			a->stats.tx_dropped++;
			dev_kfree_skb_any(r->tx_buf[i].skb);
		}
	}
	kfree(r->tx_buf);
	free_pages(r->desc, r->desc_order);
	r->tx_buf = NULL;
	r->desc = NULL;
}

/* Transmit initialization: ring registers, IPG, then enable. */
void e1000_configure_tx(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->tx_ring;
	u64 base = virt_to_phys(r->desc);
	u32 tctl;

	ew32(a, E1000_TDBAL, (u32)base);
	ew32(a, E1000_TDBAH, (u32)(base >> 32));
	ew32(a, E1000_TDLEN, r->count * sizeof(struct e1000_tx_desc));
	ew32(a, E1000_TDH, 0);
	ew32(a, E1000_TDT, 0);
	r->next_to_use = r->next_to_clean = r->tail = 0;
	ew32(a, E1000_TIPG, E1000_TIPG_IPGT_COPPER |
	     (E1000_TIPG_IPGR1 << E1000_TIPG_IPGR1_SHIFT) |
	     (E1000_TIPG_IPGR2 << E1000_TIPG_IPGR2_SHIFT));
	ew32(a, E1000_TIDV, 0);
	ew32(a, E1000_TADV, 0);

	tctl = E1000_TCTL_EN | E1000_TCTL_PSP |
	       (E1000_COLLISION_THRESHOLD << E1000_TCTL_CT_SHIFT) |
	       (E1000_COLLISION_DISTANCE << E1000_TCTL_COLD_SHIFT);
	if (e1000_has(a, E1000_FLAG_TX_8257X)) {
		ew32(a, E1000_TXDCTL, er32(a, E1000_TXDCTL) | E1000_TXDCTL_GRAN |
		     E1000_TXDCTL_COUNT_DESC);
		ew32(a, E1000_TARC0, er32(a, E1000_TARC0) | E1000_TARC0_ENABLE |
		     a->chip->tarc0_bits);
		tctl |= E1000_TCTL_RTLC;
	}
	ew32(a, E1000_TCTL, tctl);
}

/* --- transmit --- */

/* Write TDT if descriptors were queued since the last write. */
void e1000_tx_flush(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->tx_ring;

	if (r->tail == r->next_to_use)
		return;
	/* Descriptors first, then the tail that lets the NIC fetch them. */
	wmb();
	ew32(a, E1000_TDT, r->next_to_use);
	r->tail = r->next_to_use;
	a->stats.tx_tail_writes++;
}

/*
 * Frames under 60 bytes are padded here, in software, as Linux's e1000
 * does: some 8254x corrupt frames they pad themselves on PCI/PCI-X, and
 * QEMU's models ignore TCTL.PSP. 0, or -ENOMEM (caller drops).
 */
static int e1000_pad_short(struct sk_buff *skb)
{
	unsigned int pad;

	if (skb->len >= ETH_ZLEN)
		return 0;
	pad = ETH_ZLEN - skb->len;
	if (skb_is_nonlinear(skb) && skb_linearize(skb))
		return -ENOMEM;
	if ((skb_cloned(skb) || skb_tailroom(skb) < (int)pad) &&
	    pskb_expand_head(skb, 0, pad, GFP_ATOMIC))
		return -ENOMEM;
	skb_put_zero(skb, pad);
	return 0;
}

static void e1000_tx_desc_fill(struct e1000_ring *r, u32 i, const void *data,
			       u32 len, u32 cmd)
{
	struct e1000_tx_desc *d = E1000_TX_DESC(r, i);

	d->buffer_addr = cpu_to_le64(virt_to_phys(data));
	d->lower = cpu_to_le32((len & E1000_TXD_LEN_MASK) | E1000_TXD_CMD_IFCS | cmd);
	d->upper = 0;	/* clears a stale DD */
}

/* One descriptor for the linear part and one per fragment; RS and EOP on
 * the last, whose DD tells the poll the whole packet is sent. */
static void e1000_tx_map(struct e1000_adapter *a, struct sk_buff *skb)
{
	struct e1000_ring *r = &a->tx_ring;
	struct skb_shared_info *sh = skb_shinfo(skb);
	u32 first = r->next_to_use, i = first;
	int f;

	for (f = -1; f < sh->nr_frags; f++) {
		bool last = f == sh->nr_frags - 1;
		u32 cmd = last ? E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS : 0;

		if (f < 0)
			e1000_tx_desc_fill(r, i, skb->data, skb_headlen(skb), cmd);
		else
			e1000_tx_desc_fill(r, i, (u8 *)sh->frags[f].page + sh->frags[f].offset,
					   sh->frags[f].size, cmd);
		if (!last && ++i == r->count)
			i = 0;
	}
	r->tx_buf[first].skb = skb;
	r->tx_buf[first].next_to_watch = i;
	r->tx_buf[first].bytecount = skb->len;
	/* The slot is complete before the poll can see next_to_use past it. */
	barrier();
	WRITE_ONCE(r->next_to_use, i + 1 == r->count ? 0 : i + 1);
}

/* Stop while a largest packet might not fit. The re-check pairs with the
 * poll's wake: it may have freed room between our test and the stop. */
static void e1000_maybe_stop_tx(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;

	if (likely(e1000_ring_unused(&a->tx_ring) >= E1000_TX_STOP_THRESHOLD))
		return;
	netif_stop_queue(dev);
	a->stats.tx_ring_full++;
	smp_mb();
	if (e1000_ring_unused(&a->tx_ring) >= E1000_TX_STOP_THRESHOLD) {
		netif_start_queue(dev);
		a->stats.tx_restart_queue++;
	}
}

static bool e1000_tx_frame_ok(const struct sk_buff *skb)
{
	return skb->len > 0 && skb->len <= E1000_MAX_TX_FRAME &&
	       skb_headlen(skb) > 0 && skb_shinfo(skb)->nr_frags <= MAX_SKB_FRAGS;
}

netdev_tx_t e1000_xmit_frame(struct sk_buff *skb, struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	if (unlikely(!e1000_tx_frame_ok(skb) || e1000_pad_short(skb))) {
		pr_warn_ratelimited("%s: dropping a %u-byte frame\n", dev->name, skb->len);
		a->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		goto out;
	}
	if (unlikely(e1000_ring_unused(&a->tx_ring) < skb_shinfo(skb)->nr_frags + 1u)) {
		/* Only if the stop threshold was wrong: say busy, keep the skb. */
		netif_stop_queue(dev);
		a->stats.tx_busy++;
		e1000_tx_flush(a);
		return NETDEV_TX_BUSY;
	}
	e1000_tx_map(a, skb);
	e1000_maybe_stop_tx(a);
out:
	/* Replies sent from inside our own poll ring the doorbell once, when
	 * the poll ends (e1000_poll), not once each. */
	if ((!netdev_xmit_more() && !READ_ONCE(a->in_poll)) || netif_queue_stopped(dev))
		e1000_tx_flush(a);
	return NETDEV_TX_OK;
}

/* --- reclaim (NAPI poll) --- */

static bool e1000_tx_done(struct e1000_ring *r, const struct e1000_tx_buffer *buf)
{
	const struct e1000_tx_desc *d = E1000_TX_DESC(r, buf->next_to_watch);

	return le32_to_cpu(READ_ONCE(d->upper)) & E1000_TXD_STAT_DD;
}

static void e1000_wake_tx(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;

	if (netif_queue_stopped(dev) && !READ_ONCE(a->down) &&
	    e1000_ring_unused(&a->tx_ring) >= E1000_TX_WAKE_THRESHOLD) {
		netif_wake_queue(dev);
		a->stats.tx_restart_queue++;
	}
}

/* Free every sent packet: whole packets only, by the DD of their EOP. */
void e1000_clean_tx_irq(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->tx_ring;
	u32 i = r->next_to_clean, ntu = READ_ONCE(r->next_to_use);
	u32 packets = 0;
	u64 bytes = 0;

	while (i != ntu) {
		struct e1000_tx_buffer *buf = &r->tx_buf[i];

		if (!e1000_tx_done(r, buf))
			break;
		packets++;
		bytes += buf->bytecount;
		dev_consume_skb_any(buf->skb);
		buf->skb = NULL;
		i = buf->next_to_watch + 1 == r->count ? 0 : buf->next_to_watch + 1;
	}
	if (!packets)
		return;
	WRITE_ONCE(r->next_to_clean, i);
	/* Pairs with e1000_maybe_stop_tx (stop, barrier, re-check): the new
	 * next_to_clean is visible before we look at the queue state, so a
	 * stop racing with this reclaim is always seen by one side. */
	smp_mb();
	a->stats.tx_packets += packets;
	a->stats.tx_bytes += bytes;
	a->itr_tx_packets += packets;
	a->itr_tx_bytes += bytes;
	if (unlikely(netif_queue_stopped(a->netdev)))
		e1000_wake_tx(a);
}
