"""PAN-OS's XML API on one device, as its clients use it (../shared/panos-xmlapi.md): a
request's parameters in, an HTTP status and a `<response>` out. No HTTP here (api/http.py).

Op commands go through the same op grammar and handlers as the CLI (`<show><jobs><id>5</id>`
is `show jobs id 5`); a handler's View gives the XML, plain text becomes the result's text.
Config changes take the CLI's edit path (backend/edits.py), logged with client `Web`.
Error codes: 403 bad credentials, 7 no such node, 12 invalid object, 17 invalid command
(PAN-OS's codes as its documentation lists them); the texts of our own refusals (an override
without a template, an edit whose element is not the node) are inferred.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from ..backend import configapi, configtree, edits
from ..backend.config import ConfigError, PanConfig, holds_entities
from ..backend.configapi import EditError, NoSuchNode
from ..backend.device import Device
from ..commands import CONTINUE
from ..backend.lab import Lab
from ..backend.operations import NoChanges, commit
from ..backend.partial import PARTS, Scope, location_of
from ..grammarfile import FILENAME
from ..render import local_time
from ..render.config import quote
from ..render.views import JobEnqueued, View, text_response
from ..session import Session

MAX_CMD = 64 * 1024  # bytes of a cmd or element parameter
CONFIGURE_MODE_OPS = ("load", "save", "revert")
MAX_LOG_JOBS = 100  # log query results kept for action=get  # op XML the API takes for configure-mode commands
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=True)
SERVER_ERROR = "Server error : "


@dataclass
class Keys:
    """API keys of the lab's users: derived from a secret the lab keeps, so a key stays valid
    across restarts and is URL-safe (pan.xapi does not encode it)."""

    secret: bytes
    check_password: Callable[[str, str], bool]
    users: dict[str, str] = field(default_factory=dict)  # key -> user, of keys handed out or checked

    def key_for(self, user: str) -> str:
        digest = hmac.new(self.secret, user.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def user_of(self, key: str, known_users) -> str | None:
        if key not in self.users:
            for user in known_users:
                if hmac.compare_digest(self.key_for(user), key):
                    self.users[key] = user
        return self.users.get(key)


@dataclass
class Request:
    params: dict[str, str]
    key: str | None = None  # from key=, X-PAN-KEY, or resolved Basic credentials
    basic: tuple[str, str] | None = None
    host: str = ""
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (file name, content)


def _xml(response: etree._Element) -> bytes:
    return etree.tostring(response, encoding="UTF-8")


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def error(message: str, code: int | None = None, status: int = 200) -> tuple[int, bytes]:
    """An error answer; what it echoes of the request loses the characters XML cannot hold."""
    response = etree.Element("response", status="error", **({"code": str(code)} if code else {}))
    msg = etree.SubElement(response, "msg")
    for line in NOT_XML.sub("", message).strip("\n").splitlines() or [""]:
        etree.SubElement(msg, "line").text = line
    return status, _xml(response)


def success(code: int | None = None, message: str | None = None, result: etree._Element | None = None) -> tuple[int, bytes]:
    response = etree.Element("response", status="success", **({"code": str(code)} if code else {}))
    if message is not None:
        etree.SubElement(response, "msg").text = message
    if result is not None:
        response.append(result)
    return 200, _xml(response)


class Api:
    """One device's API, on the lab that serves it."""

    def __init__(self, lab: Lab, device: Device, keys: Keys, known_users: Callable[[], list[str]]):
        self.lab, self.device, self.keys, self.known_users = lab, device, keys, known_users
        self.log_jobs: dict[str, etree._Element] = {}  # log query job id -> its result, as run
        self.log_queries = 0

    def handle(self, request: Request) -> tuple[int, bytes]:
        """One request's answer; a bug in panshell is an error response, never a traceback."""
        try:
            return self._handle(request)
        except Exception as exc:  # noqa: BLE001 (as the CLI's `Server error : internal error`)
            if os.environ.get("PANSHELL_DEBUG"):
                raise
            return error(f"internal error ({type(exc).__name__}: {exc})")

    def _handle(self, request: Request) -> tuple[int, bytes]:
        params = request.params
        kind = params.get("type", "")
        if not self.device.powered:
            return 503, b""  # a powered-off firewall does not answer (clients fail over)
        self.lab.tick()  # the lab clock's timers (a booting member's hold, a preemption)
        if kind == "keygen":
            user, password = params.get("user", ""), params.get("password", "")
            if not self.keys.check_password(user, password):
                return 403, _xml(_invalid_credentials())
            key = etree.Element("result")
            etree.SubElement(key, "key").text = self.keys.key_for(user)
            return success(result=key)
        user = self._user(request)
        if user is None:
            return 403, _xml(_invalid_credentials())
        handler = {"version": self._version, "op": self._op, "config": self._config, "commit": self._commit,
                   "export": self._export, "log": self._log}.get(kind)
        if handler is None and kind != "import":
            return error(f"Unknown type '{kind}'" if kind else "Missing type", 17)
        session = Session(self.lab, self.device, user, client="Web", host=request.host)
        try:
            return self._import(request.files, params) if kind == "import" else handler(session, params)
        except EditError as exc:
            return error(str(exc), 7 if isinstance(exc, NoSuchNode) else 12)

    def _user(self, request: Request) -> str | None:
        if request.basic is not None:
            user, password = request.basic
            return user if self.keys.check_password(user, password) else None
        key = request.key or request.params.get("key")
        return self.keys.user_of(key, self.known_users()) if key else None

    # -- type=version and type=op ---------------------------------------------------

    def _version(self, session: Session, params) -> tuple[int, bytes]:
        result = etree.Element("result")
        identity = self.device.identity
        for tag, value in (("sw-version", identity["sw-version"]), ("multi-vsys", "off"),
                           ("model", identity["model"]), ("serial", identity["serial"])):
            etree.SubElement(result, tag).text = value
        return success(result=result)

    def _op(self, session: Session, params) -> tuple[int, bytes]:
        words = _op_words(params.get("cmd", ""))
        if words[0] in CONFIGURE_MODE_OPS:  # `<load><config><from>...`: configure mode's commands
            session.execute("configure")
        outcome = session.execute(" ".join(quote(w) for w in words))
        if outcome.ok and session.question is not None and session.question.prompt.endswith(CONTINUE):
            outcome = session.execute("y")  # the API has no one to ask: the command runs as if answered y
        if not outcome.ok:
            text = outcome.output.strip()
            return error(text[len(SERVER_ERROR):] if text.startswith(SERVER_ERROR) else text,
                         None if text.startswith(SERVER_ERROR) else 17)
        if isinstance(outcome.view, View):
            return 200, _xml(outcome.view.response())
        return 200, _xml(text_response(outcome.output))

    # -- type=config -------------------------------------------------------------------

    def _config(self, session: Session, params) -> tuple[int, bytes]:
        action, xpath = params.get("action", ""), params.get("xpath", "")
        if action in ("get", "show"):
            config = self.device.candidate if action == "get" else self.device.running
            if action == "show" and not xpath:
                return success(result=_wrap([config.root]))
            found = configapi.select(config, xpath)
            if not found and action == "show":
                raise NoSuchNode("No such node")
            return success(19, result=_wrap(found))
        if action == "override":  # overrides a Panorama template's value; a lab firewall has no templates
            return error("Cannot override: no template value at this node (the firewall is not managed by Panorama)", 12)
        change = {"set": self._set, "edit": self._edit, "delete": self._delete, "rename": self._rename,
                  "move": self._move, "clone": self._clone}.get(action)
        if change is None:
            return error(f"Unknown action '{action}'" if action else "Missing action", 17)
        edits.begin(self.device, session.editor)
        message, changes = change(params, xpath)
        for label, locations in changes:
            edits.record(self.device, session.editor, self.lab.clock.now(), action,
                         " ".join(_log_path(xpath) + label), locations)
        self.lab.persist()  # saved with the lab, as after a CLI command
        return success(20, message)

    def _set(self, params, xpath) -> tuple[str, list]:
        elements = configapi.parse_element(_limited(params.get("element", "")))
        configapi.check(self.device.candidate, xpath, elements)
        target = configapi.ensure(self.device.candidate, xpath)
        for element in elements:
            configapi.merge(self.device.candidate, target, element)
        at = location_of(target)
        return "command succeeded", [(_label(e), [at + ((e.tag, e.get("name")),)]) for e in elements]

    def _edit(self, params, xpath) -> tuple[str, list]:
        elements = configapi.parse_element(_limited(params.get("element", "")))
        if len(elements) != 1 or elements[0].tag != configapi.last_tag(xpath):
            raise EditError("edit: the element must be the node the xpath names")
        configapi.check(self.device.candidate, configapi.parent_of(xpath), elements)
        configapi.replace(self.device.candidate, xpath, elements[0])
        return "command succeeded", [([], [location_of(configapi.ensure(self.device.candidate, xpath))])]

    def _delete(self, params, xpath) -> tuple[str, list]:
        found = [e for e in configapi.select(self.device.candidate, xpath) if isinstance(e, etree._Element)]
        locations = [location_of(element) for element in found]
        for element in found:
            self.device.candidate.remove(element)
        return ("command succeeded", [([], locations)]) if found else ("Object doesn't exist", [])

    def _entry(self, xpath: str) -> etree._Element:
        found = [e for e in configapi.select(self.device.candidate, xpath) if isinstance(e, etree._Element)]
        if len(found) != 1 or found[0].tag != "entry":
            raise NoSuchNode("No such node")
        return found[0]

    @staticmethod
    def _new_name(params) -> str:
        if not params.get("newname"):
            raise EditError("newname is missing")
        return params["newname"]

    def _rename(self, params, xpath) -> tuple[str, list]:
        entry = self._entry(xpath)
        was = location_of(entry)
        configtree.rename_entry(self.device.candidate, entry, self._new_name(params))
        return "command succeeded", [([params["newname"]], [was, location_of(entry)])]

    def _clone(self, params, xpath) -> tuple[str, list]:
        clone = configtree.clone_entry(self.device.candidate, self._entry(params.get("from", "")),
                                       self._new_name(params))
        return "command succeeded", [([params["newname"]], [location_of(clone)])]

    def _move(self, params, xpath) -> tuple[str, list]:
        entry = self._entry(xpath)
        configtree.move_entry(self.device.candidate, entry, params.get("where", ""), params.get("dst", ""))
        return "command succeeded", [([], [location_of(entry.getparent())])]

    # -- type=commit and type=export ------------------------------------------------------

    def _commit(self, session: Session, params) -> tuple[int, bytes]:
        cmd = _parse_cmd(params.get("cmd", "<commit/>"))
        if cmd.tag != "commit":
            return error("Invalid commit command", 17)
        try:
            job = commit(self.lab, self.device, session.editor, cmd.findtext("description") or "",
                         _scope(cmd.find("partial")), force=cmd.find("force") is not None)
        except NoChanges as exc:
            return success(19, str(exc))
        self.lab.persist()
        return 200, _xml(JobEnqueued(f"Commit job enqueued with jobid {job.id}", job.id).response())

    def _log(self, session: Session, params) -> tuple[int, bytes]:
        """A log query is a job (`query job enqueued with jobid N`), fetched with action=get."""
        if params.get("action") == "get":
            found = self.log_jobs.get(params.get("job-id", ""))
            if found is None:
                return error(f"job {params.get('job-id', '')} not found", 17)
            return success(result=found)
        kind = params.get("log-type", "")
        if kind not in LOG_FIELDS:
            return error(f"Unknown log-type '{kind}'" if kind else "Missing log-type", 17)
        query = {k: v for k, v in _query(params.get("query", "")).items() if k in LOG_FIELDS[kind]}
        entries = self.device.logs.select(kind, self.lab.clock.now(), **query)
        try:
            skip, count = int(params.get("skip") or 0), min(int(params.get("nlogs") or 20), 5000)
        except ValueError:
            return error("nlogs and skip are numbers", 17)
        self.log_queries += 1
        job_id = str(self.log_queries)
        if len(self.log_jobs) >= MAX_LOG_JOBS:  # the oldest query's result goes
            del self.log_jobs[next(iter(self.log_jobs))]
        self.log_jobs[job_id] = _log_result(job_id, kind, entries[skip:skip + count], self.lab.clock.now(), self.device)
        return 200, _xml(JobEnqueued(f"query job enqueued with jobid {job_id}", int(job_id)).response())

    def _import(self, files: dict[str, tuple[str, bytes]], params) -> tuple[int, bytes]:
        """`type=import&category=configuration`: an uploaded config kept as a named file, for
        `load config from` (napalm's replace). The success line is inferred."""
        if params.get("category") != "configuration":
            return error(f"Unknown category '{params.get('category', '')}'", 17)
        if "file" not in files:
            return error("No file uploaded", 17)
        name, data = files["file"]
        if not FILENAME.fullmatch(name):
            return error(f"Invalid file name '{name}'", 17)
        try:
            PanConfig.from_bytes(data)
        except ConfigError as exc:
            return error(f"{name}: {exc}", 12)
        self.device.store.save_named(name, data)
        response = etree.Element("response", status="success")
        etree.SubElement(etree.SubElement(response, "msg"), "line").text = f"{name} saved"
        return 200, _xml(response)

    def _export(self, session: Session, params) -> tuple[int, bytes]:
        if params.get("category") != "configuration":
            return error(f"Unknown category '{params.get('category', '')}'", 17)
        return 200, self.device.running.to_bytes(indented=True)


