/* Shell views of the device layer, in the formats of the Linux tools:
 * `ifconfig`, `ip link|addr`, `ethtool`, `tc -s qdisc`, `softnet_stat`
 * (/proc/net/softnet_stat) and `skbstat`. Upper layers add their lines
 * through netdev_register_show_ops() and `ip` objects via ip_cmd_register(). */
#include "net/core/dev.h"
#include "net/core/sch_generic.h"
#include "net/ethernet/eth.h"
#include "kernel/mm/slab.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "lib/errno.h"
#include "lib/kstrtox.h"
#include "lib/printf.h"
#include "lib/string.h"

static const struct netdev_show_ops *show_ops[NETDEV_SHOW_MAX];

struct ip_cmd {
	const char *object;
	int (*fn)(int argc, char **argv);
};
static struct ip_cmd ip_cmds[IP_CMD_MAX];

int netdev_register_show_ops(const struct netdev_show_ops *ops)
{
	int i;

	for (i = 0; i < NETDEV_SHOW_MAX; i++) {
		if (!show_ops[i]) {
			show_ops[i] = ops;
			return 0;
		}
	}
	return -ENOSPC;
}

void netdev_show_ifconfig_hooks(struct net_device *dev)
{
	int i;

	for (i = 0; i < NETDEV_SHOW_MAX; i++)
		if (show_ops[i] && show_ops[i]->ifconfig)
			show_ops[i]->ifconfig(dev);
}

void netdev_show_ip_addr_hooks(struct net_device *dev)
{
	int i;

	for (i = 0; i < NETDEV_SHOW_MAX; i++)
		if (show_ops[i] && show_ops[i]->ip_addr)
			show_ops[i]->ip_addr(dev);
}

