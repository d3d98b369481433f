/* IPv4 reassembly in the kernel (Linux's ip_defrag): the one queue table,
 * its lock, its expiry timer, the net.ipv4.ipfrag_* sysctls, the ICMP
 * time exceeded on timeout, the `ipfrag` shell command. The queue logic
 * itself is inet_fragment.c's (pure). Fragmentation on output is
 * ip_output.c's. */
#ifndef NET_IPV4_IP_FRAGMENT_H
#define NET_IPV4_IP_FRAGMENT_H

#include "net/core/skbuff.h"

extern int sysctl_ipfrag_high_thresh;
extern int sysctl_ipfrag_low_thresh;
extern int sysctl_ipfrag_time;

/* A fragment for us (from ip_local_deliver, softirq): consumes skb.
 * Returns the reassembled datagram (data at its IP header) or NULL. */
struct sk_buff *ip_defrag(struct sk_buff *skb);

/* Queues held and their memory (truesize), as sockstat's "FRAG:" line. */
void ipfrag_usage(unsigned int *inuse, unsigned long *memory);

/* The table, its key and timer. From inet_init. */
void ipfrag_init(void);

#endif /* NET_IPV4_IP_FRAGMENT_H */
