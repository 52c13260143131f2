"""`gpudeal verify` on long articles that lack every excerpt (issue 20, item 5).

The article's own words, shuffled (seeded) into lines of 14, up to 10 KB,
100 KB and 1 MB: the same vocabulary, so every excerpt's words are there but
no excerpt is, and each fact needs the search for its closest passage. Each
size is timed (median wall time of the installed `gpudeal`, alternating with
the reference: `verify` on the real article, in the same session), and the
1 MB case is held to its target.

    python benchmarks/verify_large.py            # about half a minute
    python benchmarks/verify_large.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "source" / "000_79a6f3813e1da244.txt"
SIZES = (10_000, 100_000, 1_000_000)
TARGET_SECONDS = 2.0  # the 1 MB case


def shuffled_article(size: int, seed: int = 20) -> str:
    """About `size` bytes of the article's words in a seeded random order."""
    words = ARTICLE.read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(words) for _ in range(14)) + "\n"
        lines.append(line)
        total += len(line.encode("utf-8"))
    return "".join(lines)


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    gpudeal = str(Path(sys.executable).with_name("gpudeal"))
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load:.2f}, {runs} runs")
    print(f"{'article':>10} {'median':>9} {'reference':>10} {'ratio':>7}")
    met = True
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"article-{size}.txt"
            path.write_text(shuffled_article(size), encoding="utf-8")
            case, reference = [], []
            for _ in range(runs):
                case.append(wall([gpudeal, "verify", str(path)]))
                reference.append(wall([gpudeal, "verify", str(ARTICLE)]))
            median, floor = statistics.median(case), statistics.median(reference)
            print(f"{size / 1e6:>8.2f}MB {median:>8.3f}s {floor:>9.3f}s {median / floor:>7.2f}")
            if size == SIZES[-1]:
                met = median < TARGET_SECONDS
                print(f"\n1 MB article, no excerpt in it: verify < {TARGET_SECONDS:g} s  {median:.2f}s  "
                      f"{'met' if met else 'NOT met'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
