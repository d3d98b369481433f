/* UDP echo (RFC 862) and discard (RFC 863): one thread, non-blocking
 * sockets, poll() over both. A paused service is left out of the poll
 * set, so its receive buffer fills and the stack counts the overflow
 * (RcvbufErrors) while the other keeps answering. Only net/socket.h. */
#include "app/udp_services.h"
#include "net/socket.h"
#include "lib/errno.h"
#include "lib/string.h"

#define UDP_SVC_BUF		65536	/* the largest datagram and then some */
#define UDP_SVC_POLL_MS		250	/* how soon pause/resume take effect */
#define UDP_SVC_BATCH		64	/* datagrams per wake-up, then poll again */

struct udp_service udp_services[UDP_SVC_COUNT] = {
	[UDP_SVC_ECHO] = { .name = "echo", .port = 7, .echo = true, .fd = -1 },
	[UDP_SVC_DISCARD] = { .name = "discard", .port = 9, .fd = -1 },
};

static u8 udp_svc_buf[UDP_SVC_BUF];

static int udp_service_open(struct udp_service *svc)
{
	struct sockaddr_in sin;
	int fd, err;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(svc->port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	err = bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	if (err) {
		close(fd);
		return err;
	}
	svc->fd = fd;
	return 0;
}

int udp_services_open(void)
{
	int i, err;

	for (i = 0; i < UDP_SVC_COUNT; i++) {
		err = udp_service_open(&udp_services[i]);
		if (err)
			goto fail;
	}
	return 0;
fail:
	while (i-- > 0) {
		close(udp_services[i].fd);
		udp_services[i].fd = -1;
	}
	return err;
}

static void udp_service_fail(struct udp_service *svc, ssize_t err)
{
	svc->errors++;
	svc->last_error = (int)err;
}

/* Drain what is queued (a batch at most): 0, or -errno if the socket died. */
static int udp_service_serve(struct udp_service *svc)
{
	struct sockaddr_in peer;
	socklen_t plen;
	ssize_t n, sent;
	int i;

	for (i = 0; i < UDP_SVC_BATCH; i++) {
		/* A pause takes effect between two datagrams, not at the next poll. */
		if (READ_ONCE(svc->paused))
			return 0;
		plen = sizeof(peer);
		n = recvfrom(svc->fd, udp_svc_buf, sizeof(udp_svc_buf), 0,
			     (struct sockaddr *)&peer, &plen);
		if (n == -EAGAIN)
			return 0;
		if (n < 0) {
			udp_service_fail(svc, n);
			return n == -EBADF ? (int)n : 0;
		}
		svc->rx_datagrams++;
		svc->rx_bytes += n;
		if (!svc->echo)
			continue;
		sent = sendto(svc->fd, udp_svc_buf, n, 0, (struct sockaddr *)&peer, plen);
		if (sent == n)
			svc->tx_datagrams++;
		else
			udp_service_fail(svc, sent < 0 ? sent : -EIO);
	}
	return 0;
}

int udp_services_loop(void *arg)
{
	struct pollfd pfd[UDP_SVC_COUNT];
	int i, n;

	(void)arg;
	for (;;) {
		for (i = 0; i < UDP_SVC_COUNT; i++) {
			pfd[i].fd = udp_services[i].paused ? -1 : udp_services[i].fd;
			pfd[i].events = POLLIN;
		}
		n = poll(pfd, UDP_SVC_COUNT, UDP_SVC_POLL_MS);
		if (n < 0)
			return n;
		for (i = 0; i < UDP_SVC_COUNT && n > 0; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			if (udp_service_serve(&udp_services[i]))
				return -EBADF;
		}
	}
}
