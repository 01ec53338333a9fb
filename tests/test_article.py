"""Fetching and cleaning articles: a real HTTP server on 127.0.0.1 serving fixture pages."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from summarizer.inputs.decoding import decode, sniff
from summarizer.inputs.errors import (
    ArticleError,
    ConnectError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotAnArticle,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
)
from summarizer.inputs.fetch import USER_AGENT, FetchOptions, accept_encoding, fetch_page
from summarizer.inputs.html import (
    article_from_bytes,
    article_from_file,
    article_from_html,
    article_from_text,
)
from summarizer.inputs.loader import afetch_article, fetch_article

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scenarios import SCENARIOS, SEED_TEXT

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
SEED_TITLE = "BLA claims coordinated attacks across Balochistan"
PRIVATE = FetchOptions(allow_private_hosts=True)


def fetch(site: HTTPServer, path: str, **limits: object) -> object:
    return fetch_article(site.url_for(path), allow_private_hosts=True, **limits)


# --- the seed page -------------------------------------------------------------------------------


def test_seed_page_metadata(site: HTTPServer) -> None:
    article = fetch_article(site.url_for("/seed.html"), allow_private_hosts=True)
    assert article.title == SEED_TITLE
    assert article.published == "2026-02-01"
    assert article.author == "Staff Correspondent"
    assert article.site_name == "Frontier Wire"
    assert article.language == "en"
    assert article.url == site.url_for("/seed.html")
    assert article.canonical_url == (
        "https://frontierwire.example/south-asia/2026/02/01/bla-claims-coordinated-attacks-balochistan"
    )
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date_text, article.dateline.agency) == (
        "Quetta",
        "Feb 1",
        "IANS",
    )


def test_seed_page_text_is_the_story_alone_in_paragraphs(site: HTTPServer) -> None:
    text = fetch_article(site.url_for("/seed.html"), allow_private_hosts=True).text
    assert text == SEED_TEXT.strip()  # every paragraph, blank lines between, nothing else
    for boilerplate in (
        "cookies",  # cookie banner
        "Subscribe",  # navigation
        "Sport",
        "Share on",  # share tools
        "Related stories",
        "Quetta markets reopen",  # related links
        "Gwadar port expansion",  # inline "read more"
        "comment",  # comments section
        "cricket",
        "All rights reserved",  # footer
        "Staff Correspondent",  # byline
        SEED_TITLE,  # the headline is metadata, not text
    ):
        assert boilerplate not in text, boilerplate
    assert "\n\nThe militant group described the offensive" in text


def test_seed_page_matches_the_seed_page_cassette() -> None:
    """The seed_page cassette was recorded with this page's text and metadata; keep them in step."""
    article = article_from_file(ARTICLES / "seed.html")
    scenario = SCENARIOS["seed_page"]
    assert article.text == scenario.article
    assert {k: getattr(article, k) for k in scenario.meta} == scenario.meta


def test_gzip_response_is_decoded(site: HTTPServer) -> None:
    assert fetch(site, "/seed-gzip.html").title == SEED_TITLE  # type: ignore[attr-defined]


def test_page_without_content_type_is_sniffed(site: HTTPServer) -> None:
    assert fetch(site, "/untyped").title == SEED_TITLE  # type: ignore[attr-defined]


def test_plain_text_url_is_kept_as_is(site: HTTPServer) -> None:
    article = fetch_article(site.url_for("/seed.txt"), allow_private_hosts=True)
    assert article.text == SEED_TEXT
    assert article.title is None


def test_async_fetch_gives_the_same_article(site: HTTPServer) -> None:
    sync = fetch_article(site.url_for("/seed.html"), allow_private_hosts=True)
    assert asyncio.run(afetch_article(site.url_for("/seed.html"), allow_private_hosts=True)) == sync


def test_request_headers_name_the_tool(site: HTTPServer) -> None:
    site.clear_log()
    fetch(site, "/seed.html")
    request = site.log[-1][0]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("summarizer/")
    assert "gzip" in request.headers["Accept-Encoding"]


def test_br_is_advertised_only_with_a_decoder() -> None:
    import importlib.util

    has_brotli = any(importlib.util.find_spec(m) for m in ("brotli", "brotlicffi"))
    assert ("br" in accept_encoding()) == has_brotli


def test_redirect_chain_within_the_limit_is_followed(site: HTTPServer) -> None:
    page = fetch_page(site.url_for("/hop/5"), PRIVATE)
    assert page.final_url == site.url_for("/seed.html")
    assert len(page.redirects) == 5
    assert fetch(site, "/hop/2").title == SEED_TITLE  # type: ignore[attr-defined]


