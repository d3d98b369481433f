/* The socket calls of net/socket.h: a table of SOCK_MAX descriptors, the
 * POSIX argument checks, options, and poll() over wait queues. The
 * protocol work is the transport's (udp_prot) and net/sock.c's. Also the
 * shell's `ss` and `sockstat`. epoll is net/eventpoll.c. Not here:
 * SOCK_STREAM. */
#include "net/socket.h"
#include "net/socket_table.h"
#include "net/sock.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/udp.h"
#include "kernel/mm/slab.h"
#include "kernel/sched.h"
#include "kernel/shell.h"
#include "kernel/timer.h"
#include "kernel/printk.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

static struct {
	spinlock_t lock;
	struct socket *fd[SOCK_MAX];
	unsigned int used;
} sock_table = { __SPIN_LOCK_UNLOCKED, { NULL }, 0 };

/* --- descriptors --- */

struct socket *sockfd_lookup(int fd)
{
	struct socket *s = NULL;
	unsigned long flags;

	if (fd < 0 || fd >= SOCK_MAX)
		return NULL;
	spin_lock_irqsave(&sock_table.lock, flags);
	s = sock_table.fd[fd];
	if (s)
		s->refs++;
	spin_unlock_irqrestore(&sock_table.lock, flags);
	return s;
}

/* A socket (not an epoll instance) with a reference, or ERR_PTR(-EBADF
 * or -ENOTSOCK). */
static struct socket *sockfd_lookup_sock(int fd)
{
	struct socket *s = sockfd_lookup(fd);

	if (!s)
		return ERR_PTR(-EBADF);
	if (!s->sk) {
		sockfd_put(s);
		return ERR_PTR(-ENOTSOCK);
	}
	return s;
}

void sock_get_file(struct socket *s)
{
	unsigned long flags;

	spin_lock_irqsave(&sock_table.lock, flags);
	s->refs++;
	spin_unlock_irqrestore(&sock_table.lock, flags);
}

void sockfd_put(struct socket *s)
{
	unsigned long flags;
	int left;

	spin_lock_irqsave(&sock_table.lock, flags);
	left = --s->refs;
	spin_unlock_irqrestore(&sock_table.lock, flags);
	if (left)
		return;
	if (s->sk)
		sock_put(s->sk);
	if (s->ep)
		eventpoll_release(s->ep);
	kfree(s);
}

/* The lowest free descriptor, as POSIX asks, or -EMFILE. */
int sock_map_fd(struct socket *s)
{
	unsigned long flags;
	int fd;

	spin_lock_irqsave(&sock_table.lock, flags);
	for (fd = 0; fd < SOCK_MAX && sock_table.fd[fd]; fd++)
		;
	if (fd < SOCK_MAX) {
		sock_table.fd[fd] = s;
		sock_table.used++;
	}
	spin_unlock_irqrestore(&sock_table.lock, flags);
	return fd < SOCK_MAX ? fd : -EMFILE;
}

