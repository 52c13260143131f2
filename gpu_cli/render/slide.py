"""A chart as a picture for a slide or a page (`--chart --export FILE.svg|png`,
and the report's charts), drawn with matplotlib's Agg and SVG backends (no
GUI, imported only here). Each qualifier has its own mark, so a reader sees
how sure a number is: a stated count is a solid bar; `more than`/`at least`
fade on past their value (open-ended); `less than`/`at most` are an outline
up to their value; `about` carries its width as an error bar; a number
derived from other figures is hatched and says so; `not stated` is a row
with no bar. SVG text stays text (editable, translatable) in a local font."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from gpu_cli.render.marks import Mark
from gpu_cli.text import Unit, amount

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from gpu_cli.models import Facts
    from gpu_cli.requests import Output, Record, ViewSpec

INK, STATED, DERIVED, MUTED = "#1a202c", "#2b6cb0", "#b7791f", "#4a5568"
FADE_STEPS = 12
OPEN_REACH = 0.14  # how far past its value an open-ended bar fades, as a share of the axis
DPI = 100
RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays <text>, in the reader's local font
    "text.parse_math": False,  # `$5 billion to $10 billion` and names are literal text, never mathtext
    "svg.hashsalt": "gpudeal",  # the same chart gives the same file
    "font.family": ["DejaVu Sans"],  # shipped with matplotlib: no font from the network
    "axes.spines.top": False,
    "axes.spines.right": False,
}


class Slide(NamedTuple):
    title: str
    marks: Sequence[Mark]
    source: str  # `Source: … · gpudeal`
    unit: Unit = "count"
    log: bool = False
    axis: str = "GPUs"


def picture(facts: Facts, spec: ViewSpec, records: list[Record], out: Output, fmt: str) -> bytes:
    """A view's records as the picture `--chart --export FILE.svg|png` saves."""
    return draw(slide_of(facts, spec, records, log=out.log), fmt, out.size)


def slide_of(facts: Facts, spec: ViewSpec, records: list[Record], log: bool = False) -> Slide:
    """What a view's chart shows: its marks, its title, and whom to credit.
    corroborate charts the one fact it was given, source by source."""
    from gpu_cli.queries import source_line

    assert spec.marks is not None, f"{spec.name} draws no picture"
    marks = spec.marks(records)
    if spec.name == "corroborate" and records:
        from gpu_cli.sources import unit_of

        fact = str(records[0]["fact"])
        joint = f" (joint: {records[0]['joint']})" if records[0].get("joint") else ""
        sources = [str(r["source"]) for r in records[0].get("reports") or ()]
        axis = {"usd": "US dollars", "factor": "times", "count": "GPUs"}[unit_of(fact)]
        return Slide(f"{fact}: {records[0]['verdict']}{joint}", marks, source_line(facts, sources), unit_of(fact),
                     log, axis)  # fmt: skip
    return Slide(spec.chart_title or spec.name, marks, source_line(facts, records=records), log=log)


def draw(slide: Slide, fmt: str, size: tuple[int, int], salt: str = "gpudeal", text: float | None = None) -> bytes:
    """The chart as SVG or PNG bytes, `size` pixels wide and high; `salt`
    keeps the ids of two SVGs on one page apart. `text` is the size of its
    text against a 1280×720 slide's (by default the size's: a page's drawing
    for a phone keeps a slide's full-size text)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    with matplotlib.rc_context({**RC, "svg.hashsalt": salt}):  # type: ignore[dict-item]
        width, height = size
        scale = min(width / 1280, height / 720) if text is None else text
        font, small = 13 * max(scale, 0.45), 10 * max(scale, 0.6)
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
        ax = fig.add_subplot(facecolor="white")
        handles = _plot(ax, slide, font, width)
        # Below the axes, from the bottom: the credit, then the legend; each
        # wrapped to the width and given the height its lines take.
        credit = _wrapped(slide.source, width, small)
        fig.text(0.01, 0.01, credit, fontsize=small, color=MUTED, ha="left", va="bottom")
        ncols = max(1, min(len(handles), 3, int(width // (font * 22))))
        rows = -(-len(handles) // ncols)
        credit_h = (credit.count("\n") + 1) * small * 1.5 * DPI / 72
        legend_h = rows * font * 0.8 * 1.9 * DPI / 72 if handles else 0
        if handles:
            fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, (credit_h + 4) / height), ncols=ncols,
                       fontsize=font * 0.8, frameon=False)  # fmt: skip
        fig.tight_layout(rect=(0, min(0.6, (credit_h + legend_h + 8) / height), 1, 1))
        out = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(out, format=fmt, dpi=DPI, facecolor="white", metadata=metadata)
    return out.getvalue()


def _wrapped(text: str, width: int, font: float, share: float = 0.98) -> str:
    """`text` in lines that fit `share` of `width` pixels at `font` points
    (DejaVu Sans averages about 0.6 of its size a character)."""
    import textwrap

    chars = max(8, int(width * share / (font * DPI / 72 * 0.6)))
    return "\n".join(textwrap.wrap(text, chars)) or text


def _plot(ax: Axes, slide: Slide, font: float, width: int) -> list[Any]:
    """Draw the marks, axes and title; the legend's handles, for the figure."""
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    marks = list(slide.marks)
    rows = range(len(marks) - 1, -1, -1)  # the first record on top
    ends = [m.high if m.high is not None else m.value for m in marks if m.value is not None]
    top = max((e for e in ends if e), default=1.0)
    if slide.log:
        ax.set_xscale("log")
        floor = min((v for m in marks for v in (m.low, m.value) if v), default=1.0) / 3
        ax.set_xlim(floor, top * 12)
    else:
        floor = 0.0
        ax.set_xlim(0, top * 1.5)
    kinds: dict[str, None] = {}
    for y, mark in zip(rows, marks, strict=True):
        kinds[_kind(mark)] = None
        end = _draw_mark(ax, y, mark, floor, top, slide.log)
        label_at = floor * 1.15 if slide.log else top * 0.01
        if mark.value is None:
            ax.text(label_at, y, mark.shown, va="center", color=MUTED, fontsize=font, style="italic")
        else:
            ax.text(end * 1.08 if slide.log else end + top * 0.015, y, mark.shown, va="center", color=INK,
                    fontsize=font)  # fmt: skip
    ax.set_yticks(list(rows), [m.label for m in marks], fontsize=font)
    ax.set_ylim(-0.7, len(marks) - 0.3)
    ax.tick_params(axis="x", labelsize=font * 0.85, colors=INK)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: amount(x, slide.unit) if x >= 1 or x == 0 else ""))
    ax.xaxis.set_minor_formatter(NullFormatter())  # no `2×10⁴` beside `100,000` on a log axis
    if slide.log:  # within two decades, 1-2-5 steps, so more than one tick carries a number
        low, high = ax.get_xlim()
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if high / low <= 1000 else (1.0,)))
    else:  # as many ticks as their labels leave room for (`2,5 milliards de dollars` is long)
        widest = max(len(amount(value, slide.unit)) for value in (top * 1.5, top * 0.75))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=max(2, int(width * 0.7 / (widest * font * 0.85 * 0.9 + 16)))))
    ax.set_xlabel(slide.axis + (" (log scale)" if slide.log else ""), fontsize=font, color=INK)
    title = slide.title + (" (log scale)" if slide.log else "")
    ax.figure.suptitle(_wrapped(title, width, font * 1.5), x=0.01, ha="left", fontsize=font * 1.5, color=INK)
    ax.grid(axis="x", color="#e2e8f0")
    ax.set_axisbelow(True)
    return [_legend(kind) for kind in LEGEND if kind in kinds]


