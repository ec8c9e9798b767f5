import pytest

from panshell.grammarfile import parse_grammar
from panshell.parser import CommandError, CommandParser, split_pipes, tokenize

GRAMMAR = """\
show                "Show"
  jobs              "Jobs"
    id              "By id"
      <id:job-id>   "Job id"                    => show_job
        +detail     "Detail level"
          <level:low|high> "Level"
        +verbose    "Verbose"
set                 "Set"
  name              "Name"
    <text:string>   "Text"                      => set_name
"""


@pytest.fixture
def parser():
    return CommandParser(parse_grammar(GRAMMAR))


def test_tokenize_quotes_group_spaces():
    assert tokenize('set name "two words"').words == ["set", "name", "two words"]
    assert tokenize("set name 'it is'").words == ["set", "name", "it is"]
    assert tokenize("  show   jobs  ").words == ["show", "jobs"]


def test_tokenize_unbalanced_quote_is_invalid_syntax():
    with pytest.raises(CommandError, match=r"^Invalid syntax\.$"):
        tokenize('set name "open')


def test_tokenize_partial_word_for_completion():
    typed = tokenize("show jo", allow_partial=True)
    assert typed.words == ["show"] and typed.partial == "jo"
    assert tokenize("show ", allow_partial=True).partial is None


def test_split_pipes_ignores_quoted_bars():
    assert split_pipes('show x | match "a|b" | except c') == ["show x ", ' match "a|b" ', " except c"]


def test_parse_binds_values_and_options_in_any_order(parser):
    match = parser.parse("show jobs id 7".split())
    assert match.node.handler == "show_job" and match.args == {"id": "7"}
    match = parser.parse("show jobs id 7 verbose detail high".split())
    assert match.args == {"id": "7", "level": "high"} and match.used_options == {"verbose", "detail"}
    match = parser.parse("show jobs id 7 detail low verbose".split())
    assert match.used_options == {"verbose", "detail"}


def test_an_option_may_appear_once(parser):
    with pytest.raises(CommandError, match=r"^Invalid syntax\.$"):
        parser.parse("show jobs id 7 verbose verbose".split())


@pytest.mark.parametrize(
    "line, error",
    [
        ("sh jobs id 1", "Unknown command: sh"),  # no abbreviations
        ("show job id 1", "Invalid syntax."),
        ("show jobs", "Invalid syntax."),  # incomplete
        ("show jobs id x", "id: x is not a valid integer\nInvalid syntax."),
        ("show jobs id 0", "id: 0 is out of range (1-2147483647)\nInvalid syntax."),
        ("show jobs id 1 detail medium", "level: medium is not a valid choice\nInvalid syntax."),
    ],
)
def test_errors_use_pan_os_text(parser, line, error):
    with pytest.raises(CommandError) as info:
        parser.parse(line.split())
    assert str(info.value) == error


def test_completions_from_the_same_tree(parser):
    assert parser.completions([], "s") == ["show", "set"]
    assert parser.completions(["show", "jobs", "id", "4"], "") == ["detail", "verbose"]
    assert parser.completions(["show", "jobs", "id", "4", "detail"], "h") == ["high"]
    assert parser.completions(["nonsense"], "") == []


def test_a_line_without_quotes_splits_at_spaces_and_tabs():
    assert tokenize(" show\tjobs  id 5 ").words == ["show", "jobs", "id", "5"]
    assert (tokenize("show jobs", allow_partial=True).words, tokenize("show jobs", allow_partial=True).partial) == (
        ["show"], "jobs")
    assert tokenize("show jobs ", allow_partial=True).partial is None
    assert tokenize("set name a\\b").words == ["set", "name", "a\\b"]  # a backslash outside quotes is itself
    assert tokenize("").words == [] and tokenize("  ", allow_partial=True).partial is None
    assert split_pipes("show a | match b|except c") == ["show a ", " match b", "except c"]


def test_ip_netmask_values_are_checked_as_ipaddress_checks_them():
    import ipaddress

    from panshell.grammarfile import _parse_type

    ip_netmask = _parse_type("ip-netmask")
    for text in ["10.0.0.1", "10.0.0.1/32", "0.0.0.0/0", "255.255.255.255/8", "10.0.0.1/255.255.255.0", "::1/128",
                 "2001:db8::/32", "256.0.0.1", "10.0.0.01", "10.0.0.1/33", "10.0.0.1/", "10.0.0", "1.2.3.4/05",
                 "١.2.3.4", "10.0.0.1/٣"]:
        try:
            ipaddress.ip_network(text, strict=False)
            valid = True
        except ValueError:
            valid = False
        assert (ip_netmask.check(text) is None) is valid, text


def test_a_line_of_a_remembered_shape_takes_the_value_the_walk_takes():
    parser = CommandParser(parse_grammar("""\
set                 "Set"
  limit             "Limit"
    <count:int(1-10)> "Count"                   => set_count
    <text:string>   "Text"                      => set_text
"""))
    taken = [(m.handler, m.args) for m in (parser.parse(["set", "limit", word]) for word in ["5", "hello", "7", "7"])]
    assert taken == [("set_count", {"count": "5"}), ("set_text", {"text": "hello"}),
                     ("set_count", {"count": "7"}), ("set_count", {"count": "7"})]
    first, again = parser.parse(["set", "limit", "3"]), parser.parse(["set", "limit", "4"])
    first.args["count"] = "changed"  # a match is the caller's own: the remembered shape is not
    assert again.args == {"count": "4"} and parser.parse(["set", "limit", "6"]).args == {"count": "6"}
