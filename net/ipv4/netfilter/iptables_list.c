/* iptables -L: napkin's table printed in iptables' layout (columns
 * `pkts bytes target prot opt in out source destination`, then the
 * tcp/udp match as `udp dpt:9`), K/M/G-rounded counters unless -x.
 * Addresses and ports are always numbers: there is no resolver, so -n
 * only switches `anywhere`/`any` to `0.0.0.0/0`/`*`. Called by ipt_run
 * (iptables_cmd.c); reads the table through its snapshot calls. */
#include "net/ipv4/netfilter/iptables_cmd.h"
#include "net/ipv4/ip.h"
#include "kernel/printk.h"
#include "lib/printf.h"
#include "lib/string.h"

/* xtables_print_num: in a column, or (table=false) followed by a space. */
static void ipt_num(char *buf, size_t size, u64 v, unsigned int flags, bool table,
		    int width)
{
	static const char units[] = "KMGT";
	int u = -1;

	/* Five digits plain, then four and a unit, as xtables_print_num. */
	if (!(flags & IPT_F_EXACT) && v > 99999) {
		do {
			v = (v + 500) / 1000;
			u++;
		} while (v > 9999 && u < 3);
	}
	if (!table)
		width = 0;
	if (u < 0)
		snprintf(buf, size, "%*llu ", width, (unsigned long long)v);
	else
		snprintf(buf, size, "%*llu%c ", width ? width - 1 : 0,
			 (unsigned long long)v, units[u]);
}

static void ipt_list_header(struct ipt_table *t, int chain, unsigned int flags)
{
	struct ipt_chain_info info;
	char p[24], b[24];
	bool exact = flags & IPT_F_EXACT;

	if (ipt_chain_info(t, chain, &info))
		return;
	kprintf("Chain %s (policy %s", ipt_chain_names[chain],
		info.policy == NF_DROP ? "DROP" : "ACCEPT");
	if (flags & IPT_F_VERBOSE) {
		ipt_num(p, sizeof(p), info.pcnt, flags, false, 0);
		ipt_num(b, sizeof(b), info.bcnt, flags, false, 0);
		kprintf(" %spackets, %sbytes", p, b);
	}
	kprintf(")\n");
	if (flags & IPT_F_LINENUM)
		kprintf("%-4s ", "num");
	if (flags & IPT_F_VERBOSE)
		kprintf(exact ? "%8s %10s " : "%5s %5s ", "pkts", "bytes");
	kprintf("%-9s  prot opt", "target");
	if (flags & IPT_F_VERBOSE)
		kprintf(" %-6s %-6s ", "in", "out");
	kprintf(" %-19s  %-19s \n", "source", "destination");
}

static void ipt_fmt_addr(char *buf, size_t size, __be32 addr, __be32 mask,
			 unsigned int flags)
{
	u32 m = ntohl(mask);
	int plen = 0;

	while (m & 0x80000000U) {	/* masks come from a prefix length */
		plen++;
		m <<= 1;
	}

	if (!mask && !(flags & IPT_F_NUMERIC))
		snprintf(buf, size, "anywhere");
	else if (plen == 32)
		snprintf(buf, size, "%pI4", &addr);	/* iptables hides /32 */
	else
		snprintf(buf, size, "%pI4/%d", &addr, plen);
}

static void ipt_fmt_iface(char *buf, size_t size, const char *name, bool wild,
			  bool inv, unsigned int flags)
{
	if (!name[0])
		snprintf(buf, size, "%s%s", inv ? "!" : "",
			 flags & IPT_F_NUMERIC ? "*" : "any");
	else
		snprintf(buf, size, "%s%s%s", inv ? "!" : "", name, wild ? "+" : "");
}

/* " udp spt:53 dpts:1000:2000", Linux's print_ports. */
static void ipt_print_ports(const char *name, const u16 r[2], bool inv)
{
	const char *bang = inv ? "!" : "";

	if (r[0] == 0 && r[1] == 0xFFFF && !inv)
		return;
	if (r[0] == r[1])
		kprintf(" %s:%s%u", name, bang, r[0]);
	else
		kprintf(" %ss:%s%u:%u", name, bang, r[0], r[1]);
}

static void ipt_list_rule(u32 num, const struct ipt_entry *e, unsigned int flags)
{
	u8 inv = e->ip.invflags;
	bool exact = flags & IPT_F_EXACT;
	char a[24], b[24], pbuf[8];

	if (flags & IPT_F_LINENUM)
		kprintf("%-4u ", num);
	if (flags & IPT_F_VERBOSE) {
		ipt_num(a, sizeof(a), e->pcnt, flags, true, exact ? 8 : 5);
		ipt_num(b, sizeof(b), e->bcnt, flags, true, exact ? 10 : 5);
		kprintf("%s%s", a, b);
	}
	kprintf("%-9s %c%-5s-- ", e->target == NF_ACCEPT ? "ACCEPT" :
		e->target == NF_DROP ? "DROP" : "", inv & IPT_INV_PROTO ? '!' : ' ',
		ipt_proto_name(e->ip.proto, pbuf, sizeof(pbuf)));
	if (flags & IPT_F_VERBOSE) {
		ipt_fmt_iface(a, sizeof(a), e->ip.iniface, e->ip.in_wild,
			      inv & IPT_INV_VIA_IN, flags);
		ipt_fmt_iface(b, sizeof(b), e->ip.outiface, e->ip.out_wild,
			      inv & IPT_INV_VIA_OUT, flags);
		kprintf(" %-6s %-6s ", a, b);
	}
	ipt_fmt_addr(a, sizeof(a), e->ip.src, e->ip.smsk, flags);
	ipt_fmt_addr(b, sizeof(b), e->ip.dst, e->ip.dmsk, flags);
	kprintf("%c%-19s %c%-19s ", inv & IPT_INV_SRCIP ? '!' : ' ', a,
		inv & IPT_INV_DSTIP ? '!' : ' ', b);
	if (e->has_ports) {
		kprintf(" %s", e->ip.proto == IPPROTO_TCP ? "tcp" : "udp");
		ipt_print_ports("spt", e->spts, e->port_invflags & IPT_INV_SRCPT);
		ipt_print_ports("dpt", e->dpts, e->port_invflags & IPT_INV_DSTPT);
	}
	kprintf("\n");
}

/* Rule by rule under the lock: only the shell edits, and it is here. */
static void ipt_list_chain(struct ipt_table *t, int chain, unsigned int flags)
{
	struct ipt_entry e;
	u32 pos;

	ipt_list_header(t, chain, flags);
	for (pos = 1; ipt_get_rule(t, chain, pos, &e) == 0; pos++)
		ipt_list_rule(pos, &e, flags);
}

void ipt_list(struct ipt_table *t, int chain, unsigned int flags)
{
	int i;
	bool first = true;

	for (i = 0; i < IPT_NUMCHAINS; i++) {
		if (chain != IPT_ALL_CHAINS && chain != i)
			continue;
		if (!first)
			kprintf("\n");
		first = false;
		ipt_list_chain(t, i, flags);
	}
}
