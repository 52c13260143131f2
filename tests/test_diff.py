"""`gpudeal diff` through the installed command: changes by path and identity,
their consequences on derived numbers and check verdicts, diff(1) exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import SHIPPED, NoAliases, Run


def corrected(data: dict[str, Any]) -> dict[str, Any]:
    """A later report: SK Group's count is given, Samsung's turns out exact,
    Hyundai is gone, Hanwha joins, and the partners are listed in reverse."""
    partners = {p["id"]: p for p in data["partners"]}
    partners["sk-group"].update(gpus=50000, gpus_qualifier="exactly")
    partners["samsung"]["gpus_qualifier"] = "exactly"
    hanwha = dict(partners["hyundai-motor-group"], id="hanwha", name="Hanwha", gpus=10000, gpus_qualifier="exactly")
    kept = [p for p in reversed(data["partners"]) if p["id"] != "hyundai-motor-group"]
    named = data["deal"]["collaborators"]
    deal = {
        **data["deal"],
        "collaborators": {**named, "partners": [p for p in named["partners"] if p != "hyundai-motor-group"]},
    }
    reports = [r for r in data.get("reports", []) if "hyundai-motor-group" not in r["fact"]]  # gone with it
    return {**data, "deal": deal, "partners": [*kept, hanwha], "reports": reports}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    new = tmp_path / "new.yaml"
    new.write_text(yaml.dump(corrected(data), Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return SHIPPED, new


def test_identical_files_are_no_differences(gpudeal: Run) -> None:
    result = gpudeal("diff", str(SHIPPED), str(SHIPPED))
    assert (result.returncode, result.stdout, result.stderr) == (0, "no differences\n", "")
    as_json = gpudeal("diff", str(SHIPPED), str(SHIPPED), "--json")
    assert (as_json.returncode, json.loads(as_json.stdout)) == (0, [])


def test_a_correction_is_reported_by_path_with_its_consequences(gpudeal: Run, files: tuple[Path, Path]) -> None:
    old, new = files
    result = gpudeal("diff", str(old), str(new), "--json")
    assert result.returncode == 1, result.stderr
    changes = {c["path"]: c for c in json.loads(result.stdout)}
    stated = {path: (c["kind"], c["old"], c["new"]) for path, c in changes.items() if path.startswith("partners")}
    hyundai = stated.pop("partners[hyundai-motor-group]")
    hanwha = stated.pop("partners[hanwha]")
    assert stated == {  # reversing the list is no change
        "partners[sk-group].gpus": (
            "changed",
            {"gpus": None, "gpus_qualifier": None},
            {"gpus": 50000, "gpus_qualifier": "exactly"},
        ),
        "partners[samsung].gpus": (
            "changed",
            {"gpus": 50000, "gpus_qualifier": "more_than"},
            {"gpus": 50000, "gpus_qualifier": "exactly"},
        ),
    }
    assert hyundai[0] == "removed" and hyundai[1]["gpus"] == 50000 and hyundai[2] is None
    assert hanwha[0] == "added" and hanwha[1] is None and hanwha[2]["name"] == "Hanwha"
    assert changes["deal.collaborators.partners[hyundai-motor-group]"]["kind"] == "removed"
    consequences = {
        path: (c["old"], c["new"]) for path, c in changes.items() if path.startswith(("derived.", "check."))
    }
    assert consequences == {
        "derived.stated_partner_sum": (
            # Naver Cloud's 60,000 may lie inside the ministry's (default premises)
            {"value": 160001, "qualifier": "at_least", "low": 160001, "high": None},
            {"value": 170000, "qualifier": "at_least", "low": 170000, "high": None},
        ),
        "derived.remainder": (
            {"value": 139999, "qualifier": "at_most", "low": 0, "high": 139999},
            {"value": 130000, "qualifier": "at_most", "low": 0, "high": 130000},
        ),
        "derived.partners[sk-group].gpus_implied": (  # now stated
            {"value": 139999, "qualifier": "at_most", "low": 0, "high": 139999},
            None,
        ),
    }
    gone = {path for path, c in changes.items() if path.startswith("reports[") and c["kind"] == "removed"}
    assert gone == {
        f"reports[partners[hyundai-motor-group].gpus {s}]" for s in ("hyundai-statement", "joongang", "donga")
    }
    # Hyundai's reports gone with it; Hanwha's count, the article's alone, is `single`
    corroborated = {path: (c["old"], c["new"]) for path, c in changes.items() if path.startswith("corroborate.")}
    assert corroborated == {
        "corroborate.partners[hyundai-motor-group].gpus.verdict": ("consistent", None),
        "corroborate.partners[hyundai-motor-group].gpus.joint": ("50,000", None),
        "corroborate.partners[hanwha].gpus.verdict": (None, "single"),
        "corroborate.partners[hanwha].gpus.joint": (None, "10,000"),
    }
    # counts, added/removed partners, collaborator, Hyundai's reports, consequences
    assert len(changes) == 2 + 2 + 1 + len(gone) + 3 + len(corroborated)
    schema = json.loads(gpudeal("schema", "diff").stdout)
    jsonschema.validate(list(changes.values()), schema)


def test_the_table_groups_changes_with_marks(gpudeal: Run, files: tuple[Path, Path]) -> None:
    old, new = files
    result = gpudeal("diff", str(old), str(new))
    assert result.returncode == 1
    out = result.stdout
    assert "Stated facts" in out and "\x1b[" not in out
    assert "partners[sk-group].gpus" in out and "not stated" in out
    assert "> 50,000" in out and "≤ 139,999" in out
    assert "+ " in out.replace("│", " ") and "− " in out.replace("│", " ")


def test_standard_input_on_either_side(gpudeal: Run, files: tuple[Path, Path]) -> None:
    old, new = files
    text = new.read_text(encoding="utf-8")
    left = gpudeal("diff", "-", str(old), "--json", input=text)
    right = gpudeal("diff", str(old), "-", "--json", input=text)
    assert left.returncode == right.returncode == 1
    assert {c["path"] for c in json.loads(left.stdout)} == {c["path"] for c in json.loads(right.stdout)}
    both = gpudeal("diff", "-", "-", input=text)
    assert both.returncode == 2 and "only one of OLD and NEW" in both.stderr


def test_trouble_is_exit_2_with_one_clear_message(gpudeal: Run, tmp_path: Path) -> None:
    missing = gpudeal("diff", str(SHIPPED), str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == f"gpudeal: invalid facts file {tmp_path / 'nope.yaml'}: no such file\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text("deal: [\n", encoding="utf-8")
    invalid = gpudeal("diff", str(broken), str(SHIPPED))
    assert invalid.returncode == 2 and invalid.stdout == "" and "broken.yaml" in invalid.stderr
    assert "Traceback" not in invalid.stderr


def test_a_verdict_that_changes_is_a_change_of_its_own(gpudeal: Run, tmp_path: Path) -> None:
    """With every count exact, the parts can be proven to fit the headline."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data["deal"]["gpus_qualifier"] = "exactly"
    for partner in data["partners"]:
        if partner["gpus"] is not None:
            partner["gpus_qualifier"] = "exactly"
    new = tmp_path / "exact.yaml"
    new.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = gpudeal("diff", str(SHIPPED), str(new), "--json")
    assert result.returncode == 1, result.stderr
    changes = {c["path"]: c for c in json.loads(result.stdout)}
    assert changes["check.partner_sum"] == {  # a stable id, not the rule's wording
        "path": "check.partner_sum",
        "kind": "changed",
        "old": "undetermined",
        "new": "ok",
    }
    # Naver Cloud's 60,000 may lie inside the ministry's (default premises): 50,000 to 100,000 left.
    assert changes["derived.remainder"]["new"] == {"value": 50000, "qualifier": "between", "low": 50000, "high": 100000}
    table = gpudeal("diff", str(SHIPPED), str(new), "--color", "always")
    assert "Check verdicts" in table.stdout and "\x1b[" in table.stdout


