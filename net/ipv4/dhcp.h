/* The DHCP client [RFC 2131, options RFC 2132]: the message format and
 * its strict parser/builder (dhcp_msg.c), the client state machine
 * (dhcp_fsm.c), both pure and host-tested, and the kernel side (dhcp.c:
 * the thread, the socket on port 68, broadcast transmit from 0.0.0.0,
 * the ARP check, applying the lease, the `dhcp` shell command).
 * Not here: INIT-REBOOT, DHCPINFORM, relay agents' options, more than
 * one interface, IPv6. */
#ifndef NET_IPV4_DHCP_H
#define NET_IPV4_DHCP_H

#include "lib/types.h"
#include "lib/byteorder.h"

struct net_device;

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

/* --- the BOOTP/DHCP message [RFC 2131 §2, figure 1] --- */

#define BOOTREQUEST		1
#define BOOTREPLY		2
#define DHCP_HTYPE_ETHER	1
#define DHCP_HLEN_ETHER		6
#define DHCP_FLAG_BROADCAST	0x8000
#define DHCP_MAGIC_COOKIE	0x63825363	/* RFC 2131 §3 */

/* Field offsets. */
#define DHCP_OP			0
#define DHCP_HTYPE		1
#define DHCP_HLEN		2
#define DHCP_HOPS		3
#define DHCP_XID		4
#define DHCP_SECS		8
#define DHCP_FLAGS		10
#define DHCP_CIADDR		12
#define DHCP_YIADDR		16
#define DHCP_SIADDR		20
#define DHCP_GIADDR		24
#define DHCP_CHADDR		28	/* 16 bytes */
#define DHCP_SNAME		44	/* 64 bytes */
#define DHCP_SNAME_LEN		64
#define DHCP_FILE		108	/* 128 bytes */
#define DHCP_FILE_LEN		128
#define DHCP_COOKIE		236
#define DHCP_OPTIONS		240	/* the fixed part and the cookie before */

/* Built messages are padded to the BOOTP minimum of 300 bytes [RFC 1542
 * §3.1.1]; received ones may fill one Ethernet frame (1500 - 20 - 8): a
 * larger datagram is rejected as oversized. */
#define DHCP_MIN_SEND_LEN	300
#define DHCP_MAX_MSG_LEN	1472

/* Option codes [RFC 2132]. */
#define DHO_PAD			0
#define DHO_SUBNET_MASK		1
#define DHO_ROUTERS		3
#define DHO_DNS			6
#define DHO_HOST_NAME		12
#define DHO_REQUESTED_ADDR	50
#define DHO_LEASE_TIME		51
#define DHO_OVERLOAD		52
#define DHO_MESSAGE_TYPE	53
#define DHO_SERVER_ID		54
#define DHO_PARAM_REQUEST	55
#define DHO_RENEWAL_TIME	58	/* T1 */
#define DHO_REBINDING_TIME	59	/* T2 */
#define DHO_CLIENT_ID		61
#define DHO_END			255

/* Option 52's values: which fixed fields hold more options. */
#define DHCP_OVERLOAD_FILE	1
#define DHCP_OVERLOAD_SNAME	2

/* Message types (option 53). */
#define DHCPDISCOVER		1
#define DHCPOFFER		2
#define DHCPREQUEST		3
#define DHCPDECLINE		4
#define DHCPACK			5
#define DHCPNAK			6
#define DHCPRELEASE		7

#define DHCP_LEASE_INFINITE	0xffffffffU
#define DHCP_DNS_MAX		3	/* name servers kept */

/* What the client puts in a message (RFC 2131 table 5 decides which
 * fields each type carries; dhcp_build follows it). */
struct dhcp_req {
	u8 type;		/* DHCPDISCOVER, DHCPREQUEST, DHCPDECLINE, DHCPRELEASE */
	u32 xid;
	u16 secs;
	bool broadcast;		/* ask servers to broadcast their answer */
	__be32 ciaddr;		/* our address when RENEWING/REBINDING/RELEASE */
	__be32 requested;	/* option 50, 0 = none */
	__be32 server_id;	/* option 54, 0 = none */
	u8 chaddr[6];
	const char *hostname;	/* option 12, NULL = none */
};

