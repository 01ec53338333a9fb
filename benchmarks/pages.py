"""News pages for the overhead benchmark: the seed article in a typical page, and a large page.

Both are generated (deterministically) around the seed article's paragraphs,
with the furniture of a real news site: meta tags, JSON-LD, navigation,
inline scripts and styles, related stories, comments and a footer. The large
page has a longer article (still one model request) and far more furniture,
to pass 200 KB of HTML.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "fixtures" / "articles" / "balochistan-ians.txt").read_text(encoding="utf-8")


def seed_articles(directory: Path, n: int) -> list[str]:
    """n distinct article files for the batch runs, written by the tests' own helper
    (tests/scenarios.py). Imported only when called: that module loads the package, whose
    import time perf.py measures in a fresh interpreter."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    from scenarios import seed_articles as write

    return write(directory, n)


def inputs_file(directory: Path, n: int) -> Path:
    """An inputs file (one path a line) naming n seed articles, as `summarizer batch` reads it."""
    paths = seed_articles(directory, n)  # puts tests/ on sys.path
    from scenarios import inputs_file as write

    return write(directory, paths)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _nav(n: int) -> str:
    items = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(n))
    return f'<nav class="menu"><ul>{items}</ul></nav>'


def _related(n: int) -> str:
    cards = "".join(
        f'<div class="card"><a href="/news/{i}"><img src="/img/{i}.jpg" alt="">'
        f"<h3>Headline of related story number {i}</h3></a><p>Teaser text for story {i}, "
        f"which readers may also like.</p></div>"
        for i in range(n)
    )
    return f'<aside class="related"><h2>Related</h2>{cards}</aside>'


def _comments(n: int) -> str:
    items = "".join(
        f'<li class="comment"><span class="user">reader{i}</span><p>Comment {i}: thanks for '
        f"the report, I hope the region finds peace soon.</p></li>"
        for i in range(n)
    )
    return f'<section id="comments"><h2>Comments</h2><ol>{items}</ol></section>'


def _script(kb: int) -> str:
    blob = json.dumps(
        {"ads": [{"slot": i, "size": [300, 250], "targeting": "x" * 40} for i in range(kb * 8)]}
    )
    return f"<script>window.__STATE__ = {blob};</script>"


def page(paragraphs: list[str], *, nav: int, related: int, comments: int, script_kb: int) -> str:
    """A news page holding `paragraphs` as its article body."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "BLA claims attacks across Balochistan",
            "datePublished": "2025-02-01",
        }
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>BLA claims attacks across Balochistan | Example News</title>"
        "<meta property='og:title' content='BLA claims attacks across Balochistan'>"
        "<meta name='author' content='IANS'>"
        f"<script type='application/ld+json'>{ld}</script>"
        "<style>body{font-family:sans-serif}.menu li{display:inline}.card{width:30%}</style>"
        f"{_script(script_kb)}</head><body><header><a href='/'>Example News</a>{_nav(nav)}</header>"
        "<main><article><h1>BLA claims attacks across Balochistan</h1>"
        "<p class='byline'>By IANS | 1 February 2025</p>"
        f"<div class='article-body'>{body}</div></article>"
        f"{_related(related)}{_comments(comments)}</main>"
        "<footer><p>Copyright Example News. All rights reserved.</p>"
        f"{_nav(nav // 2)}</footer></body></html>"
    )


def seed_page() -> str:
    return page(_paragraphs(SEED_TEXT), nav=40, related=8, comments=5, script_kb=4)


def large_page() -> str:
    """At least 200 KB of HTML; the article is the seed plus background paragraphs (< 12,000 chars)."""
    extra = [
        f"Background {i}: residents of the district described long queues at checkpoints on the "
        f"highway and said that markets opened later than usual, according to local traders."
        for i in range(1, 31)
    ]
    html_text = page(_paragraphs(SEED_TEXT) + extra, nav=600, related=300, comments=300, script_kb=80)
    assert len(html_text.encode("utf-8")) >= 200_000, len(html_text)
    return html_text
