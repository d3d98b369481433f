/* test_dhcp.c: the DHCP client's pure parts. net/ipv4/dhcp_msg.c: the
 * messages built for each type against RFC 2131 table 5, replies parsed,
 * and every malformed-message rule (short, oversized, wrong op/htype/
 * xid/chaddr/cookie, truncated options, missing END, impossible lengths,
 * duplicates, option overload); T1/T2 defaults; link-local candidates.
 * net/ipv4/dhcp_fsm.c: the state machine in virtual time with a fixed
 * random source (no jitter): retransmission schedule, fallback (also
 * while a server NAKs, and a live change of its time), lease timed from
 * the REQUEST, infinite lease, renew, rebind, expiry, NAK (and a foreign
 * server's), failure backoff, decline, a renewal's new address checked,
 * a refused address declined, release and renew. */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/ktest.h"
#include "net/ipv4/dhcp.h"
#include "kernel/timer.h"
#include "lib/errno.h"

#define SEC	HZ
#define T0	1000000ULL

static const u8 mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const u8 other_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
#define XID	0x1234abcdU

static __be32 ip4(u8 a, u8 b, u8 c, u8 d)
{
	return htonl((u32)a << 24 | (u32)b << 16 | (u32)c << 8 | d);
}

/* --- building --- */

/* The value of option `code` in a built message's options field, or NULL. */
static const u8 *find_opt(const u8 *msg, int len, u8 code, int *olen)
{
	int i = DHCP_OPTIONS;

	while (i < len) {
		if (msg[i] == DHO_PAD) {
			i++;
			continue;
		}
		if (msg[i] == DHO_END || i + 1 >= len)
			return NULL;
		if (msg[i] == code) {
			*olen = msg[i + 1];
			return msg + i + 2;
		}
		i += 2 + msg[i + 1];
	}
	return NULL;
}

static bool has_end(const u8 *msg, int len)
{
	int i = DHCP_OPTIONS;

	while (i < len) {
		if (msg[i] == DHO_END)
			return true;
		i += msg[i] == DHO_PAD ? 1 : 2 + msg[i + 1];
	}
	return false;
}

static int build(u8 *buf, u8 type, __be32 ciaddr, __be32 req, __be32 sid, bool bcast)
{
	struct dhcp_req r = {
		.type = type, .xid = XID, .secs = 3, .broadcast = bcast,
		.ciaddr = ciaddr, .requested = req, .server_id = sid, .hostname = "napkin",
	};

	memcpy(r.chaddr, mac, 6);
	return dhcp_build(buf, DHCP_MAX_MSG_LEN, &r);
}

KTEST(build_discover)
{
	u8 m[DHCP_MAX_MSG_LEN];
	int len = build(m, DHCPDISCOVER, 0, 0, 0, true), olen;
	const u8 *o;

	ASSERT_GE(len, DHCP_MIN_SEND_LEN);
	EXPECT_EQ(m[DHCP_OP], BOOTREQUEST);
	EXPECT_EQ(m[DHCP_HTYPE], 1);
	EXPECT_EQ(m[DHCP_HLEN], 6);
	EXPECT_EQ(m[DHCP_XID], 0x12);
	EXPECT_EQ(m[DHCP_XID + 3], 0xcd);
	EXPECT_EQ(m[DHCP_SECS + 1], 3);
	EXPECT_EQ(m[DHCP_FLAGS], 0x80);		/* broadcast [RFC 2131 §4.1] */
	EXPECT_MEMEQ(m + DHCP_CHADDR, mac, 6);
	EXPECT_EQ(m[DHCP_COOKIE], 0x63);
	EXPECT_EQ(m[DHCP_COOKIE + 3], 0x63);
	o = find_opt(m, len, DHO_MESSAGE_TYPE, &olen);
	ASSERT_TRUE(o != NULL);
	EXPECT_EQ(olen, 1);
	EXPECT_EQ(o[0], DHCPDISCOVER);
	o = find_opt(m, len, DHO_CLIENT_ID, &olen);
	ASSERT_TRUE(o != NULL);
	EXPECT_EQ(olen, 7);
	EXPECT_EQ(o[0], 1);
	EXPECT_MEMEQ(o + 1, mac, 6);
	o = find_opt(m, len, DHO_PARAM_REQUEST, &olen);
	ASSERT_TRUE(o != NULL);
	EXPECT_TRUE(memchr(o, DHO_ROUTERS, olen) && memchr(o, DHO_DNS, olen) &&
		    memchr(o, DHO_SUBNET_MASK, olen));
	EXPECT_TRUE(find_opt(m, len, DHO_HOST_NAME, &olen) != NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_SERVER_ID, &olen) == NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_REQUESTED_ADDR, &olen) == NULL);
	EXPECT_TRUE(has_end(m, len));
}

KTEST(build_request_selecting_and_renewing)
{
	u8 m[DHCP_MAX_MSG_LEN];
	int len, olen;
	const u8 *o;
	__be32 v;

	len = build(m, DHCPREQUEST, 0, ip4(10, 0, 9, 50), ip4(10, 0, 9, 1), true);
	o = find_opt(m, len, DHO_REQUESTED_ADDR, &olen);
	ASSERT_TRUE(o != NULL);
	memcpy(&v, o, 4);
	EXPECT_EQ(v, ip4(10, 0, 9, 50));
	o = find_opt(m, len, DHO_SERVER_ID, &olen);
	ASSERT_TRUE(o != NULL);
	memcpy(&v, o, 4);
	EXPECT_EQ(v, ip4(10, 0, 9, 1));

	/* RENEWING: ciaddr, no 50/54, no broadcast flag (table 5). */
	len = build(m, DHCPREQUEST, ip4(10, 0, 9, 50), 0, 0, false);
	memcpy(&v, m + DHCP_CIADDR, 4);
	EXPECT_EQ(v, ip4(10, 0, 9, 50));
	EXPECT_EQ(m[DHCP_FLAGS], 0);
	EXPECT_TRUE(find_opt(m, len, DHO_REQUESTED_ADDR, &olen) == NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_SERVER_ID, &olen) == NULL);
}

