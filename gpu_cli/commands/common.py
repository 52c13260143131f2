"""What the commands share: the option types, the per-run session (environment
and root --facts), the one path every list command takes, and completion.
Imports stay light: `--help` and completion load this module but never the
facts, except completing a partner id, which has to read them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gpu_cli.environment import Environment
from gpu_cli.errors import GpudealError, UsageError
from gpu_cli.output import emit, report

if TYPE_CHECKING:
    from pathlib import Path

    from gpu_cli.loader import LineOf
    from gpu_cli.models import Facts

FORMATS = ("table", "json", "jsonl", "yaml", "csv", "tsv", "markdown")
COLORS = ("auto", "always", "never")
KINDS = ("government", "conglomerate", "cloud")  # models.PartnerKind, without importing the models


def choice(*choices: str) -> dict[str, Any]:
    """Option settings for a value from a fixed list: any case, surrounding
    spaces ignored, a did-you-mean when wrong, and the list on <TAB>. Plain
    text options, so the message is gpudeal's and not a validator's."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        folded = value.strip().casefold()
        if folded in choices:
            return folded
        from gpu_cli.suggest import did_you_mean

        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}{did_you_mean(value, choices)}")

    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.casefold())]

    return {"callback": check, "autocompletion": complete, "show_default": False}


def _names(choices: Sequence[str]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]


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
ColorOpt = Annotated[
    str | None,
    typer.Option("--color", metavar="WHEN", help=f"Colour: {_names(COLORS)} (default: auto).", **choice(*COLORS)),
]
FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", metavar="FORMAT", help=f"Output format: {_names(FORMATS)}.", **choice(*FORMATS)),
]
KindOpt = Annotated[
    str | None,
    typer.Option("--kind", metavar="KIND", help=f"Only partners of this kind: {_names(KINDS)}.", **choice(*KINDS)),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


def _valid_fields(command: str | None) -> tuple[str, ...]:
    """The fields of a command's records, for completion (the commands pass theirs)."""
    if command == "check":
        from gpu_cli.checks import CHECK_FIELDS

        return CHECK_FIELDS
    from gpu_cli import queries

    return queries.RANK_FIELDS if command == "rank" else queries.PARTNER_FIELDS


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """`--fields name,g<TAB>` → `name,gpus`, `name,gpus_qualifier`, …: the names
    not chosen yet, after the ones already typed."""
    done, _, last = incomplete.rpartition(",")
    chosen = set(done.split(","))
    prefix = f"{done}," if done else ""
    return [prefix + name for name in _valid_fields(ctx.info_name) if name.startswith(last) and name not in chosen]


def _complete_sort(ctx: typer.Context, incomplete: str) -> list[str]:
    return [name for name in _valid_fields(ctx.info_name) if name.startswith(incomplete)]


FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Only these fields, in this order. Bare --fields (or --fields help) lists them.",
        autocompletion=_complete_fields,
    ),
]
SortOpt = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="FIELD",
        help="Sort by a field: counts descending, text ascending, unknown last.",
        autocompletion=_complete_sort,
    ),
]
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Flip the --sort order (unknown values stay last).")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Horizontal bar chart instead of the table.")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Add the long columns to the table.")]
ExportOpt = Annotated[
    str | None, typer.Option("--export", metavar="FILE", help="Also save what is shown as .svg, .html or .txt.")
]


class Session:
    def __init__(self, env: Environment, facts_path: str | None) -> None:
        self.env = env
        self.facts_path = facts_path


def env_of(ctx: Any) -> Environment:
    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session(Environment(), root.params.get("facts"))
    env: Environment = root.obj.env
    return env


def environment(ctx: typer.Context, color: str | None) -> Environment:
    """The command's --color wins over the root's."""
    env = env_of(ctx)
    if color is not None:
        env.color_choice = color
    return env


def load(ctx: typer.Context, env: Environment, facts: str | None) -> Facts:
    """The facts in use: the command's --facts wins over the root's, which wins
    over $GPUDEAL_FACTS, which wins over the shipped facts (read from their JSON twin)."""
    from gpu_cli.loader import load_facts

    with _naming_the_origin(ctx, env, facts) as path:
        return load_facts(path)


def load_lines(ctx: typer.Context, env: Environment, facts: str | None) -> tuple[Facts, LineOf]:
    """The facts in use and where each path stands in their file (`verify`)."""
    from gpu_cli.loader import load_with_lines

    with _naming_the_origin(ctx, env, facts) as path:
        return load_with_lines(path)


@contextmanager
def _naming_the_origin(ctx: typer.Context, env: Environment, facts: str | None) -> Iterator[Path]:
    """The path to read; an error in a file named by $GPUDEAL_FACTS says so,
    since the user did not type that path."""
    from gpu_cli.errors import FactsError
    from gpu_cli.loader import ENV_VAR

    try:
        yield facts_path(ctx, env, facts)
    except FactsError as error:
        if not (facts or ctx.find_root().obj.facts_path) and env.environ.get(ENV_VAR):
            error.named_by = f"${ENV_VAR}"
        raise


def facts_path(ctx: typer.Context, env: Environment, facts: str | None) -> Path:
    """Which facts a command reads: its --facts, else the root's, else
    $GPUDEAL_FACTS, else the shipped facts."""
    from gpu_cli.loader import locate

    env_of(ctx)  # the root's Session, also when completing (its callback has not run)
    explicit = facts or ctx.find_root().obj.facts_path
    path = locate(explicit, env.environ)
    if not ctx.resilient_parsing:  # not while completing: the note would land in the shell's line
        from gpu_cli.facts_in_use import local_copy_note

        note = local_copy_note(path, explicit, env.environ)
        if note:
            report(env.stderr, [note])
    return path


