"""Netfilter hooks and the iptables command on the wire (e1000 only: the filter does
not depend on the NIC). One booted VM runs the shell scenario: UDP echo answers; an
INPUT DROP rule on port 7 silences it while the requests still reach the wire (pcap),
and the rule's counters grow by exactly the datagrams and bytes sent; deleting the
rule restores the service; a bad command prints an error naming the word and changes
nothing. Then each other point the wire can reach, on the same VM: PREROUTING
(`-i eth0 --dport 7`: the service never sees the requests), OUTPUT and POSTROUTING
(`--sport 7`: the service receives, no reply leaves, each one an IpOutDiscards);
each rule counts exactly its datagrams and bytes, and removing it restores echo.
FORWARD is covered on the wire by test_net_frag.py::test_forwarding. A second VM boots with rules
on the command line: an ICMP DROP rule is in effect before the first packet (its
count equals the echo requests captured), and a malformed iptables= word is reported
in the cmdline: style and ignored."""

import json
import re

import pytest

import shellparse
from netns import GUEST_ADDR, HOST_ADDR, NetRig

ECHO = 7

# Sends each payload once, waits `wait` s for its echo; prints a JSON list of the
# payloads that came back. Bounded: len(payloads) * wait seconds at most.
PROBE = r"""
import json, socket, sys
dest, port, wait = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(wait)
back = []
for p in sys.argv[4:]:
    s.sendto(p.encode(), (dest, port))
    try:
        got, _ = s.recvfrom(2048)
        back.append(got.decode(errors="replace"))
    except socket.timeout:
        pass
print(json.dumps(back))
"""


@pytest.fixture
def nic_model():
    return "e1000"


def probe(net, payloads, wait=1.5):
    """The payloads echoed back, each sent once."""
    r = net.ns.run(["/usr/bin/python3", "-c", PROBE, GUEST_ADDR, str(ECHO), str(wait)]
                   + list(payloads), timeout=30 + len(payloads) * wait, check=True)
    return json.loads(r.stdout)


def echo_works(net, tag):
    """Echo answers within a few tries (a reply can be lost to ARP on the first)."""
    for i in range(3):
        if probe(net, [f"{tag}-{i}"], wait=2):
            return True
    return False


RULE = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(ACCEPT|DROP)?\s+(!?\S+)\s+--\s+(.*)$")


def listing(net, chain):
    """`iptables -L CHAIN -v -n -x --line-numbers` -> (policy line dict, [rule dicts])."""
    out = net.cmd(f"iptables -L {chain} -v -n -x --line-numbers")
    head = re.search(r"^Chain (\w+) \(policy (\w+) (\d+) packets, (\d+) bytes\)", out, re.M)
    assert head and head.group(1) == chain, f"no chain header in:\n{out}"
    rules = []
    for line in out.splitlines():
        m = RULE.match(line)
        if m:
            rules.append({"num": int(m.group(1)), "pkts": int(m.group(2)),
                          "bytes": int(m.group(3)), "target": m.group(4) or "",
                          "prot": m.group(5), "rest": m.group(6), "line": line})
    return {"policy": head.group(2), "pkts": int(head.group(3)),
            "bytes": int(head.group(4)), "text": out}, rules


def udp_payloads(net, *, sport=None, dport=None, src=None):
    """Payloads of UDP frames in the pcap, filtered by ports and source."""
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    found = []
    for raw in net.wire():
        e = Ether(raw)
        if UDP not in e:
            continue
        u = e[UDP]
        if ((sport is None or u.sport == sport) and (dport is None or u.dport == dport)
                and (src is None or e[IP].src == src)):
            found.append(bytes(u.payload)[:u.len - 8].decode(errors="replace"))
    return found


def nstat(net):
    return shellparse.nstat(net.cmd("nstat -az"))


