"""Text that is safe to show: counts spelled for people, strings defanged.

A string from a facts file must never drive the terminal: ESC, C1 controls and
bidi overrides would let a file clear the screen, write the clipboard (OSC 52)
or reorder what a reader sees. They are shown as visible escapes instead."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any, Literal, NamedTuple

# Invisible or reordering characters beyond C0: DEL and C1, bidi marks and
# overrides, line separators, the BOM.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_JSON_UNSAFE = re.compile(f"[{_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str) -> str:
    """Control, format and bidi characters as `\\x1b`-style escapes; the rest untouched."""
    return _UNSAFE.sub(_escape, value)


def json_inert(text: str) -> str:
    """JSON already escapes C0 controls; escape the other invisible characters
    too, so raw JSON on a terminal is inert yet parses to the same strings."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


Num = int | float | Fraction
Unit = Literal["count", "factor", "usd"]
Rounding = Literal["nearest", "down", "up"]
QUALIFIER_WORDS = {
    "exactly": "",
    "more_than": "more than",
    "at_least": "at least",
    "less_than": "less than",
    "at_most": "at most",
    "about": "about",
}


NOMINAL_NOTE = "nominal: what the figures give if all counts were exact; no bound"
_ROUNDING = {"nearest": ROUND_HALF_EVEN, "down": ROUND_FLOOR, "up": ROUND_CEILING}


def qualifier_words(qualifier: str) -> str:
    """A qualifier as people read it (`more_than` is "more than"; a bare figure's is "exactly")."""
    return QUALIFIER_WORDS.get(qualifier) or qualifier.replace("_", " ")


class Shown(NamedTuple):
    """A number as a table cell shows it; `dim` for what is not a stated fact
    (`not stated`, a nominal figure); `note`, a line the view prints once under
    its table (what "nominal" means)."""

    text: str
    dim: bool = False
    note: str | None = None


Segments = str | Shown | Sequence[str | Shown]  # a summary value: text, a figure, or both in turn


ENGLISH = "en"
_LOCALE: ContextVar[str] = ContextVar("gpudeal_locale", default=ENGLISH)


@contextmanager
def numbers_in(locale: str | None) -> Iterator[None]:
    """People's views write numbers for this locale (`--locale fr`: `260 000`,
    `10 milliards de dollars`) while the block runs; None or `en` is English.
    Machine formats never enter one: their numbers stay raw."""
    token = _LOCALE.set(locale or ENGLISH)
    try:
        yield
    finally:
        _LOCALE.reset(token)


def current_locale() -> str:
    return _LOCALE.get()


def _digits(value: int | Decimal) -> str:
    """`260,000` in English; the locale's grouping and decimal sign otherwise (Babel)."""
    locale = _LOCALE.get()
    if locale == ENGLISH:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,f}"
    else:
        from babel.numbers import format_decimal

        text = format_decimal(value, format="#,##0.##", locale=locale)
    return text.replace("-", "−")  # one minus sign everywhere: U+2212


def amount(value: Num, unit: Unit = "count", rounding: Rounding = "nearest") -> str:
    """`260,000`, `×7.5`, `$10 billion`. A rounded bound is rounded outwards
    (`rounding="down"` for a lower bound), so it stays true."""
    if unit == "usd":
        return money(int(value))
    if value == int(value):
        digits = _digits(int(value))
    else:
        exact = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(value, Fraction) else Decimal(value)
        digits = _digits(exact.quantize(Decimal("0.01"), rounding=_ROUNDING[rounding]).normalize())
    return f"×{digits}" if unit == "factor" else digits


def money(usd: int) -> str:
    """US dollars as people write them: `$10 billion`, `$5 trillion`, `$10.5 billion`
    (`10 milliards de dollars` in French); the full `$12,345,678,901` where the
    short form would round, and below a million."""
    locale = _LOCALE.get()
    if usd >= 1_000_000:
        from babel.numbers import format_compact_decimal

        short = format_compact_decimal(usd, format_type="long", locale=locale, fraction_digits=3)
        number = short.split(" ", 1)[0]
        if re.sub(r"\D", "", number).rstrip("0") == str(usd).rstrip("0"):  # same significant digits: exact
            return f"${short}" if locale == ENGLISH else f"{short} de dollars"
    return f"${_digits(usd)}" if locale == ENGLISH else f"{_digits(usd)} dollars"


def figure_words(value: Num | None, qualifier: str | None, unit: Unit = "count") -> str:
    """`more than 50,000`: a stated figure as the article words it."""
    if value is None:
        return "not stated"
    label = QUALIFIER_WORDS.get(qualifier or "exactly", "")
    return f"{label} {amount(value, unit)}".strip()


