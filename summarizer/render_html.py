"""Digests as one self-contained HTML page: the article with its evidence highlighted.

An analyst checks a figure by reading the sentence it came from, so the page
shows the article text with every evidence span marked at its character
offsets and coloured by the status of the record it supports; hovering shows
the record (a `title`, no script needed), clicking selects it in the tables.
Evidence that could not be placed in the text and every warning are listed,
never hidden.

The page needs nothing outside itself: the CSS and the small script in
`summarizer/html/` are inlined, and a Content-Security-Policy allows only that
script (by hash) and no network at all. Article text, titles and URLs are
hostile input: Jinja2 escapes every value, and a URL becomes a link only when
it is http(s).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from summarizer.render import (
    actors,
    event,
    figure_note,
    figure_range,
    offsets,
    provenance_line,
    source_names,
    summary_note,
    victims,
    when,
    where,
)
from summarizer.schemas import ArticleDigest, CasualtyFigure, Evidence, Incident, Status
from summarizer.sentences import split_sentences

#: Statuses in the order the legend lists them (strongest commitment last).
STATUSES = tuple(s.value for s in Status)
#: A number in a summary sentence; a day after a month name ('Feb 1') is a date, not a count.
_NUMBER = re.compile(
    r"(?<!Jan )(?<!Feb )(?<!Mar )(?<!Apr )(?<!May )(?<!Jun )(?<!Jul )(?<!Aug )(?<!Sep )(?<!Oct )"
    r"(?<!Nov )(?<!Dec )\b\d[\d,]*"
)


@dataclass
class Span:
    """One evidence quote placed in the text, with the record it supports."""

    id: str
    start: int
    end: int
    quote: str
    status: str
    label: str
    incident: int
    figure: str | None  # figure id, None for an incident's own evidence
    alignment: str


@dataclass
class Segment:
    """A run of text covered by the same set of spans (possibly none)."""

    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def ids(self) -> str:
        return " ".join(s.id for s in self.spans)

    @property
    def records(self) -> str:
        """The incidents and figures this piece of text supports ('i1 f1-2')."""
        recs = [f"i{s.incident}" for s in self.spans] + [s.figure for s in self.spans if s.figure]
        return " ".join(dict.fromkeys(recs))

    @property
    def status(self) -> str:
        """The colour: a figure's status wins over its incident's (figures are what gets checked)."""
        figures = [s for s in self.spans if s.figure]
        return (figures or self.spans)[-1].status if self.spans else ""

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(s.label for s in self.spans))


def safe_url(url: str | None) -> str | None:
    """The URL if it may be a link (http or https), else None: `javascript:` never becomes a href."""
    if url and re.match(r"https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def _spans(digest: ArticleDigest, prefix: str = "") -> tuple[list[Span], list[tuple[str, Evidence]]]:
    """Every evidence span that lies in the text, and the (label, evidence) pairs that do not."""
    text = digest.article.text
    placed: list[Span] = []
    unplaced: list[tuple[str, Evidence]] = []

    def add(e: Evidence, status: str, label: str, n: int, fig: str | None) -> None:
        if e.start is None or e.end is None or not 0 <= e.start < e.end <= len(text):
            unplaced.append((label, e))
            return
        placed.append(
            Span(
                id=f"{prefix}e{len(placed) + 1}",
                start=e.start,
                end=e.end,
                quote=e.quote,
                status=status,
                label=label,
                incident=n,
                figure=fig,
                alignment=e.alignment.value if e.alignment else "",
            )
        )

    for n, incident in enumerate(digest.incidents, 1):
        for e in incident.evidence:
            add(
                e,
                incident.status.value,
                f"Incident {n}: {event(incident)} ({incident.status.value})",
                n,
                None,
            )
        for k, f in enumerate(incident.casualties, 1):
            for e in f.evidence:
                add(e, f.status.value, f"Incident {n}, figure {n}.{k}: {figure_note(f)}", n, f"f{n}-{k}")
    return placed, unplaced


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """The text cut at every span boundary; each piece knows which spans cover it.

    Overlapping spans (an incident's sentence and a figure's clause inside it) are why
    the text is cut into pieces rather than wrapped in nested marks.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(Segment(text[a:b], covering))
    return out


def _sentence_links(digest: ArticleDigest) -> list[tuple[str, list[str], list[str]]]:
    """Each summary sentence with the incidents and figures it speaks of.

    A sentence is linked to a figure whose number it states, and to an incident whose
    place or actor it names, or which owns a linked figure.
    """
    text = digest.summary.text
    out = []
    for s, e in split_sentences(text) if text else []:
        sentence = text[s:e]
        lowered = sentence.lower()
        numbers = {int(m.group().replace(",", "")) for m in _NUMBER.finditer(sentence)}
        incidents: list[str] = []
        figures: list[str] = []
        for n, incident in enumerate(digest.incidents, 1):
            names = [p.name for p in incident.places]
            names += [name for a in incident.actors for name in (a.name, *a.aliases)]
            linked = False
            for k, f in enumerate(incident.casualties, 1):
                if {f.low, f.high} & numbers:
                    figures.append(f"f{n}-{k}")
                    linked = True
            if linked or any(name and name.lower() in lowered for name in names):
                incidents.append(f"i{n}")
        out.append((sentence, incidents, figures))
    return out


