"""What a picture chart draws for each record, as plain values: a bar's range
and how sure it is, read from the records the tables show. The qualifier
decides the mark (render.slide draws it): a stated count is a range from
`derive.stated`, a derived share the range `check` computed, and a count no
source gives is a row without a bar. No matplotlib here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from gpu_cli.derive import Bound, stated
from gpu_cli.text import QUALIFIER_WORDS, Unit, figure, gpus_figure, implied_figure, visible


class Mark(NamedTuple):
    """One row of a picture chart. `low`/`high` are the ends of what the
    source allows (`high` None: open-ended, as `more than` is), each with
    whether it is included; `shown` is the value as the tables write it."""

    label: str
    value: float | None  # the figure as written; None: not stated (a row, no bar)
    qualifier: str | None  # exactly, more_than, at_least, less_than, at_most, about; derived: its own
    low: float | None
    high: float | None
    low_included: bool
    high_included: bool
    shown: str
    derived: bool = False  # computed from other figures (hatched, labelled), never a stated count


def _end(bound: Bound | None) -> tuple[float | None, bool]:
    return (None, False) if bound is None else (float(bound.at), not bound.open)


def stated_mark(label: str, value: int | float | None, qualifier: str | None, shown: str, unit: Unit) -> Mark:
    """A figure a source states, as the range its qualifier stands for."""
    if value is None:
        return Mark(label, None, None, None, None, False, False, shown)
    if qualifier not in (None, *QUALIFIER_WORDS):  # a derived number's own (nominal, between): no bound to draw
        return Mark(label, float(value), qualifier, None, None, False, False, shown, derived=True)
    r = stated(int(value), qualifier, unit).range
    (low, low_in), (high, high_in) = _end(r.low), _end(r.high)
    return Mark(label, float(value), qualifier or "exactly", low, high, low_in, high_in, shown)


def partner_marks(records: Sequence[Mapping[str, Any]]) -> list[Mark]:
    """Each partner's stated GPUs. Where the article states none, a row
    without a bar, even where the figures imply a share (`gpus_implied`): a
    bound of what is left is no allocation, and drawn as a bar it would be the
    longest on the slide (the label says it; `check` has the arithmetic)."""
    marks = []
    for record in records:
        label = visible(str(record.get("name") or ""))
        shown = gpus_figure(record).text
        if record.get("gpus") is None and record.get("gpus_implied") is not None:
            shown = f"{shown}; derived {implied_figure(record).text}"
        marks.append(stated_mark(label, record.get("gpus"), record.get("gpus_qualifier"), shown, "count"))
    return marks


_ENDS = {  # a derived number's value is the end its qualifier names (`derive.Derived.stated_value`)
    "exactly": ((True, True), (True, True)),
    "at_least": ((True, True), (False, False)),
    "more_than": ((True, False), (False, False)),
    "at_most": ((False, True), (True, True)),
    "less_than": ((False, True), (True, False)),
}


def _derived_mark(label: str, value: float | None, qualifier: str | None, shown: str) -> Mark:
    """A derived number drawn as the range it proves: a bound as a bound
    (hatched); `about`, `between` or `nominal` as a row without a bar."""
    if value is None or qualifier not in _ENDS:
        return Mark(label, None, None, None, None, False, False, shown, derived=True)
    (has_low, low_in), (has_high, high_in) = _ENDS[qualifier]
    low = float(value) if has_low else 0.0
    high = float(value) if has_high else None
    return Mark(label, float(value), qualifier, low, high, low_in or not has_low, high_in, shown, derived=True)


def rank_marks(records: Sequence[Mapping[str, Any]]) -> list[Mark]:
    return [
        stated_mark(visible(str(r.get("country") or "")), r.get("gpus"), r.get("gpus_qualifier"), gpus_figure(r).text,
                    "count")
        for r in records
    ]  # fmt: skip


def report_marks(records: Sequence[Mapping[str, Any]]) -> list[Mark]:
    """corroborate: every source's figure for the one fact charted. The
    article's derived numbers are hatched; a copy says whom it counts with."""
    if not records:
        return []
    from gpu_cli.sources import unit_of

    record = records[0]
    unit = unit_of(str(record["fact"]))
    marks = []
    for report in record.get("reports") or ():
        label = visible(str(report["source"]))
        if report.get("counted_with"):
            label += f" (with {visible(str(report['counted_with']))})"
        value, qualifier = report.get("value"), report.get("qualifier")
        if report.get("derived"):
            marks.append(_derived_mark(label, value, qualifier, f"derived: {report['figure']}"))
        else:
            marks.append(stated_mark(label, value, qualifier, figure(value, qualifier, unit=unit).text, unit))
    return marks