KTEST(build_decline_release)
{
	u8 m[DHCP_MAX_MSG_LEN];
	int len, olen;

	len = build(m, DHCPDECLINE, 0, ip4(10, 0, 9, 50), ip4(10, 0, 9, 1), true);
	EXPECT_TRUE(find_opt(m, len, DHO_REQUESTED_ADDR, &olen) != NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_SERVER_ID, &olen) != NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_PARAM_REQUEST, &olen) == NULL);
	EXPECT_EQ(find_opt(m, len, DHO_MESSAGE_TYPE, &olen)[0], DHCPDECLINE);
	len = build(m, DHCPRELEASE, ip4(10, 0, 9, 50), 0, ip4(10, 0, 9, 1), false);
	EXPECT_TRUE(find_opt(m, len, DHO_SERVER_ID, &olen) != NULL);
	EXPECT_TRUE(find_opt(m, len, DHO_PARAM_REQUEST, &olen) == NULL);
}

KTEST(build_too_small)
{
	u8 m[DHCP_MAX_MSG_LEN];
	struct dhcp_req r = { .type = DHCPDISCOVER };

	EXPECT_EQ(dhcp_build(m, DHCP_MIN_SEND_LEN - 1, &r), -ENOSPC);
	EXPECT_EQ(dhcp_build(m, DHCP_MIN_SEND_LEN, &r), DHCP_MIN_SEND_LEN);
}

/* --- parsing --- */

/* A reply: fixed part, cookie, then `opt` as the options field. */
static int mkreply(u8 *m, u32 xid, const u8 *hw, __be32 yiaddr, const u8 *opt, int optlen)
{
	memset(m, 0, DHCP_MAX_MSG_LEN + 16);
	m[DHCP_OP] = BOOTREPLY;
	m[DHCP_HTYPE] = 1;
	m[DHCP_HLEN] = 6;
	m[DHCP_XID] = xid >> 24;
	m[DHCP_XID + 1] = xid >> 16;
	m[DHCP_XID + 2] = xid >> 8;
	m[DHCP_XID + 3] = xid;
	memcpy(m + DHCP_YIADDR, &yiaddr, 4);
	memcpy(m + DHCP_CHADDR, hw, 6);
	m[DHCP_COOKIE] = 0x63;
	m[DHCP_COOKIE + 1] = 0x82;
	m[DHCP_COOKIE + 2] = 0x53;
	m[DHCP_COOKIE + 3] = 0x63;
	memcpy(m + DHCP_OPTIONS, opt, optlen);
	return DHCP_OPTIONS + optlen;
}

#define SID	54, 4, 10, 0, 9, 1
#define LEASE	51, 4, 0, 0, 0, 120

static u8 msgbuf[DHCP_MAX_MSG_LEN + 16];

static enum dhcp_parse_err parse_opts(const u8 *opt, int optlen, struct dhcp_reply *r)
{
	int len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50), opt, optlen);

	return dhcp_parse(msgbuf, len, XID, mac, r);
}

#define PARSE(r, ...) ({							\
	static const u8 __o[] = { __VA_ARGS__ };				\
	parse_opts(__o, sizeof(__o), (r));					\
})

KTEST(parse_offer)
{
	struct dhcp_reply r;

	ASSERT_EQ(PARSE(&r, 53, 1, DHCPOFFER, SID, LEASE, 1, 4, 255, 255, 255, 0,
			3, 8, 10, 0, 9, 1, 10, 0, 9, 254,
			6, 16, 10, 0, 9, 1, 8, 8, 8, 8, 1, 1, 1, 1, 9, 9, 9, 9,
			58, 4, 0, 0, 0, 10, 59, 4, 0, 0, 0, 100, 0, 0, 255), DHCP_PARSE_OK);
	EXPECT_EQ(r.type, DHCPOFFER);
	EXPECT_EQ(r.yiaddr, ip4(10, 0, 9, 50));
	EXPECT_EQ(r.server_id, ip4(10, 0, 9, 1));
	EXPECT_EQ(r.mask, ip4(255, 255, 255, 0));
	EXPECT_EQ(r.router, ip4(10, 0, 9, 1));		/* the first router */
	EXPECT_EQ(r.ndns, 3);				/* the fourth not kept */
	EXPECT_EQ(r.dns[2], ip4(1, 1, 1, 1));
	EXPECT_EQ(r.lease, 120);
	EXPECT_TRUE(r.has_t1 && r.has_t2);
	EXPECT_EQ(r.t1, 10);
	EXPECT_EQ(r.t2, 100);
}

KTEST(parse_nak_needs_no_address)
{
	struct dhcp_reply r;
	int len = mkreply(msgbuf, XID, mac, 0, (const u8[]){ 53, 1, DHCPNAK, SID, 255 }, 10);

	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	EXPECT_EQ(r.type, DHCPNAK);
}

KTEST(parse_header_checks)
{
	static const u8 ok[] = { 53, 1, DHCPACK, SID, LEASE, 255 };
	struct dhcp_reply r;
	int len;

	len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50), ok, sizeof(ok));
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	EXPECT_EQ(dhcp_parse(msgbuf, DHCP_OPTIONS - 1, XID, mac, &r), DHCP_ERR_SHORT);
	EXPECT_EQ(dhcp_parse(msgbuf, 0, XID, mac, &r), DHCP_ERR_SHORT);
	EXPECT_EQ(dhcp_parse(msgbuf, DHCP_MAX_MSG_LEN + 1, XID, mac, &r), DHCP_ERR_OVERSIZE);
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID + 1, mac, &r), DHCP_ERR_XID);
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, other_mac, &r), DHCP_ERR_CHADDR);
	msgbuf[DHCP_OP] = BOOTREQUEST;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_ERR_OP);
	msgbuf[DHCP_OP] = BOOTREPLY;
	msgbuf[DHCP_HLEN] = 16;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_ERR_HTYPE);
	msgbuf[DHCP_HLEN] = 6;
	msgbuf[DHCP_HTYPE] = 6;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_ERR_HTYPE);
	msgbuf[DHCP_HTYPE] = 1;
	msgbuf[DHCP_COOKIE + 3] = 0x64;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_ERR_COOKIE);
}

