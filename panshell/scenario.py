"""Scenarios: broken HA labs to learn from, as data (docs/scenarios.md describes the format).

A scenario starts from the default pair and breaks it the way an administrator would: CLI
commands on a device (through a Session, so every rule applies as it would to a user's own
commands) and panshell's faults. What "fixed" means is a list of goals, each a named check on
the lab's state (GOALS), so a trainee's fix counts however it was made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path

from lxml import etree

from .backend import runtime
from .backend.clock import Clock, FixedClock, parse_duration
from .backend.ha import faults
from .backend.ha.config_sync import running_sync_state
from .backend.ha.pair import LINKS, config_sync_enabled
from .backend.lab import Lab, default_device_names
from .session import Session

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DIFFICULTIES = ("beginner", "intermediate", "advanced")


class ScenarioError(Exception):
    """A scenario that cannot be used; the message names the file and what is wrong."""


def _sync(lab: Lab, device: str) -> bool:
    return running_sync_state(lab.pair, lab.devices[device]) == "synchronized"


def _last_job_ok(lab: Lab, device: str, job: str) -> bool:
    found = [j for j in lab.devices[device].jobs.jobs if j.type == job]
    return bool(found) and found[-1].status == "FIN" and found[-1].result == "OK"


def _jumbo(lab: Lab, device: str) -> bool:
    return lab.devices[device].running.find("deviceconfig/setting/jumbo-frame") is not None


def _sessions_synced(lab: Lab, device: str) -> bool:
    passive = lab.devices[device]
    active = lab.pair.peer(passive)
    return set(runtime.tables(active).own.sessions) <= set(runtime.tables(passive).sessions)


def _at(element: etree._Element, path: str) -> etree._Element | None:
    """What a goal's path finds under element; a path that is not one is a ScenarioError. lxml
    tells some bad paths only where element has children for a step to look through (`a/ b` once
    there is an `a` with children), so a goal may meet one when checked, not when loaded."""
    try:
        return element.find(path)
    except (SyntaxError, ValueError, KeyError):  # what lxml's element paths raise on bad ones
        raise ScenarioError(f"not an element path: {path!r} (e.g. deviceconfig/system/hostname)") from None


def _same_setting(lab: Lab, path: str) -> bool:
    first, second = (getattr(_at(d.running.device, path), "text", None) for d in lab.pair.members)
    return first == second


GOALS = {  # check name -> (the arguments it takes, what it tests, the test)
    "running-config-synchronized": (("device",), "{device}'s running config is synchronized", _sync),
    "last-job-ok": (("device", "job"), "the last {job} job on {device} is FIN OK", _last_job_ok),
    "jumbo-frame": (("device",), "{device} is in jumbo-frame mode", _jumbo),
    "ha-state": (("device", "state"), "{device} is HA {state}",
                 lambda lab, device, state: lab.devices[device].ha_state == state),
    "control-link-up": ((), "HA1 or its backup is up", lambda lab: lab.pair.control_link_up()),
    "config-sync-enabled": (("device",), "configuration sync is enabled on {device}",
                            lambda lab, device: config_sync_enabled(lab.devices[device])),
    "link-up": (("link",), "the {link} link is up", lambda lab, link: lab.pair.link_up(link)),
    "port-up": (("device", "port"), "{port} on {device} is up",
                lambda lab, device, port: port not in lab.devices[device].ports_down),
    "sessions-synced": (("device",), "{device} holds every session of its active peer", _sessions_synced),
    "same-setting": (("path",), "{path} is the same on both firewalls", _same_setting),
    "has-setting": (("device", "path"), "{device} has {path}",
                    lambda lab, device, path: _at(lab.devices[device].running.device, path) is not None),
    "same-version": (("version",), "both firewalls run the same {version}",
                     lambda lab, version: len({d.identity.get(version) for d in lab.pair.members}) == 1),
    "better-priority": (("device",), "{device} has the better (lower) HA priority",
                        lambda lab, device: lab.devices[device].ha_priority < lab.pair.peer(lab.devices[device]).ha_priority),
}


@dataclass
class Goal:
    check: str
    args: dict[str, str]
    hint: str

    @property
    def what(self) -> str:
        return GOALS[self.check][1].format(**self.args)

    def met(self, lab: Lab) -> bool:
        return GOALS[self.check][2](lab, **self.args)


@dataclass
class Scenario:
    name: str
    path: Path
    title: str
    teaches: str
    difficulty: str
    story: str
    symptoms: list[str]
    solution: str
    setup: list[dict] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    def build(self, lab: Lab) -> None:
        """Break a fresh default lab the way the scenario says."""
        sessions: dict[str, Session] = {}
        for number, step in enumerate(self.setup, 1):
            try:
                if "fault" in step:
                    faults.apply(lab.pair, faults.parse(step["fault"].split(), list(lab.devices)))
                    continue
                if "advance" in step:
                    lab.advance(parse_duration(step["advance"]))
                    continue
            except (faults.FaultError, ValueError) as exc:  # a port the device lacks, a clock past its end
                raise ScenarioError(f"{self.path}: setup step {number}: {exc}") from None
            if step["device"] not in sessions or sessions[step["device"]].closed:  # a new login after a restart
                sessions[step["device"]] = Session(lab, lab.devices[step["device"]])
            session = sessions[step["device"]]
            for line in step["commands"]:
                result = session.execute(line)
                if not result.ok:
                    raise ScenarioError(f"{self.path}: setup step {number}: `{line}` failed: {result.output.strip()}")


def builtin_dir() -> Path:
    return Path(str(resources.files("panshell.data").joinpath("scenarios")))


def _require(path: Path, data: dict, key: str, kind: type, where: str = ""):
    value = data.get(key)
    if not isinstance(value, kind):
        raise ScenarioError(f"{path}: {where}`{key}` is missing or not a {kind.__name__}")
    return value


def _paragraphs(text: str) -> str:
    """Text as written in a file, its lines joined into paragraphs."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


