/* The iptables command, Linux's options and wording where they apply:
 * -A/-I/-D/-L/-F/-Z/-P on napkin's one table. The same parser serves the
 * shell (`iptables -A INPUT -p udp --dport 9 -j DROP`) and the command
 * line (iptables="..." , repeatable): command-line words are parsed when
 * read, before memory management is up, kept in static storage and
 * applied by ipt_filter_init() in their order. A bad word changes
 * nothing and is named in the error. -L's output is iptables_list.c's. */
#include "net/ipv4/netfilter/iptables_cmd.h"
#include "net/ipv4/devinet.h"
#include "net/ipv4/ip.h"
#include "kernel/cmdline.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/string.h"

/* --- options --- */

enum ipt_opt_id {
	OPT_APPEND, OPT_INSERT, OPT_DELETE, OPT_LIST, OPT_FLUSH, OPT_ZERO,
	OPT_POLICY,
	/* rule options: bit (id - OPT_PROTO) in ipt_parser.seen */
	OPT_PROTO, OPT_SRC, OPT_DST, OPT_IN, OPT_OUT, OPT_SPORT, OPT_DPORT,
	OPT_JUMP, OPT_MATCH,
	/* -L modifiers */
	OPT_NUMERIC, OPT_EXACT, OPT_LINENUM,
	OPT_VERBOSE, OPT_TABLE,
};

struct ipt_opt {
	char s;			/* short letter, 0 if none */
	const char *l;		/* long name */
	u8 id;
	bool negatable;		/* may follow "!" */
};

static const struct ipt_opt ipt_opts[] = {
	{ 'A', "--append", OPT_APPEND, false },
	{ 'I', "--insert", OPT_INSERT, false },
	{ 'D', "--delete", OPT_DELETE, false },
	{ 'L', "--list", OPT_LIST, false },
	{ 'F', "--flush", OPT_FLUSH, false },
	{ 'Z', "--zero", OPT_ZERO, false },
	{ 'P', "--policy", OPT_POLICY, false },
	{ 'p', "--protocol", OPT_PROTO, true },
	{ 's', "--source", OPT_SRC, true },
	{ 0, "--src", OPT_SRC, true },
	{ 'd', "--destination", OPT_DST, true },
	{ 0, "--dst", OPT_DST, true },
	{ 'i', "--in-interface", OPT_IN, true },
	{ 'o', "--out-interface", OPT_OUT, true },
	{ 0, "--sport", OPT_SPORT, true },
	{ 0, "--source-port", OPT_SPORT, true },
	{ 0, "--dport", OPT_DPORT, true },
	{ 0, "--destination-port", OPT_DPORT, true },
	{ 'j', "--jump", OPT_JUMP, false },
	{ 'm', "--match", OPT_MATCH, false },
	{ 'n', "--numeric", OPT_NUMERIC, false },
	{ 'x', "--exact", OPT_EXACT, false },
	{ 0, "--line-numbers", OPT_LINENUM, false },
	{ 'v', "--verbose", OPT_VERBOSE, false },
	{ 't', "--table", OPT_TABLE, false },
};

struct ipt_parser {
	int argc;
	char **argv;
	int i;			/* next word */
	struct ipt_cmd *cmd;
	char *err;
	size_t errlen;
	unsigned int seen;	/* rule options given */
	const char *first_rule_opt;
	const char *first_list_opt;
	const char *match;	/* -m NAME */
	bool invert;		/* "!" before the current option */
};

#define OPT_BIT(id)	(1U << ((id) - OPT_PROTO))

static __printf(2, 3) int ipt_bad(struct ipt_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const struct ipt_opt *ipt_opt_find(const char *word)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipt_opts); i++) {
		if (word[0] == '-' && word[1] == ipt_opts[i].s && word[1] && !word[2])
			return &ipt_opts[i];
		if (!strcmp(word, ipt_opts[i].l))
			return &ipt_opts[i];
	}
	return NULL;
}

