/* Intel 8254x / 8257x (e1000, e1000e) hardware: PCI IDs, register offsets,
 * register bits and the legacy descriptor layouts this driver uses. No
 * code except pure helpers that read a descriptor or a register value.
 * [8254x SDM ch. 3 descriptors, ch. 5 EEPROM, ch. 13 registers] = PCI/PCI-X
 * Family of Gigabit Ethernet Controllers Software Developer's Manual;
 * [82574 DS ch. 10 registers] = 82574 GbE Controller Family Datasheet. */
#ifndef DRIVERS_NET_E1000_E1000_HW_H
#define DRIVERS_NET_E1000_E1000_HW_H

#include "lib/types.h"
#include "lib/compiler.h"

#define PCI_VENDOR_ID_INTEL			0x8086

/* --- PCI device IDs: copper and LOM parts (fiber/SerDes links need TXCW setup) --- */

#define E1000_DEV_ID_82544EI_COPPER		0x1008
#define E1000_DEV_ID_82544GC_COPPER		0x100C	/* QEMU e1000-82544gc */
#define E1000_DEV_ID_82544GC_LOM		0x100D
#define E1000_DEV_ID_82540EM			0x100E	/* QEMU e1000 */
#define E1000_DEV_ID_82540EM_LOM		0x1015
#define E1000_DEV_ID_82540EP_LOM		0x1016
#define E1000_DEV_ID_82540EP			0x1017
#define E1000_DEV_ID_82540EP_LP			0x101E
#define E1000_DEV_ID_82545EM_COPPER		0x100F	/* QEMU e1000-82545em */
#define E1000_DEV_ID_82545GM_COPPER		0x1026
#define E1000_DEV_ID_82546EB_COPPER		0x1010
#define E1000_DEV_ID_82546EB_QUAD_COPPER	0x101D
#define E1000_DEV_ID_82546GB_COPPER		0x1079
#define E1000_DEV_ID_82546GB_PCIE		0x108A
#define E1000_DEV_ID_82546GB_QUAD_COPPER	0x1099
#define E1000_DEV_ID_82546GB_QUAD_COPPER_KSP3	0x10B5
#define E1000_DEV_ID_82541EI			0x1013
#define E1000_DEV_ID_82541EI_MOBILE		0x1018
#define E1000_DEV_ID_82541ER_LOM		0x1014
#define E1000_DEV_ID_82541ER			0x1078
#define E1000_DEV_ID_82541GI			0x1076
#define E1000_DEV_ID_82541GI_LF			0x107C
#define E1000_DEV_ID_82541GI_MOBILE		0x1077
#define E1000_DEV_ID_82547EI			0x1019
#define E1000_DEV_ID_82547EI_MOBILE		0x101A
#define E1000_DEV_ID_82547GI			0x1075
#define E1000_DEV_ID_82571EB_COPPER		0x105E
#define E1000_DEV_ID_82571EB_QUAD_COPPER	0x10A4
#define E1000_DEV_ID_82571PT_QUAD_COPPER	0x10D5
#define E1000_DEV_ID_82571EB_QUAD_COPPER_LP	0x10BC
#define E1000_DEV_ID_82572EI_COPPER		0x107D
#define E1000_DEV_ID_82572EI			0x10B9
#define E1000_DEV_ID_82573E			0x108B
#define E1000_DEV_ID_82573E_IAMT		0x108C
#define E1000_DEV_ID_82573L			0x109A
#define E1000_DEV_ID_82574L			0x10D3	/* QEMU e1000e */
#define E1000_DEV_ID_82574LA			0x10F6
#define E1000_DEV_ID_82583V			0x150C

/* --- register offsets in BAR 0 --- */

