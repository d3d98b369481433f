/* e1000/e1000e core: chip table and PCI IDs, probe/remove, reset, MAC
 * address, link (SLU set, autonegotiation left to the PHY), open/stop,
 * the interrupt handler, NAPI poll, ITR and the 2 s watchdog. Not handled:
 * fiber/SerDes parts, 82544 PCI-X and 82547 half-duplex errata, WoL, VLAN.
 * [8254x SDM ch. 14 general initialization and reset] */
#include "drivers/net/e1000/e1000.h"
#include "net/ethernet/eth.h"
#include "kernel/sysctl.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/sched.h"
#include "kernel/softirq.h"
#include "lib/string.h"
#include "lib/errno.h"

#define E1000_WATCHDOG_PERIOD	(2 * HZ)
#define E1000_GIO_MASTER_POLLS	800	/* x 100 us */
#define E1000_AUTO_RD_POLLS	100	/* x 100 us */
#define E1000_MDIO_OWNER_POLLS	200	/* x 10 us */

/* --- tunables --- */

int e1000_rx_ring_size = E1000_DEFAULT_DESC;
int e1000_tx_ring_size = E1000_DEFAULT_DESC;
int e1000_itr_param = E1000_ITR_DYNAMIC_CONSERVATIVE;	/* Linux's default */

static int e1000_ring_validate(const struct sysctl_entry *e, const int *vals)
{
	if (e1000_ring_size_valid(vals[0]))
		return 0;
	pr_err("%s: a multiple of %d in %d..%d\n", e->name, E1000_DESC_MULTIPLE,
	       E1000_MIN_DESC, E1000_MAX_DESC);
	return -EINVAL;
}

static int e1000_itr_validate(const struct sysctl_entry *e, const int *vals)
{
	if (e1000_itr_setting_valid(vals[0]))
		return 0;
	pr_err("%s: 0 (off), 1 (dynamic), 3 (dynamic conservative) or %d..%d ints/s\n",
	       e->name, E1000_ITR_MIN_FIXED, E1000_ITR_MAX_FIXED);
	return -EINVAL;
}

#define E1000_SYSCTL(id, nm, ptr, lo, hi, check, hlp)				\
	static const struct sysctl_entry __sysctl_##id				\
	__attribute__((used, section(".sysctl_table"), aligned(8))) = {	\
		.name = nm, .type = SYSCTL_INT, .data = ptr, .min = lo,		\
		.max = hi, .validate = check, .help = hlp }

E1000_SYSCTL(e1000_rx_ring, "dev.e1000.rx_ring_size", &e1000_rx_ring_size,
	     E1000_MIN_DESC, E1000_MAX_DESC, e1000_ring_validate,
	     "RX descriptors per e1000 ring, multiple of 8 (applied at open)");
E1000_SYSCTL(e1000_tx_ring, "dev.e1000.tx_ring_size", &e1000_tx_ring_size,
	     E1000_MIN_DESC, E1000_MAX_DESC, e1000_ring_validate,
	     "TX descriptors per e1000 ring, multiple of 8 (applied at open)");
E1000_SYSCTL(e1000_itr, "dev.e1000.itr", &e1000_itr_param, 0, E1000_ITR_MAX_FIXED,
	     e1000_itr_validate,
	     "e1000 interrupts/s: 0 off, 1 dynamic, 3 dynamic conservative, 100..100000");

static int e1000_rx_ring_param(const char *v)
{
	return sysctl_set("dev.e1000.rx_ring_size", v);
}
CMDLINE_PARAM(e1000_rx_ring, "e1000.rx_ring", e1000_rx_ring_param,
	      "RX ring size (as sysctl dev.e1000.rx_ring_size)");

static int e1000_tx_ring_param(const char *v)
{
	return sysctl_set("dev.e1000.tx_ring_size", v);
}
CMDLINE_PARAM(e1000_tx_ring, "e1000.tx_ring", e1000_tx_ring_param,
	      "TX ring size (as sysctl dev.e1000.tx_ring_size)");

static int e1000_itr_cmdline(const char *v)
{
	return sysctl_set("dev.e1000.itr", v);
}
CMDLINE_PARAM(e1000_itr, "e1000.itr", e1000_itr_cmdline,
	      "interrupt throttling (as sysctl dev.e1000.itr)");

