"""Parsers for napkin shell output whose shape follows Linux's /proc files.

Each takes the text NapkinVM.cmd() returned and raises AssertionError, quoting
the text, when a line it needs is missing or malformed.
"""

import re

UPTIME_RE = re.compile(r"^up (\d+)\.(\d{3}) s, jiffies (\d+)$", re.M)
MEM_RE = re.compile(r"^mem: (\d+) KiB usable in (\d+) regions, (\d+) KiB total RAM$", re.M)
SYSCTL_RE = re.compile(r"^(\S+) = (.*)$", re.M)


def uptime(text):
    """'up 12.345 s, jiffies 12345' -> (12.345, 12345)."""
    m = UPTIME_RE.search(text)
    assert m, f"no `up <s>.<ms> s, jiffies <n>` line in:\n{text}"
    return int(m.group(1)) + int(m.group(2)) / 1000, int(m.group(3))


def mem_line(text):
    """The boot `mem:` line -> (usable KiB, regions, total KiB)."""
    m = MEM_RE.search(text)
    assert m, "no `mem: <U> KiB usable in <N> regions, <T> KiB total RAM` line in boot output"
    return tuple(int(g) for g in m.groups())


def meminfo(text):
    """'MemTotal:  1234 kB' lines -> {"MemTotal": 1234, ...} (kB)."""
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(\w+):\s+(\d+) kB$", text, re.M)}


def _counter_lines(text):
    """'<name>: <n> [<n>...] [rest]' lines -> [(name, sum of counts, rest)]."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"^\s*([^\s:]+):\s+((?:\d+(?:\s+|$))+)(.*)$", line)
        if m:
            counts = [int(n) for n in m.group(2).split()]
            rows.append((m.group(1), sum(counts), m.group(3).strip()))
    return rows


def interrupts(text):
    """/proc/interrupts shape -> [(vector or name, total count, 'chip name')]."""
    assert re.search(r"^\s*CPU0\b", text, re.M), f"no ` CPU0` header in:\n{text}"
    return _counter_lines(text)


def timer_count(text):
    """Total count of the interrupts line whose description names the timer."""
    rows = [r for r in interrupts(text) if re.search(r"\btimer\b", r[2], re.I)]
    assert rows, f"no interrupt line mentioning `timer` in:\n{text}"
    return sum(r[1] for r in rows)


def softirqs(text):
    """/proc/softirqs shape -> {"TIMER": total, "NET_RX": total, ...}."""
    return {name: total for name, total, _ in _counter_lines(text)}


def sysctl(text):
    """'name = value' lines -> {name: value}."""
    return {m.group(1): m.group(2).strip() for m in SYSCTL_RE.finditer(text)}


# ---- network (net/core/net_shell.c, drivers/net/e1000, net/ipv4) ----------------------

SKBSTAT_RE = re.compile(r"^skbs: live (\d+) allocated (\d+) freed (\d+) dropped (\d+) "
                        r"clones (\d+) copies (\d+)$", re.M)
SKBDATA_RE = re.compile(r"^data buffers live (\d+), allocation failures (\d+)$", re.M)


def skbstat(text):
    """`skbstat` -> {"live", "allocated", "freed", "dropped", "clones", "copies",
    "data_live", "alloc_failures"}."""
    m = SKBSTAT_RE.search(text)
    assert m, f"no `skbs: live N allocated N freed N dropped N clones N copies N` line in:\n{text}"
    d = SKBDATA_RE.search(text)
    assert d, f"no `data buffers live N, allocation failures N` line in:\n{text}"
    keys = ("live", "allocated", "freed", "dropped", "clones", "copies")
    out = dict(zip(keys, (int(g) for g in m.groups())))
    out["data_live"], out["alloc_failures"] = int(d.group(1)), int(d.group(2))
    return out


def ethtool_stats(text):
    """`ethtool -S dev` ('NIC statistics:' then '     name: value') -> {name: value}."""
    assert re.search(r"^NIC statistics:$", text, re.M), f"no `NIC statistics:` header in:\n{text}"
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^\s+([^\s:]+): (\d+)$", text, re.M)}


IP_LINK_RE = re.compile(r"^(\d+): (\S+): <([^>]*)> mtu (\d+) .*?state (\S+)", re.M)


def ip_link(text):
    """`ip [-s] link show [dev]` -> {ifname: {"flags": set, "mtu", "state", "mac",
    "rx": {...}, "tx": {...}}} (rx/tx only with -s; columns named by their headers)."""
    links = {}
    blocks = re.split(r"^(?=\d+: )", text, flags=re.M)
    for block in blocks:
        m = IP_LINK_RE.match(block)
        if not m:
            continue
        link = {"flags": set(m.group(3).split(",")) - {""}, "mtu": int(m.group(4)),
                "state": m.group(5)}
        mac = re.search(r"^\s+link/\S+ (\S+)", block, re.M)
        link["mac"] = mac.group(1) if mac else None
        for way in ("RX", "TX"):
            # "RX:  bytes packets ..." and, from iproute2's -s -s, "RX errors: length ...":
            # both land in link["rx"] (a name in both, like missed, is one counter).
            for s in re.finditer(rf"^\s+{way}(?: errors)?:\s+(.*)\n\s+([\d ]+)$", block, re.M):
                names = s.group(1).split()
                link.setdefault(way.lower(), {}).update(
                    zip(names, (int(v) for v in s.group(2).split())))
        links[m.group(2)] = link
    return links


ARP_LINE_RE = re.compile(r"^(\d+\.\d+\.\d+\.\d+)\s+(?:ether\s+([0-9a-f:]{17})|\(incomplete\))"
                         r"\s+(\S*)\s+(\S+)\s+(\S+)$", re.M)


def arp_n(text):
    """`arp -n` (net-tools columns, NUD state last) -> {ip: {"mac", "iface", "state"}};
    mac is None for an incomplete entry."""
    assert re.search(r"^Address\s+HWtype\s+HWaddress", text, re.M), \
        f"no `Address HWtype HWaddress ...` header in:\n{text}"
    return {m.group(1): {"mac": m.group(2), "iface": m.group(4), "state": m.group(5)}
            for m in ARP_LINE_RE.finditer(text)}


def nstat(text):
    """`nstat -az` ('#kernel', then '<Section><Name>  <value>  <rate>') -> {name: value}."""
    assert re.search(r"^#kernel$", text, re.M), f"no `#kernel` header in:\n{text}"
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^([A-Za-z][A-Za-z0-9]*)\s+(\d+)\s+\S+$", text, re.M)}


def netstat_s(text):
    """`netstat -s` -> {"Ip": {"total packets received": N, "InCsumErrors": N, ...}, ...}:
    per section, sentences keyed by their words and `Name: N` lines by name."""
    sections, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^(\w+):$", line)
        if m:
            cur = sections.setdefault(m.group(1), {})
            continue
        if cur is None:
            continue
        m = re.match(r"^\s+(\d+) (.+)$", line) or None
        if m:
            cur[m.group(2).strip()] = int(m.group(1))
            continue
        m = re.match(r"^\s+([^:]+): (\d+)$", line)
        if m:
            cur[m.group(1).strip()] = int(m.group(2))
    return sections