KTEST(parse_option_walk)
{
	struct dhcp_reply r;

	/* Truncated: length past the end, or a code with no length byte. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 6, 8, 10, 0, 9, 1), DHCP_ERR_OPT_TRUNC);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 6), DHCP_ERR_OPT_TRUNC);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 200, 255), DHCP_ERR_OPT_TRUNC);
	/* No END, or none at all. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE), DHCP_ERR_NO_END);
	EXPECT_EQ(parse_opts(msgbuf, 0, &r), DHCP_ERR_NO_END);
	EXPECT_EQ(PARSE(&r, 0, 0, 0), DHCP_ERR_NO_END);
	/* PAD anywhere; anything after END ignored; unknown and
	 * zero-length unknown options skipped. */
	EXPECT_EQ(PARSE(&r, 0, 53, 1, DHCPACK, 0, 0, SID, 99, 0, 200, 3, 1, 2, 3, LEASE, 255,
			6, 99, 1), DHCP_PARSE_OK);
	/* No type; a zero-length type; a type a server does not send. */
	EXPECT_EQ(PARSE(&r, SID, LEASE, 255), DHCP_ERR_NO_TYPE);
	EXPECT_EQ(PARSE(&r, 53, 0, SID, LEASE, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPDISCOVER, SID, LEASE, 255), DHCP_ERR_TYPE);
	EXPECT_EQ(PARSE(&r, 53, 1, 99, SID, LEASE, 255), DHCP_ERR_TYPE);
}

KTEST(parse_option_lengths_and_duplicates)
{
	struct dhcp_reply r;

	EXPECT_EQ(PARSE(&r, 53, 2, DHCPACK, 0, SID, LEASE, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, 54, 3, 10, 0, 9, LEASE, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, 51, 2, 0, 1, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 1, 3, 255, 255, 255, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 3, 5, 10, 0, 9, 1, 0, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 6, 0, 255), DHCP_PARSE_OK);
	EXPECT_EQ(r.ndns, 0);
	/* A fixed-size option twice: concatenated [RFC 3396], so too long. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, 53, 1, DHCPACK, SID, LEASE, 255), DHCP_ERR_OPT_LEN);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, LEASE, 255), DHCP_ERR_OPT_LEN);
	/* A list split in two is one list. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 6, 4, 1, 1, 1, 1, 6, 4, 2, 2, 2, 2, 255),
		  DHCP_PARSE_OK);
	EXPECT_EQ(r.ndns, 2);
	EXPECT_EQ(r.dns[1], ip4(2, 2, 2, 2));
	/* Split mid-address: the halves join. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 3, 2, 10, 0, 3, 2, 9, 254, 255),
		  DHCP_PARSE_OK);
	EXPECT_EQ(r.router, ip4(10, 0, 9, 254));
}

static enum dhcp_parse_err parse_yiaddr(__be32 yiaddr)
{
	static const u8 ack[] = { 53, 1, DHCPACK, SID, LEASE, 255 };
	struct dhcp_reply r;
	int len = mkreply(msgbuf, XID, mac, yiaddr, ack, sizeof(ack));

	return dhcp_parse(msgbuf, len, XID, mac, &r);
}

KTEST(parse_semantics)
{
	struct dhcp_reply r;

	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, LEASE, 255), DHCP_ERR_NO_SERVER_ID);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPOFFER, SID, 255), DHCP_ERR_NO_LEASE);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPNAK, 255), DHCP_ERR_NO_SERVER_ID);
	EXPECT_EQ(parse_yiaddr(0), DHCP_ERR_YIADDR);
	EXPECT_EQ(parse_yiaddr(ip4(255, 255, 255, 255)), DHCP_ERR_YIADDR);
	EXPECT_EQ(parse_yiaddr(ip4(224, 0, 0, 1)), DHCP_ERR_YIADDR);
	EXPECT_EQ(parse_yiaddr(ip4(127, 0, 0, 1)), DHCP_ERR_YIADDR);
	EXPECT_EQ(parse_yiaddr(ip4(0, 1, 2, 3)), DHCP_ERR_YIADDR);
	EXPECT_EQ(parse_yiaddr(ip4(192, 168, 1, 9)), DHCP_PARSE_OK);
}

KTEST(parse_overload)
{
	static const u8 ov_file[] = { 53, 1, DHCPACK, SID, LEASE, 52, 1, 1, 255 };
	static const u8 ov_both[] = { 53, 1, DHCPACK, SID, LEASE, 52, 1, 3, 255 };
	struct dhcp_reply r;
	int len;

	/* Options in the file field (52 = 1). */
	len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50), ov_file, sizeof(ov_file));
	memcpy(msgbuf + DHCP_FILE, (const u8[]){ 3, 4, 10, 0, 9, 7, 255 }, 7);
	ASSERT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	EXPECT_EQ(r.router, ip4(10, 0, 9, 7));
	EXPECT_EQ(r.overload, 1);
	/* The file field may also run to its end without END. */
	memset(msgbuf + DHCP_FILE, 0, DHCP_FILE_LEN);
	msgbuf[DHCP_FILE + DHCP_FILE_LEN - 6] = 3;
	msgbuf[DHCP_FILE + DHCP_FILE_LEN - 5] = 4;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	/* ... but no option may run past it. */
	msgbuf[DHCP_FILE + DHCP_FILE_LEN - 5] = 5;
	EXPECT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_ERR_OPT_TRUNC);
	/* Not overloaded: the same bytes in file are a file name. */
	len = PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 255);
	EXPECT_EQ(len, DHCP_PARSE_OK);
	/* 52 = 3: file then sname; DNS split over both concatenates. */
	len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50), ov_both, sizeof(ov_both));
	memcpy(msgbuf + DHCP_FILE, (const u8[]){ 6, 4, 1, 1, 1, 1, 255 }, 7);
	memcpy(msgbuf + DHCP_SNAME, (const u8[]){ 6, 4, 2, 2, 2, 2, 52, 1, 9, 255 }, 10);
	ASSERT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	EXPECT_EQ(r.ndns, 2);
	EXPECT_EQ(r.dns[1], ip4(2, 2, 2, 2));	/* and 52 in sname ignored */
	/* Bad overload values. */
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 52, 1, 4, 255), DHCP_ERR_OVERLOAD);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 52, 1, 0, 255), DHCP_ERR_OVERLOAD);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 52, 2, 1, 1, 255), DHCP_ERR_OVERLOAD);
	EXPECT_EQ(PARSE(&r, 53, 1, DHCPACK, SID, LEASE, 52, 0, 255), DHCP_ERR_OVERLOAD);
	/* The type only in the overloaded field still counts. */
	len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50),
		      (const u8[]){ SID, LEASE, 52, 1, 2, 255 }, 16);
	memcpy(msgbuf + DHCP_SNAME, (const u8[]){ 53, 1, DHCPOFFER, 255 }, 4);
	ASSERT_EQ(dhcp_parse(msgbuf, len, XID, mac, &r), DHCP_PARSE_OK);
	EXPECT_EQ(r.type, DHCPOFFER);
}

