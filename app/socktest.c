/* socktest: the socket API exercised the way a program uses it, over
 * 127.0.0.1 — descriptors, bind/connect/getsockname/getpeername,
 * datagrams and their source, the connected filter, ICMP port
 * unreachable as ECONNREFUSED, non-blocking and
 * timed receive, poll, level-triggered epoll (ADD/MOD/DEL, fairness,
 * closed sockets leaving the set), options, shutdown, the table cap.
 * Only net/socket.h and lib/. */
#include "app/socktest.h"
#include "net/socket.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct st {
	void (*report)(const char *line);
	int checks;
	int failed;
};

static void st_check(struct st *t, bool ok, int line, const char *what, long got)
{
	char buf[160];

	t->checks++;
	if (ok)
		return;
	t->failed++;
	snprintf(buf, sizeof(buf), "socktest.c:%d: %s (got %ld)", line, what, got);
	t->report(buf);
}

/* CHECK_EQ(expression, expected): one line per failure. */
#define CHECK_EQ(t, e, want) do {					\
		long __g = (long)(e);					\
		st_check(t, __g == (long)(want), __LINE__, #e " == " #want, __g); \
	} while (0)

static struct sockaddr_in lo_addr(u16 port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sin;
}

#define SA(p)	((struct sockaddr *)(p))

/* A non-blocking socket bound to 127.0.0.1 and an ephemeral port. */
static int lo_socket(struct st *t, struct sockaddr_in *name)
{
	struct sockaddr_in sin = lo_addr(0);
	socklen_t len = sizeof(*name);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	CHECK_EQ(t, fd >= 0, 1);
	CHECK_EQ(t, bind(fd, SA(&sin), sizeof(sin)), 0);
	CHECK_EQ(t, getsockname(fd, SA(name), &len), 0);
	CHECK_EQ(t, name->sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(t, name->sin_port != 0, 1);
	return fd;
}

/* Poll one socket for POLLIN: the datagram went through lo's softirq. */
static int wait_readable(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, 1000) == 1 && (p.revents & POLLIN);
}

static void st_errors(struct st *t)
{
	char c;

	CHECK_EQ(t, recv(-1, &c, 1, 0), -EBADF);
	CHECK_EQ(t, close(SOCK_MAX - 1), -EBADF);
	CHECK_EQ(t, socket(AF_INET, SOCK_STREAM, 0), -ESOCKTNOSUPPORT);
	CHECK_EQ(t, socket(AF_UNSPEC, SOCK_DGRAM, 0), -EAFNOSUPPORT);
	CHECK_EQ(t, socket(AF_INET, SOCK_DGRAM, 6), -EPROTONOSUPPORT);
}

