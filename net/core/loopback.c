/* The loopback device `lo` (Linux's drivers/net/loopback.c): every
 * transmitted frame comes straight back through netif_rx. Ethernet
 * framing with all-zero addresses, noqueue, MTU 64 KiB. Addresses
 * (127.0.0.1/8) belong to the IPv4 layer. */
#include "net/core/dev.h"
#include "net/ethernet/eth.h"
#include "kernel/printk.h"
#include "lib/errno.h"

#define LOOPBACK_MTU	(64 * 1024)

static netdev_tx_t loopback_xmit(struct sk_buff *skb, struct net_device *dev)
{
	unsigned int len = skb->len;

	/* The sender's socket accounting ends here, as on a real wire. */
	skb_orphan(skb);
	skb->protocol = eth_type_trans(skb, dev);
	if (unlikely(!skb->protocol)) {
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	/* Counted before netif_rx, which may free the skb. Backlog drops
	 * are counted there (rx_dropped, softnet_stat). */
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	if (netif_rx(skb) == NET_RX_SUCCESS) {
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += len;
	}
	return NETDEV_TX_OK;
}

static const struct net_device_ops loopback_ops = {
	.ndo_start_xmit = loopback_xmit,
};

static void loopback_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info)
{
	strlcpy(info->driver, "loopback", sizeof(info->driver));
	strlcpy(info->version, "1", sizeof(info->version));
	strlcpy(info->bus_info, "", sizeof(info->bus_info));
}

static u32 loopback_get_link(struct net_device *dev)
{
	return 1;
}

static const struct ethtool_ops loopback_ethtool_ops = {
	.get_drvinfo = loopback_get_drvinfo,
	.get_link = loopback_get_link,
};

static void loopback_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->mtu = LOOPBACK_MTU;
	dev->max_mtu = LOOPBACK_MTU;
	dev->type = ARPHRD_LOOPBACK;
	dev->flags = IFF_LOOPBACK;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_zero_addr(dev->broadcast);
	dev->netdev_ops = &loopback_ops;
	dev->ethtool_ops = &loopback_ethtool_ops;
}

int loopback_init(void)
{
	struct net_device *dev;
	int err;

	dev = alloc_netdev(0, "lo", loopback_setup);
	if (!dev)
		return -ENOMEM;
	err = register_netdev(dev);
	if (err) {
		free_netdev(dev);
		return err;
	}
	loopback_dev = dev;
	return dev_open(dev);
}
