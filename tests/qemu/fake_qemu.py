#!/usr/bin/python3
"""A stand-in for qemu-system-x86_64 that speaks napkin's serial contract.

Not an emulator: it reads the QEMU arguments NapkinVM passes (serial chardev,
QMP socket, -m, fw_cfg cmdline), then plays a booted napkin on the serial port
and a minimal QMP server. It lets the harness, and the scenario tests' own
parsing, be checked in seconds without a kernel:

    NAPKIN_QEMU=tests/qemu/fake_qemu.py NAPKIN_NO_BUILD=1 ... pytest tests/qemu

Knobs for the harness self-tests (environment): FAKE_NAPKIN_NO_ECHO=1,
FAKE_NAPKIN_HANG=1 (never ready), FAKE_NAPKIN_EXIT=<rc> (exit during boot),
FAKE_NAPKIN_STUBBORN=1 (ignore QMP quit and SIGTERM).
"""

import json
import os
import signal
import socket
import sys
import threading
import time

START = time.monotonic()
HELP = [("help", "list commands"), ("uptime", "time since boot"),
        ("meminfo", "memory usage"), ("interrupts", "interrupt counts"),
        ("softirqs", "softirq counts"), ("sysctl", "read or write tunables"),
        ("crash", "raise an exception (debug=1)"), ("reboot", "reset the machine"),
        ("halt", "stop the machine"), ("sleep", "sleep for <ms> milliseconds")]
CRASH = {"ud": "#UD", "pf": "#PF", "gp": "#GP", "de": "#DE"}


def parse_args(argv):
    opts = {"mem": "128", "cmdline": ""}
    it = iter(argv)
    for a in it:
        if a == "-chardev":
            kv = dict(p.split("=", 1) for p in next(it).split(",")[1:] if "=" in p)
            opts["serial"] = kv["path"]
        elif a == "-qmp":
            opts["qmp"] = next(it).split(",")[0].removeprefix("unix:")
        elif a == "-m":
            opts["mem"] = next(it)
        elif a == "-fw_cfg":
            spec = next(it).replace(",,", "\0")
            kv = dict(p.split("=", 1) for p in spec.split(","))
            if kv.get("name") == "opt/napkin/cmdline":
                opts["cmdline"] = kv["string"].replace("\0", ",")
    return opts


def mem_kib(spec):
    units = {"M": 1024, "G": 1024 * 1024}
    if spec[-1].upper() in units:
        return int(spec[:-1]) * units[spec[-1].upper()]
    return int(spec) * 1024