def test_published_argument_overrides_the_page_date(site: HTTPServer) -> None:
    article = fetch_article(site.url_for("/seed.html"), allow_private_hosts=True, published="2026-02-02")
    assert article.published == "2026-02-02"


# --- character sets ------------------------------------------------------------------------------


def test_charset_from_the_http_header(site: HTTPServer) -> None:
    article = fetch_article(site.url_for("/cp1252.html"), allow_private_hosts=True)
    assert article.title == "Clashes reported near Cúcuta as ELN and army trade blame"
    assert "José Ramírez Núñez" in article.text
    assert "“at least four soldiers”" in article.text  # windows-1252 bytes 0x93/0x94
    assert "ombudsman’s office" in article.text
    assert "Cúcuta, Nov 14 (Andean Monitor) — Fighting" in article.text
    assert article.published == "2025-11-14"


def test_charset_declared_only_in_meta(site: HTTPServer) -> None:
    """Declared ISO-8859-1 is read as windows-1252, as browsers do: the ’ (0x92) survives."""
    article = fetch_article(site.url_for("/latin1-meta.html"), allow_private_hosts=True)
    assert article.title == "Mali : attaque contre un poste de l’armée près de Ségou"
    assert "Ségou, 12 mars (Sahel Hebdo) — Des hommes armés ont attaqué" in article.text
    assert "« une dizaine »" in article.text
    assert "Amadou Traoré" in article.text
    assert article.language == "fr"
    assert article.site_name == "Sahel Hebdo"
    assert article.published == "2025-03-12"


def test_undeclared_charset_is_detected(site: HTTPServer) -> None:
    article = fetch_article(site.url_for("/undeclared.txt"), allow_private_hosts=True)
    assert article.text.startswith("Ségou, 12 mars (Sahel Hebdo) — Des hommes armés ont attaqué")
    assert "l’état-major" in article.text and "\ufffd" not in article.text


def test_decode_order_bom_then_header_then_meta() -> None:
    body = "<meta charset='windows-1252'><p>café</p>".encode("cp1252")
    assert "café" in decode(body, None)  # meta
    assert "café" in decode(body, "windows-1252")  # header
    assert decode(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "windows-1252") == "<p>café</p>"  # BOM wins
    assert decode("naïve".encode("utf-16")) == "naïve"


# --- bad inputs: each error type and its one-line message ------------------------------------------


def test_pdf_is_unsupported_content(site: HTTPServer) -> None:
    url = site.url_for("/report.pdf")
    with pytest.raises(UnsupportedContent) as err:
        fetch_article(url, allow_private_hosts=True)
    assert str(err.value) == (
        f"{url}: unsupported content type application/pdf (a PDF document): "
        "only HTML and plain-text articles can be read"
    )


def test_json_is_unsupported_content(site: HTTPServer) -> None:
    with pytest.raises(UnsupportedContent, match=r"application/json \(JSON data\)"):
        fetch(site, "/data.json")


def test_empty_page_is_not_an_article(site: HTTPServer) -> None:
    url = site.url_for("/empty.html")
    with pytest.raises(NotAnArticle) as err:
        fetch_article(url, allow_private_hosts=True)
    assert str(err.value) == f"{url}: no article text found on the page"
    assert isinstance(err.value, ArticleError)  # also an ArticleError: the input is not an article


def test_404_is_an_http_status_error(site: HTTPServer) -> None:
    url = site.url_for("/missing")
    with pytest.raises(HTTPStatusError) as err:
        fetch_article(url, allow_private_hosts=True)
    assert str(err.value) == f"{url}: HTTP 404 NOT FOUND"
    assert err.value.status_code == 404


def test_redirect_loop(site: HTTPServer) -> None:
    a, b = site.url_for("/loop/a"), site.url_for("/loop/b")
    with pytest.raises(TooManyRedirects) as err:
        fetch_article(a, allow_private_hosts=True)
    assert str(err.value) == f"{a}: redirect loop: {a} -> {b} -> {a}"


def test_too_many_redirects(site: HTTPServer) -> None:
    url = site.url_for("/hop/6")
    with pytest.raises(TooManyRedirects) as err:
        fetch_article(url, allow_private_hosts=True)
    assert str(err.value) == f"{url}: more than 5 redirects"
    fetch_page(url, FetchOptions(allow_private_hosts=True, max_redirects=6))


def test_redirect_without_location(site: HTTPServer) -> None:
    with pytest.raises(HTTPStatusError, match="HTTP 302 redirect without a Location"):
        fetch(site, "/no-location")


