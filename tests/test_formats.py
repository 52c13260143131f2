"""Machine formats: YAML that reads back the same in YAML 1.1 (PyYAML) and 1.2
(ruamel.yaml), and every format written record by record as the records come."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from gpu_cli.render.formats import MACHINE_FORMATS, render, to_json
from tests.conftest import SHIPPED, Run

# Strings a YAML reader may take for something else: numbers in either version
# (0o17 is 1.2 only, 0777 and 1:20 1.1 only), booleans, nulls, dates, specials.
TYPED_LOOKING = [
    "yes", "No", "ON", "off", "y", "N", "~", "null", "NULL", "true", "False", "", " ", "=", "<<", "_", "-_", "+",
    "0o17", "0x1F", "0b101", "0777", "1_000", "1:20", "1:20.5", "190:20:30", "1e3", "1E+3", "-1.5e-3", "+.5", "1.",
    ".inf", "-.Inf", ".NaN", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2002-12-14 21:59:43.10 -5", "-0",
]  # fmt: skip
scalar_text = st.one_of(
    st.sampled_from(TYPED_LOOKING),
    st.from_regex(r"[-+]?(0[boxBOX])?[0-9a-fA-F_:.eE+-]{0,8}", fullmatch=True),
    st.text(max_size=20),
)
value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    scalar_text,
    st.lists(scalar_text, max_size=3),
    st.dictionaries(scalar_text, scalar_text, max_size=3),
)
records = st.lists(st.dictionaries(st.sampled_from(["id", "name", "gpus", "purposes", "note"]), value), max_size=4)
RUAMEL = YAML(typ="safe", pure=True)  # a YAML 1.2 reader


@settings(max_examples=300, deadline=None)
@given(records)
def test_yaml_reads_back_the_same_in_yaml_1_1_and_1_2(rows: list[dict[str, Any]]) -> None:
    text = "".join(render("yaml", rows, (), terminal=False))
    assert yaml.safe_load(text) == rows
    assert RUAMEL.load(text) == rows


def test_yaml_of_typed_looking_names_through_the_command(gpudeal: Run, write_facts) -> None:  # type: ignore[no-untyped-def]
    names = ["0o17", "1e3", "_", "yes", "2001-12-14", "1:20"]
    text = SHIPPED.read_text(encoding="utf-8")
    for index, old in enumerate(["Samsung", "SK Group", "Hyundai Motor Group", "Naver Cloud", "Kakao", "NHN Cloud"]):
        text = text.replace(f"    name: {old}\n", f"    name: '{names[index]}'\n", 1)
    path = str(write_facts(text))
    expected = [row["name"] for row in json.loads(gpudeal("partners", "--json", "--facts", path).stdout)]
    assert expected[1:] == names
    out = gpudeal("partners", "-f", "yaml", "--fields", "id,name", "--facts", path).stdout
    assert [row["name"] for row in yaml.safe_load(out)] == expected
    assert [row["name"] for row in RUAMEL.load(out)] == expected


def test_every_format_writes_the_first_record_before_the_last_is_made() -> None:
    """Streaming: pieces come out as records go in (YAML a batch at a time),
    and together they are the same text as the whole at once."""
    made = 0

    def rows(count: int) -> Iterator[dict[str, Any]]:
        nonlocal made
        for index in range(count):
            made += 1
            yield {"id": f"p{index}", "gpus": index, "purposes": ["a", "b"]}

    for fmt in MACHINE_FORMATS:
        made = 0
        pieces = render(fmt, rows(1000), ("id", "gpus", "purposes"), terminal=False)
        first = next(pieces)
        assert first and made <= 256, fmt
        rest = "".join(pieces)
        assert made == 1000, fmt
        if fmt == "json":
            assert first + rest == to_json(list(rows(1000)))
    assert "".join(render("json", iter([]), (), terminal=False)) == "[]\n"
    assert "".join(render("yaml", iter([]), (), terminal=False)) == "[]\n"