KTEST(parse_largest_and_random)
{
	struct dhcp_reply r;
	int i, n, len;
	u8 opts[DHCP_MAX_MSG_LEN - DHCP_OPTIONS];

	/* A full-size message of PADs then END is fine. */
	memset(opts, 0, sizeof(opts));
	opts[0] = 53;
	opts[1] = 1;
	opts[2] = DHCPNAK;
	memcpy(opts + 3, (const u8[]){ SID }, 6);
	opts[sizeof(opts) - 1] = 255;
	EXPECT_EQ(parse_opts(opts, sizeof(opts), &r), DHCP_PARSE_OK);
	/* Random option areas never read out of bounds (ASan watches). */
	for (i = 0; i < 20000; i++) {
		n = ktest_rand() % sizeof(opts);
		ktest_fill_random(opts, n);
		len = mkreply(msgbuf, XID, mac, ip4(10, 0, 9, 50), opts, n);
		if (ktest_rand() % 4 == 0)
			msgbuf[DHCP_OPTIONS + 2] = 52;
		dhcp_parse(msgbuf, len, XID, mac, &r);
	}
}

/* --- lease arithmetic --- */

KTEST(lease_times)
{
	struct dhcp_reply r = { .has_lease = true, .lease = 86400 };
	struct dhcp_times t;

	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.lease, 86400);
	EXPECT_EQ(t.t1, 43200);			/* 0.5 */
	EXPECT_EQ(t.t2, 75600);			/* 0.875 */
	r.has_t1 = r.has_t2 = true;
	r.t1 = 10;
	r.t2 = 100;
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t1, 10);
	EXPECT_EQ(t.t2, 100);
	r.t1 = 200;				/* T1 >= T2: T1's default */
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t1, 50);
	r.t1 = 10;
	r.t2 = 90000;				/* T2 >= lease: T2's default */
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t2, 75600);
	EXPECT_EQ(t.t1, 10);
	r.t1 = 0;				/* 0 is not sane */
	r.t2 = 0;
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t1, 43200);
	r.lease = 3;				/* clamped to the minimum */
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.lease, DHCP_MIN_LEASE);
	EXPECT_LT(t.t1, t.t2);
	EXPECT_LT(t.t2, t.lease);
	/* A server T2 of 1 s leaves no room for T1: not taken. */
	r.lease = 120;
	r.has_t1 = false;
	r.t2 = 1;
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t2, 105);
	EXPECT_EQ(t.t1, 60);
	r.t2 = 2;				/* the smallest usable T2 */
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t2, 2);
	EXPECT_EQ(t.t1, 1);
	r.lease = DHCP_LEASE_INFINITE;
	dhcp_lease_times(&r, &t);
	EXPECT_EQ(t.t1, DHCP_LEASE_INFINITE);
}

KTEST(lease_times_always_ordered)
{
	struct dhcp_reply r = { 0 };
	struct dhcp_times t;
	int i;

	for (i = 0; i < 100000; i++) {
		r.lease = ktest_rand() % 4 ? ktest_rand() % 40 : (u32)ktest_rand();
		if (r.lease == DHCP_LEASE_INFINITE)
			continue;
		r.has_t1 = ktest_rand() & 1;
		r.has_t2 = ktest_rand() & 1;
		r.t1 = ktest_rand() % 4 ? ktest_rand() % 40 : (u32)ktest_rand();
		r.t2 = ktest_rand() % 4 ? ktest_rand() % 40 : (u32)ktest_rand();
		dhcp_lease_times(&r, &t);
		EXPECT_GE(t.t1, 1);
		EXPECT_LT(t.t1, t.t2);
		EXPECT_LT(t.t2, t.lease);
	}
}

KTEST(mask_and_linklocal)
{
	__be32 a, b;
	u32 h;
	int i;

	EXPECT_EQ(dhcp_mask_to_prefix(ip4(255, 255, 255, 0)), 24);
	EXPECT_EQ(dhcp_mask_to_prefix(ip4(255, 255, 255, 255)), 32);
	EXPECT_EQ(dhcp_mask_to_prefix(0), 0);
	EXPECT_EQ(dhcp_mask_to_prefix(ip4(255, 0, 255, 0)), -1);
	EXPECT_EQ(dhcp_mask_to_prefix(ip4(255, 255, 254, 0)), 23);
	for (i = 0; i < 1000; i++) {
		a = dhcp_linklocal_addr(mac, i);
		h = ntohl(a);
		EXPECT_EQ(h >> 16, 0xa9fe);
		EXPECT_GE((h >> 8) & 0xff, 1);		/* 169.254.1.0 .. */
		EXPECT_LE((h >> 8) & 0xff, 254);	/* .. 169.254.254.255 */
	}
	EXPECT_EQ(dhcp_linklocal_addr(mac, 3), dhcp_linklocal_addr(mac, 3));
	a = dhcp_linklocal_addr(mac, 0);
	b = dhcp_linklocal_addr(other_mac, 0);
	EXPECT_NE(a, b);
	EXPECT_NE(dhcp_linklocal_addr(mac, 0), dhcp_linklocal_addr(mac, 1));
}

/* --- the state machine --- */

/* HZ: the jitter term (r % (2 HZ + 1)) - HZ is zero, so waits are exact. */
static u32 no_jitter(void)
{
	return HZ;
}

static u32 counter_rand(void)
{
	static u32 n = HZ;

	return n += 2 * HZ + 1;		/* different xids; jitter stays 0 */
}

static u32 krand32(void)
{
	return (u32)ktest_rand();
}

static struct dhcp_fsm f;
static struct dhcp_action a;

static struct dhcp_reply offer(u8 type, __be32 yiaddr, __be32 server)
{
	struct dhcp_reply r = {
		.type = type, .yiaddr = yiaddr, .server_id = server,
		.mask = ip4(255, 255, 255, 0), .router = server, .has_lease = true,
		.lease = 120, .has_t1 = true, .t1 = 10,
	};

	return r;
}

#define ADDR	ip4(10, 0, 9, 50)
#define SERVER	ip4(10, 0, 9, 1)

/* From INIT to BOUND at T0 (+ nothing: the replies come at once). */
static void to_bound(u64 fallback)
{
	struct dhcp_reply r;

	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, fallback);
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0, &a);
	dhcp_fsm_probed(&f, false, T0 + SEC, &a);
}

