"""The session's own CLI settings, and leaving the CLI."""
from ..render.cli import cli_settings
from . import Context, handler


@handler("set_cli_pager")
def set_cli_pager(ctx: Context):
    ctx.session.settings.pager = ctx.args["state"] == "on"


@handler("set_cli_scripting_mode")
def set_cli_scripting_mode(ctx: Context):
    ctx.session.settings.scripting_mode = ctx.args["state"] == "on"


@handler("set_cli_terminal_width")
def set_cli_terminal_width(ctx: Context):
    ctx.session.settings.width = int(ctx.args["width"])


@handler("set_cli_terminal_height")
def set_cli_terminal_height(ctx: Context):
    ctx.session.settings.height = int(ctx.args["height"])
    ctx.session.settings.height_set = True


@handler("set_cli_config_output_format")
def set_cli_config_output_format(ctx: Context):
    ctx.session.settings.config_output_format = ctx.args["format"]


@handler("show_cli_settings")
def show_cli_settings(ctx: Context):
    return cli_settings(ctx.session.settings)


@handler("exit")
def exit_cli(ctx: Context):
    ctx.session.closed = True
