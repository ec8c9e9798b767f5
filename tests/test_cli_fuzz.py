"""Any line typed at the CLI gets a PAN-OS answer (never a bug), a refused one changes nothing,
and Tab and `?` hold up on every prefix: lines walked through the grammar's own words (with the
default lab's names, addresses and interfaces as values), then garbled with noise, in operational
and configure mode, with `|` pipes, on both firewalls; and `#!` transcript directives, faults and
scenario files, well formed and garbled, give their own error (TranscriptError, FaultError,
ScenarioError) and nothing else. conftest sets PANSHELL_DEBUG, so a handler's bug raises here
instead of printing `Server error`.

"Every completion leads to a command" means (test_every_completion_leads_to_a_command): a *state*
is a list of words the parser accepts (CommandParser.match does not raise). Its *moves* are the
words Tab offers after it (Session.completions with nothing typed: keywords, choices, existing
names) and, where the grammar awaits a value that offers no choices, one valid value of the
value's type (valid_samples). From every state a walk reaches, on a lab that a few random lines
have changed, every move is accepted by the parser, and some sequence of at most COMPLETE_DEPTH
moves ends in a whole command (the parser's `parse` succeeds and names a handler): a
breadth-first search, in which two states that continue alike (same `signature`) count once.
That is the parser's word: a handler may still refuse what parsed (`edit` of a leaf, `request
system software download` without its version), which the first test covers as any refusal.

CI runs a bounded number of examples (~20 s on a 2-core machine). A longer run multiplies every
test's examples, e.g. by 50, and also walks every state of both grammars, not a sample
(test_no_state_of_the_grammar_is_a_dead_end, ~80 s):

    PANSHELL_FUZZ_SCALE=50 .venv/bin/python -m pytest tests/test_cli_fuzz.py
"""
from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from panshell import scenario, transcript
from panshell.backend.clock import FixedClock
from panshell.backend.ha import faults
from panshell.backend.lab import Lab, default_device_names
from panshell.grammarfile import ChoiceType, IntRange, ParsedType
from panshell.parser import CommandError, CommandParser
from panshell.render.config import quote
from panshell.session import Session

START = datetime(2026, 11, 25, tzinfo=timezone.utc)
SCALE = int(os.environ.get("PANSHELL_FUZZ_SCALE", "1"))
COMPLETE_DEPTH = 12


