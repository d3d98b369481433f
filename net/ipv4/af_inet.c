/* inet_init: the IPv4 family's start-up, as Linux's af_inet.c does it
 * (minus sockets): the ARP table and its packet type, interface
 * addresses (lo's now, the command line's when the NIC registers), the
 * routing table's shell objects, the ICMP protocol, the reassembly table,
 * the packet filter's hooks, the IP packet type. */
#include "net/ipv4/af_inet.h"
#include "net/ipv4/arp.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/ip_fragment.h"
#include "net/ipv4/route.h"
#include "net/ipv4/udp.h"
#include "net/ipv4/netfilter/iptables_cmd.h"
#include "kernel/printk.h"

void inet_init(void)
{
	/* The cache before addresses: setting one announces it. */
	arp_init();
	devinet_init();
	ip_fib_init();
	icmp_init();
	ipfrag_init();
	udp_init();
	/* The hooks and the command line's rules before the first packet. */
	ipt_filter_init();
	/* Last: nothing reaches ip_rcv before its protocols are in place. */
	ip_init();
	pr_info("ipv4: ARP, IPv4 and ICMP echo up (ttl %d)\n", sysctl_ip_default_ttl);
}
