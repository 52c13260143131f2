"""--locale fr: people's numbers for a French reader; machine formats stay raw."""

from __future__ import annotations

from tests.conftest import Run

NNBSP = "\u202f"  # French groups digits with a narrow no-break space (Babel, CLDR)


def test_tables_and_summary_in_french(gpudeal: Run) -> None:
    partners = gpudeal("partners", "--locale", "fr").stdout
    assert f"> 50{NNBSP}000" in partners and "50,000" not in partners
    summary = gpudeal("summary", "--locale", "fr").stdout
    assert "≤ 10 milliards de dollars" in summary and f"> 260{NNBSP}000" in summary
    check = gpudeal("check", "--locale", "fr", "--fields", "rule,arithmetic").stdout
    assert f"at most 39{NNBSP}999" in check  # the numbers are French, the words stay English
    assert gpudeal("partners", "--locale", "en").stdout == gpudeal("partners").stdout


def test_machine_formats_refuse_a_locale_and_stay_raw(gpudeal: Run) -> None:
    result = gpudeal("partners", "-f", "csv", "--locale", "fr")
    assert result.returncode == 2 and "--locale works with the table view only" in result.stderr
    assert "50000" in gpudeal("partners", "-f", "csv").stdout
