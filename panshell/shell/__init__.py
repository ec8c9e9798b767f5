"""Front ends: a pipe (a session log on stdout) and an interactive terminal."""
