"""The HTML memo in a real browser (Debian's chromium, driven by selenium): it loads with no
console error, asks the network for nothing, and fits a phone's width."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from dmnlaw.cases import read_case
from dmnlaw.memo.render import render
from memo_support import CASES, HAS_LEGAL_MODEL, mini_case, runs

webdriver = pytest.importorskip("selenium.webdriver")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromium-driver are not installed (make setup installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path: selenium must not go looking for (or downloading) one.
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def memo_pages(tmp: Path, mini) -> list[Path]:
    pages = []
    for name in ("platform_refused", "hostile"):
        case = mini_case(name)
        path = tmp / f"{name}.html"
        path.write_bytes(render(mini, case, runs(mini, case), "html", "zh"))
        pages.append(path)
    if HAS_LEGAL_MODEL:
        from dmnlaw.api import load

        legal = load()
        case = read_case(CASES[0])
        path = tmp / "legal.html"
        path.write_bytes(render(legal, case, runs(legal, case), "html", "en"))
        pages.append(path)
    return pages


def requests_made(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_loads_cleanly_and_asks_for_nothing(browser, mini, tmp_path):
    for page in memo_pages(tmp_path, mini):
        browser.get_log("performance")                       # start from a clean log
        browser.get_log("browser")
        browser.set_window_size(1280, 900)
        browser.get(page.as_uri())
        assert browser.execute_script("return document.readyState") == "complete"
        errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == [], errors
        assert set(requests_made(browser)) <= {page.as_uri()}, page
        # the hostile title is text: nothing ran, the DOM holds no script
        assert browser.execute_script("return document.scripts.length") == 0
        assert browser.execute_script("return window.__pwned === undefined")
        if page.stem == "hostile":
            assert "<script>alert(1)</script>" in browser.title


def test_fits_a_phone(browser, mini, tmp_path):
    page = memo_pages(tmp_path, mini)[-1]
    browser.set_window_size(390, 844)
    browser.get(page.as_uri())
    width = browser.execute_script("return window.innerWidth")
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= width + 1, (scroll, width)          # wide tables scroll inside their box
    out = os.environ.get("DMNLAW_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(out) / "memo-phone.png"))


def test_a_long_title_and_reference_wrap_on_a_phone(browser, mini, tmp_path):
    from dmnlaw.cases import Case

    base = mini_case("platform_refused")
    long = "https://example.com/" + "abcdefghij" * 20
    case = Case(base.path, f"案涉网址 {long}", dict(base.facts), reference=long)
    page = tmp_path / "long.html"
    page.write_bytes(render(mini, case, runs(mini, case), "html", "zh"))
    browser.set_window_size(390, 844)
    browser.get(page.as_uri())
    width = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width + 1
