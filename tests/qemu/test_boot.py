"""Boot scenarios: every boot path reaches `napkin: ready` and runs the basic shell
commands; the memory the firmware reports is what QEMU was given.

One VM per boot path is shared by this module's tests (pytest runs all tests of one
path, then stops that VM); the memory-size tests boot their own.
"""

import re
import time

import pytest

import shellparse
from napkin_vm import PROMPT, READY_RE, poll_until

PATHS = ["bios-iso", "ovmf-iso", "ovmf-efi"]
COMMANDS = ["help", "uptime", "meminfo", "interrupts", "softirqs", "sysctl", "reboot", "halt"]


@pytest.fixture(scope="module", params=PATHS)
def booted(request, module_vm):
    v = module_vm(request.param, name=request.param)
    yield v
    v.stop()


def test_boots_to_ready(booted):
    out = booted.output
    ready = READY_RE.search(out)
    assert booted.banner, "no banner line `napkin <version> ...` before `napkin: ready`"
    assert out.find(booted.banner) < ready.start(), "banner printed after `napkin: ready`"
    booted.wait_for(re.escape(PROMPT), 30, since=ready.end(), partial_line=True)
    between = booted.output[ready.end():booted.output.find(PROMPT, ready.end())]
    assert not between.strip(), f"`napkin: ready` is not the last boot line; then:\n{between}"
    print(f"{booted.mode}: {booted.banner}; ready after {booted.boot_seconds:.2f} s")


def test_help_lists_commands(booted):
    out = booted.cmd("help")
    names = set(re.findall(r"^  (\S+)\s", out, re.M))
    missing = [c for c in COMMANDS if c not in names]
    assert not missing, f"help does not list {missing}; it printed:\n{out}"


def test_interrupts_timer_count_increases(booted):
    first = shellparse.timer_count(booted.cmd("interrupts"))
    poll_until(lambda: shellparse.timer_count(booted.cmd("interrupts")),
               lambda n: n > first, 15, f"the timer interrupt count to pass {first}")


def test_uptime_advances(booted):
    secs, jiffies = shellparse.uptime(booted.cmd("uptime"))
    poll_until(lambda: shellparse.uptime(booted.cmd("uptime")),
               lambda u: u[0] > secs and u[1] > jiffies, 15,
               f"uptime to pass {secs} s / jiffies {jiffies}")


def test_uptime_tracks_wall_clock(booted):
    """Guest time runs at host speed under TCG (no icount); jiffies are HZ=1000 ticks."""
    t0 = time.monotonic()
    s0, j0 = shellparse.uptime(booted.cmd("uptime"))
    s1, j1 = poll_until(lambda: shellparse.uptime(booted.cmd("uptime")),
                        lambda u: u[0] >= s0 + 1.5, 20, f"uptime to reach {s0 + 1.5} s")
    host = time.monotonic() - t0
    assert 0.5 * host <= s1 - s0 <= 1.5 * host, \
        f"uptime advanced {s1 - s0:.3f} s while {host:.3f} s passed on the host"
    assert 0.5 <= (j1 - j0) / ((s1 - s0) * 1000) <= 2, \
        f"jiffies advanced {j1 - j0} in {s1 - s0:.3f} s of uptime: not HZ=1000"


def test_softirqs_timer_counts(booted):
    before = shellparse.softirqs(booted.cmd("softirqs"))
    for name in ("HI", "TIMER", "NET_TX", "NET_RX"):
        assert name in before, f"softirqs has no {name} line"
    # An idle kernel may have no timer armed; `sleep` arms one (msleep)
    # whose expiry must run in the TIMER softirq and wake the shell.
    booted.cmd("sleep 30")
    out = booted.cmd("softirqs")
    after = shellparse.softirqs(out)
    assert after["TIMER"] > before["TIMER"], f"no TIMER softirq ran:\n{out}"


def test_meminfo(booted):
    check_memory(booted, 128)


def test_sysctl_reads_default(booted):
    out = booted.cmd("sysctl kernel.printk")
    assert shellparse.sysctl(out) == {"kernel.printk": "7"}, out


def test_crash_refused_without_debug(booted):
    out = booted.cmd("crash pf")
    assert "crash: needs debug=1" in out
    assert "EXCEPTION" not in out
    shellparse.uptime(booted.cmd("uptime"))      # the shell still works


def test_reboot_exits_qemu(booted):
    """Last on purpose: it ends the shared VM. Under -no-reboot a reset exits QEMU."""
    booted.cmd("uptime")
    booted.send_line("reboot")
    rc = booted.wait_exit(60)
    assert rc == 0, f"QEMU exited with {rc} after `reboot`"


@pytest.mark.parametrize("mib", [64, 2048])
def test_memory_size_reported(vm, mib):
    check_memory(vm("bios-iso", mem=mib), mib)


def check_memory(v, mib):
    """`mem:` usable in [85%, 100%] of -m; meminfo MemTotal in [75%, 100%] of it."""
    configured = mib * 1024
    usable, regions, total = shellparse.mem_line(v.output)
    assert 0.85 * configured <= usable <= configured, \
        f"-m {mib}: mem: line says {usable} KiB usable of {configured} KiB"
    assert regions >= 1 and usable <= total
    out = v.cmd("meminfo")
    info = shellparse.meminfo(out)
    for key in ("MemTotal", "MemFree", "Slab"):
        assert key in info, f"meminfo has no {key}: line:\n{out}"
    assert 0.75 * configured <= info["MemTotal"] <= configured, \
        f"-m {mib}: MemTotal {info['MemTotal']} kB of {configured} KiB configured"
    assert info["MemFree"] <= info["MemTotal"], out
