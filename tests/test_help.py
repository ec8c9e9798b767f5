"""`?` help and Tab completion come from the same grammar tree as execution."""


def test_top_level_help(fw1):
    assert fw1.help("") == (
        "> check       Check\n"
        "> clear       Clear runtime parameters\n"
        "> configure   Manipulate software configuration information\n"
        "> debug       Debug and diagnose\n"
        "> exit        Exit this session\n"
        "> less        Examine debug file content\n"
        "> ping        Ping hosts and networks\n"
        "> quit        Exit this session\n"
        "> request     Make system-level requests\n"
        "> set         Set operational parameters\n"
        "> show        Show operational information\n"
        "> tail        Print the last lines of a debug file\n"
        "> test        Run tests based on input parameters\n"
        "> traceroute  Print the route packets take to a network host\n"
    )


def test_sub_command_help_is_sorted_with_markers(fw1):
    assert fw1.help("show config ") == (
        "> candidate  Show the candidate configuration\n"
        "> diff       Show what a commit would change\n"
        "> running    Show the running configuration\n"
        "> saved      Show a saved configuration\n"
    )


def test_help_for_a_partial_word_lists_what_fits(fw1):
    assert fw1.help("show cl") == "> cli    Show CLI information\n> clock  Show the system time\n"


def test_help_where_a_command_can_end_offers_enter_and_pipe(fw1):
    assert fw1.help("show clock ") == "  <Enter>  Finish input\n  |        Pipe through a command\n"


def test_help_for_values_and_choices(fw1):
    assert fw1.help("set cli pager ") == "  off  off\n  on   on\n"
    assert fw1.help("set cli terminal width ") == "  <value>  <1-500>  Terminal width\n"
    assert fw1.help("set cli config-output-format j") == "  json  json\n"


def test_help_after_a_pipe_lists_the_filters(fw1):
    assert fw1.help("show clock | ") == (
        "> except  Hide lines that match a pattern\n"
        "> match   Only show lines that match a pattern\n"
    )
    assert fw1.help("show clock | match ") == "  <value>  Regular expression\n"


def test_help_on_a_bad_line_gives_the_error(fw1):
    assert fw1.help("show nothing ") == "Invalid syntax.\n"
    assert fw1.help("bogus ") == "Unknown command: bogus\n"


def test_help_changes_nothing(fw1):
    before = fw1.lab.clock.now()
    fw1.help("show ")
    assert fw1.lab.clock.now() == before and not fw1.closed


def test_tab_completion(fw1):
    assert fw1.completions("show cl") == ["clock", "cli"]
    assert fw1.completions("show interface ") == ["all", "hardware", "logical", "management"]
    assert fw1.completions("set cli config-output-format ") == ["default", "json", "set", "xml"]
    assert fw1.completions("show clock | m") == ["match"]
    assert fw1.completions("show bogus ") == []
