"""Network namespaces for the network scenarios: a tap in a fresh namespace, commands
and background captures inside it, pcap reading. Never touches the host's interfaces.

NetNS creates `ip netns add <name>` with loopback up and a tap (tap0, 10.0.9.1/24),
runs commands there (`ip netns exec`), starts and stops background processes by
PID, and deletes the namespace (which removes the tap). QEMU is started inside it
by NapkinVM(prefix_cmd=ns.exec_prefix). NetRig ties one namespace to one booted
napkin with a NIC on that tap and a filter-dump pcap of the wire. read_pcap() and
the checks below it (ARP fields, echo replies byte for byte, checksums) judge that
pcap; they return lists of problems so a test can report every bad frame at once.
"""

import os
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from napkin_vm import VMTimeout, poll_until, scaled
import shellparse

HOST_ADDR = "10.0.9.1"           # the tap, in the namespace: napkin's gateway
GUEST_ADDR = "10.0.9.2"          # napkin
PREFIX_LEN = 24
GUEST_MAC = "52:54:00:12:34:56"

# NIC model -> QEMU machine. The 82574L (e1000e) is a PCIe part: give it q35 so
# its config space is reached through ECAM (MCFG) like on a real board; the
# PCI-X/PCI parts sit on i440fx (pc), which is also what bios-iso boots by default.
NIC_MACHINES = {"e1000": "pc", "e1000-82545em": "pc", "e1000e": "q35"}

class NetNSError(AssertionError):
    """A namespace command failed. An AssertionError so pytest shows it as a failure."""


def netns_unavailable():
    """None if namespaces with a tap can be made here, else the reason (for pytest.skip)."""
    if os.geteuid() != 0:
        return "network scenarios need root (ip netns, tap devices); CI runs them as root"
    if shutil.which("ip") is None:
        return "`ip` (iproute2) is not installed"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing: no tap devices"
    r = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10)
    if r.returncode != 0:
        return f"`ip netns` is unavailable: {r.stderr.strip()}"
    return None


def unique_name(tag):
    """napkin-<tag>-<pid>-<n>: unique per test and per test process, short for /run/netns."""
    unique_name.counter += 1
    slug = re.sub(r"[^A-Za-z0-9]+", "-", tag).strip("-")[:24]
    return f"napkin-{slug}-{os.getpid()}-{unique_name.counter}"


unique_name.counter = 0

STALE_RE = re.compile(r"^napkin-test-.*-(\d+)-\d+$")


def sweep_stale():
    """Delete namespaces this fixture made in test runs that died without cleaning up
    (their pytest PID is gone and no process is left inside); returns their names."""
    r = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10)
    swept = []
    for line in r.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        m = STALE_RE.match(name)
        if not m or os.path.exists(f"/proc/{m.group(1)}"):
            continue
        pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True,
                              timeout=10).stdout.split()
        if not pids:
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)
            swept.append(name)
    return swept


