"""The options the commands share, as Typer types, and their completion. A
command binds --fields and --sort to its own view (gh's AddJSONFlags), so
<TAB> offers that view's fields and no other's. Imports stay light: `--help`
and completion load this module but never the facts, except completing a
partner id, which has to read them."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from gpu_cli.requests import FORMATS, LOCALES, ViewSpec

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


def _names(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]


def facts_option(is_eager: bool = False, callback: Any = None) -> Any:
    """--facts, given to a command, or to the root (eager, for --version)."""
    return typer.Option(
        "--facts",
        metavar="PATH",
        help="Facts file to read, YAML or JSON; - reads standard input"
        " (default: $GPUDEAL_FACTS, else the shipped facts).",
        show_default=False,
        is_eager=is_eager,
        callback=callback,
    )


# A list, so that a second --facts is seen and refused rather than silently kept.
FactsOpt = Annotated[list[str] | None, facts_option()]
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
ReverseOpt = Annotated[bool, typer.Option("--reverse", help="Flip the --sort order (unknown values stay last).")]
ChartOpt = Annotated[bool, typer.Option("--chart", help="Horizontal bar chart instead of the table.")]
LogOpt = Annotated[bool, typer.Option("--log", help="Log scale for --chart, when the leader dwarfs the rest.")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Add the long columns to the table.")]
ExportOpt = Annotated[
    str | None, typer.Option("--export", metavar="FILE", help="Also save what is shown as .svg, .html or .txt.")
]
ChartExportOpt = Annotated[
    str | None,
    typer.Option(
        "--export", metavar="FILE",
        help="Also save what is shown as .svg, .html or .txt; with --chart, .svg or .png is a chart picture.",
    ),
]  # fmt: skip
SizeOpt = Annotated[
    str | None,
    typer.Option("--size", metavar="WxH", help="Size of a --chart picture in pixels (default 1280x720: 16:9)."),
]
LocaleOpt = Annotated[
    str | None,
    typer.Option(
        "--locale", metavar="LOCALE",
        help=f"Write numbers for the reader: {_names(LOCALES)} (default: en); machine formats stay raw.",
    ),
]  # fmt: skip


def fields_option(spec: ViewSpec) -> Any:
    """--fields for this view: `--fields name,g<TAB>` → `name,gpus`,
    `name,gpus_qualifier`, …, the names not chosen yet after those typed."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        chosen = set(done.split(","))
        prefix = f"{done}," if done else ""
        return [prefix + name for name in spec.fields() if name.startswith(last) and name not in chosen]

    return typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Only these fields, in this order. Bare --fields (or --fields help) lists them.",
        autocompletion=complete,
    )


def sort_option(spec: ViewSpec) -> Any:
    """--sort for this view, completing its field names."""

    def complete(incomplete: str) -> list[str]:
        return [name for name in spec.fields() if name.startswith(incomplete)]

    return typer.Option(
        "--sort",
        metavar="FIELD",
        help="Sort by a field: counts descending, text ascending, unknown last.",
        autocompletion=complete,
    )
