/* Generic socket helpers, Linux's net/core/sock.c and datagram.c in
 * small: allocation and references, receive-buffer accounting, blocking
 * receive and send-buffer waits, the datagram poll mask, SO_*BUF, and
 * the net.core buffer sysctls. Nothing protocol-specific. */
#include "net/sock.h"
#include "kernel/mm/slab.h"
#include "kernel/sched.h"
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Linux's poll bits, for datagram_poll (net/socket.h has the names). */
#define SK_POLLIN	0x001
#define SK_POLLOUT	0x004
#define SK_POLLERR	0x008
#define SK_POLLHUP	0x010
#define SK_POLLRDNORM	0x040
#define SK_POLLWRNORM	0x100

#define SK_MEM_DEFAULT	212992	/* Linux's net.core.rmem_default */
#define SK_MEM_CEILING	(64 << 20)

int sysctl_rmem_default = SK_MEM_DEFAULT;
int sysctl_rmem_max = SK_MEM_DEFAULT;
int sysctl_wmem_default = SK_MEM_DEFAULT;
int sysctl_wmem_max = SK_MEM_DEFAULT;

SYSCTL_INT_ENTRY(rmem_default, "net.core.rmem_default", &sysctl_rmem_default,
		 SOCK_MIN_RCVBUF, SK_MEM_CEILING, "default socket receive buffer (bytes)");
SYSCTL_INT_ENTRY(rmem_max, "net.core.rmem_max", &sysctl_rmem_max,
		 SOCK_MIN_RCVBUF, SK_MEM_CEILING, "largest SO_RCVBUF request honoured");
SYSCTL_INT_ENTRY(wmem_default, "net.core.wmem_default", &sysctl_wmem_default,
		 SOCK_MIN_SNDBUF, SK_MEM_CEILING, "default socket send buffer (bytes)");
SYSCTL_INT_ENTRY(wmem_max, "net.core.wmem_max", &sysctl_wmem_max,
		 SOCK_MIN_SNDBUF, SK_MEM_CEILING, "largest SO_SNDBUF request honoured");

static void sock_def_write_space(struct sock *sk)
{
	wake_up(&sk->sk_wq);
}

void sock_def_readable(struct sock *sk)
{
	wake_up(&sk->sk_wq);
}

struct sock *sk_alloc(u8 protocol, const struct proto *prot)
{
	struct sock *sk = kzalloc(sizeof(*sk), GFP_KERNEL);

	if (!sk)
		return NULL;
	INIT_LIST_HEAD(&sk->sk_node);
	sk->sk_refcnt = 1;
	sk->sk_state = TCP_CLOSE;
	sk->sk_protocol = protocol;
	sk->sk_prot = prot;
	sk->sk_rcvbuf = READ_ONCE(sysctl_rmem_default);
	sk->sk_sndbuf = READ_ONCE(sysctl_wmem_default);
	sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo = MAX_SCHEDULE_TIMEOUT;
	skb_queue_head_init(&sk->sk_receive_queue);
	init_waitqueue_head(&sk->sk_wq);
	sk->sk_data_ready = sock_def_readable;
	sk->sk_write_space = sock_def_write_space;
	return sk;
}

void sock_hold(struct sock *sk)
{
	__atomic_add_fetch(&sk->sk_refcnt, 1, __ATOMIC_RELAXED);
}

static void sk_purge_receive_queue(struct sock *sk)
{
	struct sk_buff *skb;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
		skb = __skb_dequeue(&sk->sk_receive_queue);
		if (skb)
			sk->sk_rmem_alloc -= skb->truesize;
		spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
		if (!skb)
			return;
		kfree_skb(skb);
	}
}

void sock_put(struct sock *sk)
{
	if (__atomic_sub_fetch(&sk->sk_refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	sk_purge_receive_queue(sk);
	kfree(sk);
}

/* --- receive --- */

int sock_queue_rcv_skb(struct sock *sk, struct sk_buff *skb)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
	empty = skb_queue_empty(&sk->sk_receive_queue);
	if ((sk->sk_shutdown & RCV_SHUTDOWN) ||
	    (!empty && sk->sk_rmem_alloc + (int)skb->truesize > sk->sk_rcvbuf)) {
		sk->sk_drops++;
		spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
		return -ENOMEM;
	}
	sk->sk_rmem_alloc += skb->truesize;
	__skb_queue_tail(&sk->sk_receive_queue, skb);
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
	sk->sk_data_ready(sk);
	return 0;
}

/* Under the queue lock: a datagram, or why there is none. */
static struct sk_buff *__skb_try_recv(struct sock *sk, int flags, int *err)
{
	struct sk_buff *skb;
	unsigned long irqf;

	/* A pending error first, once, as Linux's sock_error(). */
	if (READ_ONCE(sk->sk_err)) {
		*err = -__atomic_exchange_n(&sk->sk_err, 0, __ATOMIC_RELAXED);
		if (*err)
			return NULL;
	}
	spin_lock_irqsave(&sk->sk_receive_queue.lock, irqf);
	skb = skb_peek(&sk->sk_receive_queue);
	if (skb && (flags & MSG_PEEK))
		skb_get(skb);
	else if (skb)
		__skb_unlink(skb, &sk->sk_receive_queue);
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, irqf);
	if (skb)
		return skb;
	*err = (sk->sk_shutdown & RCV_SHUTDOWN) ? 0 : -EAGAIN;
	return NULL;
}