def test_iptables_shell(net):
    """INPUT DROP on udp dpt:7: echo stops, counters exact, requests in the pcap with no
    reply; -D INPUT 1 restores it. OUTPUT DROP on udp spt:7: the service still receives
    but nothing leaves. Bad commands are refused by name and change nothing."""
    assert echo_works(net, "before"), "echo does not answer before any rule"
    assert re.search(r"^\s*iptables\s", net.cmd("help"), re.M), "`help` does not list iptables"
    empty = net.cmd("iptables -L -v -n")
    for chain in ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"):
        assert f"Chain {chain} (policy ACCEPT" in empty, empty

    # INPUT: the rule is matched by exactly the datagrams sent.
    out = net.cmd("iptables -A INPUT -p udp --dport 7 -j DROP")
    assert "iptables:" not in out, out
    drops0 = nstat(net)["IpDropNetfilter"]
    sent = [f"nf-drop-{i}-{'x' * i}" for i in range(4)]
    assert probe(net, sent, wait=1.0) == [], "echo answered through a DROP rule"
    _, rules = listing(net, "INPUT")
    assert len(rules) == 1, rules
    r = rules[0]
    assert (r["target"], r["prot"]) == ("DROP", "udp"), r
    assert "udp dpt:7" in r["rest"] and "0.0.0.0/0" in r["rest"], r
    want_bytes = sum(20 + 8 + len(p) for p in sent)
    assert (r["pkts"], r["bytes"]) == (len(sent), want_bytes), \
        f"rule counters {r['pkts']} packets {r['bytes']} bytes, sent {len(sent)} / {want_bytes}"
    assert nstat(net)["IpDropNetfilter"] - drops0 == len(sent)

    arrived = udp_payloads(net, dport=ECHO, src=HOST_ADDR)
    replied = udp_payloads(net, sport=ECHO, src=GUEST_ADDR)
    for p in sent:
        assert p in arrived, f"request {p!r} not on the wire"
        assert p not in replied, f"reply to {p!r} on the wire despite DROP"

    # The one-line parser error changes nothing.
    before = net.cmd("iptables -L -v -n -x")
    for bad, word in (("iptables -A INPUT -p udp --dport x7 -j DROP", "x7"),
                      ("iptables -A INPT -j DROP", "INPT"),
                      ("iptables -A INPUT -p icmp --dport 7 -j DROP", "--dport"),
                      ("iptables -A INPUT -s 10.0.9.300 -j DROP", "10.0.9.300"),
                      ("iptables -A INPUT -j REJECT", "REJECT"),
                      ("iptables -D INPUT 5", "INPUT")):
        out = net.cmd(bad)
        assert "iptables:" in out and word in out, f"{bad!r} printed:\n{out}"
    assert net.cmd("iptables -L -v -n -x") == before, "a refused command changed the table"

    assert "iptables:" not in net.cmd("iptables -D INPUT 1")
    _, rules = listing(net, "INPUT")
    assert rules == [], rules
    assert echo_works(net, "after-delete"), "echo does not answer after -D INPUT 1"

    # The other points, each alone: PREROUTING drops before the route lookup (the
    # service sees nothing); OUTPUT and POSTROUTING drop the replies it sends.
    _point_drops(net, "PREROUTING", "-i eth0 -p udp --dport 7 -j DROP", "nf-pre",
                 serviced=False, restore="-D PREROUTING -i eth0 -p udp --dport 7 -j DROP")
    _point_drops(net, "OUTPUT", "-p udp --sport 7 -j DROP", "nf-out",
                 serviced=True, restore="-F OUTPUT")
    _point_drops(net, "POSTROUTING", "-o eth0 -p udp --sport 7 -j DROP", "nf-post",
                 serviced=True, restore="-D POSTROUTING -o eth0 -p udp --sport 7 -j DROP")
    net.assert_no_leak()


