"""The DHCP client on the wire (e1000 only: the client does not depend on the NIC).

Against dnsmasq (Debian's dnsmasq-base) started inside the test namespace on tap0:
napkin booted with no ip= gets a lease in 10.0.9.50-60 (napkin's message, dnsmasq's
DHCPACK, ifconfig, route -n, the `dhcp` command with its DNS server); the pcap holds
DISCOVER/OFFER/REQUEST/ACK with the right fields and the RFC 5227 ARP probe (sender
0.0.0.0) of the address before it is used; after T1 (10 s) a unicast DHCPREQUEST
with ciaddr renews the same address; `dhcp release` sends a DHCPRELEASE and removes
the address and every route through eth0 (as Linux), `dhcp renew` gets a lease again;
release and renew given back to back both run, in order. With no server: `napkin: ready` comes
at once, then the fallback (link-local, or dhcp_fallback=) after
net.ipv4.dhcp_fallback_time, and a server started later replaces it. An address
someone answers ARP for is declined. ip=off (and an ip= that does not parse) means
no DHCP at all. Every test with a rig ends with assert_no_leak(), so skbs lost in the
raw broadcast and ARP probe paths show. `make run`'s script, driven headless, gets
10.0.2.15 from QEMU's slirp.
"""

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from napkin_vm import poll_until, scaled
from netns import GUEST_MAC, HOST_ADDR, NetRig, read_mac, read_pcap

DNSMASQ = "/usr/sbin/dnsmasq"
RANGE_LO, RANGE_HI = 50, 60
T1 = 10
LEASE_RE = (r"dhcp: eth0: lease (10\.0\.9\.\d+)/24 from 10\.0\.9\.1 router 10\.0\.9\.1 "
            r"dns 10\.0\.9\.1 lease 120s \(T1 10s T2 105s\)")


@pytest.fixture
def nic_model():
    return "e1000"


class Dnsmasq:
    """dnsmasq serving DHCP only (port=0: no DNS) on the namespace's tap, logging to a file."""

    def __init__(self, ns, workdir):
        self.ns = ns
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = self.dir / "dnsmasq.log"
        self.bg = None

    def start(self, timeout=20):
        if not os.path.exists(DNSMASQ):
            pytest.skip(f"{DNSMASQ} missing (tools/install-deps.sh installs dnsmasq-base)")
        self.log.unlink(missing_ok=True)
        argv = [DNSMASQ, "--no-daemon", "--conf-file=/dev/null", "--port=0", "--user=root",
                f"--interface={self.ns.tap}", "--bind-interfaces",
                f"--dhcp-range=10.0.9.{RANGE_LO},10.0.9.{RANGE_HI},255.255.255.0,120s",
                f"--dhcp-option=option:router,{HOST_ADDR}",
                f"--dhcp-option=option:dns-server,{HOST_ADDR}",
                f"--dhcp-option=option:T1,{T1}",
                f"--dhcp-leasefile={self.dir / 'dnsmasq.leases'}",
                "--log-dhcp", f"--log-facility={self.log}",
                f"--pid-file={self.dir / 'dnsmasq.pid'}"]
        self.bg = self.ns.spawn(argv, "dnsmasq")
        self.wait_log(r"DHCP, IP range", timeout)
        return self

    def text(self):
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def wait_log(self, pattern, timeout):
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + scaled(timeout)
        while not rx.search(self.text()):
            if self.bg.proc.poll() is not None:
                raise AssertionError(f"dnsmasq exited (rc={self.bg.proc.returncode}):\n"
                                     f"{self.bg.output()}\n{self.text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"dnsmasq log has no {pattern!r} after "
                                     f"{scaled(timeout):.0f} s:\n{self.text()}")
            time.sleep(0.2)
        return rx.findall(self.text())

    def stop(self):
        if self.bg is not None:
            self.bg.stop(signal.SIGTERM)


@pytest.fixture
def dnsmasq(netns, tmp_path):
    """start() -> a running Dnsmasq; every one started is stopped at teardown."""
    servers = []

    def start():
        server = Dnsmasq(netns, tmp_path)
        servers.append(server)
        return server.start()
    yield start
    for server in servers:
        server.stop()


def boot(vm, netns, cmdline=""):
    return NetRig(vm, netns, "e1000", static_ip=False, cmdline=cmdline).boot()


