/* IPv4 reassembly in the kernel: ip_defrag locks the one table and hands
 * the fragment to inet_fragment.c; one timer expires queues after
 * net.ipv4.ipfrag_time and sends ICMP time exceeded (code 1) for those
 * whose first fragment arrived [RFC 1122 §3.3.2]; `ipfrag` shows usage.
 * Softirq context throughout (receive and TIMER_SOFTIRQ). */
#include "net/ipv4/ip_fragment.h"
#include "net/ipv4/icmp.h"
#include "net/ipv4/inet_fragment.h"
#include "arch/x86_64/cpu.h"
#include "kernel/printk.h"
#include "kernel/shell.h"
#include "kernel/spinlock.h"
#include "kernel/sysctl.h"
#include "kernel/timer.h"

int sysctl_ipfrag_high_thresh = 4 * 1024 * 1024;
int sysctl_ipfrag_low_thresh = 3 * 1024 * 1024;
int sysctl_ipfrag_time = 30;

SYSCTL_INT_ENTRY(ipfrag_high_thresh, "net.ipv4.ipfrag_high_thresh",
		 &sysctl_ipfrag_high_thresh, 0, 1 << 30,
		 "reassembly memory (bytes) above which the oldest queues are dropped");
SYSCTL_INT_ENTRY(ipfrag_low_thresh, "net.ipv4.ipfrag_low_thresh",
		 &sysctl_ipfrag_low_thresh, 0, 1 << 30,
		 "reassembly memory (bytes) eviction brings usage down to");
SYSCTL_INT_ENTRY(ipfrag_time, "net.ipv4.ipfrag_time", &sysctl_ipfrag_time, 1, 3600,
		 "seconds a datagram may wait for its missing fragments");

static struct ipfrag_table ip4_frags;
static spinlock_t ip4_frags_lock;
static struct timer_list ip4_frags_timer;

/* The sysctls may change at any time: read them once per operation. */
static void ipfrag_load_limits(struct ipfrag_table *t)
{
	unsigned long high = (unsigned long)READ_ONCE(sysctl_ipfrag_high_thresh);
	unsigned long low = (unsigned long)READ_ONCE(sysctl_ipfrag_low_thresh);

	t->high_thresh = high;
	t->low_thresh = low < high ? low : high;
	t->timeout = (u64)READ_ONCE(sysctl_ipfrag_time) * HZ;
}

/* Make the timer fire by `when`. Caller holds the lock. */
static void ipfrag_timer_kick(u64 when)
{
	if (!timer_pending(&ip4_frags_timer) || time_before(when, ip4_frags_timer.expires))
		mod_timer(&ip4_frags_timer, when);
}

struct sk_buff *ip_defrag(struct sk_buff *skb)
{
	struct sk_buff *whole;
	u64 now = jiffies;

	spin_lock(&ip4_frags_lock);
	ipfrag_load_limits(&ip4_frags);
	whole = ipfrag_queue(&ip4_frags, skb, now);
	/* A new queue expires at now + timeout; older ones sooner. */
	if (ip4_frags.nqueues)
		ipfrag_timer_kick(now + ip4_frags.timeout);
	spin_unlock(&ip4_frags_lock);
	return whole;
}

static void ipfrag_timer_fn(struct timer_list *t)
{
	struct sk_buff *skb, *n;
	LIST_HEAD(notify);
	u64 now = jiffies, next;

	spin_lock(&ip4_frags_lock);
	if (ipfrag_expire(&ip4_frags, now, &notify, &next))
		mod_timer(&ip4_frags_timer, time_after(next, now) ? next : now + 1);
	spin_unlock(&ip4_frags_lock);

	list_for_each_entry_safe(skb, n, &notify, list) {
		list_del(&skb->list);
		icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME, 0);
		kfree_skb(skb);
	}
}

void ipfrag_usage(unsigned int *inuse, unsigned long *memory)
{
	spin_lock(&ip4_frags_lock);
	*inuse = ip4_frags.nqueues;
	*memory = ip4_frags.mem;
	spin_unlock(&ip4_frags_lock);
}

static int ipfrag_cmd(int argc, char **argv)
{
	unsigned long memory;
	unsigned int inuse;

	ipfrag_usage(&inuse, &memory);
	kprintf("FRAG: inuse %u memory %lu\n", inuse, memory);
	kprintf("high_thresh %d low_thresh %d time %d s, at most %u queues of %u bytes\n",
		READ_ONCE(sysctl_ipfrag_high_thresh), READ_ONCE(sysctl_ipfrag_low_thresh),
		READ_ONCE(sysctl_ipfrag_time), IPQ_MAX_QUEUES, IPQ_MAX_MEM);
	return 0;
}
SHELL_COMMAND(ipfrag, "ipfrag", ipfrag_cmd, "IPv4 reassembly queues and memory");

void ipfrag_init(void)
{
	siphash_key_t key;

	/* Keyed so a sender cannot aim every datagram at one bucket. */
	key.key[0] = rdtsc() * 0x9e3779b97f4a7c15ULL;
	key.key[1] = rdtsc() ^ (u64)(unsigned long)&key;
	spin_lock_init(&ip4_frags_lock);
	ipfrag_table_init(&ip4_frags, &key);
	timer_setup(&ip4_frags_timer, ipfrag_timer_fn, 0);
}
