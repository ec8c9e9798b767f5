from . import display


def _flag(value: bool) -> str:
    return "enabled" if value else "disabled"


def cli_settings(settings) -> str:
    rows = [
        ("Pager", _flag(settings.pager)),
        ("Scripting Mode", _flag(settings.scripting_mode)),
        ("Terminal Width", str(settings.width)),
        ("Terminal Height", str(settings.height)),
        ("Config Output Format", settings.config_output_format),
        ("Confirmation Prompt", "enabled"),
        ("Hide Ip", "disabled"),
        ("Hide User", "disabled"),
    ]
    return display("".join(f"{name + ':':<32}{value}\n" for name, value in rows))
