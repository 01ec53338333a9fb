"""The offline extractor: deterministic, model-free, no network.

Interface used by the pipeline (each function is pure and fast):

* `extract(article) -> Extraction`: incidents and a template summary.
* `write_summary(incidents, article) -> str`: a neutral summary from records.
* `locate_places(incidents) -> incidents`: admin1, country and coordinates
  from an offline gazetteer.
* `cross_check(extraction, article) -> warnings`: model figures the text's
  own casualty statements do not support.

One module per job: `units` (sentences, clauses), `actors`, `places` and
`gazetteer`, `attribution` (who says so, how sure), `casualties` (figures),
`dates`, `events` (ACLED types), `grouping` (incidents), `summary`,
`crosscheck`; `extract` runs them in order. Cue words live in `summarizer/data`.
"""

from __future__ import annotations

from summarizer.rules.crosscheck import cross_check
from summarizer.rules.extract import extract
from summarizer.rules.gazetteer import locate_places
from summarizer.rules.summary import write_summary

#: Bump on a change of behaviour; the rules backend's fingerprint (cache key, provenance)
#: also hashes this package's code and the data files, so a forgotten bump never serves
#: stale digests.
VERSION = "1"

__all__ = ["VERSION", "cross_check", "extract", "locate_places", "write_summary"]