def frames(rig):
    """Every frame of the pcap as a scapy Ether whose .time is the capture time."""
    from scapy.layers.l2 import Ether
    out = []
    for ts, raw in read_pcap(rig.pcap):
        e = Ether(raw)
        e.time = ts
        out.append(e)
    return out


def dhcp_msgs(rig):
    """[(ether, BOOTP, {option: value})] of every DHCP message in the pcap."""
    from scapy.layers.dhcp import BOOTP, DHCP
    out = []
    for e in frames(rig):
        if DHCP in e:
            opts = {o[0]: o[1] if len(o) == 2 else o[1:] for o in e[DHCP].options
                    if isinstance(o, tuple)}
            out.append((e, e[BOOTP], opts))
    return out


MSG_TYPES = {1: "discover", 2: "offer", 3: "request", 4: "decline", 5: "ack", 6: "nak",
             7: "release"}


def of_type(msgs, name):
    return [m for m in msgs if MSG_TYPES.get(m[2].get("message-type")) == name]


def arp_probes(rig, addr):
    from scapy.layers.l2 import ARP
    out = []
    for e in frames(rig):
        if ARP in e and e[ARP].op == 1 and e[ARP].psrc == "0.0.0.0" and e[ARP].pdst == addr:
            out.append(e)
    return out


def inet_line(rig):
    m = re.search(r"inet (\S+)\s+netmask (\S+)", rig.cmd("ifconfig eth0"))
    return (m.group(1), m.group(2)) if m else (None, None)