int socket(int domain, int type, int protocol)
{
	int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct socket *s;
	int fd;

	if (domain != AF_INET)
		return -EAFNOSUPPORT;
	if (kind != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->sk = sk_alloc(IPPROTO_UDP, &udp_prot);
	if (!s->sk) {
		kfree(s);
		return -ENOMEM;
	}
	s->type = kind;
	s->flags = type & SOCK_NONBLOCK;
	s->refs = 1;
	fd = sock_map_fd(s);
	if (fd < 0) {
		sock_put(s->sk);
		kfree(s);
	}
	return fd;
}

int close(int fd)
{
	struct socket *s = NULL;
	unsigned long flags;

	if (fd < 0 || fd >= SOCK_MAX)
		return -EBADF;
	spin_lock_irqsave(&sock_table.lock, flags);
	s = sock_table.fd[fd];
	sock_table.fd[fd] = NULL;
	if (s)
		sock_table.used--;
	spin_unlock_irqrestore(&sock_table.lock, flags);
	if (!s)
		return -EBADF;
	/* Epoll sets drop it at their next look (eventpoll.c). */
	WRITE_ONCE(s->closed, true);
	if (s->sk) {
		s->sk->sk_prot->close(s->sk);
		/* Threads still blocked on it return (0 or -EPIPE) and let go. */
		s->sk->sk_shutdown = RCV_SHUTDOWN | SEND_SHUTDOWN;
		wake_up(&s->sk->sk_wq);
	}
	sockfd_put(s);
	return 0;
}

/* --- addresses --- */

/* An AF_INET sockaddr: 0 with the address and port, or -EINVAL, -EAFNOSUPPORT. */
static int sockaddr_in_get(const struct sockaddr *sa, socklen_t len,
			   __be32 *addr, __be16 *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

	if (!sa || len < sizeof(*sin))
		return -EINVAL;
	if (sin->sin_family != AF_INET)
		return -EAFNOSUPPORT;
	*addr = sin->sin_addr.s_addr;
	*port = sin->sin_port;
	return 0;
}

static void sockaddr_in_put(struct sockaddr *sa, socklen_t *len, __be32 addr, __be16 port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = port;
	memcpy(sa, &sin, min_t(socklen_t, *len, sizeof(sin)));
	*len = sizeof(sin);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct socket *s = sockfd_lookup_sock(fd);
	__be32 a;
	__be16 p;
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	err = sockaddr_in_get(addr, len, &a, &p);
	if (!err)
		err = s->sk->sk_prot->bind(s->sk, a, p);
	sockfd_put(s);
	return err;
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	struct socket *s = sockfd_lookup_sock(fd);
	__be32 a = 0;
	__be16 p = 0;
	int err = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (!addr || len < sizeof(sa_family_t))
		err = -EINVAL;
	else if (addr->sa_family != AF_UNSPEC)
		err = sockaddr_in_get(addr, len, &a, &p);
	if (!err && addr->sa_family != AF_UNSPEC && !a)
		err = -EINVAL;
	if (!err)
		err = s->sk->sk_prot->connect(s->sk, a, p);
	sockfd_put(s);
	return err;
}

static int sock_getname(int fd, struct sockaddr *addr, socklen_t *len, bool peer)
{
	struct socket *s = sockfd_lookup_sock(fd);
	struct sock *sk;
	int err = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	sk = s->sk;
	if (!addr || !len)
		err = -EINVAL;
	else if (peer && sk->sk_state != TCP_ESTABLISHED)
		err = -ENOTCONN;
	else if (peer)
		sockaddr_in_put(addr, len, sk->inet_daddr, sk->inet_dport);
	else
		sockaddr_in_put(addr, len, sk->inet_rcv_saddr, sk->inet_sport);
	sockfd_put(s);
	return err;
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	return sock_getname(fd, addr, len, false);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	return sock_getname(fd, addr, len, true);
}

/* --- data --- */

static int sock_msg_flags(const struct socket *s, int flags)
{
	return (s->flags & O_NONBLOCK) ? flags | MSG_DONTWAIT : flags;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	struct socket *s = sockfd_lookup_sock(fd);
	__be32 a = 0;
	__be16 p = 0;
	ssize_t ret = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (to)
		ret = sockaddr_in_get(to, tolen, &a, &p);
	if (!ret && to && !a)
		ret = -EINVAL;
	if (!ret && !buf && len)
		ret = -EFAULT;
	if (!ret)
		ret = s->sk->sk_prot->sendmsg(s->sk, buf, len, a, p, sock_msg_flags(s, flags));
	sockfd_put(s);
	return ret;
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	struct socket *s = sockfd_lookup_sock(fd);
	__be32 a = 0;
	__be16 p = 0;
	ssize_t ret;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if ((!buf && len) || (from && !fromlen))
		ret = -EFAULT;
	else
		ret = s->sk->sk_prot->recvmsg(s->sk, buf, len, sock_msg_flags(s, flags), &a, &p);
	if (ret >= 0 && from)
		sockaddr_in_put(from, fromlen, a, p);
	sockfd_put(s);
	return ret;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

int shutdown(int fd, int how)
{
	struct socket *s = sockfd_lookup_sock(fd);
	struct sock *sk;
	int err = 0;

	if (IS_ERR(s))
		return PTR_ERR(s);
	sk = s->sk;
	if (how < SHUT_RD || how > SHUT_RDWR) {
		err = -EINVAL;
	} else {
		/* SHUT_RD = 0 -> RCV_SHUTDOWN ... as Linux's how + 1. */
		sk->sk_shutdown |= how + 1;
		wake_up(&sk->sk_wq);
		/* Linux applies it, wakes pollers, and still says ENOTCONN. */
		if (sk->sk_state != TCP_ESTABLISHED)
			err = -ENOTCONN;
	}
	sockfd_put(s);
	return err;
}

int fcntl(int fd, int cmd, int arg)
{
	struct socket *s = sockfd_lookup(fd);
	int ret = 0;

	if (!s)
		return -EBADF;
	if (cmd == F_GETFL)
		ret = s->flags;
	else if (cmd == F_SETFL)
		s->flags = arg & O_NONBLOCK;
	else
		ret = -EINVAL;
	sockfd_put(s);
	return ret;
}

/* --- options --- */

static long timeval_to_jiffies(const struct timeval *tv)
{
	u64 ms;

	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EDOM;
	if (!tv->tv_sec && !tv->tv_usec)
		return MAX_SCHEDULE_TIMEOUT;	/* POSIX: zero means none */
	ms = (u64)tv->tv_sec * 1000 + DIV_ROUND_UP(tv->tv_usec, 1000);
	return ms > MAX_SCHEDULE_TIMEOUT / 2 ? MAX_SCHEDULE_TIMEOUT : (long)msecs_to_jiffies(ms);
}

static void jiffies_to_timeval(long j, struct timeval *tv)
{
	u64 ms = j == MAX_SCHEDULE_TIMEOUT ? 0 : jiffies_to_msecs(j);

	tv->tv_sec = ms / 1000;
	tv->tv_usec = (ms % 1000) * 1000;
}

static int sock_setopt(struct sock *sk, int name, const void *val, socklen_t len)
{
	long t;
	int v;

	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO) {
		if (len < sizeof(struct timeval))
			return -EINVAL;
		t = timeval_to_jiffies(val);
		if (t < 0)
			return t;
		if (name == SO_RCVTIMEO)
			sk->sk_rcvtimeo = t;
		else
			sk->sk_sndtimeo = t;
		return 0;
	}
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case SO_REUSEADDR:
		sk->sk_reuse = v != 0;
		return 0;
	case SO_BROADCAST:
		sk->sk_broadcast = v != 0;
		return 0;
	case SO_RCVBUF:
		sock_set_rcvbuf(sk, v);
		return 0;
	case SO_SNDBUF:
		sock_set_sndbuf(sk, v);
		return 0;
	}
	return -ENOPROTOOPT;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	struct socket *s = sockfd_lookup_sock(fd);
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (level != SOL_SOCKET)
		err = -ENOPROTOOPT;
	else if (!val)
		err = -EFAULT;
	else
		err = sock_setopt(s->sk, name, val, len);
	sockfd_put(s);
	return err;
}

