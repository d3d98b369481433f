/* The shell's `ping [-c N] [-s SIZE] [-i SECS] [-W SECS] [-t TTL] [-q]
 * ADDR`: ICMP echo requests with iputils' payload (a timeval, then bytes
 * counting up), replies matched by identifier and sequence, checked byte
 * for byte, timed with the TSC, printed as iputils prints them. The
 * command thread sends and prints; ping_rcv (softirq) only records. */
#include "net/ipv4/ping.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/softirq.h"
#include "kernel/time.h"
#include "kernel/timer.h"
#include "kernel/wait.h"
#include "lib/checksum.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/string.h"

#define PING_RING		64	/* sequence numbers in flight that can match */
#define PING_MAX_COUNT		100000
#define PING_MAX_SIZE		(0xFFFF - IP_MIN_HLEN - (int)sizeof(struct icmphdr))
#define PING_TS_LEN		16	/* struct timeval at the payload's start */
#define PING_ID_BASE		0x4e50	/* "NP"; each run adds one */

struct ping_result {
	u16 seq;
	u8 ttl;
	bool dup;
	int bad_byte;		/* first differing payload byte, -1 if none */
	u8 want, got;
	u32 len;		/* ICMP bytes received */
	u64 rtt_us;
};

struct ping_state {
	spinlock_t lock;	/* taken in softirq, and by the thread with BH off */
	wait_queue_head_t wait;
	bool active;
	__be32 daddr;
	u16 id;
	u32 size;
	u32 sent;		/* requests sent so far: sequences 1..sent */
	u64 sent_ns[PING_RING];
	u8 replies[PING_RING];
	struct ping_result ring[PING_RING];
	u32 head, tail;		/* ping_rcv writes head, the thread reads tail */
	u64 unmatched;		/* replies of no running ping, or too late */
	u64 overflow;		/* results lost: the command fell behind */
};

static struct ping_state ping = {
	.wait = { __SPIN_LOCK_UNLOCKED, LIST_HEAD_INIT(ping.wait.head) },
};
static u16 ping_runs;

/* Byte i of the payload of a request sent at sent_ns. */
static u8 ping_payload_byte(u32 i, u32 size, u64 sent_ns)
{
	u64 tv[2];

	if (size < PING_TS_LEN || i >= PING_TS_LEN)
		return (u8)i;
	tv[0] = sent_ns / 1000000000;
	tv[1] = sent_ns % 1000000000 / 1000;
	return ((const u8 *)tv)[i];
}

/* Compare the echoed payload with what was sent; records the first
 * difference (a length difference counts as one at the end). */
static void ping_check_data(const u8 *data, u32 len, u64 sent_ns, struct ping_result *r)
{
	u32 i;

	r->bad_byte = -1;
	for (i = 0; i < len && i < ping.size; i++) {
		u8 want = ping_payload_byte(i, ping.size, sent_ns);

		if (data[i] != want) {
			r->bad_byte = i;
			r->want = want;
			r->got = data[i];
			return;
		}
	}
	if (len != ping.size) {
		r->bad_byte = i;
		r->want = r->got = 0;
	}
}

/* Caller holds ping.lock. False if the reply is not ours to report. */
static bool ping_match(const struct sk_buff *skb, struct ping_result *r)
{
	const struct icmphdr *ih = (const struct icmphdr *)skb->data;
	u16 seq = ntohs(ih->un.echo.sequence);
	u32 slot = seq % PING_RING;

	if (!ping.active || ntohs(ih->un.echo.id) != ping.id ||
	    ip_hdr(skb)->saddr != ping.daddr || seq == 0 || seq > ping.sent ||
	    ping.sent - seq >= PING_RING)
		return false;
	r->seq = seq;
	r->ttl = ip_hdr(skb)->ttl;
	r->len = skb->len;
	r->rtt_us = (ktime_get_ns() - ping.sent_ns[slot]) / 1000;
	r->dup = ping.replies[slot]++ > 0;
	ping_check_data(skb->data + sizeof(*ih), skb->len - sizeof(*ih),
			ping.sent_ns[slot], r);
	return true;
}

void ping_rcv(struct sk_buff *skb)
{
	struct ping_result r;
	bool matched;

	spin_lock(&ping.lock);
	matched = ping_match(skb, &r);
	if (!matched)
		ping.unmatched++;
	else if (ping.head - ping.tail >= PING_RING)
		ping.overflow++;
	else
		ping.ring[ping.head++ % PING_RING] = r;
	spin_unlock(&ping.lock);
	consume_skb(skb);
	if (matched)
		wake_up(&ping.wait);
}

/* --- the command --- */

struct ping_opts {
	__be32 daddr;
	u32 count;
	u32 size;
	u32 interval_ms;
	u32 wait_ms;		/* for replies after the last request */
	u8 ttl;
	bool quiet;
};

