"""Shared pytest setup for every test directory: repo paths, the build, boot-time summary.

Options:  --no-build   use the artefacts in build/ as they are (also NAPKIN_NO_BUILD=1)
          --keep-runs  keep disk images and OVMF variable copies in build/test-runs/
Artefacts can be pointed elsewhere with NAPKIN_ISO, NAPKIN_EFI, NAPKIN_ELF.
"""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILD = REPO / "build"
RUNS = Path(os.environ.get("NAPKIN_RUNS_DIR", BUILD / "test-runs"))

BOOT_TIMES = pytest.StashKey[list]()


def pytest_addoption(parser):
    group = parser.getgroup("napkin")
    group.addoption("--no-build", action="store_true",
                    help="do not run `make all` first; test the artefacts already in build/")
    group.addoption("--keep-runs", action="store_true",
                    help="keep disk images and OVMF vars in build/test-runs/<test>/ "
                         "(logs are always kept)")


def pytest_configure(config):
    config.addinivalue_line("markers", "qemu: boots napkin under QEMU (slow, TCG)")
    config.stash[BOOT_TIMES] = []


@pytest.fixture(scope="session")
def repo_root():
    return REPO


@pytest.fixture(scope="session")
def runs_root():
    RUNS.mkdir(parents=True, exist_ok=True)
    return RUNS


@pytest.fixture(scope="session")
def napkin_build(request):
    """Build once per session (`make -C <repo> all`); returns the artefact paths."""
    no_build = request.config.getoption("--no-build") or os.environ.get("NAPKIN_NO_BUILD")
    if not no_build:
        RUNS.mkdir(parents=True, exist_ok=True)
        log = RUNS / "make.log"
        with open(log, "wb") as f:
            r = subprocess.run(["make", "-C", str(REPO), "all"], stdout=f,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            pytest.fail(f"`make -C {REPO} all` failed (rc={r.returncode}); full log in {log}\n"
                        f"{tail}", pytrace=False)
    return {
        "repo": REPO,
        "iso": Path(os.environ.get("NAPKIN_ISO", BUILD / "napkin.iso")),
        "efi": Path(os.environ.get("NAPKIN_EFI", BUILD / "napkin.efi")),
        "elf": Path(os.environ.get("NAPKIN_ELF", BUILD / "napkin.elf")),
    }


@pytest.fixture(scope="session")
def record_boot_time(request):
    """record_boot_time(label, mode, mem, seconds): listed in the terminal summary."""
    times = request.config.stash[BOOT_TIMES]

    def record(label, mode, mem, seconds):
        times.append((label, mode, mem, seconds))
    return record


def pytest_terminal_summary(terminalreporter, config):
    times = config.stash.get(BOOT_TIMES, [])
    if not times:
        return
    terminalreporter.section("napkin boot times (QEMU start -> `napkin: ready`, TCG)")
    for label, mode, mem, seconds in times:
        shown = f"{seconds:7.2f} s" if seconds is not None else "  not ready"
        terminalreporter.write_line(f"{shown}  {mode:<9} -m {mem:<5} {label}")
