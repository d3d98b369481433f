/* The packet tap (Linux's AF_PACKET vantage points, via ETH_P_ALL
 * packet_types): `tcpdump` copies a snapshot of each packet into a bounded
 * ring that the shell thread prints, and pcap=com2 writes every packet as
 * a pcap record to COM2. No filters, no mmap ring, no timestamps from the
 * NIC; pcap times are since boot. */
#include "net/core/packet_tap.h"
#include "net/core/dev.h"
#include "net/ethernet/eth.h"
#include "drivers/serial.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/time.h"
#include "kernel/wait.h"
#include "lib/byteorder.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

#define TAP_RING_SIZE		64	/* power of two */
#define TAP_SNAP		128	/* bytes kept for the summary */
#define TCPDUMP_MAX_COUNT	1000000
#define TCPDUMP_MAX_SECS	3600
#define TCPDUMP_DEFAULT_SECS	10

#define PCAP_MAGIC		0xa1b2c3d4	/* microsecond timestamps */
#define PCAP_VERSION_MAJOR	2
#define PCAP_VERSION_MINOR	4
#define LINKTYPE_ETHERNET	1

struct pcap_file_header {
	u32 magic;
	u16 version_major;
	u16 version_minor;
	s32 thiszone;
	u32 sigfigs;
	u32 snaplen;
	u32 linktype;
};

struct pcap_rec_header {
	u32 ts_sec;
	u32 ts_usec;
	u32 incl_len;
	u32 orig_len;
};

struct tap_entry {
	u64 tstamp;
	u32 len;
	u16 caplen;
	u8 pkt_type;
	char dev[IFNAMSIZ];
	u8 data[TAP_SNAP];
};

static struct tap_entry tap_ring[TAP_RING_SIZE];
static u32 tap_head, tap_tail;		/* head: next write (softirq), tail: reader */
static DEFINE_SPINLOCK(tap_lock);
static DECLARE_WAIT_QUEUE_HEAD(tap_wait);
static struct tap_stats tap_counters;
static bool tcpdump_running;

static bool pcap_com2;
static DEFINE_SPINLOCK(pcap_lock);

void packet_tap_get_stats(struct tap_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&tap_lock, flags);
	*st = tap_counters;
	spin_unlock_irqrestore(&tap_lock, flags);
}

/* The frame as on the wire: from the MAC header (received skbs have
 * already pulled it) to the end. Returns the offset of the MAC header
 * relative to skb->data (<= 0). */
static int tap_mac_offset(const struct sk_buff *skb)
{
	if (!skb_mac_header_was_set(skb) || skb_mac_header(skb) > skb->data)
		return 0;
	return skb_mac_header(skb) - skb->data;
}

/* --- tcpdump ring --- */

static void tap_ring_put(const struct sk_buff *skb, struct net_device *dev)
{
	int off = tap_mac_offset(skb);
	u32 len = skb->len - off, cap = min_t(u32, len, TAP_SNAP);
	struct tap_entry *e;
	unsigned long flags;

	spin_lock_irqsave(&tap_lock, flags);
	if (tap_head - tap_tail >= TAP_RING_SIZE) {
		tap_counters.ring_dropped++;
		spin_unlock_irqrestore(&tap_lock, flags);
		return;
	}
	e = &tap_ring[tap_head % TAP_RING_SIZE];
	e->tstamp = skb->tstamp;
	e->len = len;
	e->pkt_type = skb->pkt_type;
	strlcpy(e->dev, dev->name, IFNAMSIZ);
	/* The header part before data is linear; the rest may be fragments. */
	memcpy(e->data, skb->data + off, min_t(u32, cap, (u32)-off));
	e->caplen = cap;
	if (cap > (u32)-off && skb_copy_bits(skb, 0, e->data - off, cap + off))
		e->caplen = -off;
	tap_head++;
	tap_counters.tapped++;
	spin_unlock_irqrestore(&tap_lock, flags);
	wake_up(&tap_wait);
}

