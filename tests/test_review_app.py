"""The review app over a real `summarizer serve` process: CSRF, tokens, Host checks, escaping,
review actions through the service API, and gold export read back by `summarizer eval gold`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from reviewapp import ROOT, SAMPLE, get, ingest_sample, post, serve

from summarizer.eval.gold_format import load_gold
from summarizer.events.service import EventStore
from summarizer.web.articles import articles, excerpt, export_gold
from summarizer.web.charts import map_plot, timeline

pytestmark = [pytest.mark.slow, pytest.mark.block_network(allowed_hosts=["127.0.0.1", "localhost"])]
HOSTILE = ROOT / "fixtures" / "articles" / "hostile-markup.txt"


def find_event(store: EventStore, text_start: str) -> tuple[int, int]:
    """(event id, article id) of the article whose text starts with `text_start`."""
    for summary in store.list_events():
        view = store.get_event(summary.id)
        for article in articles(store, {i.article_id for i in view.incidents}).values():
            if article.text.startswith(text_start):
                return view.id, article.id
    raise AssertionError(f"no event holds an article starting {text_start!r}")


def text_of(name: str) -> str:
    return (SAMPLE / name).read_text(encoding="utf-8")[:60]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "events.sqlite"
    ingest_sample(path)
    return path


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    with serve(db) as base:
        yield base


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m
    return m.group(1)


def test_pages_render(server: str) -> None:
    status, page = get(server + "/")
    assert status == 200
    assert "<svg" in page and 'class="timeline"' in page and 'class="map"' in page
    assert "West Palm Beach" in page
    status, history = get(server + "/history")
    assert status == 200 and "ingest" in history
    status, _ = get(server + "/events/999999")
    assert status == 404


def test_state_changing_requests_without_the_csrf_token_are_refused(server: str, db: Path) -> None:
    store = EventStore(db)
    event_id, _ = find_event(store, text_of("gva-379440-1.txt"))
    view = store.get_event(event_id)
    before = store.counts()["actions"]
    claim = view.claims[0].id
    incident = view.incidents[-1].id
    attempts = [
        (f"/claims/{claim}/accept", {"event": str(event_id)}),
        (f"/claims/{claim}/reject", {"event": str(event_id)}),
        (f"/claims/{claim}/edit", {"event": str(event_id), "low": "99"}),
        (f"/events/{event_id}/split", {"incident": str(incident)}),
        (f"/events/{event_id}/merge", {"other": "1"}),
        ("/actions/1/undo", {}),
    ]
    for path, data in attempts:
        status, _ = post(server + path, data)
        assert status == 403, path
        status, _ = post(server + path, {**data, "csrf": "forged"})
        assert status == 403, path
    assert store.counts()["actions"] == before
    # With the page's token the same request goes through (and is recorded).
    status, page = get(f"{server}/events/{event_id}")
    status, _ = post(f"{server}/claims/{claim}/accept", {"event": str(event_id), "csrf": _csrf(page)})
    assert status == 303
    assert store.counts()["actions"] == before + 1
    last = store.history(limit=1)[0]
    assert (last.kind, last.who, last.claim_id) == ("accept", "ana", claim)
    store.undo(last.id, who="ana")


def test_foreign_host_header_is_refused(server: str) -> None:
    status, _ = get(server + "/", headers={"Host": "evil.example"})
    assert status == 400


def test_security_headers(server: str) -> None:
    import urllib.request

    with urllib.request.urlopen(server + "/") as r:
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert r.headers["X-Frame-Options"] == "DENY"


def test_no_binding_beyond_loopback_without_a_token(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "serve",
            "--db",
            str(tmp_path / "x.sqlite"),
            "--host",
            "0.0.0.0",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 2
    assert "token" in result.stderr


def test_access_token_is_required_when_set(db: Path) -> None:
    token = "t0ken-0123456789abcdef"
    with serve(db, "--token", token) as base:
        assert get(base + "/")[0] == 401
        assert get(base + "/?token=wrong-wrong-wrong")[0] == 401
        assert get(base + f"/?token={token}")[0] == 200
        assert get(base + "/", headers={"Authorization": f"Bearer {token}"})[0] == 200


def test_hostile_article_is_escaped_in_the_app(tmp_path: Path) -> None:
    db = tmp_path / "hostile.sqlite"
    subprocess.run(
        [sys.executable, "-m", "summarizer", "ingest", "--db", str(db), "--offline", str(HOSTILE)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    store = EventStore(db)
    event_id = store.list_events()[0].id
    with serve(db) as base:
        status, page = get(f"{base}/events/{event_id}")
    assert status == 200
    body = page.split("<body", 1)[1]
    for raw in ("<img src=x", "<svg onload", '<a href="javascript', '" onmouseover="', "<script>window"):
        assert raw not in body, raw
    assert "&lt;script&gt;window.__pwned" in body or "&lt;img src=x" in body


def test_excerpt_marks_the_quote_in_its_sentence() -> None:
    text = "First sentence here. Police said 3 people were killed. Last one."
    start = text.index("3 people")
    ex = excerpt(text, start, start + len("3 people were killed"), "3 people were killed")
    assert ex.placed and ex.quote == "3 people were killed"
    assert ex.before.endswith("Police said ") and ex.after.startswith(".")
    assert not excerpt(text, None, None, "lost").placed


def test_charts_place_points() -> None:
    tl = timeline(
        [(1, "2020-01-01", 3, True, "a"), (2, "2020-01-11", None, False, "b"), (3, None, 1, False, "c")]
    )
    assert len(tl.dots) == 2 and len(tl.bars) == 1 and tl.dots[0].x < tl.dots[1].x
    mp = map_plot(
        [(1, 10.0, 20.0, 5, False, "a"), (2, 12.0, 25.0, 0, True, "b"), (3, None, None, 1, False, "c")]
    )
    assert len(mp.dots) == 2
    assert mp.dots[1].x > mp.dots[0].x and mp.dots[1].y < mp.dots[0].y  # east is right, north is up
    assert timeline([]).empty and map_plot([]).empty


def test_reviewed_articles_export_as_gold_that_eval_reads_back(db: Path, tmp_path: Path) -> None:
    store = EventStore(db)
    event_id, _ = find_event(store, text_of("gva-379440-1.txt"))
    view = store.get_event(event_id)
    # The analyst's value differs from whatever the rules backend read, so the export must carry it.
    wrong = next(c for c in view.claims if c.outcome == "killed")
    fixed = 2 if wrong.low != 2 else 3
    action = store.edit_claim(wrong.id, who="ana", low=fixed, high=fixed, qualifier="exact")
    try:
        paths = export_gold(store, tmp_path / "out")
        assert paths, "the edited article is exported"
        golds = [load_gold(p) for p in paths]
        mine = next(g for g in golds if g.text.startswith(text_of("gva-379440-1.txt")))
        figures = [c for i in mine.gold.incidents for c in i.casualties if c.outcome == "killed"]
        assert (fixed, fixed) in [(c.low, c.high) for c in figures]
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "summarizer",
                "eval",
                "gold",
                str(tmp_path / "out" / "gold"),
                "--backend",
                "offline",
                "-o",
                str(tmp_path / "report.json"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        report = json.loads((tmp_path / "report.json").read_text())
        assert len(report["documents"]) == len(paths)
        assert not any(d.get("error") for d in report["documents"])
    finally:
        store.undo(action.id, who="ana")
