"""`gpudeal verify SOURCE`: facts against the text of their source. A few runs
of the installed command; the number and qualifier tables in-process."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gpu_cli.loader import load_facts
from gpu_cli.verify import facts_with_provenance
from gpu_cli.wording import ENGLISH, FRENCH, fold, languages_for, occurrences, readings
from tests.conftest import ARTICLE, SHIPPED, Run, needs_article

TEXT = SHIPPED.read_text(encoding="utf-8")
DATA = Path(__file__).parent / "data"


def line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def by_fact(stdout: str) -> dict[str, dict[str, object]]:
    return {record["fact"]: record for record in json.loads(stdout)}


@needs_article
def test_shipped_facts_verify_against_the_article(gpudeal: Run) -> None:
    result = gpudeal("verify", str(ARTICLE), "--json")
    assert (result.returncode, result.stderr) == (0, "")
    facts = by_fact(result.stdout)
    assert {r["verdict"] for r in facts.values()} == {"ok"}
    # Every kind of fact is covered, named by its key, each number read from its excerpt.
    said = {name: (r["excerpt_says"], r["excerpt_qualifier"]) for name, r in facts.items() if r["number"] is not None}
    assert said == {
        "deal.gpus": ("plus de 260 000", "more_than"),
        "deal.investment.amount_usd": ("à hauteur de 10 milliards", "at_most"),
        "deal.inventory_growth.factor": ("plus que quadrupler", "more_than"),
        "partners[ministry-science-ict].gpus": ("plus de 50 000", "more_than"),
        "partners[samsung].gpus": ("plus de 50 000", "more_than"),
        "partners[hyundai-motor-group].gpus": ("50 000", "exactly"),
        "partners[naver-cloud].gpus": ("60 000", "exactly"),
        "ranking[United States].gpus": ("environ 20 millions", "about"),
        "ranking[South Korea].gpus": ("300 000", "exactly"),
        "context[valuation].value_usd": ("5 000 milliards", "exactly"),
    }
    for name in (
        "deal.scale_claim",
        "deal.rollout",
        "partners[kakao]",
        "people[Ha Jung-woo]",
        "context[export limits]",
    ):
        assert facts[name]["excerpt_found"] is True and facts[name]["number_found"] is None
    assert facts["partners[naver-cloud].gpus"]["line"] == line(TEXT, "gpus: 60000")


@needs_article
def test_source_from_standard_input_and_the_table(gpudeal: Run) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    result = gpudeal("verify", "-", "--format", "csv", "--fields", "fact,verdict", input=article)
    assert result.returncode == 0 and result.stdout.splitlines()[:2] == ["fact,verdict", "deal.gpus,ok"]
    table = gpudeal("verify", "-", input=article)
    assert table.returncode == 0
    assert 'excerpt says "plus de 260 000" (more_than)' in table.stdout and "fail" not in table.stdout


@needs_article
@pytest.mark.parametrize(
    ("edit", "fact", "needle", "reason"),
    [
        (
            ("une « usine IA » comprenant", "une « usine d’IA » comprenant"),
            "partners[samsung].gpus",
            "usine d’IA",
            'excerpt not in the source; closest passage: "prévoit de construire une « usine IA » comprenant plus de 50 000 GPU"',
        ),
        (
            ("gpus: 60000", "gpus: 65000"),
            "partners[naver-cloud].gpus",
            "gpus: 65000",
            'does not state 65,000 (it has "60 000")',
        ),
        (
            (
                "gpus: 50000\n    gpus_qualifier: more_than\n    chip: null\n    commitment: plans",
                "gpus: 50000\n    gpus_qualifier: exactly\n    chip: null\n    commitment: plans",
            ),
            "partners[samsung].gpus",
            "gpus_qualifier: exactly\n    chip: null\n    commitment: plans",
            'excerpt says "plus de 50 000" (more_than), facts say exactly',
        ),
        (
            ("gpus: 20000000\n    gpus_qualifier: about", "gpus: 20000000\n    gpus_qualifier: exactly"),
            "ranking[United States].gpus",
            "gpus_qualifier: exactly\n    note: the largest",
            'excerpt says "environ 20 millions" (about), facts say exactly',
        ),
    ],
    ids=["excerpt changed", "count 60000 to 65000", "more_than to exactly", "about to exactly"],
)
def test_an_edited_copy_fails_naming_the_fact(  # type: ignore[no-untyped-def]
    gpudeal: Run, write_facts, edit: tuple[str, str], fact: str, needle: str, reason: str
) -> None:
    assert TEXT.count(edit[0]) == 1
    edited = TEXT.replace(*edit)
    result = gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(edited)))
    assert (result.returncode, result.stderr) == (1, "")
    failed = {name: r for name, r in by_fact(result.stdout).items() if r["verdict"] == "fail"}
    assert list(failed) == [fact]
    assert reason in str(failed[fact]["detail"])
    assert failed[fact]["line"] == line(edited, needle)


def edit(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@needs_article
def test_excerpts_are_read_where_they_stand_in_the_source(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts = edit(
        TEXT,
        # A hedge just outside the excerpt still counts.
        (
            "gpus_qualifier: more_than\n    chip: null\n    commitment: plans",
            "gpus_qualifier: exactly\n    chip: null\n    commitment: plans",
        ),
        (
            'provenance: "prévoit de construire une « usine IA » comprenant plus de 50 000 GPU"',
            'provenance: "50 000 GPU, dédiée"',
        ),
        # Whole words and numbers only.
        ('provenance: "plus de 260 000 GPU d’IA avancés"', 'provenance: "60 000 GPU d’IA avancés"'),
        ('"sur le point de renforcer son infrastructure en intégrant 60 000 GPU"', '"000 GPU supplémentaires"'),
        ('"300 000 de la Corée la place désormais au troisième rang"', '"Le total de 300"'),
    )
    result = gpudeal("verify", str(ARTICLE), "--json", "--facts", str(write_facts(facts)))
    assert (result.returncode, result.stderr) == (1, "")
    records = by_fact(result.stdout)
    failed = {name: str(r["detail"]) for name, r in records.items() if r["verdict"] == "fail"}
    assert list(failed) == [
        "deal.gpus",
        "partners[samsung].gpus",
        "partners[naver-cloud].gpus",
        "ranking[South Korea].gpus",
    ]
    assert failed["partners[samsung].gpus"] == 'excerpt says "plus de 50 000" (more_than), facts say exactly'
    assert records["partners[samsung].gpus"]["excerpt_found"] is True
    for name in ("deal.gpus", "partners[naver-cloud].gpus", "ranking[South Korea].gpus"):
        assert records[name]["excerpt_found"] is False and records[name]["excerpt_says"] is None
        assert failed[name].startswith("excerpt not in the source as whole words and numbers; closest passage:")
    assert (
        records["partners[hyundai-motor-group].gpus"]["verdict"] == "ok"
    )  # a bare 50 000 elsewhere still reads exactly


@needs_article
def test_bounds_no_qualifier_states_fail_and_approximators_read_about(
    gpudeal: Run, tmp_path: Path, write_facts
) -> None:  # type: ignore[no-untyped-def]
    changes = [
        ("plus de 50 000 des derniers", "pas moins de 50 000 des derniers"),  # facts: more_than
        ("comprenant plus de 50 000 GPU", "comprenant presque 50 000 GPU"),  # facts: more_than
        ("intégrant 60 000 GPU", "intégrant jusqu’à 60 000 GPU"),  # facts: exactly
        ("possédaient environ 20 millions", "possédaient quelque 20 millions"),  # facts: about
        ("allouera 50 000 GPU", "allouera autour de 50 000 GPU"),  # facts: exactly -> about below
    ]
    article = tmp_path / "article.txt"
    article.write_text(edit(ARTICLE.read_text(encoding="utf-8"), *changes), encoding="utf-8")
    facts = edit(
        TEXT,
        *changes[:4],
        (
            "gpus_qualifier: exactly\n    chip: null\n    commitment: will",
            "gpus_qualifier: about\n    chip: null\n    commitment: will",
        ),
    )
    facts = facts.replace(
        '"allouera 50 000 GPU spécifiquement', '"50 000 GPU spécifiquement'
    )  # its hedge stays outside
    result = gpudeal("verify", str(article), "--json", "--facts", str(write_facts(facts)))
    assert (result.returncode, result.stderr) == (1, "")
    records = by_fact(result.stdout)
    failed = {name: r["detail"] for name, r in records.items() if r["verdict"] == "fail"}
    assert failed == {
        "partners[ministry-science-ict].gpus": 'excerpt says "pas moins de 50 000" (at_least), facts say more_than',
        "partners[samsung].gpus": 'excerpt says "presque 50 000" (just under: no qualifier states it), facts say more_than',
        "partners[naver-cloud].gpus": 'excerpt says "jusqu’à 60 000" (at_most), facts say exactly',
    }
    assert records["ranking[United States].gpus"]["excerpt_qualifier"] == "about"
    assert records["partners[hyundai-motor-group].gpus"]["excerpt_says"] == "autour de 50 000"


def test_an_english_article_verifies_and_its_more_than_matters(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    article, facts = DATA / "english_article.txt", DATA / "english_facts.yaml"
    assert b"\r\n" in article.read_bytes() and "’" in article.read_text(encoding="utf-8")  # typographic, CRLF
    result = gpudeal("verify", str(article), "--facts", str(facts), "--json")
    assert result.returncode == 0, result.stdout
    assert by_fact(result.stdout)["deal.gpus"]["excerpt_says"] == "more than 12,000"

    text = facts.read_text(encoding="utf-8")
    edited = text.replace("gpus_qualifier: more_than", "gpus_qualifier: about")
    assert edited != text
    result = gpudeal(
        "verify", str(article), "--facts", str(write_facts(edited)), "-f", "tsv", "--fields", "fact,line,verdict,detail"
    )
    assert result.returncode == 1
    failed = [row.split("\t") for row in result.stdout.splitlines()[1:] if "\tfail\t" in row]
    assert failed == [["deal.gpus", "12", "fail", 'excerpt says "more than 12,000" (more_than), facts say about']]


def test_unusable_sources_are_one_clear_line(gpudeal: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = gpudeal("verify", str(missing))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"gpudeal: cannot read the source {missing}: no such file\n"
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Nvidia a annoncé\n".encode("latin-1"))
    result = gpudeal("verify", str(latin1))
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == f"gpudeal: cannot read the source {latin1}: line 1: not UTF-8 text (byte 0xe9 at offset 15)\n"
    )
    result = gpudeal("verify")
    assert result.returncode == 2 and "missing argument 'SOURCE'" in result.stderr


def test_the_facts_file_is_not_its_own_source(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts = write_facts(TEXT)
    reason = "it is the facts file itself, not the article they come from"
    result = gpudeal("verify", str(facts), "--facts", str(facts))  # the same path
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr.startswith(f"gpudeal: cannot read the source {facts}: {reason}")
        and result.stderr.count("\n") == 1
    )
    result = gpudeal("verify", "-", "--json", input=TEXT)  # a copy of the facts in use, every excerpt in it
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"gpudeal: cannot read the source from standard input: {reason}")


# --- in-process: how numbers and qualifiers are read -------------------------


def read(text: str, language: str | None) -> list[tuple[Decimal, str]]:
    return [(r.value, r.qualifier) for r in readings(fold(text).text, languages_for(language))]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("260 000", "fr", 260_000),
        ("260\u00a0000", "fr", 260_000),
        ("260\u202f000", "fr", 260_000),
        ("260,000", "en", 260_000),
        ("20 millions", "fr", 20_000_000),
        ("20 million", "en", 20_000_000),
        ("10 milliards", "fr", 10_000_000_000),
        ("10 billion", "en", 10_000_000_000),
        ("5 000 milliards", "fr", 5_000_000_000_000),
        ("5\u202f000 milliards", "fr", 5_000_000_000_000),
        ("$10bn", "en", 10_000_000_000),
        ("US$ 10 bn", "en", 10_000_000_000),
        ("1,5 milliard", "fr", 1_500_000_000),
        ("10 billions", "fr", 10_000_000_000_000),  # a French billion is a million million
        ("doubler", "fr", 2),
        ("double", "en", 2),
        ("tripler", "fr", 3),
        ("triple", "en", 3),
        ("quadrupler", "fr", 4),
        ("quadruple", "en", 4),
    ],
)
def test_written_forms(text: str, language: str, value: int) -> None:
    assert read(text, language) == [(value, "exactly")]


@pytest.mark.parametrize(
    ("words", "language", "qualifier"),
    [
        ("plus de", "fr", "more_than"),
        ("plus que", "fr", "more_than"),
        ("more than", "en", "more_than"),
        ("over", "en", "more_than"),
        ("environ", "fr", "about"),
        ("près de", "fr", "about"),
        ("about", "en", "about"),
        ("around", "en", "about"),
        ("nearly", "en", "about"),
        ("moins de", "fr", "less_than"),
        ("less than", "en", "less_than"),
        ("under", "en", "less_than"),
        ("fewer than", "en", "less_than"),
        ("autour de", "fr", "about"),
        ("quelque", "fr", "about"),
        ("some", "en", "about"),
        ("roughly", "en", "about"),
        ("approximately", "en", "about"),
        ("pas moins de", "fr", "at_least"),
        ("pas moins que", "fr", "at_least"),
        ("au moins", "fr", "at_least"),
        ("pas plus de", "fr", "at_most"),
        ("pas plus que", "fr", "at_most"),
        ("au plus", "fr", "at_most"),
        ("jusqu’à", "fr", "at_most"),
        ("jusqu'à", "fr", "at_most"),
        ("no fewer than", "en", "at_least"),
        ("no less than", "en", "at_least"),
        ("at least", "en", "at_least"),
        ("no more than", "en", "at_most"),
        ("at most", "en", "at_most"),
        ("up to", "en", "at_most"),
        ("presque", "fr", "just_under"),
        ("quasiment", "fr", "just_under"),
        ("almost", "en", "just_under"),
        ("à hauteur de", "fr", "at_most"),
        ("as many as", "en", "at_most"),
        ("de", "fr", "exactly"),
    ],
)
def test_qualifier_words(words: str, language: str, qualifier: str) -> None:
    number = "50 000" if language == "fr" else "50,000"
    assert read(f"Soit {words} {number} GPU", language) == [(50_000, qualifier)]
    assert read(f"{words.upper()}\u00a0{number}", language) == [(50_000, qualifier)]


def test_qualifier_must_stand_right_before_the_number() -> None:
    assert read("plus de puces : 50 000", "fr") == [(50_000, "exactly")]
    assert read("more than $10bn", "en") == [(10_000_000_000, "more_than")]
    assert read("plus que quadrupler", "fr") == [(4, "more_than")]


def test_excerpts_stand_at_word_and_number_boundaries() -> None:
    text = fold("plus de 260 000 GPU d’IA avancés ; 60 000 GPU supplémentaires, l’IA").text
    assert occurrences(fold("60 000 GPU d’IA avancés").text, text) == []
    assert occurrences("000 gpu supplémentaires", text) == []
    assert occurrences("plus de 260", text) == [] and occurrences("lus de", text) == []
    assert occurrences("60 000 gpu supplémentaires", text) == [text.index("; 60") + 2]
    assert occurrences("ia", text) == [text.index("ia"), text.rindex("ia")]  # after an apostrophe is a boundary
    assert occurrences("", text) == []


def test_digits_are_read_as_the_language_writes_them() -> None:
    assert read("1,500", "fr") == [(Decimal("1.5"), "exactly")]
    assert read("1,500", "en") == [(1_500, "exactly")]
    assert 260_000 not in [v for v, _ in read("260 000", "en")]  # English does not group with spaces
    assert sorted(v for v, _ in read("1,500", None)) == [Decimal("1.5"), 1_500]  # no language: every reading
    assert read("en 2025 100 000 GPU", "fr") == [(2025, "exactly"), (100_000, "exactly")]
    assert languages_for("fr-FR") == (FRENCH,) and languages_for("en_GB") == (ENGLISH,)
    assert languages_for("de") == languages_for(None) == (FRENCH, ENGLISH)


def test_fold_ignores_spaces_quotes_and_case() -> None:
    article = fold("une «\u00a0usine IA\u00a0» comprenant\n plus de 50\u202f000 GPU d’IA")
    for excerpt in ('une "usine ia" comprenant plus de 50 000 gpu d\'ia', "UNE « USINE IA » COMPRENANT"):
        assert fold(excerpt).text in article.text
    folded = fold("l’IA  de\u00a0Naver")
    assert folded.text == "l'ia de naver"
    assert folded.span(5, 13) == "de\u00a0Naver"


def test_every_fact_with_a_provenance_is_walked() -> None:
    raw = yaml.safe_load(TEXT)

    def provenances(node: object) -> int:
        if isinstance(node, dict):
            excerpts = sum(key == "provenance" or key.endswith("_provenance") for key in node)  # chip_provenance too
            return excerpts + sum(provenances(v) for v in node.values())
        return sum(provenances(v) for v in node) if isinstance(node, list) else 0

    walked = list(facts_with_provenance(load_facts(SHIPPED)))
    assert len(walked) == provenances(raw) >= 20
    assert len({fact.label for fact in walked}) == len(walked)
    chip = next(fact for fact in walked if fact.label == "partners[sk-group].chip")
    assert (chip.field, chip.excerpt) == ("chip_provenance", "en utilisant les puces RTX PRO 6000 Blackwell de Nvidia")


PIECES = [*"0123456789 ,.$€kKmbn\u00a0\u202f’«»\"'\n", "plus de ", "about ", "milliards", "double", "İ", "ß"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_any_text_folds_and_reads_without_error(text: str) -> None:
    folded = fold(text)
    assert "  " not in folded.text and folded.text == folded.text.strip()
    assert len(folded.origin) == len(folded.text)
    if folded.text:
        assert folded.span(0, len(folded.text)).strip() in unicodedata.normalize("NFC", text)
    for reading in readings(folded.text, languages_for(None)):
        assert 0 <= reading.start < reading.end <= len(folded.text) and reading.value >= 0
