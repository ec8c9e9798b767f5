from ..backend.interfaces import interface_tables
from ..render import interface as render
from ..render.views import InterfacesView
from . import Context, handler


@handler("show_interface_all")
def show_interface_all(ctx: Context):
    return InterfacesView(interface_tables(ctx.device))


@handler("show_interface_management")
def show_interface_management(ctx: Context):
    return render.interface_management(ctx.device, ctx.lab.clock.now())
