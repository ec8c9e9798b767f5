"""`show vpn ike-sa|ipsec-sa|flow|gateway|tunnel` and `test vpn`: PAN-OS's fixed-width tables (column
widths from real output: `flow` from a PAN-OS HA pair's published capture, `gateway` and `tunnel` from
Zscaler's PAN-OS guide, whose blank lines were lost: the blank line before their totals is inferred from
`show vpn ipsec-sa`'s), and `test vpn`'s replies (Cloudflare's PAN-OS guide)."""
from __future__ import annotations

from datetime import datetime, timedelta

from ..backend.runtime import (
    ESP_CRYPTO,
    IKE_CRYPTO,
    IKE_LIFETIME,
    IPSEC_LIFETIME,
    IkeSa,
    IpsecSa,
    rekeyed,
)
from ..backend.routing import Gateway, Tunnel
from . import display, local_time

PHASE1 = [("GwID/client IP", 16), ("Peer-Address", 23), ("Gateway Name", 64), ("Role", 5), ("Mode", 5),
          ("Algorithm", 22), ("Established", 16), ("Expiration", 16), ("V", 3), ("ST", 3), ("Xt", 3), ("Phase2", 0)]
PHASE2 = [("Gateway Name", 64), ("TnID", 9), ("Tunnel", 23), ("GwID/IP", 17), ("Role", 5), ("Algorithm", 19),
          ("SPI(in)", 9), ("SPI(out)", 9), ("MsgID", 9), ("ST", 3), ("Xt", 0)]
IKEV2 = [("Gateway ID", 16), ("Peer-Address", 23), ("Gateway Name", 23), ("Role", 5), ("SN", 9), ("Algorithm", 22),
         ("Established", 16), ("Expiration", 16), ("Xt", 3), ("Child", 7), ("ST", 0)]
CHILD = [("Gateway Name", 23), ("TnID", 9), ("Tunnel", 26), ("ID", 9), ("Parent", 9), ("Role", 5), ("SPI(in)", 9),
         ("SPI(out)", 9), ("MsgID", 9), ("ST", 0)]
IPSEC = [("GwID/client IP", 16), ("TnID", 7), ("Peer-Address", 23), ("Tunnel(Gateway)", 129), ("Algorithm", 19),
         ("SPI(in)", 9), ("SPI(out)", 9), ("life(Sec/KB)", 25), ("remain-time(Sec)", 0)]
IKE_ALGORITHM = "PSK/{}/{}/{}".format(*IKE_CRYPTO)
ESP_ALGORITHM = "ESP/{}/{}".format(*ESP_CRYPTO)
PHASE2_ALGORITHM = "ESP/{}/tunl/{}".format(*ESP_CRYPTO)
FLOW = [("id", 6), ("name", 64), ("state", 8), ("monitor", 8), ("local-ip", 30), ("peer-ip", 30), ("tunnel-i/f", 0)]
FLOW_RULE = "--    " + f"{'-' * 14:<64}" + "-----   ------- " + f"{'-' * 8:<30}{'-' * 7:<30}" + "-" * 10 + "  "
GATEWAY = [("GwID", 9), ("Name", 21), ("Peer-Address/ID", 31), ("Local Address/ID", 31), ("Protocol", 12),
           ("Proposals", 0)]
TUNNEL_HEADER = ("TnID    Name(Gateway)                        Local Proxy IP     Ptl:Port      Remote Proxy IP    "
                 "Ptl:Port                                   Proposals")
TUNNEL = [11, 34, 19, 14, 19, 12, 31, 0]  # the rows' widths (the header's first two differ)
NAMES = {"A128": "AES128", "SHA1": "SHA1"}  # the SA tables' names -> the config tables'
PFS_GROUP = "DH2"  # PAN-OS's `default` IPSec crypto profile
IKE_PROPOSAL = "[PSK][{}][{}][{}]{}-sec".format(IKE_CRYPTO[0], *(NAMES[n] for n in IKE_CRYPTO[1:]), IKE_LIFETIME)
ESP_PROPOSAL = "ESP tunl [{}][{}][{}]".format(PFS_GROUP, *(NAMES[n] for n in ESP_CRYPTO))


def _row(columns, values) -> str:
    return "".join(f"{value!s:<{width}}" for (_, width), value in zip(columns, values)).rstrip()


