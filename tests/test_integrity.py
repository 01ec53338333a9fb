"""Integrity, round two (issue 15, items 6-8): cache entries re-verified before they are
served, names grounded as figures are, control characters kept off the terminal."""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path

import pytest
from localserver import LOCAL_ONLY, fast_settings
from scenarios import SEED_TEXT, seed_answer

from summarizer import Summarizer, pipeline
from summarizer.backends.rules import RulesBackend
from summarizer.cache import Cache
from summarizer.pipeline import make_article
from summarizer.settings import Settings
from summarizer.testing import Reply, ScriptedServer

pytestmark = LOCAL_ONLY


def _tamper(entry: Path, change: str) -> None:
    data = json.loads(entry.read_text("utf-8"))
    incident = data["digest"]["incidents"][0]
    if change == "figure":
        incident["casualties"][0]["low"] = 99999
    elif change == "quote":
        incident["evidence"][0]["quote"] = "Troops killed 500 civilians in the market."
    elif change == "offset":
        incident["evidence"][0]["start"] = len(SEED_TEXT) + 10
        incident["evidence"][0]["end"] = len(SEED_TEXT) + 50
    elif change == "place":
        incident["places"] = [{"name": "Atlantis", "precision": "town"}]
    entry.write_text(json.dumps(data), "utf-8")


@pytest.mark.parametrize("change", ["figure", "quote", "offset", "place"])
@pytest.mark.reliability("tampered cache entry", outcome="not served: warned, digested afresh")
def test_a_tampered_cache_entry_is_not_served(
    tmp_path: Path, change: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(offline=True)
    cache = Cache(tmp_path / "cache")
    first = Summarizer(settings, cache=cache).summarize_text(SEED_TEXT)
    assert first.incidents and first.incidents[0].casualties
    (entry,) = (tmp_path / "cache").rglob("*.json")
    _tamper(entry, change)
    caplog.set_level(logging.WARNING, logger="summarizer")
    again = Summarizer(settings, cache=cache).summarize_text(SEED_TEXT)
    assert not again.provenance.cache_hit
    assert again.model_dump(exclude={"provenance"}) == first.model_dump(exclude={"provenance"})
    assert any("does not hold against the article" in r.getMessage() for r in caplog.records)
    # An untouched entry is still served.
    assert Summarizer(settings, cache=cache).summarize_text(SEED_TEXT).provenance.cache_hit


def _answer_with_invented_names() -> dict[str, object]:
    answer = copy.deepcopy(seed_answer())
    inc = answer["incidents"][0]
    inc["places"].append({"name": "Atlantis", "precision": "town"})
    inc["actors"].append(
        {"name": "Imaginary Army", "aliases": [], "role": "perpetrator", "kind": "rebel group"}
    )
    inc["weapons"] = ["death ray"]
    inc["targets"].append("moon base")
    inc["reported_by"] = ["CNN"]
    inc["casualties"][0]["stated_by"] = "Reuters"
    return answer


@pytest.mark.reliability("names the article never gives", outcome="dropped with a warning; real names kept")
def test_invented_names_are_dropped_with_a_warning_and_real_ones_kept() -> None:
    with ScriptedServer(default=Reply(_answer_with_invented_names())) as server:
        digest = Summarizer(fast_settings(server.base_url)).summarize_text(SEED_TEXT)
    inc = digest.incidents[0]
    names = {p.name for p in inc.places} | {a.name for a in inc.actors} | set(inc.weapons) | set(inc.targets)
    names |= set(inc.reported_by) | {f.stated_by for f in inc.casualties}
    for invented in ("Atlantis", "Imaginary Army", "death ray", "moon base", "CNN", "Reuters"):
        assert invented not in names
    for real in ("Quetta", "Kalat", "Baloch Liberation Army", "Pakistani security forces", "banks"):
        assert real in names
    assert inc.casualties[0].stated_by == "unknown"
    warned = " ".join(w.message for w in digest.provenance.warnings if w.code == "name_not_in_article")
    for invented in ("Atlantis", "Imaginary Army", "death ray", "moon base", "CNN", "Reuters"):
        assert invented in warned


@pytest.mark.reliability("names the article never gives", outcome="offline digest: every name in the article")
def test_the_offline_digest_of_the_seed_keeps_every_name() -> None:
    digest = pipeline.digest(make_article(SEED_TEXT), RulesBackend())
    assert not [w for w in digest.provenance.warnings if w.code == "name_not_in_article"]


ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x1b[31mRED\x9b31m"


@pytest.mark.parametrize("fmt", ["terminal", "md"])
@pytest.mark.reliability(
    "terminal escape sequences in the article", outcome="shown as symbols, never sent raw"
)
def test_escape_sequences_in_the_article_never_reach_the_terminal(fmt: str) -> None:
    import io

    from rich.console import Console

    from summarizer.render import print_terminal, render_text

    text = SEED_TEXT.replace("Quetta, Feb 1", f"Quetta{ESCAPES}, Feb 1")
    digest = pipeline.digest(
        make_article(text, title=f"Title {ESCAPES}", url=f"https://x.example/{ESCAPES}"), RulesBackend()
    )
    digest.incidents[0].description += ESCAPES
    if fmt == "terminal":
        out = io.StringIO()
        print_terminal([digest], Console(file=out, width=100, force_terminal=True))
        shown = out.getvalue()
    else:
        shown = render_text([digest], "md", False)
    for raw in ("\x1b[2J", "\x1b]0;", "\x07", "\x9b", "\x1b[31mRED"):
        assert raw not in shown
    assert "Quetta" in shown and "RED" in shown