/* --- the chip table --- */

#define E1000_8254X_FLAGS	(E1000_FLAG_RESET_VIA_IO)
#define E1000_8257X_FLAGS	(E1000_FLAG_PCIE | E1000_FLAG_SECRC | E1000_FLAG_MAC_FROM_RAR | \
				 E1000_FLAG_ICR_W1C | E1000_FLAG_TX_8257X | \
				 E1000_FLAG_DRV_LOAD | E1000_FLAG_AUTO_RD)

static const struct e1000_chip e1000_chips[e1000_num_macs] = {
	[e1000_82540] = { "82540", "e1000", e1000_82540, E1000_NVM_EERD_8254X,
			  E1000_8254X_FLAGS, 0, 5 },
	[e1000_82541] = { "82541", "e1000", e1000_82541, E1000_NVM_EERD_8254X,
			  E1000_8254X_FLAGS, 0, 20 },
	[e1000_82544] = { "82544", "e1000", e1000_82544, E1000_NVM_MICROWIRE,
			  E1000_8254X_FLAGS | E1000_FLAG_EE_RST, 0, 5 },
	[e1000_82545] = { "82545", "e1000", e1000_82545, E1000_NVM_EERD_8254X,
			  E1000_8254X_FLAGS, 0, 5 },
	[e1000_82546] = { "82546", "e1000", e1000_82546, E1000_NVM_EERD_8254X,
			  E1000_8254X_FLAGS | E1000_FLAG_DUAL_PORT, 0, 5 },
	[e1000_82547] = { "82547", "e1000", e1000_82547, E1000_NVM_EERD_8254X,
			  0, 0, 20 },
	[e1000_82571] = { "82571", "e1000e", e1000_82571, E1000_NVM_EERD_8257X,
			  E1000_8257X_FLAGS, E1000_TARC0_82571_BITS, 1 },
	[e1000_82572] = { "82572", "e1000e", e1000_82572, E1000_NVM_EERD_8257X,
			  E1000_8257X_FLAGS, E1000_TARC0_82571_BITS, 1 },
	[e1000_82573] = { "82573", "e1000e", e1000_82573, E1000_NVM_EERD_8257X,
			  E1000_8257X_FLAGS | E1000_FLAG_MDIO_OWNER, 0, 1 },
	[e1000_82574] = { "82574", "e1000e", e1000_82574, E1000_NVM_EERD_8257X,
			  E1000_8257X_FLAGS | E1000_FLAG_MDIO_OWNER | E1000_FLAG_MSIX,
			  E1000_TARC0_RSVD_26, 1 },
	[e1000_82583] = { "82583", "e1000e", e1000_82583, E1000_NVM_EERD_8257X,
			  E1000_8257X_FLAGS | E1000_FLAG_MDIO_OWNER, E1000_TARC0_RSVD_26, 1 },
};

#define E1000_ID(dev, mac)	{ PCI_VENDOR_ID_INTEL, E1000_DEV_ID_##dev, e1000_##mac }

static const struct pci_device_id e1000_pci_tbl[] = {
	E1000_ID(82544EI_COPPER, 82544), E1000_ID(82544GC_COPPER, 82544),
	E1000_ID(82544GC_LOM, 82544),
	E1000_ID(82540EM, 82540), E1000_ID(82540EM_LOM, 82540),
	E1000_ID(82540EP_LOM, 82540), E1000_ID(82540EP, 82540),
	E1000_ID(82540EP_LP, 82540),
	E1000_ID(82545EM_COPPER, 82545), E1000_ID(82545GM_COPPER, 82545),
	E1000_ID(82546EB_COPPER, 82546), E1000_ID(82546EB_QUAD_COPPER, 82546),
	E1000_ID(82546GB_COPPER, 82546), E1000_ID(82546GB_PCIE, 82546),
	E1000_ID(82546GB_QUAD_COPPER, 82546), E1000_ID(82546GB_QUAD_COPPER_KSP3, 82546),
	E1000_ID(82541EI, 82541), E1000_ID(82541EI_MOBILE, 82541),
	E1000_ID(82541ER_LOM, 82541), E1000_ID(82541ER, 82541),
	E1000_ID(82541GI, 82541), E1000_ID(82541GI_LF, 82541),
	E1000_ID(82541GI_MOBILE, 82541),
	E1000_ID(82547EI, 82547), E1000_ID(82547EI_MOBILE, 82547),
	E1000_ID(82547GI, 82547),
	E1000_ID(82571EB_COPPER, 82571), E1000_ID(82571EB_QUAD_COPPER, 82571),
	E1000_ID(82571PT_QUAD_COPPER, 82571), E1000_ID(82571EB_QUAD_COPPER_LP, 82571),
	E1000_ID(82572EI_COPPER, 82572), E1000_ID(82572EI, 82572),
	E1000_ID(82573E, 82573), E1000_ID(82573E_IAMT, 82573), E1000_ID(82573L, 82573),
	E1000_ID(82574L, 82574), E1000_ID(82574LA, 82574),
	E1000_ID(82583V, 82583),
	{ 0, 0, 0 }
};

