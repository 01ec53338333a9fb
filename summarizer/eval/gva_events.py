"""Cross-article GVA measures (`summarizer eval gva PATH --clusters`).

All articles of the file are pooled (each article once, under the first
incident that cites it), digested with the chosen backend, ingested into an
event store, and clustered by the store's fusion alone — no GVA field is
shown to it except the article's title and `dct` as publication date. Each
article's event is the event of its main incident (`gva.main_incident`); an
article with no incident is its own cluster. The clusters are scored against
`incident_id` with MUC, B³, CEAF-e and the CoNLL F1 (`eval/coref.py`), next
to two trivial baselines: every article alone, and "same date and city" (the
article's `dct` and the main incident's first place).

Incident-level figures: each GVA incident takes the event holding most of
its articles (ties: the smallest event id) and that event's reconciled
killed (`fatalities`, the conservative figure; 0 when the event has no killed
figure) and injured (UCDP best), against GVA's counts, next to the
per-article accuracy of the same digests (`gva.article_counts`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.eval.coref import conll
from summarizer.eval.gva import GvaError, article_counts, load_gva, main_incident
from summarizer.geo import fold
from summarizer.schemas import ArticleDigest


@dataclass
class ClusterReport:
    metrics: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"settings": self.settings, "metrics": self.metrics}


def _digest_offline(job: tuple[str, str, str | None]) -> str:
    from summarizer.api import Summarizer
    from summarizer.settings import Settings

    text, title, published = job
    global _WORKER  # one Summarizer per worker process
    try:
        worker = _WORKER
    except NameError:
        worker = _WORKER = Summarizer(Settings.from_env(offline=True))
    return worker.summarize_text(text, title=title or None, published=published).model_dump_json()


_WORKER: Any


def load_digests(path: str | Path) -> dict[str, ArticleDigest]:
    """Digests saved by an earlier run (`save_digests`): one `{"doc_id", "digest"}` object a line."""
    out: dict[str, ArticleDigest] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out[row["doc_id"]] = ArticleDigest.model_validate(row["digest"])
            except (ValueError, KeyError, TypeError) as exc:
                raise GvaError(f"{path}: line {n} is not a saved digest ({type(exc).__name__})") from exc
    return out


def evaluate_clusters(
    path: str | Path,
    *,
    db: str | None,
    digester: Any = None,
    workers: int = 2,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    save_digests: str | Path | None = None,
    replay: str | Path | None = None,
) -> ClusterReport:
    """Ingest every article of the GVA file into `db` and score the fused events (module docstring).

    `save_digests` writes each article's digest (JSON Lines, with its `doc_id`); `replay` reads
    such a file instead of digesting, so fusion can be re-measured in a fraction of the time
    (the rules backend is deterministic: the same digests as a fresh run of the same code).
    """
    from summarizer.events.service import EventStore

    incidents = load_gva(path)
    gold: dict[str, str] = {}
    articles = []
    for inc in incidents:
        for art in inc.articles:
            if art.doc_id not in gold:
                gold[art.doc_id] = inc.incident_id
                articles.append(art)
    articles = articles[:limit]
    store = EventStore(db)
    started = time.perf_counter()
    jobs = [(a.text, a.title, a.dct) for a in articles]
    digests: list[ArticleDigest] = []
    if replay is not None:
        saved = load_digests(replay)
        missing = [a.doc_id for a in articles if a.doc_id not in saved]
        if missing:
            raise GvaError(f"{replay} has no digest for {len(missing)} articles (first: {missing[0]})")
        for n, art in enumerate(articles, 1):
            store.ingest_digest(saved[art.doc_id], who="eval-gva")
            digests.append(saved[art.doc_id])
            if progress:
                progress(n, len(jobs))
    elif digester is None:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_digest_offline, jobs, chunksize=8)
            for n, raw in enumerate(results, 1):
                digest = ArticleDigest.model_validate_json(raw)
                store.ingest_digest(digest, who="eval-gva")
                digests.append(digest)
                if progress:
                    progress(n, len(jobs))
    else:
        for n, (text, title, dct) in enumerate(jobs, 1):
            digest = digester.summarize_text(text, title=title or None, published=dct)
            store.ingest_digest(digest, who="eval-gva")
            digests.append(digest)
            if progress:
                progress(n, len(jobs))
    wall = time.perf_counter() - started
    if save_digests is not None:
        with open(save_digests, "w", encoding="utf-8") as fh:
            for art, digest in zip(articles, digests, strict=True):
                fh.write(json.dumps({"doc_id": art.doc_id, "digest": digest.model_dump(mode="json")}) + "\n")
    by_sha = store.article_ids()
    event_of_incident: dict[tuple[int, int], int] = {}
    clusters = store.clusters()
    from sqlalchemy import select

    from summarizer.events.db import EventLink, Incident

    with store._read() as s:
        for event_id, article_id, position in s.execute(
            select(EventLink.event_id, Incident.article_id, Incident.position).join(
                Incident, Incident.id == EventLink.incident_id
            )
        ):
            event_of_incident[(article_id, position)] = event_id
    response: dict[object, list[str]] = {}
    date_city: dict[object, list[str]] = {}
    article_event: dict[str, int | None] = {}
    for art, digest in zip(articles, digests, strict=True):
        main = main_incident(digest)
        article_id = by_sha[digest.article.sha256]
        if main is None:
            article_event[art.doc_id] = None
            response.setdefault(("alone", art.doc_id), []).append(art.doc_id)
        else:
            position = next(n for n, inc in enumerate(digest.incidents) if inc is main)
            event_id = event_of_incident[(article_id, position)]
            article_event[art.doc_id] = event_id
            response.setdefault(event_id, []).append(art.doc_id)
        place = fold(main.places[0].name) if main is not None and main.places else None
        key = (art.dct, place) if place and art.dct else ("alone", art.doc_id)
        date_city.setdefault(key, []).append(art.doc_id)
    key_clusters: dict[str, list[str]] = {}
    for art in articles:
        key_clusters.setdefault(gold[art.doc_id], []).append(art.doc_id)
    keys = list(key_clusters.values())
    metrics: dict[str, Any] = {
        "articles": len(articles),
        "incidents": len(keys),
        "events": len(clusters),
        "ingest_wall_s": round(wall, 1),
        "digests_replayed": replay is not None,
        "articles_per_s": round(len(articles) / wall, 2) if wall else None,
        "tool": conll(keys, response.values()),
        "baseline_every_article_alone": conll(keys, [[a.doc_id] for a in articles]),
        "baseline_same_date_and_city": conll(keys, date_city.values()),
    }
    metrics |= _figures(incidents, articles, digests, article_event, store)
    store.close()
    return ClusterReport(metrics=metrics)


def _figures(
    incidents: list[Any],
    articles: list[Any],
    digests: list[ArticleDigest],
    article_event: dict[str, int | None],
    store: Any,
) -> dict[str, Any]:
    seen = {a.doc_id for a in articles}
    per_article_k = per_article_i = n_articles = 0
    for art, digest in zip(articles, digests, strict=True):
        inc = next(i for i in incidents if any(a.doc_id == art.doc_id for a in i.articles))
        killed, injured = article_counts(digest)
        per_article_k += killed == inc.killed
        per_article_i += injured == inc.injured
        n_articles += 1
    inc_k = inc_i = n_inc = inc_best = 0
    cache: dict[int, Any] = {}
    for inc in incidents:
        docs = [a.doc_id for a in inc.articles if a.doc_id in seen]
        if not docs:
            continue
        n_inc += 1
        events = Counter(article_event[d] for d in docs if article_event.get(d) is not None)
        if not events:
            continue
        event_id = min(events, key=lambda e: (-events[e], e or 0))
        assert event_id is not None
        if event_id not in cache:
            cache[event_id] = store.get_event(event_id).reconciliation
        rec = cache[event_id]
        killed = rec.fatalities or 0
        killed_best = rec.outcomes["killed"].best if "killed" in rec.outcomes else None
        injured_fig = rec.outcomes.get("injured")
        injured = (
            (injured_fig.best if injured_fig and injured_fig.best is not None else 0) if injured_fig else 0
        )
        inc_k += killed == inc.killed
        inc_best += (killed_best or 0) == inc.killed
        inc_i += injured == inc.injured
    return {
        "per_article_killed_exact": round(100 * per_article_k / n_articles, 1) if n_articles else None,
        "per_article_injured_exact": round(100 * per_article_i / n_articles, 1) if n_articles else None,
        "incident_killed_exact_conservative": round(100 * inc_k / n_inc, 1) if n_inc else None,
        "incident_killed_exact_best": round(100 * inc_best / n_inc, 1) if n_inc else None,
        "incident_injured_exact_best": round(100 * inc_i / n_inc, 1) if n_inc else None,
    }