#define E1000_CTRL	0x00000	/* device control */
#define E1000_STATUS	0x00008	/* device status, read only */
#define E1000_EECD	0x00010	/* EEPROM/flash control: bit-banged access */
#define E1000_EERD	0x00014	/* EEPROM read: one word per request (not 82544) */
#define E1000_CTRL_EXT	0x00018	/* extended device control */
#define E1000_FCAL	0x00028	/* flow control address low */
#define E1000_FCAH	0x0002C	/* flow control address high */
#define E1000_FCT	0x00030	/* flow control EtherType */
#define E1000_ICR	0x000C0	/* interrupt cause read (clear on read on 8254x) */
#define E1000_ITR	0x000C4	/* interrupt throttling, 256 ns units */
#define E1000_ICS	0x000C8	/* interrupt cause set: raise causes by software */
#define E1000_IMS	0x000D0	/* interrupt mask set (read: current mask) */
#define E1000_IMC	0x000D8	/* interrupt mask clear */
#define E1000_EIAC	0x000DC	/* 82574: MSI-X causes auto-cleared on notify */
#define E1000_IAM	0x000E0	/* 8257x: bits auto-masked on ICR read (CTRL_EXT.IAME) */
#define E1000_IVAR	0x000E4	/* 82574: cause to MSI-X vector map */
#define E1000_EITR(n)	(0x000E8 + (n) * 4)	/* 82574: per-vector throttling */
#define E1000_RCTL	0x00100	/* receive control */
#define E1000_FCTTV	0x00170	/* flow control transmit timer value */
#define E1000_TCTL	0x00400	/* transmit control */
#define E1000_TIPG	0x00410	/* transmit inter-packet gap */
#define E1000_EXTCNF_CTRL 0x00F00 /* 82573/4/83: MDIO software ownership */
#define E1000_RDBAL	0x02800	/* RX descriptor base low (128-byte aligned) */
#define E1000_RDBAH	0x02804	/* RX descriptor base high */
#define E1000_RDLEN	0x02808	/* RX ring length in bytes, multiple of 128 */
#define E1000_RDH	0x02810	/* RX head: next descriptor the NIC fills */
#define E1000_RDT	0x02818	/* RX tail: first descriptor the NIC may not use */
#define E1000_RDTR	0x02820	/* RX delay timer (0: interrupt at once) */
#define E1000_RADV	0x0282C	/* RX absolute delay (used only if RDTR != 0) */
#define E1000_TDBAL	0x03800	/* TX descriptor base low */
#define E1000_TDBAH	0x03804	/* TX descriptor base high */
#define E1000_TDLEN	0x03808	/* TX ring length in bytes, multiple of 128 */
#define E1000_TDH	0x03810	/* TX head: next descriptor the NIC sends */
#define E1000_TDT	0x03818	/* TX tail: one past the last one to send */
#define E1000_TIDV	0x03820	/* TX interrupt delay (descriptors with IDE) */
#define E1000_TXDCTL	0x03828	/* TX descriptor control */
#define E1000_TADV	0x0382C	/* TX absolute delay */
#define E1000_TARC0	0x03840	/* 8257x: TX arbitration count, queue 0 */
#define E1000_RXCSUM	0x05000	/* RX checksum offload control */
#define E1000_RFCTL	0x05008	/* 8257x: RX filter control (descriptor format) */
#define E1000_MTA	0x05200	/* multicast table array, 128 dwords */
#define E1000_RAL(n)	(0x05400 + (n) * 8)	/* receive address low */
#define E1000_RAH(n)	(0x05404 + (n) * 8)	/* receive address high + valid */

#define E1000_MTA_ENTRIES	128
#define E1000_IO_ADDR	0x00	/* I/O BAR: IOADDR window register */
#define E1000_IO_DATA	0x04	/* I/O BAR: IODATA window register */

/* Statistics, all 32-bit and clear on read (per the manual; see below). */
#define E1000_CRCERRS	0x04000	/* CRC errors */
#define E1000_ALGNERRC	0x04004	/* alignment errors */
#define E1000_SYMERRS	0x04008	/* symbol errors */
#define E1000_RXERRC	0x0400C	/* RX errors */
#define E1000_MPC	0x04010	/* missed packets: no room in the RX FIFO */
#define E1000_SCC	0x04014	/* single collision */
#define E1000_ECOL	0x04018	/* excessive collisions */
#define E1000_MCC	0x0401C	/* multiple collisions */
#define E1000_LATECOL	0x04020	/* late collisions */
#define E1000_COLC	0x04028	/* collisions */
#define E1000_DC	0x04030	/* defers */
#define E1000_TNCRS	0x04034	/* transmit with no carrier sense */
#define E1000_SEC	0x04038	/* sequence errors */
#define E1000_CEXTERR	0x0403C	/* carrier extension errors */
#define E1000_RLEC	0x04040	/* receive length errors */
#define E1000_XONRXC	0x04048	/* XON received */
#define E1000_XONTXC	0x0404C	/* XON transmitted */
#define E1000_XOFFRXC	0x04050	/* XOFF received */
#define E1000_XOFFTXC	0x04054	/* XOFF transmitted */
#define E1000_FCRUC	0x04058	/* unsupported flow control frames */
#define E1000_GPRC	0x04074	/* good packets received */
#define E1000_BPRC	0x04078	/* broadcast packets received */
#define E1000_MPRC	0x0407C	/* multicast packets received */
#define E1000_GPTC	0x04080	/* good packets transmitted */
#define E1000_RNBC	0x040A0	/* receive no buffers (ring empty) */
#define E1000_RUC	0x040A4	/* receive undersize */
#define E1000_RFC	0x040A8	/* receive fragments */
#define E1000_ROC	0x040AC	/* receive oversize */
#define E1000_RJC	0x040B0	/* receive jabber */
#define E1000_TPR	0x040D0	/* total packets received */
#define E1000_TPT	0x040D4	/* total packets transmitted */
#define E1000_MPTC	0x040F0	/* multicast packets transmitted */
#define E1000_BPTC	0x040F4	/* broadcast packets transmitted */

