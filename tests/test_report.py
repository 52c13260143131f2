"""gpudeal report: the page opened in the system's real headless chromium
(Selenium with /usr/bin/chromedriver; nothing is downloaded), one browser
session for every page check. Screenshots are kept under pytest's tmp dir."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ARTICLE, SHIPPED, Run, clean_env, installed_script

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
HOSTILE = "<script>alert(1)</script>"
# One browser a worker for the module's page checks (module-scoped fixtures).
pytestmark = pytest.mark.needs_article


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped facts' report, and one whose facts carry a hostile name and a fact that fails verify."""
    folder = tmp_path_factory.mktemp("report")
    hostile = folder / "hostile.yaml"
    text = SHIPPED.read_text(encoding="utf-8").replace("name: Samsung", f"name: '{HOSTILE}'")
    hostile.write_text(text.replace("gpus: 60000", "gpus: 65000"), encoding="utf-8")
    made, running = {}, []
    for name, extra in (("deal", []), ("hostile", ["--facts", str(hostile)])):  # both at once
        made[name] = path = folder / f"{name}.html"
        command = [installed_script(), "report", str(path), "--source", str(ARTICLE), *extra]
        running.append((path, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                               env=clean_env())))  # fmt: skip
    for path, process in running:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert (out, err) == ("", f"gpudeal: wrote {path}\n")
    return made


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
        pytest.fail("the report tests need chromium and chromium-driver: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)  # fmt: skip
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, path: Path, width: int = 1280) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    )
    browser.get(path.as_uri())
    browser.get_log("browser")
    browser.get_log("performance")  # from here on: this page's own
    browser.refresh()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report-screenshots")


def test_no_console_error_and_no_network_request(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["deal"])
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested and all(url.startswith(("file://", "data:")) for url in requested), requested
    assert browser.execute_script("return document.documentElement.lang") == "en"
    assert browser.execute_script("return document.querySelector('#article .article').lang") == "fr"


def test_every_excerpt_is_highlighted_and_linked_both_ways(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["deal"])
    rows = browser.execute_script("""
        return [...document.querySelectorAll('#facts tbody tr')].map(row => {
            const link = row.querySelector('td[data-label=Excerpt] a');
            const target = link && document.getElementById(link.hash.slice(1));
            return {id: row.id, linked: !!link, mark: target ? target.tagName : null,
                    back: target ? [...target.nextElementSibling.querySelectorAll('a')].some(a => a.hash === '#' + row.id) : false};
        });""")
    assert len(rows) == 24  # every fact with an excerpt (verify's 24 rows)
    assert all(row["linked"] and row["mark"] == "MARK" and row["back"] for row in rows), rows
    marks = browser.execute_script("return document.querySelectorAll('mark').length")
    assert 20 <= marks <= 24  # excerpts that overlap share a passage
    counts = browser.execute_script(
        "return [...document.querySelectorAll('#partners td.num a')].map(a => document.getElementById(a.hash.slice(1)).tagName)"
    )
    assert counts == ["MARK"] * 7  # every partner's number jumps to its passage


def test_every_link_lands_on_its_target_and_is_reachable(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["deal"])
    missed = browser.execute_script("""
        const missed = [];
        for (const a of document.querySelectorAll('a[href]')) {
            const id = a.getAttribute('href').slice(1);
            if (!a.getAttribute('href').startsWith('#') || a.tabIndex < 0) { missed.push(a.href); continue; }
            a.click();
            const target = document.querySelector(':target');
            if (!target || target.id !== id || location.hash !== '#' + id) missed.push(a.getAttribute('href'));
        }
        return [missed, document.querySelectorAll('a[href]').length];""")
    assert missed[0] == [] and missed[1] > 50


@pytest.mark.parametrize("width", [390, 641, 1280])  # 641: the narrowest width with tables as tables
def test_no_horizontal_scroll(browser: Any, pages: dict[str, Path], screenshots: Path, width: int) -> None:
    for name, path in pages.items():
        open_page(browser, path, width)
        sizes = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth]"
        )
        assert sizes[0] <= sizes[1] and sizes[2] == width, (name, sizes)  # clientWidth: less the scroll bar
        shot = screenshots / f"{name}-{width}.png"
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000


