import json
from functools import cache
from importlib import resources

from ..backend import runtime, software
from ..backend.interfaces import interface_tables
from ..render import elapsed, local_time
from ..render import system as render
from ..render.runtime import ARP_MAXIMUM
from ..render.views import Fields, RowsView
from . import Context, handler
from .runtime import session_counts


@cache
def _data() -> dict:
    """panshell/data/system.json: platform facts (memory, disks, processes) and the licences."""
    return json.loads(resources.files("panshell.data").joinpath("system.json").read_bytes())


def _platform(ctx: Context) -> dict:
    platforms = _data()["platforms"]
    return platforms.get(ctx.device.identity["model"], platforms["PA-3220"])


@handler("show_system_info")
def show_system_info(ctx: Context):
    return Fields("system", render.system_fields(ctx.device, ctx.lab.clock.now()))


@handler("show_clock")
def show_clock(ctx: Context):
    return render.clock(ctx.lab.clock.now(), ctx.device.timezone)


@handler("check_pending_changes")
def check_pending_changes(ctx: Context):
    """`yes` when the candidate differs from the running config: the API's result as pan-os-python
    reads it; the CLI's bare yes/no line is inferred (no public sample)."""
    return "yes\n" if ctx.device.has_changes else "no\n"


@handler("show_system_resources")
def show_system_resources(ctx: Context):
    """`follow` refreshes the display until Ctrl-C on a terminal; a session here prints one
    refresh either way (as a non-interactive session, e.g. a script's, sees it)."""
    now, platform = ctx.lab.clock.now(), _platform(ctx)
    up = elapsed(now, ctx.device.boot)
    sessions = len(runtime.tables(ctx.device).sessions)
    traffic = 1 + sessions / 20  # the log and management daemons work for the traffic
    processes = [render.Process(name, pid, nice, virt, res, shr, round(cpu * traffic, 1))
                 for name, pid, nice, virt, res, shr, cpu in platform["processes"]]
    processes.append(render.Process("top", 20000 + up // 10 % 10000, 0, 14380, 3916, 3244, 0.5, "R"))
    busy = sum(p.cpu for p in processes) / 100
    load = (round(0.3 + busy, 2), round(0.3 + busy * 0.9, 2), round(0.3 + busy * 0.8, 2))
    return render.resources(now, ctx.device.timezone, up, 1, load, (platform["memory-mib"], platform["swap-mib"]),
                            processes)


def _system_state(ctx: Context) -> dict:
    """The system state keys panshell knows (each is a real PAN-OS key): settings, the ARP table's
    limit, the HA state the prompt shows, the dataplane's session statistics and the physical state of
    each dataplane port. `ha.app.cli.state-prompt` is read by a public Panorama HA script (there
    `primary-active`: a firewall's prompt shows the state alone); with HA disabled it is left out
    (its value then is not public). No public `sw.*` key holds the software version."""
    state = {"cfg.general.additional-threat-log": False, "cfg.general.max-arp": ARP_MAXIMUM,
             "sw.mprelay.s1.dp0.stats.session": render.session_statistics(session_counts(ctx))}
    if ctx.device.ha_state:
        state["ha.app.cli.state-prompt"] = ctx.device.ha_state
    for port in interface_tables(ctx.device).hardware:
        if port.name.startswith("ethernet"):
            slot, number = port.name[len("ethernet"):].split("/")
            entry = ctx.device.running.find(f"network/interface/ethernet/entry[@name='{port.name}']")
            setting = {key: (entry.findtext(f"link-{key}") if entry is not None else None) or "auto"
                       for key in ("speed", "duplex", "state")}
            state[f"sys.s{slot}.p{number}.phy"] = render.port_phy(setting, port.link)
    return state


@handler("show_system_state")
def show_system_state(ctx: Context):
    return render.system_state(_system_state(ctx), ctx.args["key"], "filter-pretty" in ctx.keywords)


def _mb(size: str) -> int:
    return int(size.rstrip("MB") or 0)


@handler("show_system_disk_space")
def show_system_disk_space(ctx: Context):
    """The downloaded software images fill /opt/panrepo, the content packages /opt/pancfg."""
    grown = {"/opt/panrepo": 0, "/opt/pancfg": 0}
    for kind, releases in software.catalog().items():
        mount = "/opt/panrepo" if kind == "software" else "/opt/pancfg"
        grown[mount] += sum(_mb(r.size) for r in releases if f"{kind}/{r.version}" in ctx.device.downloads
                            and r.version != software.current(ctx.device, kind))
    disks = [(source, mount, size, used + grown.get(mount, 0)) for source, mount, size, used in _platform(ctx)["disks"]]
    return render.disk_space(disks)


@handler("show_system_software_status")
def show_system_software_status(ctx: Context):
    platform = _platform(ctx)
    return render.software_status([("mgmt", platform["management-processes"]),
                                   ("dataplane", platform["dataplane-processes"])])


@handler("show_ntp")
def show_ntp(ctx: Context):
    """The configured servers; the lab's servers always answer, so the clock follows the first."""
    servers = []
    for which in ("primary", "secondary"):
        server = ctx.device.running.find(f"deviceconfig/system/ntp-servers/{which}-ntp-server")
        address = server.findtext("ntp-server-address") if server is not None else None
        if address:
            kind = server.find("authentication-type")
            servers.append((address, kind[0].tag if kind is not None and len(kind) else "none"))
    return render.ntp(servers, servers[0][0] if servers else None)


@handler("show_admins")
def show_admins(ctx: Context):
    """The administrator of this session (other sessions are not known to a command); a session
    without a client address is the console's, as the config log names it. In XML `admins/entry`
    with `admin`, `from` and `self` on the asker's own session (pan-os-python's whoami reads
    `admin` and `self`; the other fields are left out)."""
    session = ctx.session
    row = (session.user, session.editor.host or "Console", session.editor.client, session.started, 0)
    return RowsView(render.admins([row], ctx.device.timezone), [{"admin": row[0], "from": row[1], "self": None}],
                    holder="admins")


@handler("request_license_info")
def request_license_info(ctx: Context):
    now = ctx.lab.clock.now()
    rows = render.license_rows(_data()["licenses"], ctx.device.identity["serial"],
                               local_time(now, ctx.device.timezone).date())
    return RowsView(render.license_info(rows, now, ctx.device.timezone), rows, holder="licenses")


@handler("debug_swm_status")
def debug_swm_status(ctx: Context):
    """The running release's sysroot, the other one (a release installed for the next restart, or
    the one before, to revert to), and the maintenance partition."""
    device, identity = ctx.device, ctx.device.identity
    other = ("PENDING-CHANGE", device.next_software) if device.next_software else \
        ("REVERTABLE", identity.get("previous-sw-version", "unknown"))
    active = software.active_sysroot(device)
    sysroots = {active: ("RUNNING-ACTIVE", identity["sw-version"]), 1 - active: other}
    return render.swm_status([(f"sysroot{i}", *sysroots[i]) for i in (0, 1)]
                             + [("maint", "READY", identity.get("maint-version", "unknown"))])
