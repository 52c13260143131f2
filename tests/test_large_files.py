"""Large inputs stay fast and readable: `verify` on a long article that lacks
the excerpts (the closest-passage search is bounded), and the views of a
facts file with thousands of partners."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.verify_large import shuffled_article
from tests.conftest import SHIPPED, Run, clean_env, needs_article


@needs_article
def test_verify_on_a_megabyte_without_excerpts_is_bounded(gpudeal: Run, tmp_path: Path) -> None:
    """The benchmark's target is 2 s (benchmarks/verify_large.py); this guards
    the bound with a wide margin for a loaded machine: before, it ran for minutes."""
    article = tmp_path / "long.txt"
    article.write_text(shuffled_article(1_000_000), encoding="utf-8")
    start = time.perf_counter()
    result = gpudeal("verify", str(article), "--json", timeout=120)
    took = time.perf_counter() - start
    assert result.returncode == 1, result.stderr  # every excerpt is missing
    assert took < 20, f"verify took {took:.1f}s on 1 MB"
    import json

    findings = json.loads(result.stdout)
    assert findings and all(not f["excerpt_found"] for f in findings)
    assert all(f["closest_passage"] for f in findings)  # still shown, from the long text
    assert all('closest passage: "' in f["detail"] for f in findings)


def test_verify_on_a_megabyte_with_no_space_is_bounded(gpudeal: Run, tmp_path: Path) -> None:
    """One 1 MB "word": each window the search scores is cut to a few times the
    excerpt's length instead of being compared whole (it took 35 s)."""
    article = tmp_path / "one-word.txt"
    article.write_text("a" * 1_000_000, encoding="utf-8")
    start = time.perf_counter()
    result = gpudeal("verify", str(article), "--json", timeout=120)
    took = time.perf_counter() - start
    assert result.returncode == 1, result.stderr
    assert took < 20, f"verify took {took:.1f}s on 1 MB with no space"


@needs_article
def test_the_closest_passage_is_found_among_many_words(gpudeal: Run, tmp_path: Path) -> None:
    """A near match (one word changed) deep in a long text is the passage shown."""
    near = "Nvidia fournira plus de 260 000 GPU d’IA modernes à la Corée"
    text = shuffled_article(300_000) + f"\n{near}\n" + shuffled_article(300_000, seed=21)
    article = tmp_path / "long.txt"
    article.write_text(text, encoding="utf-8")
    result = gpudeal("verify", str(article), "--json", timeout=120)
    import json

    deal = next(f for f in json.loads(result.stdout) if f["fact"] == "deal.gpus")
    assert not deal["excerpt_found"] and "plus de 260 000" in deal["closest_passage"]


def test_check_on_thousands_of_partners_summarises_its_arithmetic(gpudeal: Run, big_facts: Path) -> None:
    result = gpudeal("check", "--facts", str(big_facts), env=clean_env(COLUMNS="120"))
    assert result.returncode in (0, 1), result.stderr
    assert "stated counts = at least" in result.stdout
    assert len(result.stdout.splitlines()) < 80, len(result.stdout.splitlines())
    full = gpudeal("check", "--facts", str(big_facts), "--json")
    assert full.stdout.count(" + ") > 1_000  # the machine formats keep every term


def test_messages_cap_their_lists(gpudeal: Run, big_facts: Path) -> None:
    missing = gpudeal("show", "zzz", "--facts", str(big_facts))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert len(missing.stderr) < 400 and "… and 2,990 more" in missing.stderr
    several = gpudeal("show", "partner", "--facts", str(big_facts))
    assert several.returncode == 1 and len(several.stderr) < 400
    assert "'partner' matches 3,000 partners: partner-0, partner-1," in several.stderr


def test_the_diff_table_is_capped_like_the_others(gpudeal: Run, big_facts: Path) -> None:
    result = gpudeal("diff", str(SHIPPED), str(big_facts), timeout=120)
    assert result.returncode == 1, result.stderr
    assert len(result.stdout.splitlines()) < 2_100
    assert "first 2,000 of" in result.stdout and "changes; use --format" in result.stdout
    jsonl = gpudeal("diff", str(SHIPPED), str(big_facts), "-f", "jsonl", timeout=120)
    assert len(jsonl.stdout.splitlines()) > 2_000  # all of them


def test_a_huge_cell_is_bounded_in_a_pipe(gpudeal: Run, tmp_path: Path) -> None:
    facts = tmp_path / "long.yaml"
    facts.write_text(
        SHIPPED.read_text(encoding="utf-8").replace("focus: AI factory for chips", "focus: " + "x" * 10_000),
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = gpudeal("partners", "--facts", str(facts))
    assert result.returncode == 0 and time.perf_counter() - start < 10
    assert "(9,000 more characters: see --format json)" in result.stdout
    assert "x" * 10_000 in gpudeal("partners", "--facts", str(facts), "--json").stdout
