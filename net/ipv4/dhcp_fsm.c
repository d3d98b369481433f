/* The DHCP client state machine [RFC 2131 §4.4, figure 5], pure: the
 * caller passes the time (jiffies) and a random source, and carries out
 * the returned action (send, ARP-probe, unconfigure). INIT -> SELECTING
 * -> REQUESTING -> CHECKING -> BOUND -> RENEWING -> REBINDING, with NAK,
 * expiry and a failed ARP check leading back to INIT, and STOPPED after
 * `dhcp release`. Not here:
 * INIT-REBOOT (napkin keeps no lease across boots), collecting several
 * offers (the first acceptable one is taken, as most clients do). */
#include "net/ipv4/dhcp.h"
#include "kernel/timer.h"
#include "lib/string.h"

const u16 dhcp_backoff_s[DHCP_BACKOFF_STEPS] = { 4, 8, 16, 32, 64 };

const char *dhcp_state_name(enum dhcp_state s)
{
	static const char *const names[DHCP_STATE_MAX] = {
		"INIT", "SELECTING", "REQUESTING", "CHECKING", "BOUND",
		"RENEWING", "REBINDING", "STOPPED",
	};

	return s < DHCP_STATE_MAX ? names[s] : "?";
}

static u64 secs(u64 s)
{
	return s * HZ;
}

/* The wait after transmission number `tries` (1-based): the table's
 * step, randomised by -1..+1 s [RFC 2131 §4.1]. */
static u64 dhcp_backoff(struct dhcp_fsm *f, unsigned int tries)
{
	unsigned int step = tries ? tries - 1 : 0;
	u64 base;

	if (step >= DHCP_BACKOFF_STEPS)
		step = DHCP_BACKOFF_STEPS - 1;
	base = secs(dhcp_backoff_s[step]);
	return base - HZ + f->random() % (2 * HZ + 1);
}

u64 dhcp_fsm_t1(const struct dhcp_fsm *f)
{
	return f->times.lease == DHCP_LEASE_INFINITE ? DHCP_NEVER :
	       f->lease_start + secs(f->times.t1);
}

u64 dhcp_fsm_t2(const struct dhcp_fsm *f)
{
	return f->times.lease == DHCP_LEASE_INFINITE ? DHCP_NEVER :
	       f->lease_start + secs(f->times.t2);
}

u64 dhcp_fsm_expiry(const struct dhcp_fsm *f)
{
	return f->times.lease == DHCP_LEASE_INFINITE ? DHCP_NEVER :
	       f->lease_start + secs(f->times.lease);
}

static void dhcp_new_xid(struct dhcp_fsm *f, u64 now)
{
	f->xid = f->random();
	f->exchange_start = now;
	f->tries = 0;
}

/* Due at `when` (never for DHCP_NEVER, which s64 arithmetic calls past). */
static bool dhcp_due(u64 when, u64 now)
{
	return when != DHCP_NEVER && time_after_eq(now, when);
}

/* No lease and not stopped: the fallback clock runs. */
static bool dhcp_unbound(const struct dhcp_fsm *f)
{
	return f->state == DHCP_INIT || f->state == DHCP_SELECTING ||
	       f->state == DHCP_REQUESTING;
}

static bool dhcp_fallback_pending(const struct dhcp_fsm *f)
{
	return f->fallback_after && !f->fallback_active;
}

/* INIT/SELECTING/REQUESTING wait for their next transmission, or the
 * fallback if that comes first and has not been applied yet: a server
 * that answers but never grants (NAKs) must not hold the fallback off. */
static void dhcp_unbound_deadline(struct dhcp_fsm *f, u64 now)
{
	u64 fb = f->unbound_since + f->fallback_after;

	f->deadline = f->next_retx;
	if (dhcp_fallback_pending(f) && time_before(fb, f->deadline))
		f->deadline = time_after(fb, now) ? fb : now;
}

static void dhcp_send_discover(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	u64 s = (now - f->exchange_start) / HZ;

	f->state = DHCP_SELECTING;
	f->tries++;
	f->last_secs = s > 0xffff ? 0xffff : s;
	f->next_retx = now + dhcp_backoff(f, f->tries);
	a->send = DHCPDISCOVER;
	a->broadcast = true;
	dhcp_unbound_deadline(f, now);
}

/* Back to INIT, the next DISCOVER after `delay`. */
static void dhcp_restart(struct dhcp_fsm *f, u64 now, u64 delay)
{
	f->state = DHCP_INIT;
	f->tries = 0;
	f->next_retx = now + delay;
	dhcp_unbound_deadline(f, now);
}

/* The wait before starting again after a failure (NAK, no ACK, DECLINE):
 * 1 s after the first, then the retransmission table's steps. */
