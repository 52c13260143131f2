"""`gpudeal report`: one self-contained HTML page (CSS and charts inline, no
request to any network) from a Jinja2 template shipped in the package, with
autoescaping on, so a name from the facts file is always text. Its parts are
the records every other view prints; the article, when given, is annotated
with the passages `passages.annotate` found, linked both ways with the facts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gpu_cli.text import Segments, current_locale, gpus_figure, qualifier_words, segments_plain

if TYPE_CHECKING:
    from gpu_cli.annotation import Annotated
    from gpu_cli.models import Facts
    from gpu_cli.queries import Section
    from gpu_cli.render.slide import Slide

Record = dict[str, Any]


class ReportParts(NamedTuple):
    """What the page shows, computed by the layers below (pipeline.report)."""

    facts: Facts
    glance: list[Section]
    partners: list[Record]
    ranking: list[Record]
    checks: list[Record]
    corroborations: list[Record]
    charts: Mapping[str, Slide]  # partners, ranking
    findings: list[Record] | None  # verify's, None without --source
    article: Annotated | None
    source_name: str | None


class Piece(NamedTuple):
    """A run of the article's text; `passage` is the id of its <mark>, None for plain text."""

    text: str
    passage: str | None = None
    facts: tuple[Record, ...] = ()  # each fact in the passage: its row on the page and what it says


GENERATOR = '<meta name="generator" content="gpudeal">'  # in every page's <head>: how a rerun knows its own file


def is_ours(path: Path) -> bool:
    """A regular file whose head has the page's generator mark (a report gpudeal wrote)."""
    if not path.is_file():  # a FIFO is never opened here: it would wait for a writer
        return False
    try:
        with path.open("rb") as file:
            return GENERATOR.encode() in file.read(4096)
    except OSError:
        return False


def slug(fact: str) -> str:
    """An HTML id for a fact path: `partners[sk-group].gpus` → `fact-partners-sk-group-gpus`."""
    return "fact-" + re.sub(r"[^a-z0-9]+", "-", fact.casefold()).strip("-")


def render(parts: ReportParts) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("gpu_cli", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from markupsafe import Markup

    env.globals["slug"] = slug
    env.globals["generator"] = Markup(GENERATOR)

    findings = {str(f["fact"]): f for f in parts.findings or ()}
    rows = _fact_rows(parts.facts, findings)
    passage_of: dict[str, str] = {}
    pieces = _pieces(parts.article, {row["fact"]: row for row in rows}, passage_of) if parts.article else []
    charts = {name: Markup(_inline_svg(slide, name, "wide") + _inline_svg(slide, name, "narrow"))
              for name, slide in parts.charts.items()}  # fmt: skip
    return env.get_template("report.html.j2").render(
        title=f"{parts.facts.deal.supplier} and {parts.facts.deal.recipient}: the deal in facts",
        locale=current_locale(),
        article_lang=parts.facts.source.language if parts.facts.source else None,
        glance=[(title, [(label, _plain(value)) for label, value in rows_]) for title, rows_ in parts.glance],
        partners=[_counted(r, f"partners[{r['id']}]", passage_of, findings) for r in parts.partners],
        ranking=[_counted(r, f"ranking[{r['country']}]", passage_of, findings) for r in parts.ranking],
        checks=parts.checks,
        corroborations=parts.corroborations,
        charts=charts,
        verified=parts.findings is not None,
        failed=[f for f in parts.findings or () if f["verdict"] == "fail"],
        facts_rows=rows,
        pieces=pieces,
        passage_of=passage_of,
        source_name=parts.source_name,
    )


def _plain(value: Segments) -> str:
    return segments_plain(value)


def _fact_rows(facts: Facts, findings: Mapping[str, Record]) -> list[Record]:
    """Every fact with an excerpt: what it says, its qualifier, who says so, and verify's verdict."""
    from gpu_cli.annotation import fact_label
    from gpu_cli.verify import facts_with_provenance

    rows = []
    for fact in facts_with_provenance(facts):
        name = fact_label(fact.label, fact.model, fact.field)
        found = findings.get(name)
        qualifier = getattr(fact.model, f"{name.rsplit('.', 1)[-1]}_qualifier", None) if name != fact.label else None
        rows.append({
            "fact": name,
            "id": slug(name),
            "excerpt": fact.excerpt,
            "qualifier": qualifier_words(qualifier) if qualifier else None,  # the database and JSON keep the enum
            "according_to": getattr(fact.model, "according_to", None),
            "verdict": found["verdict"] if found else None,
            "detail": found["detail"] if found else None,
        })  # fmt: skip
    return rows


def _counted(record: Record, path: str, passage_of: Mapping[str, str], findings: Mapping[str, Record]) -> Record:
    """A partner's or country's row: its figure, the passage it comes from, and verify's verdict."""
    fact = f"{path}.gpus" if record.get("gpus") is not None else path
    found = findings.get(fact)
    return {**record, "shown": gpus_figure(record).text, "fact": fact, "passage": passage_of.get(fact),
            "verdict": found["verdict"] if found else None}  # fmt: skip


def _pieces(article: Annotated, rows: Mapping[str, Record], passage_of: dict[str, str]) -> list[Piece]:
    """The article cut at its passages; `passage_of` gets each fact's passage id."""
    pieces, at = [], 0
    for index, passage in enumerate(article.passages, start=1):
        if passage.start > at:
            pieces.append(Piece(article.text[at : passage.start]))
        pid = f"passage-{index}"
        for fact in passage.facts:
            passage_of.setdefault(fact, pid)
        facts = tuple(rows[f] for f in passage.facts if f in rows)
        pieces.append(Piece(article.text[passage.start : passage.end], pid, facts))
        at = passage.end
    if at < len(article.text):
        pieces.append(Piece(article.text[at:]))
    return pieces


# A chart drawn twice: 16:9 for a laptop and print, and taller, with a slide's full-size text, for a phone,
# where the 16:9 one would shrink its text to a few pixels (the page's CSS shows one of them).
LAYOUTS = {"wide": ((1000, 560), None), "narrow": ((560, 840), 1.0)}


def _inline_svg(slide: Slide, name: str, layout: str) -> str:
    """matplotlib's SVG without its XML prolog, ready to sit in the page
    (its text escaped by matplotlib: a name is never markup)."""
    from gpu_cli.render.slide import draw

    size, text = LAYOUTS[layout]
    svg = draw(slide, "svg", size, salt=f"{name}-{layout}", text=text).decode("utf-8")
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[svg.index("<svg") :], flags=re.DOTALL)  # RDF, no content
    return svg.replace("<svg ", f'<svg class="chart-{layout}" role="img" aria-label="{_attr(slide.title)}" ', 1)


def _attr(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
