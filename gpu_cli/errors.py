"""Every way gpudeal can fail, and the exit status each one maps to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FAILURE = 1  # unusable facts, nothing matched, unwritable output; for a question: the answer is no
    USAGE = 2  # Click's own usage errors; for a question: could not answer
    INTERRUPTED = 130  # Ctrl-C
    TERMINATED = 143  # SIGTERM (128 + 15); a hang-up is 129
    BROKEN_PIPE = 141  # the reader closed the pipe (128 + SIGPIPE), as a shell reports it


# The commands that answer a question (does it add up? are the facts the
# source's? do the files differ?). As with diff(1) and grep, 0 is yes, 1 no and
# 2 "could not answer": a script's `|| echo inconsistent` must not fire for a
# file that does not parse or an answer that could not be written.
QUESTIONS = frozenset({"check", "verify", "diff"})


def status_for(command: str | None, status: int) -> int:
    """The exit status of a failure in `command`: a question's failure to
    answer is 2, whatever made it fail; other commands keep theirs."""
    if command in QUESTIONS and status == ExitStatus.FAILURE:
        return int(ExitStatus.USAGE)
    return int(status)


class GpudealError(Exception):
    """An error the user can cause and fix: printed as a message, never a traceback."""

    exit_status = ExitStatus.FAILURE

    def lines(self) -> list[str]:
        return [str(self)]


class FileError(GpudealError):
    """A file the user named is unusable. Carries every problem found, not just the
    first: `problems` are the ones to show, `more` how many more were found but not
    kept (a generated file can have one per partner)."""

    def __init__(self, path: str, problems: list[str], excerpt: list[str] | None = None, more: int = 0) -> None:
        super().__init__(f"{path}: {problems[0] if problems else 'unusable'}")
        self.path = path
        self.problems = problems
        self.excerpt = excerpt or []  # the offending lines of the file, with a caret under the place
        self.more = more
        self.named_by: str | None = None  # where the path came from, when the user did not type it


class FactsError(FileError):
    """The facts file is unusable."""

    def lines(self) -> list[str]:
        where = self.path + (f" (named by {self.named_by})" if self.named_by else "")
        total = len(self.problems) + self.more
        if total == 1:
            return [f"invalid facts file {where}: {self.problems[0]}", *self.excerpt]
        head = f"invalid facts file {where}: {total:,} problems"
        tail = [f"  … and {self.more:,} more problem{'s' if self.more > 1 else ''}"] if self.more else []
        return [head, *(f"  {problem}" for problem in self.problems), *tail, *self.excerpt]


class SourceError(FileError):
    """The source text given to `gpudeal verify` (or `show --article`) cannot be read."""

    def lines(self) -> list[str]:
        where = "from standard input" if self.path in ("-", "<stdin>") else self.path
        return [f"cannot read the source {where}: {'; '.join(self.problems)}"]


class ReadError(ValueError):
    """A reader's refusal of a facts file's text, with its place ("line 3, column 5:
    duplicate key 'gpus'") and, where the reader has it, the offending line with
    a caret. Never reaches the user as such: the loader turns it into a
    FactsError naming the file."""

    def __init__(self, message: str, excerpt: list[str] | None = None) -> None:
        super().__init__(message)
        self.excerpt = excerpt or []


class NotFoundError(GpudealError):
    """The thing asked for is not in the facts."""


class UsageError(GpudealError):
    """A value only gpudeal can judge (a field name, a format for this view)."""

    exit_status = ExitStatus.USAGE


class OutputError(GpudealError):
    """stdout or an export file could not be written."""


class PipeClosed(GpudealError):
    """The reader went away (`| head -1`): not an error worth a message."""

    exit_status = ExitStatus.BROKEN_PIPE

    def lines(self) -> list[str]:
        return []


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived. A BaseException, like KeyboardInterrupt: no
    `except Exception` stops it on its way out, and every `finally` on the way
    (a temporary export file) runs; `main` then dies of the same signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class DiffTrouble(GpudealError):
    """A file `diff` cannot compare. As with diff(1), trouble is 2, since 1 means "different"."""

    exit_status = ExitStatus.USAGE

    def __init__(self, cause: GpudealError) -> None:
        super().__init__(str(cause))
        self.cause = cause

    def lines(self) -> list[str]:
        return self.cause.lines()
