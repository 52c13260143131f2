"""Property tests: whatever the bytes, gpudeal loads or fails cleanly; whatever
valid facts, they survive a YAML round trip and render in every format.
Example counts come from the hypothesis profile (tests/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from gpu_cli.environment import Environment
from gpu_cli.errors import FactsError
from gpu_cli.loader import load_facts
from gpu_cli.models import Deal, Facts, Partner, Relation
from gpu_cli.queries import PARTNER_FIELDS, partner_records
from gpu_cli.render.formats import to_yaml
from gpu_cli.render.views import listing
from tests.conftest import SHIPPED

SHIPPED_BYTES = SHIPPED.read_bytes()


def load_bytes(raw: bytes) -> Facts:
    with tempfile.NamedTemporaryFile(suffix=".yaml") as handle:
        handle.write(raw)
        handle.flush()
        return load_facts(Path(handle.name))


@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    try:
        load_bytes(raw)
    except FactsError as error:
        assert error.problems


@given(st.data())
def test_mutated_shipped_file_loads_or_fails_cleanly(data: st.DataObject) -> None:
    """Random edits of a real file reach the validator, not just the YAML parser."""
    raw = bytearray(SHIPPED_BYTES)
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at : at + data.draw(st.integers(0, 8))] = data.draw(st.binary(max_size=8))
    try:
        load_bytes(bytes(raw))
    except FactsError as error:
        assert error.problems


text = st.text(min_size=1, max_size=30).filter(str.strip)  # blank text is refused
qualifier = st.sampled_from(["exactly", "more_than", "at_least", "less_than", "at_most", "about"])
counted = st.one_of(st.tuples(st.none(), st.none()), st.tuples(st.integers(0, 10**12), qualifier)).filter(
    lambda pair: pair != (0, "less_than")  # refused by the models: no count is below 0
)


@st.composite
def partners(draw: st.DrawFn) -> list[Partner]:
    ids = draw(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True), unique=True, max_size=8))
    out = []
    for pid in ids:
        gpus, q = draw(counted)
        relations = (
            [Relation(type="cloud_partner_of", partner=draw(st.sampled_from(ids)))] if draw(st.booleans()) else []
        )
        out.append(
            Partner(
                id=pid,
                name=draw(text),
                kind=draw(st.sampled_from(["government", "conglomerate", "cloud"])),
                gpus=gpus,
                gpus_qualifier=q,
                chip=draw(st.none() | text),
                purposes=draw(st.lists(text, max_size=3)),
                relations=relations,
                provenance=draw(text),
            )
        )
    return out


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    gpus, q = draw(counted)
    deal = Deal(
        supplier=draw(text),
        recipient=draw(text),
        announced_at=draw(text),
        gpus=gpus,
        gpus_qualifier=q,
        provenance=draw(text),
    )
    return Facts(deal=deal, partners=draw(partners()))


@given(facts())
def test_yaml_round_trip(original: Facts) -> None:
    dumped = to_yaml(original.model_dump(exclude_defaults=True))  # gpudeal's own YAML writer
    assert load_bytes(dumped.encode("utf-8")) == original


@given(facts())
def test_every_partner_list_renders_in_every_format(generated: Facts) -> None:
    records = partner_records(generated)
    for fmt in ("table", "json", "jsonl", "yaml", "csv", "tsv", "markdown"):
        for tty in (False, True):
            env = Environment(stdout=io.StringIO(), environ={"COLUMNS": "120"} if tty else {}, stdout_isatty=tty)
            out = "".join(listing(env, records, fmt, fields=None, all_fields=PARTNER_FIELDS, columns=("name", "gpus")))
            assert out.endswith("\n") or (fmt == "jsonl" and out == "")
            if tty and fmt != "table":
                assert "\x1b" not in out  # data shown as escapes on a terminal
            if not tty and fmt == "table":
                assert "\x1b" not in out  # no colour in a pipe
            if not tty and fmt == "json":
                assert [r["name"] for r in json.loads(out)] == [p.name for p in generated.partners]
            if not tty and fmt == "csv":
                names = [row["name"] for row in csv.DictReader(io.StringIO(out, newline=""))]
                assert names == [p.name for p in generated.partners]
            if not tty and fmt == "yaml":
                assert [r["name"] for r in yaml.safe_load(out)] == [p.name for p in generated.partners]
