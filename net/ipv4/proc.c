/* The IPv4/ICMP counters (snmp.h), UDP's (udp.h), and their two views, as Linux's
 * net/ipv4/proc.c feeds them to the tools: `netstat -s` in net-tools'
 * wording (Ip:, Icmp:, IcmpMsg:, IpExt:, then napkin's IpDrop:), and
 * `nstat [-a] [-z]` with one "<Section><Name> <value>" line per counter,
 * the stable form for scripts and tests (see net/ipv4/README.md). */
#include "net/ipv4/icmp.h"
#include "net/ipv4/ip.h"
#include "net/ipv4/udp.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/sysctl.h"
#include "lib/errno.h"
#include "lib/printf.h"
#include "lib/string.h"

struct ipstats_mib ip_statistics[NR_CPUS];
struct icmp_mib icmp_statistics[NR_CPUS];
struct udp_mib udp_statistics[NR_CPUS];

/* ipForwarding [RFC 4293]: a read-write MIB object, the value behind
 * net.ipv4.ip_forward (ip_forward.c): 1 router, 2 host. */
int sysctl_ip_forward;
SYSCTL_INT_ENTRY(ip_forward, "net.ipv4.ip_forward", &sysctl_ip_forward, 0, 1,
		 "1: forward datagrams not addressed to us (TTL, ICMP errors, fragmentation)");

static int ip_mib_forwarding(void)
{
	return READ_ONCE(sysctl_ip_forward) ? 1 : 2;
}

/* --- drops --- */

struct ip_drop_desc {
	const char *name;
	int mib[2];
};

#define NOMIB	-1

static const struct ip_drop_desc ip_drop_table[IPDROP_MAX] = {
	[IPDROP_NONE] = { "None", { NOMIB, NOMIB } },
	[IPDROP_OTHERHOST] = { "OtherHost", { NOMIB, NOMIB } },
	[IPDROP_HDR_TOO_SHORT] = { "HdrTooShort", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_BAD_VERSION] = { "BadVersion", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_BAD_IHL] = { "BadIhl", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_HDR_TRUNCATED] = { "HdrTruncated", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_BAD_CSUM] = { "BadCsum", { IPSTATS_MIB_CSUMERRORS, IPSTATS_MIB_INHDRERRORS } },
	[IPDROP_TRUNCATED] = { "Truncated", { IPSTATS_MIB_INTRUNCATEDPKTS, NOMIB } },
	[IPDROP_TOTLEN_SHORT] = { "TotLenShort", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_BAD_OPTIONS] = { "BadOptions", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_MARTIAN_SRC] = { "MartianSrc", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_OWN_SRC] = { "OwnSrc", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_MARTIAN_DST] = { "MartianDst", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_NOT_FOR_US] = { "NotForUs", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_MCAST] = { "Mcast", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_FRAG_DUP] = { "FragDup", { NOMIB, NOMIB } },
	[IPDROP_FRAG_OVERLAP] = { "FragOverlap", { IPSTATS_MIB_REASM_OVERLAPS, IPSTATS_MIB_REASMFAILS } },
	[IPDROP_FRAG_TOOBIG] = { "FragTooBig", { IPSTATS_MIB_REASMFAILS, NOMIB } },
	[IPDROP_FRAG_BADLEN] = { "FragBadLen", { IPSTATS_MIB_REASMFAILS, NOMIB } },
	[IPDROP_FRAG_QFULL] = { "FragQueueFull", { IPSTATS_MIB_REASMFAILS, NOMIB } },
	[IPDROP_FRAG_EVICTED] = { "FragEvicted", { IPSTATS_MIB_REASMFAILS, NOMIB } },
	[IPDROP_FRAG_TIMEOUT] = { "FragTimeout", { IPSTATS_MIB_REASMTIMEOUT, IPSTATS_MIB_REASMFAILS } },
	[IPDROP_FRAG_NOMEM] = { "FragNoMem", { IPSTATS_MIB_REASMFAILS, NOMIB } },
	[IPDROP_NOPROTO] = { "NoProto", { IPSTATS_MIB_INUNKNOWNPROTOS, NOMIB } },
	[IPDROP_NOMEM] = { "NoMem", { IPSTATS_MIB_INDISCARDS, NOMIB } },
	[IPDROP_OUT_NOROUTE] = { "OutNoRoute", { IPSTATS_MIB_OUTNOROUTES, NOMIB } },
	[IPDROP_OUT_TOOBIG] = { "OutTooBig", { IPSTATS_MIB_FRAGFAILS, NOMIB } },
	[IPDROP_OUT_NOMEM] = { "OutNoMem", { IPSTATS_MIB_OUTDISCARDS, NOMIB } },
	[IPDROP_FWD_TTL] = { "FwdTtlExpired", { IPSTATS_MIB_INHDRERRORS, NOMIB } },
	[IPDROP_FWD_NOROUTE] = { "FwdNoRoute", { IPSTATS_MIB_INNOROUTES, NOMIB } },
	[IPDROP_FWD_TOOBIG] = { "FwdTooBig", { IPSTATS_MIB_FRAGFAILS, NOMIB } },
	[IPDROP_FWD_NOTHOST] = { "FwdNotHost", { IPSTATS_MIB_INADDRERRORS, NOMIB } },
	[IPDROP_FWD_NOMEM] = { "FwdNoMem", { IPSTATS_MIB_OUTDISCARDS, NOMIB } },
	/* As Linux: a filtered packet received or forwarded is in no MIB
	 * counter; a locally sent one is an OutDiscards (ip_output.c). */
	[IPDROP_NETFILTER] = { "Netfilter", { NOMIB, NOMIB } },
};