/* --- reset --- */

/* 8257x: let outstanding DMA finish before the reset cuts it. */
static void e1000_disable_pcie_master(struct e1000_adapter *a)
{
	int i;

	ew32(a, E1000_CTRL, er32(a, E1000_CTRL) | E1000_CTRL_GIO_MASTER_DISABLE);
	for (i = 0; i < E1000_GIO_MASTER_POLLS; i++) {
		if (!(er32(a, E1000_STATUS) & E1000_STATUS_GIO_MASTER_ENABLE))
			return;
		udelay(100);
	}
	pr_warn("%s: DMA still active at reset\n", a->pdev->name);
}

/* 82573/4/83: firmware may be using the MDIO bus; own it across the reset. */
static bool e1000_get_mdio_owner(struct e1000_adapter *a)
{
	u32 v = er32(a, E1000_EXTCNF_CTRL);
	int i;

	for (i = 0; i < E1000_MDIO_OWNER_POLLS; i++) {
		ew32(a, E1000_EXTCNF_CTRL, v | E1000_EXTCNF_CTRL_MDIO_SW_OWNERSHIP);
		if (er32(a, E1000_EXTCNF_CTRL) & E1000_EXTCNF_CTRL_MDIO_SW_OWNERSHIP)
			return true;
		udelay(10);
	}
	pr_warn("%s: firmware holds the MDIO bus; resetting anyway\n", a->pdev->name);
	return false;
}

static void e1000_put_mdio_owner(struct e1000_adapter *a)
{
	ew32(a, E1000_EXTCNF_CTRL,
	     er32(a, E1000_EXTCNF_CTRL) & ~E1000_EXTCNF_CTRL_MDIO_SW_OWNERSHIP);
}

/* Some 8254x cannot acknowledge the reset write on a 64-bit bus: issue it
 * through the I/O window (IOADDR/IODATA) when the part has one. */
static void e1000_write_reset(struct e1000_adapter *a, u32 ctrl)
{
	if (e1000_has(a, E1000_FLAG_RESET_VIA_IO) && a->io_base) {
		outl(a->io_base + E1000_IO_ADDR, E1000_CTRL);
		outl(a->io_base + E1000_IO_DATA, ctrl | E1000_CTRL_RST);
	} else {
		ew32(a, E1000_CTRL, ctrl | E1000_CTRL_RST);
	}
}

/* Wait until the part has reloaded its configuration from the EEPROM. */
static void e1000_wait_after_reset(struct e1000_adapter *a)
{
	int i;

	mdelay(a->chip->reset_delay_ms);
	if (e1000_has(a, E1000_FLAG_EE_RST)) {
		ew32(a, E1000_CTRL_EXT, er32(a, E1000_CTRL_EXT) | E1000_CTRL_EXT_EE_RST);
		e1000_flush(a);
		mdelay(2);
	}
	if (e1000_has(a, E1000_FLAG_AUTO_RD)) {
		for (i = 0; i < E1000_AUTO_RD_POLLS; i++) {
			if (er32(a, E1000_EECD) & E1000_EECD_AUTO_RD)
				return;
			udelay(100);
		}
		pr_warn("%s: NVM auto-read not done after reset\n", a->pdev->name);
	}
}

/* Quiesce and reset the MAC: interrupts masked, RX and TX
 * off, DMA drained; the link (PHY) is not touched. */