/* Build the message into buf (size bytes): its length, or -ENOSPC. */
int dhcp_build(void *buf, unsigned int size, const struct dhcp_req *r);

/* A server's reply, checked and decoded. */
struct dhcp_reply {
	u8 type;		/* DHCPOFFER, DHCPACK, DHCPNAK */
	__be32 yiaddr;
	__be32 server_id;
	__be32 mask;		/* 0: no option 1 */
	__be32 router;		/* the first of option 3, 0: none */
	__be32 dns[DHCP_DNS_MAX];
	u8 ndns;
	bool has_lease, has_t1, has_t2;
	u32 lease, t1, t2;	/* seconds, as sent */
	u8 overload;		/* option 52 as found (0: none) */
};

/* Why a received message was rejected; each is counted. */
enum dhcp_parse_err {
	DHCP_PARSE_OK = 0,
	DHCP_ERR_SHORT,		/* shorter than the fixed part and cookie */
	DHCP_ERR_OVERSIZE,	/* over DHCP_MAX_MSG_LEN */
	DHCP_ERR_OP,		/* not a BOOTREPLY */
	DHCP_ERR_HTYPE,		/* htype/hlen not Ethernet */
	DHCP_ERR_XID,		/* not our transaction */
	DHCP_ERR_CHADDR,	/* not our hardware address */
	DHCP_ERR_COOKIE,	/* no magic cookie: plain BOOTP */
	DHCP_ERR_OPT_TRUNC,	/* an option's length runs past its field */
	DHCP_ERR_NO_END,	/* the options field has no END */
	DHCP_ERR_OPT_LEN,	/* a known option with an impossible length */
	DHCP_ERR_OVERLOAD,	/* option 52 not 1..3 */
	DHCP_ERR_NO_TYPE,	/* no option 53 */
	DHCP_ERR_TYPE,		/* a type a server does not send */
	DHCP_ERR_NO_SERVER_ID,	/* OFFER/ACK/NAK without option 54 */
	DHCP_ERR_YIADDR,	/* OFFER/ACK of no usable address */
	DHCP_ERR_NO_LEASE,	/* OFFER/ACK without option 51 */
	DHCP_ERR_MAX
};

extern const char *const dhcp_parse_err_names[DHCP_ERR_MAX];

/*
 * Check a message of len bytes at buf as an answer to transaction xid
 * from chaddr: fixed part, cookie, then the options field (and sname/file
 * when option 52 says so), every option length-checked before it is read.
 * Options split over several instances are concatenated [RFC 3396], so
 * a repeated fixed-size option fails its length check. Fills r.
 */
enum dhcp_parse_err dhcp_parse(const void *buf, unsigned int len, u32 xid,
			       const u8 *chaddr, struct dhcp_reply *r);

/* The name of a message type, "?" if unknown. */
const char *dhcp_type_name(u8 type);

/* --- lease arithmetic --- */

struct dhcp_times {
	u32 lease, t1, t2;	/* seconds; lease DHCP_LEASE_INFINITE: never */
};

/* The lease is at least this long: shorter ones would renew in a loop,
 * and the ARP check (4-7 s) runs inside the lease. */
#define DHCP_MIN_LEASE		60

/*
 * T1 and T2 from a reply [RFC 2131 §4.4.5]: the server's if given and
 * sane (0 < T1 < T2 < lease), else 0.5 and 0.875 of the lease. Always
 * 0 < T1 < T2 < lease for a finite lease, so RENEWING is never skipped
 * (a server T2 of 1 s leaves no room for T1 and is not taken).
 */
void dhcp_lease_times(const struct dhcp_reply *r, struct dhcp_times *t);

/* The prefix length of a contiguous netmask, or -1. */
int dhcp_mask_to_prefix(__be32 mask);

/* The RFC 3927 §2.1 link-local candidate number `attempt` for this MAC:
 * 169.254.1.0 - 169.254.254.255, the same for the same MAC and attempt. */
