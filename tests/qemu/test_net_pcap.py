"""napkin's own packet tap streamed as pcap to COM2 (`pcap=com2`): what the stack
saw at Linux's two AF_PACKET points — every frame received before protocol
dispatch and every frame sent before the driver — must be a pcap that tshark
reads, and it must agree with the wire (QEMU's filter-dump of the same link)."""

import shutil
import subprocess

from napkin_vm import poll_until
from netns import GUEST_ADDR, HOST_ADDR, NetRig, echo_pairs, read_pcap

PINGS = 5


class PcapRig(NetRig):
    """A NetRig whose napkin also writes its tap's pcap stream to COM2."""

    def __init__(self, vm_factory, ns):
        super().__init__(vm_factory, ns, "e1000", cmdline="pcap=com2")

    def qemu_net_args(self):
        # The harness's console is the first -serial (COM1); this one is COM2.
        return super().qemu_net_args() + ["-serial", "file:@RUNDIR@/com2.pcap"]


def frames_of(path):
    return [f for _, f in read_pcap(path)] if path.exists() else []


def test_pcap_stream_on_com2(vm, netns):
    rig = PcapRig(vm, netns)
    try:
        rig.boot()
        rig.settle()
        res = netns.ping(count=PINGS, interval=0.2)
        assert res.received == PINGS, res.describe()
        com2 = rig.vm.rundir / "com2.pcap"

        # settle() pinged too, so at least PINGS + 1 exchanges are on the wire.
        wire_req, wire_rep = echo_pairs(rig.wire(), HOST_ADDR, GUEST_ADDR)
        assert len(wire_rep) >= PINGS + 1, f"{len(wire_rep)} replies on the wire"
        mine = poll_until(lambda: echo_pairs(frames_of(com2), HOST_ADDR, GUEST_ADDR),
                          lambda p: set(wire_rep) <= set(p[1]), 20,
                          "napkin's COM2 pcap to show every exchange the wire saw")
        my_req, my_rep = mine

        # napkin saw each request arrive and each reply leave exactly once, and
        # its copies are the wire's frames byte for byte (no padding at 98 bytes).
        for key in wire_rep:
            assert len(my_req.get(key, [])) == 1, f"request {key}: {my_req.get(key)}"
            assert len(my_rep[key]) == 1, f"reply {key} seen {len(my_rep[key])} times"
            assert my_req[key][0][0] == wire_req[key][0][0], f"request {key} differs"
            assert my_rep[key][0][0] == wire_rep[key][0][0], f"reply {key} differs"

        # A real reader accepts the stream as it is.
        if shutil.which("tshark"):
            out = subprocess.run(["tshark", "-r", str(com2), "-Y", "icmp"],
                                 capture_output=True, text=True, timeout=60)
            assert out.returncode == 0, out.stderr
            assert out.stdout.count("Echo (ping) request") >= PINGS + 1, out.stdout
            assert out.stdout.count("Echo (ping) reply") >= PINGS + 1, out.stdout
        rig.assert_no_leak()
    finally:
        rig.close()
