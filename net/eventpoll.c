/* epoll for the socket descriptors of net/socket.h, level-triggered:
 * an instance is a descriptor holding up to SOCK_MAX (socket, events,
 * data) entries; epoll_wait polls them like poll() does, starting where
 * the previous call stopped so a busy socket cannot hide the others.
 * Linux's fs/eventpoll.c without the ready list: with SOCK_MAX sockets a
 * scan is cheap. Not here: EPOLLET, EPOLLONESHOT, nesting. */
#include "net/socket.h"
#include "net/socket_table.h"
#include "net/sock.h"
#include "kernel/mm/slab.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define EP_MAX_ITEMS	SOCK_MAX

struct epitem {
	struct socket *s;	/* a reference held while on the set */
	int fd;
	u32 events;
	epoll_data_t data;
};

struct eventpoll {
	spinlock_t lock;	/* items, n, next */
	struct epitem items[EP_MAX_ITEMS];
	unsigned int n;
	unsigned int next;	/* where the next scan starts */
	wait_queue_head_t wq;	/* epoll_ctl wakes epoll_wait to rescan */
};

/* What one epoll_wait pass looks at. */
struct ep_snap {
	struct socket *s;
	u32 events;
	epoll_data_t data;
	struct wait_queue_entry w;
};

void eventpoll_release(struct eventpoll *ep)
{
	unsigned int i;

	for (i = 0; i < ep->n; i++)
		sockfd_put(ep->items[i].s);
	kfree(ep);
}

int epoll_create1(int flags)
{
	struct socket *s;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->ep = kzalloc(sizeof(*s->ep), GFP_KERNEL);
	if (!s->ep) {
		kfree(s);
		return -ENOMEM;
	}
	spin_lock_init(&s->ep->lock);
	init_waitqueue_head(&s->ep->wq);
	s->refs = 1;
	fd = sock_map_fd(s);
	if (fd < 0)
		sockfd_put(s);
	return fd;
}

int epoll_create(int size)
{
	return size <= 0 ? -EINVAL : epoll_create1(0);
}

/* The epoll instance behind epfd with a reference, or ERR_PTR. */
static struct socket *ep_get(int epfd)
{
	struct socket *s = sockfd_lookup(epfd);

	if (!s)
		return ERR_PTR(-EBADF);
	if (!s->ep) {
		sockfd_put(s);
		return ERR_PTR(-EINVAL);
	}
	return s;
}

/* Under ep->lock: forget sockets closed since the last look. */
static void ep_drop_closed(struct eventpoll *ep)
{
	unsigned int i = 0;

	while (i < ep->n) {
		if (!READ_ONCE(ep->items[i].s->closed)) {
			i++;
			continue;
		}
		sockfd_put(ep->items[i].s);
		ep->items[i] = ep->items[--ep->n];
	}
}

static int ep_find(const struct eventpoll *ep, int fd)
{
	unsigned int i;

	for (i = 0; i < ep->n; i++)
		if (ep->items[i].fd == fd)
			return i;
	return -1;
}

/* Under ep->lock. Returns 0 or -errno; *keep says the set took t's ref. */
static int ep_modify(struct eventpoll *ep, int op, int fd, struct socket *t,
		     const struct epoll_event *ev, bool *keep)
{
	int idx;

	ep_drop_closed(ep);
	idx = ep_find(ep, fd);
	if (op == EPOLL_CTL_ADD) {
		if (idx >= 0)
			return -EEXIST;
		if (ep->n == EP_MAX_ITEMS)
			return -ENOSPC;
		ep->items[ep->n++] = (struct epitem){ t, fd, ev->events, ev->data };
		*keep = true;
		return 0;
	}
	if (idx < 0)
		return -ENOENT;
	if (op == EPOLL_CTL_MOD) {
		ep->items[idx].events = ev->events;
		ep->items[idx].data = ev->data;
		return 0;
	}
	sockfd_put(ep->items[idx].s);
	ep->items[idx] = ep->items[--ep->n];
	return 0;
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	struct socket *es, *t;
	unsigned long flags;
	bool keep = false;
	int err;

	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_MOD && op != EPOLL_CTL_DEL)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && !event)
		return -EFAULT;
	es = ep_get(epfd);
	if (IS_ERR(es))
		return PTR_ERR(es);
	t = sockfd_lookup(fd);
	if (!t) {
		err = -EBADF;
	} else if (!t->sk || fd == epfd) {
		err = -EINVAL;
	} else {
		spin_lock_irqsave(&es->ep->lock, flags);
		err = ep_modify(es->ep, op, fd, t, event, &keep);
		spin_unlock_irqrestore(&es->ep->lock, flags);
		wake_up(&es->ep->wq);
	}
	if (t && !keep)
		sockfd_put(t);
	sockfd_put(es);
	return err;
}

