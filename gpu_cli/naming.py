"""How a source may name someone or something the facts name in English: the
name itself, the facts' `aliases`, a country's name in the source's language
(Babel's territory names: `United States` is `États-Unis` in French), the
language's words for an unnamed source (`local reports`: `rapports locaux`),
and, for a person, any word of the name (`Huang`). Forms are folded
(`wording.fold`) and found at word boundaries. Pure; Babel is imported on
first use."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from gpu_cli.wording import Folded, Language, fold, occurrences, reporter_words


class Named(NamedTuple):
    """Someone or something, as the facts name it, and the forms to find."""

    name: str
    forms: tuple[str, ...]


def thing(name: str, languages: Sequence[Language], aliases: Iterable[str] = ()) -> Named:
    """A partner, a country, an outlet or an unnamed source."""
    found = [name, *aliases, *_territory(name, tuple(lang.locale for lang in languages))]
    return Named(name, _folded([*found, *reporter_words(name, languages)]))


def id_words(identifier: str) -> Named:
    """A partner's id read as the words it is made of (`sk-group`: sk group), which the
    facts take from its name: where the source names these and not the name, the name is not the source's."""
    return Named(identifier, _folded([identifier.replace("-", " ")]))


def country_names(name: str, languages: Sequence[Language]) -> tuple[str, ...]:
    """A country's names in the languages (Babel's); none when `name` is not an English country name."""
    return _territory(name, tuple(lang.locale for lang in languages))


def person(name: str) -> Named:
    """A person: the whole name, or any word of it (`Huang`, `Bae`)."""
    return Named(name, _folded([name, *(word for word in name.split() if len(word) > 1)]))


def proper_names(text: str) -> list[str]:
    """The capitalised words of a text (`Blackwell and China`: Blackwell, China)."""
    return [word for word in text.replace(",", " ").split() if word[:1].isupper()]


class Finder:
    """Where each form stands in one folded source, found once per form."""

    def __init__(self, source: Folded) -> None:
        self.text = source.text
        self._seen: dict[str, list[int]] = {}

    def at(self, form: str) -> list[int]:
        if form not in self._seen:
            self._seen[form] = occurrences(form, self.text)
        return self._seen[form]

    def first(self, named: Named, spans: Sequence[tuple[int, int]]) -> int | None:
        """Where `named` first stands in the spans (in span order), or None."""
        for start, end in spans:
            hits = [at for form in named.forms for at in self.at(form) if start <= at and at + len(form) <= end]
            if hits:
                return min(hits)
        return None

    def names(self, named: Named, spans: Sequence[tuple[int, int]]) -> bool:
        return self.first(named, spans) is not None


def _folded(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form for form in (fold(n).text for n in names) if form))


@cache
def _territory(name: str, locales: tuple[str, ...]) -> tuple[str, ...]:
    """A country's name in each locale, when `name` is its English name."""
    from babel import Locale

    code = _english_territories().get(name.casefold())
    return tuple(Locale.parse(locale).territories[code] for locale in locales if code) if code else ()


@cache
def _english_territories() -> dict[str, str]:
    from babel import Locale

    return {label.casefold(): code for code, label in Locale.parse("en").territories.items()}
