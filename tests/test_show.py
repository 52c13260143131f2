"""`gpudeal show PARTNER`: by id or name prefix, unknown and ambiguous queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, SHIPPED, Run, clean_env, invoke, needs_article


@pytest.mark.parametrize("query", ["samsung", "SAM", "Samsung", "sams"])
def test_show_matches_id_or_name_prefix(query: str) -> None:
    result = invoke("show", query)
    assert result.returncode == 0
    assert "une « usine IA » comprenant plus de 50 000 GPU" in result.stdout


def test_show_unknown_lists_ids() -> None:
    result = invoke("show", "apple")
    assert result.returncode == 1
    assert "valid ids:" in result.stderr and "sk-group" in result.stderr
    assert result.stdout == ""


def test_show_ambiguous_prefix() -> None:
    result = invoke("show", "s")
    assert result.returncode == 1 and "samsung, sk-group" in result.stderr


def rows(out: str) -> list[tuple[str, str]]:
    """The (label, value) rows of show's blocks, at a width where none wraps."""
    return [
        (line.split("│")[1].strip(), line.split("│")[2].strip()) for line in out.splitlines() if line.startswith("│")
    ]


def show(gpudeal: Run, *args: str, block: str | None = None) -> list[tuple[str, str]]:
    """The rows of show's record, or of one of its titled blocks."""
    result = gpudeal("show", *args, env=clean_env(COLUMNS="1000"))
    assert result.returncode == 0, result.stderr
    blocks: dict[str | None, list[tuple[str, str]]] = {}
    for line in result.stdout.splitlines():
        if not line.startswith(("│", "┌", "└", "├")):
            title = line
        blocks.setdefault(None, []).extend(rows(line))
        blocks.setdefault(title, []).extend(rows(line))
    return blocks.get(block, [])


def test_a_stated_count_has_its_qualifier_attribution_and_excerpt(gpudeal: Run) -> None:
    shown = dict(show(gpudeal, "samsung", block="Samsung") + show(gpudeal, "samsung", block="The article's words"))
    assert shown["GPUs"] == "> 50,000"
    assert shown["Qualifier"] == 'more_than ("more than 50,000")'
    assert shown["According to"] == "the article, unattributed"
    assert shown["Commitment"] == "plans to"
    assert shown["Excerpt"] == '"prévoit de construire une « usine IA » comprenant plus de 50 000 GPU"'
    # empty rows are left out: Samsung has no chip, no relation; no line without the article's text
    assert not {"Chip", "Chip excerpt", "Relation", "Where", "Implied share"} & set(shown)
    assert all(value for _, value in show(gpudeal, "samsung"))
    assert "gpus_qualifier" not in gpudeal("show", "samsung").stdout  # plain words, not field names


def test_an_unstated_count_keeps_its_derived_share_apart(gpudeal: Run) -> None:
    out = gpudeal("show", "sk-group", env=clean_env(COLUMNS="1000")).stdout
    shown = dict(show(gpudeal, "sk-group", block="SK Group") + show(gpudeal, "sk-group", block="The article's words"))
    assert shown["GPUs"] == "not stated" and "Qualifier" not in shown and "According to" not in shown
    derived = out[out.index("Derived, not stated") :]
    assert dict(rows(derived))["Implied share"] == "≤ 139,999"
    assert "≤ 139,999" not in out[: out.index("Derived, not stated")]  # never in the GPUs row
    assert shown["Chip"] == "RTX PRO 6000 Blackwell"
    assert shown["Chip excerpt"] == '"en utilisant les puces RTX PRO 6000 Blackwell de Nvidia"'


def test_other_reports_say_what_they_add_to_the_article(gpudeal: Run) -> None:
    """SK Group: not stated here; 50,000 in N reports, conflicting on the qualifier,
    with the claims that cannot both be right, as `corroborate` finds them."""
    record = json.loads(gpudeal("corroborate", "partners[sk-group].gpus", "--json").stdout)[0]
    others = [r for r in record["reports"] if r["source"] != "article"]
    shown = show(gpudeal, "sk-group", block="Other reports")
    reports = dict(shown)
    assert reports["GPUs"] == (
        f"not stated here; 50,000 in {len(others)} other reports ({record['independent']} independent),"
        " conflicting on the qualifier"
    )
    assert [value for label, value in shown if label == "Conflict"] == record["conflicts"]
    assert reports["All figures"] == "gpudeal corroborate 'partners[sk-group].gpus'"
    hyundai = dict(show(gpudeal, "hyundai", block="Other reports"))
    assert hyundai["GPUs"].endswith("consistent, jointly 50,000") and "Conflict" not in hyundai


def test_a_relation_reads_in_words(gpudeal: Run) -> None:
    assert ("Relation", "cloud partner of Ministry of Science and ICT") in show(gpudeal, "kakao")


def test_the_article_places_each_excerpt(gpudeal: Run, tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text(
        "Un titre.\nSamsung prévoit de construire une « usine IA » comprenant plus de 50 000 GPU.\n", encoding="utf-8"
    )
    shown = dict(show(gpudeal, "samsung", "--article", str(text)))
    assert shown["Where"] == f"line 2, column 9 of {text}"
    text.write_text(text.read_text(encoding="utf-8") * 2, encoding="utf-8")
    assert dict(show(gpudeal, "samsung", "--article", str(text)))["Where"] == (
        f"2 places in {text}: line 2, column 9; line 4, column 9"
    )
    assert dict(show(gpudeal, "sk-group", "--article", str(text)))["Where"] == f"not found in {text}"


@needs_article
def test_the_real_article_places_sk_groups_excerpts(gpudeal: Run) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    places = [value for label, value in show(gpudeal, "sk-group", "--article", str(ARTICLE)) if label == "Where"]
    columns = [article.index(excerpt) + 1 for excerpt in ("a l’intention de lancer", "en utilisant les puces RTX")]
    assert places == [f"line 1, column {column:,} of {ARTICLE}" for column in columns]


@pytest.mark.parametrize(
    "args, message",
    [
        (("--json",), "--article places the excerpts in the record's rows; it does not go with --format json"),
        (("--fields", "gpus"), "--article places the excerpts in the record's rows; it does not go with --fields"),
    ],
)
def test_article_needs_the_record_view(gpudeal: Run, args: tuple[str, ...], message: str) -> None:
    result = gpudeal("show", "samsung", "--article", "whatever.txt", *args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"gpudeal: error: {message}\n")


def test_fields_keep_the_field_view(gpudeal: Run) -> None:
    out = gpudeal("show", "samsung", "--fields", "gpus,gpus_qualifier").stdout
    assert out.split() == ["gpus", ">", "50,000", "gpus_qualifier", "more_than"]


def test_the_article_is_never_the_facts_or_gpudeals_own_output(gpudeal: Run, tmp_path: Path) -> None:
    """As verify and report refuse them: the excerpts stand in both, copied, so
    placing them there would tell the reader nothing."""
    dump = tmp_path / "partners.json"
    dump.write_text(gpudeal("partners", "--json").stdout, encoding="utf-8")
    for text, why in ((SHIPPED, "it is the facts file itself"), (dump, "it is gpudeal's own output")):
        result = gpudeal("show", "samsung", "--article", str(text))
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr.startswith(f"gpudeal: cannot read the source {text}: {why}")