def examples(count: int) -> settings:
    return settings(max_examples=count * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _default_lab_words() -> tuple[list[str], list[str], list[str]]:
    """The default lab's entry names, addresses and interfaces, read from its configs."""
    lab = Lab.ephemeral(FixedClock(START))
    text = "".join(d.running.to_bytes().decode() for d in lab.devices.values())
    names = sorted(set(re.findall(r'<entry name="([^"]+)"', text)))
    addresses = sorted(set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?", text)))
    interfaces = sorted(n for n in names if re.fullmatch(r"(ethernet|ae|tunnel|loopback|vlan)[\d/.]*", n))
    return names, addresses, interfaces


NAMES, ADDRESSES, INTERFACES = _default_lab_words()
HOSTS = sorted({a.split("/")[0] for a in ADDRESSES})
REGEXES = ["state", "^ha", "[0-9]+", "a|b", ".*", "(", "[", "*", "a{2,", "\\", "(?P<x", "(?<=a+)b", "(a*)*$"]
NOISE_WORDS = ["", " ", '"', "'", '"a b"', "'a'", "|", "||", "[", "]", "[ a b ]", "[ ]", "?", "-1", "0",
               "99999999999", "nul\x00l", "tab\there", "ünï©ødé", "\u202e", "日本", "\x1b[A", "\\", '\\"', "#!",
               "\r", "...", "/", "a" * 300, "9" * 40, "any", "none", "yes", "no", "on", "off", "y", "n", "to"]
noise_word = (st.sampled_from(NOISE_WORDS) | st.just("x" * 5000)
              | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))


# -- values for the grammar's typed words ----------------------------------------------------


def valid_samples(vtype) -> list[str]:
    """Values of a type, all valid (checked), realistic ones first."""
    if isinstance(vtype, ChoiceType):
        found = vtype.choices()
    elif isinstance(vtype, IntRange):
        found = [str(vtype.low), str(vtype.high), str((vtype.low + vtype.high) // 2)]
    elif isinstance(vtype, ParsedType):
        found = {"IPv4 address": HOSTS, "IPv4 prefix": [a for a in ADDRESSES if "/" in a] + ["10.0.0.0/8"],
                 "IP address/netmask": ADDRESSES, "IP range": ["10.0.0.1-10.0.0.9"], "interface name": INTERFACES,
                 "file name": ["running-config.xml", "backup-1.xml"], "regular expression": REGEXES}.get(vtype.what, [])
    else:
        found = NAMES + ["a", "new-object-1", "text with spaces"]
    return [v for v in found if vtype.check(v) is None] or ["a"]


def invalid_samples(vtype) -> list[str]:
    if isinstance(vtype, IntRange):
        return [str(vtype.low - 1), str(vtype.high + 1), "x", "1.5"]
    return ["999.1.1.1", "10.0.0.0/33", "ethernet9", "../x", "x" * 64, "-lead", "bad/name", *REGEXES]


# -- the grammar walk ------------------------------------------------------------------------


def candidates(session: Session, words: list[str]):
    """What the grammar allows after words (which it must accept), in the session's mode."""
    return session.parser.match(session.with_edit_path(words)).candidates()


def line_of(words: list[str]) -> str:
    return " ".join(quote(w) for w in words)


def tab(session: Session, words: list[str]) -> list[str]:
    return session.completions(line_of(words) + " " if words else "")


def moves(session: Session, words: list[str]) -> list[str]:
    """Tab's words after words, then one valid value for each value that offers no choices."""
    offered = tab(session, words)
    free = [c for c in candidates(session, words) if c.kind == "value" and not c.vtype.choices()]
    return offered + [v for c in free for v in valid_samples(c.vtype)[:1] if v not in offered]


def is_command(session: Session, words: list[str]) -> bool:
    try:
        return session.parser.parse(session.with_edit_path(words)).handler is not None
    except CommandError:
        return False


def valid(session: Session, words: list[str]) -> bool:
    try:
        session.parser.match(session.with_edit_path(words))
    except CommandError:
        return False
    return True


def signature(session: Session, words: list[str]) -> tuple:
    """What decides every later move: two word lists with the same signature continue alike
    (the parser steps from the node, the options used and the include's tail; existing names
    only add values the node's type accepts anyway)."""
    match = session.parser.match(session.with_edit_path(words))
    return (id(match.node), frozenset(match.used_options), id(match.command), tuple(map(id, match.tail)),
            match.in_schema)


def completion(session: Session, words: list[str], known: set[tuple] = frozenset()) -> list[str] | None:
    """The fewest moves (at most COMPLETE_DEPTH) from words to a whole command, or to a state whose
    signature is known to lead to one; None if there are none."""
    frontier, seen = [(words, [])], set()
    for _ in range(COMPLETE_DEPTH + 1):
        reached, frontier = frontier, []
        for current, path in reached:
            key = signature(session, current)
            if key in known or is_command(session, current):
                return path
            if key not in seen:
                seen.add(key)
                frontier += [([*current, w], [*path, w]) for w in moves(session, current)]
    return None


@st.composite
def grammar_words(draw, session: Session, longest: int = 12) -> list[str]:
    """A walk down the grammar: each word one Tab offers, or a value of the type awaited (now
    and then an invalid one); mostly finished into a whole command, else cut anywhere."""
    words: list[str] = []
    whole = draw(st.integers(0, 3)) > 0
    for _ in range(draw(st.integers(1, longest))):
        offered = candidates(session, words)
        if not offered:
            break
        node = draw(st.sampled_from(offered))
        if node.kind == "value":
            fitting = [w for w in tab(session, words) if node.vtype.check(w) is None]
            valid_word = st.sampled_from(fitting + valid_samples(node.vtype))
            word = draw(valid_word | valid_word | st.sampled_from(invalid_samples(node.vtype)))
        else:
            word = node.name
        words.append(word)
        if not valid(session, words):
            return words  # an invalid value ends the walk
        if is_command(session, words) and draw(st.integers(0, 2)) == 0:
            return words
    return [*words, *(completion(session, words) or [])] if whole else words


@st.composite
def garbled(draw, words: list[str]) -> list[str]:
    """Words with noise: some replaced, inserted, dropped, or the line cut short."""
    words = list(words)
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.integers(0, len(words)))
        action = draw(st.sampled_from(["replace", "insert", "drop", "cut"]))
        if action == "insert" or not words:
            words.insert(where, draw(noise_word))
        elif action == "replace":
            words[min(where, len(words) - 1)] = draw(noise_word)
        elif action == "drop":
            del words[min(where, len(words) - 1)]
        else:
            words = words[:where]
    return words


pipe = st.sampled_from(["match", "except", "grep", "", "match match"]).flatmap(
    lambda word: st.sampled_from(REGEXES + ["", '"a b"', "'x|y'", '"unclosed']).map(lambda regex: f" | {word} {regex}"))
ANSWERS = ["y", "n", "yes", "", "Y", "admin", "paloalto1!", "x" * 300]


@st.composite
def typed_line(draw, session: Session) -> str:
    """A line as typed: words from the grammar, maybe garbled, quoted or not, maybe with pipes;
    after a question, its answer."""
    if session.question:
        return draw(st.sampled_from(ANSWERS) | noise_word)
    words = draw(grammar_words(session))
    if draw(st.integers(0, 2)) == 0:
        words = draw(garbled(words))
    line = line_of(words) if draw(st.booleans()) else " ".join(words)
    if draw(st.integers(0, 3)) == 0:
        line += "".join(draw(st.lists(pipe, min_size=1, max_size=2)))
    return line


# -- a line never raises; a refused one changes nothing -------------------------------------


def state(lab: Lab, session: Session):
    """Everything a refused command must leave as it was."""
    devices = tuple((d.candidate.to_bytes(), d.running.to_bytes(), tuple(d.pending), repr(sorted(d.locks.items())))
                    for d in lab.devices.values())
    return devices, session.mode, tuple(session.edit_path), repr(session.settings)


def new_lab() -> Lab:
    return Lab.ephemeral(FixedClock(START))


def login(lab: Lab, device: str, mode: str) -> Session:
    session = Session(lab, lab.devices[device])
    if mode == "config" and session.device.powered:
        assert session.execute("configure").ok
    return session


@examples(300)
@given(st.sampled_from(["op", "config"]), st.data())
def test_a_line_never_raises_and_a_refused_one_changes_nothing(mode, data):
    lab = new_lab()
    sessions = {name: login(lab, name, mode) for name in default_device_names()}
    for _ in range(data.draw(st.integers(1, 8), label="lines")):
        device = data.draw(st.sampled_from(["fw1", "fw1", "fw2"]), label="device")
        if sessions[device].closed:  # exit, or its device restarted: log in again
            sessions[device] = login(lab, device, mode)
        session = sessions[device]
        line = data.draw(typed_line(session), label="line")
        before = state(lab, session)
        result = session.execute(line)  # PANSHELL_DEBUG (conftest): a handler's bug raises
        if not result.ok and not session.question:
            assert state(lab, session) == before, (line, result.output)


def parsed(parser: CommandParser, words: list[str]):
    """What parse makes of words: the match, field by field, or the refusal."""
    try:
        m = parser.parse(words)
    except CommandError as exc:
        return str(exc)
    return (m.node, m.args, m.keywords, m.used_options, m.command, m.steps, m.schema_start, m.tail, m.tail_start)


OTHER_VALUES = NAMES + ADDRESSES + INTERFACES + HOSTS + REGEXES + ["1", "0", "65535", "x" * 64, "-lead", "a b"]


@examples(200)
@given(st.sampled_from(["op", "config"]), st.data())
def test_a_line_of_a_remembered_shape_parses_as_the_walk_parses_it(mode, data):
    """parse answers a line shaped like one it parsed before from the shape (parser.Shape):
    other values in the same places give what a parser that never saw the shape walks to."""
    session = login(new_lab(), "fw1", mode)
    remembering = CommandParser(session.parser.root)
    words = session.with_edit_path(data.draw(grammar_words(session), label="words"))
    parsed(remembering, words)
    for _ in range(3):
        other = [data.draw(st.sampled_from(OTHER_VALUES) | noise_word) if data.draw(st.booleans()) else w
                 for w in words]
        assert parsed(remembering, other) == parsed(CommandParser(session.parser.root), other), other


# -- Tab and `?` ---------------------------------------------------------------------------


def prefixes(line: str) -> list[str]:
    """Every prefix of a short line; of a long one, every word boundary and a spread of cuts."""
    if len(line) <= 200:
        return [line[:i] for i in range(len(line) + 1)]
    cuts = {i for i, ch in enumerate(line) if ch == " "} | set(range(0, len(line), len(line) // 40))
    return [line[:i] for i in sorted(cuts)] + [line]


@examples(150)
@given(st.sampled_from(["op", "config"]), st.data())
def test_tab_and_help_never_raise_on_any_prefix(mode, data):
    session = login(new_lab(), "fw1", mode)
    if data.draw(st.booleans(), label="at an edit level") and mode == "config":
        session.execute(data.draw(st.sampled_from(["edit address", "edit rulebase security rules",
                                                   "edit deviceconfig system", "edit zone trust"])))
    line = data.draw(typed_line(session), label="line")
    for prefix in prefixes(line):
        assert isinstance(session.completions(prefix), list)
        assert isinstance(session.help(prefix), str)


COMPLETABLE: set[tuple] = set()  # signatures known to lead to a command (the grammar is fixed)


@examples(150)
@given(st.sampled_from(["op", "config"]), st.data())
def test_every_completion_leads_to_a_command(mode, data):
    session = login(new_lab(), "fw1", mode)
    for _ in range(data.draw(st.integers(0, 3), label="lines before")):  # names made, renamed, deleted ...
        session.execute(data.draw(typed_line(session), label="line"))
        if session.closed:
            session = login(session.lab, "fw1", mode)
        while session.question:
            session.execute("n")
    words = data.draw(grammar_words(session), label="prefix")
    while words and not valid(session, words):  # the walk's last word may be an invalid value
        words.pop()
    for cut in range(len(words) + 1):
        for word in moves(session, words[:cut]):
            after = [*words[:cut], word]
            assert valid(session, after), f"Tab offers {word!r} after {line_of(words[:cut])!r}, the parser refuses it"
            assert completion(session, after, COMPLETABLE) is not None, f"no command starts with {line_of(after)!r}"
            COMPLETABLE.add(signature(session, after))


def test_rename_copy_and_move_offer_only_paths_to_an_entry(fw1):
    # found by the fuzzing: Tab offered `rename import`, `copy deviceconfig system`, `move address
    # web-server description`, and `rename` at `[edit deviceconfig system]`, which no command follows
    fw1.execute("configure")
    for command in ("rename", "copy", "move"):
        offered = fw1.completions(f"{command} ")
        assert "address" in offered and "import" not in offered
        assert "system" not in fw1.completions(f"{command} deviceconfig ")
        assert fw1.help(f"{command} import ") == "Invalid syntax.\n"
    assert fw1.completions("rename address web-server ") == ["to"]
    assert fw1.completions("move address web-server ") == ["top", "bottom", "before", "after"]
    assert fw1.execute("copy address web-server description d to y").output == "Invalid syntax.\n[edit]\n"
    assert fw1.execute("rename address web-server to web-1").ok
    fw1.execute("edit deviceconfig system")  # no entry below: no rename here either
    assert "rename" not in fw1.completions("") and "set" in fw1.completions("")
    assert "rename" not in fw1.help("") and "> set" in fw1.help("")


def test_rename_and_copy_take_only_a_name_the_list_allows(fw1):
    # found by the fuzzing: `copy network virtual-router default to 10.1.1.1/24` made an entry
    # that Tab then offered and the parser refused
    fw1.execute("configure")
    before = fw1.device.candidate.to_bytes()
    result = fw1.execute("copy network virtual-router default to 10.1.1.1/24")
    assert result.output == "new-name: 10.1.1.1/24 is not a valid name\nInvalid syntax.\n[edit]\n" and not result.ok
    assert not fw1.execute("rename address web-server to bad/name").ok
    assert fw1.device.candidate.to_bytes() == before
    assert fw1.execute("copy address web-server to web-2").ok


def test_delete_config_is_refused_and_config_names_the_root(fw1):
    # found by the fuzzing: `delete config` deleted the device's whole configuration, and the
    # next `commit` or Tab raised
    fw1.execute("configure")
    before = fw1.device.candidate.to_bytes()
    assert fw1.execute("delete config").output == "Invalid syntax.\n[edit]\n"
    assert fw1.device.candidate.to_bytes() == before
    assert fw1.execute("show config").output.startswith("config {\n  mgt-config {\n")
    assert fw1.completions("set address ")[:1] == ["inside-net"]


def test_a_path_into_a_renamed_vsys1_finds_nothing(fw1):
    # found by the fuzzing: after `rename vsys vsys1 to vsys2`, `rename address ...` and
    # `show address` raised instead of finding nothing
    fw1.execute("configure")
    assert fw1.execute("rename vsys vsys1 to vsys2").ok
    assert fw1.execute("rename address web-server to a").output == "Server error : Object doesn't exist\n[edit]\n"
    assert fw1.execute("show address").output == "[edit]\n"


@pytest.mark.skipif(SCALE == 1, reason="the long run only (PANSHELL_FUZZ_SCALE)")
@pytest.mark.parametrize("mode", ["op", "config"])
def test_no_state_of_the_grammar_is_a_dead_end(mode):
    """Every state reachable from the empty line, not a sample: each leads to a command."""
    session = login(new_lab(), "fw1", mode)
    states, edges, todo = {signature(session, []): []}, {}, [[]]
    while todo:
        words = todo.pop()
        edges[signature(session, words)] = after = []
        for word in moves(session, words):
            key = signature(session, [*words, word])
            after.append(key)
            if key not in states:
                states[key] = [*words, word]
                todo.append([*words, word])
    good = {key for key, words in states.items() if is_command(session, words)}
    grew = True
    while grew:
        before = len(good)
        good |= {key for key, after in edges.items() if any(k in good for k in after)}
        grew = len(good) > before
    dead = sorted((line_of(words) for key, words in states.items() if key not in good), key=len)
    assert not dead, f"{len(dead)} of {len(states)} states lead to no command, e.g. {dead[:5]}"


# -- transcript directives and faults --------------------------------------------------------

def mostly(good: list, bad: list):
    """Three times in four one of good, else one of bad."""
    return st.sampled_from(good) | st.sampled_from(good) | st.sampled_from(good) | st.sampled_from(bad)


DEVICE = mostly(default_device_names(), ["fw3", "FW1", ""])
fault_words = st.one_of(
    st.tuples(mostly(["ha1", "ha1-backup", "ha2"], ["ha3", "HA1"]), mostly(["down", "up"], ["off", "sideways"])),
    st.tuples(DEVICE, st.just("power"), mostly(["off", "on"], ["down", "up"])),
    st.tuples(DEVICE, st.just("port"), mostly(INTERFACES, ["ethernet9/9", "ha1-a", "x"]), mostly(["down", "up"], ["off"])),
    st.tuples(DEVICE, st.just("path"), mostly(HOSTS, ["::1", "999.0.0.1", "x", "10.0.0.1/8"]), mostly(["down", "up"], ["on"])),
).map(list)
DURATIONS = ["5m", "1h", "0s", "90s", "2d", "-1m", "5", "m", "1.5h", "99999999d", "9" * 30 + "d", "٣s", "5M"]
CLOCKS = ["2026-11-25T00:00:00Z", "2026-11-25", "2026-13-01T00:00:00Z", "not-a-time", "0001-01-01T00:00:00Z",
          "9999-12-31T23:59:59Z", "2026-11-25T00:00:00+14:00", "1969-12-31T23:59:59Z", "8999-12-31T23:59:59Z"]
directive_words = st.one_of(
    st.tuples(st.just("clock"), st.just("advance"), st.sampled_from(DURATIONS)).map(list),
    fault_words.map(lambda words: ["fault", *words]),
    fault_words.map(lambda words: ["fault", *words]),
    st.tuples(st.just("clock"), st.sampled_from(CLOCKS)).map(list),
    st.tuples(st.just("lab"), mostly(transcript.lab_names(), ["nope", "../default", ""])).map(list),
    st.lists(st.sampled_from(["clock", "advance", "fault", "lab", "power", "port", "path", "fw1", "up", *DURATIONS])
             | noise_word, max_size=6),
)


@st.composite
def directive(draw) -> str:
    words = draw(directive_words)
    if draw(st.integers(0, 3)) == 0:
        words = draw(garbled(words))
    return draw(mostly(["#! "], ["#!", "#!  ", "#!\t"])) + " ".join(words)


@examples(400)
@given(st.lists(directive(), min_size=1, max_size=3), st.booleans())
@example(["#! clock advance 999999999999999999999999d"], False).via("OverflowError from timedelta")
@example(["#! clock advance 99999999d"], False).via("OverflowError: the clock past the year 9999")
@example(["#! clock 0001-01-01T00:00:00Z"], True).via("OverflowError: the lab's history before the year 1")
@example(["#! clock 9999-12-31T23:59:59Z"], True).via("OverflowError at the first command's tick")
@example(["#! clock 8999-12-31T23:59:59Z", "#! lab preemption-flap"], True).via(
    "ScenarioError: its setup moves the clock past its end (PANSHELL_FUZZ_SCALE=50)")
def test_a_garbled_directive_is_a_transcript_error(directives, in_header):
    prompt = "admin@fw1(active)> show clock"
    lines = [*directives, prompt, "", "admin@fw2(passive)> show high-availability state"] if in_header else [
        prompt, "", *directives, "admin@fw2(passive)> show high-availability all"]
    try:
        transcript.replay(transcript.parse("\n".join(lines) + "\n"))
    except transcript.TranscriptError:
        pass


SHOWS = ["show high-availability all", "show interface all", "show system info", "show jobs all",
         "show session all", "show log system", "show routing route", "show counter global"]


garbled_fault = st.lists(st.sampled_from(["ha1", "fw1", "power", "port", "down", "up"]) | noise_word, max_size=5)


@examples(150)
@given(st.lists(fault_words | garbled_fault, min_size=1, max_size=5), st.data())
def test_any_fault_is_applied_or_refused_and_the_pair_still_answers(fault_list, data):
    lab = new_lab()
    for words in fault_list:
        try:
            fault = faults.parse(words, default_device_names())
            faults.apply(lab.pair, fault)
        except faults.FaultError:
            pass
    for name in default_device_names():
        session = Session(lab, lab.devices[name])
        session.execute(data.draw(st.sampled_from(SHOWS), label=f"on {name}"))


# -- scenario files: their setup's faults, advances and commands, and their goals -------------


def toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):  # a JSON string is a TOML basic string, once DEL is escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return json.dumps(value)


def toml_tables(name: str, tables: list[dict]) -> str:
    return "".join(f"\n[[{name}]]\n" + "".join(f"{key} = {toml_value(v)}\n" for key, v in table.items())
                   for table in tables)


text_value = st.sampled_from(["fw1", "fw2", "fw9", "passive", "active", "ha1", "ethernet1/3", "sw-version",
                              "deviceconfig/system/hostname", "AutoCom", "Commit", ""]) | st.text(max_size=8)
any_value = text_value | st.integers(-5, 5) | st.lists(text_value | st.integers(), max_size=2)
well_formed_step = st.one_of(
    st.fixed_dictionaries({"fault": fault_words.map(" ".join)}),
    st.fixed_dictionaries({"advance": st.sampled_from(DURATIONS)}),
    st.fixed_dictionaries({"device": st.sampled_from(["fw1", "fw2", "fw9"]),
                           "commands": st.lists(st.sampled_from(["configure", "set deviceconfig system hostname x",
                                                                 "commit", "show clock", "bogus", "exit", "quit"]),
                                                max_size=3)}),
)
setup_step = well_formed_step | well_formed_step | st.dictionaries(
    st.sampled_from(["fault", "advance", "device", "commands", "other"]), any_value, max_size=3)
well_formed_goal = st.sampled_from(sorted(scenario.GOALS)).flatmap(lambda check: st.fixed_dictionaries(
    {"check": st.just(check), "hint": st.just("h"), **dict.fromkeys(scenario.GOALS[check][0], text_value)}))
goal = well_formed_goal | well_formed_goal | st.dictionaries(
    st.sampled_from(["check", "hint", "device", "job", "state", "link", "port", "path", "version"]), any_value)


LINK_UP = {"check": "control-link-up", "hint": "h"}


@examples(100)
@given(st.lists(setup_step, max_size=4), st.lists(goal, min_size=1, max_size=3),
       mostly(scenario.DIFFICULTIES, ["expert", "", "Beginner"]) | any_value)
@example(setup=[{"fault": "fw1 port ae1.518 down"}], goals=[LINK_UP], difficulty="beginner").via("FaultError at build")
@example(setup=[{"device": "fw1", "commands": [1]}], goals=[LINK_UP], difficulty="beginner").via("AttributeError")
@example(setup=[], goals=[{"check": "ha-state", "device": "fw9", "state": "active", "hint": "h"}],
         difficulty="beginner").via("KeyError at check")
@example(setup=[], goals=[{"check": "link-up", "link": "fw1", "hint": "h"}], difficulty="beginner").via("KeyError")
@example(setup=[], goals=[{"check": "has-setting", "device": "fw1", "path": "", "hint": "h"}],
         difficulty="beginner").via("SyntaxError from lxml at check")
@example(setup=[], goals=[{"check": "same-setting", "path": "\x1b", "hint": "h"}], difficulty="beginner").via(
    "ValueError from lxml at check (PANSHELL_FUZZ_SCALE=50)")
@example(setup=[], goals=[{"check": "has-setting", "device": "fw1", "path": "deviceconfig/ system", "hint": "h"}],
         difficulty="beginner").via("ValueError from lxml only where deviceconfig has children")
def test_a_bad_scenario_file_is_a_scenario_error(tmp_path_factory, setup, goals, difficulty):
    head = {"title": "t", "teaches": "t", "difficulty": difficulty, "story": "s", "solution": "s", "symptoms": ["x"]}
    path = tmp_path_factory.mktemp("scenario") / "fuzzed.toml"
    path.write_text("".join(f"{key} = {toml_value(v)}\n" for key, v in head.items())
                    + toml_tables("setup", setup) + toml_tables("goal", goals), encoding="utf-8")
    try:
        lab = scenario.ephemeral(scenario.load(path), FixedClock(START))
        scenario.check(lab)
    except scenario.ScenarioError:
        pass
