"""`less mp-log <file>` and `tail mp-log <file> [lines <n>]`: the management plane's log files."""
from ..render.mplog import ha_agent_log
from . import Context, handler

TAIL_LINES = 10  # tail's default


def _lines(ctx: Context) -> list[str]:
    device = ctx.device
    return ha_agent_log(device.ha_transitions, device.logs.system_log, device.timezone)


@handler("less_mp_log")
def less_mp_log(ctx: Context):
    return "".join(_lines(ctx))


@handler("tail_mp_log")
def tail_mp_log(ctx: Context):
    return "".join(_lines(ctx)[-int(ctx.args.get("lines", TAIL_LINES)):])
