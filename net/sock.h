/* struct sock: a socket's protocol state, the stack's side of what
 * net/socket.h shows the application — buffers and their accounting,
 * the receive queue, the wait queue, and the transport's operations
 * (struct proto, Linux's names). Generic helpers are net/sock.c's. */
#ifndef NET_SOCK_H
#define NET_SOCK_H

#include "lib/types.h"
#include "lib/list.h"
#include "lib/byteorder.h"
#include "kernel/wait.h"
#include "net/core/skbuff.h"

/* Linux's floors: one 2 KiB buffer plus its sk_buff (twice for send). */
#define SOCK_MIN_RCVBUF		2304
#define SOCK_MIN_SNDBUF		(2 * SOCK_MIN_RCVBUF)

/* sk_state: Linux's tcp_states values; UDP uses ESTABLISHED/CLOSE only. */
enum {
	TCP_ESTABLISHED = 1,
	TCP_CLOSE = 7,
};

/* recvmsg/sendmsg flags, POSIX values (net/socket.h; libc's on the host) */
#ifndef MSG_PEEK
#define MSG_PEEK	0x02
#define MSG_TRUNC	0x20
#define MSG_DONTWAIT	0x40
#endif

/* sk_shutdown */
#define RCV_SHUTDOWN	1
#define SEND_SHUTDOWN	2

/* net.core.{r,w}mem_{default,max}, Linux's defaults (212992). */
extern int sysctl_rmem_default, sysctl_rmem_max;
extern int sysctl_wmem_default, sysctl_wmem_max;

struct sock;

/* A transport's operations. Every call from a thread. */
struct proto {
	const char *name;
	/* addr/port network order; port 0 = ephemeral. 0 or -errno. */
	int (*bind)(struct sock *sk, __be32 addr, __be16 port);
	/* daddr 0 (AF_UNSPEC) disconnects. 0 or -errno. */
	int (*connect)(struct sock *sk, __be32 daddr, __be16 dport);
	/* daddr 0: to the connected peer. Bytes sent or -errno. */
	ssize_t (*sendmsg)(struct sock *sk, const void *buf, size_t len,
			   __be32 daddr, __be16 dport, int flags);
	/* saddr/sport may be NULL. Bytes or -errno. */
	ssize_t (*recvmsg)(struct sock *sk, void *buf, size_t len, int flags,
			   __be32 *saddr, __be16 *sport);
	/* Unhash: no packet reaches sk after this returns. */
	void (*close)(struct sock *sk);
};

struct sock {
	struct list_head sk_node;	/* the transport's hash chain */
	int sk_refcnt;			/* sock_hold/sock_put */
	u8 sk_state;			/* TCP_CLOSE or TCP_ESTABLISHED */
	u8 sk_protocol;			/* IPPROTO_UDP */
	u8 sk_shutdown;			/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool sk_reuse;			/* SO_REUSEADDR */
	bool sk_broadcast;		/* SO_BROADCAST */
	bool sk_hashed;			/* on the transport's table */
	__be32 inet_rcv_saddr;		/* bound address, 0 = any */
	__be16 inet_sport;		/* local port, 0 = not bound */
	__be32 inet_daddr;		/* connected peer, else 0 */
	__be16 inet_dport;
	int sk_rcvbuf;			/* bytes of truesize queued at most */
	int sk_sndbuf;			/* bytes of truesize in flight at most */
	int sk_rmem_alloc;		/* under sk_receive_queue.lock */
	int sk_wmem_alloc;		/* atomic: freed from any context */
	long sk_rcvtimeo;		/* jiffies; MAX_SCHEDULE_TIMEOUT = none */
	long sk_sndtimeo;
	int sk_err;			/* pending error (positive errno) */
	u64 sk_drops;			/* datagrams refused: receive buffer full */
	struct sk_buff_head sk_receive_queue;
	wait_queue_head_t sk_wq;	/* readers, writers, poll */
	const struct proto *sk_prot;
	void (*sk_data_ready)(struct sock *sk);
	void (*sk_write_space)(struct sock *sk);
};

/* A zeroed sock with one reference, Linux's buffer defaults, queues
 * initialised; NULL without memory. */
struct sock *sk_alloc(u8 protocol, const struct proto *prot);
void sock_hold(struct sock *sk);
/* Drops a reference; the last one purges the queue and frees sk. Any
 * context (the send path's destructor runs from softirq). */
void sock_put(struct sock *sk);

/*
 * Queue a received skb (its data at the payload the reader wants) and
 * wake readers. -ENOMEM when it does not fit in sk_rcvbuf — the caller
 * counts and frees it; a lone datagram is always accepted, so a buffer
 * smaller than one packet still passes traffic. Softirq context.
 */
int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb);
void sock_def_readable(struct sock *sk);

/* Wait for a datagram within timeo jiffies (0 = don't wait) and take
 * it off the queue (MSG_PEEK: leave it, with a reference). NULL with
 * *err: a pending error first (cleared: reported once), -EAGAIN on
 * timeout, 0 after shutdown(SHUT_RD). */
struct sk_buff *skb_recv_datagram(struct sock *sk, int flags, long timeo, int *err);
/* Release a datagram from skb_recv_datagram: uncharge, free. */
void skb_free_datagram(struct sock *sk, struct sk_buff *skb);

/* A send skb charged to sk_wmem_alloc (uncharged when freed), waiting up
 * to timeo jiffies for room. NULL with *err -EAGAIN, -EPIPE, -ENOBUFS,
 * or a pending error (e.g. -ECONNREFUSED), which is then cleared. */
struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned int size,
				    long timeo, int *err);

/* The poll mask (POLLIN, POLLOUT, POLLERR, POLLHUP values) of sk. */
unsigned int datagram_poll(struct sock *sk);

/* SO_RCVBUF/SO_SNDBUF as Linux sets them: doubled, capped at the
 * net.core max, at least the floor. */
void sock_set_rcvbuf(struct sock *sk, int val);
void sock_set_sndbuf(struct sock *sk, int val);

/* The timeouts a call uses: 0 when non-blocking. */
static inline long sock_rcvtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_rcvtimeo;
}

static inline long sock_sndtimeo(const struct sock *sk, bool noblock)
{
	return noblock ? 0 : sk->sk_sndtimeo;
}

#endif /* NET_SOCK_H */
