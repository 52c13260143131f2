"""`at_least` and `at_most` (closed bounds), whole-number ends for counts, and
`about` with a stated width: read, computed, displayed and verified through
the installed `gpudeal` (issue 17, "Closed bounds" and "about has a stated width")."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import ARTICLE, SHIPPED, Run, needs_article

TEXT = SHIPPED.read_text(encoding="utf-8")
MINISTRY = "gpus: 50000\n    gpus_qualifier: more_than\n    chip: null\n    commitment: will"


def edited(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def derived(gpudeal: Run, path: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    result = gpudeal("check", "--json", "--facts", str(path), "--assume", "linked-apart")
    return result.returncode, {d["name"]: d for r in json.loads(result.stdout) for d in r["derived"]}


@needs_article
def test_at_least_reads_computes_displays_and_verifies(gpudeal: Run, write_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = write_facts(
        edited(
            TEXT,
            (MINISTRY, MINISTRY.replace("more_than", "at_least")),
            ('"plus de 50 000 des derniers', '"50 000 des derniers'),  # the words before are read in the source
        )
    )
    # Displayed: ≥ in every human view.
    table = gpudeal("partners", "--facts", str(facts), "--fields", "name,gpus").stdout
    assert re.search(r"Ministry of Science and ICT .*≥ 50,000", table)
    # Computed: at least 50,000 + more than 50,000 + 50,000 + 60,000 is at least 210,001 (linked apart).
    code, numbers = derived(gpudeal, facts)
    assert code == 0
    parts = numbers["stated partner sum"]
    assert (parts["qualifier"], parts["low"], parts["high"]) == ("at_least", 210_001, None)
    assert parts["arithmetic"].startswith("at least 50,000 + more than 50,000")
    # Verified: "au moins" reads as at_least; the shipped "plus de" now disagrees.
    article = tmp_path / "article.txt"
    article.write_text(
        edited(ARTICLE.read_text(encoding="utf-8"), ("plus de 50 000 des derniers", "au moins 50 000 des derniers")),
        encoding="utf-8",
    )
    ok = gpudeal("verify", str(article), "--json", "--facts", str(facts))
    assert ok.returncode == 0, ok.stdout
    ministry = next(r for r in json.loads(ok.stdout) if r["fact"] == "partners[ministry-science-ict].gpus")
    assert (ministry["excerpt_says"], ministry["excerpt_qualifier"]) == ("au moins 50 000", "at_least")
    assert gpudeal("verify", str(ARTICLE), "--facts", str(facts)).returncode == 1  # "plus de" is more_than


@needs_article
def test_at_most_reads_computes_displays_and_verifies(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    # The shipped investment is "à hauteur de 10 milliards de dollars": at most, closed.
    summary = gpudeal("summary").stdout
    assert "≤ $10 billion" in summary
    record = json.loads(gpudeal("summary", "--json").stdout)["deal"]["investment"]
    assert (record["amount_usd"], record["amount_usd_qualifier"]) == (10_000_000_000, "at_most")
    verified = {r["fact"]: r for r in json.loads(gpudeal("verify", str(ARTICLE), "--json").stdout)}
    money = verified["deal.investment.amount_usd"]
    assert (money["excerpt_qualifier"], money["verdict"]) == ("at_most", "ok")
    # A count at most: its lower end is the floor 0 in --json, not null.
    naver = "gpus: 60000\n    gpus_qualifier: exactly"
    facts = write_facts(edited(TEXT, (naver, naver.replace("exactly", "at_most"))))
    assert re.search(r"Naver Cloud .*≤ 60,000", gpudeal("partners", "--facts", str(facts)).stdout)
    _, numbers = derived(gpudeal, facts)
    parts = numbers["stated partner sum"]
    assert (parts["qualifier"], parts["low"], parts["high"]) == ("at_least", 150_002, None)
    # Both qualifiers are in the facts schema and the check schema.
    for name in ("facts", "check"):
        schema = json.dumps(json.loads(gpudeal("schema", name).stdout))
        assert '"at_least"' in schema and '"at_most"' in schema, name


def test_counts_are_whole_numbers_in_json(gpudeal: Run) -> None:
    result = gpudeal("check", "--json")
    numbers = {d["name"]: d for r in json.loads(result.stdout) for d in r["derived"]}
    # more than 260,000 is at least 260,001: the stock before is at most 39,999, its low 0.
    stock = numbers["stock before the deal"]
    assert (stock["qualifier"], stock["low"], stock["high"]) == ("at_most", 0, 39_999)
    jsonschema.validate(json.loads(result.stdout), json.loads(gpudeal("schema", "check").stdout))


def test_about_has_a_stated_width(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    # about 20,000,000 is 15,000,000 to 25,000,000 (half a unit of the last significant digit): printed.
    out = gpudeal("check", "--json").stdout
    ranks = next(r for r in json.loads(out) if r["rule"] == "counts fall as rank rises")
    assert "about 20,000,000 (15,000,000 to 25,000,000) (#1)" in ranks["arithmetic"]
    # about 200 at #1 cannot be 300,000 or more: a failure, not "undetermined".
    facts = write_facts(edited(TEXT, ("gpus: 20000000", "gpus: 200")))
    result = gpudeal("check", "--json", "--facts", str(facts))
    assert result.returncode == 1
    ranks = next(r for r in json.loads(result.stdout) if r["rule"] == "counts fall as rank rises")
    assert ranks["verdict"] == "fail" and "about 200 (150 to 250) (#1)" in ranks["arithmetic"]
    # The width is in --json low/high of what it derives: about 260,000 is 255,000 to 265,000.
    headline = "gpus: 260000\n  gpus_qualifier: more_than"
    exact = edited(TEXT, (headline, "gpus: 260000\n  gpus_qualifier: about"))
    exact = exact.replace("gpus_qualifier: more_than", "gpus_qualifier: exactly")
    _, numbers = derived(gpudeal, write_facts(exact))
    rest = numbers["remainder"]
    assert (rest["qualifier"], rest["low"], rest["high"]) == ("about", 45_000, 55_000)
    assert rest["arithmetic"].startswith("about 260,000 (255,000 to 265,000) − ")
    assert rest["arithmetic"].endswith("= about 50,000 (45,000 to 55,000)")
