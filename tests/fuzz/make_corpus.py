#!/usr/bin/python3
"""Write the seed corpora under tests/fuzz/corpus/<target>/ (checked in).

Seeds are valid inputs in each target's format (see the comment at the
top of fuzz_rx.c, fuzz_dhcp.c, fuzz_iptables.c), so the fuzzer starts
deep in the parsers instead of at their first length check:
    /usr/bin/python3 tests/fuzz/make_corpus.py
Needs scapy. Output is deterministic (fixed addresses, ids, payloads)."""
import struct
from pathlib import Path

from scapy.all import ARP, BOOTP, DHCP, ICMP, IP, IPOption_RR, UDP, Ether, Raw, fragment

OUT = Path(__file__).resolve().parent / "corpus"
NAPKIN_MAC = "52:54:00:12:34:56"
PEER_MAC = "02:00:00:00:09:01"
NAPKIN, PEER, GW_FAR = "10.0.9.2", "10.0.9.1", "10.0.8.5"
BCAST_MAC = "ff:ff:ff:ff:ff:ff"


def steps(idx):
    """Control bits 2-4: the time step between frames (fuzz_rx.c)."""
    return idx << 2


def rx_input(frames, ctrl_extra=0):
    """Control byte, then frames; all but the last length-prefixed."""
    frames = [bytes(f) for f in frames]
    assert 1 <= len(frames) <= 4
    out = bytes([(len(frames) - 1) | ctrl_extra])
    for f in frames[:-1]:
        out += struct.pack(">H", len(f)) + f
    return out + frames[-1]


def eth(dst=NAPKIN_MAC):
    return Ether(dst=dst, src=PEER_MAC)


def rx_seeds():
    echo = ICMP(type=8, id=0x4242, seq=1) / Raw(b"napkin-fuzz" * 4)
    big_echo = IP(src=PEER, dst=NAPKIN, id=77) / ICMP(type=8, id=7, seq=2) / Raw(bytes(range(256)) * 4)
    frags = fragment(big_echo, fragsize=512)
    return {
        "arp_request": rx_input([eth(BCAST_MAC) / ARP(op=1, hwsrc=PEER_MAC, psrc=PEER,
                                                       pdst=NAPKIN)]),
        "arp_reply": rx_input([eth() / ARP(op=2, hwsrc=PEER_MAC, psrc=PEER,
                                            hwdst=NAPKIN_MAC, pdst=NAPKIN)]),
        "icmp_echo": rx_input([eth() / IP(src=PEER, dst=NAPKIN) / echo]),
        "arp_then_echo": rx_input([eth(BCAST_MAC) / ARP(op=1, hwsrc=PEER_MAC, psrc=PEER,
                                                         pdst=NAPKIN),
                                   eth() / IP(src=PEER, dst=NAPKIN) / echo], steps(2)),
        "echo_offlink": rx_input([eth() / IP(src=GW_FAR, dst=NAPKIN) / echo]),
        "frag_echo": rx_input([eth() / f for f in frags]),
        "frag_first_expires": rx_input([eth() / frags[0], eth() / frags[1]], steps(7)),
        "frag_pressure": rx_input([eth() / f for f in reversed(frags)], 0x40),
        "udp_echo_port": rx_input([eth() / IP(src=PEER, dst=NAPKIN) /
                                   UDP(sport=1234, dport=7) / Raw(b"ping")]),
        "udp_bound": rx_input([eth() / IP(src=PEER, dst=NAPKIN) /
                               UDP(sport=53, dport=5000) / Raw(b"x" * 20),
                               eth() / IP(src=PEER, dst=NAPKIN) /
                               UDP(sport=53, dport=6000) / Raw(b"answer")]),
        "udp_closed_port": rx_input([eth() / IP(src=PEER, dst=NAPKIN) /
                                     UDP(sport=1234, dport=9999) / Raw(b"closed")]),
        "udp_filtered": rx_input([eth() / IP(src=PEER, dst=NAPKIN) /
                                  UDP(sport=1234, dport=9) / Raw(b"discard")]),
        "ip_options": rx_input([eth() / IP(src=PEER, dst=NAPKIN,
                                            options=[IPOption_RR(routers=["0.0.0.0"] * 3)]) / echo]),
        "forward": rx_input([eth() / IP(src=PEER, dst="192.0.2.7", ttl=1) /
                             UDP(sport=1, dport=2)], 0x20),
        "broadcast_echo": rx_input([eth(BCAST_MAC) / IP(src=PEER, dst="10.0.9.255") / echo]),
    }


def dhcp_msg(mtype, extra=()):
    opts = [("message-type", mtype), ("server_id", PEER)]
    if mtype != "nak":
        opts += [("lease_time", 3600), ("subnet_mask", "255.255.255.0"),
                 ("router", PEER), ("name_server", "10.0.9.53", "10.0.9.54")]
    opts += list(extra) + ["end"]
    chaddr = bytes.fromhex(NAPKIN_MAC.replace(":", "")) + bytes(10)
    return bytes(BOOTP(op=2, xid=0, yiaddr="10.0.9.50" if mtype != "nak" else "0.0.0.0",
                       chaddr=chaddr) / DHCP(options=opts))


def dhcp_input(msgs, ctrl_extra=0):
    out = bytes([(len(msgs) - 1) | ctrl_extra])
    for m in msgs[:-1]:
        out += struct.pack(">H", len(m)) + m
    return out + msgs[-1]


def dhcp_seeds():
    timers = lambda n: n << 4  # noqa: E731 (control bits 4-6)
    return {
        "offer": dhcp_input([dhcp_msg("offer")]),
        "offer_ack": dhcp_input([dhcp_msg("offer"), dhcp_msg("ack")], timers(1)),
        "offer_ack_in_use": dhcp_input([dhcp_msg("offer"), dhcp_msg("ack")], 0x08),
        "offer_nak": dhcp_input([dhcp_msg("offer"), dhcp_msg("nak")]),
        "ack_renew_times": dhcp_input([dhcp_msg("offer"),
                                       dhcp_msg("ack", [("renewal_time", 600),
                                                        ("rebinding_time", 1800)]),
                                       dhcp_msg("ack")], timers(3)),
    }


def iptables_seeds():
    return {
        "append": b"-A INPUT -p udp --dport 9 -j DROP",
        "insert_delete": b"-A INPUT -s 10.0.9.1 -j DROP\n-I INPUT 1 -p tcp --sport :1023 -j ACCEPT\n"
                         b"-D INPUT 2\n-L -v -n -x --line-numbers",
        "negations": b"-A INPUT ! -s 10.0.9.0/24 ! -p icmp -j DROP\n"
                     b"-A FORWARD -i eth+ -o eth1 -p udp --dport 1000:2000 -j DROP",
        "policy_list": b"-P INPUT DROP\n-A OUTPUT ! -o lo -d 10.0.9.2/32 -j ACCEPT\n-L INPUT\n-Z\n-F INPUT",
        "bad": b"-A NOPE -p 300 --dport 70000 -j MAYBE",
    }


def main():
    total = 0
    for target, seeds in (("fuzz_rx", rx_seeds()), ("fuzz_dhcp", dhcp_seeds()),
                          ("fuzz_iptables", iptables_seeds())):
        d = OUT / target
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        for name, data in seeds.items():
            (d / name).write_bytes(data)
            total += 1
    print(f"wrote {total} seeds under {OUT}")


if __name__ == "__main__":
    main()