def test_dhcp_lease_renew_on_the_wire(vm, netns, dnsmasq):
    """Lease from dnsmasq, configured and visible; the exchange and the ARP probe in the
    pcap; renewed by a unicast REQUEST after T1 keeping the address; `dhcp release`
    gives it back (DHCPRELEASE), `dhcp renew` gets one again, no skb lost."""
    server = dnsmasq()
    rig = boot(vm, netns)
    m = rig.vm.wait_for(LEASE_RE, 90)
    addr = m.group(1)
    after_lease = m.end()       # the T1 line may come while the commands below run
    assert RANGE_LO <= int(addr.split(".")[3]) <= RANGE_HI, addr
    server.wait_log(rf"DHCPACK\(tap0\) {re.escape(addr)} {GUEST_MAC}", 10)

    assert inet_line(rig) == (addr, "255.255.255.0"), rig.cmd("ifconfig eth0")
    routes = rig.cmd("route -n")
    assert re.search(r"^0\.0\.0\.0\s+10\.0\.9\.1\s+0\.0\.0\.0\s+UG\s.*eth0$", routes, re.M), routes
    show = rig.cmd("dhcp")
    assert "state BOUND" in show and f"lease {addr}/24 server 10.0.9.1" in show, show
    assert re.search(r"^\s+dns 10\.0\.9\.1$", show, re.M), show
    assert "proto dhcp" in rig.cmd("ip route"), rig.cmd("ip route")
    assert netns.ping(dest=addr, count=2).received >= 1

    # T1 = 10 s after the REQUEST: a unicast renewal, the same address.
    rig.vm.wait_for(rf"dhcp: eth0: T1: renewing {re.escape(addr)} with 10\.0\.9\.1", 40,
                    since=after_lease)
    rig.vm.wait_for(rf"dhcp: eth0: renewed {re.escape(addr)}/24", 20)
    rig.settle(dest=addr)       # the idle skb count with the renewal's traffic done
    acks = server.wait_log(rf"DHCPACK\(tap0\) ({re.escape(addr)}) {GUEST_MAC}", 10)
    assert len(acks) >= 2, server.text()
    assert inet_line(rig)[0] == addr

    host_mac = read_mac(netns, netns.tap)
    msgs = dhcp_msgs(rig)
    disc, offers, reqs, acks = (of_type(msgs, t) for t in ("discover", "offer", "request", "ack"))
    assert disc and offers and len(reqs) >= 2 and len(acks) >= 2, \
        [(MSG_TYPES.get(o.get("message-type")), e.src, e.dst) for e, _, o in msgs]
    e, b, o = disc[0]
    assert (e.dst, e.src, e["IP"].src, e["IP"].dst, e["UDP"].sport, e["UDP"].dport) == \
        ("ff:ff:ff:ff:ff:ff", GUEST_MAC, "0.0.0.0", "255.255.255.255", 68, 67)
    assert b.op == 1 and b.flags & 0x8000 and b.ciaddr == "0.0.0.0", b.show(dump=True)
    assert o.get("client_id") == b"\x01" + bytes.fromhex(GUEST_MAC.replace(":", ""))
    e, b, o = reqs[0]
    assert b.xid == disc[0][1].xid and b.flags & 0x8000 and e["IP"].src == "0.0.0.0"
    assert o.get("requested_addr") == addr and o.get("server_id") == HOST_ADDR, o
    # The renewal: unicast to the server from the leased address, ciaddr set, no 50/54.
    e, b, o = reqs[-1]
    assert (e.dst, e["IP"].src, e["IP"].dst, b.ciaddr) == (host_mac, addr, HOST_ADDR, addr), \
        e.show(dump=True)
    assert not b.flags & 0x8000 and "requested_addr" not in o and "server_id" not in o, o

    # RFC 5227 probe after the first ACK, before napkin announces the address.
    probes = arp_probes(rig, addr)
    assert probes, "no ARP probe (sender 0.0.0.0) of the leased address"
    assert probes[0].src == GUEST_MAC and probes[0].dst == "ff:ff:ff:ff:ff:ff"
    assert probes[0].time >= acks[0][0].time
    # RFC 5227: three probes, 1-2 s apart. Host capture times under TCG stretch and
    # bunch, so only what cannot be an artefact: spaced out, not back to back, and not
    # spread over far more than the 2-4 s the constants give.
    assert len(probes) >= 3, [p.time for p in probes]
    gaps = [b.time - a.time for a, b in zip(probes, probes[1:3])]
    assert all(g >= 0.5 for g in gaps), gaps
    assert 1.5 <= probes[2].time - probes[0].time <= 12, gaps

    # Release: DHCPRELEASE from the address to the server, then no address and, as
    # on Linux when a device loses its last address, no route through the device at
    # all, the user's included; renew: a whole new exchange (broadcasts, probes) and
    # a lease.
    out = rig.cmd("ip route add 10.0.8.0/24 dev eth0")
    assert "10.0.8.0/24" in rig.cmd("ip route"), out
    assert "release requested" in rig.cmd("dhcp release")
    # Logged once done (RELEASE sent, address gone); the state polled all the same.
    rig.vm.wait_for(rf"dhcp: eth0: released {re.escape(addr)} to 10\.0\.9\.1; stopped", 20)
    poll_until(lambda: inet_line(rig), lambda v: v == (None, None), 20,
               "eth0 without an address after dhcp release")
    server.wait_log(rf"DHCPRELEASE\(tap0\) {re.escape(addr)} {GUEST_MAC}", 20)
    rel = of_type(dhcp_msgs(rig), "release")
    assert rel and rel[-1][0]["IP"].src == addr and rel[-1][1].ciaddr == addr, rel
    routes = rig.cmd("ip route")
    assert "eth0" not in routes and "10.0.8.0/24" not in routes, routes
    # An on-link route added with no address: it has no source behind it, and
    # nothing leaves from 0.0.0.0.
    out = rig.cmd("ip route add 10.0.8.0/24 dev eth0")
    assert "10.0.8.0/24" in rig.cmd("ip route"), out
    out = rig.cmd("ping -c 1 -W 1 10.0.8.1")
    assert "EADDRNOTAVAIL" in out, out
    out = rig.cmd("ip route del 10.0.8.0/24 dev eth0")
    assert "10.0.8.0/24" not in rig.cmd("ip route"), out
    assert "state STOPPED" in rig.cmd("dhcp")
    n_disc = len(of_type(dhcp_msgs(rig), "discover"))
    assert "renew requested" in rig.cmd("dhcp renew")
    m = rig.vm.wait_for(r"asking for an address again[\s\S]*" + LEASE_RE, 90)
    addr = m.group(1)
    assert len(of_type(dhcp_msgs(rig), "discover")) > n_disc
    assert "state BOUND" in rig.cmd("dhcp")

    # release then renew back to back: both run, in the order given.
    n_rel = len(of_type(dhcp_msgs(rig), "release"))
    mark = rig.vm.mark()
    assert "release requested" in rig.cmd("dhcp release")
    assert "renew requested" in rig.cmd("dhcp renew")
    rig.vm.wait_for(rf"dhcp: eth0: released {re.escape(addr)} to 10\.0\.9\.1; stopped[\s\S]*"
                    r"asking for an address again[\s\S]*" + LEASE_RE, 90, since=mark)
    poll_until(lambda: len(of_type(dhcp_msgs(rig), "release")), lambda n: n > n_rel, 20,
               "the second DHCPRELEASE in the pcap")
    poll_until(lambda: rig.cmd("dhcp"), lambda out: "state BOUND" in out, 20,
               "BOUND after release + renew")
    addr = inet_line(rig)[0]
    rig.assert_no_leak(dest=addr)