int ip_cmd_register(const char *object, int (*fn)(int argc, char **argv))
{
	int i, free_slot = -1;

	for (i = 0; i < IP_CMD_MAX; i++) {
		if (ip_cmds[i].object && !strcmp(ip_cmds[i].object, object))
			return -EEXIST;
		if (!ip_cmds[i].object && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return -ENOSPC;
	ip_cmds[free_slot].object = object;
	ip_cmds[free_slot].fn = fn;
	return 0;
}

static struct net_device *find_dev(const char *cmd, const char *name)
{
	struct net_device *dev = dev_get_by_name(name);

	if (!dev)
		kprintf("%s: %s: no such device\n", cmd, name);
	return dev;
}

/* --- ifconfig --- */

/* "1.2 KB" the net-tools way, in integer arithmetic. */
static void human_bytes(u64 b, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KB", "MB", "GB", "TB", "PB" };
	u64 scaled = b * 10;
	int u = 0;

	while (scaled >= 10240 && u < (int)ARRAY_SIZE(unit) - 1) {
		scaled /= 1024;
		u++;
	}
	snprintf(buf, size, "%lu.%lu %s", scaled / 10, scaled % 10, unit[u]);
}

struct flag_name {
	unsigned int bit;
	const char *name;
};

/* ifconfig lists flags in bit order; iproute2 in its own. */
static const struct flag_name ifconfig_flags[] = {
	{ IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" }, { IFF_LOOPBACK, "LOOPBACK" },
	{ IFF_RUNNING, "RUNNING" }, { IFF_NOARP, "NOARP" }, { IFF_PROMISC, "PROMISC" },
	{ IFF_ALLMULTI, "ALLMULTI" }, { IFF_MULTICAST, "MULTICAST" },
};

static const struct flag_name ip_flags[] = {
	{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_BROADCAST, "BROADCAST" },
	{ IFF_MULTICAST, "MULTICAST" }, { IFF_NOARP, "NOARP" }, { IFF_ALLMULTI, "ALLMULTI" },
	{ IFF_PROMISC, "PROMISC" }, { IFF_UP, "UP" }, { IFF_LOWER_UP, "LOWER_UP" },
};

static void print_flag_names(const struct flag_name *names, size_t n, unsigned int flags)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < n; i++) {
		if (flags & names[i].bit) {
			kprintf("%s%s", sep, names[i].name);
			sep = ",";
		}
	}
}

static void ifconfig_show(struct net_device *dev)
{
	unsigned int flags = dev_get_flags(dev);
	struct rtnl_link_stats64 s;
	char mac[MAC_STR_LEN], rxh[24], txh[24];

	dev_get_stats(dev, &s);
	human_bytes(s.rx_bytes, rxh, sizeof(rxh));
	human_bytes(s.tx_bytes, txh, sizeof(txh));
	kprintf("%s: flags=%u<", dev->name, flags & 0xffff);
	print_flag_names(ifconfig_flags, ARRAY_SIZE(ifconfig_flags), flags);
	kprintf(">  mtu %u\n", dev->mtu);
	netdev_show_ifconfig_hooks(dev);
	if (dev->flags & IFF_LOOPBACK)
		kprintf("        loop  txqueuelen %u  (Local Loopback)\n", dev->tx_queue_len);
	else
		kprintf("        ether %s  txqueuelen %u  (Ethernet)\n",
			mac_to_str(dev->dev_addr, mac), dev->tx_queue_len);
	kprintf("        RX packets %lu  bytes %lu (%s)\n", s.rx_packets, s.rx_bytes, rxh);
	kprintf("        RX errors %lu  dropped %lu  overruns %lu  frame %lu\n",
		s.rx_errors, s.rx_dropped, s.rx_fifo_errors, s.rx_frame_errors);
	kprintf("        TX packets %lu  bytes %lu (%s)\n", s.tx_packets, s.tx_bytes, txh);
	kprintf("        TX errors %lu  dropped %lu overruns %lu  carrier %lu  collisions %lu\n",
		s.tx_errors, s.tx_dropped, s.tx_fifo_errors, s.tx_carrier_errors, s.collisions);
	if (dev->irq)
		kprintf("        device interrupt %d\n", dev->irq);
	kprintf("\n");
}

static int set_updown(const char *cmd, struct net_device *dev, bool up)
{
	int err = up ? dev_open(dev) : dev_close(dev);

	if (err)
		kprintf("%s: %s: %s failed: %d\n", cmd, dev->name, up ? "up" : "down", err);
	return err;
}

static int ifconfig_cmd(int argc, char **argv)
{
	struct net_device *dev;
	int i;

	if (argc == 1) {
		for_each_netdev(i, dev)
			ifconfig_show(dev);
		return 0;
	}
	dev = find_dev("ifconfig", argv[1]);
	if (!dev)
		return -ENODEV;
	if (argc == 2) {
		ifconfig_show(dev);
		return 0;
	}
	if (argc == 3 && (!strcmp(argv[2], "up") || !strcmp(argv[2], "down")))
		return set_updown("ifconfig", dev, argv[2][0] == 'u');
	kprintf("usage: ifconfig [dev [up|down]]\n");
	return -EINVAL;
}
SHELL_COMMAND(ifconfig, "ifconfig", ifconfig_cmd,
	      "[dev [up|down]]: interfaces, flags and counters");

/* --- ip link / ip addr --- */

static const char *const operstate_names[] = {
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP",
};

static void ip_link_show(struct net_device *dev, bool stats)
{
	unsigned int flags = dev_get_flags(dev);
	u8 oper = netif_running(dev) ? dev->operstate : IF_OPER_DOWN;
	char mac[MAC_STR_LEN], brd[MAC_STR_LEN];
	struct rtnl_link_stats64 s;

	kprintf("%d: %s: <", dev->ifindex, dev->name);
	if (netif_running(dev) && !netif_carrier_ok(dev))
		kprintf("NO-CARRIER,");
	print_flag_names(ip_flags, ARRAY_SIZE(ip_flags), flags);
	kprintf("> mtu %u qdisc %s state %s qlen %u\n", dev->mtu, dev->qdisc->ops->id,
		operstate_names[oper], dev->tx_queue_len);
	kprintf("    link/%s %s brd %s\n", dev->type == ARPHRD_LOOPBACK ? "loopback" : "ether",
		mac_to_str(dev->dev_addr, mac), mac_to_str(dev->broadcast, brd));
	if (!stats)
		return;
	dev_get_stats(dev, &s);
	kprintf("    RX:  bytes packets errors dropped  missed   mcast\n");
	kprintf("    %10lu %7lu %6lu %7lu %7lu %7lu\n", s.rx_bytes, s.rx_packets,
		s.rx_errors, s.rx_dropped, s.rx_missed_errors, s.multicast);
	/* The detail line `ip -s -s link` prints, with the core's own drop. */
	kprintf("    RX errors:  length    crc   frame    fifo  missed nohandler\n");
	kprintf("               %6lu %6lu %7lu %7lu %7lu %9lu\n", s.rx_length_errors,
		s.rx_crc_errors, s.rx_frame_errors, s.rx_fifo_errors,
		s.rx_missed_errors, s.rx_nohandler);
	kprintf("    TX:  bytes packets errors dropped carrier collsns\n");
	kprintf("    %10lu %7lu %6lu %7lu %7lu %7lu\n", s.tx_bytes, s.tx_packets,
		s.tx_errors, s.tx_dropped, s.tx_carrier_errors, s.collisions);
}

static int ip_show(int argc, char **argv, bool stats, bool addr)
{
	struct net_device *dev;
	int i;

	/* ip link [show] [dev] NAME */
	if (argc > 1 && !strcmp(argv[1], "show")) {
		argc--;
		argv++;
	}
	if (argc > 1 && !strcmp(argv[1], "dev")) {
		argc--;
		argv++;
	}
	if (argc > 2)
		return -EINVAL;
	for_each_netdev(i, dev) {
		if (argc == 2 && strcmp(argv[1], dev->name))
			continue;
		ip_link_show(dev, stats);
		if (addr)
			netdev_show_ip_addr_hooks(dev);
	}
	if (argc == 2 && !dev_get_by_name(argv[1])) {
		kprintf("Device \"%s\" does not exist.\n", argv[1]);
		return -ENODEV;
	}
	return 0;
}

/* ip link set [dev] NAME up|down */
static int ip_link_set(int argc, char **argv)
{
	struct net_device *dev;

	if (argc == 5 && !strcmp(argv[2], "dev")) {
		argc--;
		argv++;
	}
	if (argc != 4 || (strcmp(argv[3], "up") && strcmp(argv[3], "down")))
		return -EINVAL;
	dev = find_dev("ip", argv[2]);
	if (!dev)
		return -ENODEV;
	return set_updown("ip", dev, argv[3][0] == 'u');
}

static bool is_prefix(const char *word, const char *full)
{
	return *word && !strncmp(word, full, strlen(word));
}

static int ip_cmd(int argc, char **argv)
{
	bool stats = false;
	int i, err = -EINVAL;

	if (argc > 1 && !strcmp(argv[1], "-s")) {
		stats = true;
		argc--;
		argv++;
	}
	if (argc > 1 && is_prefix(argv[1], "link")) {
		if (argc > 2 && !strcmp(argv[2], "set"))
			err = ip_link_set(argc - 1, argv + 1);
		else
			err = ip_show(argc - 1, argv + 1, stats, false);
	} else if (argc > 1 && is_prefix(argv[1], "address")) {
		err = ip_show(argc - 1, argv + 1, stats, true);
	} else if (argc > 1) {
		for (i = 0; i < IP_CMD_MAX; i++)
			if (ip_cmds[i].object && is_prefix(argv[1], ip_cmds[i].object))
				return ip_cmds[i].fn(argc - 1, argv + 1);
	}
	if (err == -EINVAL)
		kprintf("usage: ip [-s] link [show [dev]] | link set dev up|down | addr [show [dev]]\n");
	return err;
}
SHELL_COMMAND(ip, "ip", ip_cmd, "[-s] link|addr [show [dev]] | link set dev up|down");

/* --- ethtool --- */

static int ethtool_stats(struct net_device *dev)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	int n, i;
	u8 *names;
	u64 *vals;
	struct ethtool_stats st;

	if (!ops || !ops->get_sset_count || !ops->get_strings || !ops->get_ethtool_stats)
		return -EOPNOTSUPP;
	n = ops->get_sset_count(dev, ETH_SS_STATS);
	if (n <= 0 || n > ETHTOOL_MAX_STATS)
		return n < 0 ? n : -EINVAL;
	names = kzalloc((size_t)n * ETH_GSTRING_LEN, GFP_KERNEL);
	vals = kcalloc(n, sizeof(u64), GFP_KERNEL);
	if (!names || !vals) {
		kfree(names);
		kfree(vals);
		return -ENOMEM;
	}
	st.n_stats = n;
	ops->get_strings(dev, ETH_SS_STATS, names);
	ops->get_ethtool_stats(dev, &st, vals);
	kprintf("NIC statistics:\n");
	for (i = 0; i < n; i++)
		kprintf("     %.*s: %lu\n", ETH_GSTRING_LEN, names + i * ETH_GSTRING_LEN, vals[i]);
	kfree(names);
	kfree(vals);
	return 0;
}