def figure(
    value: Num | None,
    qualifier: str | None,
    low: Num | None = None,
    high: Num | None = None,
    unit: Unit = "count",
) -> Shown:
    """The one way a number reads in every human view, stated or derived:
    `50,000`, `≈20,000,000` (about, and only about), `> 50,000`, `≥ 50,000`,
    `< 40,000`, `≤ $10 billion`, `> ×7.5`, `40,000 to 50,000`, `50,000 nominal`
    (dim), `not stated` (dim).
    `low`/`high` are a derived number's bounds; a stated one's bound is its value."""
    if value is None:
        return Shown("not stated", dim=True)
    if qualifier == "about":
        return Shown(f"≈{amount(value, unit)}")
    if qualifier == "more_than":
        return Shown(f"> {amount(value if low is None else low, unit, 'down')}")
    if qualifier == "at_least":
        return Shown(f"≥ {amount(value if low is None else low, unit, 'down')}")
    if qualifier == "less_than":
        return Shown(f"< {amount(value if high is None else high, unit, 'up')}")
    if qualifier == "at_most":
        return Shown(f"≤ {amount(value if high is None else high, unit, 'up')}")
    if qualifier == "between" and low is not None and high is not None:
        return Shown(f"{amount(low, unit, 'down')} to {amount(high, unit, 'up')}")
    if qualifier == "nominal":
        return Shown(f"{amount(value, unit)} nominal", dim=True, note=NOMINAL_NOTE)
    return Shown(amount(value, unit))


def gpus_figure(record: Mapping[str, Any]) -> Shown:
    """A partner's or country's GPUs as the article states them (`not stated`
    where it gives none): a share only derived is never shown as a count here,
    only in `check`, `summary`'s derived rows, `show` and the `gpus_implied*` fields."""
    return figure(record.get("gpus"), record.get("gpus_qualifier"))


def implied_figure(record: Mapping[str, Any]) -> Shown:
    """The `gpus_implied*` fields of a partner record as one figure."""
    return figure(
        record.get("gpus_implied"),
        record.get("gpus_implied_qualifier"),
        record.get("gpus_implied_low"),
        record.get("gpus_implied_high"),
    )


def notes(values: Iterable[Segments]) -> str | None:
    """The lines to print once under a table: what its figures' words mean."""
    found: dict[str, None] = {}
    for value in values:
        for part in [value] if isinstance(value, str | Shown) else value:
            if isinstance(part, Shown) and part.note:
                found.update(dict.fromkeys(part.note.split("\n")))
    return "\n".join(found) or None


def segments_plain(value: Segments) -> str:
    """A summary value as plain text: its pieces, figures as their words."""
    parts = [value] if isinstance(value, str | Shown) else value
    return "".join(part.text if isinstance(part, Shown) else part for part in parts)


LIST_LIMIT = 10  # items of a list in a message or a sentence; the rest are counted


def join_words(items: list[str], limit: int = LIST_LIMIT) -> str:
    """`A`, `A and B`, `A, B and C`: a list as a sentence says it; past
    `limit` items, `A, B, … and 4,990 more`."""
    if len(items) > limit:
        return f"{', '.join(items[:limit])} and {len(items) - limit:,} more"
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def capped(items: Sequence[str], limit: int = LIST_LIMIT) -> str:
    """`a, b, c`; past `limit` items, `a, b, … and 4,990 more`: a list in a
    message stays one readable line whatever the size of the file."""
    more = f" … and {len(items) - limit:,} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


SUM_LIMIT = 12  # terms of a sum shown in a table; past this, how many and their total
# Patterns as text, compiled by `re` on first use (and cached there): most runs summarise no sum.
_PROTECTED = r"\([^()+]*\)"  # `(Naver Cloud, own allocation)`: a label, not a group
_OPERATORS = r"(\(|\)| = |; | − | / | ≥ | ≤ )"
_FIGURE = r"(?:(?:more|less) than |at (?:least|most) |about )?[\d,.×$]+(?: \x00\d+\x00)?"
_LAST_FIGURE = r"(?:(?:more|less) than |at (?:least|most) |about )?[$×\d][\d,.×$]*(?: \x00\d+\x00)?$"


def summarised(arithmetic: str, limit: int = SUM_LIMIT) -> str:
    """A sum of more than `limit` terms as their number: `4,000 stated counts =
    more than 150,040,000` instead of 4,000 terms in one cell. For people's
    views; the machine formats keep the full arithmetic."""
    if arithmetic.count(" + ") < limit:
        return arithmetic
    labels: list[str] = []

    def protect(match: re.Match[str]) -> str:
        labels.append(match.group())
        return f"\x00{len(labels) - 1}\x00"

    pieces = re.split(_OPERATORS, re.sub(_PROTECTED, protect, arithmetic))
    for index, piece in enumerate(pieces):
        terms = piece.split(" + ")
        if len(terms) > limit:
            # words before the first term and after the last one stay (`together, …`)
            first = re.search(_LAST_FIGURE, terms[0])
            lead = terms[0][: first.start()] if first else ""
            terms[0] = terms[0][len(lead) :]
            kind = "stated counts" if all(re.fullmatch(_FIGURE, term.strip()) for term in terms) else "terms"
            pieces[index] = f"{lead}{len(terms):,} {kind}"
    return re.sub("\x00(\\d+)\x00", lambda m: labels[int(m.group(1))], "".join(pieces))


# verify's checks (`models.VerifyRecord`), one field and table column each: they read yes, no, or – (not made)
VERIFY_CHECKS = (
    "excerpt_found",
    "number_found",
    "qualifier_agrees",
    "commitment_agrees",
    "attribution_agrees",
    "chip_named",
    "rank_agrees",
    "relations_agree",
    "backs_fact",
)