KTEST(fsm_discover_schedule_and_fallback)
{
	static const u64 sends[] = { 0, 4, 12, 28, 60, 124, 188 };
	int i;

	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 60 * SEC);
	EXPECT_EQ(f.state, DHCP_INIT);
	for (i = 0; i < 7; i++) {
		/* Nothing a jiffy early. */
		dhcp_fsm_timer(&f, T0 + sends[i] * SEC - 1, &a);
		if (i)
			EXPECT_EQ(a.send, 0);
		dhcp_fsm_timer(&f, T0 + sends[i] * SEC, &a);
		/* The 60 s fallback coincides with the fifth DISCOVER: the
		 * fallback alone first, the DISCOVER at the next call. */
		if (sends[i] == 60) {
			EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
			EXPECT_EQ(a.send, 0);
			EXPECT_EQ(f.deadline, T0 + 60 * SEC);
			dhcp_fsm_timer(&f, T0 + sends[i] * SEC, &a);
		}
		EXPECT_EQ(a.event, DHCP_EV_NONE);
		EXPECT_EQ(a.send, DHCPDISCOVER);
		EXPECT_TRUE(a.broadcast);
		EXPECT_EQ(f.state, DHCP_SELECTING);
	}
	EXPECT_TRUE(f.fallback_active);
	EXPECT_EQ(f.cnt.discovers, 0);		/* the caller counts what it sends */
	EXPECT_EQ(f.deadline, T0 + 252 * SEC);	/* 64 s steps from here on */
}

KTEST(fsm_fallback_between_retransmissions)
{
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 10 * SEC);
	dhcp_fsm_timer(&f, T0, &a);		/* DISCOVER, next at +4 */
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);	/* next at +12 */
	EXPECT_EQ(f.deadline, T0 + 10 * SEC);	/* the fallback first */
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	EXPECT_EQ(a.send, 0);
	EXPECT_EQ(f.deadline, T0 + 12 * SEC);
	dhcp_fsm_timer(&f, T0 + 12 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDISCOVER);
	EXPECT_EQ(a.event, DHCP_EV_NONE);	/* only once */
}

KTEST(fsm_exchange_to_bound)
{
	struct dhcp_reply r;
	struct dhcp_req q;

	dhcp_fsm_init(&f, mac, counter_rand, T0, 0, 0);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);	/* a second DISCOVER: secs 4 */
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 5 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	EXPECT_EQ(a.send, DHCPREQUEST);
	EXPECT_TRUE(a.broadcast);
	dhcp_fsm_fill_req(&f, DHCPREQUEST, T0 + 5 * SEC, &q);
	EXPECT_EQ(q.requested, ADDR);
	EXPECT_EQ(q.server_id, SERVER);
	EXPECT_EQ(q.ciaddr, 0);
	EXPECT_EQ(q.secs, 4);			/* the DISCOVER's [§4.4.1] */
	EXPECT_EQ(q.xid, f.xid);
	/* A second offer is ignored; an ACK from another server too. */
	dhcp_fsm_rcv(&f, &r, T0 + 5 * SEC, &a);
	EXPECT_EQ(a.send, 0);
	r = offer(DHCPACK, ADDR, ip4(10, 0, 9, 3));
	dhcp_fsm_rcv(&f, &r, T0 + 5 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	EXPECT_EQ(f.cnt.ignored, 2);
	/* The ACK: check the address first. */
	r = offer(DHCPACK, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 6 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_CHECKING);
	EXPECT_TRUE(a.probe);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	dhcp_fsm_probed(&f, false, T0 + 7 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_EQ(a.event, DHCP_EV_LEASE);
	/* The lease counts from the REQUEST (T0 + 5), not the DISCOVER
	 * [RFC 2131 §4.4.1], nor the ACK. */
	EXPECT_EQ(f.lease_start, T0 + 5 * SEC);
	EXPECT_EQ(dhcp_fsm_t1(&f), T0 + 15 * SEC);
	EXPECT_EQ(dhcp_fsm_t2(&f), T0 + 110 * SEC);
	EXPECT_EQ(dhcp_fsm_expiry(&f), T0 + 125 * SEC);
	EXPECT_EQ(f.deadline, T0 + 15 * SEC);
	EXPECT_EQ(f.cnt.offers, 2);
	EXPECT_EQ(f.cnt.acks, 2);
}

KTEST(fsm_renew_rebind_expire)
{
	struct dhcp_reply r;
	struct dhcp_req q;
	u32 xid;

	dhcp_fsm_init(&f, mac, counter_rand, T0, 0, 0);	/* distinct xids */
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0, &a);
	dhcp_fsm_probed(&f, false, T0 + SEC, &a);
	EXPECT_EQ(f.state, DHCP_BOUND);
	xid = f.xid;
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_RENEWING);
	EXPECT_EQ(a.event, DHCP_EV_RENEWING);
	EXPECT_EQ(a.send, DHCPREQUEST);
	EXPECT_FALSE(a.broadcast);		/* unicast to the server */
	dhcp_fsm_fill_req(&f, DHCPREQUEST, T0 + 10 * SEC, &q);
	EXPECT_EQ(q.ciaddr, ADDR);
	EXPECT_EQ(q.requested, 0);
	EXPECT_EQ(q.server_id, 0);
	EXPECT_FALSE(q.broadcast);
	EXPECT_NE(f.xid, xid);			/* RENEWING is a new transaction */
	EXPECT_EQ(q.xid, f.xid);
	/* No answer: retransmit after max(60 s, half of the 95 s to T2). */
	EXPECT_EQ(f.deadline, T0 + 70 * SEC);
	dhcp_fsm_timer(&f, T0 + 70 * SEC, &a);
	EXPECT_EQ(a.send, DHCPREQUEST);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(f.deadline, T0 + 105 * SEC);	/* never past T2 */
	dhcp_fsm_timer(&f, T0 + 105 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_REBINDING);
	EXPECT_EQ(a.event, DHCP_EV_REBINDING);
	EXPECT_TRUE(a.broadcast);
	dhcp_fsm_fill_req(&f, DHCPREQUEST, T0 + 105 * SEC, &q);
	EXPECT_EQ(q.ciaddr, ADDR);
	EXPECT_EQ(f.deadline, T0 + 120 * SEC);
	dhcp_fsm_timer(&f, T0 + 120 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_EXPIRED);
	EXPECT_TRUE(a.unconfigure);
	EXPECT_EQ(a.send, DHCPDISCOVER);
	EXPECT_EQ(f.state, DHCP_SELECTING);
	EXPECT_EQ(f.lease.yiaddr, 0);
	/* Renewed in time instead: */
	to_bound(0);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	r = offer(DHCPACK, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_RENEWED);
	EXPECT_FALSE(a.probe);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_EQ(f.lease_start, T0 + 10 * SEC);
	EXPECT_EQ(f.deadline, T0 + 20 * SEC);
}