/* --- register bits --- */

/* CTRL */
#define E1000_CTRL_FD		BIT(0)	/* full duplex (when forced) */
#define E1000_CTRL_GIO_MASTER_DISABLE BIT(2) /* 8257x: stop issuing DMA */
#define E1000_CTRL_LRST		BIT(3)	/* link reset (8254x) */
#define E1000_CTRL_ASDE		BIT(5)	/* auto-speed detection */
#define E1000_CTRL_SLU		BIT(6)	/* set link up */
#define E1000_CTRL_ILOS		BIT(7)	/* invert loss-of-signal */
#define E1000_CTRL_FRCSPD	BIT(11)	/* force speed */
#define E1000_CTRL_FRCDPX	BIT(12)	/* force duplex */
#define E1000_CTRL_RST		BIT(26)	/* device reset, self-clearing */
#define E1000_CTRL_RFCE		BIT(27)	/* receive flow control enable */
#define E1000_CTRL_TFCE		BIT(28)	/* transmit flow control enable */
#define E1000_CTRL_VME		BIT(30)	/* VLAN mode */
#define E1000_CTRL_PHY_RST	BIT(31)	/* PHY reset */

/* STATUS */
#define E1000_STATUS_FD		BIT(0)	/* full duplex */
#define E1000_STATUS_LU		BIT(1)	/* link up */
#define E1000_STATUS_FUNC_1	BIT(2)	/* second port of a dual-port part */
#define E1000_STATUS_SPEED_SHIFT 6
#define E1000_STATUS_SPEED_MASK	(3u << E1000_STATUS_SPEED_SHIFT)
#define E1000_STATUS_SPEED_10	0u
#define E1000_STATUS_SPEED_100	1u
#define E1000_STATUS_GIO_MASTER_ENABLE BIT(19) /* 8257x: DMA still active */

/* EECD: the bit-banged (microwire) EEPROM interface */
#define E1000_EECD_SK		BIT(0)	/* clock */
#define E1000_EECD_CS		BIT(1)	/* chip select */
#define E1000_EECD_DI		BIT(2)	/* data into the EEPROM */
#define E1000_EECD_DO		BIT(3)	/* data out of the EEPROM */
#define E1000_EECD_REQ		BIT(6)	/* request access (not 82544) */
#define E1000_EECD_GNT		BIT(7)	/* access granted */
#define E1000_EECD_PRES		BIT(8)	/* EEPROM present */
#define E1000_EECD_SIZE		BIT(9)	/* 82540/5/6 microwire: 256 words, else 64 */
#define E1000_EECD_AUTO_RD	BIT(9)	/* 8257x: NVM auto-read after reset done */
#define E1000_EECD_ADDR_BITS	BIT(10)	/* 82541/7 microwire: 256 words, else 64 */
#define E1000_EECD_TYPE		BIT(13)	/* 82541/7: SPI EEPROM, not microwire */
#define E1000_EEPROM_READ_OPCODE_MICROWIRE 0x6	/* 110b */
#define E1000_EEPROM_OPCODE_BITS_MICROWIRE 3

/* EERD: two layouts, 8254x and 8257x */
#define E1000_EERD_START	BIT(0)
#define E1000_EERD_DONE_8254X	BIT(4)
#define E1000_EERD_ADDR_SHIFT_8254X 8
#define E1000_EERD_DONE_8257X	BIT(1)
#define E1000_EERD_ADDR_SHIFT_8257X 2
#define E1000_EERD_DATA_SHIFT	16