__be32 dhcp_linklocal_addr(const u8 *mac, u32 attempt);

/* --- the client state machine (dhcp_fsm.c), pure: time in jiffies --- */

enum dhcp_state {
	DHCP_INIT,		/* about to send a DISCOVER */
	DHCP_SELECTING,		/* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING,	/* REQUEST sent, waiting for ACK/NAK */
	DHCP_CHECKING,		/* ACK received, ARP probe of the address */
	DHCP_BOUND,
	DHCP_RENEWING,		/* after T1: unicast REQUEST to the server */
	DHCP_REBINDING,		/* after T2: broadcast REQUEST */
	DHCP_STOPPED,		/* `dhcp release`: nothing until dhcp_fsm_renew() */
	DHCP_STATE_MAX
};

/* Notable moments, for the kernel side's messages. */
enum dhcp_event {
	DHCP_EV_NONE,
	DHCP_EV_LEASE,		/* a new lease: configure it */
	DHCP_EV_RENEWED,	/* the lease extended */
	DHCP_EV_RENEWING,	/* T1 passed */
	DHCP_EV_REBINDING,	/* T2 passed */
	DHCP_EV_EXPIRED,	/* the lease ran out: address gone */
	DHCP_EV_NAK,		/* the server refused */
	DHCP_EV_DECLINED,	/* the ARP check found the address in use */
	DHCP_EV_NO_SERVER,	/* nothing answered in fallback time: fall back */
	DHCP_EV_REQUEST_TIMEOUT,	/* no ACK/NAK: start again */
	DHCP_EV_RELEASED,	/* dhcp_fsm_release(): stopped */
};

/* What the caller must do after a call into the state machine. */
struct dhcp_action {
	u8 send;		/* a message type to send now, 0 = none */
	bool broadcast;		/* send it broadcast (else unicast to the server) */
	bool probe;		/* ARP-probe fsm->offer.yiaddr, then dhcp_fsm_probed() */
	bool unconfigure;	/* remove the leased address and routes */
	enum dhcp_event event;
};

struct dhcp_counters {
	u64 discovers, requests, declines, releases;
	u64 offers, acks, naks;
	u64 ignored;		/* valid, but not what this state waits for */
	u64 bad[DHCP_ERR_MAX];
	u64 bad_port;		/* not from port 67 */
};

/* The retransmission schedule [RFC 2131 §4.1]: 4, 8, 16, 32, 64 s, each
 * randomised by -1..+1 s; the last step repeats. */
#define DHCP_BACKOFF_STEPS	5
extern const u16 dhcp_backoff_s[DHCP_BACKOFF_STEPS];
/* Retransmissions of a REQUEST in REQUESTING before going back to INIT.
 * Consecutive failures (NAK, no ACK, DECLINE) wait 1 s, then the table's
 * steps before the next DISCOVER, so a server that always refuses costs
 * one exchange a minute at most. */
#define DHCP_REQUEST_TRIES	4
/* RENEWING/REBINDING wait half the time left, at least this [§4.4.5]. */
#define DHCP_RENEW_MIN_WAIT_S	60
/* After a DECLINE, wait this before starting again [§3.1.5]. */
#define DHCP_DECLINE_WAIT_S	10
/* A deadline that never comes (infinite lease, STOPPED). The s64
 * time_after() family would call it past: test for it first. */
#define DHCP_NEVER		(~0ULL)