void ip_drop_mib(enum ip_drop_reason reason, int mib[2])
{
	mib[0] = ip_drop_table[reason].mib[0];
	mib[1] = ip_drop_table[reason].mib[1];
}

void ip_drop_count(enum ip_drop_reason reason)
{
	const struct ip_drop_desc *d = &ip_drop_table[reason];

	snmp_add(&ip_statistics[smp_processor_id()].drops[reason], 1);
	if (d->mib[0] != NOMIB)
		__IP_INC_STATS(d->mib[0]);
	if (d->mib[1] != NOMIB)
		__IP_INC_STATS(d->mib[1]);
}

/* --- sums --- */

u64 ip_stats_read(int field)
{
	u64 sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(ip_statistics[cpu].mibs[field]);
	return sum;
}

u64 ip_drops_read(enum ip_drop_reason reason)
{
	u64 sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(ip_statistics[cpu].drops[reason]);
	return sum;
}

u64 icmp_stats_read(int field)
{
	u64 sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(icmp_statistics[cpu].mibs[field]);
	return sum;
}

u64 udp_stats_read(int field)
{
	u64 sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(udp_statistics[cpu].mibs[field]);
	return sum;
}

u64 icmpmsg_read(bool out, u8 type)
{
	u64 sum = 0;
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		const u64 *v = out ? &icmp_statistics[cpu].out_type[type] :
				     &icmp_statistics[cpu].in_type[type];

		sum += READ_ONCE(*v);
	}
	return sum;
}

/* --- the tables, in /proc/net/snmp order, with net-tools' wording --- */

enum { SHOW_ALWAYS, SHOW_NONZERO };

struct snmp_item {
	const char *name;	/* the /proc field name */
	int field;
	const char *text;	/* netstat -s: "%lu ..." sentence, or NULL: "Name: N" */
	int show;
};

