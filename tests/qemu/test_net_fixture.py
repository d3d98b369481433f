"""Self-tests of the network fixture without a kernel: the namespace and its tap, commands
and background captures in it, frames sent out of the tap, pcap reading, the frame
checks (they must catch what they claim to), and QEMU launched through a prefix
command (against fake_qemu.py). Seconds, not minutes."""

import os
import subprocess
import time
from pathlib import Path

import pytest

from napkin_vm import NapkinVM
from netns import (BROADCAST, HOST_ADDR, PREFIX_LEN, NetNS, arp_frames, arp_problems,
                   echo_reply_problems, inet_csum_ok, mac_bytes, netns_unavailable, read_pcap,
                   unique_name)

FAKE = str(Path(__file__).resolve().parent / "fake_qemu.py")


def test_namespace_has_tap_with_address(netns):
    out = netns.run(["ip", "-o", "addr", "show", "dev", "tap0"], check=True).stdout
    assert f"inet {HOST_ADDR}/{PREFIX_LEN}" in out
    links = netns.run(["ip", "-o", "link", "show"], check=True).stdout
    names = sorted(line.split(":")[1].strip() for line in links.splitlines())
    assert names == ["lo", "tap0"], f"namespace is not fresh:\n{links}"
    assert netns.name in subprocess.run(["ip", "netns", "list"], capture_output=True,
                                        text=True).stdout


def test_namespace_deleted_with_its_processes(tmp_path):
    if netns_unavailable():
        pytest.skip(netns_unavailable())
    ns = NetNS(unique_name("selftest-delete")).create()
    ns.attach_log(tmp_path / "netns.log")
    bg = ns.spawn(["sleep", "300"], "sleeper")
    ns.delete()
    assert bg.proc.returncode is not None, "background process survived delete()"
    with pytest.raises(ProcessLookupError):
        os.kill(bg.pid, 0)
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert ns.name not in listed
    assert "sleep 300" in (tmp_path / "netns.log").read_text()
    ns.delete()                                   # idempotent


def test_capture_sees_frames_sent(netns, tmp_path):
    """send_frames() puts exactly these bytes on the wire and capture() records them.
    A tap with no QEMU behind it has no carrier and drops before any capture point, so
    this runs over a veth pair inside the namespace."""
    netns.attach_log(tmp_path / "netns.log")
    netns.run(["ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"], check=True)
    for dev in ("va", "vb"):
        netns.run(["ip", "link", "set", dev, "up"], check=True)
    pcap = tmp_path / "vb.pcap"
    cap = netns.capture(pcap, iface="vb", capture_filter="ether proto 0x88b5")
    dst = mac_bytes("52:54:00:12:34:56")
    frames = [dst + bytes(6) + b"\x88\xb5" + bytes([i]) * 46 for i in range(3)]
    deadline = time.monotonic() + 10
    while (not pcap.exists() or len(read_pcap(pcap)) < 3) and time.monotonic() < deadline:
        netns.send_frames(frames, iface="va")    # veth carrier may take a moment
        time.sleep(0.2)
    assert cap.stop() == 0, cap.output()
    got = [f for _, f in read_pcap(pcap)]
    assert got[:3] == frames and len(got) % 3 == 0


def test_inet_checksum():
    # RFC 1071 example words; with the checksum field appended the sum is 0xffff.
    data = bytes.fromhex("0001f203f4f5f6f7")
    s = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, 8, 2))
    s = (s & 0xffff) + (s >> 16)
    assert inet_csum_ok(data + (~s & 0xffff).to_bytes(2, "big"))
    assert not inet_csum_ok(data + (s & 0xffff).to_bytes(2, "big"))


def test_prefix_cmd_and_rundir_placeholder(tmp_path):
    """QEMU is started through prefix_cmd (here `env`, which execs in place like `ip netns
    exec`), so the PID NapkinVM stops is QEMU's; @RUNDIR@ in extra_args is replaced."""
    iso = tmp_path / "napkin.iso"
    iso.write_bytes(b"\0" * 2048)
    v = NapkinVM(tmp_path / "run", artefacts={"iso": iso}, qemu=FAKE,
                 prefix_cmd=["env", "FAKE_PREFIXED=1"],
                 extra_args=["-object", "filter-dump,id=f0,netdev=n0,file=@RUNDIR@/wire.pcap"])
    try:
        v.start()
        v.wait_ready(10)
        line = (tmp_path / "run" / "qemu.cmdline").read_text()
        assert line.startswith("env FAKE_PREFIXED=1 ")
        assert f"file={tmp_path / 'run'}/wire.pcap" in line
        cmdline = Path(f"/proc/{v.proc.pid}/cmdline").read_bytes().split(b"\0")
        assert any(a.endswith(b"fake_qemu.py") for a in cmdline), cmdline
    finally:
        v.stop(grace=0.5)
    assert v.proc.returncode is not None


def echo_pair(payload=b"abcdefgh" * 7):
    from scapy.layers.inet import ICMP, IP
    from scapy.layers.l2 import Ether
    host, guest = "02:00:00:00:00:01", "52:54:00:12:34:56"
    req = bytes(Ether(src=host, dst=guest) / IP(src=HOST_ADDR, dst="10.0.9.2") /
                ICMP(type=8, id=7, seq=1) / payload)
    rep = bytes(Ether(src=guest, dst=host) / IP(src="10.0.9.2", dst=HOST_ADDR) /
                ICMP(type=0, id=7, seq=1) / payload)
    return req, rep, guest, host


def test_echo_reply_checks_catch_corruption():
    """The byte-for-byte reply check passes a correct reply and names each defect."""
    req, rep, guest, host = echo_pair()
    assert echo_reply_problems(req, rep, server_mac=guest, client_mac=host) == []
    zero = echo_pair(b"")
    assert echo_reply_problems(zero[0], zero[1] + bytes(18), server_mac=guest,
                               client_mac=host) == []          # Ethernet padding ignored
    cases = {"payload differs": 14 + 20 + 8 + 5, "IPv4 header checksum": 14 + 10,
             "ICMP checksum": 14 + 20 + 2, "id/seq": 14 + 20 + 7}
    for what, offset in cases.items():
        bad = bytearray(rep)
        bad[offset] ^= 0x01
        problems = echo_reply_problems(req, bytes(bad), server_mac=guest, client_mac=host)
        assert any(what in p for p in problems), (what, problems)
    assert echo_reply_problems(req, rep, server_mac=host, client_mac=guest)


def test_arp_checks():
    from scapy.layers.l2 import ARP, Ether
    guest = "52:54:00:12:34:56"
    good = bytes(Ether(src=guest, dst=BROADCAST) /
                 ARP(op=1, hwsrc=guest, psrc="10.0.9.2", pdst=HOST_ADDR))
    [(raw, e)] = arp_frames([good], op=1, src_mac=guest)
    want = dict(op=1, eth_dst=BROADCAST, sha=guest, spa="10.0.9.2", tha=None, tpa=HOST_ADDR)
    assert arp_problems(raw, e, **want) == []
    bad = bytes(Ether(src=guest, dst=BROADCAST) /
                ARP(op=1, hwtype=6, plen=5, hwsrc=guest, psrc="10.0.9.2", pdst=HOST_ADDR))
    [(raw, e)] = arp_frames([bad])
    problems = arp_problems(raw, e, **want)
    assert any(p.startswith("htype") for p in problems) and \
        any(p.startswith("plen") for p in problems), problems
