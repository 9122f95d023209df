"""`--help` that reads like a man page: `Usage: wiredesk run [OPTIONS] PATH...`, no `<bool>`.

Typer's own help writes required arguments as `{paths}...` and gives flags a `<bool>` type,
which reads as if the flag took a value. `HelpGroup` gives every command of a group (and of
its sub-groups) `HelpCommand`, which writes the usage line the click way (upper-case
metavars, `[...]` for optional ones) and shows no type for flags. (Typer carries its own copy
of click, so parameters are matched by Typer's classes.)
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class HelpCommand(TyperCommand):
    """A Typer command whose usage line and option types say what a user types."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """`[OPTIONS] PATH...` rather than `[OPTIONS] {paths}...`."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                pieces.append(argument_usage(param))
        return pieces

    def get_params(self, ctx: Any) -> list[Any]:
        """The parameters, flags (and --help) with an empty type column instead of `<bool>`."""
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params

    def get_help_option(self, ctx: Any) -> Any:
        """The `--help` option, shown without a type like every other flag."""
        option = super().get_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option


def argument_usage(param: TyperArgument) -> str:
    """An argument as the usage line shows it: `PATH...`, `BATCH_ID`, `[NAME]`."""
    name = (param.metavar or param.name or "ARG").upper()
    if param.nargs != 1:  # `paths` → `PATH...`: the dots say "one or more"
        name = f"{name[:-1] if name.endswith('S') and not name.endswith('SS') else name}..."
    return name if param.required else f"[{name}]"


class HelpGroup(TyperGroup):
    """A Typer group whose commands (and sub-groups' commands) use `HelpCommand`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if type(command) is TyperCommand:
                command.__class__ = HelpCommand

    def get_help_option(self, ctx: Any) -> Any:
        """`--help` without a `<bool>` type."""
        option = super().get_help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        """The group's own flags (`--version`) without a `<bool>` type."""
        params = super().get_params(ctx)
        for param in params:
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params