/* The option's value: the next word, which must exist. */
static int ipt_value(struct ipt_parser *p, const char *opt, const char **val)
{
	if (p->i >= p->argc)
		return ipt_bad(p, "option `%s' requires an argument", opt);
	*val = p->argv[p->i++];
	return 0;
}

/* An optional operand: present if the next word is not an option. */
static const char *ipt_optional(struct ipt_parser *p)
{
	const char *w;

	if (p->i >= p->argc)
		return NULL;
	w = p->argv[p->i];
	if (w[0] == '-' || !strcmp(w, "!"))
		return NULL;
	p->i++;
	return w;
}

static int ipt_chain_lookup(const char *name)
{
	int i;

	for (i = 0; i < IPT_NUMCHAINS; i++)
		if (!strcmp(name, ipt_chain_names[i]))
			return i;
	return -1;
}

static int ipt_parse_chain(struct ipt_parser *p, const char *name, int *chain)
{
	*chain = ipt_chain_lookup(name);
	if (*chain < 0)
		return ipt_bad(p, "no chain `%s' (napkin's filter table has PREROUTING, "
			       "INPUT, FORWARD, OUTPUT, POSTROUTING)", name);
	return 0;
}

static int ipt_parse_target(struct ipt_parser *p, const char *name, u8 *target)
{
	if (!strcmp(name, "ACCEPT"))
		*target = NF_ACCEPT;
	else if (!strcmp(name, "DROP"))
		*target = NF_DROP;
	else
		return ipt_bad(p, "bad target `%s' (ACCEPT or DROP)", name);
	return 0;
}

/* "1".."n": a rule position. */
static bool ipt_is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int ipt_parse_rulenum(struct ipt_parser *p, const char *s, u32 *num)
{
	unsigned int v;

	if (kstrtouint(s, 10, &v) || v == 0)
		return ipt_bad(p, "bad rule number `%s'", s);
	*num = v;
	return 0;
}

/* --- rule fields --- */

static const struct {
	const char *name;
	u8 proto;
} ipt_protos[] = {
	{ "all", 0 }, { "icmp", IPPROTO_ICMP }, { "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
};

static int ipt_parse_proto(struct ipt_parser *p, const char *s, u16 *proto)
{
	unsigned int v;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipt_protos); i++) {
		if (!strcasecmp(s, ipt_protos[i].name)) {
			*proto = ipt_protos[i].proto;
			return 0;
		}
	}
	if (kstrtouint(s, 10, &v) || v > 255)
		return ipt_bad(p, "bad protocol `%s' (tcp, udp, icmp, all or 0..255)", s);
	*proto = v;
	return 0;
}

const char *ipt_proto_name(u16 proto, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipt_protos); i++)
		if (ipt_protos[i].proto == proto)
			return ipt_protos[i].name;
	snprintf(buf, size, "%u", proto);
	return buf;
}

/* A.B.C.D or A.B.C.D/N; the address is masked, as iptables shows it. */
static int ipt_parse_addr(struct ipt_parser *p, const char *s, __be32 *addr,
			  __be32 *mask)
{
	int plen = 32;

	if (strchr(s, '/') ? in4_parse_prefix(s, addr, &plen) : in4_parse(s, addr))
		return ipt_bad(p, "bad address `%s' (A.B.C.D or A.B.C.D/N)", s);
	*mask = inet_make_mask(plen);
	*addr &= *mask;
	return 0;
}

static int ipt_parse_port(const char *s, size_t len, u16 *port)
{
	char buf[8];

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return kstrtou16(buf, 10, port);
}

/* PORT, or FIRST:LAST with either end left out (0, 65535), as iptables. */
static int ipt_parse_ports(struct ipt_parser *p, const char *s, u16 range[2])
{
	const char *colon = strchr(s, ':');

	range[0] = 0;
	range[1] = 0xFFFF;
	if (!colon) {
		if (ipt_parse_port(s, strlen(s), &range[0]))
			goto bad;
		range[1] = range[0];
		return 0;
	}
	if (colon > s && ipt_parse_port(s, colon - s, &range[0]))
		goto bad;
	if (colon[1] && ipt_parse_port(colon + 1, strlen(colon + 1), &range[1]))
		goto bad;
	if (range[0] > range[1])
		return ipt_bad(p, "bad port range `%s' (first > last)", s);
	return 0;
bad:
	return ipt_bad(p, "bad port `%s' (PORT or FIRST:LAST, numbers 0..65535)", s);
}