static void st_datagrams(struct st *t)
{
	struct sockaddr_in an, bn, from, peer;
	socklen_t len = sizeof(from);
	int a = lo_socket(t, &an), b = lo_socket(t, &bn), c;
	char buf[16];
	static char big[65508];

	CHECK_EQ(t, recv(b, buf, sizeof(buf), 0), -EAGAIN);
	CHECK_EQ(t, sendto(a, "hello", 5, 0, SA(&bn), sizeof(bn)), 5);
	CHECK_EQ(t, wait_readable(b), 1);
	CHECK_EQ(t, recvfrom(b, buf, sizeof(buf), 0, SA(&from), &len), 5);
	CHECK_EQ(t, memcmp(buf, "hello", 5), 0);
	CHECK_EQ(t, from.sin_port, an.sin_port);
	CHECK_EQ(t, from.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	CHECK_EQ(t, sendto(a, big, sizeof(big), 0, SA(&bn), sizeof(bn)), -EMSGSIZE);
	peer = lo_addr(9);
	peer.sin_addr.s_addr = htonl(INADDR_BROADCAST);
	CHECK_EQ(t, sendto(a, "x", 1, 0, SA(&peer), sizeof(peer)), -EACCES);
	CHECK_EQ(t, send(a, "x", 1, 0), -EDESTADDRREQ);
	len = sizeof(peer);
	CHECK_EQ(t, getpeername(a, SA(&peer), &len), -ENOTCONN);

	/* Connected, a hears only its peer. */
	CHECK_EQ(t, connect(a, SA(&bn), sizeof(bn)), 0);
	len = sizeof(peer);
	CHECK_EQ(t, getpeername(a, SA(&peer), &len), 0);
	CHECK_EQ(t, peer.sin_port, bn.sin_port);
	c = lo_socket(t, &from);
	CHECK_EQ(t, sendto(c, "stranger", 8, 0, SA(&an), sizeof(an)), 8);
	CHECK_EQ(t, sendto(b, "friend", 6, 0, SA(&an), sizeof(an)), 6);
	CHECK_EQ(t, wait_readable(a), 1);
	CHECK_EQ(t, recv(a, buf, sizeof(buf), 0), 6);
	CHECK_EQ(t, recv(a, buf, sizeof(buf), 0), -EAGAIN);
	CHECK_EQ(t, send(a, "back", 4, 0), 4);
	CHECK_EQ(t, wait_readable(b), 1);
	CHECK_EQ(t, recv(b, buf, 2, MSG_TRUNC), 4);
	CHECK_EQ(t, close(a), 0);
	CHECK_EQ(t, close(b), 0);
	CHECK_EQ(t, close(c), 0);
	CHECK_EQ(t, close(a), -EBADF);
}

/* Connected to a closed port: our own ICMP port unreachable comes back
 * over lo and the next call reports ECONNREFUSED, once. */
static void st_refused(struct st *t)
{
	struct sockaddr_in an, gone;
	int a = lo_socket(t, &an), g = lo_socket(t, &gone);
	struct pollfd p = { a, POLLIN, 0 };
	char c;

	CHECK_EQ(t, close(g), 0);
	CHECK_EQ(t, connect(a, SA(&gone), sizeof(gone)), 0);
	CHECK_EQ(t, send(a, "?", 1, 0), 1);
	CHECK_EQ(t, poll(&p, 1, 1000), 1);
	CHECK_EQ(t, p.revents, POLLERR);
	CHECK_EQ(t, recv(a, &c, 1, 0), -ECONNREFUSED);
	CHECK_EQ(t, recv(a, &c, 1, 0), -EAGAIN);
	CHECK_EQ(t, send(a, "?", 1, 0), 1);
	CHECK_EQ(t, poll(&p, 1, 1000), 1);
	CHECK_EQ(t, send(a, "?", 1, 0), -ECONNREFUSED);
	CHECK_EQ(t, close(a), 0);
}

static void st_options(struct st *t)
{
	struct sockaddr_in n;
	struct timeval tv = { 0, 200000 }, got;
	socklen_t len;
	int fd = lo_socket(t, &n), v = 4096;
	char c;

	CHECK_EQ(t, setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)), 0);
	len = sizeof(v);
	CHECK_EQ(t, getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, &len), 0);
	CHECK_EQ(t, v, 8192);
	CHECK_EQ(t, getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len), 0);
	CHECK_EQ(t, v, SOCK_DGRAM);
	CHECK_EQ(t, setsockopt(fd, 6, SO_RCVBUF, &v, sizeof(v)), -ENOPROTOOPT);
	CHECK_EQ(t, setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
	len = sizeof(got);
	CHECK_EQ(t, getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &got, &len), 0);
	CHECK_EQ(t, got.tv_sec * 1000000 + got.tv_usec, 200000);
	/* Blocking now, but the timeout ends the wait. */
	CHECK_EQ(t, fcntl(fd, F_SETFL, 0), 0);
	CHECK_EQ(t, fcntl(fd, F_GETFL, 0), 0);
	CHECK_EQ(t, recv(fd, &c, 1, 0), -EAGAIN);
	CHECK_EQ(t, shutdown(fd, SHUT_RD), -ENOTCONN);	/* applied all the same */
	CHECK_EQ(t, recv(fd, &c, 1, 0), 0);
	CHECK_EQ(t, shutdown(fd, 7), -EINVAL);
	CHECK_EQ(t, close(fd), 0);
}