class Background:
    """A process started in a namespace, stopped by its PID (a session of its own)."""

    def __init__(self, argv, proc, out_path):
        self.argv = argv
        self.proc = proc
        self.out_path = out_path

    @property
    def pid(self):
        return self.proc.pid

    def output(self):
        try:
            return Path(self.out_path).read_text(errors="replace")
        except OSError:
            return ""

    def wait_output(self, pattern, timeout):
        """Wait until the process printed `pattern` (a regex); raises if it exits first."""
        rx = re.compile(pattern, re.M)
        deadline = time.monotonic() + scaled(timeout)
        while not rx.search(self.output()):
            if self.proc.poll() is not None:
                raise NetNSError(f"{shlex.join(self.argv)} exited (rc={self.proc.returncode}) "
                                 f"before printing {pattern!r}:\n{self.output()}")
            if time.monotonic() > deadline:
                raise NetNSError(f"{shlex.join(self.argv)} did not print {pattern!r} in "
                                 f"{scaled(timeout):.0f} s:\n{self.output()}")
            time.sleep(0.1)

    def stop(self, sig=signal.SIGINT, grace=5):
        """Signal the process (SIGINT lets tshark finish its file), escalate to SIGKILL;
        returns the exit code. Idempotent."""
        for s in (sig, signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            try:
                os.kill(self.proc.pid, s)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                continue
        return self.proc.wait()


class NetNS:
    """One network namespace with a tap. create() it, delete() it (idempotent)."""

    def __init__(self, name, tap="tap0", host_addr=f"{HOST_ADDR}/{PREFIX_LEN}"):
        self.name = name
        self.tap = tap
        self.host_addr = host_addr
        self.exec_prefix = ["ip", "netns", "exec", name]
        self.created = False
        self.background = []
        self._log_lines = []
        self._log_path = None
        self.workdir = None        # where background output goes; set by attach_log()

    # ---- lifecycle -----------------------------------------------------------

    def create(self):
        """Namespace, loopback up, tap with the host address, up. Returns self."""
        self._host(["ip", "netns", "add", self.name])
        self.created = True
        try:
            # No IPv6 here: router solicitations and MLD reports would reach napkin
            # as frames nobody handles and blur its drop counters.
            self.run(["sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                      "net.ipv6.conf.default.disable_ipv6=1"], check=True)
            self.run(["ip", "link", "set", "lo", "up"], check=True)
            self.run(["ip", "tuntap", "add", self.tap, "mode", "tap"], check=True)
            self.run(["ip", "addr", "add", self.host_addr, "dev", self.tap], check=True)
            self.run(["ip", "link", "set", self.tap, "up"], check=True)
        except BaseException:
            self.delete()
            raise
        return self

    def delete(self):
        """Stop every background process started here, then `ip netns del` (the tap goes
        with it once QEMU has closed it)."""
        for bg in self.background:
            bg.stop(grace=2)
        self.background = []
        if self.created:
            self._host(["ip", "netns", "del", self.name], check=False)
            self.created = False

    def attach_log(self, path):
        """Write the command log to `path` from now on (earlier lines are flushed there)."""
        self._log_path = Path(path)
        self.workdir = self._log_path.parent
        with open(self._log_path, "a") as f:
            f.writelines(line + "\n" for line in self._log_lines)
        self._log_lines = []

    @property
    def log_path(self):
        """Where the command log goes (None: held in memory until attach_log())."""
        return self._log_path

    def _log(self, text):
        if self._log_path is None:
            self._log_lines.append(text)
            return
        with open(self._log_path, "a") as f:
            f.write(text + "\n")

    # ---- commands --------------------------------------------------------------

    def _host(self, argv, check=True, timeout=30):
        return self._exec(argv, check, timeout, None)

    def run(self, argv, timeout=30, check=False, input=None):
        """Run argv in the namespace; returns CompletedProcess (text). `timeout` is a hard
        bound (the process is killed); check=True raises NetNSError on rc != 0."""
        return self._exec(self.exec_prefix + list(argv), check, timeout, input)

    def _exec(self, argv, check, timeout, input):
        t0 = time.monotonic()
        try:
            r = subprocess.run(argv, capture_output=True, text=True, input=input,
                               timeout=scaled(timeout),
                               stdin=None if input is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            self._log(f"$ {shlex.join(argv)}  # killed after {scaled(timeout):.0f} s")
            raise NetNSError(f"{shlex.join(argv)} still running after {scaled(timeout):.0f} s;"
                             f" output so far:\n{_text(e.stdout)}{_text(e.stderr)}") from None
        self._log(f"$ {shlex.join(argv)}  # rc={r.returncode}, {time.monotonic() - t0:.2f} s\n"
                  + _indent(r.stdout + r.stderr))
        if check and r.returncode != 0:
            raise NetNSError(f"{shlex.join(argv)} failed (rc={r.returncode}):\n"
                             f"{r.stdout}{r.stderr}")
        return r

    def spawn(self, argv, label):
        """Start argv in the namespace in the background (own session); stdout+stderr go
        to <workdir>/<label>.out. Stopped by PID at delete() or with Background.stop()."""
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        out_path = Path(self.workdir) / f"{label}.out"
        full = self.exec_prefix + list(argv)
        with open(out_path, "wb") as out:
            proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        bg = Background(full, proc, out_path)
        self.background.append(bg)
        self._log(f"$ {shlex.join(full)} &  # pid {proc.pid}, output {out_path}")
        return bg

    def capture(self, path, label="tshark", iface=None, capture_filter=None, timeout=30):
        """Start tshark writing a pcap of `iface` (default the tap) to `path`; returns
        once it is capturing. Stop with .stop() (SIGINT: the file is complete)."""
        argv = ["tshark", "-n", "-i", iface or self.tap, "-F", "pcap", "-w", str(path)]
        if capture_filter:
            argv += ["-f", capture_filter]
        bg = self.spawn(argv, label)
        bg.wait_output(r"^Capturing on ", timeout)
        return bg

    def send_frames(self, frames, iface=None, timeout=30):
        """Send raw Ethernet frames (bytes) out of the tap, in order, through an
        AF_PACKET socket inside the namespace (exactly these bytes: no padding added)."""
        script = ("import socket, sys\n"
                  "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)\n"
                  "s.bind((sys.argv[1], 0))\n"
                  "for h in sys.argv[2:]:\n"
                  "    n = s.send(bytes.fromhex(h))\n"
                  "    assert n == len(h) // 2, (n, h)\n")
        argv = [sys.executable, "-c", script, iface or self.tap] + [bytes(f).hex() for f in frames]
        return self.run(argv, timeout=timeout, check=True)

    def ping(self, dest=None, count=10, interval=0.2, size=56, wait=2, deadline=None,
             flood=False, preload=None, quiet=True, timeout=None):
        """iputils ping from the namespace: `count` requests, each given `wait` s for its
        reply (-W); `deadline` (-w) only if asked, since it makes ping send until `count`
        replies arrive. Returns a PingResult; never raises on loss."""
        argv = ["ping", "-n", "-c", str(count), "-W", str(wait), "-s", str(size)]
        argv += ["-f"] if flood else ["-i", str(interval)]
        if preload:
            argv += ["-l", str(preload)]
        if quiet:
            argv.append("-q")
        if deadline is not None:
            argv += ["-w", str(int(deadline))]
        bound = deadline if deadline is not None else count * max(interval, 0.002) + wait
        r = self.run(argv + [dest or GUEST_ADDR], timeout=timeout or bound + 30)
        return PingResult(argv, r)


class PingResult:
    """Parsed iputils ping summary."""

    SUMMARY_RE = re.compile(r"(\d+) packets transmitted, (\d+) received")

    def __init__(self, argv, completed):
        self.argv = argv
        self.rc = completed.returncode
        self.text = completed.stdout + completed.stderr
        m = self.SUMMARY_RE.search(self.text)
        self.transmitted = int(m.group(1)) if m else 0
        self.received = int(m.group(2)) if m else 0

    @property
    def loss(self):
        return 1 - self.received / self.transmitted if self.transmitted else 1.0

    def __repr__(self):
        return f"<ping {self.received}/{self.transmitted} rc={self.rc}>"

    def describe(self):
        return f"$ {shlex.join(self.argv)}\n{self.text}"


# ---- pcap ------------------------------------------------------------------------------

PCAP_MAGIC = {b"\xd4\xc3\xb2\xa1": ("<", 1e-6), b"\xa1\xb2\xc3\xd4": (">", 1e-6),
              b"\x4d\x3c\xb2\xa1": ("<", 1e-9), b"\xa1\xb2\x3c\x4d": (">", 1e-9)}


def read_pcap(path):
    """[(timestamp, frame bytes)] from a classic pcap file. A record still being
    written (QEMU's filter-dump appends live) is ignored rather than an error."""
    data = Path(path).read_bytes()
    if len(data) < 24:
        return []
    if data[:4] not in PCAP_MAGIC:
        raise ValueError(f"{path}: not a pcap file (magic {data[:4].hex()})")
    endian, unit = PCAP_MAGIC[data[:4]]
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 1:
        raise ValueError(f"{path}: link type {linktype}, expected 1 (Ethernet)")
    frames, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        if off + 16 + incl > len(data):
            break
        frames.append((sec + frac * unit, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return frames


def inet_csum_ok(data):
    """True if the 16-bit one's complement sum of data (checksum field included) is 0xffff."""
    if len(data) % 2:
        data = bytes(data) + b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s == 0xffff


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def read_mac(ns, iface):
    r = ns.run(["cat", f"/sys/class/net/{iface}/address"], check=True)
    return r.stdout.strip()


# ---- checking frames (scapy, imported when first used) ---------------------------------

BROADCAST = "ff:ff:ff:ff:ff:ff"


def decode(frames):
    from scapy.layers.l2 import Ether
    return [Ether(f) for f in frames]


def arp_frames(frames, op=None, src_mac=None):
    """ARP packets, optionally only opcode `op` sent from Ethernet `src_mac`."""
    from scapy.layers.l2 import ARP, Ether
    out = []
    for raw in frames:
        e = Ether(raw)
        if ARP not in e:
            continue
        if op is not None and e[ARP].op != op:
            continue
        if src_mac is not None and e.src != src_mac:
            continue
        out.append((raw, e))
    return out


def arp_problems(raw, e, *, op, eth_dst, sha, spa, tha, tpa):
    """Everything wrong with one ARP packet [RFC 826] against the expected fields."""
    from scapy.layers.l2 import ARP
    a = e[ARP]
    got = {"eth type": e.type, "eth dst": e.dst, "eth src": e.src, "htype": a.hwtype,
           "ptype": a.ptype, "hlen": a.hwlen, "plen": a.plen, "op": a.op,
           "sha": a.hwsrc, "spa": a.psrc, "tha": a.hwdst, "tpa": a.pdst}
    want = {"eth type": 0x0806, "eth dst": eth_dst, "eth src": sha, "htype": 1,
            "ptype": 0x0800, "hlen": 6, "plen": 4, "op": op, "sha": sha, "spa": spa,
            "tha": tha, "tpa": tpa}
    bad = [f"{k}: {got[k]!r}, expected {v!r}" for k, v in want.items()
           if v is not None and got[k] != v]
    if len(raw) < 14 + 28:
        bad.append(f"frame is {len(raw)} bytes, shorter than Ethernet + ARP (42)")
    return bad


def echo_pairs(frames, client, server):
    """ICMP echo requests client->server and replies server->client, keyed by (id, seq):
    ({key: [(raw, ether)]}, {key: [(raw, ether)]})."""
    from scapy.layers.inet import ICMP, IP
    from scapy.layers.l2 import Ether
    requests, replies = {}, {}
    for raw in frames:
        e = Ether(raw)
        if IP not in e or ICMP not in e:
            continue
        ip, icmp = e[IP], e[ICMP]
        key = (icmp.id, icmp.seq)
        if icmp.type == 8 and ip.src == client and ip.dst == server:
            requests.setdefault(key, []).append((raw, e))
        elif icmp.type == 0 and ip.src == server and ip.dst == client:
            replies.setdefault(key, []).append((raw, e))
    return requests, replies


def ip_bytes(raw):
    """The IPv4 datagram in an Ethernet frame, cut to its total length (drops padding)."""
    ip = raw[14:]
    tot = int.from_bytes(ip[2:4], "big")
    return ip[:tot] if 20 <= tot <= len(ip) else ip


def echo_reply_problems(req_raw, rep_raw, *, server_mac, client_mac):
    """Everything wrong with one echo reply against its request [RFC 792]: addresses,
    id/seq, payload byte for byte, IP and ICMP checksums, lengths."""
    from scapy.layers.l2 import Ether
    bad = []
    rq, rp = ip_bytes(req_raw), ip_bytes(rep_raw)
    e = Ether(rep_raw)
    if e.src != server_mac or e.dst != client_mac:
        bad.append(f"Ethernet {e.src} -> {e.dst}, expected {server_mac} -> {client_mac}")
    if len(rp) < 28:
        return bad + [f"reply IPv4 datagram is {len(rp)} bytes"]
    ihl_q, ihl_p = (rq[0] & 0xf) * 4, (rp[0] & 0xf) * 4
    if rp[0] >> 4 != 4 or ihl_p < 20:
        bad.append(f"reply version/IHL byte {rp[0]:#04x}")
        return bad
    if not inet_csum_ok(rp[:ihl_p]):
        bad.append(f"reply IPv4 header checksum {rp[10:12].hex()} is wrong")
    if rp[9] != 1:
        bad.append(f"reply protocol {rp[9]}, expected 1 (ICMP)")
    if rp[12:16] != rq[16:20] or rp[16:20] != rq[12:16]:
        bad.append("reply addresses are not the request's, swapped")
    if rp[8] == 0:
        bad.append("reply TTL is 0")
    icmp_q, icmp_p = rq[ihl_q:], rp[ihl_p:]
    if len(icmp_p) != len(icmp_q):
        bad.append(f"reply ICMP is {len(icmp_p)} bytes, request {len(icmp_q)}")
    if icmp_p[0] != 0 or icmp_p[1] != 0:
        bad.append(f"reply ICMP type/code {icmp_p[0]}/{icmp_p[1]}, expected 0/0")
    if not inet_csum_ok(icmp_p):
        bad.append(f"reply ICMP checksum {icmp_p[2:4].hex()} is wrong")
    if icmp_p[4:8] != icmp_q[4:8]:
        bad.append(f"reply id/seq {icmp_p[4:8].hex()}, request {icmp_q[4:8].hex()}")
    if icmp_p[8:] != icmp_q[8:]:
        first = next((i for i, (a, b) in enumerate(zip(icmp_p[8:], icmp_q[8:])) if a != b),
                     min(len(icmp_p), len(icmp_q)) - 8)
        bad.append(f"reply payload differs from the request's at byte {first} "
                   f"({len(icmp_p) - 8} vs {len(icmp_q) - 8} bytes)")
    return bad


# ---- one napkin on one tap -------------------------------------------------------------------

class NetRig:
    """A napkin booted with NIC `model` on the tap of `ns`, the wire dumped to wire.pcap.

    boot() starts QEMU inside the namespace with ip=10.0.9.2/24 gw=10.0.9.1 (none with
    static_ip=False: napkin then asks DHCP) and waits until napkin's eth0 has carrier; settle() pings it from the namespace until it
    answers and records the idle skb count that assert_no_leak() compares against."""

    IFACE = "eth0"

    def __init__(self, vm_factory, ns, model, mode="bios-iso", mem=128, cmdline="",
                 machine=None, static_ip=True):
        self.vm_factory = vm_factory
        self.ns = ns
        self.model = model
        self.mode = mode
        self.mem = mem
        self.machine = machine or NIC_MACHINES.get(model)
        static = f"ip={GUEST_ADDR}/{PREFIX_LEN} gw={HOST_ADDR} " if static_ip else ""
        self.cmdline = f"{static}{cmdline}".strip()
        self.mac = GUEST_MAC
        self.host_mac = read_mac(ns, ns.tap)
        self.vm = None
        self.pcap = None
        self.idle = None
        self.dest = None      # the address settle() pinged (None: GUEST_ADDR)

    def qemu_net_args(self):
        return ["-netdev", f"tap,id=n0,ifname={self.ns.tap},script=no,downscript=no",
                "-device", f"{self.model},netdev=n0,mac={self.mac}",
                "-object", "filter-dump,id=f0,netdev=n0,file=@RUNDIR@/wire.pcap"]

    def boot(self, carrier_timeout=30):
        """Start napkin inside the namespace; returns self once eth0 is up with carrier."""
        self.vm = self.vm_factory(self.mode, mem=self.mem, cmdline=self.cmdline,
                                  machine=self.machine, prefix_cmd=self.ns.exec_prefix,
                                  extra_args=self.qemu_net_args())
        self.pcap = self.vm.rundir / "wire.pcap"
        self.ns.attach_log(self.vm.rundir / "netns.log")
        self.wait_carrier(True, carrier_timeout)
        return self

    def settle(self, timeout=30, dest=None):
        """Ping napkin (at dest, default its static address) from the namespace until it
        answers, then record the idle skb count."""
        self.dest = dest
        poll_until(lambda: self.ns.ping(dest=dest, count=1), lambda r: r.received == 1,
                   timeout, f"napkin ({dest or GUEST_ADDR}) to answer one ping")
        self.idle = self.quiet_skbs()
        return self

    def close(self):
        if self.vm is not None:
            self.vm.stop()

    # ---- napkin's view ----------------------------------------------------------

    def cmd(self, text, timeout=30):
        return self.vm.cmd(text, timeout)

    def link(self):
        out = self.cmd(f"ip -s link show dev {self.IFACE}")
        links = shellparse.ip_link(out)
        assert self.IFACE in links, f"`ip -s link` shows no {self.IFACE}:\n{out}"
        return links[self.IFACE]

    def wait_carrier(self, up, timeout=30):
        """Poll `ip link` until eth0 has carrier (LOWER_UP) or shows NO-CARRIER."""
        __tracebackhide__ = True
        want = "carrier (LOWER_UP)" if up else "NO-CARRIER"
        try:
            return poll_until(self.link,
                              lambda l: ("NO-CARRIER" not in l["flags"] and
                                         "LOWER_UP" in l["flags"])
                              if up else "NO-CARRIER" in l["flags"],
                              timeout, f"napkin's {self.IFACE} to show {want}")
        except VMTimeout as e:
            hint = ""
            if up and "UP" not in self.link()["flags"]:
                hint = (f"\n{self.IFACE} is administratively down: nothing opened it at boot "
                        f"although the command line says {self.cmdline!r}")
            raise VMTimeout(f"{e}{hint}") from None

    def ethtool(self):
        return shellparse.ethtool_stats(self.cmd(f"ethtool -S {self.IFACE}"))

    def skbs(self):
        return shellparse.skbstat(self.cmd("skbstat"))

    def quiet_skbs(self, timeout=10):
        """skbstat once two reads in a row agree (TX reclaim and timers have run)."""
        prev = self.skbs()
        deadline = time.monotonic() + scaled(timeout)
        while True:
            self.cmd("sleep 100")
            cur = self.skbs()
            if cur["live"] == prev["live"] or time.monotonic() > deadline:
                return cur
            prev = cur

    # Data buffers include the RX ring's, which the driver refills in batches (16 in
    # e1000): between two reads the count may differ by up to a batch, not more.
    RX_REFILL_SLACK = 32

    def assert_no_leak(self, timeout=20, dest=None):
        """The live skb head count returns to its idle value (one ping from the namespace
        first, so a TX descriptor left for reclaim is reaped the way it was at idle), and
        data buffers are within a refill batch of theirs."""
        __tracebackhide__ = True
        assert self.idle is not None, "settle() was not called: no idle skb count"
        self.ns.ping(dest=dest or self.dest, count=1)
        try:
            now = poll_until(self.skbs, lambda s: s["live"] <= self.idle["live"], timeout,
                             f"live skbs back to the idle {self.idle['live']}")
        except VMTimeout as e:
            raise AssertionError(f"skb leak: {e}\nidle: {self.idle}\n"
                                 f"now:  {self.skbs()}") from None
        assert now["data_live"] <= self.idle["data_live"] + self.RX_REFILL_SLACK, \
            f"data buffer leak: idle {self.idle}, now {now}"

    # ---- the wire ------------------------------------------------------------------

    def wire(self):
        """Frames QEMU's filter-dump saw on n0 so far (both directions), as bytes."""
        return [f for _, f in read_pcap(self.pcap)] if self.pcap.exists() else []


def _text(b):
    if b is None:
        return ""
    return b.decode(errors="replace") if isinstance(b, bytes) else b


def _indent(text, prefix="    "):
    return "".join(prefix + line + "\n" for line in text.splitlines())