KTEST(fsm_nak_and_decline)
{
	struct dhcp_reply r;
	struct dhcp_req q;

	to_bound(0);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	r = offer(DHCPNAK, 0, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NAK);
	EXPECT_TRUE(a.unconfigure);
	EXPECT_EQ(f.state, DHCP_INIT);
	dhcp_fsm_timer(&f, T0 + 12 * SEC, &a);	/* 1 s after a first failure */
	EXPECT_EQ(a.send, DHCPDISCOVER);
	/* A NAK in BOUND (no request out) is ignored. */
	to_bound(0);
	dhcp_fsm_rcv(&f, &r, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(f.state, DHCP_BOUND);
	/* The ARP check finds the address in use. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 0);
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0, &a);
	dhcp_fsm_probed(&f, true, T0 + SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_DECLINED);
	EXPECT_EQ(a.send, DHCPDECLINE);
	EXPECT_TRUE(a.broadcast);
	EXPECT_FALSE(a.unconfigure);		/* nothing was configured */
	dhcp_fsm_fill_req(&f, DHCPDECLINE, T0 + SEC, &q);
	EXPECT_EQ(q.requested, ADDR);
	EXPECT_EQ(q.server_id, SERVER);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.deadline, T0 + 11 * SEC);	/* 10 s before starting again */
}

KTEST(fsm_request_timeout)
{
	struct dhcp_reply r;
	int n = 1;
	u64 t = T0;

	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 0);
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0, &a);
	while (f.state == DHCP_REQUESTING && n < 10) {
		t = f.deadline;
		dhcp_fsm_timer(&f, t, &a);
		n += a.send == DHCPREQUEST;
	}
	EXPECT_EQ(n, DHCP_REQUEST_TRIES);
	EXPECT_EQ(t, T0 + 60 * SEC);		/* 4 + 8 + 16 + 32 */
	EXPECT_EQ(a.event, DHCP_EV_REQUEST_TIMEOUT);
	EXPECT_EQ(a.send, 0);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.deadline, T0 + 61 * SEC);	/* a first failure: 1 s */
	dhcp_fsm_timer(&f, T0 + 61 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDISCOVER);
	EXPECT_EQ(f.state, DHCP_SELECTING);
}

KTEST(fsm_lease_clears_fallback_and_jitter_bounds)
{
	struct dhcp_reply r;
	u64 d;
	int i;

	/* Fallen back first, so the lease has something to clear. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 2 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	EXPECT_TRUE(f.fallback_active);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 3 * SEC, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0 + 3 * SEC, &a);
	dhcp_fsm_probed(&f, false, T0 + 4 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_FALSE(f.fallback_active);
	/* Real jitter stays within +-1 s of the step. */
	for (i = 0; i < 200; i++) {
		dhcp_fsm_init(&f, mac, counter_rand, T0, 0, 0);
		f.random = krand32;
		dhcp_fsm_timer(&f, T0, &a);
		d = f.deadline - T0;
		EXPECT_GE(d, 3 * SEC);
		EXPECT_LE(d, 5 * SEC);
	}
}

/* Up to REQUESTING at `t` with the given offer (DISCOVER at t too). */
static void to_requesting(u64 t, u64 fallback, __be32 server)
{
	struct dhcp_reply r;

	dhcp_fsm_init(&f, mac, no_jitter, t, 0, fallback);
	dhcp_fsm_timer(&f, t, &a);
	r = offer(DHCPOFFER, ADDR, server);
	dhcp_fsm_rcv(&f, &r, t, &a);
}

KTEST(fsm_infinite_lease_stays_bound)
{
	struct dhcp_reply r;
	u64 t;
	int i;

	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 60 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	r.lease = DHCP_LEASE_INFINITE;
	r.has_t1 = false;
	dhcp_fsm_rcv(&f, &r, T0, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0, &a);
	dhcp_fsm_probed(&f, false, T0 + SEC, &a);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_EQ(f.deadline, DHCP_NEVER);
	EXPECT_EQ(dhcp_fsm_expiry(&f), DHCP_NEVER);
	/* Ten years of hourly wake-ups, and around the s64 wrap of
	 * DHCP_NEVER - now: nothing to send, no event, still BOUND. */
	for (i = 0, t = T0; i < 10 * 365 * 24; i++, t += 3600ULL * SEC) {
		dhcp_fsm_timer(&f, t, &a);
		if (a.send || a.event || f.state != DHCP_BOUND)
			break;
	}
	EXPECT_EQ(i, 10 * 365 * 24);
	for (t = 0; t < 4; t++) {
		dhcp_fsm_timer(&f, (u64)INT64_MAX - 1 + t, &a);
		EXPECT_EQ(a.send, 0);
		EXPECT_EQ(a.event, DHCP_EV_NONE);
		EXPECT_EQ(f.state, DHCP_BOUND);
	}
	EXPECT_EQ(f.cnt.requests, 0);
}

KTEST(fsm_late_server_lease_from_request)
{
	struct dhcp_reply r;

	/* DISCOVERs from T0; the server answers only at T0 + 130 s, with a
	 * 120 s lease: it runs to T0 + 250 s, not already expired. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 0);
	while (!f.deadline || f.deadline <= T0 + 130 * SEC)
		dhcp_fsm_timer(&f, f.deadline, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 130 * SEC, &a);
	EXPECT_EQ(a.send, DHCPREQUEST);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0 + 131 * SEC, &a);
	dhcp_fsm_probed(&f, false, T0 + 136 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_EQ(a.event, DHCP_EV_LEASE);
	EXPECT_EQ(dhcp_fsm_expiry(&f), T0 + 250 * SEC);
	dhcp_fsm_timer(&f, T0 + 137 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(f.state, DHCP_BOUND);
	EXPECT_EQ(f.deadline, T0 + 140 * SEC);	/* T1 = 10 s after the REQUEST */
	/* A renewal's lease counts from its REQUEST, not its ACK. */
	dhcp_fsm_timer(&f, T0 + 140 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_RENEWING);
	dhcp_fsm_rcv(&f, &r, T0 + 145 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_RENEWED);
	EXPECT_EQ(f.lease_start, T0 + 140 * SEC);
}

