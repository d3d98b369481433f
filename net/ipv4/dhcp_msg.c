/* DHCP messages, pure: building the client's DISCOVER, REQUEST, DECLINE
 * and RELEASE [RFC 2131 table 5], and checking a server's OFFER, ACK or
 * NAK with every option length-checked before it is read. Also the lease
 * arithmetic (T1/T2 defaults) and RFC 3927 link-local candidates. No
 * kernel state: host unit tests compile this file as it is. */
#include "net/ipv4/dhcp.h"
#include "lib/errno.h"
#include "lib/string.h"

const char *const dhcp_parse_err_names[DHCP_ERR_MAX] = {
	[DHCP_PARSE_OK] = "ok",
	[DHCP_ERR_SHORT] = "short",
	[DHCP_ERR_OVERSIZE] = "oversize",
	[DHCP_ERR_OP] = "not_bootreply",
	[DHCP_ERR_HTYPE] = "bad_htype",
	[DHCP_ERR_XID] = "wrong_xid",
	[DHCP_ERR_CHADDR] = "wrong_chaddr",
	[DHCP_ERR_COOKIE] = "no_cookie",
	[DHCP_ERR_OPT_TRUNC] = "opt_truncated",
	[DHCP_ERR_NO_END] = "no_end",
	[DHCP_ERR_OPT_LEN] = "opt_bad_len",
	[DHCP_ERR_OVERLOAD] = "bad_overload",
	[DHCP_ERR_NO_TYPE] = "no_type",
	[DHCP_ERR_TYPE] = "bad_type",
	[DHCP_ERR_NO_SERVER_ID] = "no_server_id",
	[DHCP_ERR_YIADDR] = "bad_yiaddr",
	[DHCP_ERR_NO_LEASE] = "no_lease",
};