# Every word of the page's text (outside the charts) whose letters lie on more than one line box.
SPLIT_WORDS = """
    const split = [], seen = new Set();
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT,
        {acceptNode: n => n.parentElement.closest('svg') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\\p{L}+/gu)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (lines.size > 1) split.push(m[0]);
            if (range.getClientRects().length) seen.add(m[0]);
        }
    }
    return [split, [...seen]];"""


@pytest.mark.parametrize(("width", "media"), [(1280, "screen"), (718, "print"), (390, "screen")])
def test_no_word_breaks_inside(browser: Any, pages: dict[str, Path], width: int, media: str) -> None:
    open_page(browser, pages["deal"], width)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})  # 718 px: an A4 page's text width
    try:
        split, seen = browser.execute_script(SPLIT_WORDS)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert {"undetermined", "conflict", "Jensen", "Huang", "Verdict", "Rank", "Verify", "exactly"} <= set(seen)
    assert split == [], (width, media, split)


def test_qualifiers_read_as_words(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["deal"])
    shown = browser.execute_script(
        "return [...document.querySelectorAll('#facts td[data-label=Qualifier]')].map(td => td.textContent)"
    )
    assert {"more than", "at most", "about", "exactly"} <= set(shown) <= {
        "", "exactly", "more than", "at least", "less than", "at most", "about"
    }  # fmt: skip
    notes = browser.execute_script("return [...document.querySelectorAll('#article .note')].map(n => n.textContent)")
    assert any(", more than" in note for note in notes)
    assert not any(enum in note for note in notes for enum in ("more_than", "at_least", "less_than", "at_most"))


@pytest.mark.parametrize("width", [390, 700, 1280])
def test_charts_text_is_readable_at_any_width(browser: Any, pages: dict[str, Path], width: int) -> None:
    open_page(browser, pages["deal"], width)
    shown = browser.execute_script("""
        return [...document.querySelectorAll('figure')].map(figure => {
            const drawn = [...figure.querySelectorAll('svg')].filter(svg => getComputedStyle(svg).display !== 'none');
            const texts = drawn.flatMap(svg => [...svg.querySelectorAll('text')]).map(t => t.getBoundingClientRect());
            return {charts: drawn.length, lowest: Math.min(...texts.map(r => r.height)),
                    right: Math.max(...texts.map(r => r.right)), page: document.documentElement.clientWidth};
        });""")
    assert len(shown) == 2, shown
    for chart in shown:
        assert chart["charts"] == 1 and chart["lowest"] >= 9, (width, chart)  # one drawing, its text ≥ 9 px tall
        assert chart["right"] <= chart["page"], (width, chart)  # and all of it in the window


