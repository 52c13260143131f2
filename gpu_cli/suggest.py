"""Did-you-mean for anything a user types: one best match, or none."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` was probably meant to be: the only one it is a prefix of
    (`gov` → `government`), else difflib's closest above its 0.6 similarity
    cutoff (`samsng` → `samsung`); case is ignored. None when nothing is close."""
    options = list(dict.fromkeys(choices))
    folded = {choice.casefold(): choice for choice in options}
    typed = word.strip().casefold()
    if not typed:
        return None
    starting = [choice for key, choice in folded.items() if key.startswith(typed)]
    if len(starting) == 1:
        return starting[0]
    from difflib import get_close_matches  # only when a word is mistyped: every start-up skips it

    matches = get_close_matches(typed, list(folded), n=1)
    return folded[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'gpus'?`, to append to a message, or '' when nothing is close."""
    match = closest(word, choices)
    return f"; did you mean {match!r}?" if match is not None else ""


def _steps(path: str) -> list[str]:
    """`ranking[South Korea].gpus` → `ranking`, `[South Korea`, `gpus`: the
    names and items of a path, an item marked by its bracket."""
    import re

    return re.findall(r"\[[^\]]*(?=\])|[^.\[\]]+", path)


def closest_path(path: str, paths: Iterable[str]) -> str | None:
    """The path `path` was probably meant to be, step by step: one whose every
    step that differs is itself close (`partners[samsnug].gpus` →
    `partners[samsung].gpus`). The whole strings alone share `ranking[` and
    `].gpus`, which made `ranking[South Korea].gpus` look like
    `ranking[China].gpus`: another country's figures, not a typo."""
    typed = _steps(path)
    alike = [
        candidate
        for candidate in paths
        if len(steps := _steps(candidate)) == len(typed) and all(map(_close_step, typed, steps))
    ]
    return closest(path, alike)


def _close_step(mine: str, theirs: str) -> bool:
    """Two steps of a path alike: the same, or both names (both items) and close."""
    if mine == theirs:
        return True
    item = mine.startswith("[")
    return item == theirs.startswith("[") and closest(mine.removeprefix("["), [theirs.removeprefix("[")]) is not None
