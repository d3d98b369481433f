/* The e1000/e1000e driver's shared state: the chip table entry, the RX and
 * TX rings (software shadows of the hardware rings), the adapter, its
 * counters, and the calls between e1000_main/nvm/rx/tx/ethtool.c.
 * kmain needs only e1000_init(). */
#ifndef DRIVERS_NET_E1000_E1000_H
#define DRIVERS_NET_E1000_E1000_H

#include "drivers/net/e1000/e1000_hw.h"
#include "drivers/net/e1000/e1000_itr.h"
#include "drivers/pci/pci.h"
#include "net/core/netdevice.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"
#include "arch/x86_64/io.h"

/* Register the PCI driver: every e1000/e1000e function found is probed and
 * gets an ethN device (closed). After pci_init and net_dev_init. 0 or -errno. */
int e1000_init(void);

/* --- per-chip differences (pci_device_id.driver_data indexes e1000_chips) --- */

enum e1000_mac_type {
	e1000_82540, e1000_82541, e1000_82544, e1000_82545, e1000_82546, e1000_82547,
	e1000_82571, e1000_82572, e1000_82573, e1000_82574, e1000_82583,
	e1000_num_macs
};

enum e1000_nvm_access {
	E1000_NVM_MICROWIRE,	/* bit-banged through EECD (82544: no EERD) */
	E1000_NVM_EERD_8254X,	/* EERD, DONE bit 4, address at bit 8 */
	E1000_NVM_EERD_8257X,	/* EERD, DONE bit 1, address at bit 2 */
};

#define E1000_FLAG_PCIE		BIT(0)	/* GIO master disable before reset */
#define E1000_FLAG_SECRC	BIT(1)	/* hardware strips the CRC (RCTL.SECRC) */
#define E1000_FLAG_MAC_FROM_RAR	BIT(2)	/* per-port MAC loaded into RAR0 at reset */
#define E1000_FLAG_DUAL_PORT	BIT(3)	/* EEPROM MAC + 1 on function 1 */
#define E1000_FLAG_RESET_VIA_IO	BIT(4)	/* CTRL.RST through the I/O BAR (erratum) */
#define E1000_FLAG_MDIO_OWNER	BIT(5)	/* take EXTCNF_CTRL MDIO ownership to reset */
#define E1000_FLAG_ICR_W1C	BIT(6)	/* clear ICR by writing it back, IAME auto-mask */
#define E1000_FLAG_MSIX		BIT(7)	/* 82574: MSI-X vector map (IVAR) */
#define E1000_FLAG_TX_8257X	BIT(8)	/* TXDCTL/TARC0 bits, TCTL.RTLC */
#define E1000_FLAG_DRV_LOAD	BIT(9)	/* CTRL_EXT.DRV_LOAD handshake with firmware */
#define E1000_FLAG_EE_RST	BIT(10)	/* reload the EEPROM after reset (82544) */
#define E1000_FLAG_AUTO_RD	BIT(11)	/* wait for EECD.AUTO_RD after reset */

struct e1000_chip {
	const char *name;		/* "82540EM" in the probe line */
	const char *driver;		/* "e1000" or "e1000e", for ethtool -i */
	enum e1000_mac_type mac;
	enum e1000_nvm_access nvm;
	u32 flags;
	u32 tarc0_bits;			/* TARC0 bits the family needs (8257x) */
	unsigned int reset_delay_ms;	/* after CTRL.RST, before touching the NIC */
};

/* --- rings --- */

struct e1000_rx_buffer {
	void *data;			/* 2 KiB frag, NIC writes at + NET_SKB_PAD; NULL: empty */
};

struct e1000_tx_buffer {
	struct sk_buff *skb;		/* on a packet's first slot only */
	u32 next_to_watch;		/* its EOP descriptor, whose DD means done */
	u32 bytecount;
};

/*
 * The driver fills [next_to_use], the NIC writes back [next_to_clean]; the
 * tail register holds next_to_use once written. rx: posted descriptors are
 * next_to_clean .. next_to_use - 1. tx: next_to_use is written only by
 * ndo_start_xmit (under the txq lock), next_to_clean only by the poll.
 */
struct e1000_ring {
	void *desc;			/* count descriptors, page aligned (>= 128) */
	unsigned int desc_order;	/* alloc_pages order of desc */
	u32 count;
	u32 next_to_use;
	u32 next_to_clean;
	u32 tail;			/* last value written to RDT/TDT */
	union {
		struct e1000_rx_buffer *rx_buf;
		struct e1000_tx_buffer *tx_buf;
	};
};

