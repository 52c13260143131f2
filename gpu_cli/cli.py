"""The command line, and the only module that knows Typer: options in, one call
into the layers below, one render out. Imports stay light at the top: `--help`,
shell completion and the JSON path must not pay for rich or YAML."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from gpu_cli import __version__
from gpu_cli.environment import Environment
from gpu_cli.errors import ExitStatus, GpudealError
from gpu_cli.output import emit, flush_quietly

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


EPILOG = """\
[bold]Environment[/bold]: GPUDEAL_FACTS (facts file when --facts is not given),
NO_COLOR (no colour), FORCE_COLOR (colour even in a pipe; NO_COLOR wins),
COLUMNS (table and chart width), GPUDEAL_DEBUG=1 (full traceback on an unexpected error).

[bold]Exit codes[/bold]: 0 success; 1 unusable facts, nothing found, a failed check or
unwritable output; 2 usage error; 130 interrupted; 141 the reader closed the pipe."""


class _Boundary(TyperGroup):
    """Where errors become messages: a GpudealError prints its lines on stderr and
    exits with its status; an unexpected error prints one line, not a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except GpudealError as error:
            _fail(_env(ctx), error.lines(), error.exit_status)
        except Exception as error:
            if _env(ctx).debug:
                raise
            _fail(_env(ctx), [f"unexpected error: {type(error).__name__}: {error}",
                              "run again with GPUDEAL_DEBUG=1 for the full traceback"], ExitStatus.FAILURE)  # fmt: skip


def _fail(env: Environment, lines: list[str], status: int) -> NoReturn:
    from gpu_cli.text import visible

    try:
        for line in lines:
            env.stderr.write(f"gpudeal: {visible(line)}\n")
        env.stderr.flush()
    except OSError:
        pass
    raise typer.Exit(int(status))