static void st_epoll_basic(struct st *t, int ep, int a, int b,
			   const struct sockaddr_in *bn)
{
	struct epoll_event ev = { EPOLLIN, { .u64 = 1 } }, out[4];
	char buf[8];

	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev), 0);
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev), -EEXIST);
	ev.data.u64 = 2;
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev), 0);
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), -EINVAL);
	CHECK_EQ(t, epoll_wait(ep, out, 4, 0), 0);
	CHECK_EQ(t, sendto(a, "e", 1, 0, (const struct sockaddr *)bn, sizeof(*bn)), 1);
	CHECK_EQ(t, epoll_wait(ep, out, 4, 1000), 1);
	CHECK_EQ(t, out[0].data.u64, 2);
	CHECK_EQ(t, out[0].events, EPOLLIN);
	/* Level-triggered: still readable, still reported. */
	CHECK_EQ(t, epoll_wait(ep, out, 4, 0), 1);
	CHECK_EQ(t, recv(b, buf, sizeof(buf), 0), 1);
	CHECK_EQ(t, epoll_wait(ep, out, 4, 10), 0);
	ev.events = EPOLLOUT;
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_MOD, b, &ev), 0);
	CHECK_EQ(t, epoll_wait(ep, out, 4, 0), 1);
	CHECK_EQ(t, out[0].events, EPOLLOUT);
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_DEL, b, NULL), 0);
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_DEL, b, NULL), -ENOENT);
	CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_MOD, b, &ev), -ENOENT);
	CHECK_EQ(t, epoll_wait(ep, out, 0, 0), -EINVAL);
}

/* Three readable sockets, one event per call: each gets its turn. */
static void st_epoll_fair(struct st *t, int ep)
{
	struct sockaddr_in n[3];
	struct epoll_event ev, out;
	int fd[3], i, seen = 0;

	for (i = 0; i < 3; i++) {
		fd[i] = lo_socket(t, &n[i]);
		ev.events = EPOLLIN;
		ev.data.u64 = 1u << i;
		CHECK_EQ(t, epoll_ctl(ep, EPOLL_CTL_ADD, fd[i], &ev), 0);
	}
	for (i = 0; i < 3; i++) {
		CHECK_EQ(t, sendto(fd[0], "f", 1, 0, SA(&n[i]), sizeof(n[i])), 1);
		CHECK_EQ(t, wait_readable(fd[i]), 1);
	}
	for (i = 0; i < 3; i++) {
		CHECK_EQ(t, epoll_wait(ep, &out, 1, 0), 1);
		seen |= out.data.u64;
	}
	CHECK_EQ(t, seen, 7);
	for (i = 0; i < 3; i++)
		CHECK_EQ(t, close(fd[i]), 0);
}

static void st_epoll(struct st *t)
{
	struct sockaddr_in an, bn;
	struct epoll_event out;
	int ep = epoll_create1(0), a, b;

	CHECK_EQ(t, ep >= 0, 1);
	CHECK_EQ(t, epoll_create(0), -EINVAL);
	a = lo_socket(t, &an);
	b = lo_socket(t, &bn);
	CHECK_EQ(t, bind(ep, SA(&an), sizeof(an)), -ENOTSOCK);
	st_epoll_basic(t, ep, a, b, &bn);
	/* Closing a watched socket takes it off the set. */
	CHECK_EQ(t, sendto(b, "z", 1, 0, SA(&an), sizeof(an)), 1);
	CHECK_EQ(t, wait_readable(a), 1);
	CHECK_EQ(t, close(a), 0);
	CHECK_EQ(t, epoll_wait(ep, &out, 1, 0), 0);
	st_epoll_fair(t, ep);
	CHECK_EQ(t, close(b), 0);
	CHECK_EQ(t, close(ep), 0);
}

/* Open until the table is full: -EMFILE, then everything closes. */
static void st_table_cap(struct st *t)
{
	static int fds[SOCK_MAX];
	int n = 0, fd;

	while (n < SOCK_MAX) {
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0)
			break;
		fds[n++] = fd;
	}
	CHECK_EQ(t, n < SOCK_MAX && n > 0, 1);
	CHECK_EQ(t, socket(AF_INET, SOCK_DGRAM, 0), -EMFILE);
	while (n > 0)
		CHECK_EQ(t, close(fds[--n]), 0);
}

int socktest_run(void (*report)(const char *line), int *checks)
{
	struct st t = { report, 0, 0 };

	st_errors(&t);
	st_datagrams(&t);
	st_refused(&t);
	st_options(&t);
	st_epoll(&t);
	st_table_cap(&t);
	*checks = t.checks;
	return t.failed;
}