static u64 dhcp_fail_delay(struct dhcp_fsm *f)
{
	if (f->fails < 0xff)
		f->fails++;
	return f->fails == 1 ? HZ : dhcp_backoff(f, f->fails - 1);
}

/* The lease is gone (NAK, expiry): the address goes, the fallback clock
 * starts again. */
static void dhcp_lose_lease(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	a->unconfigure = true;
	f->unbound_since = now;
	f->fallback_active = false;
	memset(&f->lease, 0, sizeof(f->lease));
	memset(&f->times, 0, sizeof(f->times));
}

void dhcp_fsm_init(struct dhcp_fsm *f, const u8 *mac, u32 (*random)(void),
		   u64 now, u64 initial_delay, u64 fallback_after)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->chaddr, mac, 6);
	f->random = random;
	f->unbound_since = now;
	f->fallback_after = fallback_after;
	dhcp_new_xid(f, now);
	dhcp_restart(f, now, initial_delay);
}

/* --- timers --- */

static void dhcp_timer_requesting(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	if (f->tries >= DHCP_REQUEST_TRIES) {
		a->event = DHCP_EV_REQUEST_TIMEOUT;
		dhcp_restart(f, now, dhcp_fail_delay(f));
		return;
	}
	f->tries++;
	a->send = DHCPREQUEST;
	a->broadcast = true;
	f->next_retx = now + dhcp_backoff(f, f->tries);
	dhcp_unbound_deadline(f, now);
}

/* RENEWING/REBINDING: half the time left to `until`, at least 60 s,
 * never past `until` [RFC 2131 §4.4.5]; every 60 s towards DHCP_NEVER
 * (an infinite lease renewed by `dhcp renew`). */
static void dhcp_half_way(struct dhcp_fsm *f, u64 now, u64 until)
{
	u64 wait;

	if (until == DHCP_NEVER) {
		f->deadline = now + secs(DHCP_RENEW_MIN_WAIT_S);
		return;
	}
	wait = (until - now) / 2;
	if (wait < secs(DHCP_RENEW_MIN_WAIT_S))
		wait = secs(DHCP_RENEW_MIN_WAIT_S);
	f->deadline = time_before(now + wait, until) ? now + wait : until;
}

/* A REQUEST of a new RENEWING/REBINDING exchange: the lease it brings
 * counts from now. */
static void dhcp_enter_renewal(struct dhcp_fsm *f, enum dhcp_state s, u64 now,
			       struct dhcp_action *a)
{
	a->event = s == DHCP_RENEWING ? DHCP_EV_RENEWING : DHCP_EV_REBINDING;
	f->state = s;
	dhcp_new_xid(f, now);
	f->request_start = now;
}

static void dhcp_timer_lease(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	if (dhcp_due(dhcp_fsm_expiry(f), now)) {
		a->event = DHCP_EV_EXPIRED;
		dhcp_lose_lease(f, now, a);
		dhcp_new_xid(f, now);
		dhcp_restart(f, now, 0);
		dhcp_send_discover(f, now, a);
		return;
	}
	if (dhcp_due(dhcp_fsm_t2(f), now)) {
		if (f->state != DHCP_REBINDING)
			dhcp_enter_renewal(f, DHCP_REBINDING, now, a);
		a->send = DHCPREQUEST;
		a->broadcast = true;
		dhcp_half_way(f, now, dhcp_fsm_expiry(f));
	} else {
		if (f->state != DHCP_RENEWING)
			dhcp_enter_renewal(f, DHCP_RENEWING, now, a);
		a->send = DHCPREQUEST;
		a->broadcast = false;
		dhcp_half_way(f, now, dhcp_fsm_t2(f));
	}
	f->tries++;
}

/* INIT/SELECTING/REQUESTING: the fallback first if it is due, alone in
 * its action (the deadline stays due, so the next call transmits). */
static bool dhcp_timer_fallback(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	if (!dhcp_unbound(f) || !dhcp_fallback_pending(f) ||
	    time_before(now, f->unbound_since + f->fallback_after))
		return false;
	f->fallback_active = true;
	a->event = DHCP_EV_NO_SERVER;
	dhcp_unbound_deadline(f, now);
	return true;
}

void dhcp_fsm_timer(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	memset(a, 0, sizeof(*a));
	if (!dhcp_due(f->deadline, now) || dhcp_timer_fallback(f, now, a))
		return;
	if (dhcp_unbound(f) && time_before(now, f->next_retx)) {
		dhcp_unbound_deadline(f, now);
		return;
	}
	switch (f->state) {
	case DHCP_INIT:
		dhcp_new_xid(f, now);
		dhcp_send_discover(f, now, a);
		break;
	case DHCP_SELECTING:
		dhcp_send_discover(f, now, a);
		break;
	case DHCP_REQUESTING:
		dhcp_timer_requesting(f, now, a);
		break;
	case DHCP_CHECKING:
		/* The caller's probe decides; nothing is due meanwhile. */
		f->deadline = now + secs(DHCP_RENEW_MIN_WAIT_S);
		break;
	case DHCP_BOUND:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		dhcp_timer_lease(f, now, a);
		break;
	default:
		break;
	}
}