static int ethtool_show_ring(struct net_device *dev)
{
	struct ethtool_ringparam r = { 0 };

	if (!dev->ethtool_ops || !dev->ethtool_ops->get_ringparam)
		return -EOPNOTSUPP;
	dev->ethtool_ops->get_ringparam(dev, &r);
	kprintf("Ring parameters for %s:\nPre-set maximums:\n", dev->name);
	kprintf("RX:\t\t%u\nRX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t%u\n",
		r.rx_max_pending, r.tx_max_pending);
	kprintf("Current hardware settings:\n");
	kprintf("RX:\t\t%u\nRX Mini:\tn/a\nRX Jumbo:\tn/a\nTX:\t\t%u\n",
		r.rx_pending, r.tx_pending);
	return 0;
}

/* ethtool -G dev [rx N] [tx N] */
static int ethtool_set_ring(struct net_device *dev, int argc, char **argv)
{
	struct ethtool_ringparam r = { 0 };
	int i;

	if (!dev->ethtool_ops || !dev->ethtool_ops->get_ringparam ||
	    !dev->ethtool_ops->set_ringparam)
		return -EOPNOTSUPP;
	dev->ethtool_ops->get_ringparam(dev, &r);
	if (argc < 2 || argc % 2)
		return -EINVAL;
	for (i = 0; i < argc; i += 2) {
		u32 *field = !strcmp(argv[i], "rx") ? &r.rx_pending :
			     !strcmp(argv[i], "tx") ? &r.tx_pending : NULL;
		u32 max = field == &r.rx_pending ? r.rx_max_pending : r.tx_max_pending;

		if (!field || kstrtouint(argv[i + 1], 0, field) || !*field || *field > max) {
			kprintf("ethtool: bad ring setting \"%s %s\" (1..%u)\n", argv[i],
				argv[i + 1], field ? max : 0);
			return -EINVAL;
		}
	}
	return dev->ethtool_ops->set_ringparam(dev, &r);
}

