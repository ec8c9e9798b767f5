from ..render import system as render
from . import Context, handler


@handler("show_system_info")
def show_system_info(ctx: Context):
    return render.system_info(ctx.device, ctx.lab.clock.now())


@handler("show_clock")
def show_clock(ctx: Context):
    return render.clock(ctx.lab.clock.now(), ctx.device.timezone)
