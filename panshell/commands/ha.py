"""High availability: `show high-availability ...` and `request high-availability ...`."""
from ..backend import ha
from ..parser import CommandError
from ..render import display
from ..render import ha as render
from . import Context, handler

SYNC_ACTIONS = {
    "running-config": (ha.sync_running_config, "running configuration"),
    "candidate-config": (ha.sync_candidate_config, "candidate configuration"),
    "disk-state": (ha.sync_disk_state, "disk state"),
    "runtime-state": (ha.sync_runtime_state, "runtime state"),
    "clock": (ha.sync_clock, "clock"),
}


def _enabled(ctx: Context):
    try:
        ha.require_ha(ctx.device)
    except ha.HAError as exc:
        raise CommandError(display(str(exc)).rstrip("\n")) from None
    return ctx.device


@handler("show_ha_all")
def show_ha_all(ctx: Context):
    return render.ha_all(ctx.lab, _enabled(ctx))


@handler("show_ha_state")
def show_ha_state(ctx: Context):
    return render.ha_state(ctx.lab, _enabled(ctx))


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
    return render.control_link_statistics(ctx.lab, _enabled(ctx))


@handler("show_ha_interface")
def show_ha_interface(ctx: Context):
    return render.interface(ctx.lab, _enabled(ctx), ctx.args["link"])


@handler("show_ha_state_sync")
def show_ha_state_sync(ctx: Context):
    return render.state_synchronization(ctx.lab, _enabled(ctx))


@handler("request_ha_state")
def request_ha_state(ctx: Context):
    action = ha.suspend if ctx.keywords[-1] == "suspend" else ha.functional
    return action(ctx.lab, _enabled(ctx)) + "\n"


@handler("request_ha_sync")
def request_ha_sync(ctx: Context):
    action, what = SYNC_ACTIONS[ctx.keywords[-1]]
    _enabled(ctx)
    try:
        action(ctx.lab, ctx.device)
    except ha.HAError as exc:
        job = ha.failed_sync_job(ctx.lab, ctx.device, str(exc))
        raise CommandError(f"Server error : {exc} (job {job.id})") from None
    return f"successfully sync'd {what} to HA peer\n"
