"""One partner as a record a reader can use (`gpudeal show`): labelled rows in
plain words, empty ones left out; its count with the qualifier, who the article
attributes it to and the excerpt backing it; what is only derived, apart; what
other reports say. Where the excerpt stands in the article is known only when
the article's text is given (`show --article FILE`): gpudeal does not ship it,
and a facts file's `source.file` is a name, not a path to trust. Pure: the
article comes in as text."""

from __future__ import annotations

from typing import Any

from gpu_cli.models import Facts, Partner
from gpu_cli.queries import Section
from gpu_cli.text import QUALIFIER_WORDS, Segments, figure, figure_words, implied_figure

Record = dict[str, Any]

# The article's verb for a partner, in plain words (`models.Commitment`).
COMMITMENT_WORDS = {"will": "will", "plans": "plans to", "intends": "intends to", "about_to": "is about to"}
_RELATION_WORDS = {"cloud_partner_of": "cloud partner of"}
UNATTRIBUTED = "the article, unattributed"


def partner_sections(
    facts: Facts, partner: Partner, record: Record, article: str | None = None, article_name: str = "the article"
) -> list[Section]:
    """`record` is the partner as `partners` makes it (its implied fields);
    `article` the text of the source, to say where each excerpt stands."""
    names = {p.id: p.name for p in facts.partners}
    stated = partner.gpus is not None
    who: str | None = getattr(partner, "according_to", None)  # partners carry none today: the article's own words
    facts_rows: list[tuple[str, Segments]] = [
        ("Id", partner.id),
        ("Kind", partner.kind),
        ("GPUs", figure(partner.gpus, partner.gpus_qualifier)),
        *([("Qualifier", _qualifier(partner.gpus, partner.gpus_qualifier))] if stated else []),
        *([("According to", who or UNATTRIBUTED)] if stated else []),
        *([("Commitment", COMMITMENT_WORDS[partner.commitment])] if partner.commitment else []),
        *([("Chip", partner.chip)] if partner.chip else []),
        *([("Focus", partner.focus)] if partner.focus else []),
        *(("Purpose", purpose) for purpose in partner.purposes),
        *(("Relation", f"{_RELATION_WORDS[r.type]} {names[r.partner]}") for r in partner.relations),
    ]
    words: list[tuple[str, Segments]] = [("Excerpt", f'"{partner.provenance}"')]
    if article is not None:
        words.append(("Where", where(partner.provenance, article, article_name)))
    if partner.chip_provenance:
        words.append(("Chip excerpt", f'"{partner.chip_provenance}"'))
        if article is not None:
            words.append(("Where", where(partner.chip_provenance, article, article_name)))
    sections: list[Section] = [(partner.name, facts_rows), ("The article's words", words)]
    if record.get("gpus_implied") is not None:
        sections.append(
            ("Derived, not stated", [("Implied share", implied_figure(record)), ("How", record["gpus_implied_basis"])])
        )
    reports = _other_reports(facts, f"partners[{partner.id}].gpus")
    if reports:
        sections.append(("Other reports", reports))
    return sections


def _qualifier(value: int | None, qualifier: str | None) -> str:
    """`more_than ("more than 50,000")`, `exactly (a bare figure)`."""
    if qualifier is None or not QUALIFIER_WORDS.get(qualifier):
        return f"{qualifier} (a bare figure)"
    return f'{qualifier} ("{figure_words(value, qualifier)}")'


def _other_reports(facts: Facts, fact: str) -> list[tuple[str, Segments]]:
    from gpu_cli.reconcile import by_fact, other_reports

    found = by_fact(facts).get(fact)
    sentence = other_reports(found) if found is not None else None
    if found is None or sentence is None:
        return []
    return [
        ("GPUs", sentence),
        *(("Conflict", conflict) for conflict in found.conflicts),
        *(("Drift", drift) for drift in found.drift),
        ("All figures", f"gpudeal corroborate '{fact}'"),
    ]


def where(excerpt: str, article: str, name: str) -> str:
    """`line 1, column 2,345 of article.txt`, found as `verify` finds an
    excerpt (folded spaces, quotes and case, at word boundaries); every place
    when it occurs more than once; `not found in …` when it does not."""
    from gpu_cli.wording import fold, occurrences

    folded = fold(article)
    starts = occurrences(fold(excerpt).text, folded.text)
    if not starts:
        return f"not found in {name}"
    places = []
    for start in starts:
        at = folded.origin[start]
        line_start = folded.original.rfind("\n", 0, at) + 1
        places.append(f"line {folded.original.count(chr(10), 0, at) + 1:,}, column {at - line_start + 1:,}")
    if len(places) == 1:
        return f"{places[0]} of {name}"
    return f"{len(places)} places in {name}: {'; '.join(places)}"
