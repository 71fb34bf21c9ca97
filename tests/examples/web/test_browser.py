"""The citizen journey in a real headless Chromium, with axe-core in every page.

Debian's ``chromium`` and ``chromium-driver`` run the pages the reference app serves
on 127.0.0.1; selenium drives them through chromedriver (W3C WebDriver), the same
protocol any browser automation speaks, from a pinned package with types. Each page is
saved as a screenshot in ``build/screenshots/<app>/`` and checked with axe-core
(``npm ci`` installs the pinned version of ``package-lock.json``) against WCAG 2.1 A
and AA: no serious or critical violation is allowed (Italian public administration
sites must meet WCAG 2.1 AA).

Without Chromium, its driver or axe-core the test is skipped with a note, unless
``FORMLAVORO_REQUIRE_BROWSER=1`` (CI, ``make`` as root) makes that a failure.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.examples.web.journey import PDF
from tests.examples.web.servers import ROOT, serving

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
APPS = ["examples.web.fastapi_app", "examples.web.django_app"]


def _missing() -> str | None:
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install chromium chromium-driver)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci)"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    missing = _missing()
    if missing is not None:
        if os.environ.get("FORMLAVORO_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(f"browser test skipped: {missing}")
    from selenium import webdriver  # noqa: PLC0415 - only where a browser is installed

    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--lang=it-IT",
    ):
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=str(shutil.which("chromedriver")))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()


class Walk:
    """One walk through the pages: screenshots and axe's findings along the way."""

    def __init__(self, driver: Any, base_url: str, name: str) -> None:
        self.driver = driver
        self.base_url = base_url
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0
        self.violations: list[str] = []
        self.axe = AXE.read_text(encoding="utf-8")

    def check(self, name: str) -> None:
        """Save a screenshot of the page and run axe-core in it."""
        self.count += 1
        self.driver.save_screenshot(str(self.folder / f"{self.count:02d}-{name}.png"))
        assert self.driver.find_element("css selector", "html").get_attribute("lang") == "it"
        self.driver.execute_script(self.axe)
        found = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])))"
            ".catch(e => done([['axe-error', 'critical', String(e)]]));",
            WCAG_21_AA,
        )
        self.violations += [
            f"{name}: {rule} ({impact}, {nodes} element(s))"
            for rule, impact, nodes in found
            if impact in {"serious", "critical"}
        ]

    def open(self, path: str) -> None:
        self.driver.get(self.base_url + path)  # returns once the page has loaded

    def path(self) -> str:
        return str(re.sub(r"^https?://[^/]+", "", self.driver.current_url))

    def act(self, action: Callable[[], None]) -> None:
        """Do ``action``, finding its elements again if the page changed under them.

        Chromium may report an element of a page just replaced as not belonging to the
        document; the action then runs again on the current page (at most three times).
        """
        from selenium.common.exceptions import WebDriverException  # noqa: PLC0415

        for attempt in range(3):
            try:
                action()
            except WebDriverException as exc:
                replaced = "does not belong to the document" in str(exc) or "stale" in str(exc)
                if not replaced or attempt == 2:
                    raise
                time.sleep(0.5)
            else:
                return

    def click(self, element_id: str) -> None:
        self.act(lambda: self.driver.find_element("id", element_id).click())

    def type(self, element_id: str, text: str) -> None:
        def typing() -> None:
            field = self.driver.find_element("id", element_id)
            field.clear()
            field.send_keys(text)

        self.act(typing)

    def choose(self, element_id: str, value: str) -> None:
        selector = f"#{element_id} option[value='{value}']"
        self.act(lambda: self.driver.find_element("css selector", selector).click())

    def submit(self, element_id: str) -> None:
        """Press the button of the form holding ``element_id``, and wait for the answer."""
        self.follow(f"#{element_id}", "ancestor::form//button")

    def follow_css(self, selector: str) -> None:
        """Follow the first link or button that ``selector`` finds."""
        self.follow(selector)

    def follow(self, selector: str, then: str | None = None) -> None:
        """Click what ``selector`` (and the XPath ``then`` from it) finds, and wait until
        the next page has replaced this one and loaded."""
        from selenium.webdriver.support.wait import WebDriverWait  # noqa: PLC0415

        pages: list[Any] = []

        def press() -> None:
            page = self.driver.find_element("css selector", "html")
            target = self.driver.find_element("css selector", selector)
            if then is not None:
                target = target.find_element("xpath", then)
            pages[:] = [page]
            target.click()

        self.act(press)
        wait = WebDriverWait(self.driver, 30)
        wait.until(lambda _: _replaced(pages[0]))
        wait.until(lambda driver: driver.execute_script("return document.readyState") == "complete")


