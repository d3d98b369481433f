/* fuzz_dhcp.c: libFuzzer target for the DHCP client's reply parser
 * (net/ipv4/dhcp_msg.c) and the state machine it feeds (dhcp_fsm.c).
 * A client starts and sends its DISCOVER; each input then delivers up to
 * four server messages, with the state machine's timers run between
 * them, and every message the client is told to send is built.
 *
 * Input: byte 0 controls the run, the rest are messages.
 *   bits 0-1  messages - 1 (1..4); all but the last are preceded by a
 *             big-endian 16-bit length, the last takes what is left
 *   bit 2     leave xid and chaddr as sent (else they are set to what
 *             the client expects, so the parser gets past them)
 *   bit 3     the ARP check of an offered address finds it in use
 *   bits 4-6  timer deadlines to run after each message (0..7)
 * Checked: the parser's promises (a known type, at most DHCP_DNS_MAX
 * servers, 0 < T1 < T2 < lease for a finite lease), that the machine
 * stays in a known state with T1 <= T2 <= expiry while it holds a lease,
 * and that every message it asks for fits the buffer. */
#include <stdio.h>
#include <stdlib.h>

#include "lib/types.h"
#include "lib/string.h"
#include "kernel/timer.h"
#include "net/ipv4/dhcp.h"

#define MSGS_MAX	4

static const u8 mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static u32 rnd_state;

/* Deterministic per input, so a crash reproduces. */
static u32 fuzz_random(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static void fail(const char *why)
{
	fprintf(stderr, "fuzz_dhcp: %s\n", why);
	abort();
}

static void do_action(struct dhcp_fsm *f, const struct dhcp_action *a, u64 now, bool in_use)
{
	static u8 out[DHCP_MAX_MSG_LEN];
	struct dhcp_action b = { 0 };
	struct dhcp_req req;
	int n;

	if (a->send) {
		dhcp_fsm_fill_req(f, a->send, now, &req);
		n = dhcp_build(out, sizeof(out), &req);
		if (n < DHCP_OPTIONS || n > (int)sizeof(out))
			fail("dhcp_build: bad length");
	}
	if (a->probe) {
		dhcp_fsm_probed(f, in_use, now, &b);
		if (b.probe)
			fail("a probe result asked for another probe");
		do_action(f, &b, now, in_use);
	}
}

static void check_reply(const struct dhcp_reply *r)
{
	struct dhcp_times t;
	int plen;

	if (r->type != DHCPOFFER && r->type != DHCPACK && r->type != DHCPNAK)
		fail("parsed a type a server does not send");
	if (r->ndns > DHCP_DNS_MAX)
		fail("more DNS servers than the reply holds");
	plen = dhcp_mask_to_prefix(r->mask);
	if (plen < -1 || plen > 32)
		fail("prefix length out of range");
	if (r->type == DHCPNAK)
		return;
	dhcp_lease_times(r, &t);
	if (t.lease != DHCP_LEASE_INFINITE && !(0 < t.t1 && t.t1 < t.t2 && t.t2 < t.lease))
		fail("lease times out of order");
}

static void check_fsm(const struct dhcp_fsm *f)
{
	if (f->state >= DHCP_STATE_MAX)
		fail("unknown state");
	if (f->state < DHCP_BOUND || f->state > DHCP_REBINDING)
		return;
	if (dhcp_fsm_t1(f) > dhcp_fsm_t2(f) || dhcp_fsm_t2(f) > dhcp_fsm_expiry(f))
		fail("T1, T2 and expiry out of order");
}

static void run_timers(struct dhcp_fsm *f, u64 *now, unsigned int times, bool in_use)
{
	struct dhcp_action a;

	while (times--) {
		if (f->deadline == DHCP_NEVER)
			return;
		if (f->deadline > *now)
			*now = f->deadline;
		memset(&a, 0, sizeof(a));
		dhcp_fsm_timer(f, *now, &a);
		do_action(f, &a, *now, in_use);
		check_fsm(f);
	}
}

static void deliver(struct dhcp_fsm *f, const u8 *data, size_t len, bool patch,
		    u64 now, bool in_use)
{
	struct dhcp_action a = { 0 };
	struct dhcp_reply r;
	enum dhcp_parse_err err;
	u8 *msg;

	/* Exactly len bytes on the heap, so ASan sees any read past them;
	 * longer than the parser's limit: it must refuse it, not read it. */
	len = min_t(size_t, len, DHCP_MAX_MSG_LEN + 64);
	msg = malloc(len ? len : 1);
	if (!msg)
		abort();
	memcpy(msg, data, len);
	if (patch && len >= DHCP_CHADDR + 6) {
		msg[DHCP_XID] = f->xid >> 24;
		msg[DHCP_XID + 1] = f->xid >> 16;
		msg[DHCP_XID + 2] = f->xid >> 8;
		msg[DHCP_XID + 3] = f->xid;
		memcpy(msg + DHCP_CHADDR, mac, 6);
	}
	memset(&r, 0xa5, sizeof(r));
	err = dhcp_parse(msg, len, f->xid, mac, &r);
	free(msg);
	if (err != DHCP_PARSE_OK)
		return;
	check_reply(&r);
	dhcp_fsm_rcv(f, &r, now, &a);
	do_action(f, &a, now, in_use);
	check_fsm(f);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dhcp_fsm f;
	unsigned int nmsgs, timers, i;
	bool patch, in_use;
	u64 now = 1000;
	size_t len;

	if (size < 1)
		return 0;
	nmsgs = (data[0] & 3) + 1;
	patch = !(data[0] & 4);
	in_use = data[0] & 8;
	timers = (data[0] >> 4) & 7;
	data++;
	size--;
	rnd_state = 1;
	dhcp_fsm_init(&f, mac, fuzz_random, now, 0, 30 * HZ);
	run_timers(&f, &now, 1, in_use);		/* the DISCOVER */
	for (i = 0; i < nmsgs && size; i++) {
		len = size;
		if (i + 1 < nmsgs && size >= 2) {
			len = min_t(size_t, (size_t)data[0] << 8 | data[1], size - 2);
			data += 2;
			size -= 2;
		}
		deliver(&f, data, len, patch, now, in_use);
		data += len;
		size -= len;
		run_timers(&f, &now, timers, in_use);
	}
	return 0;
}