def _table(columns, rows: list[list]) -> list[str]:
    return [_row(columns, [t for t, _ in columns]), _row(columns, ["-" * len(t) for t, _ in columns]),
            *(_row(columns, r) for r in rows)]


def _when(moment: datetime, timezone: str) -> str:
    return f"{local_time(moment, timezone):%b.%d %H:%M:%S}"


def _phase1(sa: IkeSa, now: datetime, timezone: str) -> tuple[str, str]:
    start = rekeyed(sa.established, IKE_LIFETIME, now)
    return _when(start, timezone), _when(start + timedelta(seconds=IKE_LIFETIME), timezone)


def ike_sa(ike: list[IkeSa], ipsec: list[IpsecSa], gateways: dict[int, int], now: datetime, timezone: str) -> str:
    v1, v2 = [sa for sa in ike if sa.version == 1], [sa for sa in ike if sa.version == 2]
    children = {sa.gateway: [c for c in ipsec if c.gateway == sa.gateway] for sa in ike}
    child_rows = [c for sa in v1 for c in children[sa.gateway]]
    lines = []
    if v1:
        rows = [[sa.gateway_id, sa.peer, sa.gateway, "Init", "Main", IKE_ALGORITHM, *_phase1(sa, now, timezone),
                 "v1", 13, 1, len(children[sa.gateway])] for sa in v1]
        lines += ["IKEv1 phase-1 SAs", *_table(PHASE1, rows), "",
                  f"Show IKEv1 IKE SA: Total {gateways[1]} gateways found. {len(v1)} ike sa found.", "", ""]
    else:
        lines += ["There is no IKEv1 phase-1 SA found.", ""]
    if child_rows:
        rows = [[c.gateway, c.tunnel_id, c.tunnel, c.gateway_id, "Init", PHASE2_ALGORITHM, c.spi_in, c.spi_out,
                 c.msg_id, 9, 1] for c in child_rows]
        lines += ["IKEv1 phase-2 SAs", *_table(PHASE2, rows), "",
                  f"Show IKEv1 phase2 SA: Total {gateways[1]} gateways found. {len(child_rows)} ike sa found.", "", ""]
    else:
        lines += ["There is no IKEv1 phase-2 SA found.", ""]
    if v2:
        rows = [[sa.gateway_id, sa.peer, sa.gateway, "Init", sa.serial, IKE_ALGORITHM, *_phase1(sa, now, timezone),
                 0, len(children[sa.gateway]), "Established"] for sa in v2]
        child = [[c.gateway, c.tunnel_id, c.tunnel, c.child_id, sa.serial, "Init", c.spi_in, c.spi_out, c.msg_id,
                  "Mature"] for sa in v2 for c in children[sa.gateway]]
        lines += ["IKEv2 SAs", *_table(IKEV2, rows), "", "IKEv2 IPsec Child SAs", *_table(CHILD, child), "",
                  f"Show IKEv2 SA: Total {gateways[2]} gateways found. {len(v2)} ike sa found."]
    else:
        lines.append("There is no IKEv2 SA found.")
    return display("\n".join(lines))


def ipsec_sa(ipsec: list[IpsecSa], tunnels: int, now: datetime) -> str:
    if not ipsec:
        return display("There is no IPSec SA found.")
    rows = []
    for sa in ipsec:
        age = int((now - rekeyed(sa.established, IPSEC_LIFETIME, now)).total_seconds())
        rows.append([sa.gateway_id, sa.tunnel_id, sa.peer, f"{sa.tunnel}({sa.gateway})", ESP_ALGORITHM,
                     sa.spi_in, sa.spi_out, f"{IPSEC_LIFETIME}/Unlimited", IPSEC_LIFETIME - age])
    return display("\n".join([*_table(IPSEC, rows), "",
                              f"Show IPSec SA: Total {tunnels} tunnels found. {len(ipsec)} ipsec sa found."]))


def ike_sa_rows(ike: list[IkeSa], now: datetime, timezone: str) -> list[dict[str, str]]:
    """The IKE SAs as the XML API lists them (`algo` spaced as in published captures)."""
    dh, enc, hash_ = IKE_CRYPTO
    rows = []
    for sa in ike:
        created, expires = _phase1(sa, now, timezone)
        rows.append({"name": sa.gateway, "created": created, "expires": expires, "gwid": str(sa.gateway_id),
                     "role": "Init", "mode": "Main" if sa.version == 1 else "IKEv2", "algo": f"PSK/ {dh}/ {enc}/{hash_}"})
    return rows