/* A device name, "eth+" for every name starting with eth. */
static int ipt_parse_iface(struct ipt_parser *p, const char *s, char *name, bool *wild)
{
	size_t len = strlen(s);

	if (len == 0 || len >= IFNAMSIZ)
		return ipt_bad(p, "bad interface name `%s'", s);
	*wild = s[len - 1] == '+';
	memcpy(name, s, len - *wild);
	name[len - *wild] = '\0';
	return 0;
}

/* -p, -s, -d, -i, -o: a field of the ipt_ip part, "!" applied. */
static int ipt_ip_opt(struct ipt_parser *p, u8 id, const char *val)
{
	struct ipt_ip *ip = &p->cmd->rule.ip;
	u8 inv;
	int err;

	switch (id) {
	case OPT_PROTO:
		err = ipt_parse_proto(p, val, &ip->proto);
		inv = IPT_INV_PROTO;
		break;
	case OPT_SRC:
		err = ipt_parse_addr(p, val, &ip->src, &ip->smsk);
		inv = IPT_INV_SRCIP;
		break;
	case OPT_DST:
		err = ipt_parse_addr(p, val, &ip->dst, &ip->dmsk);
		inv = IPT_INV_DSTIP;
		break;
	case OPT_IN:
		err = ipt_parse_iface(p, val, ip->iniface, &ip->in_wild);
		inv = IPT_INV_VIA_IN;
		break;
	default:	/* OPT_OUT */
		err = ipt_parse_iface(p, val, ip->outiface, &ip->out_wild);
		inv = IPT_INV_VIA_OUT;
		break;
	}
	if (p->invert)
		ip->invflags |= inv;
	return err;
}

/* --sport, --dport, -m tcp|udp: the tcp/udp match. As iptables, a port
 * option loads the match implicitly and -m names it outright, so
 * "-p tcp -m tcp" is a match on any ports, not nothing. */
static int ipt_port_opt(struct ipt_parser *p, u8 id, const char *val)
{
	struct ipt_entry *e = &p->cmd->rule;

	if (id == OPT_MATCH) {
		if (strcmp(val, "tcp") && strcmp(val, "udp"))
			return ipt_bad(p, "bad match `%s' (napkin has -m tcp and -m udp)", val);
		p->match = val;
		e->has_ports = true;
		return 0;
	}
	e->has_ports = true;
	if (id == OPT_SPORT) {
		if (p->invert)
			e->port_invflags |= IPT_INV_SRCPT;
		return ipt_parse_ports(p, val, e->spts);
	}
	if (p->invert)
		e->port_invflags |= IPT_INV_DSTPT;
	return ipt_parse_ports(p, val, e->dpts);
}

/* A rule option: its value parsed into cmd->rule. */
static int ipt_rule_opt(struct ipt_parser *p, const struct ipt_opt *o, const char *val)
{
	switch (o->id) {
	case OPT_JUMP:
		return ipt_parse_target(p, val, &p->cmd->rule.target);
	case OPT_SPORT:
	case OPT_DPORT:
	case OPT_MATCH:
		return ipt_port_opt(p, o->id, val);
	default:
		return ipt_ip_opt(p, o->id, val);
	}
}

