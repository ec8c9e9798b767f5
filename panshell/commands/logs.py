"""`show log system|config|traffic [filters]`: the device's own logs, never the peer's."""
from ..render import local_time
from ..render import logs as render
from . import Context, handler

# Newest first unless `direction equal forward` (the lead's choice: a real
# PAN-OS lists oldest first unless told `direction equal backward`).
DEFAULT_DIRECTION = "forward"


def _select(ctx: Context, log: str, **equal):
    now = local_time(ctx.lab.clock.now(), ctx.device.timezone)  # calendar periods are local days
    return ctx.device.logs.select(
        log, now, direction=ctx.args.get("direction", DEFAULT_DIRECTION), period=ctx.args.get("period"),
        **{name: value for name, value in equal.items() if value is not None},
    )


@handler("show_log_system")
def show_log_system(ctx: Context):
    entries = _select(ctx, "system", subtype=ctx.args.get("subtype"), severity=ctx.args.get("severity"))
    return render.system_log(entries, ctx.device.timezone)


@handler("show_log_config")
def show_log_config(ctx: Context):
    return render.config_log(_select(ctx, "config"), ctx.device.timezone)


# `show log traffic` filters: argument -> (the entry's field, its type)
TRAFFIC_FILTERS = {"src": ("source", str), "dst": ("destination", str), "from": ("from_zone", str),
                   "to": ("to_zone", str), "app": ("application", str), "rule": ("rule", str),
                   "dport": ("dport", int), "action": ("action", str)}


@handler("show_log_traffic")
def show_log_traffic(ctx: Context):
    equal = {name: read(ctx.args[key]) for key, (name, read) in TRAFFIC_FILTERS.items() if key in ctx.args}
    return render.traffic_log(_select(ctx, "traffic", **equal), ctx.device.timezone)