/* EEPROM words */
#define E1000_EEPROM_MAC_ADDR	0x00	/* words 0-2: Ethernet address */
#define E1000_EEPROM_CHECKSUM_REG 0x3F	/* words 0..0x3F sum to E1000_EEPROM_SUM */
#define E1000_EEPROM_SUM	0xBABA

/* CTRL_EXT */
#define E1000_CTRL_EXT_EE_RST	BIT(13)	/* reload the EEPROM */
#define E1000_CTRL_EXT_IAME	BIT(27)	/* 8257x: ICR read masks IAM bits */
#define E1000_CTRL_EXT_DRV_LOAD	BIT(28)	/* 8257x: driver owns the device */

/* EXTCNF_CTRL (82573, 82574, 82583) */
#define E1000_EXTCNF_CTRL_MDIO_SW_OWNERSHIP BIT(5)

/* Interrupt causes: ICR, ICS, IMS, IMC share the bits */
#define E1000_ICR_TXDW		BIT(0)	/* transmit descriptor written back */
#define E1000_ICR_TXQE		BIT(1)	/* transmit queue empty */
#define E1000_ICR_LSC		BIT(2)	/* link status change */
#define E1000_ICR_RXSEQ		BIT(3)	/* receive sequence error */
#define E1000_ICR_RXDMT0	BIT(4)	/* RX descriptors below minimum threshold */
#define E1000_ICR_RXO		BIT(6)	/* receiver overrun */
#define E1000_ICR_RXT0		BIT(7)	/* receiver timer: packets written back */
#define E1000_ICR_RXQ0		BIT(20)	/* 82574 MSI-X: RX queue 0 */
#define E1000_ICR_TXQ0		BIT(22)	/* 82574 MSI-X: TX queue 0 */
#define E1000_ICR_OTHER		BIT(24)	/* 82574 MSI-X: link and the rest */
#define E1000_ICR_INT_ASSERTED	BIT(31)	/* 8257x: this device asserted */
#define E1000_ICS_RXDMT0	E1000_ICR_RXDMT0
#define E1000_IMS_ENABLE_MASK	(E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_RXO | \
				 E1000_ICR_TXDW | E1000_ICR_LSC | E1000_ICR_RXSEQ)
#define E1000_IMS_MSIX_MASK	(E1000_ICR_RXQ0 | E1000_ICR_TXQ0 | E1000_ICR_OTHER)
#define E1000_IMC_ALL		0xFFFFFFFFu

/* IVAR (82574): 4-bit entries, vector number + valid */
#define E1000_IVAR_VALID	0x8
#define E1000_IVAR_RXQ0_SHIFT	0
#define E1000_IVAR_TXQ0_SHIFT	8
#define E1000_IVAR_OTHER_SHIFT	16

/* RCTL */
#define E1000_RCTL_EN		BIT(1)	/* receiver enable */
#define E1000_RCTL_SBP		BIT(2)	/* store bad packets */
#define E1000_RCTL_UPE		BIT(3)	/* unicast promiscuous */
#define E1000_RCTL_MPE		BIT(4)	/* multicast promiscuous */
#define E1000_RCTL_LPE		BIT(5)	/* long packets (> 1522 bytes) */
#define E1000_RCTL_RDMTS_HALF	(0u << 8) /* RXDMT0 when half the ring is free */
#define E1000_RCTL_MO_0		(0u << 12) /* multicast offset: bits 47:36 */
#define E1000_RCTL_BAM		BIT(15)	/* accept broadcast */
#define E1000_RCTL_SZ_2048	(0u << 16) /* buffer size 2048 (BSEX = 0) */
#define E1000_RCTL_BSEX		BIT(25)	/* buffer size extension */
#define E1000_RCTL_SECRC	BIT(26)	/* strip the CRC (8257x; 8254x strip in software) */

/* RFCTL (8257x) */
#define E1000_RFCTL_EXTEN	BIT(15)	/* extended descriptors (we use legacy) */

/* TCTL */
#define E1000_TCTL_EN		BIT(1)	/* transmitter enable */
#define E1000_TCTL_PSP		BIT(3)	/* pad short packets to 64 bytes */
#define E1000_TCTL_CT_SHIFT	4	/* collision threshold */
#define E1000_TCTL_COLD_SHIFT	12	/* collision distance */
#define E1000_TCTL_RTLC		BIT(24)	/* 8257x: retransmit on late collision */
#define E1000_COLLISION_THRESHOLD 15	/* IEEE 802.3 attempt limit */
#define E1000_COLLISION_DISTANCE 64	/* byte times, full duplex */

