"""The HTML report without a browser: escaping, offsets, nothing hidden, batch pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.api import Summarizer
from summarizer.cli import app
from summarizer.inputs.html import article_from_file
from summarizer.render import FORMATS, render_text
from summarizer.render_html import csp_hash, page, safe_url, segments, to_html, write_html_dir
from summarizer.schemas import ArticleDigest, DigestWarning, Evidence
from summarizer.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "articles" / "balochistan-ians.txt"
HOSTILE = ROOT / "fixtures" / "articles" / "hostile-markup.txt"


@pytest.fixture(scope="module")
def seed() -> ArticleDigest:
    return Summarizer(Settings.from_env(offline=True)).summarize_file(SEED)


@pytest.fixture(scope="module")
def hostile() -> ArticleDigest:
    article = article_from_file(HOSTILE).model_copy(
        update={"title": '"><script>alert(1)</script>', "url": "javascript:alert(1)", "author": "<b>x</b>"}
    )
    return Summarizer(Settings.from_env(offline=True)).summarize_article(article)


def test_html_is_a_registered_format(seed: ArticleDigest) -> None:
    assert "html" in FORMATS
    assert render_text([seed], "html", many=False).startswith("<!DOCTYPE html>")


def test_segments_rebuild_the_text_and_cover_each_span_exactly(seed: ArticleDigest) -> None:
    p = page(seed)
    text = seed.article.text
    assert "".join(s.text for s in p.segments) == text
    assert len(p.figures) == 8
    for span in p.spans:
        assert "".join(s.text for s in p.segments if span in s.spans) == text[span.start : span.end]
        assert span.quote == text[span.start : span.end]


def test_segments_of_overlapping_spans() -> None:
    from summarizer.render_html import Span

    a = Span("a", 0, 6, "", "claimed", "A", 1, None, "exact")
    b = Span("b", 3, 9, "", "denied", "B", 1, "f1-1", "exact")
    segs = segments("0123456789", [a, b])
    assert [(s.text, s.ids) for s in segs] == [("012", "a"), ("345", "a b"), ("678", "b"), ("9", "")]
    assert segs[1].status == "denied"  # the figure's colour wins


def test_self_contained_with_a_strict_policy(seed: ArticleDigest) -> None:
    out = to_html([seed])
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", out)
    assert "<link" not in out
    script = re.search(r"<script>(.*?)</script>", out, re.S)
    assert script and csp_hash(script.group(1)) in out
    assert "default-src 'none'" in out


def test_hostile_text_title_and_url_are_escaped(hostile: ArticleDigest) -> None:
    out = to_html([hostile])
    body = out.split("<body>", 1)[1]
    # The only script element is ours; no markup from the article survives as markup.
    assert body.count("<script") == 1
    for raw in (
        "<img src=x",
        "<svg onload",
        '<a href="javascript',
        "<b>x</b>",
        '" onmouseover="',
        "</textarea>",
    ):
        assert raw not in body, raw
    assert "&lt;script&gt;window.__pwned=" in body
    assert 'href="javascript' not in out.lower()
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_safe_url() -> None:
    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in (
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil",
        None,
    ):
        assert safe_url(bad) is None


def test_unplaced_evidence_and_warnings_are_shown(seed: ArticleDigest) -> None:
    incident = seed.incidents[0].model_copy(deep=True)
    incident.casualties[0].evidence.append(Evidence(quote="a sentence the article lacks"))
    digest = seed.model_copy(deep=True)
    digest.incidents[0] = incident
    digest.provenance.warnings.append(DigestWarning(code="quote_not_found", message="dropped <one> figure"))
    out = to_html([digest])
    assert "a sentence the article lacks" in out
    assert "unaligned_evidence" in out
    assert "quote_not_found" in out and "dropped &lt;one&gt; figure" in out


def test_several_articles_get_an_index(seed: ArticleDigest, hostile: ArticleDigest) -> None:
    out = to_html([seed, hostile])
    assert 'href="#a1"' in out and 'href="#a2"' in out
    ids = re.findall(r'id="(a\d-[^"]+)"', out)
    assert len(ids) == len(set(ids))


def test_cli_html_to_a_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--offline", "--file", str(SEED), "--file", str(HOSTILE), "--format", "html", "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["article-1.html", "article-2.html", "index.html"]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="article-1.html"' in index and 'href="article-2.html"' in index


def test_write_html_dir_returns_paths(seed: ArticleDigest, tmp_path: Path) -> None:
    paths = write_html_dir([seed], tmp_path / "out")
    assert [p.name for p in paths] == ["article-1.html", "index.html"]


def test_an_article_without_incidents_says_so() -> None:
    digest = Summarizer(Settings.from_env(offline=True)).summarize_text(
        "The weather was fine on Monday and the market opened as usual."
    )
    out = to_html([digest])
    assert "No incidents found." in out and "No figures." in out


def test_summary_sentences_link_to_the_records_they_state(seed: ArticleDigest) -> None:
    links = page(seed).sentences
    by_text = {s: (incs, figs) for s, incs, figs in links}
    twelve = next(s for s in by_text if "12 people" in s)
    assert "i2" in by_text[twelve][0] and by_text[twelve][1]
    dates = next(s for s in by_text if s.startswith("The article dates the events"))
    assert by_text[dates][1] == []  # 'Feb 1' is a date, not the figure 1


def test_batch_results_as_html_pages_with_failures_listed(tmp_path: Path) -> None:
    from summarizer.cli import app as batch_app

    inputs = tmp_path / "inputs.txt"
    inputs.write_text(f"{SEED}\n{HOSTILE}\n{tmp_path / 'missing.txt'}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        batch_app,
        [
            "batch",
            str(inputs),
            "-o",
            str(out),
            "--offline",
            "--no-cache",
            "-q",
            "--html",
            str(tmp_path / "html"),
        ],
    )
    assert result.exit_code == 1, result.output  # one input failed; the others are pages
    assert isinstance(result.exception, SystemExit), result.exception
    names = sorted(p.name for p in (tmp_path / "html").iterdir())
    assert names == ["article-1.html", "article-2.html", "index.html"]
    index = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Failed inputs (1)" in index and "missing.txt" in index
