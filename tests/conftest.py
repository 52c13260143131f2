"""Shared test plumbing: the installed console script, run for real."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

# Property tests: a bounded run by default, so the suite stays fast; a long one on
# demand with `pytest --hypothesis-profile=thorough`.
settings.register_profile("default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("default"), max_examples=2_000)


def pytest_configure(config: pytest.Config) -> None:
    """Load the chosen profile once ours are registered, whichever of this file
    and hypothesis's plugin pytest configures first."""
    config.addinivalue_line("markers", "needs_article: reads the source article (see ARTICLE)")
    settings.load_profile(config.getoption("--hypothesis-profile", None) or "default")


ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "facts.yaml"
# The article the facts come from is not in the repository: beside the checkout,
# or wherever $GPUDEAL_ARTICLE says. Tests marked `needs_article` skip without it,
# with one line in the summary, except under CI (CI=true), where its absence fails them.
ARTICLE = Path(os.environ.get("GPUDEAL_ARTICLE") or ROOT.parent / "shared" / "source" / "000_79a6f3813e1da244.txt")
NO_ARTICLE = f"the article is not at {ARTICLE}; set GPUDEAL_ARTICLE to its path to run these tests"
needs_article = pytest.mark.needs_article


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("needs_article") and not ARTICLE.is_file():
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"{NO_ARTICLE} (under CI this is a failure, not a skip)")
        pytest.skip(NO_ARTICLE)  # -ra groups these into one summary line with the reason


def installed_script() -> str:
    """The `gpudeal` console script of the interpreter running the tests."""
    beside = Path(sys.executable).with_name("gpudeal")
    found = str(beside) if beside.exists() else shutil.which("gpudeal")
    if not found:
        pytest.fail("the gpudeal console script is not installed: pip install -e '.[test]'")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment minus everything that steers gpudeal's output."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "GPUDEAL_FACTS", "GPUDEAL_DEBUG", "PYTHONUNBUFFERED", "TERM"}
    }
    env.update(extra)
    return env


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def gpudeal_bin() -> str:
    return installed_script()


def run_in_process(
    args: list[str], environ: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command through `cli.main(argv, env)`, in this process, with the
    shape of a finished process (returncode, stdout, stderr)."""
    from gpu_cli import cli
    from gpu_cli.environment import Environment

    chosen = environ if environ is not None else clean_env()
    steer_python = sorted(k for k in set(chosen) - set(os.environ) if k.startswith("PYTHON"))
    assert not steer_python, f"{steer_python} steer the interpreter: this test needs gpudeal_process"
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    environment = Environment(stdout=stdout, stderr=stderr, stdin=stdin, environ=chosen, stdout_isatty=False)
    status = cli.main(list(args), environment)
    return subprocess.CompletedProcess(["gpudeal", *args], status, stdout.getvalue(), stderr.getvalue())


def invoke(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real main in this process, from the test's folder, with `env` on top of a clean environment."""
    return run_in_process(list(args), clean_env(**env))


@pytest.fixture
def gpudeal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the real command in-process, from an empty folder, as a user would.
    For what needs a process (the console script, descriptors, signals, pipes,
    a terminal) use `gpudeal_process`."""

    def run(
        *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(tmp_path)
        return run_in_process(list(args), env, input)

    return run


@pytest.fixture
def gpudeal_process(gpudeal_bin: str, tmp_path: Path) -> Run:
    """Run the installed console script as a process, from an empty folder."""

    def run(
        *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [gpudeal_bin, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env if env is not None else clean_env(),
            cwd=tmp_path,
            input=input,
            timeout=timeout,
        )

    return run


@pytest.fixture(scope="session")
def jq() -> str:
    found = shutil.which("jq")
    if not found:
        pytest.fail("jq is required by the end-to-end tests: apt-get install jq (.ci/run does it)")
    return found


@pytest.fixture
def facts_text() -> str:
    return SHIPPED.read_text(encoding="utf-8")


@pytest.fixture
def write_facts(tmp_path: Path) -> Callable[[str | bytes], Path]:
    """Write a facts file to disk and hand back its path."""

    def write(content: str | bytes, name: str = "facts.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def many_partners(text: str, count: int) -> str:
    """The shipped facts with `count` partners, each like the shipped ones."""
    data = yaml.safe_load(text)
    template = data["partners"]
    partners = []
    for index in range(count):
        partner = dict(template[index % len(template)], id=f"partner-{index}", name=f"Partner {index}", relations=[])
        partners.append(partner)
    data["partners"] = partners
    data["deal"].pop("collaborators", None)  # it names the shipped ids, which are renamed here
    data.pop("reports", None)  # so do the other sources' reports
    return yaml.dump(data, Dumper=NoAliases, allow_unicode=True, sort_keys=False)


class NoAliases(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """gpudeal refuses aliases; shared lists must be written out in full.
    libyaml's emitter when built: the same text, four times faster on big files."""

    def ignore_aliases(self, data: object) -> bool:
        return True


@pytest.fixture(scope="session")
def big_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.yaml"
    path.write_text(many_partners(SHIPPED.read_text(encoding="utf-8"), 3000), encoding="utf-8")
    return path


def run_on_tty(
    gpudeal_bin: str,
    *args: str,
    env: dict[str, str] | None = None,
    columns: int = 0,
    rows: int = 24,
    status: int = 0,
) -> bytes:
    """Run with stdout on a real pseudo-terminal (`columns` wide, if given);
    return what the terminal got, after the exit `status` expected."""
    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [gpudeal_bin, *args], stdout=slave, stderr=subprocess.PIPE, env=env or clean_env(COLUMNS="200")
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(master)
    assert process.returncode == status, process.stderr.read() if process.stderr else ""
    return b"".join(chunks)
