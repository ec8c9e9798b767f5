"""Operational views of the configuration: `show config ...`, `show running security-policy`."""
from ..render import config as render
from ..render.policy import security_policy
from ..render.views import ConfigView
from . import Context, handler
from .configure import named_config


@handler("show_config_running")
def show_config_running(ctx: Context):
    return ConfigView(ctx.device.running)


@handler("show_config_candidate")
def show_config_candidate(ctx: Context):
    return ConfigView(ctx.device.candidate)


@handler("show_config_diff")
def show_config_diff(ctx: Context):
    diff = render.config_diff(ctx.device.running, ctx.device.candidate, ctx.session.settings.config_output_format)
    return diff + "\n\n" if diff else "\n"


@handler("show_config_saved")
def show_config_saved(ctx: Context):
    return ConfigView(named_config(ctx, ctx.args["filename"]))


@handler("show_running_security_policy")
def show_running_security_policy(ctx: Context):
    return security_policy(ctx.device.running)
