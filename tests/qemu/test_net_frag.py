"""IPv4 fragmentation, reassembly and ICMP errors on the wire (e1000 only: the NIC model
does not matter above the driver). Large pings from the namespace are reassembled by
napkin and its replies fragmented; scapy sends overlapping, duplicate, out-of-order and
incomplete fragments; ICMP time exceeded (code 1) and protocol unreachable are looked for
in the pcap. net.ipv4.ipfrag_time is 2 s so timeouts fit a test. Ends with a leak check
and the reassembly memory back to 0."""

import re
import time

import pytest

import shellparse
from napkin_vm import scaled
from netns import GUEST_ADDR, HOST_ADDR, BROADCAST, NetRig, ip_bytes

IPFRAG_TIME = 2
ICMP_WAIT = 30          # seconds (scaled) to wait for an expected ICMP error (TCG is slow)


@pytest.fixture
def fnet(vm, netns):
    """napkin on an e1000 in `netns`, ipfrag_time 2 s, answering pings."""
    rig = NetRig(vm, netns, "e1000", cmdline=f"sysctl.net.ipv4.ipfrag_time={IPFRAG_TIME}")
    try:
        rig.boot()
        rig.settle()
        yield rig
    finally:
        rig.close()


def nstat(rig):
    return shellparse.nstat(rig.cmd("nstat -az"))


def frag_usage(rig):
    out = rig.cmd("ipfrag")
    m = re.search(r"^FRAG: inuse (\d+) memory (\d+)$", out, re.M)
    assert m, f"`ipfrag` printed no FRAG line:\n{out}"
    return int(m.group(1)), int(m.group(2))


def echo_datagram(ipid, icmp_id, size):
    """An echo request host -> napkin as IP bytes (checksums filled)."""
    from scapy.layers.inet import ICMP, IP
    payload = bytes((i * 7 + 3) & 0xFF for i in range(size))
    return bytes(IP(src=HOST_ADDR, dst=GUEST_ADDR, id=ipid) /
                 ICMP(type=8, id=icmp_id, seq=1) / payload)