/* The int value of an option, or -ENOPROTOOPT. */
static int sock_getopt_int(struct socket *s, int name, int *v)
{
	struct sock *sk = s->sk;

	switch (name) {
	case SO_REUSEADDR:
		*v = sk->sk_reuse;
		return 0;
	case SO_BROADCAST:
		*v = sk->sk_broadcast;
		return 0;
	case SO_RCVBUF:
		*v = sk->sk_rcvbuf;
		return 0;
	case SO_SNDBUF:
		*v = sk->sk_sndbuf;
		return 0;
	case SO_TYPE:
		*v = s->type;
		return 0;
	case SO_ERROR:
		*v = __atomic_exchange_n(&sk->sk_err, 0, __ATOMIC_RELAXED);
		return 0;
	}
	return -ENOPROTOOPT;
}

static int sock_getopt(struct socket *s, int name, void *val, socklen_t *len)
{
	struct timeval tv;
	int v, err;

	if (name == SO_RCVTIMEO || name == SO_SNDTIMEO) {
		jiffies_to_timeval(name == SO_RCVTIMEO ? s->sk->sk_rcvtimeo :
				   s->sk->sk_sndtimeo, &tv);
		memcpy(val, &tv, min_t(socklen_t, *len, sizeof(tv)));
		*len = min_t(socklen_t, *len, sizeof(tv));
		return 0;
	}
	err = sock_getopt_int(s, name, &v);
	if (err)
		return err;
	memcpy(val, &v, min_t(socklen_t, *len, sizeof(v)));
	*len = min_t(socklen_t, *len, sizeof(v));
	return 0;
}