static int tcpdump_rcv(struct sk_buff *skb, struct net_device *dev,
		       struct packet_type *pt, struct net_device *orig_dev)
{
	tap_ring_put(skb, dev);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type tcpdump_pt = {
	.type = cpu_to_be16(ETH_P_ALL),
	.func = tcpdump_rcv,
};

/* --- pcap on COM2 --- */

static void pcap_write_header(void)
{
	struct pcap_file_header h = {
		.magic = PCAP_MAGIC,
		.version_major = PCAP_VERSION_MAJOR,
		.version_minor = PCAP_VERSION_MINOR,
		.snaplen = PCAP_SNAPLEN,
		.linktype = LINKTYPE_ETHERNET,
	};

	serial_write_raw(COM2_BASE, &h, sizeof(h));
}

/* Linear bytes straight from the skb, fragments from their pages. */
static void pcap_write_data(const struct sk_buff *skb, int off, u32 caplen)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	u32 n = min_t(u32, caplen, skb_headlen(skb) - off);
	int i;

	serial_write_raw(COM2_BASE, skb->data + off, n);
	caplen -= n;
	for (i = 0; i < sh->nr_frags && caplen; i++) {
		n = min_t(u32, caplen, sh->frags[i].size);
		serial_write_raw(COM2_BASE, (u8 *)sh->frags[i].page + sh->frags[i].offset, n);
		caplen -= n;
	}
}

static int pcap_rcv(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig_dev)
{
	int off = tap_mac_offset(skb);
	u32 len = skb->len - off;
	u64 ns = skb->tstamp ? skb->tstamp : ktime_get_ns();
	struct pcap_rec_header rh = {
		.ts_sec = (u32)(ns / 1000000000),
		.ts_usec = (u32)(ns % 1000000000 / 1000),
		.incl_len = min_t(u32, len, PCAP_SNAPLEN),
		.orig_len = len,
	};
	unsigned long flags;

	/* One record at a time, or the stream interleaves. */
	spin_lock_irqsave(&pcap_lock, flags);
	serial_write_raw(COM2_BASE, &rh, sizeof(rh));
	pcap_write_data(skb, off, rh.incl_len);
	tap_counters.pcap_packets++;
	tap_counters.pcap_bytes += rh.incl_len;
	spin_unlock_irqrestore(&pcap_lock, flags);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct packet_type pcap_pt = {
	.type = cpu_to_be16(ETH_P_ALL),
	.func = pcap_rcv,
};

static int pcap_setup(const char *value)
{
	if (strcmp(value, "com2"))
		return -EINVAL;
	pcap_com2 = true;
	return 0;
}
CMDLINE_PARAM(pcap, "pcap", pcap_setup, "pcap=com2: stream every packet as pcap to COM2");

void packet_tap_init(void)
{
	if (!pcap_com2)
		return;
	pcap_write_header();
	if (dev_add_pack(&pcap_pt))
		pr_err("tap: cannot register the pcap tap\n");
	else
		pr_info("tap: streaming pcap to COM2 (snaplen %u)\n", PCAP_SNAPLEN);
}

/* --- the tcpdump command --- */

struct tcpdump_opts {
	u32 count;			/* 0 = until the timeout */
	u32 secs;
	bool mac;			/* -e */
	bool promisc;			/* not -p */
	struct net_device *dev;		/* -i, NULL = all */
};

static const char tcpdump_usage[] =
	"usage: tcpdump [-c count] [-i dev] [-t secs] [-e] [-p]\n";

static int tcpdump_parse(int argc, char **argv, struct tcpdump_opts *o)
{
	int i;

	o->secs = TCPDUMP_DEFAULT_SECS;
	o->promisc = true;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-e")) {
			o->mac = true;
			continue;
		}
		if (!strcmp(a, "-p")) {
			o->promisc = false;
			continue;
		}
		if (!v)
			return -EINVAL;
		i++;
		if (!strcmp(a, "-c")) {
			if (kstrtouint(v, 10, &o->count) || !o->count || o->count > TCPDUMP_MAX_COUNT)
				return -EINVAL;
		} else if (!strcmp(a, "-t")) {
			if (kstrtouint(v, 10, &o->secs) || !o->secs || o->secs > TCPDUMP_MAX_SECS)
				return -EINVAL;
		} else if (!strcmp(a, "-i")) {
			o->dev = dev_get_by_name(v);
			if (!o->dev) {
				kprintf("tcpdump: %s: no such device\n", v);
				return -ENODEV;
			}
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static const char *tap_direction(u8 pkt_type)
{
	switch (pkt_type) {
	case PACKET_OUTGOING:
		return "Out";
	case PACKET_BROADCAST:
		return "B  ";
	case PACKET_MULTICAST:
		return "M  ";
	case PACKET_OTHERHOST:
		return "P  ";
	default:
		return "In ";
	}
}

static bool tap_ring_get(struct tap_entry *e)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&tap_lock, flags);
	if (tap_tail != tap_head) {
		*e = tap_ring[tap_tail % TAP_RING_SIZE];
		tap_tail++;
		got = true;
	}
	spin_unlock_irqrestore(&tap_lock, flags);
	return got;
}