def _point_drops(net, chain, rule, tag, *, serviced, restore):
    """`iptables -A CHAIN RULE` silences echo: the rule counts exactly the requests
    (not serviced) or the replies (serviced) and their bytes, each one an IpDrop
    Netfilter, and for a local reply also an IpOutDiscards; the pcap has every
    request and no reply. `iptables RESTORE` empties the chain and echo answers."""
    rx0, st0 = _echo_rx(net), nstat(net)
    assert "iptables:" not in net.cmd(f"iptables -A {chain} {rule}")
    sent = [f"{tag}-{i}-{'y' * i}" for i in range(3)]
    assert probe(net, sent, wait=1.0) == [], f"echo answered through {chain} DROP"
    _, rules = listing(net, chain)
    assert len(rules) == 1 and rules[0]["target"] == "DROP", rules
    want = (len(sent), sum(28 + len(p) for p in sent))
    assert (rules[0]["pkts"], rules[0]["bytes"]) == want, \
        f"{chain} rule counted {rules[0]['pkts']} packets {rules[0]['bytes']} bytes, want {want}"
    st1 = nstat(net)
    assert st1["IpDropNetfilter"] - st0["IpDropNetfilter"] == len(sent)
    outdisc = st1.get("IpOutDiscards", 0) - st0.get("IpOutDiscards", 0)
    assert outdisc == (len(sent) if serviced else 0), f"IpOutDiscards grew by {outdisc}"
    served = _echo_rx(net) - rx0
    assert served == (len(sent) if serviced else 0), \
        f"the service received {served} of {len(sent)} requests through {chain} DROP"
    arrived = udp_payloads(net, dport=ECHO, src=HOST_ADDR)
    replied = udp_payloads(net, sport=ECHO, src=GUEST_ADDR)
    for p in sent:
        assert p in arrived, f"request {p!r} not on the wire"
        assert p not in replied, f"reply to {p!r} left through {chain} DROP"
    assert "iptables:" not in net.cmd(f"iptables {restore}")
    _, rules = listing(net, chain)
    assert rules == [], rules
    assert echo_works(net, f"{tag}-restored"), f"echo does not answer after {restore!r}"


def _echo_rx(net):
    out = net.cmd("services")
    m = re.search(r"^echo\s+\d+\s+\w+\s+(\d+)", out, re.M)
    assert m, f"`services` output not understood:\n{out}"
    return int(m.group(1))


def icmp_echo_requests(net, src, dst):
    """IP lengths of the ICMP echo requests src -> dst in the pcap."""
    from scapy.layers.inet import ICMP, IP
    from scapy.layers.l2 import Ether
    lens = []
    for raw in net.wire():
        e = Ether(raw)
        if ICMP in e and e[ICMP].type == 8 and (e[IP].src, e[IP].dst) == (src, dst):
            lens.append(e[IP].len)
    return lens


def test_iptables_cmdline(vm, netns):
    """Rules from the command line hold from the first packet: ICMP from 10.0.9.1 is
    dropped (ping fails, the rule counts exactly the echo requests on the wire) while
    UDP echo answers; a malformed iptables= word is reported as `cmdline:
    iptables=...` and ignored."""
    rules = ('iptables="-A INPUT -p icmp -s 10.0.9.1/32 -j DROP" '
             'iptables="-A INPUT -p udp --dport nine -j DROP"')
    net = NetRig(vm, netns, "e1000", cmdline=rules)
    try:
        net.boot()
        log = net.vm.output
        assert re.search(r"cmdline: iptables=-A INPUT -p udp --dport nine -j DROP: ", log), \
            "no cmdline: error for the malformed rule:\n" + net.vm.tail(30)
        assert "bad port `nine'" in log, net.vm.tail(30)
        assert echo_works(net, "cmdline"), "UDP echo does not answer"
        p = net.ns.ping(count=3, interval=0.3, wait=1)
        assert p.received == 0, f"ping answered despite the boot rule: {p.describe()}"
        _, rules = listing(net, "INPUT")
        assert len(rules) == 1, rules
        assert rules[0]["prot"] == "icmp" and "10.0.9.1 " in rules[0]["rest"], rules
        # Every echo request captured reached the rule (ping may retry, the host
        # may send others): the counts agree with the capture, at least the 3 sent.
        reqs = icmp_echo_requests(net, HOST_ADDR, GUEST_ADDR)
        assert len(reqs) >= 3, f"only {len(reqs)} echo requests on the wire"
        assert (rules[0]["pkts"], rules[0]["bytes"]) == (len(reqs), sum(reqs)), \
            f"rule counted {rules[0]['pkts']}/{rules[0]['bytes']}, wire has {len(reqs)}/{sum(reqs)}"
        assert not [1 for raw in net.wire() if _is_echo_reply(raw, GUEST_ADDR)], \
            "an echo reply left despite the boot rule"
    finally:
        net.close()


def _is_echo_reply(raw, src):
    from scapy.layers.inet import ICMP, IP
    from scapy.layers.l2 import Ether
    e = Ether(raw)
    return ICMP in e and e[ICMP].type == 0 and e[IP].src == src