static const struct snmp_item ip_items[] = {
	{ "InReceives", IPSTATS_MIB_INPKTS, "total packets received", SHOW_ALWAYS },
	{ "InHdrErrors", IPSTATS_MIB_INHDRERRORS, "with invalid headers", SHOW_NONZERO },
	{ "InAddrErrors", IPSTATS_MIB_INADDRERRORS, "with invalid addresses", SHOW_NONZERO },
	{ "ForwDatagrams", IPSTATS_MIB_OUTFORWDATAGRAMS, "forwarded", SHOW_ALWAYS },
	{ "InUnknownProtos", IPSTATS_MIB_INUNKNOWNPROTOS, "with unknown protocol", SHOW_NONZERO },
	{ "InDiscards", IPSTATS_MIB_INDISCARDS, "incoming packets discarded", SHOW_ALWAYS },
	{ "InDelivers", IPSTATS_MIB_INDELIVERS, "incoming packets delivered", SHOW_ALWAYS },
	{ "OutRequests", IPSTATS_MIB_OUTREQUESTS, "requests sent out", SHOW_ALWAYS },
	{ "OutDiscards", IPSTATS_MIB_OUTDISCARDS, "outgoing packets dropped", SHOW_NONZERO },
	{ "OutNoRoutes", IPSTATS_MIB_OUTNOROUTES, "dropped because of missing route", SHOW_NONZERO },
	{ "ReasmTimeout", IPSTATS_MIB_REASMTIMEOUT, "fragments dropped after timeout", SHOW_NONZERO },
	{ "ReasmReqds", IPSTATS_MIB_REASMREQDS, "reassemblies required", SHOW_NONZERO },
	{ "ReasmOKs", IPSTATS_MIB_REASMOKS, "packets reassembled ok", SHOW_NONZERO },
	{ "ReasmFails", IPSTATS_MIB_REASMFAILS, "packet reassemblies failed", SHOW_NONZERO },
	{ "FragOKs", IPSTATS_MIB_FRAGOKS, "outgoing packets fragmented ok", SHOW_NONZERO },
	{ "FragFails", IPSTATS_MIB_FRAGFAILS, "outgoing packets failed fragmentation", SHOW_NONZERO },
	{ "FragCreates", IPSTATS_MIB_FRAGCREATES, "fragments created", SHOW_NONZERO },
	{ "OutTransmits", IPSTATS_MIB_OUTPKTS, NULL, SHOW_NONZERO },
};

static const struct snmp_item ipext_items[] = {
	{ "InNoRoutes", IPSTATS_MIB_INNOROUTES, NULL, SHOW_NONZERO },
	{ "InTruncatedPkts", IPSTATS_MIB_INTRUNCATEDPKTS, NULL, SHOW_NONZERO },
	{ "InMcastPkts", IPSTATS_MIB_INMCASTPKTS, NULL, SHOW_NONZERO },
	{ "OutMcastPkts", IPSTATS_MIB_OUTMCASTPKTS, NULL, SHOW_NONZERO },
	{ "InBcastPkts", IPSTATS_MIB_INBCASTPKTS, NULL, SHOW_NONZERO },
	{ "OutBcastPkts", IPSTATS_MIB_OUTBCASTPKTS, NULL, SHOW_NONZERO },
	{ "InOctets", IPSTATS_MIB_INOCTETS, NULL, SHOW_NONZERO },
	{ "OutOctets", IPSTATS_MIB_OUTOCTETS, NULL, SHOW_NONZERO },
	{ "InMcastOctets", IPSTATS_MIB_INMCASTOCTETS, NULL, SHOW_NONZERO },
	{ "OutMcastOctets", IPSTATS_MIB_OUTMCASTOCTETS, NULL, SHOW_NONZERO },
	{ "InBcastOctets", IPSTATS_MIB_INBCASTOCTETS, NULL, SHOW_NONZERO },
	{ "OutBcastOctets", IPSTATS_MIB_OUTBCASTOCTETS, NULL, SHOW_NONZERO },
	{ "InCsumErrors", IPSTATS_MIB_CSUMERRORS, NULL, SHOW_NONZERO },
	{ "InNoECTPkts", IPSTATS_MIB_NOECTPKTS, NULL, SHOW_NONZERO },
	{ "InECT1Pkts", IPSTATS_MIB_ECT1PKTS, NULL, SHOW_NONZERO },
	{ "InECT0Pkts", IPSTATS_MIB_ECT0PKTS, NULL, SHOW_NONZERO },
	{ "InCEPkts", IPSTATS_MIB_CEPKTS, NULL, SHOW_NONZERO },
	{ "ReasmOverlaps", IPSTATS_MIB_REASM_OVERLAPS, NULL, SHOW_NONZERO },
};

/* Udp: (udp.h's counters) in /proc/net/snmp order, net-tools' wording. */
static const struct snmp_item udp_items[] = {
	{ "InDatagrams", UDP_MIB_INDATAGRAMS, "packets received", SHOW_ALWAYS },
	{ "NoPorts", UDP_MIB_NOPORTS, "packets to unknown port received", SHOW_ALWAYS },
	{ "InErrors", UDP_MIB_INERRORS, "packet receive errors", SHOW_ALWAYS },
	{ "OutDatagrams", UDP_MIB_OUTDATAGRAMS, "packets sent", SHOW_ALWAYS },
	{ "RcvbufErrors", UDP_MIB_RCVBUFERRORS, "receive buffer errors", SHOW_ALWAYS },
	{ "SndbufErrors", UDP_MIB_SNDBUFERRORS, "send buffer errors", SHOW_ALWAYS },
	{ "InCsumErrors", UDP_MIB_CSUMERRORS, NULL, SHOW_NONZERO },
	{ "IgnoredMulti", UDP_MIB_IGNOREDMULTI, NULL, SHOW_ALWAYS },
};