KTEST(fsm_nak_while_requesting_and_foreign_nak)
{
	struct dhcp_reply r;

	to_requesting(T0, 0, SERVER);
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	/* Another server's NAK is about its own offer: ignored. */
	r = offer(DHCPNAK, 0, ip4(10, 0, 9, 3));
	dhcp_fsm_rcv(&f, &r, T0 + SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	EXPECT_EQ(f.cnt.ignored, 1);
	EXPECT_EQ(f.cnt.naks, 1);
	/* The chosen server's NAK: back to INIT, nothing to unconfigure. */
	r = offer(DHCPNAK, 0, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NAK);
	EXPECT_FALSE(a.unconfigure);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.deadline, T0 + 3 * SEC);
	/* The ACK of that server now comes too late: ignored. */
	r = offer(DHCPACK, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 2 * SEC, &a);
	EXPECT_FALSE(a.probe);
	EXPECT_EQ(f.state, DHCP_INIT);
}

KTEST(fsm_refusing_server_backs_off_and_falls_back)
{
	static const u64 waits[] = { 1, 4, 8, 16, 32, 64, 64, 64 };
	struct dhcp_reply r;
	u64 t = T0, start;
	int naks = 0, fallbacks = 0, i;

	/* A server that offers and then NAKs every REQUEST at once. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 100 * SEC);
	for (i = 0; i < 8; i++) {
		dhcp_fsm_timer(&f, t, &a);
		fallbacks += a.event == DHCP_EV_NO_SERVER;
		if (a.event == DHCP_EV_NO_SERVER)
			dhcp_fsm_timer(&f, t, &a);
		EXPECT_EQ(a.send, DHCPDISCOVER);
		r = offer(DHCPOFFER, ADDR, SERVER);
		dhcp_fsm_rcv(&f, &r, t, &a);
		r = offer(DHCPNAK, 0, SERVER);
		dhcp_fsm_rcv(&f, &r, t, &a);
		EXPECT_EQ(a.event, DHCP_EV_NAK);
		naks++;
		EXPECT_EQ(f.state, DHCP_INIT);
		start = t;
		/* The next DISCOVER after the growing wait, not before; the
		 * fallback comes in between if it is due first. */
		t = f.deadline;
		if (!fallbacks && start + waits[i] * SEC > T0 + 100 * SEC) {
			EXPECT_EQ(t, T0 + 100 * SEC);
			dhcp_fsm_timer(&f, t, &a);
			EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
			EXPECT_EQ(a.send, 0);
			fallbacks++;
			t = f.deadline;
		}
		EXPECT_EQ(t, start + waits[i] * SEC);
		dhcp_fsm_timer(&f, t - 1, &a);
		EXPECT_EQ(a.send, 0);
	}
	EXPECT_EQ(naks, 8);
	EXPECT_EQ(fallbacks, 1);		/* applied although a server answers */
	EXPECT_TRUE(f.fallback_active);
	EXPECT_EQ(f.fails, 8);
	/* A lease resets the backoff. */
	dhcp_fsm_timer(&f, t, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, t, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, t, &a);
	dhcp_fsm_probed(&f, false, t, &a);
	EXPECT_EQ(f.fails, 0);
}

KTEST(fsm_fallback_due_while_requesting)
{
	/* The REQUEST goes out at 8 s; the 10 s fallback falls inside the
	 * REQUEST's retransmission wait and is not held off by it. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 10 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);
	{
		struct dhcp_reply r = offer(DHCPOFFER, ADDR, SERVER);

		dhcp_fsm_rcv(&f, &r, T0 + 8 * SEC, &a);
	}
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	EXPECT_EQ(f.deadline, T0 + 10 * SEC);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	EXPECT_EQ(a.send, 0);
	EXPECT_EQ(f.state, DHCP_REQUESTING);
	EXPECT_EQ(f.deadline, T0 + 12 * SEC);	/* the REQUEST's retransmission */
	dhcp_fsm_timer(&f, T0 + 12 * SEC, &a);
	EXPECT_EQ(a.send, DHCPREQUEST);
}

KTEST(fsm_fallback_time_is_live)
{
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 60 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);
	EXPECT_EQ(f.deadline, T0 + 12 * SEC);
	/* Lowered to 5 s at T0 + 6: already past, due at once. */
	dhcp_fsm_set_fallback(&f, 5 * SEC, T0 + 6 * SEC);
	EXPECT_EQ(f.deadline, T0 + 6 * SEC);
	dhcp_fsm_timer(&f, T0 + 6 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	/* Set to 0 before it was due: never. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 10 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);
	EXPECT_EQ(f.deadline, T0 + 10 * SEC);
	dhcp_fsm_set_fallback(&f, 0, T0 + 5 * SEC);
	EXPECT_EQ(f.deadline, T0 + 12 * SEC);
	dhcp_fsm_timer(&f, T0 + 12 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_FALSE(f.fallback_active);
}

KTEST(fsm_renewal_with_new_address_is_checked)
{
	__be32 other = ip4(10, 0, 9, 51);
	struct dhcp_reply r;
	struct dhcp_req q;

	to_bound(0);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_RENEWING);
	r = offer(DHCPACK, other, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	EXPECT_TRUE(a.probe);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(f.state, DHCP_CHECKING);
	EXPECT_EQ(f.offer.yiaddr, other);
	EXPECT_EQ(f.lease.yiaddr, ADDR);	/* the old one still held */
	/* Clean: the new address becomes the lease, from the REQUEST. */
	dhcp_fsm_probed(&f, false, T0 + 16 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_LEASE);
	EXPECT_EQ(f.lease.yiaddr, other);
	EXPECT_EQ(f.lease_start, T0 + 10 * SEC);
	/* In use: declined, and the old lease ends with it. */
	to_bound(0);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	dhcp_fsm_probed(&f, true, T0 + 12 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_DECLINED);
	EXPECT_EQ(a.send, DHCPDECLINE);
	EXPECT_TRUE(a.unconfigure);
	dhcp_fsm_fill_req(&f, DHCPDECLINE, T0 + 12 * SEC, &q);
	EXPECT_EQ(q.requested, other);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.lease.yiaddr, 0);
}

