"""tests/unit/test_unit.py: runs napkin's host unit-test programs.

Builds them once per session with `make -C <repo> unit`, then runs each
program listed by `make -s print-all-unit-bins` (unit.mk's and the EFI loader's) as its
own pytest test; a failing program fails its test with the program's
output (the ktest "FAIL ..." lines and any ASan/UBSan report).
"""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 600


def _unit_bins():
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "print-all-unit-bins"],
        cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return ["<print-unit-bins failed: %s>" % out.stderr.strip()]
    return out.stdout.split()


@pytest.fixture(scope="session")
def unit_build():
    jobs = str(os.cpu_count() or 1)
    res = subprocess.run(["make", "-C", str(REPO), "-j" + jobs, "unit"],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.fail("make unit failed:\n" + res.stdout + res.stderr,
                    pytrace=False)
    return res


@pytest.mark.parametrize("binary", _unit_bins(),
                         ids=lambda b: os.path.basename(b))
def test_unit_program(unit_build, binary):
    path = REPO / binary
    assert path.exists(), "%s was not built (make unit)" % binary
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    try:
        res = subprocess.run([str(path)], cwd=REPO, env=env,
                             capture_output=True, text=True,
                             timeout=RUN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail("%s timed out after %ss\n%s" %
                    (binary, RUN_TIMEOUT, exc.stdout or ""), pytrace=False)
    if res.returncode != 0:
        pytest.fail("%s exited with %d\n%s%s" %
                    (binary, res.returncode, res.stdout, res.stderr),
                    pytrace=False)
