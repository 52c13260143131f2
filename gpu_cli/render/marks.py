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
    """Each partner's stated GPUs; where the article states none but the
    figures imply a share (`gpus_implied`), that share, hatched as derived."""
    marks = []
    for record in records:
        label = visible(str(record.get("name") or ""))
        if record.get("gpus") is None and record.get("gpus_implied") is not None:
            low, high = record.get("gpus_implied_low"), record.get("gpus_implied_high")
            marks.append(Mark(
                label, float(record["gpus_implied"]), record.get("gpus_implied_qualifier"),
                float(low) if low is not None else 0.0, float(high) if high is not None else None,
                True, high is not None, f"derived: {implied_figure(record).text}", derived=True,
            ))  # fmt: skip
        else:
            marks.append(stated_mark(label, record.get("gpus"), record.get("gpus_qualifier"),
                                     gpus_figure(record).text, "count"))  # fmt: skip
    return marks


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
        shown = figure(value, qualifier, unit=unit).text if not report.get("derived") else str(report["figure"])
        mark = stated_mark(label, value, qualifier if not report.get("derived") else "exactly", shown, unit)
        marks.append(mark._replace(derived=True, shown=f"derived: {shown}") if report.get("derived") else mark)
    return marks
