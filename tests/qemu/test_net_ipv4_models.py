"""IPv4, ICMP and UDP on every NIC model: one boot per model (a module-scoped rig), then
the datagram scenarios of the IPv4/UDP issue, compactly: the echo service answered by
OpenBSD `nc -u` and by scapy-built frames (1 and 1472 bytes among others), fragmented
UDP echoes of 8000, 60000 and 65507 bytes (the largest UDP payload over IPv4) compared
byte for byte with the reply's fragments checked in the pcap, pings of 8000, 60000 and
65507 bytes with no loss, ICMP port unreachable for a closed port (also for a fragmented
datagram) and none for the subnet or limited broadcast, a datagram reassembled past
65,535 bytes dropped, receive-buffer overflow (small and reassembled datagrams) counted
while echo answers, and the malformed-fragment cases of test_net_frag.py on the models
it does not boot. The full per-size sweeps stay on the e1000 (test_net_udp.py). Every
test ends with the reassembly memory at 0 and a leak check."""

import json
import math
import os
import re
import struct
import time

import pytest

import shellparse
from napkin_vm import scaled
from netns import (BROADCAST, GUEST_ADDR, HOST_ADDR, NIC_MACHINES, NetNS, NetRig,
                   inet_csum_ok, ip_bytes, netns_unavailable, unique_name)

MODELS = ("e1000", "e1000-82545em", "e1000e")      # conftest.NIC_MODELS
ECHO, CLOSED = 7, 4243
MTU = 1500
FRAG_PAYLOAD = (MTU - 20) // 8 * 8                  # 1480 bytes of IP payload per fragment
BIG_SIZES = (8000, 60000, 65507)                    # 65507 = 65535 - 20 - 8
ICMP_WAIT = 12


def fragment_count(ip_payload):
    return math.ceil(ip_payload / FRAG_PAYLOAD)


@pytest.fixture(scope="module", params=MODELS)
def mnet(request, module_vm):
    """napkin with NIC `param` in a namespace of its own, answering pings; shared by the
    module's tests for that model (booted once)."""
    why = netns_unavailable()
    if why:
        pytest.skip(why)
    assert set(MODELS) <= set(NIC_MACHINES), "a model without a QEMU machine in netns.py"
    ns = NetNS(unique_name(f"models-{request.param}")).create()
    rig = NetRig(lambda *a, **kw: module_vm(*a, name=request.param, **kw), ns, request.param)
    try:
        rig.boot()
        rig.settle()
        yield rig
    finally:
        rig.close()
        ns.delete()


def nstat(rig):
    return shellparse.nstat(rig.cmd("nstat -az"))


def delta(before, after, *names):
    return {n: after[n] - before[n] for n in names}


def frag_usage(rig):
    out = rig.cmd("ipfrag")
    m = re.search(r"^FRAG: inuse (\d+) memory (\d+)$", out, re.M)
    assert m, f"`ipfrag` printed no FRAG line:\n{out}"
    return int(m.group(1)), int(m.group(2))


def wait_for(fn, timeout):
    deadline = time.monotonic() + scaled(timeout)
    while True:
        got = fn()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.5)


def end_checks(rig):
    """Reassembly memory back to 0 and no skb left behind."""
    assert wait_for(lambda: frag_usage(rig) == (0, 0), 10), \
        f"reassembly queues left: {rig.cmd('ipfrag')}"
    rig.assert_no_leak()


# ---- the wire, decoded from raw bytes (the pcap holds thousands of fragments) ----------

