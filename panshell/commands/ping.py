"""`ping host <ip>` and `traceroute host <ip>`: answered from the lab's routing.

Without `source` the probes leave the management interface (its subnet, else its default
gateway); with `source` (one of the dataplane interfaces' addresses) they follow the active
route of that interface's virtual router. A host answers when a route reaches it, unless it is
a silenced path-monitor target, its way out is a pulled port, or it is a powered-off lab device.
"""
from __future__ import annotations

from ipaddress import IPv4Address, ip_interface, ip_network

from ..backend import routing
from ..backend.interfaces import interface_tables, port_down
from ..render import ping as render
from ..render.ping import Path
from ..parser import CommandError
from . import Context, handler

DEFAULT_COUNT = 5  # a real ping runs until Ctrl+C; a lab session must end


def _source_vr(ctx: Context, source: str) -> str:
    for row in interface_tables(ctx.device).logical:
        if row.forwarding.startswith("vr:") and any(str(ip_interface(a).ip) == source for a in row.addresses if "/" in a):
            return row.forwarding[3:]
    raise CommandError(render.BAD_SOURCE)


def _silent(ctx: Context, host: str, interface: str) -> bool:
    port = interface.split(".")[0]
    powered_off = any(not d.powered and d.setting("deviceconfig/system/ip-address") == host for d in ctx.lab.devices.values())
    return host in ctx.device.paths_down or powered_off or (port.startswith("ethernet") and port_down(ctx.device, port))


def _path(ctx: Context) -> Path | None:
    """The routers on the way to the host and whether it answers; None without a route."""
    host, source = ctx.args["host"], ctx.args.get("source")
    if source is None:
        device = ctx.device
        address, mask = device.setting("deviceconfig/system/ip-address"), device.setting("deviceconfig/system/netmask")
        gateway = device.setting("deviceconfig/system/default-gateway")
        if address and mask and IPv4Address(host) in ip_network(f"{address}/{mask}", strict=False):
            return Path([], not _silent(ctx, host, ""))
        return Path([gateway], not _silent(ctx, host, "")) if gateway else None
    route = routing.lookup(ctx.device, host, _source_vr(ctx, source))
    if route is None:
        return None
    hops = [route.nexthop] if "S" in route.flags.split() else []
    return Path(hops, not _silent(ctx, host, route.interface))


@handler("ping")
def ping(ctx: Context):
    return render.ping(ctx.args["host"], ctx.args.get("source"), int(ctx.args.get("count", DEFAULT_COUNT)), _path(ctx))


@handler("traceroute")
def traceroute(ctx: Context):
    return render.traceroute(ctx.args["host"], _path(ctx))