/* Icmp: fields kept directly; the per-type ones come from IcmpMsg. */
static const struct snmp_item icmp_in_items[] = {
	{ "InMsgs", ICMP_MIB_INMSGS, "ICMP messages received", SHOW_ALWAYS },
	{ "InErrors", ICMP_MIB_INERRORS, "input ICMP message failed", SHOW_ALWAYS },
	{ "InCsumErrors", ICMP_MIB_CSUMERRORS, NULL, SHOW_NONZERO },
};

static const struct snmp_item icmp_out_items[] = {
	{ "OutMsgs", ICMP_MIB_OUTMSGS, "ICMP messages sent", SHOW_ALWAYS },
	{ "OutErrors", ICMP_MIB_OUTERRORS, "ICMP messages failed", SHOW_ALWAYS },
	{ "OutRateLimitGlobal", ICMP_MIB_RATELIMITGLOBAL, NULL, SHOW_NONZERO },
	{ "OutRateLimitHost", ICMP_MIB_RATELIMITHOST, NULL, SHOW_NONZERO },
};

/* Per-type Icmp: fields: "In"/"Out" + name, and the histogram wording. */
struct icmp_type_item {
	const char *name;
	u8 type;
	const char *in_text, *out_text;
};

static const struct icmp_type_item icmp_type_items[] = {
	{ "DestUnreachs", ICMP_DEST_UNREACH, "destination unreachable", "destination unreachable" },
	{ "TimeExcds", ICMP_TIME_EXCEEDED, "timeout in transit", "time exceeded" },
	{ "ParmProbs", ICMP_PARAMETERPROB, "wrong parameters", "wrong parameters" },
	{ "SrcQuenchs", ICMP_SOURCE_QUENCH, "source quenches", "source quench" },
	{ "Redirects", ICMP_REDIRECT, "redirects", "redirect" },
	{ "Echos", ICMP_ECHO, "echo requests", "echo requests" },
	{ "EchoReps", ICMP_ECHOREPLY, "echo replies", "echo replies" },
	{ "Timestamps", ICMP_TIMESTAMP, "timestamp request", "timestamp requests" },
	{ "TimestampReps", ICMP_TIMESTAMPREPLY, "timestamp reply", "timestamp replies" },
	{ "AddrMasks", ICMP_ADDRESS, "address mask request", "address mask requests" },
	{ "AddrMaskReps", ICMP_ADDRESSREPLY, "address mask replies", "address mask replies" },
};

/* --- netstat -s --- */

static void netstat_items(const struct snmp_item *it, size_t n, u64 (*read)(int))
{
	size_t i;

	for (i = 0; i < n; i++) {
		u64 v = read(it[i].field);

		if (it[i].show == SHOW_NONZERO && !v)
			continue;
		if (it[i].text)
			kprintf("    %lu %s\n", v, it[i].text);
		else
			kprintf("    %s: %lu\n", it[i].name, v);
	}
}

static void netstat_icmp_histogram(bool out)
{
	size_t i;

	kprintf("    ICMP %s histogram:\n", out ? "output" : "input");
	for (i = 0; i < ARRAY_SIZE(icmp_type_items); i++) {
		u64 v = icmpmsg_read(out, icmp_type_items[i].type);

		if (v)
			kprintf("        %s: %lu\n", out ? icmp_type_items[i].out_text :
						     icmp_type_items[i].in_text, v);
	}
}

static void netstat_icmpmsg(void)
{
	int out, t;

	kprintf("IcmpMsg:\n");
	for (out = 0; out < 2; out++)
		for (t = 0; t < ICMPMSG_MIB_MAX; t++)
			if (icmpmsg_read(out, t))
				kprintf("        %sType%d: %lu\n", out ? "Out" : "In", t,
					icmpmsg_read(out, t));
}

static void netstat_ipdrop(void)
{
	int r;

	kprintf("IpDrop:\n");
	for (r = 1; r < IPDROP_MAX; r++)
		if (ip_drops_read(r))
			kprintf("    %s: %lu\n", ip_drop_table[r].name, ip_drops_read(r));
}