def fragments(rig, datagram, pieces):
    """Ethernet frames carrying pieces (payload offset, length, MF) of an IP datagram."""
    from scapy.layers.inet import IP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    ip = IP(datagram)
    body = datagram[ip.ihl * 4:]
    out = []
    for off, length, mf in pieces:
        assert off % 8 == 0
        p = IP(src=ip.src, dst=ip.dst, id=ip.id, proto=ip.proto, ttl=64,
               flags="MF" if mf else 0, frag=off // 8) / Raw(body[off:off + length])
        out.append(bytes(Ether(dst=rig.mac, src=rig.host_mac) / p))
    return out


def icmp_from_napkin(frames, icmp_type, code=None):
    """(icmp type, code, quoted IP header bytes) of napkin's ICMP messages to the host."""
    found = []
    for raw in frames:
        if len(raw) < 14 + 20 or raw[12:14] != b"\x08\x00":
            continue
        ip = ip_bytes(raw)
        ihl = (ip[0] & 0xF) * 4
        if ip[9] != 1 or ip[12:16] != bytes(map(int, GUEST_ADDR.split("."))):
            continue
        icmp = ip[ihl:]
        if len(icmp) >= 8 and icmp[0] == icmp_type and (code is None or icmp[1] == code):
            found.append((icmp[0], icmp[1], icmp[8:]))
    return found


def echo_replies(frames, icmp_id):
    from scapy.layers.inet import ICMP, IP
    from scapy.layers.l2 import Ether
    out = []
    for raw in frames:
        e = Ether(raw)
        if IP in e and ICMP in e and e[IP].src == GUEST_ADDR and e[ICMP].type == 0 \
                and e[ICMP].id == icmp_id:
            out.append(e)
    return out


def wait_for(fn, timeout, what):
    deadline = time.monotonic() + scaled(timeout)
    while True:
        got = fn()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def test_ping_8k_60k_fragmented(fnet):
    """ping -s 8000 and -s 60000: 0% loss, napkin reassembles the requests and
    fragments its replies (Linux reassembles them); counters say so."""
    before = nstat(fnet)
    for size in (8000, 60000):
        r = fnet.ns.ping(count=5, interval=0.5, size=size, wait=5)
        assert r.transmitted == 5 and r.received == 5, f"-s {size}:\n" + r.describe()
    after = nstat(fnet)
    # 8008 bytes of ICMP: 6 fragments; 60008: 41.
    frags_in = 5 * 6 + 5 * 41
    assert after["IpReasmOKs"] - before["IpReasmOKs"] == 10, (before, after)
    assert after["IpReasmReqds"] - before["IpReasmReqds"] >= frags_in, (before, after)
    assert after["IpFragOKs"] - before["IpFragOKs"] == 10, (before, after)
    assert after["IpFragCreates"] - before["IpFragCreates"] == frags_in, (before, after)
    assert after["IpReasmFails"] == before["IpReasmFails"], (before, after)
    # napkin's own ping: its requests fragmented, Linux's replies reassembled.
    out = fnet.cmd(f"ping -c 3 -i 0.3 -s 8000 {HOST_ADDR}", timeout=60)
    assert re.search(r"\b3 packets transmitted, 3 received\b", out), out
    big = [f for f in fnet.wire() if len(f) > 1514]
    assert not big, f"{len(big)} frames over 1514 bytes on the wire"
    assert frag_usage(fnet) == (0, 0)
    fnet.assert_no_leak()


def test_bad_fragments(fnet):
    """Overlap: no reply, ReasmOverlaps/ReasmFails. Duplicate and out-of-order: a reply.
    Incomplete: time exceeded code 1 after ipfrag_time only if the first fragment came."""
    check_bad_fragments(fnet)


def check_bad_fragments(rig):
    """test_bad_fragments on any rig whose net.ipv4.ipfrag_time is IPFRAG_TIME (the other
    NIC models run it from test_net_ipv4_models.py)."""
    ns = rig.ns
    before = nstat(rig)
    # 200 bytes of ICMP: pieces of 0..208 in 8-byte units.
    overlap = echo_datagram(0x1001, 0x501, 192)
    # The overlapping piece last: what comes after a discard starts a new queue.
    ns.send_frames(fragments(rig, overlap, [(128, 72, False), (0, 96, True), (64, 64, True)]))
    dup = echo_datagram(0x1002, 0x502, 192)
    ns.send_frames(fragments(rig, dup, [(0, 96, True), (0, 96, True), (96, 104, False)]))
    ooo = echo_datagram(0x1003, 0x503, 192)
    ns.send_frames(fragments(rig, ooo, [(128, 72, False), (64, 64, True), (0, 64, True)]))
    first_only = echo_datagram(0x1004, 0x504, 192)
    ns.send_frames(fragments(rig, first_only, [(0, 96, True)]))
    tail_only = echo_datagram(0x1005, 0x505, 192)
    ns.send_frames(fragments(rig, tail_only, [(96, 104, False)]))

    assert wait_for(lambda: echo_replies(rig.wire(), 0x502), ICMP_WAIT, "reply"), \
        "no echo reply to the datagram with a duplicated fragment"
    assert wait_for(lambda: echo_replies(rig.wire(), 0x503), ICMP_WAIT, "reply"), \
        "no echo reply to the datagram sent out of order"

    def exceeded(ipid):
        return [q for t, c, q in icmp_from_napkin(rig.wire(), 11, 1)
                if int.from_bytes(q[4:6], "big") == ipid]

    got = wait_for(lambda: exceeded(0x1004), ICMP_WAIT, "time exceeded")
    assert got, f"no ICMP time exceeded (fragment reassembly) for id 0x1004 in {rig.pcap}"
    q = got[0]
    assert q[0] >> 4 == 4 and q[9] == 1 and int.from_bytes(q[6:8], "big") & 0x1FFF == 0, \
        f"quoted header is not the first fragment's: {q[:20].hex()}"
    assert len(q) >= 20 + 8, "fewer than 8 bytes of the datagram quoted [RFC 792]"
    # Both incomplete queues (0x1004, 0x1005) have timed out once IpReasmTimeout says 2;
    # only then is the absence of an ICMP error for 0x1005 telling.
    timeouts = wait_for(lambda: nstat(rig)["IpReasmTimeout"] - before["IpReasmTimeout"] >= 2,
                        IPFRAG_TIME + ICMP_WAIT, "reassembly timeouts")
    assert timeouts, "the tail-only queue never timed out"
    assert not exceeded(0x1005), "time exceeded sent although the first fragment never came"
    assert not echo_replies(rig.wire(), 0x501), "echo reply to an overlapping datagram"

    after = nstat(rig)
    assert after["IpExtReasmOverlaps"] - before["IpExtReasmOverlaps"] == 1, (before, after)
    assert after["IpDropFragDup"] - before["IpDropFragDup"] == 1, (before, after)
    assert after["IpReasmTimeout"] - before["IpReasmTimeout"] == 2, (before, after)
    assert after["IpReasmFails"] - before["IpReasmFails"] == 3, (before, after)
    assert after["IpReasmOKs"] - before["IpReasmOKs"] == 2, (before, after)
    assert after["IcmpOutTimeExcds"] - before["IcmpOutTimeExcds"] == 1, (before, after)
    assert frag_usage(rig) == (0, 0)
    rig.assert_no_leak()


def test_protocol_unreachable(fnet):
    """An unknown protocol to napkin's address gets ICMP protocol unreachable quoting
    it; to the subnet or limited broadcast, nothing [RFC 1122 §3.2.2]."""
    from scapy.layers.inet import IP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    rig = fnet
    body = Raw(bytes(range(32)))
    frames = [
        Ether(dst=rig.mac, src=rig.host_mac) / IP(src=HOST_ADDR, dst=GUEST_ADDR, proto=253,
                                                    id=0x2001) / body,
        Ether(dst=BROADCAST, src=rig.host_mac) / IP(src=HOST_ADDR, dst="10.0.9.255", proto=253,
                                                      id=0x2002) / body,
        Ether(dst=BROADCAST, src=rig.host_mac) / IP(src=HOST_ADDR, dst="255.255.255.255",
                                                      proto=253, id=0x2003) / body,
        Ether(dst=rig.mac, src=rig.host_mac) / IP(src=HOST_ADDR, dst="10.0.9.255", proto=253,
                                                    id=0x2004) / body,
    ]
    before = nstat(rig)
    rig.ns.send_frames([bytes(f) for f in frames])

    def unreach():
        return [(c, q) for t, c, q in icmp_from_napkin(rig.wire(), 3)]

    got = wait_for(unreach, ICMP_WAIT, "unreachable")
    assert got, f"no ICMP destination unreachable from napkin in {rig.pcap}"
    time.sleep(2)
    got = unreach()
    ids = sorted(int.from_bytes(q[4:6], "big") for c, q in got)
    assert ids == [0x2001], f"unreachables quote ids {[hex(i) for i in ids]}, expected 0x2001 only"
    code, q = got[0]
    assert code == 2, f"code {code}, expected 2 (protocol unreachable)"
    assert q[9] == 253 and len(q) >= 28 and q[20:28] == bytes(range(8)), q.hex()
    after = nstat(rig)
    assert after["IpInUnknownProtos"] - before["IpInUnknownProtos"] == 4, (before, after)
    assert after["IcmpOutDestUnreachs"] - before["IcmpOutDestUnreachs"] == 1, (before, after)
    rig.assert_no_leak()


def test_received_icmp_errors_validated(fnet):
    """Received errors: a well-formed destination unreachable is accepted (counted by
    type only); a truncated quote or a quoted header that is not IPv4 is InErrors."""
    from scapy.layers.inet import ICMP, IP, UDP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    rig = fnet
    quoted = bytes(IP(src=GUEST_ADDR, dst=HOST_ADDR, id=7) / UDP(sport=7, dport=4444) / b"hi")
    bad_version = bytes([0x65]) + quoted[1:]

    def err(quote):
        return bytes(Ether(dst=rig.mac, src=rig.host_mac) /
                     IP(src=HOST_ADDR, dst=GUEST_ADDR) / ICMP(type=3, code=3) / Raw(quote))

    before = nstat(rig)
    rig.ns.send_frames([err(quoted[:28]), err(quoted[:24]), err(bad_version[:28])])
    after = wait_for(lambda: (lambda a: a if a["IcmpInDestUnreachs"] -
                              before["IcmpInDestUnreachs"] >= 3 else None)(nstat(rig)),
                     ICMP_WAIT, "three unreachables counted")
    assert after, "napkin did not count the three destination unreachables"
    assert after["IcmpInErrors"] - before["IcmpInErrors"] == 2, (before, after)
    assert not icmp_from_napkin(rig.wire(), 3), "napkin answered an ICMP error with one"
    rig.assert_no_leak()


def test_forwarding(fnet):
    """Off by default: a datagram for another host is dropped (NotForUs). With
    net.ipv4.ip_forward=1 it goes out again with TTL - 1 (napkin's MAC as source), and
    TTL 1 gets ICMP time exceeded code 0 instead. A FORWARD DROP rule stops and counts
    a forwarded datagram; deleting it restores forwarding."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    rig, other = fnet, "10.0.9.77"
    rig.ns.run(["ip", "addr", "add", f"{other}/{24}", "dev", rig.ns.tap], check=True)

    def dgram(ipid, ttl):
        return bytes(Ether(dst=rig.mac, src=rig.host_mac) /
                     IP(src=HOST_ADDR, dst=other, id=ipid, ttl=ttl) /
                     UDP(sport=1234, dport=9) / b"forward me")

    def forwarded(ipid):
        out = []
        for raw in rig.wire():
            if raw[6:12] != bytes.fromhex(rig.mac.replace(":", "")) or raw[12:14] != b"\x08\x00":
                continue
            ip = ip_bytes(raw)
            if int.from_bytes(ip[4:6], "big") == ipid and ip[16:20] == bytes([10, 0, 9, 77]):
                out.append(ip)
        return out

    before = nstat(rig)
    assert before["IpForwarding"] == 2
    rig.ns.send_frames([dgram(0x3001, 64)])
    time.sleep(2)
    assert not forwarded(0x3001), "forwarded with net.ipv4.ip_forward=0"
    assert nstat(rig)["IpDropNotForUs"] - before["IpDropNotForUs"] == 1

    rig.cmd("sysctl -w net.ipv4.ip_forward=1")
    rig.ns.send_frames([dgram(0x3002, 64), dgram(0x3003, 1)])
    got = wait_for(lambda: forwarded(0x3002), ICMP_WAIT, "forwarded datagram")
    assert got, f"datagram 0x3002 not forwarded to {other} in {rig.pcap}"
    assert got[0][8] == 63, f"forwarded with TTL {got[0][8]}, expected 63"
    exc = wait_for(lambda: [q for t, c, q in icmp_from_napkin(rig.wire(), 11, 0)
                            if int.from_bytes(q[4:6], "big") == 0x3003], ICMP_WAIT, "exceeded")
    assert exc, "no ICMP time exceeded (TTL) for the TTL 1 datagram"
    assert not forwarded(0x3003), "a TTL 1 datagram was forwarded"
    after = nstat(rig)
    assert after["IpForwarding"] == 1
    assert after["IpForwDatagrams"] - before["IpForwDatagrams"] == 1, (before, after)
    assert after["IpDropFwdTtlExpired"] - before["IpDropFwdTtlExpired"] == 1, (before, after)

    # The FORWARD hook (after the TTL decrement, both devices known): a DROP rule
    # stops the next datagram and counts it; deleting the rule restores forwarding.
    out = rig.cmd(f"iptables -A FORWARD -i eth0 -o eth0 -p udp -d {other} --dport 9 -j DROP")
    assert "iptables:" not in out, out
    before = nstat(rig)
    rig.ns.send_frames([dgram(0x3004, 64)])
    hit = wait_for(lambda: forward_rule_counts(rig) == (1, 28 + len(b"forward me")),
                   ICMP_WAIT, "FORWARD rule hit")
    assert hit, f"FORWARD rule did not count the datagram:\n{rig.cmd('iptables -L FORWARD -v -n -x')}"
    after = nstat(rig)
    assert after["IpDropNetfilter"] - before["IpDropNetfilter"] == 1, (before, after)
    assert after["IpForwDatagrams"] == before["IpForwDatagrams"], (before, after)
    assert not forwarded(0x3004), "forwarded despite a FORWARD DROP rule"
    rig.cmd("iptables -D FORWARD 1")
    rig.ns.send_frames([dgram(0x3005, 64)])
    assert wait_for(lambda: forwarded(0x3005), ICMP_WAIT, "forwarded again"), \
        "not forwarded after the FORWARD rule was deleted"
    rig.cmd("sysctl -w net.ipv4.ip_forward=0")
    rig.assert_no_leak()


FWD_RULE = re.compile(r"^\s*(\d+)\s+(\d+)\s+DROP\s+udp\b", re.M)


def forward_rule_counts(rig):
    """(packets, bytes) of the first FORWARD rule, or None."""
    m = FWD_RULE.search(rig.cmd("iptables -L FORWARD -v -n -x"))
    return (int(m.group(1)), int(m.group(2))) if m else None
