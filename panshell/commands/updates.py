"""Software and content updates (`request system software ...`, `request content|anti-virus
upgrade ...`) and `request restart system`."""
from ..backend import operations, software
from ..backend.ha.pair import HAError
from ..parser import INVALID_SYNTAX, CommandError
from ..render import updates as render
from ..render.views import JobEnqueued, UpdatesView
from . import Context, confirm, handler


def _kind(ctx: Context) -> str:
    return next(kind for kind in software.KINDS if kind in ctx.keywords)


@handler("request_update_info")
def request_update_info(ctx: Context):
    return UpdatesView(ctx.device, _kind(ctx))


@handler("request_update")
def request_update(ctx: Context):
    kind, action = _kind(ctx), "download" if "download" in ctx.keywords else "install"
    version = "latest" if "latest" in ctx.keywords else ctx.args.get("version")
    if version is None or (version == "latest" and kind == "software"):
        raise CommandError(INVALID_SYNTAX)  # a release must be named

    def run() -> str:
        try:
            job = operations.update(ctx.lab, ctx.device, action, kind, version, ctx.session.user,
                                    to_peer=ctx.args.get("sync_to_peer") == "yes")
        except (software.UpdateError, HAError) as exc:
            raise CommandError(f"Server error : {exc}") from None
        return JobEnqueued(render.enqueued(kind, action, job.id).rstrip("\n"), job.id)

    if kind == "software" and action == "install":
        try:  # refused before the question when there is nothing to install
            software.require_downloaded(ctx.device, software.resolve(ctx.device, kind, action, version))
        except software.UpdateError as exc:
            raise CommandError(f"Server error : {exc}") from None
        ctx.session.question = confirm(run)
        return render.INSTALL_WARNING
    return run()


@handler("request_restart_system")
def request_restart_system(ctx: Context):
    def restart() -> str:
        operations.restart(ctx.lab, ctx.device)
        ctx.session.closed = True
        return render.going_down(ctx.device, ctx.lab.clock.now())

    ctx.session.question = confirm(restart)
    return render.RESTART_WARNING