static void netstat_s(void)
{
	kprintf("Ip:\n    Forwarding: %d\n", ip_mib_forwarding());
	netstat_items(ip_items, ARRAY_SIZE(ip_items), ip_stats_read);
	kprintf("Icmp:\n");
	netstat_items(icmp_in_items, ARRAY_SIZE(icmp_in_items), icmp_stats_read);
	netstat_icmp_histogram(false);
	netstat_items(icmp_out_items, ARRAY_SIZE(icmp_out_items), icmp_stats_read);
	netstat_icmp_histogram(true);
	netstat_icmpmsg();
	kprintf("Udp:\n");
	netstat_items(udp_items, ARRAY_SIZE(udp_items), udp_stats_read);
	kprintf("IpExt:\n");
	netstat_items(ipext_items, ARRAY_SIZE(ipext_items), ip_stats_read);
	netstat_ipdrop();
}

static int netstat_cmd(int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "-s")) {
		kprintf("usage: netstat -s   (raw counters: nstat -az)\n");
		return -EINVAL;
	}
	netstat_s();
	return 0;
}
SHELL_COMMAND(netstat, "netstat", netstat_cmd, "-s: IPv4, ICMP and UDP statistics");

/* --- nstat --- */

static void nstat_line(const char *section, const char *name, u64 v, bool zeros)
{
	char key[48];

	if (!v && !zeros)
		return;
	snprintf(key, sizeof(key), "%s%s", section, name);
	kprintf("%-32s%-16lu%6s\n", key, v, "0.0");
}

static void nstat_items(const char *section, const struct snmp_item *it, size_t n,
			u64 (*read)(int), bool zeros)
{
	size_t i;

	for (i = 0; i < n; i++)
		nstat_line(section, it[i].name, read(it[i].field), zeros);
}

static void nstat_icmp_types(bool out, bool zeros)
{
	char name[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(icmp_type_items); i++) {
		snprintf(name, sizeof(name), "%s%s", out ? "Out" : "In", icmp_type_items[i].name);
		nstat_line("Icmp", name, icmpmsg_read(out, icmp_type_items[i].type), zeros);
	}
}

static void nstat_all(bool zeros)
{
	char name[16];
	int out, t;

	kprintf("#kernel\n");
	nstat_line("Ip", "Forwarding", ip_mib_forwarding(), zeros);
	nstat_line("Ip", "DefaultTTL", READ_ONCE(sysctl_ip_default_ttl), zeros);
	nstat_items("Ip", ip_items, ARRAY_SIZE(ip_items), ip_stats_read, zeros);
	nstat_items("Icmp", icmp_in_items, ARRAY_SIZE(icmp_in_items), icmp_stats_read, zeros);
	nstat_icmp_types(false, zeros);
	nstat_items("Icmp", icmp_out_items, ARRAY_SIZE(icmp_out_items), icmp_stats_read, zeros);
	nstat_icmp_types(true, zeros);
	/* IcmpMsg lists only the types seen, as in /proc/net/snmp. */
	for (out = 0; out < 2; out++)
		for (t = 0; t < ICMPMSG_MIB_MAX; t++)
			if (icmpmsg_read(out, t)) {
				snprintf(name, sizeof(name), "%sType%d", out ? "Out" : "In", t);
				nstat_line("IcmpMsg", name, icmpmsg_read(out, t), zeros);
			}
	nstat_items("Udp", udp_items, ARRAY_SIZE(udp_items), udp_stats_read, zeros);
	nstat_items("IpExt", ipext_items, ARRAY_SIZE(ipext_items), ip_stats_read, zeros);
	for (t = 1; t < IPDROP_MAX; t++)
		nstat_line("IpDrop", ip_drop_table[t].name, ip_drops_read(t), zeros);
}

/* Absolute values always (napkin keeps no history file): -a is implied. */
static int nstat_cmd(int argc, char **argv)
{
	bool zeros = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || strspn(argv[i] + 1, "az") != strlen(argv[i] + 1)) {
			kprintf("usage: nstat [-a] [-z]\n");
			return -EINVAL;
		}
		if (strchr(argv[i], 'z'))
			zeros = true;
	}
	nstat_all(zeros);
	return 0;
}
SHELL_COMMAND(nstat, "nstat", nstat_cmd, "[-az]: every IPv4/ICMP/UDP counter, one per line");