def complete_partner(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`gpudeal show <TAB>`: the ids of the facts in use, each with its name."""
    from gpu_cli.errors import GpudealError

    try:
        facts = load(ctx, env_of(ctx), ctx.params.get("facts"))
    except GpudealError:
        return []
    folded = incomplete.casefold()
    return [(p.id, p.name) for p in facts.partners if p.id.startswith(folded)]


def output_format(fmt: str, as_json: bool) -> str:
    if as_json and fmt not in ("table", "json"):
        raise UsageError(f"--json and --format {fmt} disagree; use one")
    return "json" if as_json else fmt


def table_only(fmt: str, **options: object) -> None:
    """--chart, --export and --wide shape the table: with a machine format they would do nothing."""
    given = [f"--{name}" for name, value in options.items() if value]
    if fmt != "table" and given:
        works = "works" if len(given) == 1 else "work"
        raise UsageError(f"{' and '.join(given)} {works} with the table view only, not with --format {fmt}")


def needs(option: str, given: object, needed: str, present: object) -> None:
    """An option that would do nothing is a usage error naming what it needs."""
    if given and not present:
        raise UsageError(f"{option} needs {needed}")


def chosen_fields(spec: str | None, valid: tuple[str, ...], env: Environment) -> list[str] | None:
    """Parsed --fields; `--fields help` prints the valid names and stops."""
    from gpu_cli.queries import parse_fields
    from gpu_cli.render.views import field_list

    if spec == "help":
        emit(env.stdout, field_list(valid))
        raise typer.Exit(0)
    return parse_fields(spec, valid)


@contextmanager
def exporting(env: Environment, export: str | None) -> Iterator[None]:
    """Around writing stdout: then say what became of the --export file, which
    was written first. Both are told whatever happened to the other: a failed
    stdout still says `wrote x.svg`; a failed export lets the table through,
    then fails the run."""
    try:
        yield
    except GpudealError:
        _say_export(env, export, raising=False)
        raise
    _say_export(env, export, raising=True)


def _say_export(env: Environment, export: str | None, raising: bool) -> None:
    from gpu_cli.output import take_export

    attempted, failure = take_export(export) if export is not None else (False, None)
    if not attempted:
        return
    if failure is None:
        report(env.stderr, [f"wrote {export}"])
    elif raising:
        raise failure
    else:
        report(env.stderr, failure.lines())


def listing(
    ctx: typer.Context,
    facts: str | None,
    color: str | None,
    fmt: str,
    as_json: bool,
    fields: str | None,
    sort: str | None,
    reverse: bool,
    *,
    valid: tuple[str, ...],
    records_of: Callable[[Facts], list[dict[str, Any]]],
    wide: bool = False,
    caption_of: Callable[[list[dict[str, Any]]], str | None] | None = None,
    nothing: str | None = None,
    **view: Any,
) -> list[dict[str, Any]]:
    """The shared path of the list commands: usage first, then load, sort, render,
    print. `caption_of` gives the line under the table (e.g. who says so);
    `nothing`, what to say when there are no records."""
    from gpu_cli.queries import check_sort_field, sort_records

    env, chosen, fmt_name = listing_start(ctx, color, fmt, as_json, fields, valid)
    table_only(fmt_name, chart=view.get("chart"), export=view.get("export"), wide=wide)
    needs("--reverse", reverse, "--sort", sort)
    needs("--log", view.get("log"), "--chart", view.get("chart"))
    if view.get("chart") and fields:
        raise UsageError("--chart draws the GPUs of each; it does not go with --fields")
    if wide and (fields or view.get("chart")):
        raise UsageError("--wide adds columns to the default table; it does not go with --fields or --chart")
    if sort:
        check_sort_field(sort, valid)
    records = records_of(load(ctx, env, facts))
    if not records and nothing:  # said on stderr, exit 1; a machine format still gets its empty document
        if fmt_name != "table":
            listing_end(env, records, fmt_name, chosen, valid, **view)
        from gpu_cli.errors import NotFoundError

        raise NotFoundError(nothing)
    if sort:
        records = sort_records(records, sort, valid, reverse)
    caption = caption_of(records) if caption_of and fmt_name == "table" else None
    with exporting(env, view.get("export")):
        listing_end(env, records, fmt_name, chosen, valid, caption=caption, export_title=ctx.command_path, **view)
    return records


def listing_start(
    ctx: typer.Context, color: str | None, fmt: str, as_json: bool, fields: str | None, valid: tuple[str, ...]
) -> tuple[Environment, list[str] | None, str]:
    """Usage errors before any file is read: (environment, --fields, format name)."""
    env = environment(ctx, color)
    return env, chosen_fields(fields, valid, env), output_format(fmt, as_json)


def listing_end(
    env: Environment,
    records: list[dict[str, Any]],
    fmt_name: str,
    chosen: list[str] | None,
    valid: tuple[str, ...],
    **view: Any,
) -> None:
    from gpu_cli.render.views import listing as render_listing

    emit(env.stdout, render_listing(env, records, fmt_name, fields=chosen, all_fields=valid, **view))