#define E1000_RX_DESC(r, i)	(&((struct e1000_rx_desc *)(r)->desc)[i])
#define E1000_TX_DESC(r, i)	(&((struct e1000_tx_desc *)(r)->desc)[i])

static inline u32 e1000_ring_unused(const struct e1000_ring *r)
{
	return e1000_desc_unused(r->count, READ_ONCE(r->next_to_use),
				 READ_ONCE(r->next_to_clean));
}

/* Refill once this many RX slots are free: one RDT write per batch. */
#define E1000_RX_REFILL_BATCH	16
/* Stop the queue when a largest skb might not fit; wake at twice that. */
#define E1000_TX_STOP_THRESHOLD	(MAX_SKB_FRAGS + 2)
#define E1000_TX_WAKE_THRESHOLD	(2 * E1000_TX_STOP_THRESHOLD)

/* --- counters --- */

/* Kept by software, each with a single writer (ISR, poll or xmit). */
struct e1000_sw_stats {
	u64 rx_packets, rx_bytes, tx_packets, tx_bytes;
	u64 rx_dropped;			/* build_skb failed: frame dropped */
	u64 tx_dropped;			/* bad length or padding failed */
	u64 rx_desc_crc_errors;		/* descriptor errors, by type */
	u64 rx_desc_symbol_errors;
	u64 rx_desc_seq_errors;
	u64 rx_desc_carrier_ext_errors;
	u64 rx_desc_data_errors;
	u64 rx_no_eop;			/* multi-descriptor frames dropped */
	u64 rx_bad_length;
	u64 alloc_rx_buff_failed;	/* refill found no buffer: retried later */
	u64 rx_refills;			/* RDT writes */
	u64 tx_tail_writes;		/* TDT writes */
	u64 tx_ring_full;		/* queue stopped for lack of descriptors */
	u64 tx_restart_queue;		/* ... and woken again */
	u64 tx_busy;			/* NETDEV_TX_BUSY returned */
	u64 irq_total, irq_none;	/* handler calls: with causes / without */
	u64 irq_rxt0, irq_rxdmt0, irq_rxo, irq_txdw, irq_lsc, irq_other;
	u64 watchdog_rx_kicks;		/* RX ring starved: software interrupt */
	u64 itr_changes;		/* adaptive ITR register rewrites */
};

/* Hardware statistics registers, accumulated by the watchdog. */
enum e1000_hw_stat {
	E1000_HW_CRCERRS, E1000_HW_ALGNERRC, E1000_HW_SYMERRS, E1000_HW_RXERRC,
	E1000_HW_MPC, E1000_HW_SCC, E1000_HW_ECOL, E1000_HW_MCC, E1000_HW_LATECOL,
	E1000_HW_COLC, E1000_HW_DC, E1000_HW_TNCRS, E1000_HW_SEC, E1000_HW_CEXTERR,
	E1000_HW_RLEC, E1000_HW_XONRXC, E1000_HW_XONTXC, E1000_HW_XOFFRXC,
	E1000_HW_XOFFTXC, E1000_HW_FCRUC, E1000_HW_GPRC, E1000_HW_BPRC, E1000_HW_MPRC,
	E1000_HW_GPTC, E1000_HW_RNBC, E1000_HW_RUC, E1000_HW_RFC, E1000_HW_ROC,
	E1000_HW_RJC, E1000_HW_TPR, E1000_HW_TPT, E1000_HW_MPTC, E1000_HW_BPTC,
	E1000_HW_NUM_STATS
};

struct e1000_hw_stat_desc {
	const char *name;		/* ethtool -S name */
	u32 reg;
};
extern const struct e1000_hw_stat_desc e1000_hw_stat_tbl[E1000_HW_NUM_STATS];

/* --- the adapter (netdev_priv) --- */

struct e1000_adapter {
	struct net_device *netdev;
	struct pci_dev *pdev;
	const struct e1000_chip *chip;
	void *hw_addr;			/* BAR 0, 128 KiB of registers */
	u16 io_base;			/* I/O BAR for the reset erratum, 0 = none */
	bool msix;			/* one MSI-X vector (82574) */