static void tap_print(const struct tap_entry *e, bool mac)
{
	char line[256];

	pkt_summary(line, sizeof(line), e->data, e->caplen, e->len, mac);
	kprintf("%lu.%06lu %s %s %s\n", e->tstamp / 1000000000,
		e->tstamp % 1000000000 / 1000, e->dev, tap_direction(e->pkt_type), line);
}

/* Print until count packets or the deadline; returns packets printed. */
static u32 tcpdump_loop(const struct tcpdump_opts *o)
{
	u64 deadline = jiffies + (u64)o->secs * HZ;
	struct tap_entry e;
	u32 printed = 0;

	while (!o->count || printed < o->count) {
		long left = (long)(deadline - jiffies);

		if (left <= 0)
			break;
		wait_event_timeout(tap_wait, READ_ONCE(tap_head) != READ_ONCE(tap_tail), left);
		while ((!o->count || printed < o->count) && tap_ring_get(&e)) {
			tap_print(&e, o->mac);
			printed++;
		}
	}
	return printed;
}

static int tcpdump_cmd(int argc, char **argv)
{
	struct tcpdump_opts o = { 0 };
	struct tap_stats before, after;
	u32 printed;
	int err;

	err = tcpdump_parse(argc, argv, &o);
	if (err) {
		if (err == -EINVAL)
			kprintf("%s", tcpdump_usage);
		return err;
	}
	if (tcpdump_running)
		return -EBUSY;
	tcpdump_running = true;
	tap_tail = READ_ONCE(tap_head);
	tcpdump_pt.dev = o.dev;
	packet_tap_get_stats(&before);
	if (o.dev && o.promisc)
		dev_set_promiscuity(o.dev, 1);
	err = dev_add_pack(&tcpdump_pt);
	if (!err) {
		kprintf("tcpdump: listening on %s, link-type EN10MB (Ethernet), for up to %u s\n",
			o.dev ? o.dev->name : "all devices", o.secs);
		printed = tcpdump_loop(&o);
		dev_remove_pack(&tcpdump_pt);
		packet_tap_get_stats(&after);
		kprintf("%u packets captured\n%lu packets dropped by kernel\n", printed,
			after.ring_dropped - before.ring_dropped);
	}
	if (o.dev && o.promisc)
		dev_set_promiscuity(o.dev, -1);
	tcpdump_running = false;
	return err;
}
SHELL_COMMAND(tcpdump, "tcpdump", tcpdump_cmd,
	      "[-c N] [-i dev] [-t secs] [-e] [-p]: print packets (default 10 s)");