/* --- replies --- */

static void dhcp_rcv_offer(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
			   struct dhcp_action *a)
{
	f->cnt.offers++;
	if (f->state != DHCP_SELECTING) {
		f->cnt.ignored++;	/* a second server's, or late */
		return;
	}
	f->offer = *r;
	f->state = DHCP_REQUESTING;
	f->tries = 1;
	f->request_start = now;
	a->send = DHCPREQUEST;
	a->broadcast = true;
	f->next_retx = now + dhcp_backoff(f, f->tries);
	dhcp_unbound_deadline(f, now);
}

/* An ACK for the address we hold: extend, and the caller reconfigures
 * if anything changed. */
static void dhcp_take_lease(struct dhcp_fsm *f, const struct dhcp_reply *r)
{
	f->lease = *r;
	dhcp_lease_times(r, &f->times);
	/* From the time the REQUEST was sent [§4.4.1]: never late. */
	f->lease_start = f->request_start;
	f->state = DHCP_BOUND;
	f->tries = 0;
	f->fails = 0;
	f->deadline = dhcp_fsm_t1(f);
}

/* An address to ARP-check before it is used (dhcp_fsm_probed). */
static void dhcp_to_checking(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
			     struct dhcp_action *a)
{
	f->offer = *r;
	f->new_lease = !f->lease.yiaddr;
	f->state = DHCP_CHECKING;
	a->probe = true;
	f->deadline = now + secs(DHCP_RENEW_MIN_WAIT_S);
}

static void dhcp_rcv_ack(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
			 struct dhcp_action *a)
{
	f->cnt.acks++;
	switch (f->state) {
	case DHCP_REQUESTING:
		if (r->yiaddr != f->offer.yiaddr || r->server_id != f->offer.server_id) {
			f->cnt.ignored++;
			return;
		}
		dhcp_to_checking(f, r, now, a);
		break;
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		/* Another address: checked like a first one. */
		if (r->yiaddr != f->lease.yiaddr) {
			dhcp_to_checking(f, r, now, a);
			break;
		}
		a->event = DHCP_EV_RENEWED;
		dhcp_take_lease(f, r);
		f->new_lease = false;
		break;
	default:
		f->cnt.ignored++;
		break;
	}
}

static void dhcp_rcv_nak(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
			 struct dhcp_action *a)
{
	f->cnt.naks++;
	if (f->state != DHCP_REQUESTING && f->state != DHCP_RENEWING &&
	    f->state != DHCP_REBINDING) {
		f->cnt.ignored++;
		return;
	}
	/* The REQUEST named one server; another's NAK is about its own
	 * offer, not ours [RFC 2131 §3.1.3]. */
	if (f->state == DHCP_REQUESTING && r->server_id != f->offer.server_id) {
		f->cnt.ignored++;
		return;
	}
	a->event = DHCP_EV_NAK;
	if (f->state != DHCP_REQUESTING)
		dhcp_lose_lease(f, now, a);
	/* [RFC 2131 §3.1.4] back to INIT, after a pause that grows with
	 * consecutive failures so a refusing server is not hammered. */
	dhcp_restart(f, now, dhcp_fail_delay(f));
}

void dhcp_fsm_rcv(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
		  struct dhcp_action *a)
{
	memset(a, 0, sizeof(*a));
	if (r->type == DHCPOFFER)
		dhcp_rcv_offer(f, r, now, a);
	else if (r->type == DHCPACK)
		dhcp_rcv_ack(f, r, now, a);
	else if (r->type == DHCPNAK)
		dhcp_rcv_nak(f, r, now, a);
}

/* DECLINE f->offer.yiaddr [RFC 2131 §4.4.1]; start again after at
 * least 10 s [§3.1.5], longer after repeated failures. */
static void dhcp_decline(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	u64 delay = dhcp_fail_delay(f);

	a->send = DHCPDECLINE;
	a->broadcast = true;
	a->event = DHCP_EV_DECLINED;
	if (f->lease.yiaddr)	/* a renewal's new address: the old lease ends too */
		dhcp_lose_lease(f, now, a);
	if (delay < secs(DHCP_DECLINE_WAIT_S))
		delay = secs(DHCP_DECLINE_WAIT_S);
	dhcp_restart(f, now, delay);
}

