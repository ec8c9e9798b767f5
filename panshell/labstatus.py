"""`panshell lab status` and `panshell lab check`: their data (labops) as rich screens."""
from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table
from rich.text import Text


def duration(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    days, rest = divmod(seconds, 86400)
    text = f"{rest // 3600}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"{days}d {text}" if days else text


def _state(ha: dict, power: str) -> str:
    if power == "off":
        return "[red]powered off[/]"
    if ha["state"] is None:
        return "HA disabled"
    colour = {"active": "green", "passive": "cyan", "initial": "yellow"}.get(ha["state"], "red")
    reason = f" ({ha['reason']})" if ha["reason"] and ha["state"] in ("suspended", "non-functional") else ""
    return f"[{colour}]{ha['state']}[/]{reason} for {duration(ha['for-seconds'])}"


def _jobs(jobs: list[dict]) -> str:
    return "\n".join(f"{j['id']} {j['type']} {j['status']} {j['result']}" for j in jobs) or "-"


def _sessions(sessions: list[dict]) -> str:
    return "\n".join(f"{s['user']} ({s['via']})" for s in sessions) or "-"


def table(data: dict) -> Table:
    names = list(data["devices"])
    holder = f"held by process {data['holder']}" if data["holder"] else "not held"
    clock = f"{datetime.fromisoformat(data['clock']):%Y-%m-%d %H:%M:%S %Z}"
    grid = Table(title=f"lab {data['lab']} — {holder} — clock {clock}", show_lines=True)
    grid.add_column("")
    for name in names:
        grid.add_column(f"{name} ({data['devices'][name]['hostname']})")
    devices = [data["devices"][n] for n in names]
    rows = [
        ("HA state", [_state(d["ha"], d["power"]) for d in devices]),
        ("priority / preemptive", [f"{d['ha']['priority']} / {d['ha']['preemptive']}" for d in devices]),
        ("uptime", [duration(d["uptime-seconds"]) for d in devices]),
        ("config sync", [d["config-sync"] or "-" for d in devices]),
        ("state sync (HA2)", [d["state-sync"] or "-" for d in devices]),
        ("ports down", [", ".join(d["ports-down"]) or "-" for d in devices]),
        ("path targets down", [", ".join(d["paths-down"]) or "-" for d in devices]),
        ("pending changes", ["yes" if d["pending-changes"] else "no" for d in devices]),
        ("locks", [", ".join(f"{k} by {v}" for k, v in d["locks"].items()) or "-" for d in devices]),
        ("last jobs", [_jobs(d["jobs"]) for d in devices]),
        ("sessions", [_sessions(d["sessions"]) for d in devices]),
    ]
    for label, cells in rows:
        grid.add_row(label, *cells)
    return grid


def links(data: dict) -> str:
    return "HA links: " + ", ".join(
        f"{name} {state}" + (" (cable pulled)" if data["cables"][name] == "pulled" else "")
        for name, state in data["links"].items())


def show_goals(data: dict, console: Console | None = None) -> None:
    """`panshell lab check`: each goal of the lab's scenario, met or not, with a hint when not."""
    console = console or Console(highlight=False)
    grid = Table(title=f"scenario {data['scenario']}: {data['title']}")
    for column in ("", "goal", "hint"):
        grid.add_column(column)
    for goal in data["goals"]:
        grid.add_row("[green]pass[/]" if goal["met"] else "[red]FAIL[/]", Text(goal["what"]),
                     Text("" if goal["met"] else goal["hint"]))
    console.print(grid)
    console.print("[green]fixed[/]" if data["fixed"] else "[red]not fixed yet[/]")


def show(data: dict, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    console.print(table(data))
    if data["links"]:
        console.print(links(data))
