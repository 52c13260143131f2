"""gpudeal in pipelines: the installed command, real pipes, real readers."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from gpu_cli.checks import CHECK_FIELDS
from gpu_cli.loader import load_facts
from gpu_cli.queries import PARTNER_FIELDS, RANK_FIELDS
from tests.conftest import SHIPPED, Run, clean_env

FACTS = load_facts(SHIPPED)
STATED = {p.id: (p.gpus, p.gpus_qualifier) for p in FACTS.partners}
COMMANDS = {  # command line → (fields, key field, expected rows)
    "partners": (PARTNER_FIELDS, "id", len(FACTS.partners)),
    "rank": (RANK_FIELDS, "rank", len(FACTS.ranking)),
    "show naver": (PARTNER_FIELDS, "id", 1),
    "check": (CHECK_FIELDS, "rule", 6),
}
FORMATS = ["json", "jsonl", "yaml", "csv", "tsv", "markdown"]


def parse(fmt: str, text: str) -> list[dict[str, object]]:
    """Read an output back with the reader its users would use."""
    if fmt == "json":
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    if fmt == "yaml":
        data = yaml.safe_load(text)
        return data if isinstance(data, list) else [data]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    if fmt == "tsv":
        header, *rows = text.rstrip("\n").split("\n")
        return [dict(zip(header.split("\t"), row.split("\t"), strict=True)) for row in rows]
    return parse_markdown(text)


def parse_markdown(text: str) -> list[dict[str, object]]:
    lines = text.rstrip("\n").split("\n")
    cells = [[c.strip() for c in line.strip().strip("|").split(" | ")] for line in lines]
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
    assert all(re.fullmatch(r"-{3,}:?", c) for c in cells[1]) and len(cells[1]) == len(cells[0])
    assert all(len(row) == len(cells[0]) for row in cells)
    return [dict(zip(cells[0], row, strict=True)) for row in cells[2:]]


def as_int(value: object) -> int | None:
    return None if value in (None, "") else int(str(value))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_format_parses_back(gpudeal: Run, command: str, fmt: str) -> None:
    fields, key, count = COMMANDS[command]
    result = gpudeal(*command.split(), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = parse(fmt, result.stdout)
    assert len(rows) == count
    assert list(rows[0]) == list(fields)
    if "gpus" in fields and key == "id":
        for row in rows:
            assert (as_int(row["gpus"]), row["gpus_qualifier"] or None) == STATED[str(row["id"])]


@pytest.mark.parametrize("fmt", [*FORMATS, "table"])
def test_fields_select_and_order_in_every_format(gpudeal: Run, fmt: str) -> None:
    result = gpudeal("partners", "-f", fmt, "--fields", "gpus,name")
    assert result.returncode == 0, result.stderr
    if fmt == "table":
        header = next(line for line in result.stdout.splitlines() if "GPUs" in line)
        assert header.index("GPUs") < header.index("Name") and "Kind" not in header
        return
    rows = parse(fmt, result.stdout)
    assert [list(r) for r in rows] == [["gpus", "name"]] * len(FACTS.partners)


def test_json_flag_is_the_same_bytes_as_format_json(gpudeal: Run) -> None:
    for command in ("partners", "rank"):
        assert gpudeal(command, "--json").stdout == gpudeal(command, "--format", "json").stdout


def test_unknown_format_is_a_usage_error(gpudeal: Run) -> None:
    result = gpudeal("partners", "--format", "xml")
    assert result.returncode == 2 and result.stdout == ""
    assert "markdown" in result.stderr and "jsonl" in result.stderr


def test_unknown_field_is_a_usage_error_with_a_suggestion(gpudeal: Run) -> None:
    result = gpudeal("partners", "--fields", "name,gpu")
    assert result.returncode == 2 and result.stdout == ""
    assert (
        result.stderr == "gpudeal: error: unknown field 'gpu'; did you mean 'gpus'?\nTry 'gpudeal partners --help'.\n"
    )
    far = gpudeal("partners", "--fields", "xyzzy")
    assert far.returncode == 2 and "valid fields: id, name" in far.stderr  # nothing close: the list instead


@pytest.mark.parametrize("args", [("--fields",), ("--fields", "help"), ("--fields", "--json")])
def test_bare_fields_lists_them(gpudeal: Run, args: tuple[str, ...]) -> None:
    result = gpudeal("partners", *args)
    assert result.returncode == 0
    assert result.stdout.split() == list(PARTNER_FIELDS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_sort_by_count_descending_unknown_last(gpudeal: Run, fmt: str) -> None:
    rows = parse(fmt, gpudeal("partners", "-f", fmt, "--sort", "gpus", "--fields", "id,gpus").stdout)
    counts = [as_int(r["gpus"]) for r in rows]
    known = [c for c in counts if c is not None]
    assert known == sorted(known, reverse=True) and counts[len(known) :] == [None] * (len(counts) - len(known))
    assert rows[0]["id"] == "naver-cloud"


def test_sort_text_ascending_and_reverse(gpudeal: Run) -> None:
    names = [r["name"] for r in json.loads(gpudeal("partners", "--json", "--sort", "name").stdout)]
    assert names == sorted(names, key=str.casefold)
    flipped = [r["name"] for r in json.loads(gpudeal("partners", "--json", "--sort", "name", "--reverse").stdout)]
    assert flipped == names[::-1]
    counts = [r["gpus"] for r in json.loads(gpudeal("partners", "--json", "--sort", "gpus", "--reverse").stdout)]
    assert counts[:4] == [50000, 50000, 50000, 60000] and counts[4:] == [None] * 3


@pytest.mark.parametrize("kind", ["government", "conglomerate", "cloud"])
def test_kind_filter(gpudeal: Run, kind: str) -> None:
    rows = json.loads(gpudeal("partners", "--json", "--kind", kind).stdout)
    assert rows and {r["kind"] for r in rows} == {kind}
    assert len(rows) == sum(p.kind == kind for p in FACTS.partners)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("json", "[]\n"), ("jsonl", ""), ("yaml", "[]\n"), ("csv", "id,name\r\n"), ("tsv", "id\tname\n")],
)
def test_empty_result(gpudeal: Run, write_facts, facts_text: str, fmt: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    no_cloud = facts_text.replace("kind: cloud", "kind: conglomerate")
    result = gpudeal(
        "partners", "--facts", str(write_facts(no_cloud)), "--kind", "cloud", "-f", fmt, "--fields", "id,name"
    )
    assert result.returncode == 1 and result.stderr == "gpudeal: no partners match --kind cloud\n"  # issue 20
    assert result.stdout.splitlines() == expected.splitlines()  # text mode folds csv's CRLF


def test_jq_sums_the_stated_counts(gpudeal_bin: str, jq: str, tmp_path: Path) -> None:
    total = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"'{gpudeal_bin}' partners --json | '{jq}' '[.[].gpus // 0] | add'"],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp_path,
        check=True,
    ).stdout
    assert total.strip() == "210000"


def test_jq_reads_rank_and_jsonl(gpudeal_bin: str, jq: str, tmp_path: Path) -> None:
    def pipe(command: str) -> str:
        return subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            capture_output=True,
            text=True,
            env=clean_env(),
            cwd=tmp_path,
            check=True,
        ).stdout.strip()

    assert (
        pipe(f"'{gpudeal_bin}' rank --json | '{jq}' -r '.[] | select(.rank == 3) | \"\\(.country) \\(.gpus)\"'")
        == "South Korea 300000"
    )
    assert pipe(f"'{gpudeal_bin}' rank --json | '{jq}' '.[0].gpus_qualifier'") == '"about"'
    assert pipe(f"'{gpudeal_bin}' partners -f jsonl | '{jq}' -s 'map(select(.gpus == null)) | length'") == "3"
    assert (
        pipe(f"'{gpudeal_bin}' partners --json | '{jq}' -r '.[] | select(.id == \"sk-group\") | .gpus_implied'")
        == "139999"  # the bound its qualifier (at_most) names
    )


def test_csv_lines_end_in_newline_for_unix_tools(gpudeal_bin: str, tmp_path: Path) -> None:
    """awk sees the last field whole (no stray CR); an RFC 4180 reader still reads it."""
    script = f"'{gpudeal_bin}' partners -f csv --fields id,gpus_qualifier | awk -F, '$2==\"exactly\" {{print $1}}'"
    awk = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, env=clean_env())
    assert awk.returncode == 0 and awk.stdout.split() == [p.id for p in FACTS.partners if p.gpus_qualifier == "exactly"]
    raw = subprocess.run([gpudeal_bin, "rank", "-f", "csv"], capture_output=True, env=clean_env(), cwd=tmp_path).stdout
    assert b"\r" not in raw and raw.count(b"\n") == len(FACTS.ranking) + 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [int(row["rank"]) for row in rows] == [entry.rank for entry in FACTS.ranking]


def test_no_escape_codes_and_no_cut_cells_in_a_pipe(gpudeal: Run) -> None:
    for command in ("partners", "rank", "summary", "check", "show samsung"):
        out = gpudeal(*command.split()).stdout
        assert "\x1b" not in out and "…" not in out
    partners = gpudeal("partners", "--wide").stdout
    # The longest purpose stays on one line: no 80-column guess in a pipe.
    longest = max((p for partner in FACTS.partners for p in partner.purposes), key=len)
    assert any(longest in line for line in partners.splitlines())


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({"FORCE_COLOR": "1"}, (), True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (), False),
        ({}, ("--color", "always"), True),
        ({"FORCE_COLOR": "1"}, ("--color", "never"), False),
        ({"NO_COLOR": "1"}, ("--color", "always"), True),
    ],
)
def test_colour_switches(gpudeal: Run, env: dict[str, str], args: tuple[str, ...], coloured: bool) -> None:
    out = gpudeal("partners", *args, env=clean_env(**env)).stdout
    assert ("\x1b[" in out) is coloured


def test_machine_formats_never_coloured(gpudeal: Run) -> None:
    for fmt in FORMATS:
        out = gpudeal("partners", "-f", fmt, "--color", "always", env=clean_env(FORCE_COLOR="1")).stdout
        assert "\x1b" not in out


def test_columns_is_honoured(gpudeal: Run) -> None:
    out = gpudeal("partners", env=clean_env(COLUMNS="70")).stdout
    assert max(len(line) for line in out.splitlines()) <= 70


def test_head_closes_the_pipe_quietly(gpudeal_bin: str, tmp_path: Path, big_facts: Path) -> None:
    env = clean_env()
    for command in (
        f"'{gpudeal_bin}' partners --format jsonl --facts '{big_facts}'",
        f"'{gpudeal_bin}' partners --facts '{big_facts}'",
    ):
        result = subprocess.run(
            ["bash", "-c", f'{command} | head -1; echo "rc=${{PIPESTATUS[0]}}" >&2'],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert result.stdout.count("\n") == 1
        rc_line = result.stderr.strip().splitlines()[-1]
        assert rc_line in ("rc=0", "rc=141"), result.stderr
        assert result.stderr.strip() == rc_line  # nothing else: no traceback, no "Exception ignored"


@pytest.mark.parametrize("name, command", [("partners", "partners"), ("rank", "rank"), ("show", "show sk-group")])
def test_schema_validates_real_output(gpudeal: Run, name: str, command: str) -> None:
    schema = json.loads(gpudeal("schema", name).stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    output = json.loads(gpudeal(*command.split(), "--json").stdout)
    jsonschema.validate(output, schema, cls=jsonschema.Draft202012Validator)


def test_schema_of_facts_validates_the_shipped_file(gpudeal: Run) -> None:
    schema = json.loads(gpudeal("schema", "facts").stdout)
    jsonschema.validate(
        yaml.safe_load(SHIPPED.read_text(encoding="utf-8")), schema, cls=jsonschema.Draft202012Validator
    )


def test_schema_rejects_a_broken_record(gpudeal: Run) -> None:
    schema = json.loads(gpudeal("schema", "partners").stdout)
    record = json.loads(gpudeal("partners", "--json").stdout)
    record[0]["gpus"] = "lots"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, schema, cls=jsonschema.Draft202012Validator)


def test_huge_table_is_capped_with_a_note(gpudeal: Run, big_facts: Path) -> None:
    from gpu_cli.render.views import TABLE_ROWS

    table = gpudeal("partners", "--facts", str(big_facts))
    assert table.returncode == 0
    assert f"first {TABLE_ROWS:,} of 3,000 rows" in table.stdout
    assert "Partner 1999" in table.stdout and "Partner 2000 " not in table.stdout
    assert len(gpudeal("partners", "-f", "jsonl", "--facts", str(big_facts)).stdout.splitlines()) == 3000


def test_sort_applies_to_the_table_too(gpudeal: Run) -> None:
    table = gpudeal("partners", "--sort", "gpus", "--fields", "name,gpus").stdout
    rows = table.splitlines()[2:9]  # under the header and its rule, before the notes
    names = [row.split("  ")[0] for row in rows]
    assert names[0] == "Naver Cloud" and names[-3:] == ["SK Group", "Kakao", "NHN Cloud"]


def test_every_human_view_of_a_large_file_is_linear(gpudeal: Run, big_facts: Path) -> None:
    """`check` and `summary` on 3,000 partners print one long arithmetic line
    padded to a pipe's width; trimming its spaces was quadratic (minutes). The
    timeout is ten times what a linear run takes on these machines."""
    for command in ("check", "summary"):
        result = gpudeal(command, "--facts", str(big_facts), timeout=20)
        # 3,000 allocations of 50,000 cannot fit in a supply of at most 300,000: check answers no.
        assert (result.returncode, result.stderr) == (1 if command == "check" else 0, "")
        assert all(line == line.rstrip(" ") for line in result.stdout.splitlines())