QUERY_TERM = re.compile(r"\(\s*(subtype|severity|eventid|admin|cmd|result|app|rule|from|to|action|session_end_reason)"
                        r"\s+eq\s+'?([\w.-]+)'?\s*\)")
LOG_FIELD = {"eventid": "event", "cmd": "command", "app": "application", "from": "from_zone", "to": "to_zone",
             "session_end_reason": "end_reason"}  # the query's names for the entries' fields
LOG_FIELDS = {"system": {"subtype", "severity", "event"}, "config": {"admin", "command", "result"},
              "traffic": {"application", "rule", "from_zone", "to_zone", "action", "end_reason"}}


def _query(text: str) -> dict[str, str]:
    """A log query's `(field eq value)` terms (joined by `and`) as the fields to match."""
    return {LOG_FIELD.get(field, field): value for field, value in QUERY_TERM.findall(text)}


def _log_result(job_id: str, kind: str, entries: list, now, device: Device) -> etree._Element:
    """The finished query job and its entries, with the fields API clients read."""
    result = etree.Element("result")
    job = etree.SubElement(result, "job")
    for tag, text in (("id", job_id), ("status", "FIN"), ("tenq", f"{now:%Y/%m/%d %H:%M:%S}")):
        etree.SubElement(job, tag).text = text
    logs = etree.SubElement(etree.SubElement(result, "log"), "logs", count=str(len(entries)), progress="100")
    for n, entry in enumerate(entries, 1):
        row = etree.SubElement(logs, "entry", logid=str(n))
        stamp = f"{local_time(datetime.fromisoformat(entry.time), device.timezone):%Y/%m/%d %H:%M:%S}"
        fields = [("receive_time", stamp), ("serial", device.identity["serial"]), ("type", kind.upper()),
                  ("time_generated", stamp)]
        if kind == "system":
            fields += [("subtype", entry.subtype), ("eventid", entry.event), ("object", entry.object),
                       ("module", entry.module), ("severity", entry.severity), ("opaque", entry.description)]
        elif kind == "traffic":
            fields += _traffic_fields(entry, device.timezone)
        else:
            fields += [("host", entry.host or "Console"), ("cmd", entry.command), ("admin", entry.admin),
                       ("client", entry.client), ("result", entry.result), ("path", entry.path)]
        for tag, text in fields:
            etree.SubElement(row, tag).text = text or None
    return result