/* A command option and its operands. */
static int ipt_command_opt(struct ipt_parser *p, const struct ipt_opt *o,
			   const char *word)
{
	static const u8 ops[] = {
		[OPT_APPEND] = IPT_OP_APPEND, [OPT_INSERT] = IPT_OP_INSERT,
		[OPT_DELETE] = IPT_OP_DELETE, [OPT_LIST] = IPT_OP_LIST,
		[OPT_FLUSH] = IPT_OP_FLUSH, [OPT_ZERO] = IPT_OP_ZERO,
		[OPT_POLICY] = IPT_OP_POLICY,
	};
	struct ipt_cmd *cmd = p->cmd;
	const char *val = NULL;
	int err;

	if (cmd->op != IPT_OP_NONE)
		return ipt_bad(p, "one command at a time: `%s' comes after another", word);
	cmd->op = ops[o->id];
	if (o->id == OPT_LIST || o->id == OPT_FLUSH || o->id == OPT_ZERO) {
		val = ipt_optional(p);
		return val ? ipt_parse_chain(p, val, &cmd->chain) : 0;
	}
	err = ipt_value(p, word, &val);
	if (!err)
		err = ipt_parse_chain(p, val, &cmd->chain);
	if (err)
		return err;
	if (o->id == OPT_POLICY) {
		err = ipt_value(p, word, &val);
		return err ? err : ipt_parse_target(p, val, &cmd->policy);
	}
	/* -I CHAIN [n], -D CHAIN n */
	if ((o->id == OPT_INSERT || o->id == OPT_DELETE) && p->i < p->argc &&
	    ipt_is_number(p->argv[p->i]))
		return ipt_parse_rulenum(p, p->argv[p->i++], &cmd->rulenum);
	return 0;
}

static int ipt_flag_opt(struct ipt_parser *p, const struct ipt_opt *o,
			const char *word)
{
	const char *val = NULL;
	int err;

	switch (o->id) {
	case OPT_NUMERIC:
		p->cmd->flags |= IPT_F_NUMERIC;
		break;
	case OPT_EXACT:
		p->cmd->flags |= IPT_F_EXACT;
		break;
	case OPT_LINENUM:
		p->cmd->flags |= IPT_F_LINENUM;
		break;
	case OPT_VERBOSE:
		p->cmd->flags |= IPT_F_VERBOSE;
		return 0;
	case OPT_TABLE:
		err = ipt_value(p, word, &val);
		if (err)
			return err;
		if (strcmp(val, "filter"))
			return ipt_bad(p, "no table `%s' (napkin has one table, filter, "
				       "holding all five chains)", val);
		return 0;
	}
	if (!p->first_list_opt)
		p->first_list_opt = word;
	return 0;
}

static int ipt_option(struct ipt_parser *p, const struct ipt_opt *o, const char *word)
{
	const char *val = NULL;
	int err;

	if (p->invert && !o->negatable)
		return ipt_bad(p, "`!' cannot come before `%s'", word);
	if (o->id < OPT_PROTO)
		return ipt_command_opt(p, o, word);
	if (o->id > OPT_MATCH)
		return ipt_flag_opt(p, o, word);
	if (p->seen & OPT_BIT(o->id))
		return ipt_bad(p, "option `%s' given twice", word);
	p->seen |= OPT_BIT(o->id);
	if (!p->first_rule_opt)
		p->first_rule_opt = word;
	err = ipt_value(p, word, &val);
	return err ? err : ipt_rule_opt(p, o, val);
}

/* A letter that may stand before others in a bundle: it takes no value
 * (-L/-F/-Z read their optional chain from the word after the bundle). */
static bool ipt_bundle_ok(u8 id)
{
	return id == OPT_NUMERIC || id == OPT_EXACT || id == OPT_VERBOSE ||
	       id == OPT_LIST || id == OPT_FLUSH || id == OPT_ZERO;
}

/* "-nvL INPUT": single letters bundled, only the last one with a value. */
static int ipt_bundle(struct ipt_parser *p, const char *word)
{
	char one[3] = { '-', 0, 0 };
	const struct ipt_opt *o;
	const char *c;
	int err;

	for (c = word + 1; *c; c++) {
		one[1] = *c;
		o = ipt_opt_find(one);
		if (!o)
			return ipt_bad(p, "unknown option `%s' in `%s'", one, word);
		if (c[1] && !ipt_bundle_ok(o->id))
			return ipt_bad(p, "`%s' takes a value: it must come last in `%s'",
				       one, word);
		err = ipt_option(p, o, word);
		if (err)
			return err;
	}
	return 0;
}

