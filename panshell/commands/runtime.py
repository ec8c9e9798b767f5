"""The dataplane's runtime tables: sessions, ARP, routes, VPN SAs, global counters."""
from ipaddress import ip_network

from ..backend import runtime
from ..backend.ha.pair import state_sync_allowed
from ..parser import CommandError
from ..render.views import ArpView, CountersView, FlatView, RoutesView, RowsView, SessionsView
from ..render import session as render_session
from ..render import vpn as render_vpn
from . import Context, handler


def _tables(ctx: Context) -> runtime.RuntimeTables:
    return runtime.tables(ctx.device)


NAT_KINDS = {"NS": "source", "ND": "destination", "NB": "both", "": "none"}  # by the session's flag
# `show|clear session all filter` key -> the session's value it must equal, and how the typed word reads.
# The keys compare with the client-to-server flow before NAT, as its `Src`/`Dst` columns show it
# (how PAN-OS matches a translated session is not documented: inferred).
SESSION_FILTERS = {
    "source": (lambda s: s.source, str), "destination": (lambda s: s.destination, str),
    "source-port": (lambda s: s.sport, int), "destination-port": (lambda s: s.dport, int),
    "protocol": (lambda s: s.proto, int), "application": (lambda s: s.application, str),
    "rule": (lambda s: s.rule, str), "from": (lambda s: s.from_zone, str), "to": (lambda s: s.to_zone, str),
    "state": (lambda s: s.state.lower(), str), "nat": (lambda s: NAT_KINDS[s.flag], str),
    "type": (lambda s: "predict" if s.type == "PRED" else "flow", str),
}


def _matching(ctx: Context) -> dict[int, runtime.SessionEntry]:
    """The sessions that match every filter key typed (all of them without any)."""
    wanted = [(value, read(ctx.args[key])) for key, (value, read) in SESSION_FILTERS.items() if key in ctx.args]
    return {sid: s for sid, s in _tables(ctx).sessions.items() if all(value(s) == w for value, w in wanted)}


@handler("show_session_all")
def show_session_all(ctx: Context):
    sessions = _matching(ctx)
    if ctx.args.get("count") == "yes":
        line = render_session.session_count(len(sessions))
        return FlatView(line, {"member": line.strip()} if sessions else {})  # clients report no match as an empty result
    return SessionsView(sessions)


def _session(ctx: Context) -> runtime.SessionEntry:
    session = _tables(ctx).sessions.get(int(ctx.args["id"]))
    if session is None:
        raise CommandError(f"Session {ctx.args['id']} is not valid")
    return session


@handler("show_session_id")
def show_session_id(ctx: Context):
    tables, session = _tables(ctx), _session(ctx)
    facts = render_session.session_facts(session, tables, ctx.lab.clock.now(), ctx.device.timezone)
    return FlatView(render_session.session_detail(session, facts), {**render_session.session_flows(session), **facts})


def _clear(ctx: Context, ids: list[int]) -> None:
    """The active sends the deletions to its passive peer over HA2 (when state sync is on)."""
    pair, device = ctx.lab.pair, ctx.device
    peer = pair.peer(device) if pair is not None and device in pair.members else None
    syncs = (peer is not None and peer.ha_state == "passive" and runtime.carries_traffic(device)
             and state_sync_allowed(pair, device))
    runtime.clear_sessions(device, ids, ctx.lab.clock.now(), peer if syncs else None)


@handler("clear_session_all")
def clear_session_all(ctx: Context):
    """With `filter`, only the matching sessions end; the reply is the same line either way, as a
    published capture of `clear session all filter rule NAME` shows (`sessions cleared`)."""
    _clear(ctx, list(_matching(ctx)))
    return FlatView(render_session.sessions_cleared(), {"member": render_session.SESSIONS_CLEARED})


@handler("clear_session_id")
def clear_session_id(ctx: Context):
    session = _session(ctx)
    _clear(ctx, [session.id])
    line = render_session.session_cleared(session.id)
    return FlatView(line, {"member": line.strip()})


def session_counts(ctx: Context) -> dict[str, int]:
    """The figures of `show session info` (and of the system state's session statistics)."""
    supported = runtime.SESSIONS_SUPPORTED.get(ctx.device.identity.get("model"), 262142)
    return render_session.session_counts(_tables(ctx), supported, runtime.carries_traffic(ctx.device))


@handler("show_session_info")
def show_session_info(ctx: Context):
    counts = session_counts(ctx)
    return FlatView(render_session.session_info(counts), render_session.session_info_fields(counts))


@handler("show_arp_all")
def show_arp_all(ctx: Context):
    return ArpView(_tables(ctx).arp, ctx.lab.clock.now())


ROUTE_TYPE_FLAG = {"connect": "C", "static": "S", "host": "H"}


@handler("show_routing_route")
def show_routing_route(ctx: Context):
    """`destination` keeps the routes that hold the address, or the network itself (how PAN-OS
    matches a destination is not documented: inferred)."""
    routes, routers = _tables(ctx).routes, list(enumerate(runtime.virtual_routers(ctx.device), 1))
    if "destination" in ctx.args:
        text = ctx.args["destination"]
        wanted = ip_network(text, strict=False)
        routes = [r for r in routes if (r.destination == wanted if "/" in text else
                                        wanted.version == 4 and wanted.network_address in r.destination)]
    if "type" in ctx.args:
        routes = [r for r in routes if ROUTE_TYPE_FLAG[ctx.args["type"]] in r.flags.split()]
    if "virtual-router" in ctx.args:
        routes = [r for r in routes if r.vr == ctx.args["virtual-router"]]
        routers = [(vr_id, name) for vr_id, name in routers if name == ctx.args["virtual-router"]]  # ids kept
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


COUNTER_FILTERS = ("severity", "category", "aspect")  # filter keys, in the order of COUNTERS' fields


@handler("show_counter_global")
def show_counter_global(ctx: Context):
    """Rates are per second since the previous sampling on this device (or since boot). A `delta
    yes` query samples on its own and shows each counter's change since the previous one."""
    tables, now, args = _tables(ctx), ctx.lab.clock.now(), ctx.args
    values = runtime.counter_values(ctx.device, now)
    sample = "delta_sampled" if args.get("delta") == "yes" else "sampled"
    since, previous = getattr(tables, sample) or (ctx.device.boot, {})
    setattr(tables, sample, (now, values))
    if sample == "delta_sampled":
        values, previous = {name: value - previous.get(name, 0) for name, value in values.items()}, {}
    shown = {name: value for name, value in values.items() if (value or args.get("value") == "all")
             and all(args.get(key) in (None, kind) for key, kind in zip(COUNTER_FILTERS, runtime.COUNTERS[name]))}
    return CountersView(shown, previous, (now - since).total_seconds())
