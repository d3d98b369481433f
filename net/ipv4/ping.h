/* The shell's `ping`: ICMP echo requests from the kernel, replies matched
 * by identifier and sequence, checked byte for byte, timed, and reported
 * in iputils' format. One ping runs at a time (the shell is one thread).
 * Not a socket: the ping socket (SOCK_DGRAM, IPPROTO_ICMP) comes with
 * the socket layer. */
#ifndef NET_IPV4_PING_H
#define NET_IPV4_PING_H

#include "net/core/skbuff.h"

/* ICMP_ECHOREPLY handler (softirq): consumes skb. */
void ping_rcv(struct sk_buff *skb);

#endif /* NET_IPV4_PING_H */
