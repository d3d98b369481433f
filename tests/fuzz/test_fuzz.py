"""tests/fuzz/test_fuzz.py: runs napkin's libFuzzer targets, bounded.

Builds them once per session with `make -C <repo> fuzz`, then runs each
target over its checked-in seed corpus and on for a fixed number of
inputs from a fixed seed (-runs, -seed=1), so a run is deterministic
and takes tens of seconds. New inputs go to a scratch directory, never
into the checked-in corpus. A crash, a sanitizer report, a leak check,
an input slower than -timeout or memory over -rss_limit_mb fails the
test with the tail of the fuzzer's output and the reproducer's path.
Long runs by hand: `make fuzz-run FUZZ_TIME=600` (tests/fuzz/README.md).
"""
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FUZZ_DIR = REPO / "tests" / "fuzz"
OUT = REPO / "build" / "fuzz"

# target: (inputs after the corpus, -max_len). Sized for ~15-25 s each on
# two slow cores; -seed=1 makes the sequence of inputs the same every run.
TARGETS = {
    "fuzz_rx": (500000, 2048),
    "fuzz_dhcp": (3000000, 1600),
    "fuzz_iptables": (500000, 512),
}
WALL_LIMIT = 300  # seconds per target, far above the expected time


@pytest.fixture(scope="session")
def fuzz_build():
    jobs = str(os.cpu_count() or 1)
    res = subprocess.run(["make", "-C", str(REPO), "-j" + jobs, "fuzz"],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.fail("make fuzz failed:\n" + res.stdout[-4000:] + res.stderr[-4000:],
                    pytrace=False)
    return OUT


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target(fuzz_build, target, tmp_path):
    runs, max_len = TARGETS[target]
    binary = fuzz_build / target
    seeds = FUZZ_DIR / "corpus" / target
    assert binary.exists(), f"{binary} was not built (make fuzz)"
    assert seeds.is_dir() and any(seeds.iterdir()), f"no seed corpus in {seeds}"
    work = tmp_path / "corpus"
    work.mkdir()
    artifacts = OUT / "artifacts" / target
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    env = dict(os.environ)
    # A small quarantine keeps RSS well under the limit; leaks are checked
    # by the targets themselves after every input, and by LeakSanitizer.
    env["ASAN_OPTIONS"] = "quarantine_size_mb=32:detect_leaks=1"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    cmd = [str(binary), f"-runs={runs}", "-seed=1", f"-max_len={max_len}",
           "-timeout=10", "-rss_limit_mb=1024", "-print_final_stats=1",
           f"-artifact_prefix={artifacts}/", str(work), str(seeds)]
    start = time.monotonic()
    try:
        res = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=WALL_LIMIT, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{target} still running after {WALL_LIMIT} s\n"
                    f"{(exc.stderr or '')[-3000:]}", pytrace=False)
    took = time.monotonic() - start
    out = res.stdout + res.stderr
    tail = "\n".join(out.splitlines()[-60:])
    found = sorted(p.name for p in artifacts.iterdir())
    if res.returncode != 0 or found or "ERROR: " in out or "runtime error" in out:
        pytest.fail(f"{target} failed (rc={res.returncode}, {took:.1f} s); "
                    f"reproducers in {artifacts}: {found}\n"
                    f"replay: {binary} {artifacts}/<file>\n{tail}", pytrace=False)
    assert f"Done {runs + 1}" in out or "DONE" in out, f"{target} did not finish:\n{tail}"
    print(f"{target}: {runs} inputs after the corpus in {took:.1f} s")
