"""The rules backend's extractor: deterministic, model-free, no network.

One entry point: `extract(article) -> Extraction` (incidents and a template
summary), wrapped as a backend by `summarizer.backends.rules`.

The services the pipeline runs on every backend's draft live above or beside
this package, not in it: geocoding (`summarizer.geo`), the template summary
(`summarizer.summary`) and the cross-check against the text's own statements
(`summarizer.crosscheck`).

One module per job: `units` (sentences, clauses), `actors`, `places`,
`attribution` (who says so, how sure), `casualties` (figures), `dates`,
`events` (ACLED types), `grouping` (incidents); `extract` runs them in order.
Cue words live in `summarizer/data`.
"""

from __future__ import annotations

from summarizer.rules.extract import extract

#: Bump on a change of behaviour; the rules backend's fingerprint (cache key, provenance)
#: also hashes this package's code and the data files, so a forgotten bump never serves
#: stale digests.
VERSION = "1"

__all__ = ["VERSION", "extract"]
