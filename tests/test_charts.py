"""Terminal bar charts: fixed widths, linear and log scales, the terminal's width."""

from __future__ import annotations

import io

from gpu_cli.environment import Environment
from gpu_cli.loader import load_facts
from gpu_cli.queries import RANK_FIELDS, partner_records, rank_records
from gpu_cli.render.views import listing
from tests.conftest import SHIPPED, Run

FIXED = Environment(stdout=io.StringIO(), environ={"COLUMNS": "60"}, stdout_isatty=False)


def test_partner_chart_at_fixed_width() -> None:
    facts = load_facts(SHIPPED)
    env = Environment(stdout=io.StringIO(), environ={"COLUMNS": "70"}, stdout_isatty=False)
    out = "".join(listing(env, partner_records(facts), "table", fields=None, all_fields=(), columns=(), chart="name", title="GPUs per partner"))  # fmt: skip
    assert (
        out
        == (
            "GPUs per partner\n"
            # 70 columns - 27 (label) - 10 (value) - 2 gaps = 31 cells; 50,000 / 60,000 × 31 = 25.8
            "Ministry of Science and ICT " + "█" * 25 + "▊      > 50,000\n"
            "Samsung                     " + "█" * 25 + "▊      > 50,000\n"
            "SK Group                                                    not stated\n"  # a derived share is no bar
            "Hyundai Motor Group         " + "█" * 25 + "▊      50,000\n"
            "Naver Cloud                 " + "█" * 31 + " 60,000\n"
            "Kakao                                                       not stated\n"
            "NHN Cloud                                                   not stated\n"
        )
    )


def test_rank_chart_linear_and_log() -> None:
    records = rank_records(load_facts(SHIPPED))
    linear = "".join(listing(FIXED, records, "table", fields=None, all_fields=RANK_FIELDS, columns=(), chart="country"))
    log = "".join(
        listing(FIXED, records, "table", fields=None, all_fields=RANK_FIELDS, columns=(), chart="country", log=True)
    )
    assert linear.splitlines() == [
        "United States ██████████████████████████████████ ≈20,000,000",
        "China                                            not stated",
        "South Korea   ▌                                  300,000",
    ]
    # log10(300,001) / log10(20,000,001) × 34 cells = 25.5
    assert log.splitlines()[2] == "South Korea   █████████████████████████▌         300,000"


def test_chart_scales_to_terminal_width(gpudeal: Run) -> None:
    from tests.conftest import clean_env

    for width in (50, 120):
        out = gpudeal("rank", "--chart", env=clean_env(COLUMNS=str(width))).stdout
        assert max(len(line) for line in out.splitlines()) == width
