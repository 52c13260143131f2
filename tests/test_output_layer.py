"""Every byte gpudeal writes, in hostile streams: closed, full, non-blocking,
broken, unbuffered, in a C locale. Real descriptors through the installed
command; the many-command cases run in one shell, in parallel, to stay quick."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import time
from pathlib import Path

from gpu_cli.environment import Environment
from gpu_cli.loader import load_facts
from gpu_cli.queries import PARTNER_FIELDS, partner_records
from gpu_cli.render.views import listing
from tests.conftest import Run, clean_env

COMPLETION = "_GPUDEAL_COMPLETE=complete_bash COMP_WORDS='gpudeal pa' COMP_CWORD=1"
COMMANDS = ["partners", "rank --chart", "show samsung", "summary", "check", "schema facts"]
EVERYTHING = {  # name → (environment prefix, arguments)
    "help": ("", "--help"),
    "version": ("", "--version"),
    "completion": (COMPLETION, ""),
    **{command: ("", command) for command in COMMANDS},
    **{f"{command.split()[0]} --help": ("", f"{command.split()[0]} --help") for command in COMMANDS},
}
CLOSED = "gpudeal: cannot write output: standard output is closed\n"
FULL = "gpudeal: cannot write output: No space left on device\n"


def run_batch(gpudeal_bin: str, tmp_path: Path, cases: dict[str, str], at_once: int = 6) -> dict[str, tuple[int, str]]:
    """Run the shell lines (`@GPUDEAL` stands for the command) a few at a time in
    one bash; return each one's exit status and stderr."""
    lines = []
    for index, line in enumerate(cases.values()):
        command = line.replace("@GPUDEAL", shlex.quote(gpudeal_bin))
        lines.append(f"( ( {command} ) 2>{index}.err; echo $? >{index}.rc ) &")
        if index % at_once == at_once - 1:
            lines.append("wait")
    script = "\n".join([*lines, "wait"])
    subprocess.run(["bash", "-c", script], cwd=tmp_path, env=clean_env(), stdout=subprocess.DEVNULL, timeout=120)
    return {
        name: (int((tmp_path / f"{index}.rc").read_text()), (tmp_path / f"{index}.err").read_text(encoding="utf-8"))
        for index, name in enumerate(cases)
    }


def test_every_command_and_help_into_a_closed_and_a_full_stdout(gpudeal_bin: str, tmp_path: Path) -> None:
    """One line on stderr, exit 1, no traceback: data, help, --version, completion alike."""
    cases = {}
    for name, (env, args) in EVERYTHING.items():
        cases[f"closed: {name}"] = f"{env} @GPUDEAL {args} >&-"
        cases[f"full: {name}"] = f"{env} @GPUDEAL {args} >/dev/full"
    results = run_batch(gpudeal_bin, tmp_path, cases)
    expected = {name: (1, CLOSED if name.startswith("closed") else FULL) for name in cases}
    assert results == expected


def test_closed_stderr_keeps_the_exit_status(gpudeal_bin: str, tmp_path: Path) -> None:
    """Nowhere to say what went wrong: nothing crashes, and the status still tells."""
    cases = {
        "data is fine": "@GPUDEAL rank --json 2>&- >rank.json",
        "full stdout": "@GPUDEAL partners 2>&- >/dev/full",
        "full stdout, help": "@GPUDEAL --help 2>&- >/dev/full",
        "both closed": "@GPUDEAL --version 2>&- >&-",
        "bad facts": "@GPUDEAL rank --facts missing.yaml 2>&- >/dev/null",
        "usage error": "@GPUDEAL rank --no-such-option 2>&- >/dev/null",
    }
    statuses = {name: status for name, (status, _) in run_batch(gpudeal_bin, tmp_path, cases).items()}
    assert statuses == {
        "data is fine": 0,
        "full stdout": 1,
        "full stdout, help": 1,
        "both closed": 1,
        "bad facts": 1,
        "usage error": 2,
    }
    assert [row["rank"] for row in json.loads((tmp_path / "rank.json").read_text())] == [1, 2, 3]


def test_reader_gone_is_141_and_quiet(gpudeal_bin: str, tmp_path: Path, big_facts: Path) -> None:
    """EPIPE, for help as for data, before the first byte or midway, buffered or not."""
    big = shlex.quote(str(big_facts))
    cases = {
        "help, reader gone before": "@GPUDEAL --help | true",
        "version, reader gone before": "@GPUDEAL --version | true",
        "completion, reader gone before": f"{COMPLETION} @GPUDEAL | true",
        "listing, head -1": f"@GPUDEAL partners -f jsonl --facts {big} | head -1 >/dev/null",
        "unbuffered, head -1": f"PYTHONUNBUFFERED=1 @GPUDEAL partners -f csv --facts {big} | head -1 >/dev/null",
    }
    results = run_batch(gpudeal_bin, tmp_path, {name: f"set -o pipefail; {line}" for name, line in cases.items()})
    assert results == {name: (141, "") for name in cases}


def test_non_blocking_pipe_with_a_slow_reader_loses_nothing(gpudeal_bin: str, tmp_path: Path, big_facts: Path) -> None:
    """A pipe set O_NONBLOCK (as Node and asyncio parents leave it) fills while the
    reader dawdles: EAGAIN must mean wait, not lose bytes, also unbuffered."""
    env = Environment(environ={}, stdout_isatty=False)
    expected = "".join(
        listing(
            env,
            partner_records(load_facts(big_facts)),
            "jsonl",
            fields=None,
            all_fields=PARTNER_FIELDS,
            columns=(),
        )
    ).encode("utf-8")
    assert len(expected) > 1 << 20  # far more than a pipe holds
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    process = subprocess.Popen(
        [gpudeal_bin, "partners", "-f", "jsonl", "--facts", str(big_facts)],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=clean_env(PYTHONUNBUFFERED="1"),
        cwd=tmp_path,
    )
    os.close(write_end)
    received = bytearray()
    with os.fdopen(read_end, "rb", buffering=0) as reader:
        time.sleep(0.5)  # the pipe is full long before this
        while chunk := reader.read(4096):
            received += chunk
            time.sleep(0.0005)
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (0, b"")
    assert bytes(received) == expected


def test_c_locale_still_writes_utf8(gpudeal_process: Run) -> None:
    """LANG=C without Python's UTF-8 mode, even an ASCII PYTHONIOENCODING: UTF-8
    out (`≈`, box drawing), and a file name typed in UTF-8 comes back as typed."""
    env = clean_env(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONIOENCODING="ascii")
    help_text = gpudeal_process("--help", env=env)
    assert help_text.returncode == 0 and "─" in help_text.stdout
    assert "≈20,000,000" in gpudeal_process("rank", env=env).stdout
    missing = gpudeal_process("rank", "--facts", "≈.yaml", env=env)
    assert (missing.returncode, missing.stderr) == (1, "gpudeal: invalid facts file ≈.yaml: no such file\n")