static void e1000_reset_hw(struct e1000_adapter *a)
{
	bool owner = false;

	ew32(a, E1000_IMC, E1000_IMC_ALL);
	ew32(a, E1000_RCTL, 0);
	ew32(a, E1000_TCTL, E1000_TCTL_PSP);
	e1000_flush(a);
	mdelay(10);
	if (e1000_has(a, E1000_FLAG_PCIE))
		e1000_disable_pcie_master(a);
	if (e1000_has(a, E1000_FLAG_MDIO_OWNER))
		owner = e1000_get_mdio_owner(a);
	e1000_write_reset(a, er32(a, E1000_CTRL));
	e1000_wait_after_reset(a);
	if (owner)
		e1000_put_mdio_owner(a);
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	(void)er32(a, E1000_ICR);
}

/* Link up as the PHY negotiated it: SLU set, nothing forced, and no PHY
 * write, so autonegotiation is not restarted. Flow control addresses. */
static void e1000_init_hw(struct e1000_adapter *a)
{
	u32 ctrl = er32(a, E1000_CTRL);

	ctrl |= E1000_CTRL_SLU;
	ctrl &= ~(E1000_CTRL_LRST | E1000_CTRL_ILOS | E1000_CTRL_FRCSPD |
		  E1000_CTRL_FRCDPX | E1000_CTRL_PHY_RST | E1000_CTRL_VME);
	ew32(a, E1000_CTRL, ctrl);
	ew32(a, E1000_FCAL, E1000_FCAL_PAUSE);
	ew32(a, E1000_FCAH, E1000_FCAH_PAUSE);
	ew32(a, E1000_FCT, E1000_FCT_PAUSE);
	e1000_clear_hw_stats(a);
}

/* Firmware (manageability) learns whether a driver owns the device. */
static void e1000_set_drv_load(struct e1000_adapter *a, bool loaded)
{
	u32 v;

	if (!e1000_has(a, E1000_FLAG_DRV_LOAD))
		return;
	v = er32(a, E1000_CTRL_EXT) & ~E1000_CTRL_EXT_DRV_LOAD;
	ew32(a, E1000_CTRL_EXT, v | (loaded ? E1000_CTRL_EXT_DRV_LOAD : 0));
}

/* --- MAC address --- */

static void e1000_mac_from_words(const u16 *w, u8 *mac)
{
	int i;

	for (i = 0; i < ETH_ALEN / 2; i++) {
		mac[2 * i] = w[i] & 0xff;
		mac[2 * i + 1] = w[i] >> 8;
	}
}

static bool e1000_mac_from_nvm(struct e1000_adapter *a, u8 *mac)
{
	u16 w[ETH_ALEN / 2];

	if (e1000_validate_nvm_checksum(a)) {
		pr_warn("%s: EEPROM checksum invalid or unreadable\n", a->pdev->name);
		return false;
	}
	if (e1000_read_nvm(a, E1000_EEPROM_MAC_ADDR, ETH_ALEN / 2, w))
		return false;
	e1000_mac_from_words(w, mac);
	/* Dual-port 8254x: one EEPROM, port B's address is port A's + 1. */
	if (e1000_has(a, E1000_FLAG_DUAL_PORT) && (er32(a, E1000_STATUS) & E1000_STATUS_FUNC_1))
		mac[5] ^= 1;
	return is_valid_ether_addr(mac);
}

/* The address the hardware loaded into receive address 0 at reset. */
static bool e1000_mac_from_rar(struct e1000_adapter *a, u8 *mac)
{
	u32 low = er32(a, E1000_RAL(0)), high = er32(a, E1000_RAH(0));
	int i;

	if (!(high & E1000_RAH_AV))
		return false;
	for (i = 0; i < 4; i++)
		mac[i] = low >> (8 * i);
	mac[4] = high;
	mac[5] = high >> 8;
	return is_valid_ether_addr(mac);
}

static void e1000_read_mac_addr(struct e1000_adapter *a, u8 *mac)
{
	bool rar_first = e1000_has(a, E1000_FLAG_MAC_FROM_RAR);

	if (rar_first && e1000_mac_from_rar(a, mac))
		return;
	if (e1000_mac_from_nvm(a, mac))
		return;
	if (!rar_first && e1000_mac_from_rar(a, mac))
		return;
	eth_random_addr(mac);
	pr_warn("%s: no valid MAC address in EEPROM or RAR0, using random %pM\n",
		a->pdev->name, mac);
}

