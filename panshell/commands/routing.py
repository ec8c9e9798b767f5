"""Routing and VPN: `show routing resource|summary|fib|protocol bgp summary`, `show vpn flow|gateway|tunnel`,
`test vpn ike-sa|ipsec-sa`."""
from ..backend import routing, runtime
from ..render import routing as render_routing
from ..render import vpn as render_vpn
from ..render.views import RowsView
from . import Context, handler


def _only(items: list, name: str | None, attribute: str = "vr") -> list:
    return [i for i in items if name is None or getattr(i, attribute) == name]


@handler("show_routing_resource")
def show_routing_resource(ctx: Context):
    return render_routing.routing_resource(routing.route_counts(ctx.device))


@handler("show_routing_summary")
def show_routing_summary(ctx: Context):
    """Each virtual router (or the one named) with its id: its place in the config."""
    name = ctx.args.get("virtual-router")
    routers = [(vr_id, vr, routing.route_counts(ctx.device, vr))
               for vr_id, vr in enumerate(runtime.virtual_routers(ctx.device), 1) if name in (None, vr)]
    return render_routing.routing_summary(routers)


@handler("show_routing_fib")
def show_routing_fib(ctx: Context):
    return render_routing.routing_fib(_only(routing.fibs(ctx.device), ctx.args.get("virtual-router")))


@handler("show_routing_protocol_bgp_summary")
def show_routing_protocol_bgp_summary(ctx: Context):
    return render_routing.bgp_summary(_only(routing.bgp_instances(ctx.device), ctx.args.get("virtual-router")))


@handler("show_vpn_flow")
def show_vpn_flow(ctx: Context):
    tunnels = routing.tunnels(ctx.device)
    count = str(len(tunnels))
    return RowsView(render_vpn.vpn_flow(tunnels), render_vpn.vpn_flow_rows(tunnels),
                    (("total", count), ("num_ipsec", count)), "IPSec", (("dp", "dp0"), ("num_sslvpn", "0")))


@handler("show_vpn_gateway")
def show_vpn_gateway(ctx: Context):
    return render_vpn.vpn_gateway(routing.gateways(ctx.device))


@handler("show_vpn_tunnel")
def show_vpn_tunnel(ctx: Context):
    return render_vpn.vpn_tunnel(routing.tunnels(ctx.device))


def _negotiating(ctx: Context, items: list, name: str | None) -> list:
    """What a `test vpn` starts: the named entry or all; nothing on a device that carries no traffic
    (a passive member negotiates no SA). An unknown name initiates nothing (PAN-OS's reply to one is not
    public)."""
    return _only(items, name, "name") if runtime.carries_traffic(ctx.device) else []


@handler("test_vpn_ike_sa")
def test_vpn_ike_sa(ctx: Context):
    """IKE comes up for every gateway whose peer is routable: `show vpn ike-sa` then lists its SA."""
    started = _negotiating(ctx, routing.gateways(ctx.device), ctx.args.get("gateway"))
    return render_vpn.test_vpn(ctx.lab.clock.now(), ctx.device.timezone, f"Initiate {len(started)} IKE SA.")


@handler("test_vpn_ipsec_sa")
def test_vpn_ipsec_sa(ctx: Context):
    """The reply for all tunnels (`Initiate N IPsec SA.`) is inferred from the one-tunnel form."""
    name = ctx.args.get("tunnel")
    started = _negotiating(ctx, routing.tunnels(ctx.device), name)
    target = f" for tunnel {name}" if name and started else ""
    return render_vpn.test_vpn(ctx.lab.clock.now(), ctx.device.timezone, f"Initiate {len(started)} IPsec SA{target}.")
