"""Fixtures for booted-image scenario tests: `vm` (per test) and `module_vm` (per module).

Both are factories: `v = vm("bios-iso", mem=64, cmdline="debug=1")` starts QEMU in
build/test-runs/<module>.<test>/ (serial.log, qemu.log, qemu.cmdline kept for
post-mortem), waits for `napkin: ready` unless ready=False, records the boot
time, and stops every VM it started at teardown, whatever the test did.

Network fixtures (netns.py): `netns` (a fresh namespace with tap0 = 10.0.9.1/24),
`nic_model` (parametrised: e1000, e1000-82545em, e1000e), `net_boot` (napkin on
that tap, eth0 with carrier) and `net` (the same, answering pings, idle skb count
recorded). Skipped, with the reason, unless running as root with `ip netns`.
"""

import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from napkin_vm import NapkinVM  # noqa: E402
from netns import NetNS, NetRig, netns_unavailable, sweep_stale, unique_name  # noqa: E402

NIC_MODELS = ("e1000", "e1000-82545em", "e1000e")
NETNS_SWEPT = pytest.StashKey[bool]()


class VMPool:
    """Starts NapkinVMs into run directories named after one test or module; stops them all."""

    def __init__(self, request, artefacts, runs_root, label, record_boot_time):
        self.request = request
        self.artefacts = artefacts
        self.runs_root = runs_root
        self.label = label
        self.record = record_boot_time
        self.keep = request.config.getoption("--keep-runs")
        self.vms = []

    def __call__(self, mode="bios-iso", *, mem=128, cmdline="", extra_args=(), ready=True,
                 timeout=None, name=None, **kwargs):
        __tracebackhide__ = True
        suffix = name or (f"-{len(self.vms) + 1}" if self.vms else "")
        rundir = self.runs_root / _safe(self.label + suffix)
        shutil.rmtree(rundir, ignore_errors=True)
        v = NapkinVM(rundir, mode, artefacts=self.artefacts, mem=mem, cmdline=cmdline,
                     extra_args=extra_args, keep_images=self.keep, **kwargs)
        self.vms.append(v)
        print(f"run dir: {rundir}")
        v.start()
        if ready:
            try:
                v.wait_ready(timeout)
            finally:
                self.record(self.label + suffix, mode, mem, v.boot_seconds)
            print(f"boot {mode} -m {mem}: {v.boot_seconds:.2f} s (QEMU start -> ready)")
            print(f"banner: {v.banner}")
        return v

    def close(self):
        for v in self.vms:
            v.stop()


def _safe(name):
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_")[:80]


@pytest.fixture
def vm(request, napkin_build, runs_root, record_boot_time):
    """Factory for VMs owned by one test; run dir build/test-runs/<module>.<test>[-n]."""
    pool = VMPool(request, napkin_build, runs_root,
                  f"{request.module.__name__}.{request.node.name}", record_boot_time)
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def module_vm(request, napkin_build, runs_root, record_boot_time):
    """Factory for VMs shared by a module's tests; pass name= to label each run dir."""
    pool = VMPool(request, napkin_build, runs_root, f"{request.module.__name__}.", record_boot_time)
    yield pool
    pool.close()


@pytest.fixture
def netns(request):
    """A fresh network namespace with tap0 (10.0.9.1/24, up) and loopback up; deleted
    at teardown with every background process started in it."""
    why = netns_unavailable()
    if why:
        pytest.skip(why)
    if not request.config.stash.get(NETNS_SWEPT, False):
        request.config.stash[NETNS_SWEPT] = True
        for name in sweep_stale():
            print(f"deleted namespace {name} left by a test run that died")
    ns = NetNS(unique_name(request.node.name)).create()
    yield ns
    ns.delete()


@pytest.fixture(params=NIC_MODELS)
def nic_model(request):
    """The QEMU NIC model under test (-device <model>)."""
    return request.param


@pytest.fixture
def net_boot(vm, netns, nic_model):
    """napkin booted inside `netns` with a `nic_model` NIC on tap0, eth0 up with carrier,
    ip=10.0.9.2/24 gw=10.0.9.1; nothing sent to it yet. QEMU is stopped (by PID)
    before the namespace is deleted."""
    rig = NetRig(vm, netns, nic_model)
    try:
        rig.boot()
        yield rig
    finally:
        rig.close()
        if netns.log_path is None and vm.vms:
            netns.attach_log(vm.vms[-1].rundir / "netns.log")


@pytest.fixture
def net(net_boot):
    """net_boot, answering pings from the namespace, idle skb count recorded."""
    return net_boot.settle()


def pytest_configure(config):
    config.addinivalue_line("markers", "net: network scenario (namespace, tap, NIC model)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent != here:
            continue
        names = set(getattr(item, "fixturenames", ()))
        if {"vm", "module_vm"} & names:
            item.add_marker(pytest.mark.qemu)
        if "netns" in names:
            item.add_marker(pytest.mark.net)
