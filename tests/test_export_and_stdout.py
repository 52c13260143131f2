"""An export and stdout are independent outputs: the export is written first,
then stdout; every combination of failures says what happened to each, and
the run fails if either did."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import Run, clean_env


def to_full(gpudeal_bin: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [gpudeal_bin, *args], stdout=full, stderr=subprocess.PIPE, text=True, cwd=cwd, env=clean_env(), timeout=60
        )


def test_a_failing_stdout_still_says_the_export_was_written(gpudeal_bin: str, tmp_path: Path) -> None:
    for command in (("rank",), ("show", "samsung"), ("summary",)):
        result = to_full(gpudeal_bin, tmp_path, *command, "--export", "y.txt")
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [
            "gpudeal: wrote y.txt",
            "gpudeal: cannot write output: No space left on device",
        ]
        assert (tmp_path / "y.txt").stat().st_size > 0
        (tmp_path / "y.txt").unlink()


def test_a_failing_export_still_prints_the_table(gpudeal: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "x.svg"
    for command, status in ((("partners",), 1), (("show", "samsung"), 1), (("check",), 2)):
        result = gpudeal(*command, "--export", str(missing))
        assert result.returncode == status, (command, result.stderr)
        assert result.stdout.strip(), command  # the table is there
        assert result.stderr == f"gpudeal: cannot write {missing}: No such file or directory\n"


def test_both_failing_say_both(gpudeal_bin: str, tmp_path: Path) -> None:
    result = to_full(gpudeal_bin, tmp_path, "rank", "--export", "nonexistent/y.txt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "gpudeal: cannot write nonexistent/y.txt: No such file or directory",
        "gpudeal: cannot write output: No space left on device",
    ]
    assert to_full(gpudeal_bin, tmp_path, "check", "--export", "nonexistent/y.txt").returncode == 2


def test_both_written_say_so_once(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", "--export", str(tmp_path / "p.html"))
    assert result.returncode == 0 and result.stderr == f"gpudeal: wrote {tmp_path / 'p.html'}\n"