def ipsec_sa_rows(ipsec: list[IpsecSa], now: datetime) -> list[dict[str, str]]:
    enc, hash_ = ESP_CRYPTO
    rows = []
    for sa in ipsec:
        age = int((now - rekeyed(sa.established, IPSEC_LIFETIME, now)).total_seconds())
        rows.append({"name": sa.tunnel, "gateway": sa.gateway, "gwid": str(sa.gateway_id), "tid": str(sa.tunnel_id),
                     "remote": f"{sa.peer:<22}", "proto": "ESP", "enc": enc, "hash": hash_,
                     "i_spi": str(int(sa.spi_in, 16)), "o_spi": str(int(sa.spi_out, 16)),
                     "life": str(IPSEC_LIFETIME - age), "kb": "0"})
    return rows


def vpn_flow(tunnels: list[Tunnel]) -> str:
    """`inactiv` is PAN-OS's (cut to the column); the monitor is `off`, else up or down with the SA."""
    rows = [[t.id, t.name, "active" if t.up else "inactiv", ("up" if t.up else "down") if t.monitor else "off",
             t.gateway.local if t.gateway else "", t.gateway.peer if t.gateway else "", t.interface] for t in tunnels]
    count = len(tunnels)
    lines = [f"{'total tunnels configured:':<62}{count}", "filter - type IPSec, state any", "",
             f"{'total IPSec tunnel configured:':<62}{count}", f"{'total IPSec tunnel shown:':<62}{count}", "",
             _row(FLOW, [t for t, _ in FLOW]), FLOW_RULE, *(_row(FLOW, r) for r in rows)]
    return display("\n".join(lines))


def vpn_flow_rows(tunnels: list[Tunnel]) -> list[dict]:
    """The API's `IPSec/entry` per tunnel, with the names of a published capture (PAN-OS 7.x):
    `state` active or inactive, the monitor's `on` and `status` as True/False. The capture's SA
    counters, SPIs and algorithms are left out."""
    return [{"name": t.name, "id": str(t.id), "gwid": str(t.gateway.id) if t.gateway else None,
             "inner-if": t.interface, "localip": t.gateway.local if t.gateway else None,
             "peerip": t.gateway.peer if t.gateway else None, "state": "active" if t.up else "inactive",
             "monitor": {"on": str(t.monitor), "status": str(t.monitor and t.up)},
             "type": "IPSec", "proto": "ESP"} for t in tunnels]


def vpn_gateway(gateways: list[Gateway]) -> str:
    """Addresses without an ID (none is configurable in panshell); values cut to their column."""
    rows = [[gw.id, gw.name, gw.peer[:30], gw.local[:30], f"IKEv{gw.version}", IKE_PROPOSAL] for gw in gateways]
    return display("\n".join([*_table(GATEWAY, rows), "", f"Show IKE gateway config: Total {len(gateways)} gateways found."]))


def vpn_tunnel(tunnels: list[Tunnel]) -> str:
    """A tunnel without proxy IDs proposes 0.0.0.0/0 both ways, as in the capture."""
    lines = [TUNNEL_HEADER, "-" * len(TUNNEL_HEADER)]
    for t in tunnels:
        gateway = t.gateway.name if t.gateway else ""
        for p in t.proxies or [None]:
            local, remote = (p.local, p.remote) if p else ("0.0.0.0/0", "0.0.0.0/0")
            ports = (f"{p.protocol}:{p.local_port}", f"{p.protocol}:{p.remote_port}") if p else ("0:0", "0:0")
            values = [t.id, f"{t.name}({gateway})", local, ports[0], remote, ports[1], ESP_PROPOSAL,
                      f"{IPSEC_LIFETIME}-sec"]
            lines.append("".join(f"{v!s:<{w}}" for v, w in zip(values, TUNNEL)).rstrip())
    return display("\n".join([*lines, "", f"Show IPSec tunnel config: Total {len(tunnels)} tunnels found"]))


def test_vpn(started: datetime, timezone: str, initiated: str) -> str:
    """`Start time:`, then what was initiated (`Initiate 1 IKE SA.`)."""
    return display(f"Start time: {_when(started, timezone)}\n{initiated}")
