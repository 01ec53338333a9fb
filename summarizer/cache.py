"""On-disk cache of digests, so the same article is never paid for twice.

Layout: one JSON file per key, `<root>/v1/<key[:2]>/<key>.json`. Chosen over
SQLite because many writers (several batch processes, Dask or Ray workers on
a shared directory) then never contend for a lock, it works on network file
systems where SQLite's WAL mode does not (WAL needs shared memory), and an
analyst can inspect, copy or prune entries with ordinary tools. Each write
goes to a temporary file in the same directory and is moved into place with
`os.replace`, which is atomic: a reader sees the old entry, the new one or
none, never half of one. Entries are not fsync'd: one lost in a power cut is
only a miss, and one torn by a crash fails to parse and is ignored with a
warning (then overwritten). Two writers of one key both write complete files and
the last rename wins; both hold the same digest up to latency and timing.

The key is the sha256 of everything that decides the digest (see `key_parts`):
the article text (by its hash), the metadata the prompt shows the model
(title, publication date, site, dateline), the backend's name and its
fingerprint (`Backend.fingerprint`: for the model backend the model name,
structured-output mode, endpoint host, temperature, prompt version, schema
hash and chunk size (only for articles long enough to be split); for the rules
backend a hash of its rule data files and code). The schema version is always
part of it. The endpoint's host is included (not its port or path) so that the
same model name at two providers never shares entries, while a local server
restarted on another port still hits. The API key is never part of the key or
the entry: fingerprints hold no credential and `Provenance.base_url` is
stripped of them.

Entries hold the digest without its `article` (the text would otherwise be
stored twice); a hit re-attaches the caller's `ArticleMeta`, whose text is
the same by construction (same hash), so every evidence offset still holds.
A hit is marked `provenance.cache_hit = True`, with zero tokens and zero
attempts: what it cost this time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ValidationError

from summarizer.backends import Backend, choose_backend
from summarizer.document import Document
from summarizer.grounding import digest_problems
from summarizer.schemas import (
    SCHEMA_VERSION,
    ArticleDigest,
    ArticleMeta,
    Incident,
    NeutralSummary,
    Provenance,
    TokenUsage,
)
from summarizer.settings import Settings

log = logging.getLogger(__name__)

#: Bumped when the entry layout changes; old entries are then simply never read.
FORMAT = 1
ENV_VAR = "SUMMARIZER_CACHE_DIR"


class _StoredDigest(BaseModel):
    """A digest without its article, as an entry holds it."""

    schema_version: str
    incidents: list[Incident]
    summary: NeutralSummary
    provenance: Provenance


class _Entry(BaseModel):
    """One cache file; parsed and validated in one pass (pydantic-core), extra keys ignored."""

    key: str
    digest: _StoredDigest


def default_cache_dir() -> Path:
    """`$SUMMARIZER_CACHE_DIR`, else the platform's user cache directory."""
    configured = os.environ.get(ENV_VAR)
    return Path(configured) if configured else Path(platformdirs.user_cache_dir("summarizer"))


def _backend(backend: Backend | Settings) -> Backend:
    return choose_backend(backend).backend if isinstance(backend, Settings) else backend


def key_parts(article: ArticleMeta, backend: Backend | Settings) -> dict[str, Any]:
    """Everything that decides the digest of `article` by `backend` (or the backend `settings`
    choose), and nothing else."""
    chosen = _backend(backend)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "text_sha256": article.sha256,
        "title": article.title,
        "published": article.published,
        "site": article.site_name,
        "dateline": article.dateline.model_dump(exclude_none=True) if article.dateline else None,
        "backend": chosen.name,
        "fingerprint": chosen.fingerprint(Document.of(article)),
    }


def _key_of(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cache_key(article: ArticleMeta, backend: Backend | Settings) -> str:
    return _key_of(key_parts(article, backend))


class Cache:
    """Digests on disk, keyed by `cache_key`. Safe to share between threads and processes."""

    def __init__(self, cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0
        self._made: set[Path] = set()  # shard directories known to exist
        self._write_failed = False

    def __repr__(self) -> str:
        return f"Cache({str(self.root)!r})"

    def path_for(self, key: str) -> Path:
        return self.root / f"v{FORMAT}" / key[:2] / f"{key}.json"

    def get(self, article: ArticleMeta, backend: Backend | Settings) -> ArticleDigest | None:
        """The cached digest for `article`, marked as a hit, or None."""
        started = time.perf_counter()
        key = cache_key(article, backend)
        path = self.path_for(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as exc:
            log.warning("summarizer cache: cannot read %s (%s); ignoring it", path, exc)
            self.misses += 1
            return None
        digest = self._decode(raw, key, article, path)
        if digest is None:
            self.misses += 1
            return None
        self.hits += 1
        digest.provenance = digest.provenance.model_copy(
            update={
                "cache_hit": True,
                "tokens": TokenUsage(),
                "attempts": 0,
                "latency_s": round(time.perf_counter() - started, 4),
            }
        )
        return digest

    def _decode(self, raw: bytes, key: str, article: ArticleMeta, path: Path) -> ArticleDigest | None:
        """The entry's digest with `article` attached, or None (with a warning) if it is unusable."""
        try:
            entry = _Entry.model_validate_json(raw)
            if entry.key != key:
                raise ValueError("entry holds another key")
        except (ValueError, ValidationError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning("summarizer cache: ignoring unreadable entry %s (%s)", path, reason[:200])
            return None
        body = entry.digest
        # A cache directory may be shared or tampered with: what it serves must hold against
        # the caller's article as a fresh digest does (quotes, offsets, numbers, names).
        if problems := digest_problems(body.incidents, article.text):
            log.warning(
                "summarizer cache: ignoring entry %s that does not hold against the article (%s)",
                path,
                problems[0][:200],
            )
            return None
        # Every part was validated just now; the article is the caller's, already valid.
        return ArticleDigest.model_construct(
            schema_version=body.schema_version,
            article=article,
            incidents=body.incidents,
            summary=body.summary,
            provenance=body.provenance,
        )

    def put(self, article: ArticleMeta, backend: Backend | Settings, digest: ArticleDigest) -> None:
        """Store `digest`; a failure to write is logged, never raised: the digest is still good."""
        found = key_parts(article, backend)
        key = _key_of(found)
        parts = json.dumps(found, ensure_ascii=False)
        body = digest.model_dump_json(exclude={"article"})
        data = f'{{"key": "{key}", "parts": {parts}, "digest": {body}}}'.encode()
        path = self.path_for(key)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            _atomic_write(path, data)
        except OSError as exc:
            # Once per cache: a read-only directory fails every write the same way.
            level = logging.DEBUG if self._write_failed else logging.WARNING
            log.log(level, "summarizer cache: cannot write %s (%s); digests are not cached", path, exc)
            self._write_failed = True

    def clear(self) -> int:
        """Remove every entry of the current format; returns how many."""
        removed = 0
        for path in (self.root / f"v{FORMAT}").glob("*/*.json"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary sibling and rename it into place: readers never see a partial file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