int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	struct socket *s = sockfd_lookup_sock(fd);
	int err;

	if (IS_ERR(s))
		return PTR_ERR(s);
	if (level != SOL_SOCKET)
		err = -ENOPROTOOPT;
	else if (!val || !len)
		err = -EFAULT;
	else
		err = sock_getopt(s, name, val, len);
	sockfd_put(s);
	return err;
}

/* --- poll --- */

unsigned int sock_poll_mask(struct socket *s)
{
	return datagram_poll(s->sk);
}

struct poll_entry {
	struct socket *s;		/* NULL: fd < 0 or not open */
	struct wait_queue_entry w;
};

/* One pass: revents for every entry, the number of ready ones. */
static int poll_scan(struct pollfd *fds, struct poll_entry *pe, nfds_t n)
{
	unsigned int mask;
	int ready = 0;
	nfds_t i;

	for (i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (!pe[i].s) {
			fds[i].revents = POLLNVAL;
		} else {
			prepare_to_wait(&pe[i].s->sk->sk_wq, &pe[i].w, TASK_UNINTERRUPTIBLE);
			mask = sock_poll_mask(pe[i].s);
			fds[i].revents = mask & (fds[i].events | POLLERR | POLLHUP);
		}
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

#define POLL_STACK_ENTRIES	8

/* poll() that also returns (0) as soon as *kick is non-zero, checked
 * after every wake-up of kick_wq: a kernel thread's own events (a shell
 * command) end its wait as a datagram would. */
int poll_kick(struct pollfd *fds, nfds_t nfds, int timeout, struct wait_queue_head *kick_wq,
	      const int *kick)
{
	long timeo = timeout < 0 ? MAX_SCHEDULE_TIMEOUT : (long)msecs_to_jiffies(timeout);
	struct poll_entry stack_pe[POLL_STACK_ENTRIES], *pe;
	struct wait_queue_entry kick_w;
	nfds_t i;
	int ready;

	if (nfds > SOCK_MAX || (!fds && nfds))
		return -EINVAL;
	/* The common few descriptors cost no allocation. */
	pe = nfds <= POLL_STACK_ENTRIES ? stack_pe : kmalloc(sizeof(*pe) * nfds, GFP_KERNEL);
	if (!pe)
		return -ENOMEM;
	for (i = 0; i < nfds; i++) {
		pe[i].s = fds[i].fd >= 0 ? sockfd_lookup_sock(fds[i].fd) : NULL;
		if (IS_ERR(pe[i].s))
			pe[i].s = NULL;	/* POLLNVAL, epoll instances too */
	}
	for (;;) {
		/* Also for a set with no open socket: then only time wakes us. */
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kick_wq)
			prepare_to_wait(kick_wq, &kick_w, TASK_UNINTERRUPTIBLE);
		ready = poll_scan(fds, pe, nfds);
		if (ready || !timeo || (kick && READ_ONCE(*kick)))
			break;
		timeo = schedule_timeout(timeo);
	}
	if (kick_wq)
		finish_wait(kick_wq, &kick_w);
	for (i = 0; i < nfds; i++) {
		if (!pe[i].s)
			continue;
		finish_wait(&pe[i].s->sk->sk_wq, &pe[i].w);
		sockfd_put(pe[i].s);
	}
	set_current_state(TASK_RUNNING);
	if (pe != stack_pe)
		kfree(pe);
	return ready;
}

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
	return poll_kick(fds, nfds, timeout, NULL, NULL);
}

