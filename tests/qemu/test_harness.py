"""Self-tests of the QEMU harness against fake_qemu.py: no kernel, no QEMU, seconds.

They pin down what the scenario tests rely on: prompt and echo handling, waits that
fail with the serial tail, exit detection, QMP, stopping by PID, the EFI disk."""

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from napkin_vm import NapkinVM, VMExited, VMTimeout, _SerialText, make_efi_disk

FAKE = str(Path(__file__).resolve().parent / "fake_qemu.py")


@pytest.fixture
def fake(tmp_path):
    iso = tmp_path / "napkin.iso"
    iso.write_bytes(b"\0" * 2048)
    vms = []

    def start(rundir=None, **kw):
        v = NapkinVM(rundir or tmp_path / f"run{len(vms)}", kw.pop("mode", "bios-iso"),
                     artefacts={"iso": iso}, qemu=FAKE, **kw)
        vms.append(v)
        return v.start()
    yield start
    for v in vms:
        v.stop(grace=0.5)


def test_cmd_strips_echo_and_prompt(fake):
    v = fake()
    v.wait_ready(10)
    assert v.boot_seconds is not None and v.banner.startswith("napkin 0.1")
    assert v.cmd("sysctl kernel.printk") == "kernel.printk = 7"
    assert v.cmd("sysctl -w kernel.printk=3") == "kernel.printk = 3"
    assert "  uptime" in v.cmd("help")
    log = (v.rundir / "serial.log").read_bytes()
    assert b"napkin: ready\r\n" in log and b"sysctl -w kernel.printk=3" in log


def test_cmd_without_echo(fake, monkeypatch):
    monkeypatch.setenv("FAKE_NAPKIN_NO_ECHO", "1")
    v = fake()
    v.wait_ready(10)
    assert v.cmd("sysctl kernel.printk") == "kernel.printk = 7"
    assert v.cmd("") == ""


def test_cmdline_and_memory_reach_qemu(fake):
    v = fake(mem=64, cmdline="a=1,2 debug=1")
    v.wait_ready(10)
    assert "cmdline: unknown parameter 'a=1,2'" in v.output
    assert "mem: 63872 KiB usable" in v.output
    assert "name=opt/napkin/cmdline,string=a=1,,2 debug=1" in (v.rundir / "qemu.cmdline").read_text()


def test_timeout_reports_serial_tail(fake, monkeypatch):
    monkeypatch.setenv("FAKE_NAPKIN_HANG", "1")
    v = fake()
    t0 = time.monotonic()
    with pytest.raises(VMTimeout) as e:
        v.wait_ready(1)
    assert time.monotonic() - t0 < 5
    assert "napkin: ready" in str(e.value) and "mem: " in str(e.value)
    assert v.boot_seconds is None


def test_exit_during_boot_is_reported(fake, monkeypatch):
    monkeypatch.setenv("FAKE_NAPKIN_EXIT", "3")
    v = fake()
    with pytest.raises(VMExited, match=r"rc=3"):
        v.wait_ready(30)


def test_wait_for_sees_only_complete_lines(fake):
    v = fake()
    v.wait_ready(10)
    m = v.wait_for(r"napkin> ", 5, partial_line=True)
    with pytest.raises(VMTimeout):
        v.wait_for(r"napkin> ", 0.5, since=m.start())   # the prompt has no newline yet
    v.send_line("uptime")
    up = v.wait_for(r"^up (\d+)\.(\d+) s, jiffies (\d+)$", 5)
    assert re.fullmatch(r"\d{3}", up.group(2))


def test_monitor_and_reboot(fake):
    v = fake()
    v.wait_ready(10)
    assert v.monitor("info status").startswith("fake: info status")
    v.send_line("reboot")
    assert v.wait_exit(10) == 0
    with pytest.raises(VMExited):
        v.cmd("uptime", timeout=5)


def test_stop_escalates_to_sigkill(fake, monkeypatch):
    monkeypatch.setenv("FAKE_NAPKIN_STUBBORN", "1")
    v = fake()
    v.wait_ready(10)
    pid = v.proc.pid
    v.stop(grace=0.5)
    assert v.proc.returncode == -9
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_long_rundir_gets_short_sockets(fake, tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    v = fake(rundir=deep)
    v.wait_ready(10)
    assert (deep / "monitor.sock").is_symlink()
    real = Path(os.readlink(deep / "monitor.sock"))
    assert v.cmd("sysctl kernel.printk") == "kernel.printk = 7"
    assert v.monitor("info status")
    v.stop(grace=0.5)
    assert not real.parent.exists() and not (deep / "monitor.sock").is_symlink()


def test_serial_text_normalisation():
    t = _SerialText()
    got = t.feed(b"\x1b[0mA\n\rB\r\nC\r") + t.feed(b"\nD\x1b[") + t.feed(b"=3hE\xe2\x82")
    got += t.feed(b"\xac\n\r\n\rnapkin> ")
    assert got == "A\nB\nC\nDE\u20ac\n\nnapkin> "


def test_efi_disk_with_mtools(tmp_path):
    app = tmp_path / "app.efi"
    app.write_bytes(b"MZ" + b"\0" * 4096)
    img = make_efi_disk(app, tmp_path / "disk.img", repo=tmp_path)    # no mkefidisk.sh there
    listing = subprocess.run(["mdir", "-i", str(img), "::/EFI/BOOT"], capture_output=True,
                             text=True, check=True).stdout
    assert "BOOTX64" in listing
