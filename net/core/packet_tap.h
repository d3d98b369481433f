/* The packet tap: what Linux's AF_PACKET sees (received packets before
 * protocol dispatch, transmitted ones before the driver), shown by the
 * `tcpdump` shell command and streamed as pcap to COM2 (cmdline
 * pcap=com2). No BPF filters; the only selection is -i <dev>. */
#ifndef NET_CORE_PACKET_TAP_H
#define NET_CORE_PACKET_TAP_H

#include "lib/types.h"

#define PCAP_SNAPLEN	65535

struct tap_stats {
	u64 tapped;		/* packets put on the tcpdump ring */
	u64 ring_dropped;	/* ... lost because the ring was full */
	u64 pcap_packets;	/* records written to COM2 */
	u64 pcap_bytes;		/* packet bytes in them */
};

void packet_tap_get_stats(struct tap_stats *st);

/*
 * One tcpdump-style line for a captured Ethernet frame: caplen bytes of
 * it are at frame, len is its length on the wire. Every header is length
 * checked before a field is read; short data prints as truncated. mac
 * adds the addresses (tcpdump -e). Returns the length written (< size).
 */
int pkt_summary(char *buf, size_t size, const u8 *frame, u32 caplen, u32 len, bool mac);

#endif /* NET_CORE_PACKET_TAP_H */
