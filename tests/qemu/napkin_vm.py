"""NapkinVM: one napkin guest under QEMU (TCG), driven through its serial shell.

Launches QEMU for one boot path, reads COM1 in a background thread (everything
also goes to <rundir>/serial.log), talks to QEMU's QMP monitor on
<rundir>/monitor.sock, and stops QEMU by PID. It knows the serial contract
(banner, `napkin: ready`, the `napkin> ` prompt) but asserts nothing about the
kernel: that is the tests' job.
"""

import atexit
import codecs
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path

QEMU = os.environ.get("NAPKIN_QEMU", "qemu-system-x86_64")
OVMF_CODE = os.environ.get("NAPKIN_OVMF_CODE", "/usr/share/OVMF/OVMF_CODE_4M.fd")
OVMF_VARS = os.environ.get("NAPKIN_OVMF_VARS", "/usr/share/OVMF/OVMF_VARS_4M.fd")

# TCG on a loaded 2-core machine is slow; NAPKIN_TIMEOUT_SCALE=3 triples every wait.
TIMEOUT_SCALE = float(os.environ.get("NAPKIN_TIMEOUT_SCALE", "1"))

MODES = ("bios-iso", "ovmf-iso", "ovmf-efi", "kernel")
READY_TIMEOUT = {"bios-iso": 60, "ovmf-iso": 180, "ovmf-efi": 180, "kernel": 60}

READY_RE = re.compile(r"^napkin: ready$", re.M)
BANNER_RE = re.compile(r"napkin (\d[^\n]*)")      # may follow firmware escapes on its line
PROMPT = "napkin> "

# ANSI/VT100 escapes from firmware and GRUB: CSI sequences (params 0x30-0x3f,
# intermediates 0x20-0x2f, final 0x40-0x7e) and the two-byte ESC forms.
ESCAPE_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78cDEHM])")
PARTIAL_ESCAPE_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|[()])?\Z")
AF_UNIX_MAX = 100        # sun_path is 108 bytes; keep a margin

_live = weakref.WeakSet()


def scaled(seconds):
    return seconds * TIMEOUT_SCALE


class VMError(AssertionError):
    """A wait failed. Subclasses AssertionError so pytest reports it as a test failure."""


class VMTimeout(VMError):
    pass


class VMExited(VMError):
    pass