class FakeNapkin:
    def __init__(self, sock, opts):
        self.sock = sock
        self.total = mem_kib(opts["mem"])
        self.usable = self.total - 640 - self.total // 64
        self.printk = 7
        self.debug = False
        self.echo = not os.environ.get("FAKE_NAPKIN_NO_ECHO")
        self.cmdline = opts["cmdline"]

    def out(self, text):
        self.sock.sendall(text.replace("\n", "\r\n").encode())

    def boot(self):
        self.out("napkin 0.1 x86_64 (fake)\n")
        self.out(f"Kernel command line: {self.cmdline or ''}\n")
        self.out(f"mem: {self.usable} KiB usable in 3 regions, {self.total} KiB total RAM\n")
        for word in self.cmdline.split():
            self.apply_param(word)
        if os.environ.get("FAKE_NAPKIN_EXIT"):
            os._exit(int(os.environ["FAKE_NAPKIN_EXIT"]))
        if os.environ.get("FAKE_NAPKIN_HANG"):
            time.sleep(3600)
        self.out("napkin: ready\nnapkin> ")

    def apply_param(self, word):
        key, _, value = word.partition("=")
        if key == "debug":
            self.debug = value == "1"
        elif key == "sysctl.kernel.printk":
            if not self.set_printk(value):
                self.out(f"cmdline: {key}={value}: invalid value, ignored\n")
        else:
            self.out(f"cmdline: unknown parameter '{word}', ignored\n")

    def set_printk(self, value):
        if not value.isdigit() or not 0 <= int(value) <= 8:
            return False
        self.printk = int(value)
        return True

    def run(self):
        line = b""
        while True:
            data = self.sock.recv(1)
            if not data:
                os._exit(0)
            if data in (b"\r", b"\n"):
                if self.echo:
                    self.out("\n")
                self.execute(line.decode().split())
                line = b""
                self.out("napkin> ")
                continue
            if self.echo:
                self.sock.sendall(data)
            line += data

    def execute(self, argv):
        if not argv:
            return
        handler = getattr(self, "cmd_" + argv[0], None)
        if handler is None:
            self.out(f"{argv[0]}: command not found\n")
        else:
            handler(argv[1:])

    def cmd_help(self, args):
        for name, desc in HELP:
            self.out(f"  {name:<11} {desc}\n")

    def jiffies(self):
        return int((time.monotonic() - START) * 1000)

    def cmd_uptime(self, args):
        j = self.jiffies()
        self.out(f"up {j // 1000}.{j % 1000:03d} s, jiffies {j}\n")

    def cmd_meminfo(self, args):
        self.out(f"MemTotal:  {self.usable - 2048} kB\nMemFree:   {self.usable - 4096} kB\n"
                 "Slab:      312 kB\n")

    def cmd_interrupts(self, args):
        self.out(f"            CPU0\n 32:  {self.jiffies():>10}  LAPIC  timer\n"
                 " 36:          42  IOAPIC  serial\nNMI:           0  Non-maskable interrupts\n")

    def cmd_softirqs(self, args):
        self.out(f"            CPU0\n      HI:  0\n   TIMER:  {self.jiffies() // 2}\n"
                 "  NET_TX:  0\n  NET_RX:  0\n")

    def cmd_sysctl(self, args):
        if args == ["-a"]:
            self.out(f"kernel.printk = {self.printk}\nnet.core.netdev_budget = 300\n")
        elif len(args) == 2 and args[0] == "-w" and "=" in args[1]:
            name, value = args[1].split("=", 1)
            if name != "kernel.printk":
                self.out(f"sysctl: cannot stat {name}: No such file or directory\n")
            elif not self.set_printk(value):
                self.out(f"sysctl: setting key \"{name}\": Invalid argument\n")
            else:
                self.out(f"{name} = {value}\n")
        elif args == ["kernel.printk"]:
            self.out(f"kernel.printk = {self.printk}\n")
        else:
            self.out(f"sysctl: cannot stat {' '.join(args)}: No such file or directory\n")

    def cmd_crash(self, args):
        if not self.debug:
            self.out("crash: needs debug=1\n")
            return
        kind = args[0] if args else "pf"
        cr2 = ""
        if kind == "pf":
            self.out("crash: faulting at 0xdead0000\n")
            cr2 = " CR2=00000000dead0000"
        self.out(f"EXCEPTION {CRASH[kind]} error=0000\n"
                 f"RIP=0000000000201234 RSP=0000000000ffff00 RFLAGS=0000000000000046{cr2}\n"
                 "Call trace:\n  shell_cmd_crash+0x34/0x90\n  shell_run+0x88/0x120\n"
                 "System halted.\n")
        time.sleep(3600)

    def cmd_sleep(self, args):
        time.sleep(int(args[0]) / 1000)

    def cmd_reboot(self, args):
        os._exit(0)               # what -no-reboot makes of a reset

    def cmd_halt(self, args):
        self.out("System halted.\n")
        time.sleep(3600)


def serve_qmp(path):
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    while True:
        conn, _ = srv.accept()
        f = conn.makefile("rwb")
        f.write(b'{"QMP": {"version": {"fake": true}, "capabilities": []}}\r\n')
        f.flush()
        for raw in f:
            req = json.loads(raw)
            ret = {}
            if req["execute"] == "human-monitor-command":
                ret = f"fake: {req['arguments']['command-line']}\r\n"
            f.write(json.dumps({"return": ret, "id": req.get("id")}).encode() + b"\r\n")
            f.flush()
            if req["execute"] == "quit" and not os.environ.get("FAKE_NAPKIN_STUBBORN"):
                os._exit(0)


def main():
    opts = parse_args(sys.argv[1:])
    if os.environ.get("FAKE_NAPKIN_STUBBORN"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(opts["serial"])
    threading.Thread(target=serve_qmp, args=(opts["qmp"],), daemon=True).start()
    napkin = FakeNapkin(sock, opts)
    napkin.boot()
    napkin.run()


if __name__ == "__main__":
    main()