def test_dhcp_no_server_falls_back_then_lease_replaces(vm, netns, dnsmasq):
    """No server: ready at once, link-local fallback after the fallback time (probed
    first); a server started afterwards gives a lease that replaces it."""
    rig = boot(vm, netns, "sysctl.net.ipv4.dhcp_fallback_time=4")
    out = rig.vm.output
    assert "dhcp: eth0: asking for an address" in out
    assert "no DHCP lease in" not in out.split("napkin: ready")[0]
    m = rig.vm.wait_for(r"dhcp: eth0: no DHCP lease in 4 s", 30)
    m = rig.vm.wait_for(r"dhcp: eth0: fallback (169\.254\.\d+\.\d+)/16 \(link-local\)", 30)
    ll = m.group(1)
    assert inet_line(rig) == (ll, "255.255.0.0")
    assert "no lease yet" in rig.cmd("dhcp")
    assert arp_probes(rig, ll), "link-local address used without an ARP probe"

    dnsmasq()
    # DISCOVERs continue on the backoff schedule (next at 12 s, then 28 s, 60 s).
    m = rig.vm.wait_for(LEASE_RE, 90)
    rig.vm.wait_for(rf"the lease replaces the fallback {re.escape(ll)}", 5)
    addr = m.group(1)
    assert inet_line(rig) == (addr, "255.255.255.0")
    assert re.search(r"^0\.0\.0\.0\s+10\.0\.9\.1", rig.cmd("route -n"), re.M)
    # A renewal (unicast) with the idle count taken; the broadcasts came before.
    rig.settle(dest=addr)
    rig.cmd("dhcp renew")
    rig.vm.wait_for(rf"dhcp: eth0: renewed {re.escape(addr)}/24", 30)
    rig.assert_no_leak()


def test_dhcp_static_fallback_and_decline(vm, netns, dnsmasq):
    """dhcp_fallback= with a gateway is applied when nobody answers. Then a host that
    answers the ARP probe for the first offered address makes napkin decline it. No skb
    is lost on the way (DISCOVERs, probes, DECLINE: the idle count is the fallback's)."""
    rig = boot(vm, netns, "sysctl.net.ipv4.dhcp_fallback_time=3 "
                          "dhcp_fallback=10.0.9.77/24,10.0.9.1")
    rig.vm.wait_for(r"dhcp: eth0: fallback 10\.0\.9\.77/24 \(dhcp_fallback=\) via 10\.0\.9\.1", 30)
    assert inet_line(rig) == ("10.0.9.77", "255.255.255.0")
    assert re.search(r"^0\.0\.0\.0\s+10\.0\.9\.1\s.*UG", rig.cmd("route -n"), re.M)
    assert netns.ping(dest="10.0.9.77", count=2).received >= 1
    rig.settle(dest="10.0.9.77")

    # Answer the first probe napkin sends for a 10.0.9.50-60 address, as its owner.
    responder = netns.spawn(["/usr/bin/python3", "-c", ARP_RESPONDER, netns.tap], "arp-owner")
    try:
        responder.wait_output(r"^listening", 60)
        server = dnsmasq()
        m = rig.vm.wait_for(r"dhcp: eth0: (10\.0\.9\.\d+) is in use by 02:00:00:00:00:aa; "
                            r"DHCPDECLINE to 10\.0\.9\.1", 60)
        taken = m.group(1)
        server.wait_log(rf"DHCPDECLINE\(tap0\) {re.escape(taken)}", 10)
    finally:
        responder.stop()
    # After the 10 s wait, a lease on another address.
    m = rig.vm.wait_for(LEASE_RE, 90)
    addr = m.group(1)
    assert addr != taken
    assert inet_line(rig)[0] == addr
    assert "declines 1" in rig.cmd("dhcp")
    rig.assert_no_leak(dest=addr)