struct sk_buff *skb_recv_datagram(struct sock *sk, int flags, long timeo, int *err)
{
	struct wait_queue_entry w;
	struct sk_buff *skb;

	for (;;) {
		prepare_to_wait(&sk->sk_wq, &w, TASK_UNINTERRUPTIBLE);
		skb = __skb_try_recv(sk, flags, err);
		if (skb || *err != -EAGAIN || !timeo)
			break;
		timeo = schedule_timeout(timeo);
	}
	finish_wait(&sk->sk_wq, &w);
	return skb;
}

void skb_free_datagram(struct sock *sk, struct sk_buff *skb)
{
	unsigned long flags;

	/* A peeked skb carries an extra reference and stays charged. */
	if (skb_shared(skb)) {
		kfree_skb(skb);
		return;
	}
	spin_lock_irqsave(&sk->sk_receive_queue.lock, flags);
	sk->sk_rmem_alloc -= skb->truesize;
	spin_unlock_irqrestore(&sk->sk_receive_queue.lock, flags);
	consume_skb(skb);
}

/* --- send --- */

static bool sock_writeable(const struct sock *sk)
{
	return __atomic_load_n(&sk->sk_wmem_alloc, __ATOMIC_RELAXED) < sk->sk_sndbuf;
}

/* The skb destructor: give the memory back, wake writers, let go of sk. */
static void sock_wfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	__atomic_sub_fetch(&sk->sk_wmem_alloc, skb->truesize, __ATOMIC_RELAXED);
	sk->sk_write_space(sk);
	sock_put(sk);
}

static int sock_wait_for_wmem(struct sock *sk, long timeo)
{
	struct wait_queue_entry w;
	int err = 0;

	for (;;) {
		prepare_to_wait(&sk->sk_wq, &w, TASK_UNINTERRUPTIBLE);
		if (sk->sk_shutdown & SEND_SHUTDOWN) {
			err = -EPIPE;
			break;
		}
		if (sock_writeable(sk))
			break;
		if (!timeo) {
			err = -EAGAIN;
			break;
		}
		timeo = schedule_timeout(timeo);
	}
	finish_wait(&sk->sk_wq, &w);
	return err;
}

struct sk_buff *sock_alloc_send_skb(struct sock *sk, unsigned int size,
				    long timeo, int *err)
{
	struct sk_buff *skb;

	/* A pending error is the answer to this send, once (Linux). */
	*err = -__atomic_exchange_n(&sk->sk_err, 0, __ATOMIC_RELAXED);
	if (*err)
		return NULL;
	*err = sock_wait_for_wmem(sk, timeo);
	if (*err)
		return NULL;
	skb = alloc_skb(size, GFP_KERNEL);
	if (!skb) {
		*err = -ENOBUFS;
		return NULL;
	}
	sock_hold(sk);
	skb->sk = sk;
	skb->destructor = sock_wfree;
	__atomic_add_fetch(&sk->sk_wmem_alloc, skb->truesize, __ATOMIC_RELAXED);
	return skb;
}

unsigned int datagram_poll(struct sock *sk)
{
	unsigned int mask = 0;

	if (sk->sk_err)
		mask |= SK_POLLERR;
	if (sk->sk_shutdown == (RCV_SHUTDOWN | SEND_SHUTDOWN))
		mask |= SK_POLLHUP;
	if (!skb_queue_empty(&sk->sk_receive_queue) || (sk->sk_shutdown & RCV_SHUTDOWN))
		mask |= SK_POLLIN | SK_POLLRDNORM;
	if (sock_writeable(sk))
		mask |= SK_POLLOUT | SK_POLLWRNORM;
	return mask;
}

/* --- SO_RCVBUF / SO_SNDBUF --- */

void sock_set_rcvbuf(struct sock *sk, int val)
{
	if (val < 0 || val > READ_ONCE(sysctl_rmem_max))
		val = READ_ONCE(sysctl_rmem_max);
	/* Doubled as in Linux: the caller names payload, we count truesize. */
	WRITE_ONCE(sk->sk_rcvbuf, max(val * 2, SOCK_MIN_RCVBUF));
}

void sock_set_sndbuf(struct sock *sk, int val)
{
	if (val < 0 || val > READ_ONCE(sysctl_wmem_max))
		val = READ_ONCE(sysctl_wmem_max);
	WRITE_ONCE(sk->sk_sndbuf, max(val * 2, SOCK_MIN_SNDBUF));
	sk->sk_write_space(sk);
}
