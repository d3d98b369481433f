/* e1000 receive: the RX descriptor ring (legacy descriptors on every chip),
 * zero-copy 2 KiB buffers wrapped by build_skb, batched refill, the NAPI
 * receive loop and the receive filters (RCTL, RAR0, MTA). No jumbo frames
 * (LPE off), no checksum offload, no extended or packet-split descriptors.
 * [8254x SDM 3.2 receive descriptors, 14.4 receive initialization] */
#include "drivers/net/e1000/e1000.h"
#include "net/ethernet/eth.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/cpu.h"
#include "lib/string.h"
#include "lib/errno.h"

/* --- ring memory --- */

int e1000_setup_rx_resources(struct e1000_adapter *a, u32 count)
{
	struct e1000_ring *r = &a->rx_ring;
	size_t bytes = (size_t)count * sizeof(struct e1000_rx_desc);

	memset(r, 0, sizeof(*r));
	r->count = count;
	r->rx_buf = kcalloc(count, sizeof(*r->rx_buf), GFP_KERNEL);
	if (!r->rx_buf)
		return -ENOMEM;
	/* Whole pages: physically contiguous and far above the 128-byte
	 * alignment RDBAL needs. */
	r->desc_order = get_order(bytes);
	r->desc = alloc_pages(GFP_KERNEL, r->desc_order);
	if (!r->desc) {
		kfree(r->rx_buf);
		r->rx_buf = NULL;
		return -ENOMEM;
	}
	memset(r->desc, 0, PAGE_SIZE << r->desc_order);
	return 0;
}

void e1000_free_rx_resources(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->rx_ring;
	u32 i;

	if (!r->desc)
		return;
	for (i = 0; i < r->count; i++)
		if (r->rx_buf[i].data)
			skb_free_frag(r->rx_buf[i].data);
	kfree(r->rx_buf);
	free_pages(r->desc, r->desc_order);
	r->rx_buf = NULL;
	r->desc = NULL;
}

/* --- refill --- */

/*
 * Post up to count buffers from next_to_use. A slot keeps the buffer of a
 * dropped frame (recycled); an empty one gets a fresh 2 KiB frag. If none
 * is to be had the refill stops there, counted, and the next poll (or the
 * watchdog) retries. One RDT write covers the whole batch.
 */
void e1000_alloc_rx_buffers(struct e1000_adapter *a, u32 count)
{
	struct e1000_ring *r = &a->rx_ring;
	u32 i = r->next_to_use, filled = 0;

	count = min(count, e1000_ring_unused(r));
	while (filled < count) {
		struct e1000_rx_buffer *buf = &r->rx_buf[i];
		struct e1000_rx_desc *d = E1000_RX_DESC(r, i);

		if (!buf->data) {
			buf->data = netdev_alloc_frag(SKB_DATA_2K);
			if (unlikely(!buf->data)) {
				a->stats.alloc_rx_buff_failed++;
				break;
			}
		}
		d->buffer_addr = cpu_to_le64(virt_to_phys(buf->data) + NET_SKB_PAD);
		d->status = 0;
		if (++i == r->count)
			i = 0;
		filled++;
	}
	if (!filled)
		return;
	WRITE_ONCE(r->next_to_use, i);
	/* The descriptors (buffer address, cleared DD) must be in memory
	 * before the NIC sees the new tail and fetches them. */
	wmb();
	ew32(a, E1000_RDT, i);
	r->tail = i;
	a->stats.rx_refills++;
}

/* --- receive --- */

static void e1000_count_rx_error(struct e1000_adapter *a, enum e1000_rx_verdict v)
{
	struct e1000_sw_stats *s = &a->stats;

	switch (v) {
	case E1000_RX_NO_EOP:
		s->rx_no_eop++;
		break;
	case E1000_RX_ERR_CE:
		s->rx_desc_crc_errors++;
		break;
	case E1000_RX_ERR_SE:
		s->rx_desc_symbol_errors++;
		break;
	case E1000_RX_ERR_SEQ:
		s->rx_desc_seq_errors++;
		break;
	case E1000_RX_ERR_CXE:
		s->rx_desc_carrier_ext_errors++;
		break;
	case E1000_RX_ERR_RXE:
		s->rx_desc_data_errors++;
		break;
	case E1000_RX_BAD_LENGTH:
		s->rx_bad_length++;
		break;
	case E1000_RX_FRAME:
		break;
	}
	pr_warn_ratelimited("%s: receive error %d\n", a->netdev->name, v);
}

/* Hand a good frame up. The buffer becomes the skb's; the slot is left
 * empty for the refill. False if the frame had to be dropped. */
static bool e1000_receive_frame(struct e1000_adapter *a, struct e1000_rx_buffer *buf,
				unsigned int len)
{
	struct net_device *dev = a->netdev;
	struct sk_buff *skb;

	skb = build_skb(buf->data, SKB_DATA_2K);
	if (unlikely(!skb)) {
		a->stats.rx_dropped++;
		return false;
	}
	buf->data = NULL;
	skb_reserve(skb, NET_SKB_PAD);
	skb_put(skb, len);
	a->stats.rx_packets++;
	a->stats.rx_bytes += len;
	a->itr_rx_packets++;
	a->itr_rx_bytes += len;
	skb->protocol = eth_type_trans(skb, dev);
	/* A runt: eth_type_trans counted it (rx_length_errors). */
	if (unlikely(!skb->protocol)) {
		kfree_skb(skb);
		return true;
	}
	napi_gro_receive(&a->napi, skb);
	return true;
}

