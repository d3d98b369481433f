"""UDP and the socket layer on the wire (e1000 only, to keep TCG time down): the
built-in echo (7) and discard (9) services answered by real peers (python sockets,
OpenBSD nc, scapy-built frames, all sizes 1..1472); every echoed byte compared and every reply's UDP
checksum recomputed from the pcap; closed-port, bad-length and bad-checksum
datagrams counted in nstat's Udp section; a receive-buffer overflow counted
(RcvbufErrors) while echo keeps answering. Every test ends with a leak check."""

import json
import re
import struct

import pytest

import shellparse
from netns import GUEST_ADDR, HOST_ADDR, read_mac

ECHO, DISCARD, CLOSED = 7, 9, 4242
ECHO_SIZES = (1, 2, 100, 512, 1000, 1472)     # 1472 = 1500 - 20 - 8: a full frame


@pytest.fixture
def nic_model():
    """One NIC model: the socket layer does not depend on it."""
    return "e1000"


# A UDP client run inside the namespace: sends each payload, waits for the echo
# (three tries, 2 s each) and prints a JSON verdict per payload.
CLIENT = r"""
import json, os, socket, sys
dest, port, sizes = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3:]]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
out = []
for n in sizes:
    data = os.urandom(n)
    got = None
    for _ in range(3):
        s.sendto(data, (dest, port))
        try:
            got, peer = s.recvfrom(65536)
            break
        except socket.timeout:
            continue
    out.append({"size": n, "ok": got == data, "got": None if got is None else len(got),
                "sport": s.getsockname()[1]})
print(json.dumps(out))
"""

# Sequential round trips: the reply time shows whether a datagram wakes the
# service's poll() at once or only at its 250 ms timeout.
RTT = r"""
import socket, statistics, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
times = []
for i in range(int(sys.argv[3])):
    t0 = time.monotonic()
    s.sendto(b"rtt%d" % i, (sys.argv[1], int(sys.argv[2])))
    s.recvfrom(100)
    times.append(time.monotonic() - t0)
print(statistics.median(times) * 1000)
"""

BLAST = r"""
import socket, sys
dest, port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(bytes([i & 0xff]) * size, (dest, port))
"""


def udp_client(net, sizes, port=ECHO):
    r = net.ns.run(["/usr/bin/python3", "-c", CLIENT, GUEST_ADDR, str(port)]
                   + [str(n) for n in sizes], timeout=60, check=True)
    return json.loads(r.stdout)


def blast(net, port, count, size):
    net.ns.run(["/usr/bin/python3", "-c", BLAST, GUEST_ADDR, str(port), str(count),
                str(size)], timeout=60, check=True)


def udp_counters(net):
    return shellparse.nstat(net.cmd("nstat -az"))


def services(net):
    """`services` -> {name: {"state": ..., "rx_datagrams": N, ...}}."""
    out = net.cmd("services")
    rows = {}
    for m in re.finditer(r"^(\w+)\s+(\d+)\s+(\w+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$",
                         out, re.M):
        rows[m.group(1)] = {"port": int(m.group(2)), "state": m.group(3),
                            "rx_datagrams": int(m.group(4)), "rx_bytes": int(m.group(5)),
                            "tx_datagrams": int(m.group(6)), "errors": int(m.group(7))}
    assert {"echo", "discard"} <= rows.keys(), f"`services` output not understood:\n{out}"
    return rows


