"""Operational views of the configuration: `show config ...`, `show running security-policy`."""
from ..backend.config import PanConfig
from ..render import config as render
from ..render.policy import security_policy
from . import Context, handler
from .configure import named_config


def _tree(config: PanConfig) -> str:
    return "\n".join(render.brace(config.root)) + "\n\n"


@handler("show_config_running")
def show_config_running(ctx: Context):
    return _tree(ctx.device.running)


@handler("show_config_candidate")
def show_config_candidate(ctx: Context):
    return _tree(ctx.device.candidate)


@handler("show_config_diff")
def show_config_diff(ctx: Context):
    diff = render.config_diff(ctx.device.running, ctx.device.candidate, ctx.session.settings.config_output_format)
    return diff + "\n\n" if diff else "\n"


@handler("show_config_saved")
def show_config_saved(ctx: Context):
    return _tree(named_config(ctx, ctx.args["filename"]))


@handler("show_running_security_policy")
def show_running_security_policy(ctx: Context):
    return security_policy(ctx.device.running)
