"""What the commands share: the option types, the per-run session (environment
and root --facts), and the one path every list command takes. Imports stay
light: `--help` and completion load this module but never the facts."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gpu_cli.environment import Environment
from gpu_cli.output import emit

if TYPE_CHECKING:
    from gpu_cli.models import Facts


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Kind(StrEnum):
    government = "government"
    conglomerate = "conglomerate"
    cloud = "cloud"


class SchemaName(StrEnum):
    partners = "partners"
    rank = "rank"
    facts = "facts"


def _facts_path(value: str | None) -> str | None:
    """An empty --facts is a mistake (an unset shell variable), not a request for the default."""
    if value == "":
        raise typer.BadParameter("needs a path; use - for standard input")
    return value


FactsOpt = Annotated[
    str | None,
    typer.Option(
        "--facts",
        metavar="PATH",
        callback=_facts_path,
        help="Facts file to read, YAML or JSON; - reads standard input"
        " (default: $GPUDEAL_FACTS, else the shipped facts).",
    ),
]
ColorOpt = Annotated[Color | None, typer.Option("--color", help="Colour: auto (default), always or never.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Only these fields, in this order. Bare --fields (or --fields help) lists them.",
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option("--sort", metavar="FIELD", help="Sort by a field: counts descending, text ascending, unknown last."),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Flip the --sort order (unknown values stay last).")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Horizontal bar chart instead of the table.")]
ExportOpt = Annotated[
    str | None, typer.Option("--export", metavar="FILE", help="Also save the table or chart as .svg, .html or .txt.")
]


class Session:
    def __init__(self, env: Environment, facts_path: str | None) -> None:
        self.env = env
        self.facts_path = facts_path


def env_of(ctx: Any) -> Environment:
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(Environment(), None)
    env: Environment = root.obj.env
    return env


def environment(ctx: typer.Context, color: Color | None) -> Environment:
    """The command's --color wins over the root's."""
    env = env_of(ctx)
    if color is not None:
        env.color_choice = color.value
    return env


def load(ctx: typer.Context, env: Environment, facts: str | None) -> Facts:
    """The command's --facts wins over the root's, which wins over $GPUDEAL_FACTS."""
    from gpu_cli.loader import load_facts, locate

    return load_facts(locate(facts or ctx.find_root().obj.facts_path, env.environ))


def output_format(fmt: Format, as_json: bool) -> str:
    if as_json and fmt not in (Format.table, Format.json):
        raise typer.BadParameter("--json and --format " + fmt.value + " disagree; use one", param_hint="--json")
    return "json" if as_json else fmt.value


def chosen_fields(spec: str | None, valid: tuple[str, ...], env: Environment) -> list[str] | None:
    """Parsed --fields; `--fields help` prints the valid names and stops."""
    from gpu_cli.queries import parse_fields
    from gpu_cli.render.views import field_list

    if spec == "help":
        emit(env.stdout, field_list(valid))
        raise typer.Exit(0)
    return parse_fields(spec, valid)


def listing(
    ctx: typer.Context,
    facts: str | None,
    color: Color | None,
    fmt: Format,
    as_json: bool,
    fields: str | None,
    sort: str | None,
    reverse: bool,
    *,
    valid: tuple[str, ...],
    records_of: Callable[[Facts], list[dict[str, Any]]],
    **view: Any,
) -> list[dict[str, Any]]:
    """The shared path of the list commands: usage first, then load, sort, render, print."""
    from gpu_cli.queries import sort_records
    from gpu_cli.render.views import listing as render_listing

    env = environment(ctx, color)
    chosen, fmt_name = chosen_fields(fields, valid, env), output_format(fmt, as_json)
    records = records_of(load(ctx, env, facts))
    if sort:
        records = sort_records(records, sort, valid, reverse)
    emit(env.stdout, render_listing(env, records, fmt_name, fields=chosen, all_fields=valid, **view))
    return records
