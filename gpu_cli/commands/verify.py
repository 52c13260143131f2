"""gpudeal verify: check the facts against the text of their source, exit 1 on a mismatch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gpu_cli.commands.common import (
    ColorOpt,
    FactsOpt,
    FieldsOpt,
    FormatOpt,
    JsonOpt,
    facts_path,
    listing_end,
    listing_start,
    load_lines,
)
from gpu_cli.errors import ExitStatus


def verify(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="SOURCE", help="The source article: a UTF-8 text file, or - for standard input.")
    ],
    facts: FactsOpt = None,
    fmt: FormatOpt = "table",
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    color: ColorOpt = None,
) -> None:
    """Check the facts against the text of their source. Exit 1 when any fact fails.

    Every excerpt must be in the source (any spaces, quotes, case); every number in its excerpt.

    Qualifier words: "plus de", "more than": more_than; "au moins", "at least": at_least;
    "jusqu’à", "à hauteur de", "up to": at_most; "environ", "about": about; none: exactly.

    Words no qualifier states ("presque", "almost") fail, saying so.

    [bold]Examples[/bold]

        gpudeal verify article.txt
        gpudeal verify article.txt --facts mine.yaml
        iconv -f latin1 -t utf-8 old.txt | gpudeal verify -
        gpudeal verify article.txt --json | jq '.[].verdict'
    """
    from gpu_cli.errors import SourceError
    from gpu_cli.verify import TABLE_FIELDS, VERIFY_FIELDS
    from gpu_cli.verify import verify as check_against

    env, chosen, fmt_name = listing_start(ctx, color, fmt, as_json, fields, VERIFY_FIELDS)
    loaded, line_of = load_lines(ctx, env, facts)
    _not_the_facts_path(source, facts_path(ctx, env, facts))
    text = _read_source(source)
    language = loaded.source.language if loaded.source else None
    records = [finding.record() for finding in check_against(loaded, text, line_of, language)]
    if all(record["excerpt_found"] for record in records) and _parses_as_facts(text, source):
        raise SourceError(source, [THE_FACTS])
    listing_end(env, records, fmt_name, chosen, VERIFY_FIELDS, table_columns=TABLE_FIELDS)
    if any(record["verdict"] == "fail" for record in records):
        raise typer.Exit(int(ExitStatus.FAILURE))


THE_FACTS = "it is the facts file itself, not the article they come from (verify would only find the excerpts in it)"


def _not_the_facts_path(source: str, facts_path: Path) -> None:
    """Refuse a SOURCE that is the very file the facts are read from."""
    from gpu_cli.errors import SourceError
    from gpu_cli.loader import STDIN

    if source != "-" and facts_path is not STDIN:
        try:
            same = Path(source).samefile(facts_path)
        except OSError:  # either is missing: reading them says so
            return
        if same:
            raise SourceError(source, [THE_FACTS])


def _parses_as_facts(text: str, source: str) -> bool:
    """The source is a facts file (a copy of the facts, or the facts on standard input)."""
    from gpu_cli.errors import FactsError
    from gpu_cli.loader import load_bytes

    if "provenance" not in text or "partners" not in text:  # an article: no parse and validation to find out
        return False
    try:
        load_bytes(text.encode("utf-8"), source)
    except FactsError:
        return False
    return True


def _read_source(source: str) -> str:
    """The whole source, read like a facts file (size cap, UTF-8, no FIFO hang)."""
    from gpu_cli.errors import SourceError
    from gpu_cli.loader import STDIN, read_text

    text = read_text(STDIN if source == "-" else Path(source), SourceError)
    if not text.strip():
        raise SourceError(source, ["it has no text"])
    return text
