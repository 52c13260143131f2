"""How a source words a number: the digits (read by Babel, which knows each
locale's group and decimal separators), a scale word after them (`20 millions`,
`$10bn`), a multiplying verb (`quadrupler`), and the qualifier words right
before (`plus de`, `about`). The words are data, one table per language: add a
language by adding a `Language`. Pure: no I/O; Babel is imported on first use.

Texts are compared folded (`fold`): runs of whitespace of any kind (no-break
U+00A0 and narrow no-break U+202F included) are one space, typographic quotes
and apostrophes are straight, letters are lower case."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any


@dataclass(frozen=True, eq=False)  # hashed by identity: its compiled patterns are cached
class Language:
    locale: str  # Babel locale of its digits: group and decimal separators
    qualifiers: Mapping[str, str]  # words right before a number -> qualifier, or a bound in UNSTATED
    scales: Mapping[str, int]  # word right after a number (a plural `s` allowed) -> multiplier
    multipliers: Mapping[str, int]  # stem of a multiplying verb -> factor
    commitments: Mapping[str, str]  # words of a verb -> how firm it is (models.Commitment)
    ordinals: Mapping[str, int]  # a rank's words -> the rank (`troisième`, `suivis par`: 2)
    reporters: Mapping[str, str]  # how the language names an unnamed source -> its name in the facts


FRENCH = Language(
    locale="fr",
    qualifiers={
        "plus de": "more_than",
        "plus que": "more_than",
        "environ": "about",
        "près de": "about",
        "approximativement": "about",
        "autour de": "about",
        "quelque": "about",
        "moins de": "less_than",
        "moins que": "less_than",
        # Not the words they contain: "pas moins de" is at least, not less than.
        "pas moins de": "at_least",
        "pas moins que": "at_least",
        "au moins": "at_least",
        "au minimum": "at_least",
        "pas plus de": "at_most",
        "pas plus que": "at_most",
        "au plus": "at_most",
        "au maximum": "at_most",
        "jusqu’à": "at_most",
        "à hauteur de": "at_most",  # "to the amount of": a ceiling, not a count
        "presque": "just_under",
        "quasiment": "just_under",
    },
    # French `billion` is 10^12; `Md` is the press's short form of milliard.
    scales={"mille": 10**3, "million": 10**6, "milliard": 10**9, "md": 10**9, "billion": 10**12},
    multipliers={"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5, "décupl": 10},
    commitments={
        "seront déployés": "will",
        "sera déployé": "will",
        "allouera": "will",
        "fournira": "will",
        "déploiera": "will",
        "installera": "will",
        "prévoit": "plans",
        "prévoient": "plans",
        "a l'intention de": "intends",
        "a l'intention d'": "intends",
        "ont l'intention de": "intends",
        "est sur le point de": "about_to",
        "est sur le point d'": "about_to",
        "sont sur le point de": "about_to",
    },
    ordinals={
        "premier": 1,
        "première": 1,
        "deuxième": 2,
        "second": 2,
        "seconde": 2,
        "suivis par": 2,  # "the most, followed by": the one after the first
        "suivi par": 2,
        "suivie par": 2,
        "suivies par": 2,
        "troisième": 3,
        "quatrième": 4,
        "cinquième": 5,
        "sixième": 6,
        "septième": 7,
        "huitième": 8,
        "neuvième": 9,
        "dixième": 10,
    },
    reporters={
        "rapports locaux": "local reports",
        "médias locaux": "local media",
        "presse locale": "local press",
        "la presse": "the press",
    },
)
ENGLISH = Language(
    locale="en",
    qualifiers={
        "more than": "more_than",
        "over": "more_than",
        "about": "about",
        "around": "about",
        "nearly": "about",
        "approximately": "about",
        "roughly": "about",
        "less than": "less_than",
        "fewer than": "less_than",
        "under": "less_than",
        "some": "about",
        # Not the words they contain: "no more than" is at most, not more than.
        "no fewer than": "at_least",
        "no less than": "at_least",
        "not fewer than": "at_least",
        "not less than": "at_least",
        "at least": "at_least",
        "no more than": "at_most",
        "not more than": "at_most",
        "at most": "at_most",
        "up to": "at_most",
        "as many as": "at_most",
        "almost": "just_under",
    },
    scales={
        "thousand": 10**3,
        "k": 10**3,
        "million": 10**6,
        "mn": 10**6,
        "m": 10**6,
        "billion": 10**9,
        "bn": 10**9,
        "trillion": 10**12,
        "tn": 10**12,
    },
    multipliers={"doubl": 2, "tripl": 3, "quadrupl": 4, "quintupl": 5},
    commitments={
        "will": "will",
        "plans to": "plans",
        "plans": "plans",
        "intends to": "intends",
        "intends": "intends",
        "is about to": "about_to",
        "are about to": "about_to",
    },
    ordinals={
        "first": 1,
        "second": 2,
        "followed by": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "sixth": 6,
        "seventh": 7,
        "eighth": 8,
        "ninth": 9,
        "tenth": 10,
    },
    reporters={
        "local reports": "local reports",
        "local media": "local media",
        "local press": "local press",
        "the press": "the press",
    },
)
LANGUAGES: dict[str, Language] = {"fr": FRENCH, "en": ENGLISH}
EXACTLY = "exactly"  # the qualifier of a number with none of the words before it
# What some words say that no fact qualifier states: "just under n". A fact
# worded so can never verify; the name says why.
UNSTATED = {"just_under": "just under"}


def languages_for(code: str | None) -> tuple[Language, ...]:
    """The tables for a source's language (`fr`, `en-GB`), else every table: a
    French `billion` is not an English one, so the language is used when known."""
    base = (code or "").replace("_", "-").split("-")[0].casefold()
    return (LANGUAGES[base],) if base in LANGUAGES else tuple(LANGUAGES.values())


# --- folding -----------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
        "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2039": '"', "\u203a": '"', "\u2010": "-", "\u2011": "-",
    }
)  # fmt: skip
_INVISIBLE = {"\u00ad", "\u200b", "\u2060", "\ufeff"}  # soft hyphen, zero-width space, word joiner, BOM
_TIGHT = set('"')  # French sets guillemets off with spaces; English does not: spaces beside them drop


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, where it came from."""

    text: str
    origin: tuple[int, ...]  # for each character, its index in `original`
    original: str

    def span(self, start: int, end: int) -> str:
        """The original text behind folded[start:end]."""
        return self.original[self.origin[start] : self.origin[end - 1] + 1] if end > start else ""