def _kind(mark: Mark) -> str:
    if mark.value is None:
        return "not stated"
    if mark.derived:
        return "derived"
    return {"more_than": "open", "at_least": "open", "less_than": "up to", "at_most": "up to"}.get(
        mark.qualifier or "", "about" if mark.qualifier == "about" else "stated"
    )


def _draw_mark(ax: Axes, y: int, mark: Mark, floor: float, top: float, log: bool) -> float:
    """Draw one mark; where its value label starts."""
    if mark.value is None:
        return floor
    kind = _kind(mark)
    height = 0.6
    if kind == "derived":
        low = mark.low if mark.low else floor
        high = mark.high if mark.high is not None else mark.value
        up_to = mark.qualifier in ("at_most", "less_than")  # dashed, as a stated `up to`: a bound, not a count
        ax.barh(y, high - low, left=low, height=height, facecolor="white", edgecolor=DERIVED, hatch="//",
                linewidth=1.5, linestyle="--" if up_to else "-")  # fmt: skip
        return _fade(ax, y, high, top, log, DERIVED) if mark.high is None and mark.low else high
    if kind == "up to":
        ax.barh(y, mark.value - floor, left=floor, height=height, facecolor="white", edgecolor=STATED,
                linewidth=2, linestyle="--")  # fmt: skip
        return mark.value
    ax.barh(y, mark.value - floor, left=floor, height=height, color=STATED)
    if kind == "open":
        return _fade(ax, y, mark.value, top, log, STATED)
    if kind == "about" and mark.low is not None and mark.high is not None:
        ax.errorbar(mark.value, y, xerr=[[mark.value - mark.low], [mark.high - mark.value]], fmt="none",
                    ecolor=INK, elinewidth=2, capsize=8)  # fmt: skip
        return mark.high
    return mark.value


def _fade(ax: Axes, y: int, start: float, top: float, log: bool, color: str) -> float:
    """An open end: the bar goes on past `start`, fading, then an arrow."""
    reach = start * 2.5 if log else start + top * OPEN_REACH
    step = (reach / start) ** (1 / FADE_STEPS) if log else (reach - start) / FADE_STEPS
    left = start
    for index in range(FADE_STEPS):
        right = left * step if log else left + step
        ax.barh(y, right - left, left=left, height=0.6, color=color, alpha=0.75 * (1 - (index + 1) / FADE_STEPS),
                linewidth=0)  # fmt: skip
        left = right
    ax.annotate("", xy=(reach, y), xytext=(start, y), arrowprops={"arrowstyle": "->", "color": color, "lw": 1.5})
    return reach


LEGEND = ("stated", "open", "up to", "about", "derived", "not stated")


def _legend(kind: str) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    if kind == "about":
        return Line2D([], [], color=INK, marker="|", markersize=12, linewidth=2, label="about: its width (error bar)")
    if kind == "not stated":
        return Patch(facecolor="white", edgecolor="white", label="not stated: listed, no bar")
    return {
        "stated": Patch(color=STATED, label="stated"),
        "open": Patch(facecolor=STATED, alpha=0.4, label="more than / at least: open-ended (fades on)"),
        "up to": Patch(facecolor="white", edgecolor=STATED, linestyle="--", label="less than / at most: up to"),
        "derived": Patch(facecolor="white", edgecolor=DERIVED, hatch="//", label="derived (hatched)"),
    }[kind]
