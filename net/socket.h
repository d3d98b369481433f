/* The BSD socket API of the in-kernel application: POSIX names, values
 * (Linux's) and calling conventions, so app/ reads like a user program.
 * AF_INET/SOCK_DGRAM (UDP) today, poll() and level-triggered epoll;
 * descriptors are small ints from a table of SOCK_MAX. Errors are
 * returned as -errno (there is no errno variable). Not here: SOCK_STREAM
 * (TCP's issue), EPOLLET/EPOLLONESHOT, epoll sets inside epoll sets,
 * ancillary data, MSG_OOB, socket options beyond the ones listed. Host builds take the
 * types and constants from libc (same values) and never call these. */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

#include "lib/types.h"
#include "lib/byteorder.h"

struct wait_queue_head;

#define SOCK_MAX		256	/* open sockets, all protocols */

#ifndef NAPKIN_HOST
#define AF_UNSPEC	0
#define AF_INET		2
#define PF_INET		AF_INET

/* <netinet/in.h>'s, as net/ipv4/ip.h has them */
#define IPPROTO_IP	0
#define IPPROTO_UDP	17
#define INADDR_ANY		0x00000000U
#define INADDR_BROADCAST	0xffffffffU
#define INADDR_LOOPBACK		0x7f000001U

#define SOCK_STREAM	1
#define SOCK_DGRAM	2

#define O_NONBLOCK	04000
#define SOCK_NONBLOCK	O_NONBLOCK	/* or'ed into socket()'s type */
#define SOCK_CLOEXEC	02000000	/* accepted, nothing to do */
#define F_GETFL		3
#define F_SETFL		4

#define SOL_SOCKET	1
#define SO_REUSEADDR	2
#define SO_TYPE		3
#define SO_ERROR	4
#define SO_BROADCAST	6
#define SO_SNDBUF	7
#define SO_RCVBUF	8
#define SO_RCVTIMEO	20
#define SO_SNDTIMEO	21

#define MSG_PEEK	0x02
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40

#define SHUT_RD		0
#define SHUT_WR		1
#define SHUT_RDWR	2

#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLWRNORM	0x100

typedef u32 socklen_t;
typedef u16 sa_family_t;
typedef unsigned long nfds_t;

struct in_addr {
	__be32 s_addr;
};

struct sockaddr {
	sa_family_t sa_family;
	char sa_data[14];
};

/* Port and address in network byte order, as in POSIX. */
struct sockaddr_in {
	sa_family_t sin_family;
	__be16 sin_port;
	struct in_addr sin_addr;
	u8 sin_zero[8];
};

struct timeval {
	long tv_sec;
	long tv_usec;
};

struct pollfd {
	int fd;
	short events;
	short revents;
};

/* Returns a descriptor >= 0 or -EAFNOSUPPORT / -ESOCKTNOSUPPORT /
 * -EPROTONOSUPPORT / -EMFILE (table full) / -ENOMEM. */
int socket(int domain, int type, int protocol);
/* 0 or -EBADF, -EINVAL (already bound, bad length or family),
 * -EADDRINUSE, -EADDRNOTAVAIL (not one of our addresses). Port 0 picks
 * an ephemeral port (RFC 6056). */
int bind(int fd, const struct sockaddr *addr, socklen_t len);
/* Sets the default peer and filters input to it; AF_UNSPEC dissolves
 * the association. 0 or -errno (-ENETUNREACH: no route). */
int connect(int fd, const struct sockaddr *addr, socklen_t len);
/* Bytes sent or -EMSGSIZE (over 65,507), -EDESTADDRREQ, -EACCES
 * (broadcast without SO_BROADCAST), -EAGAIN (send buffer full and
 * non-blocking or SO_SNDTIMEO passed), -EPIPE (shut down), -ENETUNREACH,
 * -ENOBUFS. */
ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen);
ssize_t send(int fd, const void *buf, size_t len, int flags);
/* One datagram, cut to len (MSG_TRUNC: return its real length); from
 * may be NULL. -EAGAIN when nothing arrives in time (O_NONBLOCK,
 * MSG_DONTWAIT, SO_RCVTIMEO); 0 after shutdown(SHUT_RD) with nothing
 * queued; a pending ICMP error (SO_ERROR) is returned once. */
ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen);
ssize_t recv(int fd, void *buf, size_t len, int flags);
int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int getpeername(int fd, struct sockaddr *addr, socklen_t *len);	/* -ENOTCONN */
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int shutdown(int fd, int how);
/* Wakes anything blocked on fd; the descriptor is free at return. */
int close(int fd);
/* F_GETFL / F_SETFL with O_NONBLOCK only. */
int fcntl(int fd, int cmd, int arg);
/* Number of entries with revents set, 0 on timeout (ms; -1 forever),
 * or -EINVAL (nfds > SOCK_MAX). Bad descriptors get POLLNVAL. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
/* For kernel threads: poll(), also ending (with what is ready, maybe 0)
 * once *kick is non-zero, which whoever sets it announces with
 * wake_up(kick_wq). */
int poll_kick(struct pollfd *fds, nfds_t nfds, int timeout, struct wait_queue_head *kick_wq,
	      const int *kick);

#define EPOLLIN		POLLIN
#define EPOLLPRI	POLLPRI
#define EPOLLOUT	POLLOUT
#define EPOLLERR	POLLERR
#define EPOLLHUP	POLLHUP
#define EPOLLRDNORM	POLLRDNORM
#define EPOLLWRNORM	POLLWRNORM
#define EPOLL_CLOEXEC	02000000	/* accepted, nothing to do */

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

typedef union epoll_data {
	void *ptr;
	int fd;
	u32 u32;
	u64 u64;
} epoll_data_t;

/* Packed on x86-64, as Linux's. */
struct epoll_event {
	u32 events;
	epoll_data_t data;
} __packed;

/* An epoll instance (a descriptor): fd or -EINVAL/-EMFILE/-ENOMEM. */
int epoll_create(int size);
int epoll_create1(int flags);
/* ADD (-EEXIST), MOD and DEL (-ENOENT) a socket; -ENOSPC past SOCK_MAX
 * entries, -EINVAL for a non-socket fd or epfd itself, -EBADF. A closed
 * socket leaves every set by itself. */
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
/* Level-triggered: the ready sockets (at most maxevents, fairly rotated
 * when more are ready), 0 on timeout (ms; -1 forever), or -errno. */
int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);
#endif /* !NAPKIN_HOST */

#endif /* NET_SOCKET_H */
