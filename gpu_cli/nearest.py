"""The passage of a source most like an excerpt that is not in it, in bounded time.

Scoring every window of the source with difflib is quadratic in practice (a
window per word, each compared to the excerpt): minutes for a long article.
Instead, windows vote for themselves, as in BLAST's seeds: each occurrence in
the source of one of the excerpt's words (or of its first five letters, for
inflections: `quadruple`/`quadrupler`) votes for the window that would put it
where it stands in the excerpt, weighted by how rare the word is. Only the
best-voted windows are scored by difflib's ratio. A
word that occurs very often votes nowhere (it says little and would cost
much); when no word is shared, evenly spaced windows are scored instead, a
bounded number. The index of the source's words is built once per source."""

from __future__ import annotations

import math
from collections import defaultdict
from difflib import SequenceMatcher
from functools import lru_cache

from gpu_cli.wording import Folded

MAX_PASSAGE_WORDS = 200  # excerpts are short phrases; past this, no closest passage is sought
CANDIDATES = 24  # best-voted windows scored by difflib
COMMON = 0.01  # a word that is more than this share of the source's words votes nowhere
FEW = 64  # ...unless it occurs no more often than this
SAMPLES = 400  # windows scored when the excerpt shares no word with the source
STEM = 5  # letters of a longer word that also vote (half as much): inflected forms
MIN_STEMMED = STEM + 1
WIDEST = 3  # a window is compared on at most this many times the excerpt's length


class _Index:
    """Where each word of a folded text starts, and which words (and stems) stand where."""

    def __init__(self, text: str) -> None:
        words = text.split(" ")
        self.starts: list[int] = []
        at = 0
        for word in words:
            self.starts.append(at)
            at += len(word) + 1
        self.places: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(words):
            self.places[word].append(index)
            if len(word) >= MIN_STEMMED:
                self.places["~" + word[:STEM]].append(index)
        self.size = len(words)
        self.length = len(text)

    def span(self, first: int, count: int) -> tuple[int, int]:
        """Character span of `count` words from word `first`."""
        end = first + count
        return self.starts[first], (self.starts[end] - 1 if end < self.size else self.length)


@lru_cache(maxsize=2)
def _index(text: str) -> _Index:
    return _Index(text)


def _keys(word: str) -> list[tuple[str, float]]:
    return [(word, 1.0), *([("~" + word[:STEM], 0.5)] if len(word) >= MIN_STEMMED else [])]


def candidate_starts(words: list[str], index: _Index) -> list[int]:
    """Window starts worth scoring: the best-voted, or evenly spaced ones when
    no word of the excerpt votes."""
    last = max(0, index.size - len(words))
    votes: dict[int, float] = defaultdict(float)
    for key, weight in {key: weight for word in words for key, weight in _keys(word)}.items():
        places = index.places.get(key, ())
        if not places or len(places) > max(FEW, COMMON * index.size):
            continue
        rarity = weight * math.log(1 + index.size / len(places))
        offsets = [i for i, word in enumerate(words) if key in (word, "~" + word[:STEM])]
        for place in places:
            for offset in offsets:
                votes[min(last, max(0, place - offset))] += rarity
    if not votes:
        step = max(1, (last + 1) // SAMPLES)
        return list(range(0, last + 1, step))
    return sorted(sorted(votes, key=lambda start: (-votes[start], start))[:CANDIDATES])


def closest_passage(excerpt: str, source: Folded) -> str | None:
    """The passage of the source (as many words as the folded excerpt) most
    like it, by difflib's ratio among the candidate windows; its original text,
    whitespace collapsed. None for an empty text or an excerpt longer than
    MAX_PASSAGE_WORDS."""
    words = excerpt.split(" ")
    if not excerpt or not source.text or len(words) > MAX_PASSAGE_WORDS:
        return None
    index = _index(source.text)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(excerpt)  # difflib caches what it knows of seq2: the excerpt, compared to each window
    best, best_span = -1.0, (0, 0)
    for start in candidate_starts(words, index):
        first, end = index.span(start, len(words))
        span = first, min(end, first + WIDEST * len(excerpt))  # a giant "word" (no spaces) is cut, not compared whole
        matcher.set_seq1(source.text[span[0] : span[1]])
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best and matcher.ratio() > best:
            best, best_span = matcher.ratio(), span
    return " ".join(source.span(*best_span).split()).rstrip(",;:")