def udp_frames(net, sport=None, dport=None, src=None):
    """Decoded UDP frames in the pcap, optionally filtered."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    found = []
    for raw in net.wire():
        e = Ether(raw)
        if UDP not in e:
            continue
        u = e[UDP]
        if ((sport is None or u.sport == sport) and (dport is None or u.dport == dport)
                and (src is None or e[IP].src == src)):
            found.append((raw, e))
    return found


def udp_csum_problems(frames):
    """Recompute each UDP checksum over the pseudo header (scapy) and compare."""
    from scapy.layers.inet import IP, UDP
    problems = []
    for raw, e in frames:
        ip = e[IP]
        u = e[UDP]
        if u.chksum == 0:
            problems.append(f"{ip.src}:{u.sport} -> {ip.dst}:{u.dport}: checksum 0 (not computed)")
            continue
        again = IP(bytes(ip))
        del again[UDP].chksum
        want = IP(bytes(again))[UDP].chksum
        if want != u.chksum:
            problems.append(f"{ip.src}:{u.sport} -> {ip.dst}:{u.dport} len {u.len}: "
                            f"checksum {u.chksum:#06x}, should be {want:#06x}")
        if u.len != ip.len - ip.ihl * 4:
            problems.append(f"UDP length {u.len} vs IP payload {ip.len - ip.ihl * 4}")
    return problems


def test_udp_echo_sizes_and_nc(net):
    """Echo returns every payload byte for byte (1..1472 bytes), replies carry a correct
    checksum; OpenBSD nc gets its line back; InDatagrams/OutDatagrams count them."""
    before = udp_counters(net)
    results = udp_client(net, ECHO_SIZES)
    bad = [r for r in results if not r["ok"]]
    assert not bad, f"echo mismatches: {bad}"

    r = net.ns.run(["sh", "-c", f"printf 'hello napkin\\n' | nc -u -w 2 {GUEST_ADDR} {ECHO}"],
                   timeout=30)
    assert "hello napkin" in r.stdout, f"nc -u got {r.stdout!r} {r.stderr!r}"

    replies = udp_frames(net, sport=ECHO, src=GUEST_ADDR)
    sizes = sorted({e["UDP"].len - 8 for _, e in replies})    # Ethernet padding excluded
    for n in ECHO_SIZES:
        assert n in sizes, f"no {n}-byte echo reply in {net.pcap} (saw {sizes})"
    problems = udp_csum_problems(replies)
    assert not problems, "\n".join(problems[:20])

    after = udp_counters(net)
    n = len(ECHO_SIZES) + 1
    assert after["UdpInDatagrams"] - before["UdpInDatagrams"] >= n, (before, after)
    assert after["UdpOutDatagrams"] - before["UdpOutDatagrams"] >= n, (before, after)
    assert services(net)["echo"]["tx_datagrams"] >= n
    ss = net.cmd("ss -u -a")
    assert re.search(r"UNCONN\s+0\s+\d+\s+0\.0\.0\.0:7\s", ss), ss
    assert re.search(r"UNCONN\s+0\s+\d+\s+0\.0\.0\.0:9\s", ss), ss
    assert re.search(r"^UDP: inuse 2 ", net.cmd("sockstat"), re.M)

    r = net.ns.run(["/usr/bin/python3", "-c", RTT, GUEST_ADDR, str(ECHO), "40"], timeout=60,
                   check=True)
    median_ms = float(r.stdout)
    print(f"echo round trip, median of 40: {median_ms:.2f} ms")
    assert median_ms < 50, f"echo median RTT {median_ms:.1f} ms: the reader is not woken"
    net.assert_no_leak()


def test_udp_echo_scapy_sizes(net):
    """Datagrams built by scapy (checksum computed by scapy, written to the tap as raw
    frames) for every size are echoed: each reply in the pcap goes back to the sender's
    port with the same bytes and a correct checksum."""
    import os
    payloads = {42000 + i: os.urandom(n) for i, n in enumerate(ECHO_SIZES)}
    net.ns.send_frames([_udp_frame(net, data, sport=port) for port, data in payloads.items()])
    net.cmd("sleep 500")
    replies = {e["UDP"].dport: (raw, e) for raw, e in udp_frames(net, sport=ECHO, src=GUEST_ADDR)}
    problems = []
    for port, data in payloads.items():
        if port not in replies:
            problems.append(f"{len(data)}-byte datagram from port {port}: no echo in {net.pcap}")
            continue
        u = replies[port][1]["UDP"]
        got = bytes(u.payload)[:u.len - 8]
        if got != data:
            problems.append(f"{len(data)}-byte echo to port {port} differs ({len(got)} bytes)")
    problems += udp_csum_problems(list(replies.values()))
    assert not problems, "\n".join(problems)
    net.assert_no_leak()


def test_udp_discard_and_closed_port(net):
    """Discard counts what it gets and sends nothing; a closed port counts NoPorts."""
    before = udp_counters(net)
    svc0 = services(net)["discard"]
    blast(net, DISCARD, 50, 200)
    blast(net, CLOSED, 3, 10)
    net.cmd("sleep 300")
    svc = services(net)["discard"]
    assert svc["rx_datagrams"] - svc0["rx_datagrams"] == 50, (svc0, svc)
    assert svc["rx_bytes"] - svc0["rx_bytes"] == 50 * 200, (svc0, svc)
    assert svc["tx_datagrams"] == 0
    assert not udp_frames(net, sport=DISCARD, src=GUEST_ADDR), "discard answered"
    after = udp_counters(net)
    assert after["UdpNoPorts"] - before["UdpNoPorts"] == 3, (before, after)
    ns = shellparse.netstat_s(net.cmd("netstat -s"))
    assert ns["Udp"]["packets to unknown port received"] == after["UdpNoPorts"], ns["Udp"]
    net.assert_no_leak()


def _udp_frame(net, payload, *, dport=ECHO, sport=40000, csum=None, ulen=None, pad=b""):
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    u = UDP(sport=sport, dport=dport)
    if csum is not None:
        u.chksum = csum
    if ulen is not None:
        u.len = ulen
    pkt = Ether(src=net.host_mac, dst=net.mac) / IP(src=HOST_ADDR, dst=GUEST_ADDR) / u / payload
    raw = bytes(pkt)
    return raw + pad


def _trailing_junk_frame(net, payload, junk, *, sport):
    """A valid datagram (checksum over itself only) inside a longer IP payload."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    udp = bytes(IP(bytes(IP(src=HOST_ADDR, dst=GUEST_ADDR) / UDP(sport=sport, dport=ECHO)
                         / payload))[UDP])[:8 + len(payload)]
    pkt = (Ether(src=net.host_mac, dst=net.mac) / IP(src=HOST_ADDR, dst=GUEST_ADDR, proto=17)
           / Raw(udp + junk))
    return bytes(pkt)