def _replaced(page: Any) -> bool:
    """Whether the ``html`` element ``page`` has left the document.

    Chromium reports an element caught in the middle of the swap as an unknown error
    ("does not belong to the document") rather than as a stale element.
    """
    from selenium.common.exceptions import (  # noqa: PLC0415
        StaleElementReferenceException,
        WebDriverException,
    )

    try:
        page.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise
    return False


def _sign_in(walk: Walk) -> None:
    walk.open("/")
    assert walk.path() == "/accesso"
    walk.check("consenso")
    walk.click("f-accetto-0")
    walk.click("f-accetto-1")
    walk.submit("f-accetto-0")
    assert walk.path() == "/accesso/metodi"
    walk.check("metodi-di-accesso")
    walk.type("f-username", "anna.rossi")
    walk.type("f-password", "Pesto-alla-genovese-2026")
    walk.submit("f-password")
    assert walk.path() == "/benvenuto"
    walk.check("domanda-1")
    walk.click("f-sectors-0")
    walk.submit("f-sectors-0")
    walk.click("f-professions-0")
    walk.submit("f-professions-0")
    walk.click("f-in_education-1")
    walk.choose("f-highest_level", "upper_secondary")
    walk.check("domanda-3")
    walk.submit("f-highest_level")
    walk.click("f-has_worked-0")
    walk.type("f-job_title", "Aiuto cuoca")
    walk.type("f-employer", "Trattoria da Pina")
    walk.driver.execute_script("document.getElementById('f-start').value = '2019-05-01';")
    walk.submit("f-job_title")
    assert walk.path() == "/"
    walk.check("home")


def _fill_in_the_cv(walk: Walk, upload: pathlib.Path) -> None:
    walk.open("/cv")
    walk.check("cv")
    walk.type("f-phone", "+39 010 555 0101")
    walk.type("f-residence", "D969")
    walk.submit("f-phone")
    walk.type("f-title", "Diploma di istituto alberghiero")
    walk.submit("f-title")
    walk.type("f-language", "en")
    walk.choose("f-level", "intermediate")
    walk.submit("f-language")
    walk.driver.find_element("id", "f-file").send_keys(str(upload))
    walk.submit("f-file")
    assert upload.name in walk.driver.page_source
    walk.follow_css("form[action='/cv/pubblica'] button")
    assert "Il CV è pubblicato" in walk.driver.page_source
    walk.check("cv-pubblicato")


def _apply(walk: Walk) -> None:
    walk.open("/offerte")
    walk.type("f-text", "cuoco")
    walk.type("f-location", "GE")
    walk.submit("f-text")
    walk.check("offerte")
    walk.follow_css("main ul a[href^='/offerte/']")
    walk.check("offerta")
    walk.type("f-cover_letter", "Buongiorno, sono interessata.")
    walk.submit("f-cover_letter")
    assert walk.path() == "/candidature"
    walk.check("candidature")
    walk.open("/messaggi")
    walk.check("messaggi")
    walk.follow_css("main ul a[href^='/messaggi/']")
    walk.check("messaggio")
    walk.follow_css("form[action='/esci'] button")
    assert walk.path() == "/accesso"


@pytest.mark.parametrize("app", APPS)
def test_the_journey_in_chromium_meets_wcag_21_aa(
    driver: Any, app: str, tmp_path: pathlib.Path
) -> None:
    """ID-1, ON-1..ON-6, CV-10, OF-3, AP-5, MS-2 in a browser; axe-core finds no serious
    or critical WCAG 2.1 A/AA violation in any page."""
    upload = tmp_path / "curriculum.pdf"
    upload.write_bytes(PDF)
    with serving(app, tmp_path) as base_url:
        walk = Walk(driver, base_url, app.rsplit(".", 1)[-1])
        _sign_in(walk)
        _fill_in_the_cv(walk, upload)
        _apply(walk)
    assert walk.count >= 12
    assert walk.violations == []