static int ipt_word(struct ipt_parser *p)
{
	const char *word = p->argv[p->i++];
	const struct ipt_opt *o;
	int err;

	if (!strcmp(word, "!")) {
		if (p->invert)
			return ipt_bad(p, "`%s' twice in a row", word);
		p->invert = true;
		return 0;
	}
	o = ipt_opt_find(word);
	if (o)
		err = ipt_option(p, o, word);
	else if (word[0] == '-' && word[1] && word[1] != '-' && word[2])
		err = ipt_bundle(p, word);
	else if (word[0] == '-')
		err = ipt_bad(p, "unknown option `%s'", word);
	else
		err = ipt_bad(p, "unexpected word `%s'", word);
	p->invert = false;
	return err;
}

static bool ipt_proto_has_ports(const struct ipt_entry *e)
{
	return (e->ip.proto == IPPROTO_TCP || e->ip.proto == IPPROTO_UDP) &&
	       !(e->ip.invflags & IPT_INV_PROTO);
}

/* What only makes sense together: ports need a protocol, -i/-o need a
 * chain that has that device, -D one form. */
static int ipt_check_rule(struct ipt_parser *p)
{
	const struct ipt_entry *e = &p->cmd->rule;
	int chain = p->cmd->chain;

	if (p->match && (!ipt_proto_has_ports(e) ||
			 strcmp(p->match, e->ip.proto == IPPROTO_TCP ? "tcp" : "udp")))
		return ipt_bad(p, "`-m %s' needs the same -p", p->match);
	if (e->has_ports && !ipt_proto_has_ports(e))
		return ipt_bad(p, "`%s' needs -p tcp or -p udp",
			       p->seen & OPT_BIT(OPT_SPORT) ? "--sport" : "--dport");
	if (!e->ip.proto && (e->ip.invflags & IPT_INV_PROTO))
		return ipt_bad(p, "`! -p all' would never match");
	if ((p->seen & OPT_BIT(OPT_IN)) &&
	    (chain == NF_INET_LOCAL_OUT || chain == NF_INET_POST_ROUTING))
		return ipt_bad(p, "can't use -i with %s", ipt_chain_names[chain]);
	if ((p->seen & OPT_BIT(OPT_OUT)) &&
	    (chain == NF_INET_PRE_ROUTING || chain == NF_INET_LOCAL_IN))
		return ipt_bad(p, "can't use -o with %s", ipt_chain_names[chain]);
	return 0;
}

static int ipt_check(struct ipt_parser *p)
{
	struct ipt_cmd *cmd = p->cmd;
	bool rule_op = cmd->op == IPT_OP_APPEND || cmd->op == IPT_OP_INSERT ||
		       cmd->op == IPT_OP_DELETE;

	if (p->invert)
		return ipt_bad(p, "`!' at the end, before no option");
	if (cmd->op == IPT_OP_NONE)
		return ipt_bad(p, "no command given (-A, -I, -D, -L, -F, -Z or -P)");
	if (p->first_list_opt && cmd->op != IPT_OP_LIST)
		return ipt_bad(p, "`%s' only goes with -L", p->first_list_opt);
	if (p->first_rule_opt && !rule_op)
		return ipt_bad(p, "`%s' only goes with -A, -I or -D", p->first_rule_opt);
	if (cmd->op == IPT_OP_DELETE && cmd->rulenum && p->seen)
		return ipt_bad(p, "-D takes a rule number or a rule, not both (`%s')",
			       p->first_rule_opt);
	if (cmd->op == IPT_OP_DELETE && !cmd->rulenum && !p->seen)
		return ipt_bad(p, "-D %s needs a rule number or a rule",
			       ipt_chain_names[cmd->chain]);
	return rule_op ? ipt_check_rule(p) : 0;
}

static void ipt_cmd_init(struct ipt_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->chain = IPT_ALL_CHAINS;
	cmd->rule.spts[1] = cmd->rule.dpts[1] = 0xFFFF;
	cmd->rule.target = IPT_CONTINUE;
}

