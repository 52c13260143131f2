"""What shell completion prints, quoted for the shell that reads it.

Typer's own classes run each description (a partner's name from the facts
file) through rich markup: `Kakao [beta]` loses its `[beta]`, and `Kakao Corp
[/]` raises a markup error, printed as a traceback into the user's terminal
at TAB. Here no text is ever parsed as markup, nothing a completion meets
becomes a traceback, and each value and description is quoted for its shell:

- bash reads the lines into COMPREPLY and inserts them as typed: each value
  is escaped as `printf %q` does (`Kakao\\ Corp`, `$'a\\nb'`);
- zsh `eval`s the output after splitting it into words: every string is a
  `$'…'` with all but letters and digits as `\\xNN` bytes, so no space, quote,
  `$`, backtick or newline survives to be split or run, and `compadd` gets
  the exact text;
- fish reads one `value<TAB>description` a line: tabs and line breaks in
  them become spaces.

The scripts the shells source are Typer's, unchanged: installed completion
keeps working."""

from __future__ import annotations

import os
import re

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

_PLAIN = re.compile(r"[A-Za-z0-9_./,:=@%+-]+")  # what bash inserts as it is
_SPACES = re.compile(r"\s")


def bash_quoted(value: str, inside: str = "") -> str:
    """`printf %q`: as it is when plain, `$'…'` with escapes when it holds a
    control character, else each special character after a backslash. Inside
    a quote the word opened (`'ranking[U`), readline inserts the reply after
    that quote and closes it: the value as that quote reads it."""
    controls = any(ord(char) < 32 or ord(char) == 127 for char in value)
    if inside == "'" and not controls:
        return value.replace("'", "'\\''")
    if inside == '"' and not controls:
        return re.sub(r'([\\"$`])', r"\\\1", value)
    if not value or _PLAIN.fullmatch(value):
        return value or "''"
    if controls:
        inner = "".join(
            char if char.isalnum() else "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8")) for char in value
        )
        return f"$'{inner}'"
    return "".join(char if _PLAIN.fullmatch(char) or not char.isascii() else f"\\{char}" for char in value)


def zsh_quoted(value: str) -> str:
    """`$'…'` holding only ASCII letters, digits and `\\xNN` escapes (UTF-8
    bytes): safe from word splitting, globbing and expansion under `eval`."""
    return (
        "$'"
        + "".join(
            char if char.isascii() and char.isalnum() else "".join(f"\\x{byte:02x}" for byte in char.encode("utf-8"))
            for char in value
        )
        + "'"
    )


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text)


class _Safe:
    """Completions that never fail at TAB: an error there means no completions
    (the traceback only with GPUDEAL_DEBUG=1)."""

    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        try:
            items: list[CompletionItem] = super().get_completions(args, incomplete)  # type: ignore[misc]
        except Exception:
            if os.environ.get("GPUDEAL_DEBUG", "") not in ("", "0"):
                raise
            return []
        return items


class Bash(_Safe, BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return bash_quoted(str(item.value), _open_quote())


def _open_quote() -> str:
    """The quote the word at TAB opens, if any: bash passes the words as typed,
    one a line (Typer's script joins them with its IFS, a newline)."""
    words = os.environ.get("COMP_WORDS", "").split("\n")
    try:
        word = words[int(os.environ.get("COMP_CWORD", ""))]
    except (ValueError, IndexError):
        return ""
    return word[:1] if word[:1] in ("'", '"') and word.count(word[0]) % 2 == 1 else ""


class Zsh(_Safe, ZshComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        if not items:
            return "_files"
        values = " ".join(zsh_quoted(str(item.value)) for item in items)
        shown = " ".join(
            zsh_quoted(f"{item.value}  -- {_one_line(item.help)}" if item.help else str(item.value)) for item in items
        )
        return (
            f"local -a _gpudeal_values _gpudeal_shown; _gpudeal_values=( {values} ); "
            f"_gpudeal_shown=( {shown} ); compadd -l -d _gpudeal_shown -a _gpudeal_values"
        )


class Fish(_Safe, FishComplete):
    def format_completion(self, item: CompletionItem) -> str:
        value = _one_line(str(item.value))
        return f"{value}\t{_one_line(item.help)}" if item.help else value


def register() -> None:
    """Replace Typer's bash, zsh and fish classes (after `completion_init`)."""
    for cls in (Bash, Zsh, Fish):
        add_completion_class(cls, cls.name)
