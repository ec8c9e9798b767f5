from ..render import system as render
from ..render.views import Fields
from . import Context, handler


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