@pytest.mark.parametrize("value", ["off", "10.0.9.5"])
def test_ip_off_and_ip_typo_mean_no_dhcp(vm, netns, value):
    """ip=off, and an ip= that does not parse (no /N), configure nothing: the `dhcp`
    command says the client is disabled and no DISCOVER reaches the wire."""
    rig = boot(vm, netns, f"ip={value}")
    if value != "off":
        rig.vm.wait_for(rf"ip={re.escape(value)}: expected ip=dhcp, ip=off or ip=A\.B\.C\.D/N"
                        r".*no IPv4 configuration \(as ip=off\)", 10, since=0)
    rig.vm.wait_for(r"ipconfig: ip=off: no IPv4 address configured, no DHCP", 10, since=0)
    assert "dhcp: disabled (ip=off)" in rig.cmd("dhcp")
    assert "asking for an address" not in rig.vm.output
    assert inet_line(rig) == (None, None), rig.cmd("ifconfig eth0")
    # The client would have sent its first DISCOVER within 0.5 s of the boot.
    rig.cmd("sleep 3000", timeout=60)
    assert not dhcp_msgs(rig), [m[2] for m in dhcp_msgs(rig)]


ARP_RESPONDER = r"""
import sys
from scapy.all import ARP, Ether, conf, sendp, sniff
conf.verb = 0
iface = sys.argv[1]
done = []
def answer(p):
    a = p[ARP]
    if done or a.op != 1 or a.psrc != "0.0.0.0" or not a.pdst.startswith("10.0.9."):
        return
    n = int(a.pdst.split(".")[3])
    if not 50 <= n <= 60:
        return
    done.append(a.pdst)
    sendp(Ether(src="02:00:00:00:00:aa", dst=a.hwsrc) /
          ARP(op=2, hwsrc="02:00:00:00:00:aa", psrc=a.pdst, hwdst=a.hwsrc, pdst="0.0.0.0"),
          iface=iface)
    print("answered", a.pdst, flush=True)
# "listening" once the capture socket is open, not before: a probe sent in between
# would be missed.
sniff(iface=iface, filter="arp", prn=answer, timeout=180,
      started_callback=lambda: print("listening", flush=True))
"""


def test_make_run_gets_10_0_2_15_by_dhcp(napkin_build, repo_root, tmp_path):
    """tools/run-qemu.sh (what `make run` runs), headless with its serial on a pipe and no
    host forwards: QEMU's user networking hands napkin 10.0.2.15 by DHCP."""
    env = dict(os.environ, NAPKIN_ACCEL="tcg", NAPKIN_HOSTFWD="", NAPKIN_MEM="128")
    log = tmp_path / "run-qemu.out"
    proc = subprocess.Popen(["tools/run-qemu.sh", str(napkin_build["iso"])], cwd=repo_root,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    text = []
    reader = threading.Thread(target=lambda: [text.append(c.decode(errors="replace"))
                                              for c in iter(lambda: proc.stdout.read1(4096), b"")],
                              daemon=True)
    reader.start()

    def wait(pattern, timeout):
        """The output once it matches; fails if QEMU exits first."""
        rx = re.compile(pattern, re.M)
        out = poll_until(lambda: (time.sleep(0.2), "".join(text).replace("\r", ""))[1],
                         lambda t: rx.search(t) or proc.poll() is not None, timeout,
                         f"{pattern!r} from run-qemu.sh")
        assert rx.search(out), f"run-qemu.sh exited (rc={proc.poll()}) before {pattern!r}:\n{out}"
        return out

    try:
        wait(r"^napkin: ready", 90)
        out = wait(r"dhcp: eth0: lease 10\.0\.2\.15/24 from 10\.0\.2\.2 router 10\.0\.2\.2 "
                   r"dns 10\.0\.2\.3 lease \d+s", 90)
        assert proc.poll() is None, out
        proc.stdin.write(b"ifconfig eth0\rroute -n\r")
        proc.stdin.flush()
        out = wait(r"^0\.0\.0\.0\s+10\.0\.2\.2\s+0\.0\.0\.0\s+UG.*eth0$", 30)
        assert re.search(r"inet 10\.0\.2\.15\s+netmask 255\.255\.255\.0", out), out
    finally:
        log.write_text("".join(text))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)     # run-qemu.sh exec'd QEMU: its PID
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        reader.join(5)
