"""Pipes are files too: process substitution, named pipes and `/dev/stdin`
are read as streams (as diff(1) reads them), up to the same 64 MiB limit;
directories are still refused; two inputs cannot both read standard input."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

from tests.conftest import ARTICLE, SHIPPED, Run, clean_env, needs_article


def bash(gpudeal_bin: str, script: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `script` in a real bash, with `$G` the installed gpudeal and `$F` the shipped facts."""
    env = clean_env(G=gpudeal_bin, F=str(SHIPPED), A=str(ARTICLE))
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, cwd=cwd, env=env, input=stdin, timeout=60
    )


def test_diff_against_process_substitution(gpudeal_bin: str, tmp_path: Path) -> None:
    result = bash(gpudeal_bin, '"$G" diff "$F" <(sed "s/gpus: 60000/gpus: 65000/" "$F") --json', tmp_path)
    assert result.returncode == 1, result.stderr  # differences
    assert '"path": "partners[naver-cloud].gpus"' in result.stdout
    same = bash(gpudeal_bin, '"$G" diff <(cat "$F") <(cat "$F")', tmp_path)
    assert (same.returncode, same.stdout) == (0, "no differences\n"), same.stderr


def test_facts_from_process_substitution_and_dev_stdin(gpudeal_bin: str, tmp_path: Path) -> None:
    direct = bash(gpudeal_bin, '"$G" partners --json', tmp_path).stdout
    assert bash(gpudeal_bin, '"$G" partners --json --facts <(cat "$F")', tmp_path).stdout == direct
    piped = bash(gpudeal_bin, 'cat "$F" | "$G" partners --json --facts /dev/stdin', tmp_path)
    assert piped.stdout == direct, piped.stderr
    redirected = bash(gpudeal_bin, '"$G" partners --json --facts /dev/stdin < "$F"', tmp_path)
    assert redirected.stdout == direct, redirected.stderr


@needs_article
def test_verify_a_source_from_process_substitution(gpudeal_bin: str, tmp_path: Path) -> None:
    result = bash(gpudeal_bin, '"$G" verify <(cat "$A") -f csv --fields verdict', tmp_path)
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()[1:]) == {"ok"}


def test_a_named_pipe_waits_for_its_writer(gpudeal_bin: str, tmp_path: Path) -> None:
    """The reader opens first; the writer comes later and writes slowly: all of it is read."""
    fifo = tmp_path / "facts.yaml"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [gpudeal_bin, "partners", "--json", "--facts", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    data = SHIPPED.read_bytes()

    def write() -> None:
        with open(fifo, "wb") as pipe:
            pipe.write(data[:100])
            pipe.flush()
            threading.Event().wait(0.3)
            pipe.write(data[100:])

    writer = threading.Thread(target=write)
    writer.start()
    out, err = process.communicate(timeout=60)
    writer.join()
    assert process.returncode == 0, err
    assert b'"name": "Samsung"' in out


def test_the_size_limit_holds_for_streams(gpudeal_bin: str, tmp_path: Path) -> None:
    result = bash(gpudeal_bin, '"$G" partners --facts /dev/zero', tmp_path)
    assert result.returncode == 1 and "larger than the 64 MiB limit" in result.stderr
    huge = bash(gpudeal_bin, '"$G" partners --facts <(head -c 70000000 /dev/zero | tr "\\0" " ")', tmp_path)
    assert huge.returncode == 1 and "larger than the 64 MiB limit" in huge.stderr


def test_directories_are_still_refused(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("partners", "--facts", str(tmp_path))
    assert result.returncode == 1 and "is a directory" in result.stderr
    assert gpudeal("diff", str(tmp_path), str(SHIPPED)).returncode == 2


def test_both_inputs_on_standard_input_is_a_usage_error(gpudeal_bin: str, gpudeal: Run, tmp_path: Path) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    for args in (("verify", "-", "--facts", "-"), ("--facts", "-", "verify", "-"), ("diff", "-", "-")):
        result = gpudeal(*args, input=text)
        assert result.returncode == 2, (args, result.stderr)
        assert "standard input" in result.stderr and result.stdout == ""
    verify = gpudeal("verify", "-", "--facts", "-", input=text)
    assert "SOURCE and --facts both read standard input" in verify.stderr
    aliased = bash(gpudeal_bin, 'cat "$F" | "$G" diff - /dev/stdin', tmp_path)
    assert aliased.returncode == 2 and "standard input" in aliased.stderr
    aliased = bash(gpudeal_bin, 'cat "$F" | "$G" verify /dev/stdin --facts -', tmp_path)
    assert aliased.returncode == 2 and "both read standard input" in aliased.stderr