/* --- link --- */

/* Carrier follows STATUS.LU. Called from the poll after LSC, the watchdog
 * and open: never from the hard IRQ (it logs). */
static void e1000_check_link(struct e1000_adapter *a)
{
	struct net_device *dev = a->netdev;
	u32 status = er32(a, E1000_STATUS);
	bool up = status & E1000_STATUS_LU;

	if (up == netif_carrier_ok(dev))
		return;
	if (up) {
		a->link_speed = e1000_status_speed(status);
		a->full_duplex = status & E1000_STATUS_FD;
		pr_info("%s: NIC Link is Up %u Mbps %s Duplex\n", dev->name,
			a->link_speed, a->full_duplex ? "Full" : "Half");
		netif_carrier_on(dev);
	} else {
		pr_info("%s: NIC Link is Down\n", dev->name);
		netif_carrier_off(dev);
	}
}

/* --- interrupts --- */

static void e1000_write_itr(struct e1000_adapter *a, u32 rate)
{
	u32 reg = e1000_itr_to_reg(rate) & E1000_ITR_MASK;

	ew32(a, E1000_ITR, reg);
	if (a->msix)
		ew32(a, E1000_EITR(0), reg);
}

/* Apply dev.e1000.itr: off, a fixed rate, or the adaptive start rate. */
static void e1000_configure_itr(struct e1000_adapter *a)
{
	int setting = READ_ONCE(e1000_itr_param);

	a->itr_setting = setting;
	if (e1000_itr_is_adaptive(setting)) {
		e1000_itr_init(&a->itr);
		e1000_write_itr(a, a->itr.rate);
	} else {
		a->itr.rate = setting;
		e1000_write_itr(a, setting);
	}
}

/* Adaptive mode, end of a NAPI cycle: classify what this interrupt
 * brought and reprogram ITR if the rate moved. */
static void e1000_update_itr_adaptive(struct e1000_adapter *a)
{
	u32 old = a->itr.rate, rate;

	rate = e1000_next_itr(&a->itr, a->itr_setting == E1000_ITR_DYNAMIC_CONSERVATIVE,
			      a->link_speed, a->itr_rx_packets, a->itr_rx_bytes,
			      a->itr_tx_packets, a->itr_tx_bytes);
	if (rate != old) {
		e1000_write_itr(a, rate);
		a->stats.itr_changes++;
	}
}

/* Process context: masked, and the mask has reached the NIC. */
static void e1000_irq_disable(struct e1000_adapter *a)
{
	WRITE_ONCE(a->irq_masked, true);
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	e1000_flush(a);
}

/* The flag is cleared before unmasking, so an interrupt raised by the
 * unmask itself is not taken for another device's. */
static void e1000_irq_enable(struct e1000_adapter *a)
{
	WRITE_ONCE(a->irq_masked, false);
	ew32(a, E1000_IMS, a->ims_mask);
}

static void e1000_count_irq(struct e1000_sw_stats *s, u32 icr)
{
	s->irq_total++;
	if (icr & (E1000_ICR_RXT0 | E1000_ICR_RXQ0))
		s->irq_rxt0++;
	if (icr & E1000_ICR_RXDMT0)
		s->irq_rxdmt0++;
	if (icr & E1000_ICR_RXO)
		s->irq_rxo++;
	if (icr & (E1000_ICR_TXDW | E1000_ICR_TXQ0))
		s->irq_txdw++;
	if (icr & E1000_ICR_LSC)
		s->irq_lsc++;
	if (icr & ~(E1000_ICR_RXT0 | E1000_ICR_RXQ0 | E1000_ICR_RXDMT0 | E1000_ICR_RXO |
		    E1000_ICR_TXDW | E1000_ICR_TXQ0 | E1000_ICR_LSC | E1000_ICR_TXQE |
		    E1000_ICR_OTHER | E1000_ICR_INT_ASSERTED))
		s->irq_other++;
}

