"""The command grammars (data files), shipped inside the package as panshell.grammar."""