def ipv4_frames(rig, src, dst, proto):
    """[(frame length, IP header fields, IP bytes)] for frames src -> dst of `proto`."""
    s, d = bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))
    out = []
    for raw in rig.wire():
        if len(raw) < 34 or raw[12:14] != b"\x08\x00":
            continue
        ip = ip_bytes(raw)
        if ip[9] != proto or ip[12:16] != s or ip[16:20] != d:
            continue
        ihl = (ip[0] & 0xF) * 4
        fl = int.from_bytes(ip[6:8], "big")
        out.append((len(raw), {"id": int.from_bytes(ip[4:6], "big"), "ihl": ihl,
                               "mf": bool(fl & 0x2000), "off": (fl & 0x1FFF) * 8,
                               "len": len(ip)}, ip))
    return out


def reassemble(frags):
    """One datagram's fragments -> (IP payload, problems). Checks sizes against the
    1500-byte MTU, 8-byte alignment, MF on all but the last, no holes or overlaps."""
    problems = []
    frags = sorted(frags, key=lambda f: f[1]["off"])
    body, expect = b"", 0
    for n, (flen, h, ip) in enumerate(frags):
        last = n == len(frags) - 1
        if flen > 14 + MTU:
            problems.append(f"fragment at {h['off']}: {flen}-byte frame over the MTU")
        if not inet_csum_ok(ip[:h["ihl"]]):
            problems.append(f"fragment at {h['off']}: bad IP header checksum")
        if h["off"] != expect:
            problems.append(f"fragment at {h['off']}, expected {expect} (hole or overlap)")
        if h["mf"] == last:
            problems.append(f"fragment at {h['off']}: MF={int(h['mf'])}, last={last}")
        if not last and (h["len"] - h["ihl"]) % 8:
            problems.append(f"fragment at {h['off']}: {h['len'] - h['ihl']} bytes, not 8-aligned")
        body += ip[h["ihl"]:]
        expect = h["off"] + len(ip) - h["ihl"]
    return body, problems


def udp_csum_ok(src, dst, udp):
    pseudo = (bytes(map(int, src.split("."))) + bytes(map(int, dst.split(".")))
              + struct.pack("!BBH", 0, 17, len(udp)))
    return int.from_bytes(udp[6:8], "big") != 0 and inet_csum_ok(pseudo + udp)


def echo_replies_by_port(rig, dport):
    """{ip id: (number of fragments, UDP datagram reassembled from them, problems)} for
    napkin's replies from the echo port to HOST_ADDR:dport."""
    by_id = {}
    for f in ipv4_frames(rig, GUEST_ADDR, HOST_ADDR, 17):
        by_id.setdefault(f[1]["id"], []).append(f)
    out = {}
    for ipid, frags in by_id.items():
        first = [f for f in frags if f[1]["off"] == 0]
        if not first:
            continue
        udp = first[0][2][first[0][1]["ihl"]:]
        if len(udp) < 8 or struct.unpack("!HH", udp[:4]) != (ECHO, dport):
            continue
        out[ipid] = (len(frags),) + reassemble(frags)
    return out


# ---- clients run inside the namespace (the namespace's own stack, /usr/bin/python3) -----

# Sends each payload once on its own socket (its own port), waits `timeout` s for the
# echo, prints {"size", "port", "ok", "got"} per payload. One try only: the counter
# checks below count exactly one datagram each way.
UDP_ONCE = r"""
import json, os, socket, sys
dest, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
out = []
for n in map(int, sys.argv[4:]):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    data = os.urandom(n)
    s.sendto(data, (dest, port))
    try:
        got = s.recv(70000)
    except socket.timeout:
        got = None
    out.append({"size": n, "port": s.getsockname()[1], "ok": got == data,
                "got": None if got is None else len(got), "data": data.hex()})
    s.close()
print(json.dumps(out))
"""

# A connected socket to a closed port: the ICMP port unreachable becomes ECONNREFUSED.
REFUSED = r"""
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(float(sys.argv[3]))
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b"anyone there?")
try:
    s.recv(100)
    print("answered")
except ConnectionRefusedError:
    print("refused", s.getsockname()[1])
except socket.timeout:
    print("timeout")
"""


