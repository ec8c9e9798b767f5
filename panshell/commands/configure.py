"""Configure mode: editing the shared candidate, commit, save and load."""
from __future__ import annotations

from lxml import etree

from ..backend import edits
from ..backend.commit import validate_job
from ..backend.config import ConfigError, PanConfig
from ..backend.configtree import (ROOT_ELEMENT, PathError, apply_delete, apply_set, clone_entry, find_target,
                                  move_entry, path_words, rename_entry)
from ..backend.jobs import COMMIT_OK
from ..backend.operations import NoChanges, commit
from ..backend.partial import PARTS, Scope, location_of
from ..backend.passwords import md5_crypt, salt_for
from ..backend.storage import RUNNING_CONFIG
from ..parser import INVALID_SYNTAX, CommandError
from ..render import config as render
from . import Context, Failed, Question, handler

PROGRESS = ".....55%75%98%.......100%"


def _is_list(node) -> bool:
    return any(c.kind == "value" and c.name == "name" for c in node.children)


def _entry(ctx: Context):
    """The list entry a rename/copy/move path names (it must exist)."""
    last = ctx.path[-1][0]  # the parser only runs a path command on a path
    if last.kind != "value" or last.name != "name":
        raise CommandError(INVALID_SYNTAX)
    target = find_target(ctx.device.candidate, ctx.path)
    if target.element is None:
        raise CommandError("Server error : Object doesn't exist")
    return target.element


def _unlocked(ctx: Context) -> None:
    """Another administrator's lock stops the change, and nothing changes (backend/edits.py)."""
    try:
        edits.begin(ctx.device, ctx.session.editor)
    except edits.EditError as exc:
        raise CommandError(f"Server error : {exc}") from None


def _log_change(ctx: Context, command: str, path: list[str], locations: list, before: str = "", after: str = "") -> None:
    """A change to this device's candidate at locations (backend/partial.py): its config log entry
    (both are saved after the command)."""
    edits.record(ctx.device, ctx.session.editor, ctx.lab.clock.now(), command, " ".join(path), locations,
                 before, after)


@handler("configure")
def configure(ctx: Context):
    ctx.session.mode, ctx.session.edit_path = "config", []
    return "Entering configuration mode\n"


def _ask_password(ctx: Context) -> str:
    """`set mgt-config users NAME password`: PAN-OS asks twice, unechoed, and keeps the hash."""
    user = ctx.path[:-1]

    def entered(first: str) -> str:
        def confirmed(second: str) -> str:
            if second != first:  # inferred text: no public sample of the mismatch
                raise CommandError("Passwords do not match")
            entry = find_target(ctx.device.candidate, user).element
            if entry is None:
                apply_set(ctx.device.candidate, user)
                entry = find_target(ctx.device.candidate, user).element
            phash = entry.find("phash")
            if phash is None:
                phash = etree.SubElement(entry, "phash")
            phash.text = md5_crypt(first, salt_for(ctx.session.user, ctx.lab.clock.now()))
            _log_change(ctx, "set", path_words(ctx.path), [location_of(phash)])
            return "\n"

        ctx.session.question = Question("Confirm password : ", confirmed, secret=True)
        return ""

    ctx.session.question = Question("Enter password   : ", entered, secret=True)
    return ""


@handler("config_set")
def config_set(ctx: Context):
    _unlocked(ctx)
    if ctx.path[-1][0].notes.get("prompt") == "password":
        return _ask_password(ctx)
    try:
        applied = apply_set(ctx.device.candidate, ctx.path)
    except PathError as exc:
        raise CommandError(f"Server error : {exc}") from None
    locations, (last, value) = applied.touched, ctx.path[-1]
    if applied.leaves == 1 and last.kind == "value" and last.name == "value":  # one leaf: log its old and new value
        _log_change(ctx, "set", path_words(ctx.path[:-1]), locations, applied.previous or "", value)
    else:
        _log_change(ctx, "set", path_words(ctx.path), locations)
    return "\n"


@handler("config_delete")
def config_delete(ctx: Context):
    _unlocked(ctx)
    if path_words(ctx.path) == [ROOT_ELEMENT]:
        raise CommandError(INVALID_SYNTAX)  # `delete config`: the root element itself stays
    try:
        location = apply_delete(ctx.device.candidate, ctx.path)
    except PathError as exc:
        raise CommandError(f"Server error : {exc}") from None
    _log_change(ctx, "delete", path_words(ctx.path), [location])
    return "\n"


@handler("config_edit")
def config_edit(ctx: Context):
    node = ctx.path[-1][0]
    if node.holds_values or node.kind == "value" and node.name != "name":
        raise CommandError(INVALID_SYNTAX)  # a leaf cannot be an edit level
    ctx.session.edit_path = path_words(ctx.path)
    return "\n"


@handler("config_up")
def config_up(ctx: Context):
    steps = ctx.session.parsers["config"].match(["edit", *ctx.session.edit_path]).schema_steps[:-1]
    if steps and _is_list(steps[-1][0]):
        steps = steps[:-1]  # from an entry up past its list, to the list's container
    ctx.session.edit_path = path_words(steps)
    return "\n"


