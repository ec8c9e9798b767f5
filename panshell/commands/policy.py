"""Policy lookups over the running rulebases (`test security-policy-match`, `test
nat-policy-match`) and `show running nat-policy`."""
from ipaddress import IPv4Address

from ..backend.policy import Policy
from ..parser import CommandError
from ..render import policy as render
from ..render.views import RowsView
from . import Context, handler

REQUIRED = ("source", "destination", "protocol")  # the rest may be left out (any)


def _flow(ctx: Context, command: str) -> dict:
    """The flow a test names; a required part missing is the management server's error (its text
    inferred, in the style of PAN-OS's path errors)."""
    missing = next((name for name in REQUIRED if name not in ctx.args), None)
    if missing:
        raise CommandError(f"Server error : test -> {command} is missing '{missing}'")
    port = ctx.args.get("destination-port")
    return {
        "from_zone": ctx.args.get("from"), "to_zone": ctx.args.get("to"),
        "src": int(IPv4Address(ctx.args["source"])), "dst": int(IPv4Address(ctx.args["destination"])),
        "proto": int(ctx.args["protocol"]), "port": int(port) if port else None,
    }


@handler("test_security_policy_match")
def test_security_policy_match(ctx: Context):
    rules = Policy(ctx.device.running).security_match(
        **_flow(ctx, "security-policy-match"), app=ctx.args.get("application"), user=ctx.args.get("source-user"),
        show_all=ctx.args.get("show-all") == "yes")
    return RowsView(render.security_match(rules), render.security_match_rows(rules), holder="rules")


@handler("test_nat_policy_match")
def test_nat_policy_match(ctx: Context):
    policy = Policy(ctx.device.running)
    return render.nat_match(policy, policy.nat_match(**_flow(ctx, "nat-policy-match"),
                                                     to_interface=ctx.args.get("to-interface")))


@handler("show_running_nat_policy")
def show_running_nat_policy(ctx: Context):
    return render.nat_policy(ctx.device.running)
