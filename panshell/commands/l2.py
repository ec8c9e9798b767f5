from ..backend.iftraffic import mac_table
from ..backend.interfaces import lacp_groups
from ..render import l2 as render
from . import Context, handler


@handler("show_lacp_aggregate_ethernet")
def show_lacp_aggregate_ethernet(ctx: Context):
    return render.lacp_all(lacp_groups(ctx.device, ctx.lab.clock.now()))


@handler("show_lldp_neighbors")
def show_lldp_neighbors(ctx: Context):
    return render.lldp_neighbors()


@handler("show_mac_all")
def show_mac_all(ctx: Context):
    return render.mac_all(mac_table(ctx.device, ctx.lab.clock.now()))
