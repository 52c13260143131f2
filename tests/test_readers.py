"""The facts readers: the YAML 1.2 core schema exactly, explicit tags, JSON
files, standard input, empty --facts, and files with thousands of problems.
Each user-facing case runs through the installed command; the many small
cases of the schema run in-process, against the same reader."""

from __future__ import annotations

import json
import math
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from gpu_cli import strict_json, strict_yaml
from gpu_cli.errors import FactsError, ReadError
from gpu_cli.loader import MAX_BYTES, load_facts
from gpu_cli.models import Facts
from tests.conftest import SHIPPED, NoAliases, Run, clean_env
from tests.test_import_boundary import imported
from tests.test_invalid_facts import TEXT, H, assert_clean_failure, hyundai_gpus, line
from tests.test_properties import facts

DATA = yaml.safe_load(TEXT)


def value_of(scalar: str) -> Any:
    """What the strict YAML reader makes of `v: <scalar>`."""
    data, _ = strict_yaml.load(f"v: {scalar}\n")
    return data["v"]


# --- YAML 1.2 core schema ---------------------------------

CORE = {
    # integers: decimal, 0o octal, 0x hex; nothing else
    "60000": 60000, "-5": -5, "+5": 5, "0": 0, "0o17": 15, "0x1F": 31, "0xff": 255,
    "6_0_0_0_0_": "6_0_0_0_0_", "1_000": "1_000", "0b101": "0b101", "+0o17": "+0o17", "0x": "0x",
    "010": "010", "-07": "-07",  # YAML 1.1 reads octal, 1.2 decimal: kept as text, never guessed
    "1:20.5": "1:20.5", "190:20:30": "190:20:30",  # YAML 1.1 sexagesimal
    # floats
    "1.5": 1.5, "1e3": 1000.0, "-2.5E-2": -0.025, ".5": 0.5, "1.": 1.0, ".inf": math.inf, "-.Inf": -math.inf,
    "+.INF": math.inf, "1.2.3": "1.2.3", "1e": "1e", "inf": "inf", ".infinity": ".infinity",
    # booleans and nulls: only the core spellings
    "true": True, "True": True, "TRUE": True, "false": False, "FALSE": False,
    "yes": "yes", "no": "no", "NO": "NO", "on": "on", "off": "off", "y": "y", "n": "n", "tRUE": "tRUE",
    "null": None, "Null": None, "NULL": None, "~": None, "": None, "nULL": "nULL", "none": "none",
    # everything else is text, quoted or not
    "2024-02-30": "2024-02-30", "2001-12-14t21:59:43.10-05:00": "2001-12-14t21:59:43.10-05:00",
    "=": "=", "<<": "<<", "'5'": "5", '"true"': "true", "'null'": "null", "|\n  5\n": "5\n",
    # explicit core tags decide, and their value must fit them
    "!!int 10": 10, "!!int 0x10": 16, "!!float 1": 1.0, "!!float .nan": math.nan, "!!str 5": "5",
    "!!str true": "true", "!!bool false": False, "!!null ~": None, "! 5": "5", "!!timestamp 2024-01-05": "2024-01-05",
}  # fmt: skip


@pytest.mark.parametrize("scalar", list(CORE))
def test_core_schema_scalars(scalar: str) -> None:
    expected, got = CORE[scalar], value_of(scalar)
    if scalar.startswith("!!timestamp"):
        got = got.isoformat()
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert got == expected and type(got) is type(expected), (scalar, got)


REFUSED = {
    "!!bool maybe": "line 1, column 4: 'maybe' is not a valid !!bool (true or false)",
    "!!int 1.5": "line 1, column 4: '1.5' is not a valid !!int (a decimal, 0o octal or 0x hex integer)",
    "!!float ten": "line 1, column 4: 'ten' is not a valid !!float",
    "!!null nothing": "line 1, column 4: 'nothing' is not a valid !!null (null, ~ or nothing)",
    "!!timestamp soon": "line 1, column 4: 'soon' is not a valid !!timestamp: expected an ISO 8601 date",
    "!!timestamp 2024-02-30": "'2024-02-30' is not a valid !!timestamp: day is out of range for month",
    "!!binary aGk=": "could not determine a constructor for the tag 'tag:yaml.org,2002:binary'",
    "!!set {a}": "could not determine a constructor for the tag 'tag:yaml.org,2002:set'",
    "!local x": "could not determine a constructor for the tag '!local'",
    "!!str [1]": "line 1, column 4: a list cannot be tagged !!str",
    "!!map [1]": "line 1, column 4: a list cannot be tagged !!map",
    "&a 5": "line 1, column 4: anchors and aliases (&name, *name) are not allowed",
    "1" * 41: "line 1, column 4: integer of 41 digits is too large",
    "0x" + "f" * 40: "integer of 42 digits is too large",
    "{[1]: 2}": "line 1, column 5: a key cannot be a list or mapping",
    "{a: 1, a: 2}": "line 1, column 11: duplicate key 'a' (in the mapping at line 1)",
}


