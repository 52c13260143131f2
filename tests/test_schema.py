"""Every view is data: `summary` in json, yaml and Markdown, and every `schema`
validated against the real output of its command."""

from __future__ import annotations

import json

import jsonschema
import yaml

from tests.conftest import SHIPPED, Run


def test_summary_as_json_matches_its_schema_and_the_yaml(gpudeal: Run) -> None:
    as_json = gpudeal("summary", "--json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    jsonschema.validate(data, json.loads(gpudeal("schema", "summary").stdout))
    assert data["deal"]["gpus"] == 260000 and data["deal"]["investment"]["amount_usd"] == 10_000_000_000
    derived = {d["name"]: (d["value"], d["qualifier"]) for d in data["derived"]}
    assert derived == {
        "stated partner sum": (160001, "at_least"),
        "remainder": (139999, "at_most"),
        "stock before the deal": (39999, "at_most"),
        "growth factor": (300000 / 39999, "at_least"),  # each value the end its qualifier names
    }
    assert [entry["rank"] for entry in data["ranking"]] == [1, 2, 3] and data["ranking"][0]["according_to"]
    assert {person["name"] for person in data["people"]} >= {"Jensen Huang", "Ha Jung-woo"}
    assert yaml.safe_load(gpudeal("summary", "-f", "yaml").stdout) == data


def test_summary_as_markdown_reads_like_the_terminal_view(gpudeal: Run) -> None:
    out = gpudeal("summary", "-f", "markdown").stdout
    assert out.startswith("## The deal\n\n| Item | Value |\n")
    assert "| Amount | ≤ $10 billion |" in out and "≤ 39,999" in out and "≈" not in out.split("## World ranking")[0]


def test_summary_has_no_flat_form(gpudeal: Run) -> None:
    result = gpudeal("summary", "-f", "csv")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("gpudeal: error: invalid value for --format: 'csv' is not one of table, json")


def test_check_output_matches_its_schema(gpudeal: Run) -> None:
    records = json.loads(gpudeal("check", "--json").stdout)
    jsonschema.validate(records, json.loads(gpudeal("schema", "check").stdout))
    assert all(record["derived"] is not None for record in records)


def test_schema_takes_facts_like_every_command(gpudeal: Run) -> None:
    result = gpudeal("schema", "show", "--facts", str(SHIPPED))
    assert result.returncode == 0 and json.loads(result.stdout)["title"] == "gpudeal show"