/* TIPG for copper: IPGT, IPGR1, IPGR2 */
#define E1000_TIPG_IPGT_COPPER	8
#define E1000_TIPG_IPGR1	8
#define E1000_TIPG_IPGR1_SHIFT	10
#define E1000_TIPG_IPGR2	6
#define E1000_TIPG_IPGR2_SHIFT	20

/* TXDCTL and TARC0 (8257x): bits the 82571 family must have set */
#define E1000_TXDCTL_GRAN	BIT(24)	/* thresholds count descriptors */
#define E1000_TXDCTL_COUNT_DESC	BIT(22)	/* must be 1 on 8257x */
#define E1000_TARC0_ENABLE	BIT(10)	/* queue 0 enabled */
#define E1000_TARC0_RSVD_26	BIT(26)	/* reserved, must be 1 on 82574/82583 */
#define E1000_TARC0_82571_BITS	(BIT(23) | BIT(24) | BIT(25) | BIT(26))	/* 82571/2 errata */

/* Flow control: 802.3x PAUSE address 01:80:C2:00:00:01 and EtherType */
#define E1000_FCAL_PAUSE	0x00C28001
#define E1000_FCAH_PAUSE	0x0100
#define E1000_FCT_PAUSE		0x8808

#define E1000_RAH_AV		BIT(31)	/* receive address valid */
#define E1000_ITR_MASK		0xFFFFu	/* interval field of ITR/EITR */

/* --- descriptors --- */

/* Legacy receive descriptor: the driver writes buffer_addr, the NIC the rest. */
struct e1000_rx_desc {
	__le64 buffer_addr;
	__le16 length;		/* bytes DMAed into the buffer */
	__le16 csum;
	u8 status;		/* E1000_RXD_STAT_* */
	u8 errors;		/* E1000_RXD_ERR_*, valid with EOP */
	__le16 special;
};
static_assert(sizeof(struct e1000_rx_desc) == 16, "legacy RX descriptor is 16 bytes");

#define E1000_RXD_STAT_DD	BIT(0)	/* descriptor done */
#define E1000_RXD_STAT_EOP	BIT(1)	/* end of packet */
#define E1000_RXD_ERR_CE	BIT(0)	/* CRC or alignment error */
#define E1000_RXD_ERR_SE	BIT(1)	/* symbol error */
#define E1000_RXD_ERR_SEQ	BIT(2)	/* sequence error */
#define E1000_RXD_ERR_CXE	BIT(4)	/* carrier extension error */
#define E1000_RXD_ERR_TCPE	BIT(5)	/* TCP/UDP checksum (offload off: ignored) */
#define E1000_RXD_ERR_IPE	BIT(6)	/* IP checksum (offload off: ignored) */
#define E1000_RXD_ERR_RXE	BIT(7)	/* RX data error */
#define E1000_RXD_ERR_FRAME_ERR_MASK (E1000_RXD_ERR_CE | E1000_RXD_ERR_SE | \
				      E1000_RXD_ERR_SEQ | E1000_RXD_ERR_CXE | \
				      E1000_RXD_ERR_RXE)

/* Legacy transmit descriptor. */
struct e1000_tx_desc {
	__le64 buffer_addr;
	__le32 lower;		/* length (15:0), cso (23:16), cmd (31:24) */
	__le32 upper;		/* status (7:0), css (15:8), special (31:16) */
};
static_assert(sizeof(struct e1000_tx_desc) == 16, "legacy TX descriptor is 16 bytes");

#define E1000_TXD_CMD_EOP	BIT(24)	/* end of packet */
#define E1000_TXD_CMD_IFCS	BIT(25)	/* insert the FCS */
#define E1000_TXD_CMD_RS	BIT(27)	/* report status: write DD back */
#define E1000_TXD_STAT_DD	BIT(0)	/* in upper: descriptor done */
#define E1000_TXD_LEN_MASK	0xFFFFu

/* Rings: a whole number of 128-byte cache lines of descriptors. */
#define E1000_RING_ALIGN	128
#define E1000_DESC_MULTIPLE	(E1000_RING_ALIGN / 16)	/* 8 */
#define E1000_MIN_DESC		80
#define E1000_MAX_DESC		4096
#define E1000_DEFAULT_DESC	256

/* --- pure helpers (host unit-tested) --- */

