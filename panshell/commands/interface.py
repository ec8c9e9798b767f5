from ..backend.interfaces import interface_tables
from ..render import interface as render
from ..parser import CommandError
from ..render.views import InterfaceView, InterfacesView, ManagementView
from . import Context, handler


@handler("show_interface_all")
def show_interface_all(ctx: Context):
    return InterfacesView(interface_tables(ctx.device))


@handler("show_interface_management")
def show_interface_management(ctx: Context):
    return ManagementView(*render.management_facts(ctx.device, ctx.lab.clock.now()))


@handler("show_interface")
def show_interface(ctx: Context):
    name = ctx.args["name"]
    tables = interface_tables(ctx.device)
    port = next((hw for hw in tables.hardware if hw.name == name), None)
    logical = next((row for row in tables.logical if row.name == name), None)
    if port is None and logical is None:  # inferred text
        raise CommandError(f"Server error : {name} is not a valid interface")
    entry = ctx.device.running.find(f"network/interface/ethernet/entry[@name='{name}']")
    configured = (entry.findtext("link-state") if entry is not None else None) or "auto"
    mode = next((m for m in MODES if entry is not None and entry.find(m) is not None), None)
    if logical is not None and logical.forwarding == "ha":
        mode = "ha"
    return InterfaceView(port, logical, configured, mode or "layer3")


MODES = ("layer3", "layer2", "virtual-wire", "tap", "ha", "decrypt-mirror", "aggregate-group")