@pytest.mark.parametrize("scalar", list(REFUSED))
def test_refusals_name_the_place(scalar: str) -> None:
    with pytest.raises(ReadError) as caught:
        value_of(scalar)
    assert REFUSED[scalar] in str(caught.value)


def test_more_than_one_document_is_refused() -> None:
    with pytest.raises(ReadError, match="line 2, column 1: expected a single document"):
        strict_yaml.load("a: 1\n---\nb: 2\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!timestamp soon", f"line {H}, column 11: 'soon' is not a valid !!timestamp: expected an ISO 8601 date"),
        ("!!bool maybe", f"line {H}, column 11: 'maybe' is not a valid !!bool (true or false)"),
        ("6_0_0_0_0_", f'partners[3].gpus (line {H}): must be an integer ≥ 0, got "6_0_0_0_0_"'),
    ],
)
def test_tags_and_non_core_numbers_through_the_command(
    gpudeal: Run, write_facts: Callable[..., Path], value: str, expected: str
) -> None:
    path = write_facts(hyundai_gpus(value))
    result = gpudeal("partners", "--json", "--facts", str(path))
    assert_clean_failure(result, path, expected)
    assert result.stderr == f"gpudeal: invalid facts file {path}: {expected}\n"


def test_sexagesimal_looking_name_stays_text(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    path = write_facts(TEXT.replace("name: Samsung", "name: 1:20.5"))
    result = gpudeal("partners", "--json", "--facts", str(path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[1]["name"] == "1:20.5"


# --- --facts "" and GPUDEAL_FACTS="" -------------------------


def test_empty_facts_option_is_a_usage_error(gpudeal: Run) -> None:
    for args in (("rank", "--facts", ""), ("--facts", "", "rank")):
        result = gpudeal(*args)
        assert result.returncode == 2 and result.stdout == ""
        assert "--facts" in result.stderr and "standard input" in result.stderr and "Traceback" not in result.stderr


def test_empty_environment_variable_counts_as_unset(gpudeal: Run) -> None:
    result = gpudeal("rank", "--json", env=clean_env(GPUDEAL_FACTS=""))
    assert result.returncode == 0 and [e["rank"] for e in json.loads(result.stdout)] == [1, 2, 3]


# --- thousands of problems --------------------------------


def test_thousands_of_problems_show_the_first_twenty(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    template = {k: v for k, v in DATA["partners"][3].items()}
    partners = [
        dict(template, id=f"p-{i}", relations=[{"type": "cloud_partner_of", "partner": "nobody"}])
        for i in range(40_000)
    ]
    deal = {key: value for key, value in DATA["deal"].items() if key != "collaborators"}  # they name the old ids
    path = write_facts(json.dumps({**DATA, "deal": deal, "partners": partners}), name="many.json")
    result = gpudeal("partners", "--format", "jsonl", "--facts", str(path))
    assert result.returncode == 1 and result.stdout == ""
    lines = [re.sub(r" \(line \d+\)", "", line) for line in result.stderr.splitlines()]  # shown ones have lines
    assert lines[0] == f"gpudeal: invalid facts file {path}: 40,000 problems"
    assert lines[1:21] == [
        f"gpudeal:   partners[{i}].relations[0].partner: no partner has the id 'nobody'" for i in range(20)
    ]
    assert lines[21:] == ["gpudeal:   … and 39,980 more problems"]


def test_shown_problems_keep_their_lines() -> None:
    many = yaml.safe_load(TEXT)
    many["partners"] = [dict(many["partners"][3], id=f"p-{i}", gpus=-1) for i in range(25)]
    with pytest.raises(FactsError) as caught:
        _load_text(yaml.dump(many, Dumper=NoAliases, sort_keys=False))
    assert len(caught.value.problems) == 20 and caught.value.more == 5
    assert caught.value.lines()[0].endswith(": 25 problems") and caught.value.lines()[-1] == "  … and 5 more problems"
    assert all(problem.startswith(f"partners[{i}].gpus (line ") for i, problem in enumerate(caught.value.problems))


def _load_text(text: str, name: str = "facts.yaml") -> Facts:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return load_facts(path)


# --- JSON facts files ------------------------------------------------------------


def test_json_file_gives_the_same_answer_as_the_yaml(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    path = write_facts(json.dumps(DATA, ensure_ascii=False, indent=2), name="mine.json")
    result = gpudeal("partners", "--json", "--facts", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == gpudeal("partners", "--json").stdout


def test_json_validation_messages_have_lines(gpudeal: Run, write_facts: Callable[..., Path]) -> None:
    data = json.loads(json.dumps(DATA))
    data["partners"][3]["gpus"] = "lots"
    data["partners"][4]["gpu"] = data["partners"][4].pop("gpus")
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path = write_facts(text, name="mine.json")
    result = gpudeal("partners", "--facts", str(path))
    assert result.returncode == 1 and result.stdout == ""
    lots, typo = line(text, '"lots"'), line(text, '"gpu"')
    assert result.stderr == (
        f"gpudeal: invalid facts file {path}: 2 problems\n"
        f'gpudeal:   partners[3].gpus (line {lots}): must be an integer ≥ 0, got "lots"\n'
        f"gpudeal:   partners[4].gpu (line {typo}): unknown key; did you mean 'gpus'?\n"
    )


DUPLICATE = '{\n  "deal": {"supplier": "a",\n    "supplier": "b"}\n}\n'
JSON_REFUSED = {
    "syntax error": ('{"deal": }', "line 1, column 10: a value was expected (JSON has no trailing commas"),
    "trailing comma": ('{"deal": {},\n}', "line 2, column 1: "),  # the wording differs between Pythons
    "duplicate key": (DUPLICATE, "line 3, column 5: duplicate key 'supplier' (in the mapping at line 2)"),
    "long integer": ('{"deal": ' + "9" * 41 + "}", "line 1, column 10: integer of 41 digits is too large"),
    "NaN": ('{"deal":\n  {"gpus": NaN}}', "line 2, column 12: NaN is not a JSON value"),
    "Infinity": ('{"deal": -Infinity}', "-Infinity is not a JSON value"),
    "deep nesting": ('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
}


@pytest.mark.parametrize("name", list(JSON_REFUSED))
def test_json_refusals_name_the_place(name: str) -> None:
    text, expected = JSON_REFUSED[name]
    with pytest.raises(ReadError) as caught:
        strict_json.load(text)
    assert expected in str(caught.value)


def test_json_by_suffix_or_by_content() -> None:
    as_json = json.dumps(DATA)
    assert _load_text(as_json, "facts.txt") == _load_text(as_json, "facts.json") == _load_text(TEXT)
    flow = yaml.safe_dump(DATA, default_flow_style=True)  # a YAML flow mapping also starts with {
    assert flow.startswith("{") and _load_text(flow, "facts.yml") == _load_text(TEXT)
    with pytest.raises(FactsError, match="line 1, column 2: a key in double quotes was expected"):
        _load_text(flow, "facts")
    with pytest.raises(FactsError, match="the file is empty"):
        _load_text(" \n\t\n", "facts.json")


# --- --facts - : standard input ------------------------------------------------


def test_stdin_yaml_and_json(gpudeal: Run) -> None:
    expected = gpudeal("partners", "--json").stdout
    for text in (TEXT, json.dumps(DATA)):
        result = gpudeal("partners", "--json", "--facts", "-", input=text)
        assert result.returncode == 0 and result.stdout == expected, result.stderr


def test_dash_is_stdin_and_dot_slash_dash_a_file() -> None:
    from gpu_cli.loader import STDIN, locate

    assert locate("-", {}) is STDIN and locate(None, {"GPUDEAL_FACTS": "-"}) is STDIN
    assert locate("./-", {}) is not STDIN and locate("./-", {}) == Path("-")


def test_stdin_errors_name_stdin(gpudeal: Run) -> None:
    result = gpudeal("partners", "--facts", "-", input=hyundai_gpus("lots"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f'gpudeal: invalid facts file <stdin>: partners[3].gpus (line {H}): must be an integer ≥ 0, got "lots"\n'
    )
    result = gpudeal("--facts", "-", "rank", input='{"deal": }')
    assert result.stderr == (
        "gpudeal: invalid facts file <stdin>: line 1, column 10: a value was expected"
        " (JSON has no trailing commas and no comments)\n"
        'gpudeal:   1 | {"deal": }\n'
        "gpudeal:     |          ^\n"
    )
    result = gpudeal("rank", "--facts", "-", input="")
    assert result.returncode == 1 and "<stdin>: the file is empty" in result.stderr


def test_stdin_size_limit(gpudeal: Run) -> None:
    result = gpudeal("rank", "--facts", "-", input=" " * (MAX_BYTES + 1))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "gpudeal: invalid facts file <stdin>: larger than the 64 MiB limit\n"


def test_stdin_closed(gpudeal_bin: str, tmp_path: Path) -> None:
    import subprocess

    result = subprocess.run(
        f"'{gpudeal_bin}' rank --facts - <&-", shell=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env()
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "gpudeal: invalid facts file <stdin>: standard input is closed\n"


def test_stdin_non_blocking_pipe_is_waited_for(gpudeal_bin: str, tmp_path: Path) -> None:
    import subprocess

    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    process = subprocess.Popen(
        [gpudeal_bin, "rank", "--json", "--facts", "-"],
        stdin=read_end, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=clean_env(),
    )  # fmt: skip
    os.close(read_end)

    def feed() -> None:
        data = TEXT.encode("utf-8")
        for start in range(0, len(data), 2048):
            os.write(write_end, data[start : start + 2048])
            time.sleep(0.01)
        os.close(write_end)

    writer = threading.Thread(target=feed)
    writer.start()
    out, err = process.communicate(timeout=30)
    writer.join()
    assert process.returncode == 0, err
    assert [entry["country"] for entry in json.loads(out)][:1] == ["United States"]


# --- the default path reads the shipped JSON, without PyYAML ------------------


def test_only_a_yaml_file_imports_pyyaml(gpudeal_process: Run, write_facts: Callable[..., Path]) -> None:
    shipped = imported(gpudeal_process, "partners", "--json")
    assert "gpu_cli.models" in shipped and "yaml" not in shipped
    assert "yaml" not in imported(
        gpudeal_process, "partners", "--json", "--facts", str(write_facts(json.dumps(DATA), "f.json"))
    )
    assert "yaml" in imported(gpudeal_process, "partners", "--json", "--facts", str(SHIPPED))


# --- the two readers agree -------------------------------------------------------


class Core12Dumper(yaml.SafeDumper):
    """PyYAML's writer knows YAML 1.1 only; taught the 1.2 core forms, it quotes
    a string that a 1.2 reader would take for a number (`0o17`, `1e3`)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


# The core schema's own expressions (YAML 1.2.2, 10.3.2), not the reader's.
CORE_NUMBER = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)
Core12Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(f"(?:{CORE_NUMBER.pattern})$"), list("-+0123456789.")
)


def _quoted_breaks(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Line and paragraph separators double-quoted, where PyYAML escapes them."""
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Core12Dumper.add_representer(str, _quoted_breaks)

TRICKY = st.sampled_from(
    ["0o17", "1e3", "010", "6_0_0", "1:20.5", "NO", "yes", "~", "null", ".inf", "0x1F", "True", "2024-02-30", "=", "<<"]
)
leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**39) + 1, 10**39 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
)
values = st.recursive(
    leaves | st.text() | TRICKY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | TRICKY, inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text() | TRICKY, values, max_size=6))
def test_yaml_and_json_readers_read_the_same_values(data: dict[str, Any]) -> None:
    as_yaml = yaml.dump(data, Dumper=Core12Dumper, allow_unicode=True, sort_keys=False)
    as_json = json.dumps(data, ensure_ascii=False)
    assert strict_yaml.load(as_yaml)[0] == strict_json.load(as_json) == data


@given(facts(), st.lists(TRICKY, max_size=4))
def test_yaml_and_json_files_give_the_same_facts(original: Facts, names: list[str]) -> None:
    data = original.model_dump()
    for partner, name in zip(data["partners"], names, strict=False):
        partner["name"] = name
    from_yaml = _load_text(yaml.dump(data, Dumper=Core12Dumper, allow_unicode=True, sort_keys=False), "f.yaml")
    from_json = _load_text(json.dumps(data, ensure_ascii=False), "f.json")
    assert from_yaml == from_json == Facts.model_validate(data)