/* What the receive path does with one written-back descriptor. */
enum e1000_rx_verdict {
	E1000_RX_FRAME,		/* a whole frame: pass it up */
	E1000_RX_NO_EOP,	/* part of a multi-buffer frame: drop (LPE is off) */
	E1000_RX_ERR_CE,
	E1000_RX_ERR_SE,
	E1000_RX_ERR_SEQ,
	E1000_RX_ERR_CXE,
	E1000_RX_ERR_RXE,
	E1000_RX_BAD_LENGTH,	/* no data beyond the FCS, or more than the buffer */
};

/*
 * Classify a descriptor already seen with DD. fcs: the NIC left the 4 CRC
 * bytes in the buffer (8254x without SECRC). max_len: room in the buffer.
 * *frame_len gets the frame length without FCS for E1000_RX_FRAME. The
 * error bits are defined only with EOP.
 */
static inline enum e1000_rx_verdict e1000_rx_classify(u8 status, u8 errors, u16 length,
						      bool fcs, unsigned int max_len,
						      unsigned int *frame_len)
{
	unsigned int len = length;

	if (!(status & E1000_RXD_STAT_EOP))
		return E1000_RX_NO_EOP;
	if (errors & E1000_RXD_ERR_FRAME_ERR_MASK) {
		if (errors & E1000_RXD_ERR_CE)
			return E1000_RX_ERR_CE;
		if (errors & E1000_RXD_ERR_SE)
			return E1000_RX_ERR_SE;
		if (errors & E1000_RXD_ERR_SEQ)
			return E1000_RX_ERR_SEQ;
		if (errors & E1000_RXD_ERR_CXE)
			return E1000_RX_ERR_CXE;
		return E1000_RX_ERR_RXE;
	}
	if (len > max_len)
		return E1000_RX_BAD_LENGTH;
	if (fcs) {
		if (len <= 4)
			return E1000_RX_BAD_LENGTH;
		len -= 4;
	} else if (len == 0) {
		return E1000_RX_BAD_LENGTH;
	}
	*frame_len = len;
	return E1000_RX_FRAME;
}

/* Descriptors the driver may still fill: one slot always stays empty so
 * that head == tail means "ring empty" to the NIC. */
static inline u32 e1000_desc_unused(u32 count, u32 next_to_use, u32 next_to_clean)
{
	return (next_to_clean > next_to_use ? 0 : count) + next_to_clean - next_to_use - 1;
}

/* A ring size the NIC accepts: within bounds and a multiple of 8. */
static inline bool e1000_ring_size_valid(long long n)
{
	return n >= E1000_MIN_DESC && n <= E1000_MAX_DESC && n % E1000_DESC_MULTIPLE == 0;
}

/*
 * Statistics registers clear on read per the datasheet, but QEMU's e1000
 * keeps some (MPC, CRCERRS, RNBC, RLEC, ...) running. The first time a
 * counter reads non-zero it is read again at once: a clearing counter then
 * shows only what happened within a microsecond (~0), a running one at
 * least as much as before. Running ones are accumulated by difference.
 */
struct e1000_stat_track {
	u32 last;		/* running counters: value at the last read */
	bool checked;		/* behaviour known */
	bool running;		/* does not clear on read */
};

/* The increase since the last read, from v (just read); reread() reads
 * the register once more, and is called at most once per counter. */
static inline u32 e1000_stat_delta(struct e1000_stat_track *t, u32 v,
				   u32 (*reread)(void *ctx), void *ctx)
{
	u32 v2, d;

	if (t->running) {
		d = v - t->last;
		t->last = v;
		return d;
	}
	if (!v || t->checked)
		return v;
	t->checked = true;
	v2 = reread(ctx);
	if (v2 < v)
		return v + v2;
	t->running = true;
	d = v2 - t->last;
	t->last = v2;
	return d;
}

/* After a reset: clearing counters restart from 0, running ones from v. */
static inline void e1000_stat_reset(struct e1000_stat_track *t, u32 v)
{
	t->last = v;
}

/* Speed in Mb/s from STATUS. */
static inline unsigned int e1000_status_speed(u32 status)
{
	u32 s = (status & E1000_STATUS_SPEED_MASK) >> E1000_STATUS_SPEED_SHIFT;

	return s == E1000_STATUS_SPEED_10 ? 10 : s == E1000_STATUS_SPEED_100 ? 100 : 1000;
}

#endif /* DRIVERS_NET_E1000_E1000_HW_H */