@dataclass
class FigureRow:
    id: str
    incident: int
    figure: CasualtyFigure
    spans: list[Span]


@dataclass
class Page:
    """Everything the template shows for one digest."""

    n: int
    digest: ArticleDigest
    title: str
    url: str | None
    url_text: str
    meta: list[str]
    segments: list[Segment]
    spans: list[Span]
    unplaced: list[tuple[str, Evidence]]
    incidents: list[tuple[int, Incident, list[Span]]]
    figures: list[FigureRow]
    sentences: list[tuple[str, list[str], list[str]]]


def page(digest: ArticleDigest, n: int = 1) -> Page:
    a = digest.article
    placed, unplaced = _spans(digest, f"a{n}")
    figures = [
        FigureRow(f"f{i}-{k}", i, f, [s for s in placed if s.figure == f"f{i}-{k}"])
        for i, incident in enumerate(digest.incidents, 1)
        for k, f in enumerate(incident.casualties, 1)
    ]
    return Page(
        n=n,
        digest=digest,
        title=a.title or a.canonical_url or a.url or "Untitled article",
        url=safe_url(a.canonical_url or a.url),
        url_text=a.canonical_url or a.url or "",
        meta=[
            x
            for x in (
                source_names(digest),
                f"published {a.published}" if a.published else "",
                f"by {a.author}" if a.author else "",
            )
            if x
        ],
        segments=segments(a.text, placed),
        spans=placed,
        unplaced=unplaced,
        incidents=[
            (i, incident, [s for s in placed if s.incident == i and s.figure is None])
            for i, incident in enumerate(digest.incidents, 1)
        ],
        figures=figures,
        sentences=_sentence_links(digest),
    )


@cache
def _asset(name: str) -> str:
    return resources.files("summarizer.html").joinpath(name).read_text(encoding="utf-8")


def templates(package: str, folder: str) -> Environment:
    """A Jinja2 environment over a package's template folder that escapes every value.

    Shared by this report and the review app so neither can forget autoescaping.
    """
    return Environment(
        loader=PackageLoader(package, folder),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _env() -> Environment:
    env = templates("summarizer", "html")
    env.globals.update(
        event=event,
        when=when,
        where=where,
        actors=actors,
        figure_range=figure_range,
        victims=victims,
        offsets=offsets,
        summary_note=summary_note,
        provenance_line=provenance_line,
        source_names=source_names,
        statuses=STATUSES,
    )
    return env


def csp_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _render(
    pages: list[Page],
    *,
    index: list[tuple[str, str, Page]] | None = None,
    title: str,
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    script = _asset("report.js")
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            pages=pages,
            index=index,
            failures=failures,
            doc_title=title,
            css=_asset("report.css"),
            script=script,
            script_hash=csp_hash(script),
        )
    )


def batch_to_html_dir(results: Path, directory: Path) -> list[Path]:
    """A `summarizer batch` output (JSONL) as HTML pages: every ok digest, every failure on the index."""
    from summarizer.results import read_results

    digests, failures = [], []
    for input_, record in read_results(results).items():
        if record.get("status") == "ok":
            digests.append(ArticleDigest.model_validate(record["digest"]))
        else:
            error = record.get("error") or {}
            failures.append((input_, f"{error.get('type', 'error')}: {error.get('message', '')}"))
    return write_html_dir(digests, directory, failures)


def to_html(digests: Sequence[ArticleDigest]) -> str:
    """One page; with several digests an index at the top links to each article."""
    pages = [page(d, n) for n, d in enumerate(digests, 1)]
    if len(pages) == 1:
        return _render(pages, title=pages[0].title)
    index = [(f"#a{p.n}", p.title, p) for p in pages]
    return _render(pages, index=index, title=f"{len(pages)} articles")


def write_html_dir(
    digests: Sequence[ArticleDigest], directory: Path, failures: Sequence[tuple[str, str]] = ()
) -> list[Path]:
    """One page per article (`article-N.html`) and an `index.html` linking them; returns the paths.

    `failures`: (input, error message) of inputs that gave no digest, listed on the index.
    """
    directory.mkdir(parents=True, exist_ok=True)
    pages = [page(d, n) for n, d in enumerate(digests, 1)]
    written = []
    for p in pages:
        path = directory / f"article-{p.n}.html"
        path.write_text(_render([p], title=p.title), encoding="utf-8")
        written.append(path)
    index = [(f"article-{p.n}.html", p.title, p) for p in pages]
    path = directory / "index.html"
    page_text = _render([], index=index, title=f"{len(pages)} articles", failures=failures)
    path.write_text(page_text, encoding="utf-8")
    return [*written, path]
