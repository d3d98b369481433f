"""A ping flood, per NIC model: napkin survives 10,000 echo requests and its counters show
NAPI at work — far fewer interrupts than packets, and polls that used their whole
budget. Asserts on the counters, never on time (TCG speed varies)."""

import shellparse

FLOOD_COUNT = 10000
# iputils -f sends the next request when a reply arrives (or every 10 ms), so with
# one request in flight every frame arrives alone and earns its own interrupt: no
# batching is possible (measured: ~10,000 interrupts for 10,000 pings, no full
# polls, on all three models). -l keeps PRELOAD requests in flight, so frames reach
# the NIC in bursts that outrun one interrupt each — the load NAPI exists for.
PRELOAD = 64
FLOOD_BOUND = 300                # seconds: the hard bound on the whole flood


def nic_irq_lines(net):
    """`interrupts` rows naming the interface or the driver: (vector, count, description)."""
    rows = shellparse.interrupts(net.cmd("interrupts"))
    return [r for r in rows if "eth0" in r[2] or "e1000" in r[2]]


def test_ping_flood_napi(net):
    before, irq_before = net.ethtool(), sum(r[1] for r in nic_irq_lines(net))
    r = net.ns.ping(count=FLOOD_COUNT, flood=True, preload=PRELOAD, timeout=FLOOD_BOUND)
    after, irq_after = net.ethtool(), sum(r[1] for r in nic_irq_lines(net))

    delta = {k: after[k] - before.get(k, 0) for k in after}
    rx, irqs = delta["rx_packets"], delta["irq_total"]
    polls, full = delta["napi_polls"], delta["napi_full_budget_polls"]
    print(f"flood: {r.received}/{r.transmitted} replies; napkin rx {rx} tx {delta['tx_packets']}"
          f" irqs {irqs} (interrupts: {irq_after - irq_before}) polls {polls} full {full}"
          f" missed {delta.get('hw_missed_packets')} no_buffer {delta.get('hw_rx_no_buffer')}"
          f"\n{r.text}")

    assert r.transmitted > 0 and r.received >= 0.95 * FLOOD_COUNT, \
        f"napkin answered {r.received} of {FLOOD_COUNT} flood pings\n{r.describe()}"
    assert rx >= r.received, f"napkin counted {rx} received frames but answered {r.received}"
    assert irq_after - irq_before >= irqs > 0, \
        f"ethtool irq_total +{irqs}, `interrupts` for the NIC +{irq_after - irq_before}"
    assert irqs < rx / 2, \
        f"{irqs} interrupts for {rx} frames: NAPI is not batching (want < {rx // 2})"
    assert full > 0, f"no NAPI poll used its full budget in {polls} polls under flood"

    after_flood = net.ns.ping(count=10, interval=0.05)
    assert after_flood.received == 10, "napkin stopped answering after the flood\n" \
        + after_flood.describe()
    net.assert_no_leak()
