"""Real US shooting news against the Gun Violence Archive's counts (`summarizer eval gva`).

The data (`gva/dev.jsonl`, one GVA incident per line with the articles that
cite it) is read from a path given by the user; nothing is downloaded.
`load_gva(path)` is the reusable loader (the cross-article clustering
measures use it too).

Per article, the digest's *main incident* is compared with the GVA record:

* the main incident is the incident with the most killed/injured figures,
  ties broken by article order (the first one, i.e. the lead story) — news
  pages put the story first and the teasers and background after it; with
  no incident carrying figures it is the first incident;
* its killed (injured) count is the largest `low` among its killed (injured)
  figures that are not denied (a breakdown never exceeds its parent, so the
  largest is the toll); an incident with no killed figure reports 0 killed —
  that is what a reader of the output would take from it;
* GVA's injured are the wounded who survived: a count of people hit that
  the article says includes dead ("six people were shot, two fatally": the
  figure of 6 carries `dead_among` 2) scores as low minus `dead_among`. The
  record holds the article's two numbers; the difference exists only here,
  in the scorer, as GVA's definition of injured asks for it;
* GVA's killed include the shooter: a figure of the shooter's own death
  ("turned the gun on himself", "taking his own life") beside a larger
  figure that is not it adds one to the killed count ("killed his wife
  before turning the gun on himself" is 2). "Shot himself" is not such a
  figure: in accidental shootings the one who shot himself is the victim.
  A larger figure that counts everyone found dead ("five people died in an
  apparent murder-suicide", "three bodies were found") or says it includes
  the gunman holds the shooter already: no one is added (data/shooter_counted.tsv).
  The suspect killed by others ("officers returned fire, killing the suspect")
  is added the same way;
* an article with no incident at all reports nothing: it scores as wrong on
  both counts (never as 0), and is counted in `nothing_found`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from summarizer.datafiles import rows
from summarizer.rules.lexicon import own_death_re
from summarizer.schemas import ArticleDigest, CasualtyFigure, Incident, Outcome, Status

__all__ = [
    "GvaArticle",
    "GvaIncident",
    "GvaReport",
    "article_counts",
    "evaluate_gva",
    "iter_articles",
    "load_gva",
    "main_incident",
]


class GvaError(ValueError):
    """The GVA file is missing or a line is not a GVA incident."""


@dataclass(frozen=True)
class GvaArticle:
    doc_id: str
    title: str
    dct: str | None
    uri: str
    text: str


@dataclass(frozen=True)
class GvaIncident:
    incident_id: str
    date: str
    state: str
    city_or_county: str
    address: str
    killed: int
    injured: int
    killed_suspects: int
    injured_suspects: int
    articles: tuple[GvaArticle, ...]


def load_gva(path: str | Path) -> list[GvaIncident]:
    """Every incident of a GVA jsonl file (or of `dev.jsonl` inside a directory), in file order."""
    p = Path(path)
    if p.is_dir():
        p = p / "dev.jsonl"
    if not p.is_file():
        raise GvaError(f"{p}: no such GVA file (expected dev.jsonl from shared/eval/gva)")
    incidents: list[GvaIncident] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                articles = tuple(
                    GvaArticle(
                        doc_id=str(a["doc_id"]),
                        title=str(a.get("title") or ""),
                        dct=a.get("dct"),
                        uri=str(a.get("uri") or ""),
                        text=str(a["text"]),
                    )
                    for a in raw["articles"]
                )
                incidents.append(
                    GvaIncident(
                        incident_id=str(raw["incident_id"]),
                        date=str(raw.get("date") or ""),
                        state=str(raw.get("state") or ""),
                        city_or_county=str(raw.get("city_or_county") or ""),
                        address=str(raw.get("address") or ""),
                        killed=int(raw["killed"]),
                        injured=int(raw["injured"]),
                        killed_suspects=int(raw.get("killed_suspects") or 0),
                        injured_suspects=int(raw.get("injured_suspects") or 0),
                        articles=articles,
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise GvaError(f"{p}:{n}: not a GVA incident line ({exc})") from exc
    return incidents


def iter_articles(incidents: list[GvaIncident]) -> Iterator[tuple[GvaIncident, GvaArticle]]:
    for incident in incidents:
        for article in incident.articles:
            yield incident, article


def _count(incident: Incident, outcome: Outcome) -> int | None:
    figs = [
        c
        for c in incident.casualties
        if c.outcome == outcome and c.low is not None and c.status != Status.DENIED
    ]
    values = [(c.low or 0) - (c.dead_among or 0 if outcome is Outcome.INJURED else 0) for c in figs]
    if not values:
        return None
    most = max(values)
    if outcome is Outcome.KILLED and most and any(_the_shooter(c.victim_description or "") for c in figs):
        # GVA's killed include the shooter: a shooter's own death ("turned the gun on himself")
        # or the suspect killed by others ("officers returned fire, killing the suspect") is a
        # figure of its own beside the victims' toll, never part of it.
        biggest = next(c for c, v in zip(figs, values, strict=True) if v == most)
        itself = _the_shooter(biggest.victim_description or "", whole=False)
        if not itself and not _counts_the_shooter(biggest):
            most += 1
    return most


def _the_shooter(description: str, whole: bool = True) -> bool:
    """A figure's description that counts the shooter's death: his own (data/own_death.txt) or
    the suspect's (data/shooter_counted.tsv, 'suspect'); `whole`: the description is only that."""
    own = own_death_re()
    if own.fullmatch(description) if whole else own.search(description):
        return True
    return any(where == "suspect" and pattern.fullmatch(description) for where, pattern in _shooter_counted())


