/* The UDP test services of the built-in application: echo (RFC 862,
 * port 7) and discard (RFC 863, port 9), one thread polling both
 * sockets. Written against net/socket.h only, like a user program. */
#ifndef APP_UDP_SERVICES_H
#define APP_UDP_SERVICES_H

#include "lib/types.h"

struct udp_service {
	const char *name;
	u16 port;
	bool echo;		/* send each datagram back */
	bool paused;		/* not read: its receive buffer fills */
	int fd;
	u64 rx_datagrams;
	u64 rx_bytes;
	u64 tx_datagrams;
	u64 errors;		/* failed recvfrom/sendto */
	int last_error;		/* -errno of the last failure */
};

enum { UDP_SVC_ECHO, UDP_SVC_DISCARD, UDP_SVC_COUNT };

extern struct udp_service udp_services[UDP_SVC_COUNT];

/* Open and bind both sockets: 0 or -errno (the sockets are closed). */
int udp_services_open(void);
/* The service loop (a thread's function); runs until the sockets fail. */
int udp_services_loop(void *arg);

#endif /* APP_UDP_SERVICES_H */