def udp_once(rig, sizes, timeout=20):
    r = rig.ns.run(["/usr/bin/python3", "-c", UDP_ONCE, GUEST_ADDR, str(ECHO), str(timeout)]
                   + [str(n) for n in sizes], timeout=len(sizes) * timeout + 30, check=True)
    return json.loads(r.stdout)


# ---- the tests ------------------------------------------------------------------------

def test_udp_echo_nc_and_scapy(mnet):
    """`nc -u` gets 1, 1000 and 1472 bytes back unchanged; scapy-built datagrams of 1, 700
    and 1472 bytes are echoed to their source port with the same bytes and a valid
    checksum, unfragmented."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    rig = mnet
    for n in (1, 1000, 1472):
        data = "".join(chr(0x41 + (i * 7) % 26) for i in range(n))
        r = rig.ns.run(["nc", "-u", "-w", "5", GUEST_ADDR, str(ECHO)], input=data, timeout=30)
        assert r.stdout == data, (f"nc -u, {n} bytes: got {len(r.stdout)} bytes back "
                                  f"{r.stdout[:40]!r} (stderr {r.stderr!r})")
        # One datagram each way, not the text split into pieces and joined again.
        for src, dst, port_at in ((HOST_ADDR, GUEST_ADDR, 2), (GUEST_ADDR, HOST_ADDR, 0)):
            sizes = [int.from_bytes(ip[h["ihl"] + 4:h["ihl"] + 6], "big") - 8
                     for _, h, ip in ipv4_frames(rig, src, dst, 17)
                     if int.from_bytes(ip[h["ihl"] + port_at:h["ihl"] + port_at + 2], "big")
                     == ECHO]
            assert n in sizes, f"nc -u: no {n}-byte datagram {src} -> {dst} (saw {sizes})"

    payloads = {43000 + i: os.urandom(n) for i, n in enumerate((1, 700, 1472))}
    rig.ns.send_frames([bytes(Ether(src=rig.host_mac, dst=rig.mac)
                              / IP(src=HOST_ADDR, dst=GUEST_ADDR) / UDP(sport=p, dport=ECHO) / d)
                        for p, d in payloads.items()])

    def replies():
        got = {}
        for port in payloads:
            for echo in echo_replies_by_port(rig, port).values():
                got[port] = echo
        return got if len(got) == len(payloads) else None

    got = wait_for(replies, ICMP_WAIT) or {}
    problems = []
    for port, data in payloads.items():
        if port not in got:
            problems.append(f"{len(data)} bytes from port {port}: no echo in {rig.pcap}")
            continue
        nfrags, udp, bad = got[port]
        problems += bad
        if nfrags != 1:
            problems.append(f"{len(data)}-byte echo sent in {nfrags} fragments")
        if udp[8:] != data or int.from_bytes(udp[4:6], "big") != 8 + len(data):
            problems.append(f"{len(data)}-byte echo to port {port} differs ({len(udp) - 8} bytes)")
        if not udp_csum_ok(GUEST_ADDR, HOST_ADDR, udp):
            problems.append(f"{len(data)}-byte echo to port {port}: bad UDP checksum")
    assert not problems, "\n".join(problems)
    end_checks(rig)


def test_udp_echo_fragmented(mnet):
    """8000, 60000 and 65507-byte datagrams from a namespace socket are reassembled by
    napkin, echoed, and the echo fragmented to the 1500-byte MTU: the namespace gets the
    same bytes back; in the pcap each echo's fragments are <= 1514-byte frames, 8-byte
    aligned, without hole or overlap, and the reassembled UDP checksum is right; nstat
    counts exactly these reassemblies and fragments."""
    rig = mnet
    before = nstat(rig)
    results = udp_once(rig, BIG_SIZES)
    bad = [{k: v for k, v in r.items() if k != "data"} for r in results if not r["ok"]]
    assert not bad, f"fragmented echoes lost or changed: {bad}"
    after = nstat(rig)

    problems = []
    for r in results:
        data = bytes.fromhex(r["data"])
        echoes = echo_replies_by_port(rig, r["port"])
        if len(echoes) != 1:
            problems.append(f"{r['size']} bytes: {len(echoes)} echo datagrams in the pcap")
            continue
        nfrags, udp, bad = next(iter(echoes.values()))
        problems += [f"{r['size']} bytes: {p}" for p in bad]
        want = fragment_count(8 + len(data))
        if nfrags != want:
            problems.append(f"{r['size']} bytes: echo in {nfrags} fragments, expected {want}")
        if udp[8:] != data or int.from_bytes(udp[4:6], "big") != len(udp):
            problems.append(f"{r['size']} bytes: the echo on the wire differs "
                            f"(UDP length {int.from_bytes(udp[4:6], 'big')}, {len(udp)} bytes)")
        if not udp_csum_ok(GUEST_ADDR, HOST_ADDR, udp):
            problems.append(f"{r['size']} bytes: bad UDP checksum over the reassembled echo")
    assert not problems, "\n".join(problems)

    frags = sum(fragment_count(8 + n) for n in BIG_SIZES)
    d = delta(before, after, "IpReasmOKs", "IpReasmReqds", "IpReasmFails", "IpFragOKs",
              "IpFragCreates", "IpFragFails", "UdpInDatagrams", "UdpOutDatagrams",
              "UdpRcvbufErrors", "UdpSndbufErrors")
    assert d == {"IpReasmOKs": 3, "IpReasmReqds": frags, "IpReasmFails": 0, "IpFragOKs": 3,
                 "IpFragCreates": frags, "IpFragFails": 0, "UdpInDatagrams": 3,
                 "UdpOutDatagrams": 3, "UdpRcvbufErrors": 0, "UdpSndbufErrors": 0}, d
    end_checks(rig)


def test_ping_fragmented(mnet):
    """ping -s 8000, 60000 and 65507 (a 65535-byte datagram, the IPv4 maximum): no loss;
    napkin reassembles each request and fragments each reply."""
    rig = mnet
    before = nstat(rig)
    for size in BIG_SIZES:
        r = rig.ns.ping(count=2, interval=0.5, size=size, wait=10)
        assert r.transmitted == 2 and r.received == 2, f"-s {size}:\n" + r.describe()
    after = nstat(rig)
    frags = 2 * sum(fragment_count(8 + n) for n in BIG_SIZES)
    d = delta(before, after, "IpReasmOKs", "IpReasmFails", "IpFragOKs", "IpFragCreates",
              "IcmpInEchos", "IcmpOutEchoReps")
    assert d == {"IpReasmOKs": 6, "IpReasmFails": 0, "IpFragOKs": 6, "IpFragCreates": frags,
                 "IcmpInEchos": 6, "IcmpOutEchoReps": 6}, d
    big = [f for f in rig.wire() if len(f) > 14 + MTU]
    assert not big, f"{len(big)} frames over {14 + MTU} bytes on the wire"
    end_checks(rig)


def test_port_unreachable_not_for_broadcast(mnet):
    """A datagram to a closed port gets ICMP port unreachable quoting it (seen in the pcap,
    and the namespace's connected socket gets ECONNREFUSED); a fragmented 8000-byte one
    gets one too, quoting the reassembled header, the whole error within 576 bytes
    [RFC 1812 4.3.2.3]; the same to the subnet broadcast 10.0.9.255 (in a broadcast or
    a unicast frame) and to 255.255.255.255 is counted (IgnoredMulti, as Linux does) but
    answered with nothing [RFC 1122 3.2.2]."""
    from scapy.layers.inet import IP, UDP, fragment
    from scapy.layers.l2 import Ether
    rig = mnet

    def unreachables():
        out = []
        for _, h, ip in ipv4_frames(rig, GUEST_ADDR, HOST_ADDR, 1):
            icmp = ip[h["ihl"]:]
            if len(icmp) >= 8 + 28 and icmp[0] == 3:
                q = icmp[8:]
                qihl = (q[0] & 0xF) * 4
                out.append({"code": icmp[1], "id": int.from_bytes(q[4:6], "big"),
                            "len": h["len"], "qlen": int.from_bytes(q[2:4], "big"),
                            "qfrag": int.from_bytes(q[6:8], "big") & 0x3FFF,
                            "dst": ".".join(map(str, q[16:20])), "proto": q[9],
                            "dport": int.from_bytes(q[qihl + 2:qihl + 4], "big"),
                            "csum": inet_csum_ok(icmp)})
        return out

    seen = len(unreachables())
    before = nstat(rig)
    r = rig.ns.run(["/usr/bin/python3", "-c", REFUSED, GUEST_ADDR, str(CLOSED), "10"],
                   timeout=40, check=True)
    assert r.stdout.startswith("refused"), f"connected socket to a closed port: {r.stdout!r}"
    got = unreachables()[seen:]
    assert len(got) == 1 and got[0]["code"] == 3 and got[0]["dport"] == CLOSED \
        and got[0]["proto"] == 17 and got[0]["dst"] == GUEST_ADDR and got[0]["csum"], \
        f"expected one port unreachable quoting the datagram to port {CLOSED}: {got}"

    def ip_dgram(dst, ipid, payload=b"broadcast to a closed port"):
        return IP(src=HOST_ADDR, dst=dst, id=ipid) / UDP(sport=43100, dport=CLOSED) / payload

    def frame(eth_dst, ip):
        return bytes(Ether(src=rig.host_mac, dst=eth_dst) / ip)

    big = fragment(ip_dgram(GUEST_ADDR, 0x4005, os.urandom(8000)), fragsize=FRAG_PAYLOAD)
    # The plain unicast one last: once its unreachable is in the pcap, everything
    # before it has been through udp_rcv too.
    rig.ns.send_frames([frame(rig.mac, f) for f in big]
                       + [frame(BROADCAST, ip_dgram("10.0.9.255", 0x4001)),
                          frame(BROADCAST, ip_dgram("255.255.255.255", 0x4002)),
                          frame(rig.mac, ip_dgram("10.0.9.255", 0x4004)),
                          frame(rig.mac, ip_dgram(GUEST_ADDR, 0x4003))])
    assert wait_for(lambda: [u for u in unreachables() if u["id"] == 0x4003], ICMP_WAIT), \
        f"no port unreachable for the unicast datagram (id 0x4003) in {rig.pcap}"
    time.sleep(1)
    got = {u["id"]: u for u in unreachables() if 0x4001 <= u["id"] <= 0x4005}
    assert sorted(got) == [0x4003, 0x4005], \
        f"unreachables quote ids {[hex(i) for i in sorted(got)]}, expected 0x4003 and 0x4005"
    u = got[0x4005]
    assert u["code"] == 3 and u["dport"] == CLOSED and u["csum"], u
    assert u["qlen"] == 20 + 8 + 8000 and u["qfrag"] == 0, \
        f"quoted header is not the reassembled datagram's: {u}"
    assert 20 + 8 + 28 < u["len"] <= 576, f"the error is {u['len']} bytes (576 at most)"
    after = nstat(rig)
    # As in Linux, a broadcast nobody listens to is IgnoredMulti, not NoPorts.
    d = delta(before, after, "UdpNoPorts", "UdpIgnoredMulti", "UdpInErrors", "IpReasmOKs",
              "IcmpOutDestUnreachs", "IcmpOutMsgs")
    assert d == {"UdpNoPorts": 3, "UdpIgnoredMulti": 3, "UdpInErrors": 0, "IpReasmOKs": 1,
                 "IcmpOutDestUnreachs": 3, "IcmpOutMsgs": 3}, d
    end_checks(rig)


def test_bad_fragments(mnet):
    """Overlapping, duplicate, out-of-order and incomplete fragments on the other models
    (test_net_frag.check_bad_fragments; the e1000 runs it there), reassembly memory back
    to 0 afterwards."""
    from test_net_frag import IPFRAG_TIME, check_bad_fragments
    rig = mnet
    if rig.model == "e1000":
        pytest.skip("test_net_frag.py::test_bad_fragments covers the e1000")
    old = shellparse.sysctl(rig.cmd("sysctl net.ipv4.ipfrag_time"))["net.ipv4.ipfrag_time"]
    rig.cmd(f"sysctl -w net.ipv4.ipfrag_time={IPFRAG_TIME}")
    try:
        check_bad_fragments(rig)
    finally:
        rig.cmd(f"sysctl -w net.ipv4.ipfrag_time={old}")
    end_checks(rig)


def test_oversized_reassembly(mnet):
    """Fragments adding up to more than 65,535 bytes (a UDP datagram to echo, 20 + 65520
    bytes): the queue is dropped at once and counted (ReasmFails), nothing is echoed, the
    reassembly memory is back to 0 without waiting for the timeout, and the largest legal
    datagram (ping -s 65507) still goes through."""
    from scapy.layers.inet import IP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    rig = mnet
    ipid, sport, total = 0x5151, 43200, 65520
    body = struct.pack("!HHHH", sport, ECHO, total, 0) + os.urandom(total - 8)
    frames = []
    for off in range(0, total, FRAG_PAYLOAD):
        piece = body[off:off + FRAG_PAYLOAD]
        ip = IP(src=HOST_ADDR, dst=GUEST_ADDR, id=ipid, proto=17, frag=off // 8,
                flags="MF" if off + len(piece) < total else 0) / Raw(piece)
        frames.append(bytes(Ether(dst=rig.mac, src=rig.host_mac) / ip))
    before = nstat(rig)
    rig.ns.send_frames(frames)
    after = wait_for(lambda: (lambda a: a if a["IpReasmFails"] > before["IpReasmFails"]
                              else None)(nstat(rig)), ICMP_WAIT)
    assert after, "the oversized datagram was not counted in ReasmFails"
    assert frag_usage(rig) == (0, 0), f"queue kept after the drop: {rig.cmd('ipfrag')}"
    d = delta(before, after, "IpReasmReqds", "IpReasmOKs", "IpReasmFails")
    assert d == {"IpReasmReqds": len(frames), "IpReasmOKs": 0, "IpReasmFails": 1}, d
    r = rig.ns.ping(count=1, size=65507, wait=10)
    assert r.received == 1, "ping -s 65507 after the oversized datagram:\n" + r.describe()
    assert not echo_replies_by_port(rig, sport), "an oversized datagram was echoed"
    assert not [f for f in ipv4_frames(rig, GUEST_ADDR, HOST_ADDR, 1)
                if int.from_bytes(f[2][28 + 4:28 + 6], "big") == ipid], \
        "an ICMP error quotes the oversized datagram"
    end_checks(rig)


# Sends `count` datagrams of `size` bytes to the port as fast as the socket takes them.
BLAST = r"""
import socket, sys
dest, port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(bytes([i & 0xff]) * size, (dest, port))
"""

SERVICES_RE = re.compile(r"^(\w+)\s+(\d+)\s+(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", re.M)


def discard_stats(rig):
    out = rig.cmd("services")
    rows = {m.group(1): {"state": m.group(3), "rx_datagrams": int(m.group(4))}
            for m in SERVICES_RE.finditer(out)}
    assert "discard" in rows, f"`services` output not understood:\n{out}"
    return rows["discard"]


def discard_queue(rig):
    """(Recv-Q bytes, drops) of the discard socket from `ss -u -a`."""
    ss = rig.cmd("ss -u -a")
    m = re.search(r"UNCONN\s+(\d+)\s+\d+\s+0\.0\.0\.0:9\s.*drops=(\d+)", ss)
    assert m, f"no discard socket with a drops= field in:\n{ss}"
    return int(m.group(1)), int(m.group(2))


def burst_received(rig, before, frames, timeout=30):
    """nstat once the burst is through the stack: all its frames counted in IpInReceives,
    or (some lost on the way in) UdpInErrors and IpInReceives unchanged over two
    consecutive reads. Bounded: the last read after `timeout` s."""
    deadline = time.monotonic() + scaled(timeout)
    prev = None
    while True:
        cur = nstat(rig)
        d = delta(before, cur, "IpInReceives", "UdpInErrors")
        if d["IpInReceives"] >= frames or time.monotonic() > deadline:
            return cur
        if prev is not None and d["UdpInErrors"] > 0 and d == prev:
            return cur
        prev = d


@pytest.mark.parametrize("count,size", [(300, 1000), (12, 60000)], ids=["1000B", "60000B"])
def test_rcvbuf_overflow(mnet, count, size):
    """With discard paused, a burst overflows its receive buffer (net.core.rmem_default,
    counted in truesize: a reassembled 60000-byte datagram is charged for all its
    fragments' buffers): the excess is counted in RcvbufErrors and ss drops while echo
    keeps answering; resumed, discard drains exactly what was queued."""
    rig = mnet
    assert "discard paused" in rig.cmd("services pause discard")
    try:
        before = nstat(rig)
        svc0 = discard_stats(rig)
        _, drops0 = discard_queue(rig)
        rig.ns.run(["/usr/bin/python3", "-c", BLAST, GUEST_ADDR, "9", str(count), str(size)],
                   timeout=60, check=True)
        mid = burst_received(rig, before, count * fragment_count(size + 8))
        d = delta(before, mid, "UdpRcvbufErrors", "UdpInErrors", "UdpInDatagrams",
                  "IpReasmOKs", "IpReasmFails")
        dropped = d["UdpRcvbufErrors"]
        assert 0 < dropped < count, d
        # InDatagrams counts what a reader took (as in Linux): nothing yet.
        assert d["UdpInErrors"] == dropped and d["UdpInDatagrams"] == 0, d
        if size > FRAG_PAYLOAD:
            assert d["IpReasmOKs"] == count and d["IpReasmFails"] == 0, d
        queued, drops = discard_queue(rig)
        assert drops - drops0 == dropped, (drops0, drops, dropped)
        rmem = int(shellparse.sysctl(rig.cmd("sysctl net.core.rmem_default"))
                   ["net.core.rmem_default"])
        # The last datagram admitted may cross the limit by its own truesize, no more.
        assert 0 < queued <= rmem + (size // FRAG_PAYLOAD + 1) * 4096, (queued, rmem)
        print(f"{count} x {size} bytes to a paused discard: {count - dropped} queued "
              f"({queued} bytes of truesize, rmem_default {rmem}), {dropped} dropped")

        results = udp_once(rig, (1, 1472, 8000), timeout=10)
        assert all(r["ok"] for r in results), \
            f"echo stopped answering: {[(r['size'], r['got']) for r in results]}"
    finally:
        assert "discard resumed" in rig.cmd("services resume discard")
    got = wait_for(lambda: (discard_stats(rig)["rx_datagrams"] - svc0["rx_datagrams"]
                            == count - dropped and discard_queue(rig)[0] == 0), 10)
    assert got, (f"discard drained {discard_stats(rig)['rx_datagrams'] - svc0['rx_datagrams']}"
                 f" of {count - dropped} queued; queue now {discard_queue(rig)}")
    after = nstat(rig)
    assert after["UdpInDatagrams"] - before["UdpInDatagrams"] == count - dropped + 3, \
        (before["UdpInDatagrams"], after["UdpInDatagrams"], count, dropped)
    end_checks(rig)