def _traffic_fields(e, timezone: str) -> list[tuple[str, str]]:
    """A traffic entry under the field names of PAN-OS's traffic log (its syslog field reference)."""
    start = f"{local_time(datetime.fromisoformat(e.start), timezone):%Y/%m/%d %H:%M:%S}"
    values = [("subtype", e.subtype), ("src", e.source), ("dst", e.destination), ("natsrc", e.nat_source),
              ("natdst", e.nat_destination), ("rule", e.rule), ("srcuser", e.src_user), ("dstuser", e.dst_user),
              ("app", e.application), ("vsys", e.vsys), ("from", e.from_zone), ("to", e.to_zone),
              ("inbound_if", e.ingress), ("outbound_if", e.egress), ("sessionid", e.session_id),
              ("sport", e.sport), ("dport", e.dport), ("natsport", e.nat_sport), ("natdport", e.nat_dport),
              ("proto", e.protocol), ("action", e.action), ("bytes", e.bytes_sent + e.bytes_received),
              ("bytes_sent", e.bytes_sent), ("bytes_received", e.bytes_received),
              ("packets", e.packets_sent + e.packets_received), ("start", start), ("elapsed", e.elapsed),
              ("pkts_sent", e.packets_sent), ("pkts_received", e.packets_received),
              ("session_end_reason", e.end_reason)]
    return [(name, str(value)) for name, value in values]


