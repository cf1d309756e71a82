"""Swedish help and usage: typer and click write their help in English, so the group
that runs every command writes it in Swedish (the headings, the usage line, value kinds
and ranges). This leans on typer's and click's internals; a test fails on any English."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer import _click as click  # the click that typer bundles and raises from
from typer.core import TyperGroup

from avoplan.cli.exits import checked_arguments, exit_code

HELP_FLAGS = {"--help", "-h"}


class SwedishGroup(TyperGroup):
    """Runs a command and turns every outcome into a Swedish message and an exit code:
    0 ok, 1 user error or refused action, 2 wrong usage, 3 unexpected, 130 Ctrl-C."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: FBT001, FBT002 (click's signature of main)
        windows_expand_args: bool = True,  # noqa: FBT001, FBT002 (as above)
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not argv or HELP_FLAGS & set(argv):
            _swedish_help(self)
        if "--install-completion" in argv:
            for param in self.params:
                if param.name == "install_completion":
                    param.callback = _install_completion
        code = exit_code(
            lambda: (
                checked_arguments(argv)
                and super(SwedishGroup, self).main(
                    argv, prog_name or "avoplan", complete_var, standalone_mode=False, **extra
                )
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _swedish_help(group: TyperGroup) -> None:
    """Help pages in Swedish: typer's panel titles and markers, click's usage line, and
    type labels (TEXT, HELTAL, MAPP) instead of <str>, <int range> or <bool>. Done only
    when help is asked for, since it loads rich and start-up speed matters elsewhere."""
    import typer.core
    from typer import rich_utils

    for name, text in _RICH_WORDS.items():
        setattr(rich_utils, name, text)
    typer.core.describe_number_range = _describe_range  # type: ignore[attr-defined,assignment]
    original = click.Command.get_help_option
    write_usage = click.HelpFormatter.write_usage

    def swedish_help_option(command: click.Command, ctx: click.Context) -> Any:
        option = original(command, ctx)
        if option is not None:
            option.help = "Visa den här hjälpen och avsluta."
            option.metavar = ""
        return option

    def swedish_usage(
        formatter: click.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        write_usage(formatter, prog, args, prefix or "Användning: ")

    click.Command.get_help_option = swedish_help_option  # type: ignore[method-assign,assignment]
    click.HelpFormatter.write_usage = swedish_usage  # type: ignore[method-assign,assignment]
    _swedish_params(group)


_RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "REQUIRED_LONG_STRING": "[obligatorisk]",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "DEPRECATED_STRING": "(utgår) ",
    "ABORTED_TEXT": "Avbrutet.",
    "RANGE_STRING": " ({})",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] för hjälp.",
}

_COMPLETION_HELP = {
    "install_completion": "Installera tab-komplettering av kommandon och flaggor i ditt skal.",
    "show_completion": "Visa skriptet för tab-komplettering, för att kopiera eller anpassa det.",
}


def _install_completion(ctx: click.Context, _: click.Parameter, value: Any) -> Any:
    """typer's --install-completion, saying in Swedish what it did."""
    if not value or ctx.resilient_parsing:
        return value
    import typer
    from typer._completion_shared import install

    shell, path = install(shell=value if isinstance(value, str) else None)
    typer.secho(f"Tab-komplettering för {shell} installerad i {path}", fg="green")
    click.echo("Den fungerar när du har startat om terminalen.")
    raise SystemExit(0)


def _describe_range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if low is None:
        return f"högst {high}"
    return f"minst {low}" if high is None else f"{low}–{high}"


def _swedish_params(group: TyperGroup) -> None:
    group.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
    for command in [group, *group.commands.values()]:
        command.options_metavar = "[FLAGGOR]"
        for param in command.params:
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]  # type: ignore[attr-defined]
            if param.metavar is None:
                param.metavar = (
                    (param.name or "").upper() if _is_argument(param) else _type_label(param)
                )
            if _is_argument(param):  # the name column says it; no <str> beside it
                param.display_type_rich = lambda ctx: None  # type: ignore[attr-defined]


def _is_argument(param: click.Parameter) -> bool:
    return param.param_type_name == "argument"


def _type_label(param: click.Parameter) -> str:
    """A Swedish label for what a parameter takes; none for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    if descriptor is not None and descriptor.is_path:
        return "MAPP" if not descriptor.parameter_info.file_okay else "FIL"
    annotation = getattr(descriptor, "annotation", str)
    return {int: "HELTAL", float: "TAL"}.get(annotation, "TEXT")
