from ..backend.iftraffic import interface_traffic
from ..backend.interfaces import interface_detail, interface_tables
from ..parser import CommandError
from ..render import interface as render
from ..render.views import InterfaceView, InterfacesView, ManagementView
from . import Context, handler


@handler("show_interface_all")
def show_interface_all(ctx: Context):
    return InterfacesView(interface_tables(ctx.device))


@handler("show_interface_hardware")
def show_interface_hardware(ctx: Context):
    return InterfacesView(interface_tables(ctx.device), "hardware")


@handler("show_interface_logical")
def show_interface_logical(ctx: Context):
    return InterfacesView(interface_tables(ctx.device), "logical")


@handler("show_interface_management")
def show_interface_management(ctx: Context):
    return ManagementView(*render.management_facts(ctx.device, ctx.lab.clock.now()))


@handler("show_interface")
def show_interface(ctx: Context):
    name = ctx.args["name"]
    detail = interface_detail(ctx.device, name)
    if detail is None:  # inferred text
        raise CommandError(f"Server error : {name} is not a valid interface")
    return InterfaceView(detail, interface_traffic(ctx.device, ctx.lab.clock.now()))
