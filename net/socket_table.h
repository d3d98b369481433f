/* The descriptor table behind net/socket.h, shared by net/socket.c and
 * net/eventpoll.c only: what one descriptor holds and how a call takes
 * and drops its reference. Not for app/ (it sees descriptors only). */
#ifndef NET_SOCKET_TABLE_H
#define NET_SOCKET_TABLE_H

#include "lib/types.h"

struct sock;
struct eventpoll;

/* One open descriptor: a socket (sk) or an epoll instance (ep). refs is
 * 1 while the descriptor is open, +1 for every call using it and every
 * epoll set watching it; the last sockfd_put frees it. */
struct socket {
	int type;		/* SOCK_DGRAM; 0 for an epoll instance */
	int flags;		/* O_NONBLOCK */
	int refs;		/* under the table lock */
	bool closed;		/* close() ran: epoll sets forget it */
	struct sock *sk;
	struct eventpoll *ep;
};

/* The descriptor's object with a reference, or NULL (not open). */
struct socket *sockfd_lookup(int fd);
/* Another reference to an object already held. */
void sock_get_file(struct socket *s);
void sockfd_put(struct socket *s);
/* Install s at the lowest free descriptor: fd or -EMFILE. */
int sock_map_fd(struct socket *s);

/* The poll mask of a socket (POLLIN, POLLOUT, POLLERR, POLLHUP). */
unsigned int sock_poll_mask(struct socket *s);

/* The last reference to an epoll instance is gone (eventpoll.c). */
void eventpoll_release(struct eventpoll *ep);

#endif /* NET_SOCKET_TABLE_H */