void dhcp_fsm_probed(struct dhcp_fsm *f, bool in_use, u64 now, struct dhcp_action *a)
{
	memset(a, 0, sizeof(*a));
	if (f->state != DHCP_CHECKING)
		return;
	if (in_use) {
		dhcp_decline(f, now, a);
		return;
	}
	a->event = DHCP_EV_LEASE;
	dhcp_take_lease(f, &f->offer);
	f->fallback_was_active = f->fallback_active;
	f->fallback_active = false;
}

void dhcp_fsm_reject(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	memset(a, 0, sizeof(*a));
	if (f->state < DHCP_BOUND || f->state > DHCP_REBINDING)
		return;
	f->offer = f->lease;	/* what DECLINE names */
	if (f->new_lease) {
		/* Never configured: nothing held is lost, so the address in
		 * use (a fallback) and the fallback clock stay. */
		memset(&f->lease, 0, sizeof(f->lease));
		memset(&f->times, 0, sizeof(f->times));
		f->fallback_active = f->fallback_was_active;
		f->new_lease = false;
	}
	dhcp_decline(f, now, a);
}

void dhcp_fsm_fallback_failed(struct dhcp_fsm *f, u64 now)
{
	if (!f->fallback_active)
		return;
	f->fallback_active = false;
	f->unbound_since = now;
	if (dhcp_unbound(f))
		dhcp_unbound_deadline(f, now);
}

void dhcp_fsm_release(struct dhcp_fsm *f, u64 now, struct dhcp_action *a)
{
	memset(a, 0, sizeof(*a));
	(void)now;
	if (f->state == DHCP_STOPPED)
		return;
	/* [RFC 2131 §4.4.6] unicast to the server, before the address goes;
	 * f->lease stays for dhcp_fsm_fill_req() until dhcp_fsm_renew(). */
	if (f->state >= DHCP_BOUND && f->state <= DHCP_REBINDING) {
		a->send = DHCPRELEASE;
		a->broadcast = false;
	} else {
		memset(&f->lease, 0, sizeof(f->lease));
	}
	a->unconfigure = true;
	a->event = DHCP_EV_RELEASED;
	f->state = DHCP_STOPPED;
	f->fallback_active = false;
	f->deadline = DHCP_NEVER;
}

void dhcp_fsm_renew(struct dhcp_fsm *f, u64 now)
{
	switch (f->state) {
	case DHCP_STOPPED:
		memset(&f->lease, 0, sizeof(f->lease));
		memset(&f->times, 0, sizeof(f->times));
		f->unbound_since = now;
		f->fails = 0;
		dhcp_new_xid(f, now);
		dhcp_restart(f, now, 0);
		break;
	case DHCP_BOUND:
	case DHCP_RENEWING:
	case DHCP_REBINDING:
		f->deadline = now;	/* T1 now, or the next retransmission */
		break;
	case DHCP_INIT:
	case DHCP_SELECTING:
		f->next_retx = now;
		dhcp_unbound_deadline(f, now);
		break;
	default:
		break;		/* REQUESTING, CHECKING: an answer is due anyway */
	}
}

void dhcp_fsm_set_fallback(struct dhcp_fsm *f, u64 fallback_after, u64 now)
{
	if (f->fallback_after == fallback_after)
		return;
	f->fallback_after = fallback_after;
	if (dhcp_unbound(f))
		dhcp_unbound_deadline(f, now);
}

/* --- the message for an action --- */

void dhcp_fsm_fill_req(const struct dhcp_fsm *f, u8 type, u64 now, struct dhcp_req *r)
{
	u64 s = (now - f->exchange_start) / HZ;

	memset(r, 0, sizeof(*r));
	r->type = type;
	r->xid = f->xid;
	r->secs = s > 0xffff ? 0xffff : s;
	memcpy(r->chaddr, f->chaddr, 6);
	switch (type) {
	case DHCPDISCOVER:
		r->broadcast = true;
		break;
	case DHCPREQUEST:
		if (f->state == DHCP_REQUESTING) {
			/* SELECTING's REQUEST: names the offer [§4.3.2]. */
			r->broadcast = true;
			r->secs = f->last_secs;	/* the DISCOVER's [§4.4.1] */
			r->requested = f->offer.yiaddr;
			r->server_id = f->offer.server_id;
		} else {
			/* RENEWING/REBINDING: ciaddr, no 50/54; the answer
			 * comes to that address, so no broadcast flag. */
			r->ciaddr = f->lease.yiaddr;
		}
		break;
	case DHCPDECLINE:
		r->requested = f->offer.yiaddr;
		r->server_id = f->offer.server_id;
		r->secs = 0;
		break;
	case DHCPRELEASE:
		r->ciaddr = f->lease.yiaddr;
		r->server_id = f->lease.server_id;
		r->secs = 0;
		break;
	}
}
