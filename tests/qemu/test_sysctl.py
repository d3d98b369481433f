"""Kernel command line through fw_cfg, and the sysctl shell command.

`sysctl.<name>=<value>` on the command line sets a tunable; a bad value or an
unknown key is reported on a `cmdline:` line and boot goes on with the default.
"""

import pytest

import shellparse
from napkin_vm import READY_RE


def cmdline_reports(v):
    """The `cmdline: key=value: reason` lines printed before `napkin: ready`."""
    head = v.output[:READY_RE.search(v.output).start()]
    return [line for line in head.splitlines() if line.startswith("cmdline: ")]


def test_cmdline_sets_sysctl(vm):
    v = vm("bios-iso", cmdline="sysctl.kernel.printk=4")
    assert shellparse.sysctl(v.cmd("sysctl kernel.printk")) == {"kernel.printk": "4"}


def test_cmdline_bad_value_and_unknown_key_reported(vm):
    v = vm("bios-iso", cmdline="sysctl.kernel.printk=99 bogus=1")
    lines = cmdline_reports(v)
    assert any("kernel.printk" in line and "99" in line for line in lines), \
        f"no `cmdline:` line names kernel.printk=99; cmdline lines: {lines}"
    assert any("bogus" in line for line in lines), \
        f"no `cmdline:` line names the unknown key bogus; cmdline lines: {lines}"
    assert shellparse.sysctl(v.cmd("sysctl kernel.printk")) == {"kernel.printk": "7"}


@pytest.fixture(scope="module")
def shell(module_vm):
    v = module_vm("bios-iso", name="shell")
    yield v
    v.stop()


def test_sysctl_write_reads_back(shell):
    out = shell.cmd("sysctl -w kernel.printk=6")
    assert shellparse.sysctl(out) == {"kernel.printk": "6"}, out
    assert shellparse.sysctl(shell.cmd("sysctl kernel.printk")) == {"kernel.printk": "6"}
    shell.cmd("sysctl -w kernel.printk=7")


def test_sysctl_write_out_of_range_refused(shell):
    before = shellparse.sysctl(shell.cmd("sysctl kernel.printk"))
    out = shell.cmd("sysctl -w kernel.printk=99")
    assert out.startswith("sysctl: "), f"out-of-range write not refused with `sysctl: `:\n{out}"
    assert shellparse.sysctl(shell.cmd("sysctl kernel.printk")) == before


def test_sysctl_all_lists_printk(shell):
    out = shell.cmd("sysctl -a")
    assert "kernel.printk" in shellparse.sysctl(out), out
