"""`gpudeal export FILE.db`: the facts and every view of them as one SQLite
database (built with sqlite-utils), and a Datasette metadata file beside it.
Numbers are raw and never lose their qualifier: each has `<n>_qualifier`,
`<n>_low`, `<n>_high`, `<n>_low_included`, `<n>_high_included` (a null end is
open-ended), as a public portal once turned ">100" into "100" on export.
The file is built beside its target and renamed into place (output.build_file)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gpu_cli import __version__
from gpu_cli.errors import OutputError

if TYPE_CHECKING:
    from gpu_cli.derive import Bound
    from gpu_cli.models import Facts

MARK_TABLE = "_gpudeal"  # what says a database is gpudeal's, and may be rebuilt with --replace
Row = dict[str, Any]


def _ends(low: Bound | None, high: Bound | None) -> Row:
    def number(bound: Bound | None) -> int | float | None:
        if bound is None:
            return None
        return int(bound.at) if bound.at.denominator == 1 else float(bound.at)

    return {
        "low": number(low), "high": number(high),
        "low_included": None if low is None else not low.open,
        "high_included": None if high is None else not high.open,
    }  # fmt: skip


def stated_range(value: int | float | None, qualifier: str | None, unit: str) -> Row:
    """`low`, `high`, `low_included`, `high_included` of a stated figure (all null when it is not stated)."""
    if value is None:
        return dict.fromkeys(("low", "high", "low_included", "high_included"))
    from gpu_cli.derive import stated

    r = stated(int(value), qualifier, unit).range  # type: ignore[arg-type]
    return _ends(r.low, r.high)


def _prefixed(prefix: str, row: Row) -> Row:
    return {f"{prefix}_{key}": value for key, value in row.items()}


def _gpus_range(record: Row) -> Row:
    return _prefixed("gpus", stated_range(record["gpus"], record["gpus_qualifier"], "count"))


def tables(facts: Facts) -> dict[str, list[Row]]:
    """Every table's rows, in an order where each table comes after those it refers to."""
    from gpu_cli.checks import run_checks
    from gpu_cli.derive import derived_numbers
    from gpu_cli.premises import PREMISES
    from gpu_cli.queries import partner_records, rank_records
    from gpu_cli.reconcile import corroborate_records
    from gpu_cli.sources import article_claims, reports_of, source_records, unit_of

    derived = derived_numbers(facts)
    unique = {n.id: n for n in derived.values()}
    claims = article_claims(facts)
    partners = [
        {**r, **_prefixed("gpus", stated_range(r["gpus"], r["gpus_qualifier"], "count"))}
        for r in partner_records(facts)
    ]
    ranking = [
        {**r, **_prefixed("gpus", stated_range(r["gpus"], r["gpus_qualifier"], "count"))} for r in rank_records(facts)
    ]
    checks = [rule.model_dump() for rule in run_checks(facts)]
    excerpts = [
        {"fact": path, "source": "article", "value": c.value, "qualifier": c.qualifier, "unit": unit_of(path),
         **stated_range(c.value, c.qualifier, unit_of(path)), "excerpt": c.excerpt, "according_to": c.according_to}
        for path, c in claims.items()
    ]  # fmt: skip
    return {
        "sources": source_records(facts),
        "premises": [p.record() | {"default": p.default} for p in PREMISES],
        "partners": partners,
        "ranking": ranking,
        "derived": [
            {"id": n.id, "name": n.name, "value": n.stated_value, "qualifier": n.qualifier, "unit": n.unit,
             **_ends(n.range.low, n.range.high), "arithmetic": n.arithmetic}
            for n in unique.values()
        ],
        "derived_premises": [{"derived_id": n.id, "premise_id": p} for n in unique.values() for p in n.premises],
        "checks": [{k: c[k] for k in ("id", "rule", "verdict", "arithmetic", "detail")} for c in checks],
        "check_premises": [{"check_id": c["id"], "premise_id": p["id"]} for c in checks for p in c["premises"]],
        "check_derived": [{"check_id": c["id"], "derived_id": d["id"]} for c in checks for d in c["derived"]],
        "excerpts": excerpts,
        "reports": [
            {"fact": c.fact if c.fact in claims else None,
             "derived_id": c.fact.removeprefix("derived.") if c.fact not in claims else None,
             "path": c.fact, "source": c.source, "value": c.value, "qualifier": c.qualifier, "unit": unit_of(c.fact),
             **stated_range(c.value, c.qualifier, unit_of(c.fact)), "excerpt": c.excerpt,
             "according_to": c.according_to}
            for c in reports_of(facts)
        ],
        "corroborations": [
            {k: r[k] for k in ("fact", "verdict", "joint", "joint_low", "joint_high", "joint_low_included",
                               "joint_high_included", "independent", "detail")}
            for r in corroborate_records(facts)
        ],
    }  # fmt: skip


KEYS: Mapping[str, Any] = {
    "sources": "id", "premises": "id", "partners": "id", "ranking": "country", "derived": "id", "checks": "id",
    "excerpts": "fact", "corroborations": "fact",
}  # fmt: skip
FOREIGN: Mapping[str, list[tuple[str, str, str]]] = {
    "sources": [("counted_with", "sources", "id")],
    "derived_premises": [("derived_id", "derived", "id"), ("premise_id", "premises", "id")],
    "check_premises": [("check_id", "checks", "id"), ("premise_id", "premises", "id")],
    "check_derived": [("check_id", "checks", "id"), ("derived_id", "derived", "id")],
    "excerpts": [("source", "sources", "id")],
    "reports": [("source", "sources", "id"), ("fact", "excerpts", "fact"), ("derived_id", "derived", "id")],
}


