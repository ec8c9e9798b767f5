"""High availability: `show high-availability ...` and `request high-availability ...`."""
from ..backend import runtime
from ..backend.ha import config_sync, election
from ..backend.ha.pair import HAError, require_ha
from ..parser import CommandError
from ..render import display
from ..render import ha as render
from ..render.views import HAStateView, Message
from . import Context, confirm, handler

SYNC_ACTIONS = {
    "running-config": (config_sync.sync_running_config, "running configuration"),
    "candidate-config": (config_sync.sync_candidate_config, "candidate configuration"),
    "disk-state": (config_sync.sync_disk_state, "disk state"),
    "runtime-state": (config_sync.sync_runtime_state, "runtime state"),
    "clock": (config_sync.sync_clock, "clock"),
}


def _enabled(ctx: Context):
    try:
        if ctx.lab.pair is None or ctx.device not in ctx.lab.pair.members:
            raise HAError("HA not enabled")
        require_ha(ctx.device)
    except HAError as exc:
        raise CommandError(display(str(exc)).rstrip("\n")) from None
    return ctx.device


@handler("show_ha_all")
def show_ha_all(ctx: Context):
    device = _enabled(ctx)
    return HAStateView(render.ha_all(ctx.lab.pair, device), ctx.lab.pair, device)


@handler("show_ha_state")
def show_ha_state(ctx: Context):
    device = _enabled(ctx)
    return HAStateView(render.ha_state(ctx.lab.pair, device), ctx.lab.pair, device)


@handler("show_ha_link_monitoring")
def show_ha_link_monitoring(ctx: Context):
    return render.link_monitoring(_enabled(ctx))


@handler("show_ha_path_monitoring")
def show_ha_path_monitoring(ctx: Context):
    return render.path_monitoring(_enabled(ctx))


@handler("show_ha_transitions")
def show_ha_transitions(ctx: Context):
    return render.transitions(_enabled(ctx))


@handler("show_ha_control_link")
def show_ha_control_link(ctx: Context):
    return render.control_link_statistics(ctx.lab.pair, _enabled(ctx))


@handler("show_ha_interface")
def show_ha_interface(ctx: Context):
    return render.interface(ctx.lab.pair, _enabled(ctx), ctx.args["link"])


@handler("show_ha_state_sync")
def show_ha_state_sync(ctx: Context):
    return render.state_synchronization(ctx.lab.pair, _enabled(ctx), runtime.tables(ctx.device).counters)


@handler("request_ha_state")
def request_ha_state(ctx: Context):
    action = election.suspend if ctx.keywords[-1] == "suspend" else election.functional
    return action(ctx.lab.pair, _enabled(ctx)) + "\n"


@handler("request_ha_peer_state")
def request_ha_peer_state(ctx: Context):
    # inferred reply: the peer's own text (no public sample of this command's output)
    try:
        return election.peer_request(ctx.lab.pair, _enabled(ctx), ctx.keywords[-1] == "suspend") + "\n"
    except HAError as exc:
        raise CommandError(f"Server error : {exc}") from None


@handler("show_ha_virtual_address")
def show_ha_virtual_address(ctx: Context):
    return render.virtual_address(_enabled(ctx))


@handler("show_ha_flap_statistics")
def show_ha_flap_statistics(ctx: Context):
    return render.flap_statistics(_enabled(ctx))


# The running-config push's question and answer, as a PAN-OS 10.0 session shows them.
OVERWRITE_WARNING = ("Executing this command will overwrite the candidate configuration on the peer and trigger a "
                     "commit on the peer. ")
QUEUED = "HA synchronization job has been queued on peer. Please check job status on peer."


@handler("request_ha_sync", waits=True)
def request_ha_sync(ctx: Context):
    which = ctx.keywords[-1]
    action, what = SYNC_ACTIONS[which]
    _enabled(ctx)

    def sync() -> Message:
        try:
            action(ctx.lab.pair, ctx.device)
        except HAError as exc:
            job = config_sync.failed_sync_job(ctx.lab.pair, ctx.device, str(exc))
            raise CommandError(f"Server error : {exc} (job {job.id})") from None
        if which == "running-config":  # the HA-Sync job on the peer commits it (`show jobs` there)
            return Message(QUEUED, blank_after=True)
        return Message(f"successfully sync'd {what} to HA peer")

    if which == "running-config":
        ctx.session.question = confirm(sync, OVERWRITE_WARNING)
        return "\n"
    return sync()