@handler("config_top")
def config_top(ctx: Context):
    ctx.session.edit_path = []
    return "\n"


@handler("config_show")
def config_show(ctx: Context):
    candidate = ctx.device.candidate
    if not ctx.path:
        element = None
    else:
        target = find_target(candidate, ctx.path)
        if target.element is None:
            return ""
        element = target.element
    text = render.render(candidate, element, ctx.session.settings.config_output_format)
    return text + "\n" if text else ""


@handler("config_rename")
def config_rename(ctx: Context):
    _unlocked(ctx)
    entry = _entry(ctx)
    was = location_of(entry)
    name = _new_name(ctx)
    _entry_change(lambda: rename_entry(ctx.device.candidate, entry, name))
    _log_change(ctx, "rename", path_words(ctx.path), [was, location_of(entry)], before=ctx.path[-1][1],
                after=ctx.args["new-name"])
    return "\n"


@handler("config_copy")
def config_copy(ctx: Context):
    _unlocked(ctx)
    entry = _entry(ctx)
    name = _new_name(ctx)
    clone = _entry_change(lambda: clone_entry(ctx.device.candidate, entry, name))
    _log_change(ctx, "clone", path_words(ctx.path), [location_of(clone)], after=ctx.args["new-name"])
    return "\n"


@handler("config_move")
def config_move(ctx: Context):
    _unlocked(ctx)
    where = ctx.keywords[-1]  # top, bottom, before or after
    entry = _entry(ctx)
    _entry_change(lambda: move_entry(ctx.device.candidate, entry, where, ctx.args.get("ref", "")))
    _log_change(ctx, "move", path_words(ctx.path), [location_of(entry.getparent())],
                after=" ".join([where, ctx.args.get("ref", "")]).strip())
    return "\n"


def _new_name(ctx: Context) -> str:
    """The name a rename or copy gives: one the list's entries may have, as `set` checks it (the
    parser's words for a bad value; no public sample of PAN-OS's)."""
    problem = ctx.path[-1][0].vtype.check(ctx.args["new-name"])
    if problem:
        raise CommandError(f"new-name: {problem}\n{INVALID_SYNTAX}")
    return ctx.args["new-name"]


def _entry_change(change):
    try:
        return change()
    except PathError as exc:
        raise CommandError(f"Server error : {exc}") from None


@handler("config_validate", waits=True)
def config_validate(ctx: Context):
    job = validate_job(ctx.device, ctx.session.user, ctx.lab.clock.now())
    return f"Validate job enqueued with jobid {job.id}\n\n"


@handler("config_commit", waits=True)
def config_commit(ctx: Context):
    try:
        job = commit(ctx.lab, ctx.device, ctx.session.editor, ctx.args.get("description", ""), _scope(ctx),
                     force="force" in ctx.keywords)
    except NoChanges as exc:
        return f"{exc}\n\n"
    except edits.EditError as exc:
        raise CommandError(f"Server error : {exc}") from None
    head = f"\nCommit job {job.id} is in progress. Use Ctrl+C to return to command prompt\n"
    if job.result == "OK":
        # `100%` and the success line in one piece: netmiko's commit() reads them together
        return head + f"{PROGRESS}\n{COMMIT_OK}\n\n"
    return Failed(head + "\n".join(job.details) + "\n\n")


def _scope(ctx: Context) -> Scope:
    """`commit partial admin [ a b ] device-and-network excluded ...`: what this commit takes."""
    if "partial" not in ctx.keywords:
        return Scope()
    admins = ctx.args.get("member")
    return Scope(None if admins is None else tuple(admins if isinstance(admins, list) else [admins]),
                 frozenset(part for part in PARTS if part in ctx.keywords))


@handler("config_revert")
def config_revert(ctx: Context):
    _unlocked(ctx)
    ctx.device.candidate, ctx.device.pending = ctx.device.running.copy(), []
    _log_change(ctx, "revert", [], [])
    return "\n"


@handler("config_save")
def config_save(ctx: Context):
    name = ctx.args["filename"]
    ctx.device.store.save_named(name, ctx.device.candidate.to_bytes())
    return f"Config saved to {name}\n"


def named_config(ctx: Context, name: str) -> PanConfig:
    """A configuration file kept in the lab (`save config to`), parsed; PAN-OS's error if not."""
    data = ctx.device.running.to_bytes() if name == RUNNING_CONFIG else ctx.device.store.load_named(name)
    if data is None:
        raise CommandError(f"Server error : {name} not found")
    try:
        return PanConfig.from_bytes(data)
    except ConfigError as exc:
        raise CommandError(f"Server error : {name}: {exc}") from None


@handler("config_load")
def config_load(ctx: Context):
    _unlocked(ctx)
    name = ctx.args["filename"]
    ctx.device.candidate = named_config(ctx, name)
    _log_change(ctx, "load", [name], [()])
    return f"Config loaded from {name}\n"


@handler("config_exit")
def config_exit(ctx: Context):
    ctx.session.mode, ctx.session.edit_path = "op", []
    warning = "Warning: the candidate configuration has uncommitted changes\n" if ctx.device.has_changes else ""
    return warning + "Exiting configuration mode\n"