def test_udp_bad_datagrams(net):
    """Bad checksum, length below 8, length beyond the packet: dropped and counted
    (InErrors, InCsumErrors), never echoed. Checksum 0 (none) is accepted; a UDP length
    shorter than the IP payload trims the datagram to it."""
    before = udp_counters(net)
    good = bytes(_udp_frame(net, b"good-csum", sport=40001))
    bad_csum = bytearray(_udp_frame(net, b"bad-csum", sport=40002))
    bad_csum[14 + 20 + 6] ^= 0x5a
    frames = [
        bytes(bad_csum),
        _udp_frame(net, b"short", sport=40003, ulen=7),
        _udp_frame(net, b"long", sport=40004, ulen=200),
        _udp_frame(net, b"no-csum", sport=40005, csum=0),
        _trailing_junk_frame(net, b"trim", b"-me-please", sport=40006),
        good,
    ]
    net.ns.send_frames(frames)
    net.cmd("sleep 500")
    after = udp_counters(net)
    assert after["UdpInCsumErrors"] - before["UdpInCsumErrors"] == 1, (before, after)
    assert after["UdpInErrors"] - before["UdpInErrors"] == 3, (before, after)

    replies = {e["UDP"].dport: bytes(e["UDP"].payload)[:e["UDP"].len - 8]
               for _, e in udp_frames(net, sport=ECHO, src=GUEST_ADDR)}
    for port in (40002, 40003, 40004):
        assert port not in replies, f"bad datagram to port {port} was echoed"
    assert replies.get(40001) == b"good-csum", replies
    assert replies.get(40005) == b"no-csum", replies
    assert replies.get(40006) == b"trim", replies
    net.assert_no_leak()


def test_udp_rcvbuf_overflow(net):
    """With discard paused its receive buffer (net.core.rmem_default) fills: the excess
    is dropped and counted (RcvbufErrors, ss drops), echo keeps answering; resumed,
    discard drains exactly what was queued and the memory goes back."""
    assert "discard paused" in net.cmd("services pause discard")
    before = udp_counters(net)
    blast(net, DISCARD, 400, 1000)
    net.cmd("sleep 300")
    mid = udp_counters(net)
    dropped = mid["UdpRcvbufErrors"] - before["UdpRcvbufErrors"]
    assert dropped > 0, (before, mid)
    assert mid["UdpInErrors"] - before["UdpInErrors"] >= dropped
    ss = net.cmd("ss -u -a")
    m = re.search(r"UNCONN\s+(\d+)\s+\d+\s+0\.0\.0\.0:9\s.*drops=(\d+)", ss)
    assert m and int(m.group(1)) > 0 and int(m.group(2)) == dropped, ss
    queued_bytes = int(m.group(1))
    assert queued_bytes <= 212992 + 4096, ss

    results = udp_client(net, (1, 1472))
    assert all(r["ok"] for r in results), f"echo stopped answering: {results}"

    svc0 = services(net)["discard"]
    assert svc0["state"] == "paused"
    assert "discard resumed" in net.cmd("services resume discard")
    net.cmd("sleep 1000")
    svc = services(net)["discard"]
    assert svc["rx_datagrams"] - svc0["rx_datagrams"] == 400 - dropped, (svc0, svc, dropped)
    ss = net.cmd("ss -u -a")
    assert re.search(r"UNCONN\s+0\s+\d+\s+0\.0\.0\.0:9\s", ss), ss
    net.assert_no_leak()


def test_socket_api_selftest(vm):
    """napkin's `socktest` drives the socket API over 127.0.0.1 (errors, datagrams,
    connected filter, timeouts, options, shutdown, poll, epoll, the table cap) and
    reports every failed check; then the shell still answers and nothing leaked."""
    v = vm("bios-iso")
    before = shellparse.skbstat(v.cmd("skbstat"))
    out = v.cmd("socktest", timeout=60)
    m = re.search(r"socktest: (\d+) checks, (\d+) failed", out)
    assert m, f"no socktest summary:\n{out}"
    assert int(m.group(2)) == 0 and int(m.group(1)) > 100, out
    assert re.search(r"^sockets: used 2$", v.cmd("sockstat"), re.M)   # echo + discard
    v.cmd("sleep 200")
    after = shellparse.skbstat(v.cmd("skbstat"))
    assert after["live"] <= before["live"], (before, after)
