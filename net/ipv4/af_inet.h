/* The IPv4 family's start-up: inet_init() brings up ARP, interface
 * addresses, routing, IP receive and ICMP, in the order they depend on
 * each other. Sockets (AF_INET) come with the socket layer. */
#ifndef NET_IPV4_AF_INET_H
#define NET_IPV4_AF_INET_H

/* After net_dev_init (and pci_init), before NIC drivers probe, so the
 * first Ethernet device to register gets the `ip=` address. */
void inet_init(void);

#endif /* NET_IPV4_AF_INET_H */
