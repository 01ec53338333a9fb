"""The offline extractor: deterministic, model-free, no network.

Interface used by the pipeline (each function is pure and fast):

* `extract(article) -> Extraction`: incidents and a template summary.
* `write_summary(incidents, article) -> str`: a neutral summary from records.
* `locate_places(incidents) -> incidents`: admin1, country and coordinates
  from an offline gazetteer.
* `cross_check(extraction, article) -> warnings`: model figures the text's
  own casualty statements do not support.
"""

from __future__ import annotations

from summarizer.schemas import ArticleMeta, DigestWarning, Extraction, Incident


def extract(article: ArticleMeta) -> Extraction:
    raise NotImplementedError("offline extractor: issue 5")


def write_summary(incidents: list[Incident], article: ArticleMeta) -> str:
    return ""


def locate_places(incidents: list[Incident]) -> list[Incident]:
    return incidents


def cross_check(extraction: Extraction, article: ArticleMeta) -> list[DigestWarning]:
    return []