def test_an_empty_path_is_a_usage_error(gpudeal: Run) -> None:
    result = gpudeal("diff", "", str(SHIPPED))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("gpudeal: error: OLD and NEW each need a path")


def test_a_failed_write_is_trouble_not_a_difference(gpudeal_bin: str) -> None:
    """diff(1)'s 1 means "different": a script must not read that from a full disk."""
    import subprocess

    from tests.conftest import clean_env

    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [gpudeal_bin, "diff", str(SHIPPED), str(SHIPPED)], stdout=full, stderr=subprocess.PIPE, env=clean_env()
        )
    assert result.returncode == 2
    assert result.stderr == b"gpudeal: cannot write output: No space left on device\n"


def test_items_are_matched_by_the_identity_their_models_declare() -> None:
    from gpu_cli.models import identified_lists, item_key

    assert identified_lists() == {
        "partners": ("id",),
        "relations": ("type", "partner"),
        "ranking": ("country",),
        "people": ("name",),
        "context": ("topic",),
        "sources": ("id",),
        "reports": ("fact", "source"),
    }
    assert (
        item_key({"type": "cloud_partner_of", "partner": "ministry"}, ("type", "partner"))
        == "cloud_partner_of ministry"
    )


def _edited(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_reports_are_matched_by_fact_and_source_with_their_verdicts(gpudeal: Run, tmp_path: Path) -> None:
    """A report's qualifier changed reads as its figure changed; a report added
    is named by its source and figure; what that does to the verdicts and
    joint ranges of `corroborate` follows."""

    def change(data: dict[str, Any]) -> None:
        for r in data["reports"]:
            if r["fact"] == "deal.gpus":
                r["qualifier"] = "more_than"  # every report now says "more than"
        data["reports"].append(
            {"fact": "partners[kakao].gpus", "source": "afp", "value": 5000, "qualifier": "about", "excerpt": "x"}
        )
        data["reports"].reverse()  # the order of the reports is no change

    new = _edited(tmp_path, change)
    changes = {c["path"]: c for c in json.loads(gpudeal("diff", str(SHIPPED), str(new), "--json").stdout)}
    yonhap = changes["reports[deal.gpus yonhap].value"]
    assert (yonhap["old"], yonhap["new"]) == (
        {"value": 260000, "qualifier": "at_most"},
        {"value": 260000, "qualifier": "more_than"},
    )
    assert "reports[deal.gpus reuters].value" not in changes  # it said "more than" already
    assert changes["reports[partners[kakao].gpus afp]"]["kind"] == "added"
    verdicts = {p: (c["old"], c["new"]) for p, c in changes.items() if p.startswith("corroborate.")}
    assert verdicts == {
        "corroborate.deal.gpus.verdict": ("conflict", "consistent"),
        "corroborate.deal.gpus.joint": ("none", "≥ 260,001"),
        "corroborate.partners[kakao].gpus.verdict": (None, "single"),
        "corroborate.partners[kakao].gpus.joint": (None, "4,500 to 5,500"),
    }
    table = gpudeal("diff", str(SHIPPED), str(new)).stdout
    lines = [" ".join(line.split()) for line in table.splitlines()]
    assert "~ reports[deal.gpus yonhap].value ≤ 260,000 > 260,000" in lines
    assert "+ reports[partners[kakao].gpus afp] none afp: ≈5,000" in lines
    assert "Other reports: verdicts and joint ranges" in lines
    assert "~ corroborate.deal.gpus.verdict conflict consistent" in lines


def test_a_report_of_money_reads_as_money_and_drift_is_a_consequence(gpudeal: Run, tmp_path: Path) -> None:
    def exact(data: dict[str, Any]) -> None:
        for r in data["reports"]:
            if r["fact"] == "deal.investment.amount_usd" and r["source"] == "techrepublic":
                r["qualifier"] = "exactly"

    table = gpudeal("diff", str(SHIPPED), str(_edited(tmp_path, exact))).stdout
    lines = [" ".join(line.split()) for line in table.splitlines()]
    assert "~ reports[deal.investment.amount_usd techrepublic].value ≤ $10 billion $10 billion" in lines
    drift = next(line for line in lines if line.startswith("+ corroborate.deal.investment.amount_usd.drift"))
    assert "techrepublic $10 billion" in drift and "article ≤ $10 billion" in drift