KTEST(fsm_rejected_address_is_declined)
{
	struct dhcp_req q;

	/* A first lease refused: declined; nothing was configured, so
	 * nothing is unconfigured. */
	to_bound(0);
	dhcp_fsm_reject(&f, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDECLINE);
	EXPECT_TRUE(a.broadcast);
	EXPECT_EQ(a.event, DHCP_EV_DECLINED);
	EXPECT_FALSE(a.unconfigure);
	dhcp_fsm_fill_req(&f, DHCPDECLINE, T0 + 2 * SEC, &q);
	EXPECT_EQ(q.requested, ADDR);
	EXPECT_EQ(q.server_id, SERVER);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.lease.yiaddr, 0);
	EXPECT_EQ(f.deadline, T0 + 12 * SEC);	/* DECLINE's 10 s */
	/* Not bound: nothing. */
	dhcp_fsm_reject(&f, T0 + 3 * SEC, &a);
	EXPECT_EQ(a.send, 0);
	EXPECT_EQ(f.state, DHCP_INIT);
}

KTEST(fsm_rejected_first_lease_keeps_fallback)
{
	struct dhcp_reply r;

	/* Fallen back at 2 s; the first lease then comes and is refused. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 2 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 3 * SEC, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0 + 3 * SEC, &a);
	dhcp_fsm_probed(&f, false, T0 + 8 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_LEASE);
	dhcp_fsm_reject(&f, T0 + 8 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDECLINE);
	EXPECT_FALSE(a.unconfigure);		/* the fallback address stays */
	EXPECT_TRUE(f.fallback_active);
	EXPECT_EQ(f.unbound_since, T0);		/* the fallback clock not restarted */
	EXPECT_EQ(f.state, DHCP_INIT);
	/* No second fallback meanwhile: the next thing is the DISCOVER. */
	dhcp_fsm_timer(&f, T0 + 18 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NONE);
	EXPECT_EQ(a.send, DHCPDISCOVER);

	/* Not fallen back yet: the clock still counts from boot. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 30 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	r = offer(DHCPOFFER, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + SEC, &a);
	r.type = DHCPACK;
	dhcp_fsm_rcv(&f, &r, T0 + SEC, &a);
	dhcp_fsm_probed(&f, false, T0 + 6 * SEC, &a);
	dhcp_fsm_reject(&f, T0 + 6 * SEC, &a);
	EXPECT_FALSE(a.unconfigure);
	EXPECT_FALSE(f.fallback_active);
	EXPECT_EQ(f.unbound_since, T0);
}

KTEST(fsm_rejected_renewal_address_loses_lease)
{
	__be32 other = ip4(10, 0, 9, 51);
	struct dhcp_reply r;

	/* A renewal ACK with another address, checked clean, then refused:
	 * the old lease is over too, and the fallback clock starts. */
	to_bound(60 * SEC);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_RENEWING);
	r = offer(DHCPACK, other, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	dhcp_fsm_probed(&f, false, T0 + 16 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_LEASE);
	dhcp_fsm_reject(&f, T0 + 16 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDECLINE);
	EXPECT_TRUE(a.unconfigure);
	EXPECT_EQ(f.unbound_since, T0 + 16 * SEC);
	EXPECT_EQ(f.lease.yiaddr, 0);
	/* The same address renewed, then refused (a new mask): lost too. */
	to_bound(0);
	dhcp_fsm_timer(&f, T0 + 10 * SEC, &a);
	r = offer(DHCPACK, ADDR, SERVER);
	dhcp_fsm_rcv(&f, &r, T0 + 11 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_RENEWED);
	dhcp_fsm_reject(&f, T0 + 11 * SEC, &a);
	EXPECT_TRUE(a.unconfigure);
}

KTEST(fsm_fallback_failed_retries_next_round)
{
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 2 * SEC);
	dhcp_fsm_timer(&f, T0, &a);
	dhcp_fsm_timer(&f, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
	dhcp_fsm_timer(&f, T0 + 4 * SEC, &a);	/* DISCOVERs at 4 and 12 s */
	dhcp_fsm_timer(&f, T0 + 12 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDISCOVER);
	dhcp_fsm_fallback_failed(&f, T0 + 20 * SEC);
	EXPECT_FALSE(f.fallback_active);
	EXPECT_EQ(f.unbound_since, T0 + 20 * SEC);
	/* The next round one fallback time later, before the DISCOVER at 28 s. */
	EXPECT_EQ(f.deadline, T0 + 22 * SEC);
	dhcp_fsm_timer(&f, T0 + 22 * SEC, &a);
	EXPECT_EQ(a.event, DHCP_EV_NO_SERVER);
}

KTEST(fsm_release_and_renew)
{
	struct dhcp_req q;
	int i;

	to_bound(0);
	dhcp_fsm_release(&f, T0 + 2 * SEC, &a);
	EXPECT_EQ(a.send, DHCPRELEASE);
	EXPECT_FALSE(a.broadcast);		/* unicast to the server */
	EXPECT_TRUE(a.unconfigure);
	EXPECT_EQ(a.event, DHCP_EV_RELEASED);
	EXPECT_EQ(f.state, DHCP_STOPPED);
	dhcp_fsm_fill_req(&f, DHCPRELEASE, T0 + 2 * SEC, &q);
	EXPECT_EQ(q.ciaddr, ADDR);
	EXPECT_EQ(q.server_id, SERVER);
	/* Stopped: nothing, whatever the time. */
	for (i = 0; i < 100; i++) {
		dhcp_fsm_timer(&f, T0 + (u64)i * 1000 * SEC, &a);
		EXPECT_EQ(a.send, 0);
	}
	dhcp_fsm_release(&f, T0 + 3 * SEC, &a);	/* again: nothing to send */
	EXPECT_EQ(a.send, 0);
	/* renew starts a new exchange at once. */
	dhcp_fsm_renew(&f, T0 + 200 * SEC);
	EXPECT_EQ(f.state, DHCP_INIT);
	EXPECT_EQ(f.lease.yiaddr, 0);
	dhcp_fsm_timer(&f, T0 + 200 * SEC, &a);
	EXPECT_EQ(a.send, DHCPDISCOVER);
	/* renew while BOUND: RENEWING now rather than at T1. */
	to_bound(0);
	dhcp_fsm_renew(&f, T0 + 3 * SEC);
	dhcp_fsm_timer(&f, T0 + 3 * SEC, &a);
	EXPECT_EQ(f.state, DHCP_RENEWING);
	EXPECT_EQ(a.send, DHCPREQUEST);
	/* release with no lease: stops, nothing sent. */
	dhcp_fsm_init(&f, mac, no_jitter, T0, 0, 0);
	dhcp_fsm_release(&f, T0, &a);
	EXPECT_EQ(a.send, 0);
	EXPECT_TRUE(a.unconfigure);
	EXPECT_EQ(f.state, DHCP_STOPPED);
}
