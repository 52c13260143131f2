"""Start-up and scaling benchmark for gpudeal.

Every case is timed as a ratio against a baseline measured in the same run,
alternating case and baseline, because these machines are shared and noisy.
The floor is a bare Typer app with two commands (one prints `[]`), run by the
same interpreter. Nothing here is cached on disk between runs; the script
writes only into a temporary folder it removes.

    python benchmarks/bench.py            # all targets, about a minute
    python benchmarks/bench.py --runs 31  # steadier medians
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import many_partners  # noqa: E402  (the same generator the tests use)

FLOOR_APP = """
import typer

app = typer.Typer()


@app.command()
def partners() -> None:
    print("[]")


@app.command()
def rank() -> None:
    print("[]")


app()
"""


def gpudeal_command() -> list[str]:
    script = Path(sys.executable).with_name("gpudeal")
    if not script.exists():
        sys.exit("bench: install gpudeal into this interpreter's environment first (pip install .)")
    return [str(script)]


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd, check=False)
    return time.perf_counter() - started


def paired(
    case: list[str], base: list[str], runs: int, env: dict[str, str], cwd: Path, case_env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Median wall time of case and baseline, run alternately after one warm-up each."""
    case_env = case_env or env
    timed(case, case_env, cwd), timed(base, env, cwd)
    case_times, base_times = [], []
    for _ in range(runs):
        case_times.append(timed(case, case_env, cwd))
        base_times.append(timed(base, env, cwd))
    return statistics.median(case_times), statistics.median(base_times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="timed runs per case (default 21)")
    parser.add_argument("--scale-runs", type=int, default=5, help="timed runs per scaling case (default 5)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gpudeal-bench-"))
    try:
        return run(work, args.runs, args.scale_runs)
    finally:
        shutil.rmtree(work)


def run(work: Path, runs: int, scale_runs: int) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("GPUDEAL_FACTS", "NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    floor_py = work / "floor.py"
    floor_py.write_text(FLOOR_APP, encoding="utf-8")
    floor = [sys.executable, str(floor_py), "partners"]
    gpudeal = gpudeal_command()
    shipped = ROOT / "facts.yaml"
    copy = work / "copy.yaml"
    copy.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    completion = {**env, "_GPUDEAL_COMPLETE": "complete_bash", "COMP_WORDS": "gpudeal pa", "COMP_CWORD": "1"}

    cases = [  # name, argv, limit, extra env
        ("partners --json", [*gpudeal, "partners", "--json"], 1.10, None),
        ("partners (table, piped)", [*gpudeal, "partners"], 1.25, None),
        ("--help", [*gpudeal, "--help"], 1.25, None),
        ("completion (complete_bash)", gpudeal, 1.25, completion),
        ("--facts copy, partners --json", [*gpudeal, "partners", "--json", "--facts", str(copy)], 1.20, None),
        ("--facts copy, partners (table)", [*gpudeal, "partners", "--facts", str(copy)], 1.35, None),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {runs} alternating runs per case\n")
    print(f"{'case':34} {'median':>9} {'floor':>9} {'ratio':>7} {'target':>7}  verdict")
    failures = 0
    for name, argv, limit, case_env in cases:
        case_t, base_t = paired(argv, floor, runs, env, work, case_env)
        ratio = case_t / base_t
        ok = ratio <= limit
        failures += not ok
        verdict = "met" if ok else "MISSED"
        print(f"{name:34} {case_t * 1000:7.1f}ms {base_t * 1000:7.1f}ms {ratio:7.3f} {limit:7.2f}  {verdict}")

    print("\nscaling: --format jsonl over generated facts files (partners like the shipped ones)")
    sizes = {0: shipped}
    for count in (1_000, 10_000):
        path = work / f"facts-{count}.yaml"
        path.write_text(many_partners(shipped.read_text(encoding="utf-8"), count), encoding="utf-8")
        sizes[count] = path
    medians = {}
    for count, path in sizes.items():
        times = [
            timed([*gpudeal, "partners", "-f", "jsonl", "--facts", str(path)], env, work) for _ in range(scale_runs)
        ]
        medians[count] = statistics.median(times)
        size = path.stat().st_size / 1e6
        print(f"  {count or 'shipped':>7} partners  {size:6.2f} MB  {medians[count]:7.3f}s")
    growth = (medians[10_000] - medians[0]) / max(medians[1_000] - medians[0], 1e-9)
    fast = medians[10_000] < 2.0
    linear = growth <= 13
    failures += (not fast) + (not linear)
    print(f"  10,000 partners to jsonl: {medians[10_000]:.3f}s (target < 2s)  {'met' if fast else 'MISSED'}")
    print(f"  (t10k - t0) / (t1k - t0) = {growth:.2f} (target <= 13)  {'met' if linear else 'MISSED'}")
    started = time.perf_counter()
    table = subprocess.run(
        [*gpudeal, "partners", "--facts", str(sizes[10_000])], capture_output=True, text=True, env=env, cwd=work
    )
    elapsed = time.perf_counter() - started
    last = table.stdout.strip().splitlines()[-1] if table.stdout.strip() else ""
    print(f"  10,000 partners as a table: exit {table.returncode} in {elapsed:.3f}s; last line: {last[:90]}")
    failures += table.returncode != 0
    missed = f"{failures} target{'' if failures == 1 else 's'} missed"
    print(f"\n{'all targets met' if not failures else missed}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