/*
 * Hard IRQ: read ICR once, count its causes, mask, schedule NAPI. On a
 * shared INTx line a call while masked, or with no enabled cause in ICR,
 * is another device's. With MSI(-X) an empty ICR is a late message whose
 * causes an earlier call already took (QEMU's throttle timer sends those).
 */
static irqreturn_t e1000_intr(int vector, void *ctx)
{
	struct e1000_adapter *a = ctx;
	bool intx = a->pdev->irq_type == PCI_IRQ_LEGACY;
	u32 icr;

	if (intx && READ_ONCE(a->irq_masked)) {
		a->stats.irq_none++;
		return IRQ_NONE;
	}
	icr = er32(a, E1000_ICR);
	if (!(icr & a->ims_mask)) {
		a->stats.irq_none++;
		return intx ? IRQ_NONE : IRQ_HANDLED;
	}
	/* 8257x: MSI-X keeps ICR across reads; write the causes back. */
	if (e1000_has(a, E1000_FLAG_ICR_W1C))
		ew32(a, E1000_ICR, icr);
	/* Mask without a flushing read: no register reads on this path. */
	WRITE_ONCE(a->irq_masked, true);
	ew32(a, E1000_IMC, E1000_IMC_ALL);
	e1000_count_irq(&a->stats, icr);
	if (icr & E1000_ICR_LSC)
		WRITE_ONCE(a->link_check, true);
	if (napi_schedule_prep(&a->napi)) {
		a->itr_rx_packets = a->itr_tx_packets = 0;
		a->itr_rx_bytes = a->itr_tx_bytes = 0;
		__napi_schedule(&a->napi);
	}
	return IRQ_HANDLED;
}

/* TX first (frees ring space and skbs), then RX within the budget. */
static int e1000_poll(struct napi_struct *napi, int budget)
{
	struct e1000_adapter *a = container_of(napi, struct e1000_adapter, napi);
	int work;

	if (unlikely(READ_ONCE(a->link_check))) {
		WRITE_ONCE(a->link_check, false);
		e1000_check_link(a);
	}
	WRITE_ONCE(a->in_poll, true);
	e1000_clean_tx_irq(a);
	work = e1000_clean_rx_irq(a, budget);
	WRITE_ONCE(a->in_poll, false);
	e1000_tx_flush(a);
	if (work == budget)
		return budget;
	if (e1000_itr_is_adaptive(a->itr_setting))
		e1000_update_itr_adaptive(a);
	if (napi_complete_done(napi, work) && !READ_ONCE(a->down))
		e1000_irq_enable(a);
	return work;
}

static void e1000_configure_msix(struct e1000_adapter *a)
{
	if (!a->msix)
		return;
	/* Every cause on vector 0; no auto-clear, the handler clears ICR. */
	ew32(a, E1000_IVAR, (E1000_IVAR_VALID << E1000_IVAR_RXQ0_SHIFT) |
	     (E1000_IVAR_VALID << E1000_IVAR_TXQ0_SHIFT) |
	     (E1000_IVAR_VALID << E1000_IVAR_OTHER_SHIFT));
	ew32(a, E1000_EIAC, 0);
}

static void e1000_configure_irq(struct e1000_adapter *a)
{
	a->ims_mask = E1000_IMS_ENABLE_MASK | (a->msix ? E1000_IMS_MSIX_MASK : 0);
	if (e1000_has(a, E1000_FLAG_ICR_W1C)) {
		/* As Linux's e1000e: reading ICR also masks (IAM = all). */
		ew32(a, E1000_IAM, E1000_IMC_ALL);
		ew32(a, E1000_CTRL_EXT, er32(a, E1000_CTRL_EXT) | E1000_CTRL_EXT_IAME);
	}
	e1000_configure_msix(a);
	e1000_configure_itr(a);
}

/* --- watchdog --- */

/* If refills failed for long, the ring may be empty and no RX interrupt
 * will come: raise one by software so the poll retries. */
static void e1000_kick_rx(struct e1000_adapter *a)
{
	if (e1000_ring_unused(&a->rx_ring) < a->rx_ring.count / 2)
		return;
	a->stats.watchdog_rx_kicks++;
	ew32(a, E1000_ICS, E1000_ICS_RXDMT0);
}

