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
