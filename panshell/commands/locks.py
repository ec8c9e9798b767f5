"""`request config-lock|commit-lock add|remove` and `show config-locks|commit-locks`."""
from ..backend import locks
from ..parser import CommandError
from ..render.views import LocksView
from . import Context, handler


@handler("request_lock")
def request_lock(ctx: Context):
    kind = next(k for k in ctx.keywords if k.endswith("-lock")).removesuffix("-lock")
    try:
        if "add" in ctx.keywords:
            locks.add(ctx.device, kind, ctx.session.user, ctx.args.get("comment", ""), ctx.lab.clock.now())
            return f"Successfully acquired {kind} lock\n"
        locks.remove(ctx.device, kind, ctx.session.user)
        return f"Successfully released {kind} lock\n"
    except locks.LockError as exc:
        raise CommandError(f"Server error : {exc}") from None


@handler("show_locks")
def show_locks(ctx: Context):
    kind = next(k for k in ctx.keywords if k.endswith("-locks")).removesuffix("-locks")
    return LocksView(kind, ctx.device.locks.get(kind), ctx.device.timezone)