static void e1000_watchdog(struct timer_list *t)
{
	struct e1000_adapter *a = timer_container_of(a, t, watchdog_timer);

	if (READ_ONCE(a->down))
		return;
	spin_lock(&a->stats_lock);
	e1000_update_stats(a);
	spin_unlock(&a->stats_lock);
	e1000_check_link(a);
	if (READ_ONCE(e1000_itr_param) != a->itr_setting)
		e1000_configure_itr(a);
	e1000_kick_rx(a);
	mod_timer(&a->watchdog_timer, jiffies + E1000_WATCHDOG_PERIOD);
}

/* --- open / close --- */

static u32 e1000_ring_count(u32 requested, int sysctl_value)
{
	return requested ? requested : (u32)READ_ONCE(sysctl_value);
}

static int e1000_alloc_rings(struct e1000_adapter *a)
{
	int err;

	err = e1000_setup_tx_resources(a, e1000_ring_count(a->tx_ring_req, e1000_tx_ring_size));
	if (err)
		return err;
	err = e1000_setup_rx_resources(a, e1000_ring_count(a->rx_ring_req, e1000_rx_ring_size));
	if (err)
		e1000_free_tx_resources(a);
	return err;
}

/* ndo_open: rings, registers, IRQ, NAPI, then interrupts and the queue. */
int e1000_open(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);
	int err;

	err = e1000_alloc_rings(a);
	if (err)
		return err;
	e1000_set_drv_load(a, true);
	e1000_configure_tx(a);
	e1000_configure_rx(a);
	e1000_configure_irq(a);
	WRITE_ONCE(a->irq_masked, true);
	err = pci_request_irq(a->pdev, 0, e1000_intr, a, dev->name);
	if (err) {
		e1000_reset_hw(a);
		e1000_init_hw(a);
		e1000_free_rx_resources(a);
		e1000_free_tx_resources(a);
		e1000_set_drv_load(a, false);
		return err;
	}
	a->irq_requested = true;
	WRITE_ONCE(a->down, false);
	napi_enable(&a->napi);
	e1000_irq_enable(a);
	e1000_check_link(a);
	netif_wake_queue(dev);
	mod_timer(&a->watchdog_timer, jiffies + E1000_WATCHDOG_PERIOD);
	a->opened = true;
	return 0;
}

/* No transmit can be running or start once this returns. */
static void e1000_tx_disable(struct net_device *dev)
{
	local_bh_disable();
	spin_lock(&dev->txq.xmit_lock);
	netif_stop_queue(dev);
	spin_unlock(&dev->txq.xmit_lock);
	local_bh_enable();
}

/* ndo_stop: the reverse. The reset stops all DMA before buffers go. */
int e1000_close(struct net_device *dev)
{
	struct e1000_adapter *a = netdev_priv(dev);

	/* A failed reopen (ethtool -G) leaves the adapter closed while the
	 * core still thinks it is up; the core's close must then be a no-op. */
	if (!a->opened)
		return 0;
	a->opened = false;
	WRITE_ONCE(a->down, true);
	e1000_tx_disable(dev);
	del_timer(&a->watchdog_timer);
	e1000_irq_disable(a);
	napi_disable(&a->napi);
	if (a->irq_requested) {
		pci_free_irq(a->pdev, 0, a);
		a->irq_requested = false;
	}
	e1000_update_stats_now(a);	/* what the reset would lose */
	e1000_reset_hw(a);
	e1000_init_hw(a);
	e1000_set_drv_load(a, false);
	netif_carrier_off(dev);
	e1000_free_tx_resources(a);
	e1000_free_rx_resources(a);
	return 0;
}

static const struct net_device_ops e1000_netdev_ops = {
	.ndo_open = e1000_open,
	.ndo_stop = e1000_close,
	.ndo_start_xmit = e1000_xmit_frame,
	.ndo_get_stats64 = e1000_get_stats64,
	.ndo_set_rx_mode = e1000_set_rx_mode,
};

/* --- probe / remove --- */

/* The I/O BAR, for the reset erratum; 0 if the part has none. */
static u16 e1000_find_io_bar(const struct pci_dev *pdev)
{
	int i;

	for (i = 1; i < PCI_NUM_BARS; i++)
		if (pdev->bar[i].io && pdev->bar[i].addr && pdev->bar[i].addr <= 0xFFFF)
			return (u16)pdev->bar[i].addr;
	return 0;
}