def _scope(partial: etree._Element | None) -> Scope:
    """`<partial><admin><member>a</member></admin><shared-object>excluded</shared-object>...`"""
    if partial is None:
        return Scope()
    admins = partial.find("admin")
    excluded = {child.tag for child in partial if child.tag in PARTS and (child.text or "").strip() == "excluded"}
    unknown = [child.tag for child in partial if child.tag not in PARTS and child.tag != "admin"]
    if unknown:
        raise EditError(f"partial: {unknown[0]} unexpected here")
    return Scope(None if admins is None else tuple(m.text or "" for m in admins.findall("member")), frozenset(excluded))


def _invalid_credentials() -> etree._Element:
    response = etree.Element("response", status="error", code="403")
    etree.SubElement(etree.SubElement(response, "result"), "msg").text = "Invalid Credential"
    return response


def _limited(text: str) -> str:
    if len(text.encode()) > MAX_CMD:
        raise EditError("Request too large")
    return text


def _parse_cmd(text: str) -> etree._Element:
    try:
        root = etree.fromstring(_limited(text).encode(), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise EditError(f"Malformed command: {exc}") from None
    if holds_entities(root):
        raise EditError("Malformed command: entities are not allowed")
    return root


def _op_words(text: str) -> list[str]:
    """An op command's XML as the CLI's words: each element its tag, a text its value
    (`<show><jobs><id>5</id></jobs></show>` -> show jobs id 5), an `<entry name='x'/>` its name
    (`<show><arp><entry name='all'/></arp></show>` -> show arp all)."""
    words: list[str] = []

    def walk(element: etree._Element) -> None:
        words.append(element.get("name") if element.tag == "entry" and element.get("name") else element.tag)
        children = [c for c in element if isinstance(c.tag, str)]
        if not children and element.text and element.text.strip():
            words.append(element.text.strip())
        for child in children:
            walk(child)

    walk(_parse_cmd(text))
    return words


def _wrap(found: list) -> etree._Element:
    """`get`'s result: the nodes found (an attribute's value stands for its element's entry)."""
    result = etree.Element("result", **{"total-count": str(len(found)), "count": str(len(found))})
    for item in found:
        if isinstance(item, etree._Element):
            result.append(deepcopy(item))
        elif getattr(item, "is_attribute", False):
            result.append(etree.Element("entry", name=str(item)))
        else:
            result.text = (result.text or "") + str(item)
    return result


def _log_path(xpath: str) -> list[str]:
    """The config log's path of an API change, as the CLI's would read: element names and entry
    names, without the device (and vsys1) in front."""
    words = []
    for step in configapi.split(xpath)[1:]:
        tag, _, predicate = step.partition("[")
        name = predicate.split("=", 1)[1].strip("]'\"") if "@name" in predicate else None
        words.append(name if tag == "entry" and name else tag)
    for prefix in (["devices", "localhost.localdomain"], ["devices", "entry"], ["vsys", "vsys1"]):
        if words[:2] == prefix:
            words = words[2:]
    return words


def _label(element: etree._Element) -> list[str]:
    return [element.get("name")] if element.tag == "entry" and element.get("name") else [element.tag]