struct ping_totals {
	u32 sent, received, dups, errors;
	u64 min_us, max_us, sum_us, sum2_us;
};

static void ping_lock(void)
{
	local_bh_disable();
	spin_lock(&ping.lock);
}

static void ping_unlock(void)
{
	spin_unlock(&ping.lock);
	local_bh_enable();
}

static int ping_send(const struct ping_opts *o, u16 seq)
{
	struct icmphdr *ih;
	struct sk_buff *skb;
	u64 now;
	u32 i;
	u8 *data;

	skb = alloc_skb(INET_TX_HEADROOM + sizeof(*ih) + o->size, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, INET_TX_HEADROOM);
	ih = skb_put(skb, sizeof(*ih));
	data = skb_put(skb, o->size);
	now = ktime_get_ns();
	for (i = 0; i < o->size; i++)
		data[i] = ping_payload_byte(i, o->size, now);
	ih->type = ICMP_ECHO;
	ih->code = 0;
	ih->un.echo.id = htons(ping.id);
	ih->un.echo.sequence = htons(seq);
	ih->checksum = 0;
	ih->checksum = ip_compute_csum(ih, skb->len);

	/* Before sending: over lo the reply arrives before we return. */
	ping_lock();
	ping.sent = seq;
	ping.sent_ns[seq % PING_RING] = now;
	ping.replies[seq % PING_RING] = 0;
	ping_unlock();
	icmp_out_count(ICMP_ECHO);
	return ip_build_and_send_pkt(skb, 0, o->daddr, IPPROTO_ICMP, o->ttl, 0);
}

static void ping_account(struct ping_totals *t, const struct ping_result *r)
{
	if (r->dup) {
		t->dups++;
		return;
	}
	if (r->bad_byte >= 0)
		t->errors++;
	t->received++;
	if (t->received == 1 || r->rtt_us < t->min_us)
		t->min_us = r->rtt_us;
	if (r->rtt_us > t->max_us)
		t->max_us = r->rtt_us;
	t->sum_us += r->rtt_us;
	t->sum2_us += r->rtt_us * r->rtt_us;
}

static void ping_print(const struct ping_opts *o, const struct ping_result *r)
{
	if (o->quiet)
		return;
	kprintf("%u bytes from %pI4: icmp_seq=%u ttl=%u time=%lu.%03lu ms%s\n", r->len,
		&o->daddr, r->seq, r->ttl, r->rtt_us / 1000, r->rtt_us % 1000,
		r->dup ? " (DUP!)" : "");
	if (r->bad_byte >= 0 && r->bad_byte < (int)o->size && r->len - 8 > (u32)r->bad_byte)
		kprintf("wrong data byte #%d should be 0x%x but was 0x%x\n", r->bad_byte,
			r->want, r->got);
	else if (r->bad_byte >= 0)
		kprintf("wrong total length %u instead of %u\n", r->len,
			o->size + (u32)sizeof(struct icmphdr));
}

/* Print what arrived; sleep until deadline or, after the last request,
 * until every reply is in. */
static void ping_wait(const struct ping_opts *o, struct ping_totals *t, u64 deadline,
		      bool last)
{
	struct ping_result r;
	long left;
	bool got;

	for (;;) {
		ping_lock();
		got = ping.tail != ping.head;
		if (got)
			r = ping.ring[ping.tail++ % PING_RING];
		ping_unlock();
		if (got) {
			ping_account(t, &r);
			ping_print(o, &r);
			continue;
		}
		left = (long)(deadline - jiffies);
		if (left <= 0 || (last && t->received >= t->sent))
			return;
		wait_event_timeout(ping.wait, READ_ONCE(ping.head) != READ_ONCE(ping.tail), left);
	}
}

