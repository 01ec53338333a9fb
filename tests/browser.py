"""A real headless Chromium for the browser tests, driven by Selenium.

The browser and its driver are Debian's (`apt-get install chromium chromium-driver`,
as `.ci/run` does); Selenium is pointed at them explicitly so Selenium Manager never
tries to download anything. Without them the tests skip, except in CI (`CI=true`),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = os.environ.get("SUMMARIZER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = (
    os.environ.get("SUMMARIZER_CHROMEDRIVER") or shutil.which("chromedriver") or "/usr/bin/chromedriver"
)
#: Selenium talks to chromedriver over loopback; the tests allow only that.
LOOPBACK = ["127.0.0.1", "localhost", "::1"]


def browser_available() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def require_browser() -> None:
    if browser_available():
        return
    message = (
        f"no Chromium/chromedriver at {CHROMIUM} / {CHROMEDRIVER} (apt-get install chromium chromium-driver)"
    )
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def chrome(width: int = 1400, height: int = 1000, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium session (optionally with JavaScript switched off); quits on exit."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