/* Copy the set, rotated to start at ep->next, with a reference each. */
static unsigned int ep_snapshot(struct eventpoll *ep, struct ep_snap *snap,
				unsigned int *start)
{
	unsigned long flags;
	unsigned int i, n;

	spin_lock_irqsave(&ep->lock, flags);
	ep_drop_closed(ep);
	n = ep->n;
	*start = n ? ep->next % n : 0;
	for (i = 0; i < n; i++) {
		const struct epitem *it = &ep->items[(*start + i) % n];

		snap[i].s = it->s;
		snap[i].events = it->events;
		snap[i].data = it->data;
		sock_get_file(it->s);
	}
	spin_unlock_irqrestore(&ep->lock, flags);
	return n;
}

static void ep_unsnap(struct ep_snap *snap, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		finish_wait(&snap[i].s->sk->sk_wq, &snap[i].w);
		sockfd_put(snap[i].s);
	}
}

/* Queue on every socket, report the ready ones; *last: the index of the
 * last one reported. */
static int ep_scan(struct ep_snap *snap, unsigned int n, struct epoll_event *events,
		   int maxevents, unsigned int *last)
{
	unsigned int i, mask;
	int ready = 0;

	for (i = 0; i < n; i++) {
		prepare_to_wait(&snap[i].s->sk->sk_wq, &snap[i].w, TASK_UNINTERRUPTIBLE);
		mask = sock_poll_mask(snap[i].s) & (snap[i].events | EPOLLERR | EPOLLHUP);
		if (!mask || ready == maxevents)
			continue;
		events[ready].events = mask;
		events[ready].data = snap[i].data;
		ready++;
		*last = i;
	}
	return ready;
}

static void ep_advance(struct eventpoll *ep, unsigned int start, unsigned int last)
{
	unsigned long flags;

	spin_lock_irqsave(&ep->lock, flags);
	ep->next = start + last + 1;
	spin_unlock_irqrestore(&ep->lock, flags);
}

static int ep_poll(struct eventpoll *ep, struct ep_snap *snap,
		   struct epoll_event *events, int maxevents, long timeo)
{
	struct wait_queue_entry w;
	unsigned int n, start, last = 0;
	int ready;

	for (;;) {
		prepare_to_wait(&ep->wq, &w, TASK_UNINTERRUPTIBLE);
		n = ep_snapshot(ep, snap, &start);
		ready = ep_scan(snap, n, events, maxevents, &last);
		if (ready || !timeo) {
			ep_unsnap(snap, n);
			break;
		}
		timeo = schedule_timeout(timeo);
		ep_unsnap(snap, n);
	}
	finish_wait(&ep->wq, &w);
	if (ready)
		ep_advance(ep, start, last);
	return ready;
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
	long timeo = timeout < 0 ? MAX_SCHEDULE_TIMEOUT : (long)msecs_to_jiffies(timeout);
	struct ep_snap *snap;
	struct socket *es;
	int ret;

	if (maxevents <= 0)
		return -EINVAL;
	/* More than the set can hold is never returned anyway. */
	maxevents = min(maxevents, EP_MAX_ITEMS);
	if (!events)
		return -EFAULT;
	es = ep_get(epfd);
	if (IS_ERR(es))
		return PTR_ERR(es);
	snap = kzalloc(sizeof(*snap) * EP_MAX_ITEMS, GFP_KERNEL);
	if (!snap) {
		sockfd_put(es);
		return -ENOMEM;
	}
	ret = ep_poll(es->ep, snap, events, maxevents, timeo);
	kfree(snap);
	sockfd_put(es);
	return ret;
}