def load(path: Path) -> Scenario:
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: {exc.strerror}") from None
    texts = {key: _require(path, data, key, str) for key in ("title", "teaches", "difficulty", "story", "solution")}
    if texts["difficulty"] not in DIFFICULTIES:
        raise ScenarioError(f"{path}: difficulty {texts['difficulty']!r} is not one of {', '.join(DIFFICULTIES)}")
    setup = data.get("setup", [])
    for number, step in enumerate(setup, 1):
        where = f"setup step {number}: "
        if "fault" in step:
            try:
                faults.parse(_require(path, step, "fault", str, where).split(), default_device_names())
            except faults.FaultError as exc:
                raise ScenarioError(f"{path}: {where}{exc}") from None
        elif "advance" in step:
            try:
                parse_duration(_require(path, step, "advance", str, where))
            except ValueError as exc:
                raise ScenarioError(f"{path}: {where}{exc}") from None
        else:
            device = _require(path, step, "device", str, where)
            if device not in default_device_names():
                raise ScenarioError(f"{path}: {where}no device {device!r} (devices: {', '.join(default_device_names())})")
            if not all(isinstance(line, str) for line in _require(path, step, "commands", list, where)):
                raise ScenarioError(f"{path}: {where}`commands` holds something other than lines of text")
    goals = []
    for number, raw in enumerate(data.get("goal", []), 1):
        where = f"goal {number}: "
        check = _require(path, raw, "check", str, where)
        if check not in GOALS:
            raise ScenarioError(f"{path}: {where}unknown check {check!r} (known: {', '.join(GOALS)})")
        args = {name: _require(path, raw, name, str, where) for name in GOALS[check][0]}
        for name, value in args.items():
            problem = _argument_problem(name, value)
            if problem:
                raise ScenarioError(f"{path}: {where}{problem}")
        goals.append(Goal(check, args, _require(path, raw, "hint", str, where)))
    if not goals:
        raise ScenarioError(f"{path}: a scenario needs at least one [[goal]]")
    return Scenario(path.stem, path, **{k: _paragraphs(v) for k, v in texts.items()},
                    symptoms=_require(path, data, "symptoms", list), setup=setup, goals=goals)


def _argument_problem(name: str, value: str) -> str | None:
    """What is wrong with a goal's argument (the others are any text)."""
    if name == "device" and value not in default_device_names():
        return f"no device {value!r} (devices: {', '.join(default_device_names())})"
    if name == "link" and value not in LINKS:
        return f"no link {value!r} (links: {', '.join(LINKS)})"
    if name == "path":
        try:
            _at(etree.Element("entry"), value)
        except ScenarioError as exc:
            return str(exc)
    return None


def available(extra: Path | None = None) -> dict[str, Path]:
    """Scenario name -> file: the built-in ones, then those of extra (which may shadow them)."""
    found = {p.stem: p for p in sorted(builtin_dir().glob("*.toml"))}
    if extra is not None:
        found.update({p.stem: p for p in sorted(Path(extra).glob("*.toml"))})
    return found


def find(name: str, extra: Path | None = None) -> Scenario:
    known = available(extra)
    if name not in known:
        raise ScenarioError(f"unknown scenario {name!r} (known: {', '.join(known)})")
    return load(known[name])


def ephemeral(scenario: Scenario, clock: Clock) -> Lab:
    """A fresh pair in the scenario's state (`panshell --scenario NAME`, `lab reset`). On a
    wall clock the setup plays on a fixed clock that ends now: the story happened just before,
    its `advance` steps included."""
    if isinstance(clock, FixedClock):
        lab = Lab.ephemeral(clock)
        scenario.build(lab)
    else:
        setup_time = sum((parse_duration(step["advance"]) for step in scenario.setup if "advance" in step), timedelta())
        lab = Lab.ephemeral(FixedClock(clock.now() - setup_time, step=timedelta(0)))
        scenario.build(lab)
        lab.clock = lab.pair.clock = clock
    lab.scenario = str(scenario.path)
    return lab


def check(lab: Lab) -> dict:
    """The lab's goals, each met or not (`panshell lab check`)."""
    if not lab.scenario:
        raise ScenarioError("this lab was not started from a scenario (panshell lab reset --scenario NAME)")
    path = Path(lab.scenario)
    scenario = load(path) if path.is_file() else find(path.stem)  # a built-in one, since moved with the package
    results = []
    for number, goal in enumerate(scenario.goals, 1):
        try:
            met = goal.met(lab)
        except ScenarioError as exc:  # a path lxml tells bad only now (_at)
            raise ScenarioError(f"{scenario.path}: goal {number}: {exc}") from None
        results.append({"check": goal.check, "what": goal.what, "met": met, "hint": goal.hint})
    return {"scenario": scenario.name, "title": scenario.title, "fixed": all(r["met"] for r in results),
            "goals": results}