struct dhcp_fsm {
	enum dhcp_state state;
	u8 chaddr[6];
	u32 xid;
	u64 deadline;		/* when dhcp_fsm_timer() is due */
	u64 exchange_start;	/* first DISCOVER/REQUEST of this exchange (secs) */
	u64 request_start;	/* first REQUEST of this exchange: the lease counts from it */
	u8 tries;		/* transmissions in this state */
	u8 fails;		/* consecutive NAKs, REQUEST timeouts, declines */
	u16 last_secs;		/* the latest DISCOVER's secs field */
	u64 next_retx;		/* INIT/SELECTING/REQUESTING: the next transmission
				 * (deadline is the fallback's when that is first) */
	/* Fallback: applied once nothing answered for fallback_after. */
	u64 unbound_since;	/* when we last had no lease */
	u64 fallback_after;	/* jiffies; 0 = never (dhcp_fsm_set_fallback) */
	bool fallback_active;
	/* The lease came to a client that held none (not a renewal's new
	 * address): if the stack refuses it, nothing configured is lost, and
	 * the fallback (fallback_was_active) and its clock stay. */
	bool new_lease;
	bool fallback_was_active;
	struct dhcp_reply offer;	/* the OFFER being requested */
	/* The lease (valid in CHECKING..REBINDING). */
	struct dhcp_reply lease;
	struct dhcp_times times;
	u64 lease_start;	/* when its first REQUEST went out [§4.4.1] */
	u32 (*random)(void);
	struct dhcp_counters cnt;
};

/* Start in INIT; the first DISCOVER goes out at now + initial_delay. */
void dhcp_fsm_init(struct dhcp_fsm *f, const u8 *mac, u32 (*random)(void),
		   u64 now, u64 initial_delay, u64 fallback_after);
/* The deadline passed: retransmit, move on (T1, T2, expiry), fall back. */
void dhcp_fsm_timer(struct dhcp_fsm *f, u64 now, struct dhcp_action *a);
/* A reply that dhcp_parse accepted for f->xid. */
void dhcp_fsm_rcv(struct dhcp_fsm *f, const struct dhcp_reply *r, u64 now,
		  struct dhcp_action *a);
/* The ARP check of a CHECKING address ended: in_use says someone answered. */
void dhcp_fsm_probed(struct dhcp_fsm *f, bool in_use, u64 now, struct dhcp_action *a);
/* The configured address could not be used (the stack refused it):
 * DECLINE it and start again, as for an address in use. A first lease
 * refused leaves the fallback as it was (active or not, its clock
 * running); a renewal's refused new address ends the old lease too. */
void dhcp_fsm_reject(struct dhcp_fsm *f, u64 now, struct dhcp_action *a);
/* The fallback found no address (every link-local candidate of the
 * round in use): the next round after another fallback time. */
void dhcp_fsm_fallback_failed(struct dhcp_fsm *f, u64 now);
/* `dhcp release`: RELEASE a held lease, unconfigure, STOPPED. */
void dhcp_fsm_release(struct dhcp_fsm *f, u64 now, struct dhcp_action *a);
/* `dhcp renew`: from STOPPED start again; BOUND renews now (T1 brought
 * forward); INIT/SELECTING send the next DISCOVER now. */
void dhcp_fsm_renew(struct dhcp_fsm *f, u64 now);
/* A new fallback time (the sysctl is live): the deadline follows. */
void dhcp_fsm_set_fallback(struct dhcp_fsm *f, u64 fallback_after, u64 now);
/* Fill the message the action asks for. */
void dhcp_fsm_fill_req(const struct dhcp_fsm *f, u8 type, u64 now, struct dhcp_req *r);
/* Absolute times of T1, T2, expiry (DHCP_NEVER for an infinite lease). */
u64 dhcp_fsm_t1(const struct dhcp_fsm *f);
u64 dhcp_fsm_t2(const struct dhcp_fsm *f);
u64 dhcp_fsm_expiry(const struct dhcp_fsm *f);
const char *dhcp_state_name(enum dhcp_state s);

/* --- the kernel side (dhcp.c) --- */

/* The fallback when no server answers: a static address (prefixlen > 0)
 * with an optional gateway, else RFC 3927 link-local. */
struct dhcp_fallback {
	__be32 addr;
	int prefixlen;
	__be32 gw;
};

/* Run the client on dev in a thread of its own; returns at once. */
int dhcp_start(struct net_device *dev, const struct dhcp_fallback *fb);
/* No client will run: why, for the `dhcp` command (a static string). */
void dhcp_set_disabled(const char *why);

#endif /* NET_IPV4_DHCP_H */
