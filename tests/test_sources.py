"""Issue 18: the sources of the story in the facts file, strictly checked,
and `gpudeal sources`, through the installed command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SHIPPED, Run

TEXT = SHIPPED.read_text(encoding="utf-8")


def line_of(text: str, needle: str, start: str = "") -> int:
    at = text.index(needle, text.index(start) if start else 0)
    return text.count("\n", 0, at) + 1


def test_sources_lists_the_article_first_and_each_relation(gpudeal: Run) -> None:
    result = gpudeal("sources", "--json")
    assert result.returncode == 0, result.stderr
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert next(iter(records)) == "article"
    article = records["article"]
    assert (article["relation"], article["counted_with"], article["language"]) == (
        "translation of techrepublic",
        "techrepublic",
        "fr",
    )
    assert records["yonhap-fr"]["counted_with"] == "yonhap" and records["anadolu"]["relation"] == "quotes nvidia"
    assert records["yonhap"]["published"] == "2025-10-31" and records["techrepublic"]["counted_with"] is None
    # how many facts each gives: its reports; the article, its stated numbers
    reports = TEXT[TEXT.index("\nreports:") :]
    assert records["joongang"]["facts"] == reports.count("source: joongang,")
    assert records["article"]["facts"] >= 10


def test_sources_table_and_csv(gpudeal: Run) -> None:
    table = gpudeal("sources")
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split() == ["ID", "Outlet", "Published", "Language", "Relation", "Facts"]
    rows = gpudeal("sources", "-f", "csv", "--fields", "id,counted_with").stdout.splitlines()
    assert rows[0] == "id,counted_with" and "completeaitraining,koreabizwire" in rows


def test_an_unknown_source_id_is_an_error_with_its_line(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    needle = "source: yonhap, value: 260000"
    bad = write_facts(TEXT.replace(needle, "source: yonhapp, value: 260000"))
    result = gpudeal("sources", "--facts", str(bad))
    assert result.returncode == 1 and result.stdout == ""
    index = TEXT[TEXT.index("\nreports:") : TEXT.index(needle)].count("\n  - {") - 1
    assert result.stderr == (
        f"gpudeal: invalid facts file {bad}: reports[{index}].source (line {line_of(TEXT, needle)}):"
        " no source has the id 'yonhapp'; did you mean 'yonhap'?\n"
    )


def test_a_duplicate_report_and_an_unknown_fact_are_errors_with_their_lines(
    gpudeal: Run, write_facts: Callable[..., Path]
) -> None:
    first = '  - {fact: "partners[samsung].gpus", source: afp, value: 50000, qualifier: exactly,'
    line = next(line for line in TEXT.splitlines() if line.startswith(first))
    wrong = line.replace("partners[samsung].gpus", "partners[samsnug].gpus")
    text = TEXT + line + "\n" + wrong + "\n"
    result = gpudeal("corroborate", "--facts", str(write_facts(text)))
    assert result.returncode == 1 and result.stdout == ""
    count = text[text.index("\nreports:") :].count("\n  - {")
    first_index = TEXT[TEXT.index("\nreports:") : TEXT.index(first)].count("\n  - {")
    last = text.count("\n")
    assert result.stderr.splitlines()[1:] == [
        f"gpudeal:   reports[{count - 2}] (line {last - 1}): a second report of partners[samsung].gpus by afp"
        f" (first at reports[{first_index}])",
        f"gpudeal:   reports[{count - 1}].fact (line {last}): no fact has the path 'partners[samsnug].gpus';"
        " did you mean 'partners[samsung].gpus'?",
    ]


def test_relations_must_name_a_listed_source(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    bad = write_facts(TEXT.replace("    based_on: koreabizwire", "    based_on: korea-bizwire"))
    result = gpudeal("partners", "--facts", str(bad))
    at = line_of(TEXT, "    based_on: koreabizwire")
    assert result.returncode == 1
    assert f"sources[14].based_on (line {at}): no source has the id 'korea-bizwire'" in result.stderr
    assert "did you mean 'koreabizwire'?" in result.stderr


def test_a_report_needs_its_qualifier_and_the_article_reports_nothing(
    gpudeal: Run, write_facts: Callable[..., Path]
) -> None:
    text = TEXT.replace("source: ap, value: 260000, qualifier: about,", "source: ap, value: 260000,").replace(
        "source: korea-net, value: 260000", "source: article, value: 260000"
    )
    result = gpudeal("sources", "--facts", str(write_facts(text)))
    assert result.returncode == 1
    assert f"reports[7].qualifier (line {line_of(TEXT, 'source: ap, value')}): is required" in result.stderr
    # the reference checks run once the file validates
    fixed = text.replace("source: ap, value: 260000,", "source: ap, value: 260000, qualifier: about,")
    result = gpudeal("sources", "--facts", str(write_facts(fixed)))
    assert "the article's claims are the facts themselves, not a report" in result.stderr


def test_facts_without_sources_still_work(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    bare = write_facts(TEXT[: TEXT.index("# ---------------------------------------------------------------- other")])
    sources = json.loads(gpudeal("sources", "--facts", str(bare), "--json").stdout)
    assert [(s["id"], s["outlet"], s["language"]) for s in sources] == [("article", "the article", "fr")]
    facts = json.loads(gpudeal("corroborate", "--facts", str(bare), "--json").stdout)
    assert {f["verdict"] for f in facts} == {"single"}


def test_a_cycle_of_relations_is_refused_with_its_line_and_every_other_problem(
    gpudeal: Run, write_facts: Callable[..., Path]
) -> None:
    """A translation of a translation of itself made corroborate count the
    article as its own confirmation (`single` read `agree`)."""
    translated = "    outlet: TechRepublic\n"
    rewritten = "  - id: reuters-rewrite\n"
    text = (
        TEXT.replace(translated, translated + "    translation_of: article\n")
        .replace("    based_on: reuters\n", "    based_on: reuters\n    quotes: [anadolu]\n")
        .replace("  - id: reuters\n", "  - id: reuters\n    based_on: reuters-rewrite\n")
        .replace("    based_on: koreabizwire", "    based_on: korea-bizwire")
    )
    assert text.count("translation_of: article") == 1 and rewritten in text
    result = gpudeal("corroborate", "--facts", str(bad := write_facts(text)))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"gpudeal: invalid facts file {bad}: 3 problems"
    assert (
        f"gpudeal:   sources[1].translation_of (line {line_of(text, 'translation_of: article')}):"
        " the sources' relations go round in a cycle: article → techrepublic → article"
    ) in lines
    assert (
        f"gpudeal:   sources[7].based_on (line {line_of(text, '    based_on: reuters', rewritten)}):"
        " the sources' relations go round in a cycle: reuters → reuters-rewrite → reuters"
    ) in lines
    assert any("no source has the id 'korea-bizwire'" in line for line in lines)


def test_a_cycle_through_quotes_is_refused_and_a_source_naming_itself_said_once(
    gpudeal: Run, write_facts: Callable[..., Path]
) -> None:
    statement = "  - id: nvidia\n"
    text = TEXT.replace(statement, statement + "    quotes: [reuters]\n").replace(
        "    outlet: TechRepublic\n", "    outlet: TechRepublic\n    translation_of: techrepublic\n"
    )
    result = gpudeal("sources", "--facts", str(write_facts(text)))
    assert result.returncode == 1
    assert result.stderr.count("a source cannot copy itself") == 1
    assert "the sources' relations go round in a cycle: nvidia → reuters → nvidia" in result.stderr
    assert "techrepublic → techrepublic" not in result.stderr


def test_reports_of_a_renamed_country_say_what_the_ranking_has_not_another_country(
    gpudeal: Run, write_facts: Callable[..., Path]
) -> None:
    """South Korea renamed Japan: its reports were told "did you mean
    'ranking[China].gpus'?", which would attach Korea's figures to China."""
    text = TEXT.replace("    country: South Korea\n", "    country: Japan\n")
    result = gpudeal("corroborate", "--facts", str(write_facts(text)))
    assert result.returncode == 1 and result.stdout == ""
    problems = result.stderr.splitlines()[1:]
    assert len(problems) == TEXT.count('fact: "ranking[South Korea].gpus"') > 0
    assert all(
        line.endswith(
            "no fact has the path 'ranking[South Korea].gpus';"
            " ranking has no 'South Korea' (it has 'United States', 'China' and 'Japan')"
        )
        for line in problems
    ), problems
    typo = gpudeal(
        "sources", "--facts", str(write_facts(TEXT.replace("country: South Korea\n", "country: South Kroea\n")))
    )
    assert "did you mean 'ranking[South Kroea].gpus'?" in typo.stderr