/* --- shell: ss -u -a, sockstat --- */

static const char *ss_state(const struct sock *sk)
{
	return sk->sk_state == TCP_ESTABLISHED ? "ESTAB" : "UNCONN";
}

static void ss_addr(char *buf, size_t size, __be32 addr, __be16 port)
{
	if (port)
		snprintf(buf, size, "%pI4:%u", &addr, ntohs(port));
	else
		snprintf(buf, size, "%pI4:*", &addr);
}

static void ss_line(int fd, const struct sock *sk)
{
	char local[24], peer[24];

	ss_addr(local, sizeof(local), sk->inet_rcv_saddr, sk->inet_sport);
	ss_addr(peer, sizeof(peer), sk->inet_daddr, sk->inet_dport);
	kprintf("%-7s %-7d %-7d %-21s %-21s fd=%d drops=%lu\n", ss_state(sk),
		READ_ONCE(sk->sk_rmem_alloc), __atomic_load_n(&sk->sk_wmem_alloc, __ATOMIC_RELAXED),
		local, peer, fd, READ_ONCE(sk->sk_drops));
}

/* Visit every open socket with a reference held (no table lock). */
static void sock_for_each(void (*fn)(int fd, const struct sock *sk, void *arg), void *arg)
{
	struct socket *s;
	int fd;

	for (fd = 0; fd < SOCK_MAX; fd++) {
		s = sockfd_lookup_sock(fd);
		if (IS_ERR(s))
			continue;
		fn(fd, s->sk, arg);
		sockfd_put(s);
	}
}

struct ss_opts {
	bool all;
};

static void ss_visit(int fd, const struct sock *sk, void *arg)
{
	const struct ss_opts *o = arg;

	/* Without -a, ss shows connected sockets only. */
	if (o->all || sk->sk_state == TCP_ESTABLISHED)
		ss_line(fd, sk);
}

static int ss_cmd(int argc, char **argv)
{
	struct ss_opts o = { false };
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strspn(argv[i] + 1, "uan") != strlen(argv[i] + 1)) {
			kprintf("usage: ss [-u] [-a] [-n]   (UDP sockets; -a: unconnected too)\n");
			return -EINVAL;
		}
		if (strchr(argv[i], 'a'))
			o.all = true;
	}
	kprintf("%-7s %-7s %-7s %-21s %-21s\n", "State", "Recv-Q", "Send-Q",
		"Local Address:Port", "Peer Address:Port");
	sock_for_each(ss_visit, &o);
	return 0;
}
SHELL_COMMAND(ss, "ss", ss_cmd, "-u -a: UDP sockets (state, queues, addresses)");

static void sockstat_visit(int fd, const struct sock *sk, void *arg)
{
	u64 *bytes = arg;

	*bytes += READ_ONCE(sk->sk_rmem_alloc) +
		  __atomic_load_n(&sk->sk_wmem_alloc, __ATOMIC_RELAXED);
}

/* /proc/net/sockstat's shape; mem in 4 KiB pages as Linux counts it. */
static int sockstat_cmd(int argc, char **argv)
{
	u64 bytes = 0;

	sock_for_each(sockstat_visit, &bytes);
	kprintf("sockets: used %u\n", READ_ONCE(sock_table.used));
	kprintf("UDP: inuse %u mem %lu\n", udp_sockets_inuse(),
		(bytes + PAGE_SIZE - 1) / PAGE_SIZE);
	return 0;
}
SHELL_COMMAND(sockstat, "sockstat", sockstat_cmd, "socket counts and memory (/proc/net/sockstat)");
