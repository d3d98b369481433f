"""Link down and up from QEMU's monitor (`set_link`), per NIC model: napkin notices the
carrier going (link-change interrupt), pings fail, and everything recovers —
carrier, pings, a gratuitous ARP announcing the address again."""

import re

from napkin_vm import poll_until
from netns import BROADCAST, GUEST_ADDR, arp_frames, arp_problems


def link_detected(net):
    out = net.cmd(f"ethtool {net.IFACE}")
    m = re.search(r"Link detected: (yes|no)", out)
    assert m, f"no `Link detected:` in:\n{out}"
    return m.group(1) == "yes"


def test_link_down_up(net):
    before = net.ethtool()
    mark = net.vm.mark()

    net.vm.monitor("set_link n0 off")
    net.wait_carrier(False, 15)
    assert not link_detected(net)
    down = net.ns.ping(count=3, interval=0.2)
    assert down.received == 0, "pings answered with the link down\n" + down.describe()

    frames_before_up = len(net.wire())
    net.vm.monitor("set_link n0 on")
    net.wait_carrier(True, 15)
    assert link_detected(net)
    poll_until(lambda: net.ns.ping(count=1), lambda r: r.received == 1, 20,
               "napkin to answer a ping after link up")
    up = net.ns.ping(count=20, interval=0.05)
    assert up.received == 20, "pings lost after link up\n" + up.describe()

    after = net.ethtool()
    assert after["carrier_down"] - before["carrier_down"] == 1, (before, after)
    assert after["carrier_up"] - before["carrier_up"] == 1, (before, after)
    assert after["irq_lsc"] > before["irq_lsc"], "no link-status-change interrupt counted"
    log = net.vm.output[mark:]
    print("napkin's log across the flap:\n" + "\n".join(
        line for line in log.splitlines() if "Link" in line or "link" in line))

    garp = [(raw, e) for raw, e in arp_frames(net.wire()[frames_before_up:], src_mac=net.mac)
            if e["ARP"].psrc == GUEST_ADDR and e["ARP"].pdst == GUEST_ADDR]
    assert garp, "no gratuitous ARP from napkin after the link came back"
    raw, e = garp[0]
    problems = arp_problems(raw, e, op=e["ARP"].op, eth_dst=BROADCAST, sha=net.mac,
                            spa=GUEST_ADDR, tha=None, tpa=GUEST_ADDR)
    assert not problems, "\n".join(problems)
    net.assert_no_leak()