def test_slow_response_times_out(site: HTTPServer) -> None:
    url = site.url_for("/slow")
    with pytest.raises(FetchTimeout) as err:
        fetch_article(url, allow_private_hosts=True, timeout=0.3)
    assert str(err.value) == f"{url}: no response within 0.3 s"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/big-declared", "the response is 6.0 MB, over the 5.0 MB limit"),
        ("/big-streamed", "the response is over the 5.0 MB limit; download stopped"),
        ("/big-gzip.html", "the response is over the 5.0 MB limit; download stopped"),  # counted decompressed
    ],
)
def test_response_over_the_cap(site: HTTPServer, path: str, message: str) -> None:
    url = site.url_for(path)
    with pytest.raises(TooLarge) as err:
        fetch_article(url, allow_private_hosts=True)
    assert str(err.value) == f"{url}: {message}"


def test_smaller_cap(site: HTTPServer) -> None:
    with pytest.raises(TooLarge, match=r"over the 0\.0 MB limit"):
        fetch(site, "/seed.html", max_bytes=1000)


def test_connection_refused_is_a_connect_error() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(ConnectError) as err:
        fetch_article(url, allow_private_hosts=True, timeout=2)
    assert str(err.value).startswith(f"{url}: cannot connect: ")
    assert "refused" in str(err.value).lower()


def test_every_fetch_error_is_one_line(site: HTTPServer) -> None:
    for path in ("/report.pdf", "/empty.html", "/missing", "/loop/a", "/hop/7", "/big-declared"):
        with pytest.raises(FetchError) as err:
            fetch(site, path)
        assert "\n" not in str(err.value) and str(err.value).startswith("http://127.0.0.1:")


# --- HTML, text and files without the network ------------------------------------------------------


def test_article_from_html_string_and_bytes_agree() -> None:
    raw = (ARTICLES / "seed.html").read_bytes()
    assert article_from_html(raw) == article_from_html(raw.decode("utf-8"))


def test_article_from_html_keeps_lists_and_headings_as_blocks() -> None:
    page = """<html><head><title>Short title</title></head><body><article>
      <h1>Short title</h1>
      <p>Gunmen attacked a checkpoint in the north of the province on Tuesday, officials said.</p>
      <h2>What officials said</h2>
      <ul><li>Two police officers were wounded in the attack</li>
          <li>The attackers fled on motorbikes</li></ul>
      <p>No group has said it carried out the attack, according to the provincial police.</p>
    </article></body></html>"""
    text = article_from_html(page).text
    assert text.split("\n\n") == [
        "Gunmen attacked a checkpoint in the north of the province on Tuesday, officials said.",
        "What officials said",
        "- Two police officers were wounded in the attack\n- The attackers fled on motorbikes",
        "No group has said it carried out the attack, according to the provincial police.",
    ]


def test_xhtml_with_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="windows-1252"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="es" lang="es">'
        "<head><title>Ataque en Cúcuta</title>"
        "</head><body><p>Hombres armados atacaron una estación de policía en Cúcuta el martes, "
        "según las autoridades locales y la Defensoría del Pueblo.</p></body></html>"
    ).encode("cp1252")
    article = article_from_bytes(page, "application/xhtml+xml", source="x.xhtml")
    assert "estación de policía en Cúcuta" in article.text
    assert article.language == "es"


def test_article_from_text_and_bytes() -> None:
    assert article_from_text(SEED_TEXT).text == SEED_TEXT
    assert article_from_text("Line one.\r\nLine two.\r\n").text == "Line one.\nLine two.\n"
    assert (
        article_from_text("Café bombed, say officials.".encode("cp1252")).text
        == "Café bombed, say officials."
    )
    with pytest.raises(ArticleError, match="empty"):
        article_from_text("   \n")


def test_article_from_file_by_suffix_and_content(tmp_path: Path) -> None:
    assert article_from_file(ARTICLES / "balochistan-ians.txt").text == SEED_TEXT
    assert article_from_file(ARTICLES / "seed.html").title == SEED_TITLE
    no_suffix = tmp_path / "story"
    no_suffix.write_bytes((ARTICLES / "seed.html").read_bytes())
    assert article_from_file(no_suffix).title == SEED_TITLE  # sniffed as HTML
    notes = tmp_path / "story.md"
    notes.write_text("Officials said two people were killed in the attack on Tuesday.", encoding="utf-8")
    assert article_from_file(notes).text.startswith("Officials said")  # decodes as text -> plain