static void e1000_adapter_init(struct e1000_adapter *a, struct net_device *dev,
			       struct pci_dev *pdev, const struct e1000_chip *chip)
{
	a->netdev = dev;
	a->pdev = pdev;
	a->chip = chip;
	a->down = true;
	a->irq_masked = true;
	a->link_speed = 1000;
	spin_lock_init(&a->stats_lock);
	timer_setup(&a->watchdog_timer, e1000_watchdog, 0);
	dev->netdev_ops = &e1000_netdev_ops;
	dev->ethtool_ops = &e1000_ethtool_ops;
	netif_napi_add(dev, &a->napi, e1000_poll, NAPI_POLL_WEIGHT);
}

/* MMIO, interrupt vector (MSI-X, MSI or INTx), bus mastering. */
static int e1000_map_device(struct e1000_adapter *a)
{
	struct pci_dev *pdev = a->pdev;
	int n;

	a->hw_addr = pci_iomap(pdev, 0, 0);
	if (!a->hw_addr)
		return -ENODEV;
	a->io_base = e1000_find_io_bar(pdev);
	n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (n < 0)
		return n;
	/* MSI-X needs the 82574's cause map; others never offer it. */
	a->msix = pdev->irq_type == PCI_IRQ_MSIX && e1000_has(a, E1000_FLAG_MSIX);
	if (pdev->irq_type == PCI_IRQ_MSIX && !a->msix) {
		pci_free_irq_vectors(pdev);
		n = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_LEGACY);
		if (n < 0)
			return n;
	}
	a->netdev->irq = pci_irq_vector(pdev, 0);
	pci_set_master(pdev);
	return 0;
}

static const char *e1000_irq_type_name(enum pci_irq_type t)
{
	return t == PCI_IRQ_MSIX ? "MSI-X" : t == PCI_IRQ_MSI ? "MSI" : "INTx";
}

static int e1000_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	const struct e1000_chip *chip = &e1000_chips[id->driver_data];
	struct e1000_adapter *a;
	struct net_device *dev;
	int err;

	err = pci_enable_device(pdev);
	if (err)
		return err;
	dev = alloc_etherdev(sizeof(*a));
	if (!dev) {
		err = -ENOMEM;
		goto err_disable;
	}
	a = netdev_priv(dev);
	e1000_adapter_init(a, dev, pdev, chip);
	err = e1000_map_device(a);
	if (err)
		goto err_free;
	e1000_reset_hw(a);
	e1000_read_mac_addr(a, dev->dev_addr);
	memcpy(dev->perm_addr, dev->dev_addr, ETH_ALEN);
	e1000_init_hw(a);
	netif_carrier_off(dev);
	err = register_netdev(dev);
	if (err)
		goto err_irq;
	pdev->driver_data = a;
	pr_info("%s: Intel %s (%04x:%04x) at %s, %pM, %s\n", dev->name, chip->name,
		pdev->vendor, pdev->device, pdev->name, dev->dev_addr,
		e1000_irq_type_name(pdev->irq_type));
	return 0;

err_irq:
	pci_clear_master(pdev);
	pci_free_irq_vectors(pdev);
err_free:
	netif_napi_del(&a->napi);
	free_netdev(dev);
err_disable:
	pci_disable_device(pdev);
	pr_err("e1000: %s: probe failed (%d)\n", pdev->name, err);
	return err;
}

static void e1000_remove(struct pci_dev *pdev)
{
	struct e1000_adapter *a = pdev->driver_data;
	struct net_device *dev;

	if (!a)
		return;
	dev = a->netdev;
	unregister_netdev(dev);
	e1000_reset_hw(a);
	netif_napi_del(&a->napi);
	pci_clear_master(pdev);
	pci_free_irq_vectors(pdev);
	pci_disable_device(pdev);
	pdev->driver_data = NULL;
	free_netdev(dev);
}

static struct pci_driver e1000_driver = {
	.name = "e1000",
	.id_table = e1000_pci_tbl,
	.probe = e1000_probe,
	.remove = e1000_remove,
};

int e1000_init(void)
{
	return pci_register_driver(&e1000_driver);
}