def test_an_exported_html_table_fits_the_window(browser: Any, tmp_path: Path) -> None:
    """`summary --export x.html` (rich's page of a 160-column table): its <pre> scrolls, not the page."""
    page = tmp_path / "summary.html"
    done = subprocess.run([installed_script(), "summary", "--export", str(page)], capture_output=True, text=True,
                          env=clean_env(), timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    open_page(browser, page)
    sizes = browser.execute_script(
        "const pre = document.querySelector('pre');"
        "return [document.scrollingElement.scrollWidth, innerWidth, pre.scrollWidth, pre.clientWidth]"
    )
    assert sizes[0] <= sizes[1] and sizes[2] > sizes[3], sizes  # the table is wider than the window, the page is not
    assert browser.execute_script("return [document.title, document.documentElement.lang]") == ["gpudeal summary", "en"]


def test_a_hostile_name_stays_text_and_failing_facts_are_marked(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["hostile"])
    assert browser.execute_script("return document.scripts.length") == 0
    names = browser.execute_script(
        "return [...document.querySelectorAll('#partners td[data-label=Name]')].map(td => td.textContent)"
    )
    assert HOSTILE in names
    alert = browser.execute_script("return document.querySelector('[role=alert]').textContent")
    assert "fail verify" in alert and "partners[naver-cloud].gpus" in alert
    row = browser.execute_script("return document.getElementById('fact-partners-naver-cloud-gpus').textContent")
    assert "fail" in row and "does not state 65,000" in row
    assert browser.execute_script("return document.querySelectorAll('mark.failed').length") >= 1


def test_the_page_is_self_contained_with_print_css(pages: dict[str, Path]) -> None:
    page = pages["deal"].read_text(encoding="utf-8")
    assert "@media print" in page and page.count("<svg") == 4  # two charts, each drawn wide and narrow
    assert "<link" not in page and "src=" not in page and "@import" not in page and "url(http" not in page


def test_the_page_names_the_article_by_its_file_name_only(pages: dict[str, Path]) -> None:
    for name in ("deal", "hostile"):  # the hostile page has the verify-failure banner
        page = pages[name].read_text(encoding="utf-8")
        assert f"{ARTICLE.name}, with each fact" in page and str(ARTICLE.parent) not in page
    assert f"fail verify against {ARTICLE.name}:" in pages["hostile"].read_text(encoding="utf-8")


def test_report_to_stdout_and_its_errors(gpudeal: Run, tmp_path: Path) -> None:
    result = gpudeal("report", "-", "--locale", "fr")
    assert result.returncode == 0 and result.stdout.startswith("<!DOCTYPE html>") and result.stderr == ""
    assert "&gt; 50\u202f000" in result.stdout and "10 milliards de dollars" in result.stdout
    assert "no source text given" in result.stdout.lower()
    for args, status, message in (
        (("report", "deal"), 2, "gpudeal: error: gpudeal report needs a file ending in .html, .htm, got 'deal'"),
        (("report", "d.html", "--source", "missing.txt"), 1, "gpudeal: cannot read the source missing.txt"),
        (("report", "nowhere/d.html"), 1, "gpudeal: cannot write nowhere/d.html: No such file or directory"),
    ):
        result = gpudeal(*args)
        assert (result.returncode, result.stdout) == (status, ""), result
        assert result.stderr.startswith(message), result.stderr
    (tmp_path / "dir.html").mkdir()
    result = gpudeal("report", "dir.html")
    assert result.returncode == 1 and result.stderr == "gpudeal: cannot write dir.html: is a directory\n"


def test_report_refuses_what_verify_refuses_as_its_source(gpudeal: Run, tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pj.json").write_text(gpudeal("partners", "--json").stdout, encoding="utf-8")
    for source, why in (
        ("facts.yaml", "it is the facts file itself, not the article they come from"),
        ("pj.json", "it is gpudeal's own output, not the article the facts come from (partners)"),
    ):
        verified, reported = gpudeal("verify", source), gpudeal("report", "y.html", "--source", source)
        # verify's 2 is "could not answer"; for report, as for any other command, unusable input is 1
        assert (verified.returncode, reported.returncode, reported.stdout) == (2, 1, ""), reported
        assert reported.stderr == verified.stderr
        assert reported.stderr.startswith(f"gpudeal: cannot read the source {source}: {why}")
    assert not (tmp_path / "y.html").exists()


def test_report_overwrites_only_its_own_page_unless_replace(gpudeal: Run, tmp_path: Path) -> None:
    mine = tmp_path / "index.html"
    mine.write_text("<html>my own page</html>\n", encoding="utf-8")
    result = gpudeal("report", "index.html")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "gpudeal: cannot write index.html: it exists and is not a page gpudeal wrote; use --replace to overwrite it\n"
    )
    assert mine.read_text(encoding="utf-8") == "<html>my own page</html>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]  # nothing left behind
    assert gpudeal("report", "index.html", "--replace").returncode == 0
    assert '<meta name="generator" content="gpudeal">' in mine.read_text(encoding="utf-8")
    result = gpudeal("report", "index.html", "--locale", "fr")  # its own page: rewritten without --replace
    assert (result.returncode, result.stderr) == (0, "gpudeal: wrote index.html\n")
    assert "10 milliards de dollars" in mine.read_text(encoding="utf-8")
    result = gpudeal("report", "-", "--replace")
    assert (result.returncode, result.stdout) == (2, "") and "--replace needs a FILE" in result.stderr
