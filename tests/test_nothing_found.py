"""Nothing found is said: an empty selection or a missing ranking gets a line
on stderr and exit 1 (a machine format still prints its empty document), and
rules over empty data are `undetermined`, never a vacuous `ok`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import SHIPPED, NoAliases, Run


def edited(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    data.pop("reports", None)  # they name partners and ranks some edits remove
    change(data)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_no_partner_of_a_kind(gpudeal: Run, tmp_path: Path) -> None:
    facts = edited(tmp_path, lambda d: [p.update(kind="cloud") for p in d["partners"] if p["kind"] == "government"])
    table = gpudeal("partners", "--kind", "government", "--facts", str(facts))
    assert (table.returncode, table.stdout) == (1, "")
    assert table.stderr == "gpudeal: no partners match --kind government\n"
    data = gpudeal("partners", "--kind", "government", "--facts", str(facts), "--json")
    assert data.returncode == 1 and json.loads(data.stdout) == [] and "no partners match" in data.stderr
    assert gpudeal("partners", "--kind", "cloud", "--facts", str(facts)).returncode == 0


def test_no_ranking(gpudeal: Run, tmp_path: Path) -> None:
    facts = edited(tmp_path, lambda d: d.update(ranking=[]))
    for args in (("rank",), ("rank", "--chart")):
        result = gpudeal(*args, "--facts", str(facts))
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == "gpudeal: the facts have no ranking\n"
    csv = gpudeal("rank", "-f", "csv", "--fields", "rank,country", "--facts", str(facts))
    assert (csv.returncode, csv.stdout) == (1, "rank,country\n")


def test_rules_over_empty_data_are_undetermined(gpudeal: Run, tmp_path: Path) -> None:
    def empty(d: dict[str, Any]) -> None:
        d["ranking"] = []
        d["partners"] = []
        d["deal"].pop("collaborators", None)

    facts = edited(tmp_path, empty)
    result = gpudeal("check", "--json", "--facts", str(facts))
    assert result.returncode == 0, result.stderr
    verdicts = {r["rule"]: (r["verdict"], r["detail"]) for r in json.loads(result.stdout)}
    assert verdicts["ranks unique and contiguous"] == ("undetermined", "the facts have no ranking")
    assert verdicts["counts fall as rank rises"][0] == "undetermined"
    assert verdicts["partner counts within the headline"] == ("undetermined", "no partner states a count")
    assert verdicts["no GPU counted twice"] == ("undetermined", "the facts list no partners")
    assert "1 to 0" not in result.stdout
    assert gpudeal("partners", "--facts", str(facts)).stderr == "gpudeal: the facts list no partners\n"
