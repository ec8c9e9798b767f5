"""Output filters: `| match <regex>` and `| except <regex>` (grammar/pipe.grammar)."""
import re

from . import Context, handler


@handler("pipe_match")
def pipe_match(ctx: Context, lines: list[str]) -> list[str]:
    pattern = re.compile(ctx.args["pattern"])
    return [line for line in lines if pattern.search(line)]


@handler("pipe_except")
def pipe_except(ctx: Context, lines: list[str]) -> list[str]:
    pattern = re.compile(ctx.args["pattern"])
    return [line for line in lines if not pattern.search(line)]