/* Integer square root, for mdev. */
static u64 isqrt(u64 v)
{
	u64 r = 0, bit = 1ULL << 62;

	while (bit > v)
		bit >>= 2;
	while (bit) {
		if (v >= r + bit) {
			v -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

static void ping_summary(const struct ping_opts *o, const struct ping_totals *t, u64 ms)
{
	u64 avg, var;

	kprintf("\n--- %pI4 ping statistics ---\n", &o->daddr);
	kprintf("%u packets transmitted, %u received, ", t->sent, t->received);
	if (t->dups)
		kprintf("+%u duplicates, ", t->dups);
	if (t->errors)
		kprintf("+%u errors, ", t->errors);
	kprintf("%u%% packet loss, time %lums\n",
		t->sent ? (t->sent - min(t->received, t->sent)) * 100 / t->sent : 0, ms);
	if (!t->received)
		return;
	avg = t->sum_us / t->received;
	var = t->sum2_us / t->received;
	var = var > avg * avg ? var - avg * avg : 0;
	kprintf("rtt min/avg/max/mdev = %lu.%03lu/%lu.%03lu/%lu.%03lu/%lu.%03lu ms\n",
		t->min_us / 1000, t->min_us % 1000, avg / 1000, avg % 1000,
		t->max_us / 1000, t->max_us % 1000, isqrt(var) / 1000, isqrt(var) % 1000);
}

static bool ping_start(const struct ping_opts *o)
{
	bool busy;

	ping_lock();
	busy = ping.active;
	if (!busy) {
		ping.active = true;
		ping.daddr = o->daddr;
		ping.id = PING_ID_BASE + ping_runs++;
		ping.size = o->size;
		ping.sent = 0;
		ping.head = ping.tail = 0;
	}
	ping_unlock();
	return !busy;
}

static void ping_stop(void)
{
	ping_lock();
	ping.active = false;
	ping_unlock();
}

static bool ping_report_error(const struct ping_opts *o, int err, struct ping_totals *t)
{
	if (!err)
		return true;
	if (err == -ENETUNREACH) {
		kprintf("ping: connect: Network is unreachable\n");
		return false;
	}
	t->errors++;
	if (err == -EMSGSIZE)
		kprintf("ping: local error: message too long, size %u\n", o->size);
	else
		kprintf("ping: sendmsg: %s\n", strerror_name(err));
	return true;
}

static void ping_run(const struct ping_opts *o)
{
	struct ping_totals t = { 0 };
	u64 start = jiffies, last_send = start;
	u32 i;
	bool last;

	kprintf("PING %pI4 (%pI4) %u(%u) bytes of data.\n", &o->daddr, &o->daddr, o->size,
		o->size + IP_MIN_HLEN + (u32)sizeof(struct icmphdr));
	for (i = 1; i <= o->count; i++) {
		last = i == o->count;
		last_send = jiffies;
		t.sent++;
		if (!ping_report_error(o, ping_send(o, i), &t))
			break;
		ping_wait(o, &t, last_send + msecs_to_jiffies(last ? o->wait_ms : o->interval_ms),
			  last);
	}
	ping_summary(o, &t, jiffies_to_msecs(last_send - start));
}

/* "N" or "N.fff" seconds into milliseconds. */
static int parse_secs(const char *s, u32 *ms)
{
	u32 whole = 0, frac = 0, scale = 100;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	while (isdigit((unsigned char)*s) && whole < 100000)
		whole = whole * 10 + (*s++ - '0');
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++, scale /= 10)
			frac += (*s - '0') * scale;
	if (*s || whole >= 100000)
		return -EINVAL;
	*ms = whole * 1000 + frac;
	return 0;
}

static int ping_parse(int argc, char **argv, struct ping_opts *o)
{
	int i;

	*o = (struct ping_opts){ .count = 4, .size = 56, .interval_ms = 1000, .wait_ms = 2000 };
	for (i = 1; i < argc - 1; i += 2) {
		const char *opt = argv[i], *val = argv[i + 1];
		int err = -EINVAL;

		if (!strcmp(opt, "-c"))
			err = kstrtouint(val, 10, &o->count);
		else if (!strcmp(opt, "-s"))
			err = kstrtouint(val, 10, &o->size);
		else if (!strcmp(opt, "-i"))
			err = parse_secs(val, &o->interval_ms);
		else if (!strcmp(opt, "-W"))
			err = parse_secs(val, &o->wait_ms);
		else if (!strcmp(opt, "-t"))
			err = kstrtou8(val, 10, &o->ttl);
		else if (!strcmp(opt, "-q")) {
			o->quiet = true;
			i--;
			continue;
		}
		if (err)
			return -EINVAL;
	}
	if (i != argc - 1 || in4_parse(argv[argc - 1], &o->daddr))
		return -EINVAL;
	if (!o->count || o->count > PING_MAX_COUNT || o->size > PING_MAX_SIZE ||
	    !o->interval_ms)
		return -EINVAL;
	return 0;
}

static int ping_cmd(int argc, char **argv)
{
	struct ping_opts o;

	if (argc < 2 || ping_parse(argc, argv, &o)) {
		kprintf("usage: ping [-c COUNT] [-s SIZE] [-i SECS] [-W SECS] [-t TTL] [-q] A.B.C.D\n");
		return -EINVAL;
	}
	if (!ping_start(&o)) {
		kprintf("ping: another ping is running\n");
		return -EBUSY;
	}
	ping_run(&o);
	ping_stop();
	return 0;
}
SHELL_COMMAND(ping, "ping", ping_cmd,
	      "[-c N] [-s SIZE] [-i SECS] [-W SECS] [-t TTL] [-q] ADDR: ICMP echo");
