from ..render import system as render
from ..render.views import Fields
from . import Context, handler


@handler("show_system_info")
def show_system_info(ctx: Context):
    return Fields("system", render.system_fields(ctx.device, ctx.lab.clock.now()))


@handler("show_clock")
def show_clock(ctx: Context):
    return render.clock(ctx.lab.clock.now(), ctx.device.timezone)