static int ethtool_info(struct net_device *dev, bool drvinfo)
{
	const struct ethtool_ops *ops = dev->ethtool_ops;
	struct ethtool_drvinfo info = { { 0 } };

	if (drvinfo) {
		if (!ops || !ops->get_drvinfo)
			return -EOPNOTSUPP;
		ops->get_drvinfo(dev, &info);
		kprintf("driver: %s\nversion: %s\nbus-info: %s\n", info.driver,
			info.version, info.bus_info);
		return 0;
	}
	kprintf("Settings for %s:\n\tLink detected: %s\n", dev->name,
		(ops && ops->get_link ? ops->get_link(dev) : netif_carrier_ok(dev)) ? "yes" : "no");
	return 0;
}

static int ethtool_cmd(int argc, char **argv)
{
	const char *opt = argc == 2 ? "" : argc > 2 ? argv[1] : NULL;
	struct net_device *dev;
	int err = -EINVAL;

	if (!opt || (*opt && argv[1][0] != '-'))
		goto usage;
	dev = find_dev("ethtool", argv[*opt ? 2 : 1]);
	if (!dev)
		return -ENODEV;
	if (!*opt)
		err = ethtool_info(dev, false);
	else if (!strcmp(opt, "-i") && argc == 3)
		err = ethtool_info(dev, true);
	else if (!strcmp(opt, "-S") && argc == 3)
		err = ethtool_stats(dev);
	else if (!strcmp(opt, "-g") && argc == 3)
		err = ethtool_show_ring(dev);
	else if (!strcmp(opt, "-G"))
		err = ethtool_set_ring(dev, argc - 3, argv + 3);
	if (err == -EOPNOTSUPP)
		kprintf("ethtool: %s: operation not supported\n", dev->name);
	if (err != -EINVAL)
		return err;
usage:
	kprintf("usage: ethtool [-i|-S|-g] dev | ethtool -G dev [rx N] [tx N]\n");
	return -EINVAL;
}
SHELL_COMMAND(ethtool, "ethtool", ethtool_cmd,
	      "[-i|-S|-g] dev | -G dev rx N tx N: driver info, NIC counters, rings");