int ipt_parse(int argc, char **argv, struct ipt_cmd *cmd, char *err, size_t errlen)
{
	struct ipt_parser p = {
		.argc = argc, .argv = argv, .cmd = cmd, .err = err, .errlen = errlen,
	};
	int ret;

	ipt_cmd_init(cmd);
	if (errlen)
		err[0] = '\0';
	while (p.i < p.argc) {
		ret = ipt_word(&p);
		if (ret)
			return ret;
	}
	return ipt_check(&p);
}

int ipt_split(char *s, char **argv, int max)
{
	int argc = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (!*s)
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/* --- carrying it out --- */

static int ipt_run_add(struct ipt_table *t, const struct ipt_cmd *cmd, char *err,
		       size_t errlen)
{
	const char *name = ipt_chain_names[cmd->chain];
	struct ipt_chain_info info;
	int ret;

	if (cmd->op == IPT_OP_APPEND)
		ret = ipt_append(t, cmd->chain, &cmd->rule);
	else
		ret = ipt_insert(t, cmd->chain, cmd->rulenum ? cmd->rulenum : 1, &cmd->rule);
	if (!ret)
		return 0;
	ipt_chain_info(t, cmd->chain, &info);
	if (ret == -ERANGE)
		snprintf(err, errlen, "index of insertion too big (%s has %u rule%s)",
			 name, info.n, info.n == 1 ? "" : "s");
	else if (ret == -ENOSPC && info.n == IPT_CHAIN_RULES_MAX)
		snprintf(err, errlen, "chain %s is full (%d rules)", name,
			 IPT_CHAIN_RULES_MAX);
	else if (ret == -ENOSPC)
		snprintf(err, errlen, "table is full (%d rules in all chains)",
			 IPT_RULES_MAX);
	else
		snprintf(err, errlen, "%s", strerror_name(ret));
	return ret;
}

static int ipt_run_delete(struct ipt_table *t, const struct ipt_cmd *cmd, char *err,
			  size_t errlen)
{
	const char *name = ipt_chain_names[cmd->chain];
	struct ipt_chain_info info;
	int ret;

	if (!cmd->rulenum) {
		ret = ipt_delete_rule(t, cmd->chain, &cmd->rule);
		if (ret)
			snprintf(err, errlen, "bad rule (does a matching rule exist in %s?)",
				 name);
		return ret;
	}
	ret = ipt_delete_num(t, cmd->chain, cmd->rulenum);
	if (ret) {
		ipt_chain_info(t, cmd->chain, &info);
		snprintf(err, errlen, "index of deletion too big (%s has %u rule%s)",
			 name, info.n, info.n == 1 ? "" : "s");
	}
	return ret;
}

int ipt_run(struct ipt_table *t, const struct ipt_cmd *cmd, char *err, size_t errlen)
{
	switch (cmd->op) {
	case IPT_OP_APPEND:
	case IPT_OP_INSERT:
		return ipt_run_add(t, cmd, err, errlen);
	case IPT_OP_DELETE:
		return ipt_run_delete(t, cmd, err, errlen);
	case IPT_OP_LIST:
		ipt_list(t, cmd->chain, cmd->flags);
		return 0;
	case IPT_OP_FLUSH:
		ipt_flush(t, cmd->chain);
		return 0;
	case IPT_OP_ZERO:
		ipt_zero(t, cmd->chain);
		return 0;
	case IPT_OP_POLICY:
		ipt_set_policy(t, cmd->chain, cmd->policy);
		return 0;
	case IPT_OP_NONE:
		break;
	}
	snprintf(err, errlen, "no command");
	return -EINVAL;
}

/* --- the shell --- */

/* Set once ipt_filter_init has every hook registered. Without it a rule
 * on a chain whose hook is missing would be listed but never applied,
 * so edits are refused; -L still shows the (empty) table. */
static bool ipt_ready;

static int ipt_refuse_unready(const struct ipt_cmd *cmd, char *err, size_t errlen)
{
	if (ipt_ready || cmd->op == IPT_OP_LIST)
		return 0;
	snprintf(err, errlen, "the filter is not running (its hooks could not be "
		 "registered at boot, see the log): edits refused");
	return -ENODEV;
}

static int cmd_iptables(int argc, char **argv)
{
	char err[IPT_ERR_MAX];
	struct ipt_cmd cmd;
	int ret;

	ret = ipt_parse(argc - 1, argv + 1, &cmd, err, sizeof(err));
	if (!ret)
		ret = ipt_refuse_unready(&cmd, err, sizeof(err));
	if (!ret)
		ret = ipt_run(&ipt_filter, &cmd, err, sizeof(err));
	if (ret)
		kprintf("iptables: %s\n", err);
	return ret;
}
SHELL_COMMAND(iptables, "iptables", cmd_iptables,
	      "packet filter: -A|-I CHAIN [n] rule, -D CHAIN n|rule, -L [CHAIN] [-v -n -x "
	      "--line-numbers], -F|-Z [CHAIN], -P CHAIN ACCEPT|DROP; rule: [!] -p PROTO, "
	      "[!] -s|-d A.B.C.D[/N], [!] -i|-o DEV, [!] --sport|--dport P[:P], -j ACCEPT|DROP");

/* --- the command line --- */

/* Each iptables= word, parsed when read and applied at ipt_filter_init.
 * The text is kept for the error message of an edit that fails then. */
#define IPT_TEXT_MAX	256	/* as the shell's line */

static struct {
	char text[IPT_TEXT_MAX];
	struct ipt_cmd cmd;
} ipt_boot[IPT_CMDLINE_MAX];
static int ipt_nboot;

static int iptables_param(const char *value)
{
	char copy[IPT_TEXT_MAX], err[IPT_ERR_MAX];
	char *argv[IPT_ARGS_MAX];
	struct ipt_cmd cmd;
	int argc;

	if (ipt_nboot == IPT_CMDLINE_MAX) {
		pr_err("iptables: at most %d iptables= on the command line\n",
		       IPT_CMDLINE_MAX);
		return -ENOSPC;
	}
	if (strlcpy(copy, value, sizeof(copy)) >= sizeof(copy)) {
		pr_err("iptables: longer than %d characters\n", IPT_TEXT_MAX - 1);
		return -E2BIG;
	}
	argc = ipt_split(copy, argv, IPT_ARGS_MAX);
	if (argc < 0) {
		pr_err("iptables: more than %d words\n", IPT_ARGS_MAX);
		return -E2BIG;
	}
	if (ipt_parse(argc, argv, &cmd, err, sizeof(err))) {
		pr_err("iptables: %s\n", err);
		return -EINVAL;
	}
	if (cmd.op == IPT_OP_LIST) {
		pr_err("iptables: -L lists; on the command line only edits make sense\n");
		return -EINVAL;
	}
	strlcpy(ipt_boot[ipt_nboot].text, value, sizeof(ipt_boot[0].text));
	ipt_boot[ipt_nboot++].cmd = cmd;
	return 0;
}
CMDLINE_PARAM(iptables, "iptables", iptables_param,
	      "\"-A INPUT -p udp --dport 9 -j DROP\": an iptables command at boot (repeatable)");

void ipt_filter_init(void)
{
	char err[IPT_ERR_MAX];
	int i, ret;

	ipt_ready = false;
	ret = ipt_table_init(&ipt_filter);
	if (ret) {
		pr_err("iptables: cannot register the filter hooks (%s): filter off, "
		       "%d iptables= command%s not applied\n", strerror_name(ret),
		       ipt_nboot, ipt_nboot == 1 ? "" : "s");
		return;
	}
	ipt_ready = true;
	for (i = 0; i < ipt_nboot; i++)
		if (ipt_run(&ipt_filter, &ipt_boot[i].cmd, err, sizeof(err)))
			pr_err("cmdline: iptables=%s: %s\n", ipt_boot[i].text, err);
	if (ipt_nboot)
		pr_info("iptables: %d command%s from the command line\n", ipt_nboot,
			ipt_nboot == 1 ? "" : "s");
}
