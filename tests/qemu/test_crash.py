"""Exceptions: with debug=1, `crash <kind>` faults on purpose and the handler prints
the vector, the registers and a symbolised call trace, then halts (QEMU keeps running:
a triple fault would have ended it under -no-reboot)."""

import re

import pytest

MNEMONIC = {"pf": "#PF", "ud": "#UD", "gp": "#GP", "de": "#DE"}
SYMBOL_RE = r"^.*\b\w+\+0x[0-9a-fA-F]+"


@pytest.mark.parametrize("kind", list(MNEMONIC))
def test_crash_reports_exception(vm, kind):
    v = vm("bios-iso", cmdline="debug=1")
    v.cmd("uptime")                               # the shell is up and at its prompt
    v.send_line(f"crash {kind}")
    if kind == "pf":
        addr = int(v.wait_for(r"^crash: faulting at (?:0x)?([0-9a-fA-F]+)\s*$").group(1), 16)
    exc = v.wait_for(rf"^(?=.*EXCEPTION)(?=.*{MNEMONIC[kind]}).*$", 30)
    trace = v.wait_for(r"^Call trace:", 30)
    v.wait_for(SYMBOL_RE, 30)
    halted = v.wait_for(r"System halted\.", 30, partial_line=True)
    dump = v.output[exc.start():trace.start()]
    frames = v.output[trace.end():halted.start()]
    assert "RIP=" in dump and "RSP=" in dump, f"no RIP=/RSP= in the register dump:\n{dump}"
    if kind == "pf":
        cr2 = re.search(r"CR2=(?:0x)?([0-9a-fA-F]+)", dump)
        assert cr2, f"no CR2= in the #PF dump:\n{dump}"
        assert int(cr2.group(1), 16) == addr, f"CR2={cr2.group(1)} but the fault was at {addr:#x}"
        assert "shell_cmd_crash" in frames, f"shell_cmd_crash not in the call trace:\n{frames}"
    assert v.alive, "QEMU exited: the guest reset (triple fault?) instead of halting"
