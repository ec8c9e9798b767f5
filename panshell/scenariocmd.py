"""`panshell scenario list|show`: the broken labs there are to learn from (panshell's own command)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .scenario import ScenarioError, available, find, load


def arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="panshell scenario", description="Broken HA labs to learn from.")
    sub = parser.add_subparsers(dest="action", required=True, metavar="list|show")
    listing = sub.add_parser("list", help="every scenario: name, what it teaches, difficulty")
    show = sub.add_parser("show", help="a scenario's story and the symptoms to look for")
    show.add_argument("name")
    show.add_argument("--solution", action="store_true", help="also the fix (spoilers)")
    for each in (listing, show):
        each.add_argument("--scenarios", type=Path, metavar="DIR", help="scenario files of your own, besides the built-in ones")
    return parser


def main(argv: list[str]) -> int:
    args = arguments().parse_args(argv)
    console = Console(highlight=False)
    try:
        if args.action == "list":
            grid = Table(title="scenarios (panshell --scenario NAME, or panshell lab reset --scenario NAME)")
            for column in ("name", "what it teaches", "difficulty"):
                grid.add_column(column)
            for name, path in available(args.scenarios).items():
                scenario = load(path)
                grid.add_row(name, scenario.teaches, scenario.difficulty)
            console.print(grid)
            return 0
        scenario = find(args.name, args.scenarios)
    except ScenarioError as exc:
        print(f"panshell: {exc}", file=sys.stderr)
        return 2
    console.print(f"[bold]{scenario.name}[/]: {scenario.title} ({scenario.difficulty})\n")
    console.print(scenario.story + "\n")
    console.print("[bold]What to look at:[/]")
    for symptom in scenario.symptoms:
        console.print(f"  - {symptom}")
    console.print("\n[bold]Fixed when:[/]")
    for goal in scenario.goals:
        console.print(f"  - {goal.what}")
    if args.solution:
        console.print(f"\n[bold]Solution:[/]\n{scenario.solution}")
    return 0
