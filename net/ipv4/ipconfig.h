/* Kernel IP autoconfiguration, as Linux's ipconfig.c: the `ip=`, `gw=`,
 * `route=` and `dhcp_fallback=` command-line keys and ip_auto_config(),
 * which starts the DHCP client (net/ipv4/dhcp.c) unless ip= is static. */
#ifndef NET_IPV4_IPCONFIG_H
#define NET_IPV4_IPCONFIG_H

/*
 * Bring every Ethernet device up (napkin has no userspace to do it) and
 * give the first one the `ip=` address, the `gw=` default route and the
 * `route=` routes, or (ip=dhcp or no ip=) start the DHCP client on it. kmain calls it once the NIC drivers have probed (after
 * e1000_init), like Linux's late_initcall. Process context; never blocks
 * on the link: carrier comes later and announces the address then.
 */
void ip_auto_config(void);

#endif /* NET_IPV4_IPCONFIG_H */
