"""What a command was asked to do, as one typed value per run (gh's options
struct): built from the parsed options by `commands/`, checked here before any
file is read, so every usage mistake is exit 2 whatever else is wrong. Plain
named tuples and no Typer: the layers below read them, and creating one costs
nothing at start-up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from gpu_cli.errors import UsageError

if TYPE_CHECKING:
    from gpu_cli.models import Facts

Record = dict[str, Any]

FORMATS = ("table", "json", "jsonl", "yaml", "csv", "tsv", "markdown")
DATA_FORMATS = ("json", "jsonl", "yaml")  # the formats that can hold nested data (summary)
TERMINAL_SUFFIXES = (".svg", ".html", ".txt")  # what is shown, drawn as the terminal shows it
EXPORT_SUFFIXES = (*TERMINAL_SUFFIXES, ".png")  # .png: a view with a picture chart
PICTURE_SUFFIXES = (".svg", ".png")  # with --chart: a matplotlib chart, not a drawing of the terminal
LOCALES = ("en", "fr")  # the languages money is worded in (text.money); digits are Babel's
DEFAULT_SIZE = (1280, 720)  # pixels: a 16:9 slide
SIZE_LIMITS = (200, 8000)


class ViewSpec(NamedTuple):
    """A command's view, declared once in its module: the fields of its records
    (a function, so completion and help import nothing heavy), the table's
    default and --wide columns, what --chart labels its bars with, and how its
    records are made."""

    name: str
    fields: Callable[[], tuple[str, ...]]
    columns: tuple[str, ...] = ()
    wide_columns: tuple[str, ...] = ()
    chart_label: str | None = None  # the field naming each bar; None: no --chart
    chart_title: str | None = None
    sortable: bool = False
    records: Callable[[Facts, ListRequest], list[Record]] | None = None
    caption: Callable[[Facts, list[Record]], str | None] | None = None  # the lines under the table (who says so)
    failed: Callable[[list[Record]], bool] | None = None  # the answer is no: exit 1
    marks: Callable[[list[Record]], list[Any]] | None = None  # a picture chart's marks (render.marks)
    terminal_chart: bool = True  # False: --chart only draws a picture (--export FILE.svg|png)


class Output(NamedTuple):
    """How to print: the format, the fields, and what shapes the table."""

    format: str
    fields: tuple[str, ...] | None  # None: the view's own
    list_fields: bool = False  # a bare --fields: print the field names and stop
    export: str | None = None
    wide: bool = False
    chart: bool = False
    log: bool = False
    sort: str | None = None
    reverse: bool = False
    locale: str | None = None  # people's numbers in this locale (text.numbers_in); None: English
    size: tuple[int, int] = DEFAULT_SIZE  # a picture chart's width and height in pixels

    @property
    def picture(self) -> bool:
        """--chart exported as .svg or .png: drawn by matplotlib (render.slide)."""
        return self.chart and self.export is not None and PurePath(self.export).suffix.lower() in PICTURE_SUFFIXES


class ListRequest(NamedTuple):
    spec: ViewSpec
    facts: str | None  # the --facts given, None for $GPUDEAL_FACTS or the shipped facts
    output: Output
    kind: str | None = None  # partners --kind
    premises: frozenset[str] | None = None  # check --assume; None: the default premises
    fact_paths: tuple[str, ...] = ()  # corroborate FACT...; none: every fact a source gives
    source: str | None = None  # corroborate --source


class ShowRequest(NamedTuple):
    spec: ViewSpec
    facts: str | None
    output: Output
    partner: str
    article: str | None = None  # show --article: the source's text, to say where each excerpt stands


def show_article(article: str | None, out: Output) -> str | None:
    """`show --article FILE` places the excerpts in the record's rows: the
    table view without --fields only (a machine format has no such rows)."""
    if article is None:
        return None
    if not article:
        raise UsageError("--article needs a path; use - for standard input")
    if out.format != "table" or out.fields is not None or out.list_fields:
        what = f"--format {out.format}" if out.format != "table" else "--fields"
        raise UsageError(f"--article places the excerpts in the record's rows; it does not go with {what}")
    return article


class VerifyRequest(NamedTuple):
    spec: ViewSpec
    facts: str | None
    output: Output
    source: str  # the text to check against: a path, or - for standard input
    source_id: str | None = None  # --source: whose claims (the `reports` of that source); None: the article's


class DiffRequest(NamedTuple):
    spec: ViewSpec
    old: str
    new: str
    output: Output


class ReportRequest(NamedTuple):
    facts: str | None
    path: str  # the page to write; `-`: standard output
    source: str | None  # the article's text, to annotate and verify against
    locale: str | None = None
    replace: bool = False  # overwrite an existing file that is not a page gpudeal wrote


class DatabaseRequest(NamedTuple):
    facts: str | None
    path: str
    replace: bool = False


class SummaryRequest(NamedTuple):
    facts: str | None
    output: Output


def output(
    spec: ViewSpec,
    fmt: str,
    as_json: bool,
    fields: str | None = None,
    *,
    export: str | None = None,
    wide: bool = False,
    chart: bool = False,
    log: bool = False,
    sort: str | None = None,
    reverse: bool = False,
    locale: str | None = None,
    size: str | None = None,
) -> Output:
    """The output options, checked together: an option that would do nothing is
    refused, naming what it needs."""
    if as_json and fmt not in ("table", "json"):
        raise UsageError(f"--json and --format {fmt} disagree; use one")
    fmt = "json" if as_json else fmt
    options = (("chart", chart), ("export", export), ("wide", wide), ("locale", locale))
    given = [f"--{name}" for name, value in options if value]
    if fmt != "table" and given:
        works = "works" if len(given) == 1 else "work"
        raise UsageError(f"{' and '.join(given)} {works} with the table view only, not with --format {fmt}")
    if reverse and sort is None:
        raise UsageError("--reverse needs --sort")
    if log and not chart:
        raise UsageError("--log needs --chart")
    if chart and fields:
        raise UsageError("--chart draws the GPUs of each; it does not go with --fields")
    if wide and (fields or chart):
        raise UsageError("--wide adds columns to the default table; it does not go with --fields or --chart")
    if export is not None:
        check_export_path(export, EXPORT_SUFFIXES if spec.marks else TERMINAL_SUFFIXES)
        if PurePath(export).suffix.lower() == ".png" and not chart:
            raise UsageError("a .png export is a picture of the chart; add --chart (or export .svg, .html or .txt)")
    picture = chart and export is not None and PurePath(export).suffix.lower() in PICTURE_SUFFIXES
    if chart and not spec.terminal_chart and not picture:
        raise UsageError(f"{spec.name} --chart draws a picture; add --export FILE.svg or FILE.png")
    if size is not None and not picture:
        raise UsageError("--size is the size of a picture chart; it needs --chart --export FILE.svg or FILE.png")
    valid = spec.fields()
    if sort is not None:
        check_sort_field(sort, valid)
    return Output(
        format=fmt,
        fields=None if fields in (None, "help") else parse_fields(fields, valid),
        list_fields=fields == "help",
        export=export,
        wide=wide,
        chart=chart,
        log=log,
        sort=sort,
        reverse=reverse,
        locale=check_locale(locale),
        size=DEFAULT_SIZE if size is None else parse_size(size),
    )


def report_request(
    facts: str | None, path: str, source: str | None, locale: str | None, replace: bool = False
) -> ReportRequest:
    if path == "-" and replace:
        raise UsageError("--replace needs a FILE; standard output replaces nothing")
    if path != "-":
        check_export_path(path, (".html", ".htm"), "gpudeal report")
    if source is not None and not source:
        raise UsageError("--source needs a path; use - for standard input")
    if path == "-" and source == "-":
        raise UsageError("the page goes to standard output and --source reads standard input; name a file for one")
    return ReportRequest(facts, path, source, check_locale(locale), replace)


def database_request(facts: str | None, path: str, replace: bool) -> DatabaseRequest:
    check_export_path(path, (".db", ".sqlite", ".sqlite3"), "gpudeal export")
    return DatabaseRequest(facts, path, replace)


def check_locale(locale: str | None) -> str | None:
    if locale is None:
        return None
    folded = locale.strip().casefold().replace("-", "_").split("_")[0]
    if folded not in LOCALES:
        from gpu_cli.suggest import did_you_mean

        raise UsageError(f"--locale {locale!r} is not one of {', '.join(LOCALES)}{did_you_mean(locale, LOCALES)}")
    return folded


def parse_size(size: str) -> tuple[int, int]:
    """`1280x720` (pixels) → (1280, 720), each within SIZE_LIMITS."""
    low, high = SIZE_LIMITS
    width, _, height = size.strip().lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise UsageError(f"--size needs WIDTHxHEIGHT in pixels, e.g. 1280x720; got {size!r}")
    pixels = int(width), int(height)
    if not all(low <= n <= high for n in pixels):
        raise UsageError(f"--size needs each side from {low:,} to {high:,} pixels; got {size!r}")
    return pixels


def facts_given(*places: Sequence[str] | None, reads_two: bool = False) -> str | None:
    """The one rule for --facts, wherever it is given (before the command or
    after it): at most once, and never to a command that reads two files."""
    given = [path for place in places for path in place or ()]
    if given and reads_two:
        raise UsageError("--facts does nothing here: diff reads the two files it is given (OLD and NEW)")
    if len(given) > 1:
        raise UsageError(f"--facts is given {len(given)} times ({', '.join(map(repr, given))}); give it once")
    if given and given[0] == "":
        raise UsageError("--facts needs a path; use - for standard input")
    return given[0] if given else None


def source_path(source: str) -> str:
    if not source:
        raise UsageError("SOURCE needs a path; use - for standard input")
    return source


def diff_paths(old: str, new: str) -> tuple[str, str]:
    if not old or not new:
        raise UsageError("OLD and NEW each need a path; use - for standard input")
    from gpu_cli.loader import reads_stdin

    if reads_stdin(old) and reads_stdin(new):  # `-`, `/dev/stdin`: one stream between two readers
        raise UsageError("only one of OLD and NEW can be - (standard input)")
    return old, new


def check_export_path(path: str, suffixes: Sequence[str] = EXPORT_SUFFIXES, option: str = "--export") -> None:
    if not path or PurePath(path).suffix.lower() not in suffixes:
        raise UsageError(f"{option} needs a file ending in {', '.join(suffixes)}, got {path!r}")


def check_sort_field(field: str, valid: Sequence[str]) -> None:
    if field not in valid:
        raise UsageError(f"cannot sort by {field!r}{unknown_hint(field, valid)}")


def parse_fields(spec: str | None, valid: Sequence[str]) -> tuple[str, ...] | None:
    """`a,b,c` → ('a', 'b', 'c'), checked against the view's fields: each
    known, none twice, at least one."""
    if spec is None:
        return None
    fields = [name.strip() for name in spec.split(",") if name.strip()]
    if not fields:
        raise UsageError(f"--fields needs at least one name; valid fields: {', '.join(valid)}")
    for name in fields:
        if name not in valid:
            raise UsageError(f"unknown field {name!r}{unknown_hint(name, valid)}")
    twice = next((name for index, name in enumerate(fields) if name in fields[:index]), None)
    if twice is not None:
        raise UsageError(f"--fields names {twice!r} twice")
    return tuple(fields)


def unknown_hint(field: str, valid: Sequence[str]) -> str:
    from gpu_cli.suggest import did_you_mean

    return did_you_mean(field, valid) or f"; valid fields: {', '.join(valid)}"
