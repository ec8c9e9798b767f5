import pytest

from panshell.grammarfile import (
    ChoiceType,
    GrammarError,
    IntRange,
    load_grammar,
    parse_grammar,
)
from panshell.session import grammars

GOOD = """\
# a comment
show                "Show things"
  clock             "Show the clock"            => show_clock
  jobs              "Show jobs"
    id              "By id"
      <id:job-id>   "Job id"                    => show_job
        +verbose    "More detail"
show
  system            "System"
    info            "Info"                      => show_system_info
set                 "Set"
  width             "Width"
    <n:int(1-500)>  "Columns"                   => set_width
  mode              "Mode"
    <m:on|off>      "State"                     => set_mode
"""


def test_tree_shape_and_types():
    root = parse_grammar(GOOD)
    assert [c.name for c in root.children] == ["show", "set"]
    show = root.child("keyword", "show")
    assert [c.name for c in show.children] == ["clock", "jobs", "system"]  # `show` reopened, not duplicated
    assert show.child("keyword", "clock").handler == "show_clock"
    value = root.child("keyword", "set").child("keyword", "width").values[0]
    assert isinstance(value.vtype, IntRange) and (value.vtype.low, value.vtype.high) == (1, 500)
    mode = root.child("keyword", "set").child("keyword", "mode").values[0]
    assert isinstance(mode.vtype, ChoiceType) and mode.vtype.options == ["on", "off"]


def test_option_belongs_to_the_command_above():
    job = parse_grammar(GOOD).child("keyword", "show").child("keyword", "jobs").child("keyword", "id").values[0]
    option = job.options[0]
    assert option.name == "verbose" and option.owner is job


@pytest.mark.parametrize(
    "text, message",
    [
        ('show "Show"\n    clock "Clock"\n', "t.grammar:2: indented too deep under 'show'"),
        ('show "Show"\n clock "Clock"\n', "t.grammar:2: indentation must be a multiple of two spaces"),
        ('show "Show"\n\tclock "Clock"\n', "t.grammar:2: indent with spaces, not tabs"),
        ('show "Show"\n  clock\n', "t.grammar:2: 'clock' needs a quoted help text the first time it appears"),
        ('show "Show"\n  <n:float> "N" => x\n', "t.grammar:2: unknown value type 'float'"),
        ('show "Show"\n  <n:int(9-1)> "N" => x\n', "t.grammar:2: empty range int(9-1)"),
        ('show "Show"\n  clock "Clock" => \n', "t.grammar:2: cannot read 'clock \"Clock\" =>' (column 17)"),
        ('-show "Show"\n', "t.grammar:1: cannot read '-show \"Show\"' (column 1)"),
        ('show "Show"\nshow "Other"\n', "t.grammar:2: 'show' already has the help text \"Show\""),
        ('show "Show" => a\nshow => b\n', "t.grammar:2: 'show' already runs a"),
        ('+verbose "V"\n', "option '+verbose' has no command above it"),
    ],
)
def test_malformed_grammar_names_file_and_line(text, message):
    with pytest.raises(GrammarError) as info:
        parse_grammar(text, source="t.grammar")
    assert str(info.value) == message


def test_shipped_grammars_load_and_every_handler_exists():
    parsers = grammars()
    assert set(parsers) == {"op", "config", "pipe"}
    root = load_grammar("operational")
    handlers = {n.handler for n in root.walk() if n.handler}
    assert {"show_system_info", "show_clock", "show_interface_all", "exit"} <= handlers


def test_fragments_merge_into_their_grammar():
    from panshell.grammarfile import merge

    root = parse_grammar(GOOD)
    fragment = parse_grammar('show "Show things"\n  routes "Routes" => show_routes\n  clock "Clock more"\n    more "More" => show_clock_more\n', "f.grammar")
    merge(root, fragment, "f.grammar")
    show = root.child("keyword", "show")
    assert [c.name for c in show.children] == ["clock", "jobs", "system", "routes"]
    clock = show.child("keyword", "clock")
    assert clock.handler == "show_clock" and clock.child("keyword", "more").handler == "show_clock_more"
    with pytest.raises(GrammarError, match="f2.grammar: 'clock' already runs show_clock"):
        merge(root, parse_grammar('show "S"\n  clock "C" => other\n'), "f2.grammar")


SHARED = """\
clear               "Clear"
  all               "All"                       => clear_all
    +source         "Source"
      <source:ipv4> "Address"
show                "Show"
  all               "All"  options-of=clear/all => show_all
    +count          "Count only"
      <count:yes|no> "yes or no"
"""


def test_a_command_takes_another_s_options_as_its_own_copies():
    from panshell.grammarfile import share_options

    root = parse_grammar(SHARED, "s.grammar")
    share_options(root, "s.grammar")
    clear_all = root.child("keyword", "clear").child("keyword", "all")
    show_all = root.child("keyword", "show").child("keyword", "all")
    assert [o.name for o in show_all.options] == ["count", "source"]
    assert [o.name for o in clear_all.options] == ["source"]
    copy = show_all.child("option", "source")
    assert copy is not clear_all.child("option", "source")
    assert copy.owner is show_all and copy.values[0].owner is show_all  # its walk returns to show all
    assert copy.values[0].vtype.check("10.0.0.300") == "10.0.0.300 is not a valid IPv4 address"
    with pytest.raises(GrammarError, match="s.grammar: options-of=no/such on 'x' needs a command there and here"):
        share_options(parse_grammar('x "X"  options-of=no/such => x\n'), "s.grammar")


def test_compiled_grammars_are_cached_by_content(tmp_path, monkeypatch):
    from panshell import grammarfile

    COMMAND_GRAMMARS, SCHEMA_GRAMMARS = grammarfile.COMMAND_GRAMMARS, grammarfile.schema_grammar_names()
    monkeypatch.setenv("PANSHELL_CACHE", str(tmp_path))
    first = grammarfile.load_grammars(COMMAND_GRAMMARS, SCHEMA_GRAMMARS)
    [cached] = (tmp_path / "panshell").glob("grammar-*.pickle")

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed although the cache is fresh")

    monkeypatch.setattr(grammarfile, "load_grammar", no_parsing)
    again = grammarfile.load_grammars(COMMAND_GRAMMARS, SCHEMA_GRAMMARS)
    assert [c.name for c in again["operational"].children] == [c.name for c in first["operational"].children]
    monkeypatch.undo()
    monkeypatch.setenv("PANSHELL_CACHE", str(tmp_path))
    cached.write_bytes(b"not a pickle")  # a damaged cache is parsed again and rewritten
    assert grammarfile.load_grammars(COMMAND_GRAMMARS, SCHEMA_GRAMMARS)["configure"].child("keyword", "commit")
    assert cached.read_bytes() != b"not a pickle"