def test_article_from_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedContent) as err:
        article_from_file(ARTICLES / "report.pdf")
    assert err.value.problem == "this is a PDF document, not an HTML or plain-text article"
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    with pytest.raises(UnsupportedContent, match="binary data"):
        article_from_file(blob)
    with pytest.raises(FileNotFoundError):
        article_from_file(tmp_path / "missing.txt")


def test_sniff() -> None:
    assert sniff(b"%PDF-1.7\n...") == "a PDF document"
    assert sniff(b"\x89PNG\r\n\x1a\n") == "a PNG image"
    assert sniff(b"  <!DOCTYPE html><html>") == "html"
    assert sniff(b"Quetta, Feb 1 (IANS) The BLA said") == "text"


# --- the public API, with the model replayed from cassettes -----------------------------------------

SCRIPTED = {"model": "scripted-model", "mode": "tools", "max_retries": 0, "max_reasks": 2}


@pytest.mark.vcr("seed_page.yaml", ignore_hosts=["localhost"])
def test_summarize_url(site: HTTPServer) -> None:
    """The page's publication date reaches the digest (and the prompt, which the cassette matches)."""
    from summarizer import summarize_url

    url = f"http://localhost:{site.port}/seed.html"  # vcr lets localhost through, replays 127.0.0.1
    digest = summarize_url(url, allow_private_hosts=True, base_url="http://127.0.0.1:9/v1", **SCRIPTED)
    assert digest.article.published == "2026-02-01"
    assert digest.article.title == SEED_TITLE
    assert digest.provenance.attempts == 1 and len(digest.incidents) == 4


@pytest.mark.vcr("seed_page.yaml", ignore_hosts=["localhost"])
async def test_asummarize_url(site: HTTPServer) -> None:
    from summarizer import asummarize_url

    url = f"http://localhost:{site.port}/seed.html"
    digest = await asummarize_url(url, allow_private_hosts=True, base_url="http://127.0.0.1:9/v1", **SCRIPTED)
    assert digest.article.published == "2026-02-01"
    assert len(digest.incidents) == 4


def test_summarize_url_refuses_private_hosts_by_default(site: HTTPServer) -> None:
    from summarizer import BlockedURL, summarize_url

    with pytest.raises(BlockedURL):
        summarize_url(site.url_for("/seed.html"), offline=True)


@pytest.mark.vcr("seed_correct.yaml")
def test_summarize_file() -> None:
    from summarizer import summarize_file

    digest = summarize_file(ARTICLES / "balochistan-ians.txt", base_url="http://127.0.0.1:9/v1", **SCRIPTED)
    assert digest.article.text == SEED_TEXT
    assert len(digest.incidents) == 4


_ATTRIBUTE_SOUP = "<x " + " ".join(f"a{i}=1" for i in range(5_000)) + ">"


@pytest.mark.parametrize(
    "wrapper",
    [
        "<script>var tpl = '{}';</script>",
        "<script type='application/ld+json'>{}</script>",
        "<style>/* {} */</style>",
        "<!-- {} -->",
        "<svg><![CDATA[{}]]></svg>",
    ],
)
def test_attribute_cap_skips_scripts_styles_comments_and_cdata(wrapper: str) -> None:
    """A real page (pcgamer.com among 4 of 110) carries a script whose string looks like a tag with
    thousands of attributes; it is not one, and the page is read."""
    page = (ARTICLES / "seed.html").read_text(encoding="utf-8")
    hostile = page.replace("</head>", wrapper.format(_ATTRIBUTE_SOUP) + "</head>", 1)
    assert hostile != page
    article = article_from_html(hostile)
    assert article.title == SEED_TITLE and "Balochistan" in article.text


def test_attribute_cap_still_refuses_a_real_tag_with_too_many_attributes() -> None:
    page = (ARTICLES / "seed.html").read_text(encoding="utf-8")
    hostile = page.replace("<body", "<!-- a comment --><script>x = 1</script>" + _ATTRIBUTE_SOUP + "<body", 1)
    with pytest.raises(NotAnArticle, match="more than 1,000 attributes"):
        article_from_html(hostile)


def test_page_dates_are_allowed_up_to_the_day_of_the_read_not_of_the_import() -> None:
    """htmldate rejects dates after its `max_date`: a batch or the review app running past
    midnight must still accept a page published on the new day."""
    import datetime

    from summarizer.inputs import pagetext

    assert pagetext._date_params()["max_date"] == datetime.date.today().isoformat()
    later = datetime.date.today() + datetime.timedelta(days=3)
    assert pagetext._params_for(later)["max_date"] == later.isoformat()
    assert pagetext._params_for(later)["extensive_search"] is False
