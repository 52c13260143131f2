"""`--export FILE` writes what the user set up, not over it, and leaves nothing
behind: links are written through at their target, a file keeps its mode,
FIFOs and devices are written as streams, and no temporary file survives an
error, Ctrl-C or SIGTERM (real signals, sent by the process to itself at the
moment the export is renamed into place, from a test hook loaded with
`sitecustomize`: deterministic, and no hook in gpudeal itself)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import Run, clean_env

HOOK = """
import os, signal
_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if str(src).endswith(".tmp"):
        with open(os.environ["HOOK_LOG"], "a") as log:
            log.write(f"{src}\\n")
        os.kill(os.getpid(), getattr(signal, os.environ["HOOK_SIGNAL"]))
    return _replace(src, dst, *args, **kwargs)
os.replace = replace
"""


@pytest.fixture
def signalled(gpudeal_bin: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run gpudeal in `tmp_path/out` with a signal sent just before the export is renamed."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    def run(name: str, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
        log = tmp_path / "hook.log"
        env = clean_env(PYTHONPATH=str(hooks), HOOK_SIGNAL=name, HOOK_LOG=str(log))
        result = subprocess.run([gpudeal_bin, *args], capture_output=True, text=True, cwd=out, env=env, timeout=60)
        return result, log.read_text(encoding="utf-8").split() if log.exists() else []

    return run, out


@pytest.mark.parametrize(
    ("name", "status"), [("SIGTERM", -signal.SIGTERM), ("SIGINT", 130), ("SIGHUP", -signal.SIGHUP)]
)
def test_a_signal_during_the_export_leaves_nothing_behind(signalled, name: str, status: int) -> None:  # type: ignore[no-untyped-def]
    run, out = signalled
    (out / "big.svg").write_text("previous", encoding="utf-8")
    result, temps = run(name, "partners", "--chart", "--export", "big.svg")
    assert temps and Path(temps[0]).parent == out  # the hook fired, with the temporary file in place
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["big.svg"]  # no .big.svg.XXXX.tmp
    assert (out / "big.svg").read_text(encoding="utf-8") == "previous"  # the old file untouched


def test_sigterm_reads_143_in_a_shell(signalled, gpudeal_bin: str) -> None:  # type: ignore[no-untyped-def]
    _, out = signalled
    hooks = out.parent / "hooks"
    result = subprocess.run(
        ["bash", "-c", f'"{gpudeal_bin}" rank --export r.txt; echo "status $?"'],
        capture_output=True, text=True, cwd=out, timeout=60,
        env=clean_env(PYTHONPATH=str(hooks), HOOK_SIGNAL="SIGTERM", HOOK_LOG=str(out.parent / "log")),
    )  # fmt: skip
    assert result.stdout.strip().endswith("status 143")
    assert list(out.iterdir()) == []


def test_a_symlink_is_written_through_and_kept(gpudeal: Run, tmp_path: Path) -> None:
    target = tmp_path / "real" / "target.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(Path("real") / "target.txt")  # relative to the link's folder
    result = gpudeal("rank", "--export", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "real/target.txt"
    assert "South Korea" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["target.txt"]  # no temporary file there


def test_a_dangling_link_and_a_chain_are_followed(gpudeal: Run, tmp_path: Path) -> None:
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "made.txt")
    assert gpudeal("rank", "--export", str(dangling)).returncode == 0
    assert dangling.is_symlink() and "South Korea" in (tmp_path / "made.txt").read_text(encoding="utf-8")
    end = tmp_path / "end.html"
    end.write_text("old", encoding="utf-8")
    (tmp_path / "middle.html").symlink_to(end)
    (tmp_path / "start.html").symlink_to(tmp_path / "middle.html")
    assert gpudeal("partners", "--export", str(tmp_path / "start.html")).returncode == 0
    assert (tmp_path / "start.html").is_symlink() and (tmp_path / "middle.html").is_symlink()
    assert "<html" in end.read_text(encoding="utf-8")


def test_a_file_keeps_its_mode_and_a_new_one_follows_the_umask(gpudeal: Run, tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o600)
    assert gpudeal("rank", "--export", str(kept)).returncode == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and "South Korea" in kept.read_text(encoding="utf-8")
    new = tmp_path / "new.txt"
    old_mask = os.umask(0o027)
    try:
        assert gpudeal("rank", "--export", str(new)).returncode == 0
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640


def test_a_fifo_is_written_as_a_stream(gpudeal: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "chart.txt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = gpudeal("rank", "--export", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO the user made
    assert b"South Korea" in got[0]
    assert [p.name for p in tmp_path.iterdir()] == ["chart.txt"]


def test_a_link_to_dev_stdout_writes_to_the_pipe(gpudeal_bin: str, tmp_path: Path) -> None:
    """`/dev/stdout` is a link to `/proc/self/fd/1`, a link to a pipe: written as a stream."""
    (tmp_path / "out.txt").symlink_to("/dev/stdout")
    script = f'"{gpudeal_bin}" rank --export out.txt | grep -c "^ *3  South Korea"'  # its row, not its note
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=tmp_path, env=clean_env())
    assert result.stdout.strip() == "2", result.stderr  # the table, then the export, down the same pipe
    assert (tmp_path / "out.txt").is_symlink() and sorted(os.listdir(tmp_path)) == ["out.txt"]


def test_a_directory_is_refused(gpudeal: Run, tmp_path: Path) -> None:
    folder = tmp_path / "taken.svg"
    folder.mkdir()
    (tmp_path / "to-folder.svg").symlink_to(folder)
    result = gpudeal("partners", "--export", str(tmp_path / "to-folder.svg"))
    assert result.returncode == 1 and "is a directory" in result.stderr
    assert folder.is_dir() and (tmp_path / "to-folder.svg").is_symlink()