	struct e1000_ring rx_ring;
	struct e1000_ring tx_ring;
	u32 rx_ring_req, tx_ring_req;	/* ethtool -G sizes, 0 = sysctl default */
	bool rx_discard;		/* inside a multi-descriptor frame */

	struct napi_struct napi;
	u32 ims_mask;			/* causes we enable */
	bool irq_masked;		/* IMC written, not yet unmasked by the poll */
	bool irq_requested;
	bool link_check;		/* LSC seen: the poll re-reads STATUS */
	bool down;			/* closed: the watchdog stops re-arming */
	bool opened;			/* e1000_open succeeded, e1000_close not yet run */
	/* e1000_poll is running. napkin runs softirqs on one CPU and transmits
	 * with bottom halves off, so a transmit that sees this flag comes from
	 * inside the poll (an echo reply, an ARP answer) and leaves the tail
	 * write to the poll's end: one TDT write per poll, not per reply. */
	bool in_poll;
	unsigned int link_speed;	/* Mb/s, when the link is up */
	bool full_duplex;

	int itr_setting;		/* dev.e1000.itr as applied */
	struct e1000_itr_state itr;
	u32 itr_rx_packets, itr_tx_packets;	/* since the last interrupt */
	u64 itr_rx_bytes, itr_tx_bytes;

	struct timer_list watchdog_timer;
	spinlock_t stats_lock;		/* hardware counter reads */
	struct e1000_sw_stats stats;
	u64 hw_stats[E1000_HW_NUM_STATS];
	struct e1000_stat_track hw_track[E1000_HW_NUM_STATS];
};

static inline u32 er32(const struct e1000_adapter *a, u32 reg)
{
	return readl((u8 *)a->hw_addr + reg);
}

static inline void ew32(const struct e1000_adapter *a, u32 reg, u32 val)
{
	writel(val, (u8 *)a->hw_addr + reg);
}

/* Posted writes reach the NIC before a delay is counted from them. */
static inline void e1000_flush(const struct e1000_adapter *a)
{
	(void)er32(a, E1000_STATUS);
}

static inline bool e1000_has(const struct e1000_adapter *a, u32 flag)
{
	return a->chip->flags & flag;
}

/* Tunables (sysctl dev.e1000.*), read at ndo_open (itr also by the watchdog). */
extern int e1000_rx_ring_size;
extern int e1000_tx_ring_size;
extern int e1000_itr_param;

/* e1000_nvm.c: read count words at offset; 0 or -ETIMEDOUT/-EIO/-EINVAL. */
int e1000_read_nvm(struct e1000_adapter *a, u16 offset, u16 count, u16 *data);
/* Words 0..0x3F sum to 0xBABA: 0 or -EIO. */
int e1000_validate_nvm_checksum(struct e1000_adapter *a);

/* e1000_rx.c */
int e1000_setup_rx_resources(struct e1000_adapter *a, u32 count);
void e1000_free_rx_resources(struct e1000_adapter *a);
void e1000_configure_rx(struct e1000_adapter *a);
void e1000_alloc_rx_buffers(struct e1000_adapter *a, u32 count);
int e1000_clean_rx_irq(struct e1000_adapter *a, int budget);
void e1000_set_rx_mode(struct net_device *dev);

/* e1000_tx.c */
int e1000_setup_tx_resources(struct e1000_adapter *a, u32 count);
void e1000_free_tx_resources(struct e1000_adapter *a);
void e1000_configure_tx(struct e1000_adapter *a);
netdev_tx_t e1000_xmit_frame(struct sk_buff *skb, struct net_device *dev);
void e1000_clean_tx_irq(struct e1000_adapter *a);
/* Write TDT if descriptors were queued since the last write (wmb first). */
void e1000_tx_flush(struct e1000_adapter *a);

/* e1000_ethtool.c */
extern const struct ethtool_ops e1000_ethtool_ops;
void e1000_update_stats(struct e1000_adapter *a);	/* caller holds stats_lock */
void e1000_update_stats_now(struct e1000_adapter *a);	/* process context: locks */
void e1000_clear_hw_stats(struct e1000_adapter *a);
void e1000_get_stats64(struct net_device *dev, struct rtnl_link_stats64 *s);

/* e1000_main.c: for set_ringparam */
int e1000_open(struct net_device *dev);
int e1000_close(struct net_device *dev);

#endif /* DRIVERS_NET_E1000_E1000_H */