_RUN = re.compile(r"\S+")  # the same whitespace as str.isspace
_SLOW = re.compile("[" + "".join(_INVISIBLE) + "\u03a3]")  # and capital sigma: a run lowers it by its place


def fold(text: str) -> Folded:
    """Whitespace runs (any kind) -> one space, typographic quotes and
    apostrophes -> straight ones, lower case; spaces beside a double quote and
    invisible characters dropped. Keeps where every character came from.
    A run of visible characters is folded whole (a 1 MB article in a fraction
    of a second); one with invisible characters, a capital sigma, or a lower
    case of more characters goes letter by letter, as before."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    origin: list[int] = []
    last = ""  # the last character written
    gap = 0  # where the spaces after the last written character start
    whole = text.translate(_QUOTES).lower()
    if len(whole) == len(text) and not _SLOW.search(text):  # every run folds whole: the common case
        for start, end in (match.span() for match in _RUN.finditer(whole)):
            if last and whole[start] not in _TIGHT and last not in _TIGHT:
                out.append(" ")
                origin.append(gap)
            out.append(whole[start:end])
            origin.extend(range(start, end))
            last, gap = whole[end - 1], end
        return Folded("".join(out), tuple(origin), text)
    for match in _RUN.finditer(text):
        start, run = match.start(), match.group()
        mapped = run.translate(_QUOTES).lower()
        if len(mapped) == len(run) and not _SLOW.search(run):
            if last and mapped[0] not in _TIGHT and last not in _TIGHT:
                out.append(" ")
                origin.append(gap)
            out.append(mapped)
            origin.extend(range(start, start + len(run)))
            last, gap = mapped[-1], match.end()
            continue
        space = bool(last)  # a space is pending before this run, unless nothing was written yet
        for index, char in enumerate(run, start):
            if char in _INVISIBLE:
                continue
            char_mapped = char.translate(_QUOTES)
            if space and char_mapped not in _TIGHT and last not in _TIGHT:
                out.append(" ")
                origin.append(gap)
            space = False
            for lowered in char_mapped.lower():
                out.append(lowered)
                origin.append(index)
                last = lowered
        if not space:  # a visible character was written
            gap = match.end()
    return Folded("".join(out), tuple(origin), text)


# --- numbers -----------------------------------------------------------------

# Digits grouped by threes (space, comma or point) or plain, then decimals; a
# currency sign may stand before them. Digits glued to other digits or letters
# are not a number of their own.
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<currency>(?:us ?)?[$€£] ?)?"
    r"(?P<digits>\d{1,3}(?:[ ,.]\d{3})+(?![\d])|\d+)(?P<decimals>[.,]\d+)?(?![\d])"
)


@dataclass(frozen=True)
class Reading:
    """One way the text states a number: its value, the qualifier its words give,
    and where it stands in the folded text (qualifier words included)."""

    value: Decimal
    qualifier: str
    start: int
    end: int
    at: int  # where the number itself (digits, currency sign or verb) starts


def readings(folded: str, languages: Sequence[Language]) -> list[Reading]:
    """Every number the folded text states, in each of the languages' readings,
    in text order. The same digits may give several values (`1,500`: 1.5 in
    French, 1500 in English)."""
    found: list[Reading] = []
    for language in languages:
        scales, verbs, before, words = _patterns(language)
        for match in _NUMBER.finditer(folded):
            number = _parse(match["digits"] + (match["decimals"] or ""), language.locale)
            if number is None:
                continue
            end = match.end()
            scale = scales.match(folded, end)
            if scale:
                number *= language.scales[scale["word"]]
                end = scale.end()
            found.append(_qualified(folded, number, match.start(), end, before, words))
        for match in verbs.finditer(folded):
            factor = Decimal(language.multipliers[match["stem"]])
            found.append(_qualified(folded, factor, match.start(), match.end(), before, words))
    return sorted(found, key=lambda reading: (reading.start, reading.end))


def _qualified(
    folded: str, value: Decimal, start: int, end: int, before: re.Pattern[str], qualifiers: Mapping[str, str]
) -> Reading:
    reach = max(map(len, qualifiers), default=0) + 1  # look no further back than the longest words
    words = before.search(folded, max(0, start - reach), start)
    if words is None:
        return Reading(value, EXACTLY, start, end, start)
    return Reading(value, qualifiers[words["words"]], words.start("words"), end, start)


@cache
def _patterns(
    language: Language,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], Mapping[str, str]]:
    """(scale word after a number, multiplying verb, qualifier words ending right
    before a number, the qualifier words folded). Longest words first, so
    `plus de` is never read as `de`, nor `pas moins de` as `moins de`."""
    qualifiers = {fold(words).text: qualifier for words, qualifier in language.qualifiers.items()}

    def alternatives(words: Any) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))

    scales = re.compile(rf" ?(?P<word>{alternatives(language.scales)})s?(?![^\W\d_])")
    verbs = re.compile(rf"(?<![^\W\d_])(?P<stem>{alternatives(language.multipliers)})[^\W\d_]*")
    before = re.compile(rf"(?<![^\W\d_])(?P<words>{alternatives(qualifiers)}) ?\Z")
    return scales, verbs, before, qualifiers


def _parse(digits: str, locale: str) -> Decimal | None:
    """The digits read in the locale's own way, or None when it would not write
    them so (`260 000` is French, `260,000` English, `1,5` French only)."""
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    group = get_group_symbol(locale)
    if group.isspace():  # French groups with U+202F; text has any space there
        digits = digits.replace(" ", group)
    try:
        return parse_decimal(digits, locale=locale, strict=True)
    except NumberFormatError:
        return None


def numbers_stated(folded: Folded, languages: Sequence[Language]) -> list[tuple[Reading, str]]:
    """Each reading with the original words behind it (`plus de 50 000`)."""
    return [(reading, folded.span(reading.start, reading.end)) for reading in readings(folded.text, languages)]


# --- where a part stands in a text -------------------------------------------

_WORD_CHAR = re.compile(r"[^\W_]")


def occurrences(part: str, text: str) -> list[int]:
    """Where the folded `part` starts in the folded `text`, at word and number
    boundaries only: `60 000 gpu` is not in `260 000 gpu`, nor `000 gpu` in
    `60 000 gpu`, nor `plus de 50` in `plus de 50 000`."""
    if not part:
        return []
    cuts = _number_interiors(text)
    starts = []
    start = text.find(part)
    while start >= 0:
        end = start + len(part)
        if not (
            start in cuts
            or end in cuts
            or _glued(part[0], text[start - 1 : start])
            or _glued(part[-1], text[end : end + 1])
        ):
            starts.append(start)
        start = text.find(part, start + 1)
    return starts


def _glued(edge: str, neighbour: str) -> bool:
    """A part's letter or digit at its edge runs on into the text's next one."""
    return bool(neighbour) and bool(_WORD_CHAR.match(edge)) and bool(_WORD_CHAR.match(neighbour))


@lru_cache(maxsize=4)
def _number_interiors(text: str) -> frozenset[int]:
    """The positions that fall inside a number of the text (between `60` and
    ` 000`): a part starting or ending there cuts the number."""
    return frozenset(
        position for match in _NUMBER.finditer(text) for position in range(match.start("digits") + 1, match.end())
    )


# --- words of a verb, a rank, a source ---------------------------------------


def worded(folded: str, start: int, end: int, languages: Sequence[Language], kind: str) -> tuple[Any, int, int] | None:
    """The first of the languages' `kind` words (`commitments`, `ordinals`) that
    stands in folded[start:end], or ends right before it (`est` just outside an
    excerpt cut after it still counts, as a qualifier does): (its value, where
    it starts, where it ends), or None."""
    found: list[tuple[int, int, Any]] = []
    for language in languages:
        pattern, table = _phrases(language, kind)
        reach = max(map(len, table), default=0) + 1
        for match in pattern.finditer(folded, max(0, start - reach), min(len(folded), end + reach)):
            if match.start() < end and match.end() >= start - 1:
                found.append((match.start(), match.end(), table[match["words"]]))
                break
    if not found:
        return None
    at, until, value = min(found, key=lambda hit: hit[0])
    return value, at, until


def wordings(folded: str, start: int, end: int, languages: Sequence[Language], kind: str) -> list[tuple[Any, int, int]]:
    """Every one of the languages' `kind` words within folded[start:end], in text order."""
    found = []
    for language in languages:
        pattern, table = _phrases(language, kind)
        for match in pattern.finditer(folded, start, end):
            found.append((table[match["words"]], match.start(), match.end()))
    return sorted(found, key=lambda hit: hit[1])


def reporter_words(name: str, languages: Sequence[Language]) -> list[str]:
    """How the languages word a source the facts call `name` (`local reports`:
    `rapports locaux`), folded; none when it is not an unnamed source."""
    wanted = fold(name).text
    return [fold(words).text for language in languages for words, n in language.reporters.items() if n == wanted]


def reporters(languages: Sequence[Language]) -> dict[str, str]:
    """Every unnamed source's words (folded) -> its name in the facts."""
    return {fold(words).text: name for language in languages for words, name in language.reporters.items()}


@cache
def _phrases(language: Language, kind: str) -> tuple[re.Pattern[str], Mapping[str, Any]]:
    table = {fold(words).text: value for words, value in getattr(language, kind).items()}
    alternatives = "|".join(re.escape(words) for words in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?P<words>{alternatives})(?:(?<=')|(?![^\W\d_]))"), table  # `d'` runs on