class _SerialText:
    """Serial bytes -> searchable text: UTF-8 decoded, escapes removed, every line end '\\n'.

    CR LF, LF CR and a lone CR each become one LF (GRUB ends lines with LF CR). An
    ESC at the end of a chunk is held back until the next one, so a sequence split
    across two reads is still recognised."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._prev = ""           # last line-end char not yet paired with its partner

    def feed(self, data, final=False):
        self._pending += self._decoder.decode(data, final)
        cut = len(self._pending)
        esc = self._pending.rfind("\x1b")
        if not final and esc != -1 and PARTIAL_ESCAPE_RE.match(self._pending, esc):
            cut = esc
        done, self._pending = self._pending[:cut], self._pending[cut:]
        return self._line_ends(ESCAPE_RE.sub("", done).replace("\x00", ""))

    def _line_ends(self, text):
        out = []
        for ch in text:
            if ch in "\r\n":
                if self._prev and self._prev != ch:
                    self._prev = ""       # second half of CR LF / LF CR
                    continue
                self._prev = ch
                out.append("\n")
            else:
                self._prev = ""
                out.append(ch)
        return "".join(out)

    @property
    def holding(self):
        return bool(self._pending)


class NapkinVM:
    """One QEMU process. Build it, start() it (or use it as a context manager), stop() it.

    mode       one of MODES: "bios-iso" (pc + SeaBIOS + CD), "ovmf-iso" (q35 + OVMF + CD),
               "ovmf-efi" (q35 + OVMF + FAT disk holding the EFI app), "kernel" (reserved)
    artefacts  dict with "iso", "efi", "elf" paths and "repo" (for boot/efi/mkefidisk.sh)
    mem        MiB (int) or a QEMU size string ("2G")
    cmdline    appended to the kernel command line through fw_cfg opt/napkin/cmdline
    extra_args more QEMU arguments (-netdev/-device/-object ...); "@RUNDIR@" in them
               becomes the run directory (e.g. file=@RUNDIR@/wire.pcap)
    prefix_cmd argv put in front of QEMU's, e.g. ["ip", "netns", "exec", ns]; it must
               exec QEMU in place (not fork), so the PID stopped is QEMU's
    """

    def __init__(self, rundir, mode="bios-iso", *, artefacts, mem=128, cmdline="",
                 extra_args=(), smp=1, machine=None, qemu=None, keep_images=False,
                 prefix_cmd=()):
        if mode not in MODES:
            raise ValueError(f"unknown boot mode {mode!r}; one of {MODES}")
        self.rundir = Path(rundir)
        self.mode = mode
        self.artefacts = artefacts
        self.mem = mem
        self.cmdline = cmdline
        self.extra_args = list(extra_args)
        self.smp = smp
        self.machine = machine or ("pc" if mode == "bios-iso" else "q35")
        self.qemu = qemu or QEMU
        self.keep_images = keep_images
        self.prefix_cmd = list(prefix_cmd)
        self.proc = None
        self.boot_seconds = None
        self._text = ""
        self._cursor = 0          # wait_for() searches from here by default
        self._shell_pos = 0       # cmd() looks for the shell's prompt from here
        self._cond = threading.Condition()
        self._eof = False
        self._serial = None
        self._reader = None
        self._qmp = None
        self._qmp_buf = b""
        self._qmp_id = 0
        self._sockdir = None
        self._started_at = None
        self._log = None

    # ---- lifecycle -------------------------------------------------------------

    def start(self):
        """Launch QEMU and accept its serial connection. Returns self."""
        self.rundir.mkdir(parents=True, exist_ok=True)
        serial_path = self._socket_path("serial.sock")
        self.monitor_path = self._socket_path("monitor.sock")
        args = self.prefix_cmd + self.qemu_args(serial_path, self.monitor_path)
        (self.rundir / "qemu.cmdline").write_text(shlex.join(args) + "\n")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(serial_path)
            listener.listen(1)
            self._log = open(self.rundir / "serial.log", "wb")
            with open(self.rundir / "qemu.log", "wb") as qemu_log:
                self._started_at = time.monotonic()
                self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=qemu_log,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            _live.add(self)
            self._serial = self._accept(listener, scaled(30))
        except BaseException:
            self.stop()
            raise
        finally:
            listener.close()
            Path(serial_path).unlink(missing_ok=True)
            (self.rundir / "serial.sock").unlink(missing_ok=True)
        self._reader = threading.Thread(target=self._read_serial, daemon=True,
                                        name=f"serial-{self.rundir.name}")
        self._reader.start()
        return self

    def stop(self, grace=5):
        """Stop QEMU by PID: QMP quit, then SIGTERM, then SIGKILL, `grace` seconds apart;
        always reaped. Idempotent."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.qmp("quit", timeout=grace)
            except Exception:
                pass
            if not self._exited_within(grace):
                self._kill(signal.SIGTERM)
                if not self._exited_within(grace):
                    self._kill(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()
        for s in (self._qmp, self._serial):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass
        self._qmp = None
        if self._reader is not None:
            self._reader.join(5)
        if self._log is not None and not self._log.closed:
            self._log.close()
        (self.rundir / "monitor.sock").unlink(missing_ok=True)
        if self._sockdir is not None:
            shutil.rmtree(self._sockdir, ignore_errors=True)
            self._sockdir = None
        if not self.keep_images:
            for name in ("efidisk.img", "OVMF_VARS.fd"):
                (self.rundir / name).unlink(missing_ok=True)
        _live.discard(self)

    def _exited_within(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def _kill(self, sig):
        try:
            os.kill(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_exit(self, timeout=30):
        """Wait for QEMU to exit by itself (e.g. reboot under -no-reboot); returns its exit code."""
        __tracebackhide__ = True
        try:
            return self.proc.wait(scaled(timeout))
        except subprocess.TimeoutExpired:
            raise VMTimeout(f"QEMU still running after {scaled(timeout):.0f} s\n"
                            + self._context()) from None

    # ---- QEMU command line -----------------------------------------------------

    def qemu_args(self, serial_path, monitor_path):
        args = [self.qemu, "-accel", "tcg", "-machine", self.machine, "-cpu", "max",
                "-smp", str(self.smp), "-m", str(self.mem),
                "-nodefaults", "-display", "none", "-no-reboot",
                "-chardev", f"socket,id=com1,path={serial_path}",
                "-serial", "chardev:com1",
                "-qmp", f"unix:{monitor_path},server=on,wait=off",
                "-d", "guest_errors,cpu_reset", "-D", str(self.rundir / "qemu-debug.log")]
        args += self._boot_args()
        if self.cmdline:
            text = self.cmdline.replace(",", ",,")     # QEMU option syntax escapes commas
            args += ["-fw_cfg", f"name=opt/napkin/cmdline,string={text}"]
        return args + [a.replace("@RUNDIR@", str(self.rundir)) for a in self.extra_args]

    def _boot_args(self):
        if self.mode == "kernel":
            raise NotImplementedError("boot mode 'kernel' (direct -kernel) is reserved")
        # bootindex=0 keeps firmware from trying PXE first once tests add NICs.
        if self.mode.endswith("-iso"):
            iso = self._artefact("iso")
            args = ["-drive", f"if=none,id=cd0,media=cdrom,readonly=on,format=raw,file={iso}",
                    "-device", "ide-cd,drive=cd0,bootindex=0"]
        else:
            disk = make_efi_disk(self._artefact("efi"), self.rundir / "efidisk.img",
                                 self.artefacts.get("repo"))
            args = ["-drive", f"if=none,id=hd0,format=raw,file={disk}",
                    "-device", "ide-hd,drive=hd0,bootindex=0"]
        if self.mode.startswith("ovmf"):
            vars_copy = self.rundir / "OVMF_VARS.fd"      # firmware writes it: one per run
            shutil.copyfile(OVMF_VARS, vars_copy)
            args += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                     "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]
        return args

    def _artefact(self, kind):
        path = self.artefacts.get(kind)
        if not path or not Path(path).is_file():
            raise VMError(f"boot mode {self.mode}: artefact {kind} not found at {path}")
        return Path(path)

    def _socket_path(self, name):
        """<rundir>/<name>, or a symlink there to a short /tmp path if too long for AF_UNIX."""
        path = self.rundir / name
        path.unlink(missing_ok=True)
        if len(str(path)) <= AF_UNIX_MAX:
            return str(path)
        if self._sockdir is None:
            self._sockdir = tempfile.mkdtemp(prefix="napkin-")
        real = os.path.join(self._sockdir, name)
        path.symlink_to(real)
        return real

    def _accept(self, listener, timeout):
        listener.settimeout(0.2)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                conn, _ = listener.accept()
                return conn
            except socket.timeout:
                if self.proc.poll() is not None:
                    break
        raise VMExited("QEMU did not connect its serial port\n" + self._qemu_log_tail())

    # ---- serial ----------------------------------------------------------------

    def _read_serial(self):
        decoder = _SerialText()
        self._serial.settimeout(0.2)
        while True:
            try:
                data = self._serial.recv(65536)
            except socket.timeout:
                if decoder.holding:       # quiet line: a held-back ESC will not be completed
                    self._append(decoder.feed(b"", final=True))
                continue
            except OSError:
                data = b""
            if not data:
                break
            self._log.write(data)
            self._log.flush()
            self._append(decoder.feed(data))
        with self._cond:
            self._text += decoder.feed(b"", final=True)
            self._eof = True
            self._cond.notify_all()

    def _append(self, text):
        if not text:
            return
        with self._cond:
            old = len(self._text)
            self._text += text
            if self.boot_seconds is None and READY_RE.search(self._text, max(0, old - 16)):
                self.boot_seconds = time.monotonic() - self._started_at
            self._cond.notify_all()

    @property
    def output(self):
        """Everything read from the serial port so far (escapes removed, '\\n' line ends)."""
        with self._cond:
            return self._text

    def tail(self, n=40):
        return "\n".join(self.output.splitlines()[-n:])

    def mark(self):
        """The current end of output, for wait_for(..., since=mark)."""
        with self._cond:
            return len(self._text)

    def wait_for(self, pattern, timeout=30, *, since=None, partial_line=False):
        """Wait until `pattern` matches output after `since` (default: the end of the last match).

        Only complete lines are searched unless partial_line=True, so a number at the end
        of a half-received line is never captured short. Returns the re.Match (on the
        output text) and moves the cursor past it. Raises VMTimeout / VMExited with the
        last 40 lines of serial output."""
        __tracebackhide__ = True
        rx = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        start = self._cursor if since is None else since
        deadline = time.monotonic() + scaled(timeout)
        with self._cond:
            while True:
                end = len(self._text) if partial_line or self._eof else self._text.rfind("\n") + 1
                m = rx.search(self._text, start, max(start, end))
                if m:
                    self._cursor = m.end()
                    return m
                if self._eof:
                    raise VMExited(f"QEMU exited ({self._exit_status()}) before "
                                   f"{rx.pattern!r} appeared\n" + self._context())
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise VMTimeout(f"timed out after {scaled(timeout):.0f} s waiting for "
                                    f"{rx.pattern!r}\n" + self._context())
                self._cond.wait(min(remaining, 0.5))

    def wait_ready(self, timeout=None):
        """Wait for `napkin: ready`; returns boot_seconds (QEMU start -> ready line)."""
        __tracebackhide__ = True
        self.wait_for(READY_RE, READY_TIMEOUT[self.mode] if timeout is None else timeout,
                      since=0)
        return self.boot_seconds

    @property
    def banner(self):
        m = BANNER_RE.search(self.output)
        return m.group(0) if m else None

    def send(self, text):
        """Write raw text to COM1."""
        __tracebackhide__ = True
        try:
            self._serial.sendall(text.encode())
        except OSError as e:
            raise VMExited(f"cannot write to the serial port ({e})\n" + self._context()) from None

    def send_line(self, text):
        """Type a command without waiting for the prompt (for crash, reboot, halt)."""
        self.send(text + "\r")

    def cmd(self, text, timeout=30):
        """Run a shell command; return its output without the echo and the next prompt."""
        __tracebackhide__ = True
        self.wait_for(re.escape(PROMPT), timeout, since=self._shell_pos, partial_line=True)
        with self._cond:
            start = self._text.rfind(PROMPT) + len(PROMPT)
        self.send_line(text)
        m = self.wait_for(re.escape(PROMPT), timeout, since=start, partial_line=True)
        self._shell_pos = m.start()       # the prompt the next cmd() starts from
        lines = self.output[start:m.start()].split("\n")
        if lines and lines[0].strip() == text.strip():
            lines = lines[1:]             # the shell's echo of what we typed
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    # ---- monitor (QMP) -----------------------------------------------------------

    def monitor(self, command, timeout=30):
        """Run a human-monitor (HMP) command, e.g. "set_link n0 off"; returns its text."""
        return self.qmp("human-monitor-command", timeout=timeout, **{"command-line": command})

    def qmp(self, execute, timeout=30, **arguments):
        """Run a QMP command; returns its "return" value, raises VMError on "error"."""
        __tracebackhide__ = True
        if self._qmp is None:
            self._qmp_connect(scaled(timeout))
        self._qmp_id += 1
        req = {"execute": execute, "id": self._qmp_id}
        if arguments:
            req["arguments"] = arguments
        self._qmp.sendall(json.dumps(req).encode() + b"\n")
        deadline = time.monotonic() + scaled(timeout)
        while True:
            msg = self._qmp_recv(deadline)
            if msg is None:
                if execute == "quit":
                    return {}
                raise VMExited(f"QMP connection closed during {execute}")
            if msg.get("id") != self._qmp_id:
                continue                  # asynchronous events
            if "error" in msg:
                raise VMError(f"QMP {execute}: {msg['error']}")
            return msg.get("return")

    def _qmp_connect(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(self.monitor_path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline or not self.alive:
                    raise VMError(f"cannot connect to QMP at {self.monitor_path}") from None
                time.sleep(0.05)          # the socket appears while QEMU initialises
        self._qmp, self._qmp_buf = s, b""
        self._qmp_recv(deadline)          # greeting
        self._qmp_id += 1
        s.sendall(json.dumps({"execute": "qmp_capabilities", "id": self._qmp_id}).encode() + b"\n")
        while self._qmp_recv(deadline).get("id") != self._qmp_id:
            pass

    def _qmp_recv(self, deadline):
        while b"\n" not in self._qmp_buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise VMTimeout("QMP: no answer\n" + self._context())
            self._qmp.settimeout(remaining)
            try:
                data = self._qmp.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                data = b""
            if not data:
                return None
            self._qmp_buf += data
        line, self._qmp_buf = self._qmp_buf.split(b"\n", 1)
        return json.loads(line) if line.strip() else self._qmp_recv(deadline)

    # ---- diagnostics ---------------------------------------------------------------

    def _exit_status(self):
        """'rc=N' once QEMU has exited; the serial port closes a moment before."""
        try:
            return f"rc={self.proc.wait(2)}"
        except subprocess.TimeoutExpired:
            return "serial port closed, process still running"

    def _qemu_log_tail(self, n=20):
        try:
            lines = (self.rundir / "qemu.log").read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "--- qemu.log ---\n" + "\n".join(lines[-n:]) if lines else ""

    def _context(self):
        """Last 40 serial lines and QEMU's own messages, for error reports. Caller may hold _cond."""
        serial = "\n".join(self._text.splitlines()[-40:])
        return (f"--- last 40 lines of {self.rundir / 'serial.log'} ---\n{serial}\n"
                + self._qemu_log_tail())


def poll_until(sample, done, timeout, what):
    """Call sample() until done(value) holds (each call is a guest round trip, not a sleep).

    Returns the last value; raises VMTimeout naming `what` and the last value."""
    __tracebackhide__ = True
    deadline = time.monotonic() + scaled(timeout)
    while True:
        value = sample()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise VMTimeout(f"timed out after {scaled(timeout):.0f} s waiting for {what}; "
                            f"last sample {value!r}")


def make_efi_disk(efi, out, repo=None):
    """FAT image with the app at EFI/BOOT/BOOTX64.EFI: boot/efi/mkefidisk.sh, else mtools."""
    out = Path(out)
    out.unlink(missing_ok=True)
    script = Path(repo or ".") / "boot/efi/mkefidisk.sh"
    if script.is_file():
        runner = [] if os.access(script, os.X_OK) else ["sh"]
        steps = [runner + [str(script), str(efi), str(out)]]
    else:
        size = max(64 << 20, (Path(efi).stat().st_size * 2 + (1 << 20)) & ~((1 << 20) - 1))
        with open(out, "wb") as f:
            f.truncate(size)
        img = f"{out}"
        steps = [["mformat", "-i", img, "-F", "::"],
                 ["mmd", "-i", img, "::/EFI", "::/EFI/BOOT"],
                 ["mcopy", "-i", img, str(efi), "::/EFI/BOOT/BOOTX64.EFI"]]
    for step in steps:
        r = subprocess.run(step, capture_output=True, text=True)
        if r.returncode != 0:
            raise VMError(f"making the EFI disk failed: {shlex.join(step)} (rc={r.returncode})\n"
                          + r.stdout + r.stderr)
    return out


@atexit.register
def _stop_all():
    """Safety net: no QEMU outlives the test process, whatever happened to the fixtures."""
    for vm in list(_live):
        try:
            vm.stop()
        except Exception:
            pass