/* --- tc -s qdisc --- */

static void tc_show(struct net_device *dev)
{
	struct Qdisc *q = dev->qdisc;
	int i;

	kprintf("qdisc %s 0: dev %s root refcnt 2", q->ops->id, dev->name);
	if (q->ops == &pfifo_fast_ops) {
		kprintf(" bands %d priomap", PFIFO_FAST_BANDS);
		for (i = 0; i <= TC_PRIO_MAX; i++)
			kprintf(" %u", sch_default_prio2band[i]);
	}
	kprintf("\n Sent %lu bytes %lu pkt (dropped %u, overlimits %u requeues %u)\n",
		q->bstats.bytes, q->bstats.packets, q->qstats.drops, q->qstats.overlimits,
		q->qstats.requeues);
	kprintf(" backlog %ub %up requeues %u\n", q->qstats.backlog, q->qstats.qlen,
		q->qstats.requeues);
}

static int tc_cmd(int argc, char **argv)
{
	struct net_device *dev, *only = NULL;
	int i = 1;

	if (i < argc && !strcmp(argv[i], "-s"))
		i++;
	if (i >= argc || !is_prefix(argv[i], "qdisc"))
		goto usage;
	i++;
	if (i < argc && !strcmp(argv[i], "show"))
		i++;
	if (i + 2 == argc && !strcmp(argv[i], "dev")) {
		only = find_dev("tc", argv[i + 1]);
		if (!only)
			return -ENODEV;
	} else if (i != argc) {
		goto usage;
	}
	for_each_netdev(i, dev)
		if (!only || dev == only)
			tc_show(dev);
	return 0;
usage:
	kprintf("usage: tc -s qdisc [show [dev DEV]]\n");
	return -EINVAL;
}
SHELL_COMMAND(tc, "tc", tc_cmd, "-s qdisc [show [dev DEV]]: qdisc counters");

/* --- softnet_stat, skbstat --- */

static int softnet_stat_cmd(int argc, char **argv)
{
	struct softnet_data *sd = &softnet_data[0];
	u32 backlog = skb_queue_len(&sd->input_pkt_queue) + skb_queue_len(&sd->process_queue);

	/* /proc/net/softnet_stat: processed dropped time_squeeze, five zeros
	 * (retired), cpu_collision, received_rps, flow_limit_count, backlog,
	 * cpu index. One CPU runs today. */
	kprintf("%08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\n",
		sd->processed, sd->dropped, sd->time_squeeze, 0, 0, 0, 0, 0,
		sd->cpu_collision, sd->received_rps, sd->flow_limit_count, backlog, 0);
	kprintf("cpu0: processed %u dropped %u time_squeeze %u received_rps %u backlog %u\n",
		sd->processed, sd->dropped, sd->time_squeeze, sd->received_rps, backlog);
	kprintf("net.core: netdev_budget %d netdev_budget_usecs %d dev_weight %d "
		"netdev_max_backlog %d\n", netdev_budget, netdev_budget_usecs, dev_weight,
		netdev_max_backlog);
	return 0;
}
SHELL_COMMAND(softnet_stat, "softnet_stat", softnet_stat_cmd,
	      "per-CPU packet counters (/proc/net/softnet_stat)");

static int skbstat_cmd(int argc, char **argv)
{
	struct skb_stats st;

	skb_get_stats(&st);
	kprintf("skbs: live %lu allocated %lu freed %lu dropped %lu clones %lu copies %lu\n",
		st.live, st.allocated, st.freed, st.dropped, st.clones, st.copies);
	kprintf("data buffers live %lu, allocation failures %lu\n", st.data_live,
		st.alloc_failures);
	return 0;
}
SHELL_COMMAND(skbstat, "skbstat", skbstat_cmd, "live sk_buff and data buffer counts");