@cache
def _shooter_counted() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((where, re.compile(pat, re.IGNORECASE)) for where, pat, *_ in rows("shooter_counted.tsv"))


def _counts_the_shooter(fig: CasualtyFigure) -> bool:
    """A count of everyone found dead ("five people died", "three bodies") or one that says it
    includes the gunman already holds the shooter's own death (data/shooter_counted.tsv)."""
    quote = fig.evidence[0].quote if fig.evidence else ""
    description = fig.victim_description or ""
    at = quote.find(description) if description else -1
    for where, pattern in _shooter_counted():
        if where == "quote" and pattern.search(quote):
            return True
        if where == "head" and at >= 0 and pattern.match(quote, at):
            return True
    return False


def _n_figures(incident: Incident) -> int:
    return sum(1 for c in incident.casualties if c.outcome in (Outcome.KILLED, Outcome.INJURED))


def main_incident(digest: ArticleDigest) -> Incident | None:
    """The incident the article is about (see the module docstring for the rule)."""
    if not digest.incidents:
        return None
    best = max(_n_figures(i) for i in digest.incidents)
    return next(i for i in digest.incidents if _n_figures(i) == best)


def article_counts(digest: ArticleDigest) -> tuple[int | None, int | None]:
    """(killed, injured) of the main incident; (None, None) when there is no incident."""
    incident = main_incident(digest)
    if incident is None:
        return None, None
    return _count(incident, Outcome.KILLED) or 0, _count(incident, Outcome.INJURED) or 0


@dataclass
class GvaRow:
    incident_id: str
    doc_id: str
    gold_killed: int
    gold_injured: int
    killed: int | None
    injured: int | None
    killed_figure: bool = False
    event_type: str | None = None
    political: bool | None = None
    error: str | None = None


@dataclass
class GvaReport:
    rows: list[GvaRow] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def metrics(self) -> dict[str, Any]:
        rows = self.rows
        n = len(rows)

        def share(pred: Callable[[GvaRow], bool], among: list[GvaRow]) -> float | None:
            return sum(1 for r in among if pred(r)) / len(among) if among else None

        def near(a: int | None, b: int) -> bool:
            return a is not None and abs(a - b) <= 1

        deadly = [r for r in rows if r.gold_killed > 0]
        zero = [r for r in rows if r.gold_killed == 0]
        casualty = [r for r in rows if r.gold_killed + r.gold_injured > 0]
        return {
            "articles": n,
            "incidents": len({r.incident_id for r in rows}),
            "failed": sum(1 for r in rows if r.error),
            "killed_exact": share(lambda r: r.killed == r.gold_killed, rows),
            "killed_within_1": share(lambda r: near(r.killed, r.gold_killed), rows),
            "injured_exact": share(lambda r: r.injured == r.gold_injured, rows),
            "injured_within_1": share(lambda r: near(r.injured, r.gold_injured), rows),
            "nothing_found": share(lambda r: r.killed is None, rows),
            "killed_exact_on_0_killed": share(lambda r: r.killed == 0, zero),
            "killed_exact_on_deadly": share(lambda r: r.killed == r.gold_killed, deadly),
            "deadly_without_killed_figure": share(lambda r: not r.killed_figure, deadly),
            "no_incident_among_casualty_articles": share(lambda r: r.killed is None, casualty),
            "typed_battle_or_protest": share(
                lambda r: r.event_type in ("battles", "protests", "riots"), [r for r in rows if r.event_type]
            ),
            "marked_political_violence": share(
                lambda r: r.political is True, [r for r in rows if r.event_type]
            ),
            "baseline_always_0_killed": share(lambda r: r.gold_killed == 0, rows),
            "baseline_always_1_injured": share(lambda r: r.gold_injured == 1, rows),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "metrics": self.metrics(),
            "rows": [asdict(r) for r in self.rows],
        }


def evaluate_gva(
    path: str | Path,
    digester: Any,
    *,
    limit: int | None = None,
    every: int = 1,
    settings: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> GvaReport:
    """Digest every article (or every `every`-th, the first `limit`) and score its main incident."""
    pairs = list(iter_articles(load_gva(path)))[::every][:limit]
    report = GvaReport(settings=dict(settings or {}))
    for n, (incident, article) in enumerate(pairs, 1):
        row = GvaRow(incident.incident_id, article.doc_id, incident.killed, incident.injured, None, None)
        try:
            digest = digester.summarize_text(article.text, published=article.dct)
        except Exception as exc:  # one bad article never stops a run
            row.error = f"{type(exc).__name__}: {exc}"
        else:
            row.killed, row.injured = article_counts(digest)
            main = main_incident(digest)
            row.killed_figure = main is not None and _count(main, Outcome.KILLED) is not None
            row.event_type = main.event_type.value if main is not None else None
            row.political = main.political_violence if main is not None else None
        report.rows.append(row)
        if progress is not None:
            progress(n, len(pairs))
    return report
