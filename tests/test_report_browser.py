"""The HTML report in a real browser (headless Chromium): highlights sit at their offsets,
hostile article text runs no script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from browser import LOOPBACK, chrome

from summarizer.inputs.html import article_from_file
from summarizer.render_html import to_html

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "balochistan-ians.txt"
HOSTILE = ROOT / "fixtures" / "articles" / "hostile-markup.txt"

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=LOOPBACK)]


def _cli_html(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "seed.html"
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run(
            [sys.executable, "-m", "summarizer", *args, "--format", "html"],
            stdout=fh,
            stderr=subprocess.PIPE,
            check=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        )
    return out


def test_seed_report_highlights_all_eight_figures_at_their_offsets(tmp_path: Path) -> None:
    page = _cli_html(tmp_path, "--file", str(SEED))
    text = SEED.read_text(encoding="utf-8")
    with chrome() as driver:
        driver.get(page.as_uri())
        links = driver.find_elements("css selector", "tr.figure-row a.evlink")
        figures = driver.find_elements("css selector", "tr.figure-row")
        assert len(figures) == 8
        assert len(links) >= 8
        for link in links:
            span_id = link.get_attribute("data-target")
            start, end = int(link.get_attribute("data-start")), int(link.get_attribute("data-end"))
            quote = link.get_attribute("data-quote")
            # The highlight is the run of marked pieces carrying this span's id, in document order.
            shown = driver.execute_script(
                "return Array.from(document.querySelectorAll('.article-text .hl'))"
                ".filter(e => e.dataset.ev.split(' ').includes(arguments[0]))"
                ".map(e => e.textContent).join('');",
                span_id,
            )
            assert shown == text[start:end] == quote, span_id
            # ... and lies at the offsets: the text before it in the article element is text[:start].
            before = driver.execute_script(
                "const box = document.querySelector('.article-text');"
                "const first = Array.from(box.querySelectorAll('.hl'))"
                ".find(e => e.dataset.ev.split(' ').includes(arguments[0]));"
                "const r = document.createRange(); r.setStart(box, 0); r.setEndBefore(first);"
                "return r.toString().length;",
                span_id,
            )
            assert before == start, span_id
        # Clicking a figure's evidence selects the figure row and its highlight.
        links[0].click()
        assert driver.find_elements("css selector", "tr.figure-row.sel")
        assert driver.find_elements("css selector", ".article-text .hl.sel")
        assert driver.find_element("css selector", ".detail-body").text.strip()
        # Hover text (no script needed) names the record a highlight supports.
        title = driver.find_element("css selector", ".article-text .hl").get_attribute("title")
        assert "Incident 1" in title


def test_hostile_article_runs_no_script(tmp_path: Path) -> None:
    article = article_from_file(HOSTILE).model_copy(
        update={
            "title": "<script>window.__pwned='title'</script>\"><img src=x onerror=\"window.__pwned='t2'\">",
            "url": "javascript:window.__pwned='url'",
            "site_name": "<svg onload=\"window.__pwned='site'\">",
        }
    )
    from summarizer.api import Summarizer
    from summarizer.settings import Settings

    digest = Summarizer(Settings.from_env(offline=True)).summarize_article(article)
    assert digest.incidents and any(i.casualties for i in digest.incidents)
    page = tmp_path / "hostile.html"
    page.write_text(to_html([digest, digest]), encoding="utf-8")
    from selenium.webdriver import ActionChains

    with chrome() as driver:
        driver.get(page.as_uri())
        # Every highlight, sentence and link clicked, every highlight hovered (title tooltips).
        for el in driver.find_elements("css selector", ".hl[data-ev], .sentence, a.evlink, a.ref"):
            driver.execute_script("arguments[0].scrollIntoView({block:'center'});", el)
            el.click()
        for el in driver.find_elements("css selector", ".hl[data-ev]"):
            ActionChains(driver).move_to_element(el).perform()
        assert driver.execute_script("return window.__pwned === undefined;")
        assert not driver.find_elements("css selector", "article img, article svg, article script")
        # The hostile text is shown, as text.
        body = driver.find_element("css selector", "body").text
        assert "<script>window.__pwned='script'</script>" in body
        assert "javascript:window.__pwned='url'" in body
        assert not driver.find_elements("css selector", "a[href^='javascript']")