/* One descriptor with DD set; its buffer stays in the slot unless passed up. */
static void e1000_rx_one(struct e1000_adapter *a, struct e1000_rx_desc *d,
			 struct e1000_rx_buffer *buf)
{
	bool fcs = !e1000_has(a, E1000_FLAG_SECRC);
	enum e1000_rx_verdict v;
	unsigned int len = 0;

	v = e1000_rx_classify(d->status, d->errors, le16_to_cpu(d->length), fcs,
			      SKB_2K_MAX_FRAME, &len);
	/* The tail of a frame that began in an earlier descriptor. */
	if (unlikely(a->rx_discard)) {
		if (v != E1000_RX_NO_EOP)
			a->rx_discard = false;
		return;
	}
	if (unlikely(v != E1000_RX_FRAME)) {
		e1000_count_rx_error(a, v);
		a->rx_discard = v == E1000_RX_NO_EOP;
		return;
	}
	e1000_receive_frame(a, buf, len);
}

/*
 * The NAPI receive loop: at most budget descriptors, found by their DD bit
 * in memory (never RDH). Returns the descriptors processed.
 */
int e1000_clean_rx_irq(struct e1000_adapter *a, int budget)
{
	struct e1000_ring *r = &a->rx_ring;
	u32 i = r->next_to_clean;
	int work = 0;

	while (work < budget) {
		struct e1000_rx_desc *d = E1000_RX_DESC(r, i);

		if (!(READ_ONCE(d->status) & E1000_RXD_STAT_DD))
			break;
		/* DD is written last: read length and errors only after it. */
		dma_rmb();
		e1000_rx_one(a, d, &r->rx_buf[i]);
		work++;
		if (++i == r->count)
			i = 0;
		WRITE_ONCE(r->next_to_clean, i);
		if (e1000_ring_unused(r) >= E1000_RX_REFILL_BATCH)
			e1000_alloc_rx_buffers(a, E1000_RX_REFILL_BATCH);
	}
	return work;
}

/* --- configuration --- */

static void e1000_write_rar0(struct e1000_adapter *a, const u8 *mac)
{
	u32 low = mac[0] | (mac[1] << 8) | (mac[2] << 16) | ((u32)mac[3] << 24);
	u32 high = mac[4] | (mac[5] << 8);

	ew32(a, E1000_RAL(0), low);
	ew32(a, E1000_RAH(0), high | E1000_RAH_AV);
}

static u32 e1000_rctl_mode(const struct net_device *dev)
{
	if (dev->flags & IFF_PROMISC)
		return E1000_RCTL_UPE | E1000_RCTL_MPE;
	if (dev->flags & IFF_ALLMULTI)
		return E1000_RCTL_MPE;
	return 0;
}

/* Promiscuous on only while asked (tcpdump); the MTA stays empty since the
 * stack joins no multicast groups yet. RCTL is rewritten only on change:
 * QEMU's e1000 pauses reception for a second after every RCTL write. */
void e1000_set_rx_mode(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	u32 rctl = er32(a, E1000_RCTL);
	u32 want = (rctl & ~(E1000_RCTL_UPE | E1000_RCTL_MPE)) | e1000_rctl_mode(dev);

	if (want != rctl)
		ew32(a, E1000_RCTL, want);
}

/* Receive initialization: addresses, filters, ring registers, enable; then
 * post buffers. The ring must already hold count descriptors. */
void e1000_configure_rx(struct e1000_adapter *a)
{
	struct e1000_ring *r = &a->rx_ring;
	u64 base = virt_to_phys(r->desc);
	u32 rctl, i;

	ew32(a, E1000_RCTL, 0);
	e1000_write_rar0(a, a->netdev->dev_addr);
	for (i = 0; i < E1000_MTA_ENTRIES; i++)
		ew32(a, E1000_MTA + i * 4, 0);
	ew32(a, E1000_RXCSUM, 0);
	if (e1000_has(a, E1000_FLAG_PCIE))
		ew32(a, E1000_RFCTL, er32(a, E1000_RFCTL) & ~E1000_RFCTL_EXTEN);
	/* No receive timers: ITR alone paces the interrupts. */
	ew32(a, E1000_RDTR, 0);
	ew32(a, E1000_RADV, 0);
	ew32(a, E1000_RDBAL, (u32)base);
	ew32(a, E1000_RDBAH, (u32)(base >> 32));
	ew32(a, E1000_RDLEN, r->count * sizeof(struct e1000_rx_desc));
	ew32(a, E1000_RDH, 0);
	ew32(a, E1000_RDT, 0);
	r->next_to_use = r->next_to_clean = r->tail = 0;
	a->rx_discard = false;

	rctl = E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_RDMTS_HALF | E1000_RCTL_MO_0 |
	       E1000_RCTL_SZ_2048 | e1000_rctl_mode(a->netdev);
	if (e1000_has(a, E1000_FLAG_SECRC))
		rctl |= E1000_RCTL_SECRC;
	ew32(a, E1000_RCTL, rctl);
	e1000_alloc_rx_buffers(a, r->count);
}