const char *dhcp_type_name(u8 type)
{
	static const char *const names[] = {
		"?", "DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPDECLINE",
		"DHCPACK", "DHCPNAK", "DHCPRELEASE",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

/* --- building --- */

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Option writer: o->pos past the end means it did not fit. */
struct opt_out {
	u8 *buf;
	unsigned int pos, size;
};

static void opt_put(struct opt_out *o, u8 code, const void *data, unsigned int len)
{
	if (o->pos + 2 + len > o->size) {
		o->pos = o->size + 1;
		return;
	}
	o->buf[o->pos++] = code;
	o->buf[o->pos++] = len;
	memcpy(o->buf + o->pos, data, len);
	o->pos += len;
}

/* What we ask for [RFC 2132 §9.8]: mask, router, DNS, lease, T1, T2. */
static const u8 dhcp_params[] = {
	DHO_SUBNET_MASK, DHO_ROUTERS, DHO_DNS, DHO_LEASE_TIME,
	DHO_RENEWAL_TIME, DHO_REBINDING_TIME,
};

static void dhcp_put_options(struct opt_out *o, const struct dhcp_req *r)
{
	u8 cid[1 + 6];

	opt_put(o, DHO_MESSAGE_TYPE, &r->type, 1);
	/* Client identifier: hardware type then MAC [RFC 2132 §9.14]. */
	cid[0] = DHCP_HTYPE_ETHER;
	memcpy(cid + 1, r->chaddr, 6);
	opt_put(o, DHO_CLIENT_ID, cid, sizeof(cid));
	if (r->requested)
		opt_put(o, DHO_REQUESTED_ADDR, &r->requested, 4);
	if (r->server_id)
		opt_put(o, DHO_SERVER_ID, &r->server_id, 4);
	/* Table 5: DECLINE and RELEASE carry no parameter request list. */
	if (r->type == DHCPDISCOVER || r->type == DHCPREQUEST) {
		opt_put(o, DHO_PARAM_REQUEST, dhcp_params, sizeof(dhcp_params));
		if (r->hostname && r->hostname[0])
			opt_put(o, DHO_HOST_NAME, r->hostname,
				min_t(unsigned int, strlen(r->hostname), 63));
	}
	if (o->pos < o->size)
		o->buf[o->pos++] = DHO_END;
	else
		o->pos = o->size + 1;
}

int dhcp_build(void *buf, unsigned int size, const struct dhcp_req *r)
{
	struct opt_out o = { buf, DHCP_OPTIONS, size };
	u8 *p = buf;

	if (size < DHCP_MIN_SEND_LEN)
		return -ENOSPC;
	memset(p, 0, DHCP_MIN_SEND_LEN);
	p[DHCP_OP] = BOOTREQUEST;
	p[DHCP_HTYPE] = DHCP_HTYPE_ETHER;
	p[DHCP_HLEN] = DHCP_HLEN_ETHER;
	put_be32(p + DHCP_XID, r->xid);
	p[DHCP_SECS] = r->secs >> 8;
	p[DHCP_SECS + 1] = r->secs;
	if (r->broadcast)
		p[DHCP_FLAGS] = DHCP_FLAG_BROADCAST >> 8;
	memcpy(p + DHCP_CIADDR, &r->ciaddr, 4);
	memcpy(p + DHCP_CHADDR, r->chaddr, 6);
	put_be32(p + DHCP_COOKIE, DHCP_MAGIC_COOKIE);
	dhcp_put_options(&o, r);
	if (o.pos > size)
		return -ENOSPC;
	if (o.pos < DHCP_MIN_SEND_LEN) {
		memset(p + o.pos, DHO_PAD, DHCP_MIN_SEND_LEN - o.pos);
		o.pos = DHCP_MIN_SEND_LEN;
	}
	return o.pos;
}

/* --- parsing --- */

/* Concatenated values of the options we read [RFC 3396]; the capacity
 * holds 16 addresses, more are counted but not kept. */
#define OPT_ACC_MAX	64

struct opt_acc {
	bool seen;		/* present, maybe with length 0 */
	unsigned int len;	/* total length over all instances */
	u8 data[OPT_ACC_MAX];
};

/* Index of each option we read in the accumulator array. */
enum { ACC_TYPE, ACC_SERVER, ACC_MASK, ACC_ROUTER, ACC_DNS, ACC_LEASE,
       ACC_T1, ACC_T2, ACC_OVERLOAD, ACC_MAX };

static int acc_index(u8 code)
{
	switch (code) {
	case DHO_MESSAGE_TYPE: return ACC_TYPE;
	case DHO_SERVER_ID: return ACC_SERVER;
	case DHO_SUBNET_MASK: return ACC_MASK;
	case DHO_ROUTERS: return ACC_ROUTER;
	case DHO_DNS: return ACC_DNS;
	case DHO_LEASE_TIME: return ACC_LEASE;
	case DHO_RENEWAL_TIME: return ACC_T1;
	case DHO_REBINDING_TIME: return ACC_T2;
	case DHO_OVERLOAD: return ACC_OVERLOAD;
	default: return -1;
	}
}

struct opt_set {
	struct opt_acc acc[ACC_MAX];
};

static void acc_add(struct opt_acc *a, const u8 *data, unsigned int len)
{
	unsigned int room = a->len < OPT_ACC_MAX ? OPT_ACC_MAX - a->len : 0;

	memcpy(a->data + (OPT_ACC_MAX - room), data, min(len, room));
	a->len += len;
	a->seen = true;
}

/*
 * Walk one options area [RFC 2132 §2]: PAD is one byte, END stops, every
 * other option is code, length, value, and the value must lie inside the
 * area. need_end: the options field itself must end with END [RFC 2131
 * §4.1]; the overloaded sname/file fields may instead run to their end.
 * Option 52 counts only in the options field.
 */
static enum dhcp_parse_err opt_walk(const u8 *p, unsigned int len, bool need_end,
				    bool main_area, struct opt_set *s)
{
	unsigned int i = 0, olen;
	int idx;
	u8 code;

	while (i < len) {
		code = p[i];
		if (code == DHO_PAD) {
			i++;
			continue;
		}
		if (code == DHO_END)
			return DHCP_PARSE_OK;
		if (i + 1 >= len || i + 2 + p[i + 1] > len)
			return DHCP_ERR_OPT_TRUNC;
		olen = p[i + 1];
		idx = acc_index(code);
		if (idx >= 0 && (idx != ACC_OVERLOAD || main_area))
			acc_add(&s->acc[idx], p + i + 2, olen);
		i += 2 + olen;
	}
	return need_end ? DHCP_ERR_NO_END : DHCP_PARSE_OK;
}

static enum dhcp_parse_err dhcp_check_fixed(const u8 *p, unsigned int len, u32 xid,
					    const u8 *chaddr)
{
	if (len > DHCP_MAX_MSG_LEN)
		return DHCP_ERR_OVERSIZE;
	if (len < DHCP_OPTIONS)
		return DHCP_ERR_SHORT;
	if (p[DHCP_OP] != BOOTREPLY)
		return DHCP_ERR_OP;
	if (p[DHCP_HTYPE] != DHCP_HTYPE_ETHER || p[DHCP_HLEN] != DHCP_HLEN_ETHER)
		return DHCP_ERR_HTYPE;
	if (get_be32(p + DHCP_XID) != xid)
		return DHCP_ERR_XID;
	if (memcmp(p + DHCP_CHADDR, chaddr, 6))
		return DHCP_ERR_CHADDR;
	if (get_be32(p + DHCP_COOKIE) != DHCP_MAGIC_COOKIE)
		return DHCP_ERR_COOKIE;
	return DHCP_PARSE_OK;
}

/* The options field, then file and sname if option 52 overloads them
 * [RFC 2131 §4.1: in that order]. */
static enum dhcp_parse_err dhcp_walk_all(const u8 *p, unsigned int len,
					 struct opt_set *s, u8 *overload)
{
	enum dhcp_parse_err err;
	const struct opt_acc *ov = &s->acc[ACC_OVERLOAD];

	err = opt_walk(p + DHCP_OPTIONS, len - DHCP_OPTIONS, true, true, s);
	if (err)
		return err;
	*overload = 0;
	if (!ov->seen)
		return DHCP_PARSE_OK;
	if (ov->len != 1 || ov->data[0] < 1 || ov->data[0] > 3)
		return DHCP_ERR_OVERLOAD;
	*overload = ov->data[0];
	if (*overload & DHCP_OVERLOAD_FILE) {
		err = opt_walk(p + DHCP_FILE, DHCP_FILE_LEN, false, false, s);
		if (err)
			return err;
	}
	if (*overload & DHCP_OVERLOAD_SNAME)
		return opt_walk(p + DHCP_SNAME, DHCP_SNAME_LEN, false, false, s);
	return DHCP_PARSE_OK;
}

/* A present option must have its one possible length; address lists a
 * positive multiple of 4 [RFC 2132 §3.5, §3.8]. */
static bool acc_len_ok(const struct opt_acc *a, unsigned int want)
{
	return !a->seen || a->len == want;
}

static enum dhcp_parse_err dhcp_check_lengths(const struct opt_set *s)
{
	const struct opt_acc *a = s->acc;

	if (!acc_len_ok(&a[ACC_TYPE], 1) || !acc_len_ok(&a[ACC_SERVER], 4) ||
	    !acc_len_ok(&a[ACC_MASK], 4) || !acc_len_ok(&a[ACC_LEASE], 4) ||
	    !acc_len_ok(&a[ACC_T1], 4) || !acc_len_ok(&a[ACC_T2], 4))
		return DHCP_ERR_OPT_LEN;
	if (a[ACC_ROUTER].len % 4 || a[ACC_DNS].len % 4)
		return DHCP_ERR_OPT_LEN;
	return DHCP_PARSE_OK;
}

static u32 acc_u32(const struct opt_acc *a)
{
	return get_be32(a->data);
}

/* A usable unicast address for us: not 0/8, 127/8, multicast or broadcast. */
static bool dhcp_addr_ok(__be32 addr)
{
	u32 a = ntohl(addr);

	return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 28) != 0xe && (a >> 28) != 0xf;
}

static void dhcp_fill_reply(const u8 *p, const struct opt_set *s, struct dhcp_reply *r)
{
	const struct opt_acc *a = s->acc;
	unsigned int i, n;

	r->type = a[ACC_TYPE].data[0];
	memcpy(&r->yiaddr, p + DHCP_YIADDR, 4);
	if (a[ACC_SERVER].len)
		memcpy(&r->server_id, a[ACC_SERVER].data, 4);
	if (a[ACC_MASK].len)
		memcpy(&r->mask, a[ACC_MASK].data, 4);
	if (a[ACC_ROUTER].len)
		memcpy(&r->router, a[ACC_ROUTER].data, 4);
	n = min_t(unsigned int, a[ACC_DNS].len / 4, DHCP_DNS_MAX);
	for (i = 0; i < n; i++)
		memcpy(&r->dns[i], a[ACC_DNS].data + 4 * i, 4);
	r->ndns = n;
	r->has_lease = a[ACC_LEASE].len != 0;
	r->has_t1 = a[ACC_T1].len != 0;
	r->has_t2 = a[ACC_T2].len != 0;
	r->lease = r->has_lease ? acc_u32(&a[ACC_LEASE]) : 0;
	r->t1 = r->has_t1 ? acc_u32(&a[ACC_T1]) : 0;
	r->t2 = r->has_t2 ? acc_u32(&a[ACC_T2]) : 0;
}

/* Table 3 of RFC 2131: what each server message must carry. */
static enum dhcp_parse_err dhcp_check_semantics(const struct dhcp_reply *r)
{
	if (r->type != DHCPOFFER && r->type != DHCPACK && r->type != DHCPNAK)
		return DHCP_ERR_TYPE;
	if (!r->server_id)
		return DHCP_ERR_NO_SERVER_ID;
	if (r->type == DHCPNAK)
		return DHCP_PARSE_OK;
	if (!dhcp_addr_ok(r->yiaddr))
		return DHCP_ERR_YIADDR;
	if (!r->has_lease)
		return DHCP_ERR_NO_LEASE;
	return DHCP_PARSE_OK;
}

enum dhcp_parse_err dhcp_parse(const void *buf, unsigned int len, u32 xid,
			       const u8 *chaddr, struct dhcp_reply *r)
{
	static struct opt_set zero;
	struct opt_set s = zero;
	const u8 *p = buf;
	enum dhcp_parse_err err;
	u8 overload;

	memset(r, 0, sizeof(*r));
	err = dhcp_check_fixed(p, len, xid, chaddr);
	if (!err)
		err = dhcp_walk_all(p, len, &s, &overload);
	if (!err)
		err = dhcp_check_lengths(&s);
	if (err)
		return err;
	if (!s.acc[ACC_TYPE].seen)
		return DHCP_ERR_NO_TYPE;
	dhcp_fill_reply(p, &s, r);
	r->overload = overload;
	return dhcp_check_semantics(r);
}

/* --- lease arithmetic --- */

void dhcp_lease_times(const struct dhcp_reply *r, struct dhcp_times *t)
{
	u32 lease = r->lease;

	if (lease < DHCP_MIN_LEASE)
		lease = DHCP_MIN_LEASE;
	t->lease = lease;
	if (lease == DHCP_LEASE_INFINITE) {
		t->t1 = t->t2 = DHCP_LEASE_INFINITE;
		return;
	}
	/* RFC 2131 §4.4.5: T1 0.5, T2 0.875 of the lease by default. */
	t->t1 = lease / 2;
	t->t2 = (u32)((u64)lease * 7 / 8);
	/* T2 >= 2 leaves a whole second for T1 before it. */
	if (r->has_t2 && r->t2 >= 2 && r->t2 < lease)
		t->t2 = r->t2;
	if (r->has_t1 && r->t1 > 0 && r->t1 < t->t2)
		t->t1 = r->t1;
	if (t->t1 >= t->t2)	/* a server T2 below our default T1 */
		t->t1 = t->t2 / 2;	/* >= 1: t2 >= 2 */
}

int dhcp_mask_to_prefix(__be32 mask)
{
	u32 m = ntohl(mask);
	int n = 0;

	while (n < 32 && (m & (0x80000000U >> n)))
		n++;
	/* Contiguous: nothing set after the first zero bit. */
	if (n < 32 && (m << n))
		return -1;
	return n;
}

/* RFC 3927 §2.1: seeded by the MAC so a host tends to get the same
 * address; FNV-1a over MAC and attempt spreads it over the 65,024
 * addresses of 169.254.1.0 - 169.254.254.255. */
__be32 dhcp_linklocal_addr(const u8 *mac, u32 attempt)
{
	u32 h = 2166136261U;
	int i;

	for (i = 0; i < 6; i++)
		h = (h ^ mac[i]) * 16777619U;
	for (i = 0; i < 4; i++)
		h = (h ^ (u8)(attempt >> (8 * i))) * 16777619U;
	h %= 254 * 256;
	return htonl(0xa9fe0000U | ((h / 256 + 1) << 8) | (h % 256));
}
