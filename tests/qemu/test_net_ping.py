"""Echo and ARP on the wire, per NIC model: iputils ping and arping from the namespace,
and napkin's own ARP request for its gateway. Replies are checked byte for byte in
the pcap QEMU's filter-dump wrote of the link; every test ends with a leak check."""

import re

import shellparse
from netns import (BROADCAST, GUEST_ADDR, HOST_ADDR, arp_frames, arp_problems, echo_pairs,
                   echo_reply_problems)

PING_SIZES = (0, 56, 1472)       # 1472 = 1500 - 20 (IPv4) - 8 (ICMP): a full frame
PING_COUNT = 100


def test_ping_payload_sizes(net):
    """100 pings at 10 ms for each payload size, 0% loss, every reply the request's mirror."""
    problems = []
    for size in PING_SIZES:
        r = net.ns.ping(count=PING_COUNT, interval=0.01, size=size)
        if r.transmitted != PING_COUNT or r.received != PING_COUNT:
            problems.append(f"payload {size}: {r.received}/{r.transmitted} replies\n"
                            + r.describe())
    assert not problems, "\n".join(problems)

    requests, replies = echo_pairs(net.wire(), HOST_ADDR, GUEST_ADDR)
    by_size = {}
    for key, reqs in requests.items():
        ip = reqs[0][1]["IP"]
        size = ip.len - ip.ihl * 4 - 8              # Ethernet padding excluded
        by_size.setdefault(size, []).append(key)
    for size in PING_SIZES:
        keys = by_size.get(size, [])
        if len(keys) < PING_COUNT:
            problems.append(f"payload {size}: only {len(keys)} echo requests in the pcap")
        for key in keys:
            reps = replies.get(key, [])
            if len(reps) != 1:
                problems.append(f"payload {size} id/seq {key}: {len(reps)} replies in the pcap")
                continue
            for p in echo_reply_problems(requests[key][0][0], reps[0][0],
                                         server_mac=net.mac, client_mac=net.host_mac):
                problems.append(f"payload {size} id/seq {key}: {p}")
        print(f"payload {size}: {len(keys)} request/reply pairs checked in the pcap")
    assert not problems, f"{len(problems)} problems in {net.pcap}:\n" + "\n".join(problems[:40])
    net.assert_no_leak()


def test_arping(net):
    """arping gets 3 replies carrying napkin's MAC; the replies are well-formed ARP."""
    r = net.ns.run(["arping", "-c", "3", "-w", "10", "-I", net.ns.tap, GUEST_ADDR], timeout=30)
    out = r.stdout + r.stderr
    replies = re.findall(r"reply from (\S+) \[([0-9A-Fa-f:]+)\]", out)
    assert len(replies) == 3, f"expected 3 ARP replies (rc={r.returncode}):\n{out}"
    for ip, mac in replies:
        assert ip == GUEST_ADDR and mac.lower() == net.mac, f"wrong reply {ip} {mac}:\n{out}"
    assert re.search(r"Received 3 response", out), out

    found = arp_frames(net.wire(), op=2, src_mac=net.mac)
    to_host = [(raw, e) for raw, e in found if e["ARP"].pdst == HOST_ADDR]
    assert len(to_host) >= 3, f"{len(to_host)} ARP replies from napkin in {net.pcap}"
    problems = [p for raw, e in to_host
                for p in arp_problems(raw, e, op=2, eth_dst=net.host_mac, sha=net.mac,
                                      spa=GUEST_ADDR, tha=net.host_mac, tpa=HOST_ADDR)]
    assert not problems, "\n".join(problems)
    net.assert_no_leak()


def test_arp_request_for_gateway(net):
    """napkin ARPs for its gateway when it must send to it: a broadcast request with
    RFC 826 fields right. Its gratuitous ARP at link up is on the wire too."""
    net.cmd(f"arp -d {HOST_ADDR}")          # learnt from the namespace's own ARP: forget it
    before = len(net.wire())
    out = net.cmd(f"ping -c 1 {HOST_ADDR}", timeout=60)
    assert re.search(r"\b1 packets transmitted, 1 received\b", out), \
        f"napkin's ping of its gateway failed:\n{out}"

    requests = [(raw, e) for raw, e in arp_frames(net.wire()[before:], op=1, src_mac=net.mac)
                if e["ARP"].pdst == HOST_ADDR]
    assert requests, f"no ARP request from napkin for {HOST_ADDR} in {net.pcap}"
    problems = arp_problems(*requests[0], op=1, eth_dst=BROADCAST, sha=net.mac,
                            spa=GUEST_ADDR, tha=None, tpa=HOST_ADDR)
    assert not problems, "napkin's ARP request:\n" + "\n".join(problems)

    table = shellparse.arp_n(net.cmd("arp -n"))
    assert table.get(HOST_ADDR, {}).get("mac") == net.host_mac, \
        f"napkin's ARP cache has no {HOST_ADDR} -> {net.host_mac}: {table}"

    garp = [(raw, e) for raw, e in arp_frames(net.wire(), src_mac=net.mac)
            if e["ARP"].psrc == GUEST_ADDR and e["ARP"].pdst == GUEST_ADDR]
    assert garp, f"no gratuitous ARP ({GUEST_ADDR} for itself) from napkin in {net.pcap}"
    raw, e = garp[0]
    problems = arp_problems(raw, e, op=e["ARP"].op, eth_dst=BROADCAST, sha=net.mac,
                            spa=GUEST_ADDR, tha=None, tpa=GUEST_ADDR)
    assert not problems, "napkin's gratuitous ARP:\n" + "\n".join(problems)
    net.assert_no_leak()