app = typer.Typer(
    name="gpudeal",
    cls=_Boundary,
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

FactsOpt = Annotated[
    str | None,
    typer.Option(
        "--facts", metavar="PATH", help="Facts file to read (default: $GPUDEAL_FACTS, else the shipped facts)."
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


class _Session:
    def __init__(self, env: Environment, facts_path: str | None) -> None:
        self.env = env
        self.facts_path = facts_path


def _env(ctx: Any) -> Environment:
    root = ctx.find_root()
    if not isinstance(root.obj, _Session):
        root.obj = _Session(Environment(), None)
    env: Environment = root.obj.env
    return env


def _environment(ctx: typer.Context, color: Color | None) -> Environment:
    """The command's --color wins over the root's."""
    env = _env(ctx)
    if color is not None:
        env.color_choice = color.value
    return env


def _load(ctx: typer.Context, env: Environment, facts: str | None) -> Facts:
    """The command's --facts wins over the root's, which wins over $GPUDEAL_FACTS."""
    from gpu_cli.loader import load_facts, locate

    return load_facts(locate(facts or ctx.find_root().obj.facts_path, env.environ))


def _format(fmt: Format, as_json: bool) -> str:
    if as_json and fmt not in (Format.table, Format.json):
        raise typer.BadParameter("--json and --format " + fmt.value + " disagree; use one", param_hint="--json")
    return "json" if as_json else fmt.value


def _fields(spec: str | None, valid: tuple[str, ...], env: Environment) -> list[str] | None:
    """Parsed --fields; `--fields help` prints the valid names and stops."""
    from gpu_cli.queries import parse_fields
    from gpu_cli.render.views import field_list

    if spec == "help":
        emit(env.stdout, field_list(valid))
        raise typer.Exit(0)
    return parse_fields(spec, valid)


def _listing(
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
    from gpu_cli.render.views import listing

    env = _environment(ctx, color)
    chosen, fmt_name = _fields(fields, valid, env), _format(fmt, as_json)
    records = records_of(_load(ctx, env, facts))
    if sort:
        records = sort_records(records, sort, valid, reverse)
    emit(env.stdout, listing(env, records, fmt_name, fields=chosen, all_fields=valid, **view))
    return records


def _version(value: bool) -> None:
    if value:
        print(f"gpudeal {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    facts: FactsOpt = None,
    color: ColorOpt = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check, query and show the facts of Nvidia's deal to supply South Korea with
    more than 260,000 AI GPUs. Every number comes from the article, with its
    qualifier; derived numbers say so.

    [bold]Examples[/bold]

        gpudeal partners
        gpudeal partners --json | jq '[.[].gpus // 0] | add'
        gpudeal rank --chart --log
        gpudeal show samsung
        gpudeal check
    """
    env = Environment(color_choice=color.value if color else "auto")
    ctx.obj = _Session(env, facts)


@app.command()
def partners(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    reverse: ReverseOpt = False,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Only partners of this kind.")] = None,
    chart: ChartOpt = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Who gets how many GPUs, for what.

    [bold]Examples[/bold]

        gpudeal partners
        gpudeal partners --kind conglomerate --sort gpus
        gpudeal partners --json | jq -r '.[] | select(.gpus == null) | .name'
        gpudeal partners -f csv --fields name,gpus,gpus_qualifier > partners.csv
        gpudeal partners --chart --export partners.svg
    """
    from gpu_cli import queries

    _listing(
        ctx, facts, color, fmt, as_json, fields, sort, reverse,
        valid=queries.PARTNER_FIELDS,
        records_of=lambda loaded: queries.partner_records(loaded, kind=kind.value if kind else None),
        table_columns=("name", "kind", "gpus", "chip", "purposes"),
        chart="name" if chart else None, title="GPUs per partner" if chart else None, export=export,
    )  # fmt: skip


@app.command()
def rank(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    sort: SortOpt = None,
    reverse: ReverseOpt = False,
    chart: ChartOpt = False,
    log: Annotated[bool, typer.Option("--log", help="Log scale for --chart, when the leader dwarfs the rest.")] = False,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """Where South Korea ranks in the world by GPU count.

    [bold]Examples[/bold]

        gpudeal rank
        gpudeal rank --json | jq '.[] | select(.rank == 3)'
        gpudeal rank --chart --log
    """
    from gpu_cli import queries

    _listing(
        ctx, facts, color, fmt, as_json, fields, sort, reverse,
        valid=queries.RANK_FIELDS, records_of=queries.rank_records,
        table_columns=("rank", "country", "gpus", "note"),
        chart="country" if chart else None, log=log, title="GPUs per country" if chart else None, export=export,
    )  # fmt: skip


@app.command()
def show(
    ctx: typer.Context,
    partner: Annotated[str, typer.Argument(help="A partner id, or the start of its name (any case).")],
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    color: ColorOpt = None,
) -> None:
    """Everything about one partner.

    [bold]Examples[/bold]

        gpudeal show samsung
        gpudeal show "sk" --json
        gpudeal show hyundai --fields gpus,purposes
    """
    from gpu_cli import queries
    from gpu_cli.render import views

    env = _environment(ctx, color)
    chosen, fmt_name = _fields(fields, queries.PARTNER_FIELDS, env), _format(fmt, as_json)
    record = queries.partner_record(_load(ctx, env, facts), partner)
    emit(env.stdout, views.single(env, record, fmt_name, chosen))


@app.command()
def summary(
    ctx: typer.Context,
    facts: FactsOpt = None,
    export: ExportOpt = None,
    color: ColorOpt = None,
) -> None:
    """The deal at a glance: headline numbers, investment, timeline, reconciliation, people.

    [bold]Examples[/bold]

        gpudeal summary
        gpudeal summary --export summary.html
    """
    from gpu_cli.queries import summary_sections
    from gpu_cli.render import views

    env = _environment(ctx, color)
    emit(env.stdout, views.sections(env, summary_sections(_load(ctx, env, facts)), export=export))


@app.command()
def check(
    ctx: typer.Context,
    facts: FactsOpt = None,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    color: ColorOpt = None,
) -> None:
    """Audit the numbers: does everything add up? Exit 1 when a rule fails.

    [bold]Examples[/bold]

        gpudeal check
        gpudeal check --facts my-corrections.yaml || echo "inconsistent"
        gpudeal check --json | jq -r '.[] | select(.verdict != "ok") | .rule'
    """
    from gpu_cli.checks import CHECK_FIELDS, run_checks

    records = _listing(
        ctx, facts, color, fmt, as_json, fields, None, False,
        valid=CHECK_FIELDS, records_of=lambda loaded: [r.record() for r in run_checks(loaded)],
        table_columns=CHECK_FIELDS,
    )  # fmt: skip
    if any(record["verdict"] == "fail" for record in records):
        raise typer.Exit(int(ExitStatus.FAILURE))


@app.command()
def schema(
    ctx: typer.Context,
    name: Annotated[SchemaName, typer.Argument(help="partners, rank (their --json output) or facts (the file).")],
) -> None:
    """JSON Schema (draft 2020-12) of a command's --json output or of the facts file.

    [bold]Examples[/bold]

        gpudeal schema partners > partners.schema.json
        gpudeal schema facts
    """
    from gpu_cli.render.formats import to_json
    from gpu_cli.schemas import json_schema

    emit(_env(ctx).stdout, to_json(json_schema(name.value)))


def _bare_fields(args: list[str]) -> list[str]:
    """Typer has no optional option values, so a bare `--fields` (last, or
    followed by another option) becomes `--fields help` before parsing."""
    out = []
    for index, arg in enumerate(args):
        out.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg == "--fields" and (following is None or following.startswith("-")):
            out.append("help")
    return out


def main() -> None:
    """Console-script entry point."""
    try:
        app(args=_bare_fields(sys.argv[1:]), prog_name="gpudeal")
    finally:
        flush_quietly(sys.stdout)
