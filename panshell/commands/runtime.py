"""The dataplane's runtime tables: sessions, ARP, routes, VPN SAs, global counters."""
from ipaddress import ip_network

from ..backend import runtime
from ..parser import CommandError
from ..render.views import ArpView, CountersView, FlatView, RoutesView, RowsView, SessionsView, SessionView
from ..render import session as render_session
from ..render import vpn as render_vpn
from . import Context, handler


def _tables(ctx: Context) -> runtime.RuntimeTables:
    return runtime.tables(ctx.device)


@handler("show_session_all")
def show_session_all(ctx: Context):
    return SessionsView(_tables(ctx).sessions)


@handler("show_session_id")
def show_session_id(ctx: Context):
    tables = _tables(ctx)
    session = tables.sessions.get(int(ctx.args["id"]))
    if session is None:
        raise CommandError(f"Session {ctx.args['id']} is not valid")
    facts = render_session.session_facts(session, tables, ctx.lab.clock.now(), ctx.device.timezone)
    return SessionView(render_session.session_detail(session, facts), render_session.session_flows(session), facts)


@handler("show_session_info")
def show_session_info(ctx: Context):
    supported = runtime.SESSIONS_SUPPORTED.get(ctx.device.identity.get("model"), 262142)
    counts = render_session.session_counts(_tables(ctx), supported, runtime.carries_traffic(ctx.device))
    return FlatView(render_session.session_info(counts), render_session.session_info_fields(counts))


@handler("show_arp_all")
def show_arp_all(ctx: Context):
    return ArpView(_tables(ctx).arp, ctx.lab.clock.now())


ROUTE_TYPE_FLAG = {"connect": "C", "static": "S", "host": "H"}


@handler("show_routing_route")
def show_routing_route(ctx: Context):
    """`destination` keeps the routes that hold the address, or the network itself (how PAN-OS
    matches a destination is not documented: inferred)."""
    routes, routers = _tables(ctx).routes, runtime.virtual_routers(ctx.device)
    if "destination" in ctx.args:
        text = ctx.args["destination"]
        wanted = ip_network(text, strict=False)
        routes = [r for r in routes if (r.destination == wanted if "/" in text else
                                        wanted.version == 4 and wanted.network_address in r.destination)]
    if "type" in ctx.args:
        routes = [r for r in routes if ROUTE_TYPE_FLAG[ctx.args["type"]] in r.flags.split()]
    if "virtual-router" in ctx.args:
        routes = [r for r in routes if r.vr == ctx.args["virtual-router"]]
        routers = [name for name in routers if name == ctx.args["virtual-router"]]
    return RoutesView(routes, routers)


@handler("show_vpn_ike_sa")
def show_vpn_ike_sa(ctx: Context):
    tables, (gateways, _) = _tables(ctx), runtime.configured_vpn(ctx.device)
    now, timezone = ctx.lab.clock.now(), ctx.device.timezone
    return RowsView(render_vpn.ike_sa(tables.ike_sas, tables.ipsec_sas, gateways, now, timezone),
                    render_vpn.ike_sa_rows(tables.ike_sas, now, timezone))


@handler("show_vpn_ipsec_sa")
def show_vpn_ipsec_sa(ctx: Context):
    (_, tunnels), sas, now = runtime.configured_vpn(ctx.device), _tables(ctx).ipsec_sas, ctx.lab.clock.now()
    return RowsView(render_vpn.ipsec_sa(sas, tunnels, now), render_vpn.ipsec_sa_rows(sas, now),
                    (("ntun", str(tunnels)),), "entries")


@handler("show_counter_global")
def show_counter_global(ctx: Context):
    """Rates are per second since the previous `show counter global` on this device (or since boot)."""
    tables, now = _tables(ctx), ctx.lab.clock.now()
    values = runtime.counter_values(ctx.device, now)
    since, previous = tables.sampled or (ctx.device.boot, {})
    tables.sampled = (now, values)
    return CountersView(values, previous, (now - since).total_seconds())