def _fill(facts: Facts) -> Any:
    def build(path: Path) -> None:
        import sqlite_utils

        try:
            db = sqlite_utils.Database(path)
            db.table(MARK_TABLE).insert({"written_by": "gpudeal", "version": __version__})
            for name, rows in tables(facts).items():
                _create(db, name, rows)
            db.conn.commit()
            db.close()
        except sqlite3.Error as error:
            raise OSError(f"SQLite: {error}") from None

    return build


def _create(db: Any, name: str, rows: Iterable[Row]) -> None:
    rows = list(rows)
    if not rows:
        return
    db.table(name).insert_all(rows, pk=KEYS.get(name), foreign_keys=FOREIGN.get(name), alter=True)


def is_ours(path: Path) -> bool:
    """A SQLite file with gpudeal's mark table."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = conn.execute("select 1 from sqlite_master where type='table' and name=?", (MARK_TABLE,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return found is not None


def metadata_path(path: Path) -> Path:
    """`deal.db.metadata.json`: named after the whole file, so `deal.db` and `deal.sqlite` never share one."""
    return path.with_name(f"{path.name}.metadata.json")


def write_database(facts: Facts, path: Path, replace: bool) -> Path:
    """The database at `path` and its Datasette metadata beside it; the metadata's path."""
    from gpu_cli.output import build_file, write_file

    meta = metadata_path(path)
    fill = _fill(facts)

    def replaceable(target: Path) -> str | None:
        if not is_ours(target):
            return "it exists and is not a database gpudeal wrote; it is left as it is"
        return None if replace else "it exists; use --replace to rebuild it"

    def build(temporary: Path) -> None:  # the database's own refusal first, then its metadata's
        _may_write_metadata(meta, replace)
        fill(temporary)

    build_file(path, build, replaceable)
    write_file(meta, json.dumps(metadata(facts, path), indent=2, ensure_ascii=False) + "\n")
    return meta


def _may_write_metadata(meta: Path, replace: bool) -> None:
    if not meta.exists() or meta.is_dir():
        return  # a directory is refused by write_file, with the rest of its errors
    try:
        ours = json.loads(meta.read_text(encoding="utf-8")).get("about") == "gpudeal"
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise OutputError(f"cannot write {meta}: it exists and is not metadata gpudeal wrote; it is left as it is")
    if not replace:
        raise OutputError(f"cannot write {meta}: it exists; use --replace to rebuild it")


RANGE_COLUMNS = {
    "qualifier": "the source's qualifier: exactly, more_than, at_least, less_than, at_most, about",
    "low": "lowest value the figure allows (null: none stated)",
    "high": "highest value the figure allows (null: open-ended)",
    "low_included": "1 when low itself is allowed",
    "high_included": "1 when high itself is allowed",
    "unit": "count (GPUs), usd (US dollars) or factor (times)",
}


def metadata(facts: Facts, path: Path) -> dict[str, Any]:
    """Datasette's metadata: title, source and its URL, licence, and what each column means, units included."""
    article = next((s for s in facts.sources if s.id == "article"), None)
    original = next((s for s in facts.sources if article and s.id == article.translation_of), None)
    gpus = {"gpus": "GPUs the source states (count; null: not stated)",
            **{f"gpus_{k}": v for k, v in RANGE_COLUMNS.items() if k != "unit"}}  # fmt: skip
    columns = {
        "partners": {**gpus, "gpus_implied": "GPUs the other figures imply (derived; the end its qualifier names)",
                     "gpus_implied_qualifier": "qualifier of the derived share (nominal: no bound)",
                     "gpus_implied_low": "lowest derived share (count, included)",
                     "gpus_implied_high": "highest derived share (count, included; null: none)",
                     "provenance": "the article's words for the figure"},
        "ranking": {**gpus, "rank": "place in the world by GPU count"},
        "derived": {"value": "the end its qualifier names; else the arithmetic as written", **RANGE_COLUMNS,
                    "qualifier": "what the ranges prove: exactly, about, more_than, at_least, less_than, at_most,"
                                 " between, nominal (no bound)"},
        "excerpts": {"value": "the figure the article states", **RANGE_COLUMNS, "excerpt": "the article's words"},
        "reports": {"value": "the figure this source states", **RANGE_COLUMNS, "excerpt": "the source's words"},
        "checks": {"verdict": "ok: the ranges prove the rule; fail: they prove it broken; undetermined: neither"},
        "corroborations": {"verdict": "agree, consistent, conflict or single", "joint": "the range all allow",
                           "joint_low": "lowest value every figure allows (null: none, or a conflict)",
                           "joint_high": "highest value every figure allows (null: open-ended, or a conflict)",
                           "joint_low_included": "1 when joint_low itself is allowed",
                           "joint_high_included": "1 when joint_high itself is allowed"},
    }  # fmt: skip
    return {
        "title": f"{facts.deal.supplier} to supply {facts.deal.recipient}: the facts",
        "description": "Facts of one news story with their qualifiers and ranges, derived numbers, checks and the"
        " other reports, written by gpudeal. Numbers are raw; a null end of a range is open.",
        "about": "gpudeal",
        "license": "MIT (gpudeal's facts); excerpts are short quotations of their sources",
        "source": (article.outlet if article else "the article")
        + (f", a translation of {original.outlet}" if original else ""),
        "source_url": original.url if original and original.url else None,
        "databases": {
            path.stem: {
                "tables": {name: {"columns": cols} for name, cols in columns.items()} | {MARK_TABLE: {"hidden": True}},
            }
        },
    }
