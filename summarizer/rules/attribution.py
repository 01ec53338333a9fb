"""Who says so and how sure: speech cues, their speakers, and the status they give a figure.

Speakers are resolved across sentences the way a reader does: "the group"
is the latest armed group, "the report" the latest outlet, "it" the latest
organisation; a hedged sentence ("reportedly", "were said to") takes the
speaker of its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from summarizer import alternation
from summarizer.datafiles import rows
from summarizer.neutrality import load_terms
from summarizer.numbers import lowered_text
from summarizer.rules import lexicon
from summarizer.rules.actors import ARMED, Actors
from summarizer.rules.units import Sentence, clause_of
from summarizer.schemas import ActorKind, Status

#: How far (characters) a speech cue after a figure, or outside its clause, may stand and still speak for it.
SENTENCE_REACH = 300

#: Cue forms that hedge with no speaker: "hedge" (reportedly: someone reported it, the
#: paragraph's speaker is carried) and "own" (an alleged attack: the article's own hedge).
HEDGES = ("hedge", "own")

#: Kinds of speaker whose figures are claims: parties to the conflict.
PARTY_KINDS = {"armed", "military"}


@dataclass(frozen=True)
class Source:
    """A speaker as the output names it (`stated_by`) and what kind of speaker it is."""

    name: str
    kind: str  # armed | military | official | outlet | report | witness | other | article


ARTICLE = Source("the article", "article")


@dataclass(frozen=True)
class Speech:
    """One attribution cue in the text and the speaker it gives (None for a bare hedge)."""

    start: int
    end: int
    act: str  # say | claim | allege | deny | confirm | report
    form: str  # finite | participle | according | hedge
    source: Source | None


#: Words and phrases that trail a speaker phrase ("The group has also", "The BLA on Monday").
_TRAILING_WORDS = (
    "further", "also", "later", "earlier", "previously", "separately", "initially", "then", "now",
    "has", "have", "had", "officially", "reportedly",
)  # fmt: skip
_TRAILING_PHRASES = (r"on\s+\w+day", r"in\s+a\s+statement", r"in\s+its\s+statement")
_TRAILING = re.compile(rf"(?:\s+(?:{'|'.join((*_TRAILING_WORDS, *_TRAILING_PHRASES))}))+\s*$", re.IGNORECASE)
#: The words a `_TRAILING` match ends with, lower-cased: the words, and the phrases' last ones
#: ("on Monday" ends with "day"). `_cut_trailing` searches only a text that ends with one of them.
_TRAILING_ENDS = (*_TRAILING_WORDS, "day", "statement")
#: `_TRAILING.sub("", np)`, searched only when `np` ends with one of `_TRAILING_ENDS` (speed only).
_cut_trailing = alternation.TailCut(_TRAILING, _TRAILING_ENDS)
_PARENTHETICAL = re.compile(r",\s*(?:who|which|whose)\b[^,]*(?:,|$)")


@cache
def _role_phrase_re() -> re.Pattern[str]:
    """A role phrase whose head is a role noun (data/speaker_roles.txt): 'a spokesman for the
    provincial government', 'the interior ministry spokesman', 'commander of U.S. forces' —
    not a clause that happens to hold one ('after the official ceremony')."""
    roles = "|".join(f"(?:{r[0]})" for r in rows("speaker_roles.txt"))
    return re.compile(
        rf"^(?:(?:an?|the)\s+)?(?:[\w'’.-]+\s+){{0,5}}?(?:{roles})(?:\s+(?:for|of|to|in|at|with|from)\b.*)?$",
        re.IGNORECASE,
    )


def _role_phrase(segment: str) -> bool:
    return not _LEADING.match(segment) and bool(_role_phrase_re().match(segment.strip()))


def _described(name: str, role: str) -> str:
    """'Mohammed Khan' and 'a spokesman for the provincial government': the named head with its
    description, 'Mohammed Khan (spokesman for the provincial government)'."""
    role = _ARTICLE.sub("", role.strip())
    return f"{name} ({role})"


def _appositive_role(segment: str) -> bool:
    """'a spokesman for the provincial government', 'commander of U.S. forces in the region': a
    role phrase after a name (a proper name itself is a second name, not a description)."""
    return not _PROPER.match(segment) and _role_phrase(segment)


_PROPER = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*$")
_LEADING = re.compile(
    r"^(?:and|but|while|whereas|as|so|that|after|before|when|until|because|since|although|though|once)\s+",
    re.IGNORECASE,
)
# The verb comes after what was said: "“...,” said X", "“...” said X"; and "..., said X" when
# what stands before the comma is a clause, not a speaker ("JNIM, an al-Qaeda affiliate, said").
_QUOTE_BEFORE = re.compile(r"[\"”’]\s*$")
_COMMA_BEFORE = re.compile(r",\s*$")
_CLAUSE_WORDS = re.compile(
    r"\b(?:was|were|is|are|had|has|have|been|killed|died|dead|wounded|injured|shot|arrested)\b",
    re.IGNORECASE,
)
_BY = re.compile(
    r"^(?:an?|the)\s+(?:\w+\s+)?(?:report|statement|article|story|post|release|communiqu[eé])\s+"
    r"(?:(?:issued|published|released|carried)\s+)?(?:by|from|in|on)\s+",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(r"\b(?:spokes(?:man|person|woman)|media wing)\b", re.IGNORECASE)
_CIVIL_AUTHORITY = re.compile(r"\b(?:police|ministry|government|minister)\b", re.IGNORECASE)
_REPORT_BY = re.compile(
    r"\b(?:report|statement|article)\s+(?:(?:issued|published)\s+)?by\s+(?P<x>(?:The\s+)?[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,4})"
)
_AFTER_NP = re.compile(r"^\s*(?P<np>[^,.;:\"“”]{2,80}?)\s*(?:,|\.|;|:|$|\bthat\b)")
# Compiled once (speed only: `re.sub(pattern, ...)` looks its pattern up at every call).
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)
_OPENING = re.compile(r"^[\s\"'“”‘’,]+")
_APPOSITIVE_OPENING = re.compile(r"^(?:an?|one of)\s", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d+\b")
_NP_START = re.compile(r"[\w'‘“\"]")
_SPACES = re.compile(r"\s{2,}")
_CORE_TRIM = re.compile(r"^(?:the|its|their)\s+|\s*\([^)]*\)$", re.IGNORECASE)
_FULL_NAME_END = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+$")
_AND_END = re.compile(r"\band\s*$")


@cache
def _labels_re() -> re.Pattern[str]:
    """Loaded terms (the summary checks' list) and judging labels, as whole words."""
    terms = sorted(
        {*load_terms("loaded_terms.txt"), *load_terms("speaker_labels.txt")}, key=len, reverse=True
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)


@cache
def _label_words() -> alternation.LiteralFilter | None:
    """Words one of which every match of `_labels_re` holds (None when one needs none)."""
    labels = _labels_re()
    return alternation.LiteralFilter.of_compiled(labels)


@lru_cache(maxsize=256)
def _the_name_re(name: str) -> re.Pattern[str]:
    """The word "the" before `name`, both whole words, in any case (`\\bthe\\s+NAME\\b` with IGNORECASE).
    Speed only: the pattern opens with the only two characters IGNORECASE takes for "t" ("T"
    and "t": every code point checked) and looks behind them for the word start, so `re` skips
    in C to them instead of trying every offset."""
    return re.compile(rf"[Tt](?<!\w[Tt])(?i:he\s+{re.escape(name)})\b")


# "the hardline terrorist group", "this extremist organisation": a group named by a description.
_GROUP_NP = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w'’-]+\s+){0,4}?(?:group|organi[sz]ation|outfit|movement|militia|network|"
    r"faction|insurgency|insurgents|militants|rebels)\b",
    re.IGNORECASE,
)


def _clean_np(np: str) -> str:
    np = _PARENTHETICAL.sub(",", np)
    np = _OPENING.sub("", np)
    np = _cut_trailing(np).strip(" ,")
    np = _LEADING.sub("", np)
    return np.strip(" ,")


def _subject(text: str, lo: int, hi: int, actors: Actors) -> str | None:
    """The noun phrase just before a speech verb, within [lo, hi)."""
    raw = _clean_np(text[lo:hi])
    if not raw:
        return None
    segments = [s.strip() for s in raw.split(",") if s.strip()]
    if not segments:
        return None
    i = len(segments) - 1
    # "JNIM, an al-Qaeda affiliate, said": skip an appositive that follows a named actor.
    while i > 0 and _APPOSITIVE_OPENING.match(segments[i]) and actors.named_in(segments[i - 1]):
        i -= 1
    chosen = segments[i]
    if i > 0 and _PROPER.match(segments[i]) and _role_phrase(segments[i - 1]):
        # "A community leader, Bulama Ali, told": the name, described by the role before it.
        chosen = _described(segments[i], segments[i - 1])
    elif i > 0 and _appositive_role(segments[i]) and _PROPER.match(segments[i - 1]):
        # "Mohammed Khan, a spokesman for the provincial government, said": the named head.
        chosen = _described(segments[i - 1], segments[i])
    if chosen is None or len(chosen.split()) > 16 or chosen.lower().startswith(("no ", "none ")):
        return None
    chosen = _LEADING.sub("", chosen.strip(" \"'“”‘’")).strip()
    if _NUMBER.search(chosen) or not _NP_START.match(chosen):
        return None
    return chosen


def _np_after(text: str, start: int, end: int) -> str | None:
    m = _AFTER_NP.match(text[start:end])
    if not m:
        return None
    np = m.group("np").strip()
    by = _BY.match(np)
    if by:
        np = np[by.end() :]
    if np and _PROPER.match(np) and text[start + m.end() - 1 : start + m.end()] == ",":
        # "said Mohammed Khan, a spokesman for the provincial government.": the named head.
        role = _AFTER_NP.match(text[start + m.end() : end])
        if role and _appositive_role(role.group("np")):
            return _described(np, role.group("np"))
    return np or None


class Attributor:
    """Finds speech cues in one article and resolves their speakers."""

    def __init__(self, text: str, actors: Actors) -> None:
        self.text = text
        self.actors = actors
        self.outlets: list[tuple[int, str]] = []
        self.people: list[tuple[int, Source]] = []
        self.by_sentence: dict[int, list[Speech]] = {}

    @cached_property
    def _article_heads(self) -> str | None:
        """The article lower-cased for `head_words` (`lowered_text`, which the digest's checks
        lower-case too), when a slice of it is the slice lower-cased; else None. `str.lower` maps
        each character alone but a capital sigma (its form depends on the letters around it), so
        that holds when the article has no sigma and lowering keeps its length."""
        text = self.text
        lowered = lowered_text(text)
        if len(lowered) != len(text) or "\u03a3" in text:
            return None
        return alternation.heads_of_lowered(lowered, text)

    def _heads_lowered(self, start: int, end: int) -> str | None:
        """`alternation.heads_lowered(self.text[start:end])`. Speed only: sliced from the article
        lower-cased once (`_article_heads`), not lower-cased sentence by sentence."""
        whole = self._article_heads
        if whole is not None:
            return whole[start:end]
        return alternation.heads_lowered(self.text[start:end])

    # -- speakers -------------------------------------------------------------
    def neutral(self, np: str, pos: int) -> str:
        """A speaker's description without the article's labels: "a spokesman for the hardline
        terrorist group" is "a spokesman for the Taliban" (the group named before `pos`), or
        "a spokesman for the group" when none is named."""
        labels = _labels_re()
        words = _label_words()
        if (words is not None and not words.may_match(np)) or not labels.search(np):
            return np  # (the words first, speed only: most speakers hold none of them)
        group = _GROUP_NP.search(np)
        if group and labels.search(group.group(0)):
            actor = self.actors.latest(pos, ARMED, named=True)
            if actor is not None:
                # "the Taliban" keeps its article when the text writes it so.
                the = _the_name_re(actor.name).search(self.text)
                name = (
                    f"the {actor.name}" if the and not actor.name.lower().startswith("the ") else actor.name
                )
                np = f"{np[: group.start()]}{name}{np[group.end() :]}"
        return _SPACES.sub(" ", labels.sub("", np)).replace(" ,", ",").strip()

    def resolve(self, np: str, pos: int) -> Source:
        """What a speaker phrase names, following anaphora back from `pos`."""
        bare = self.neutral(np.strip(), pos)
        anaphora = _anaphora_any()
        # (the cues one by one only when one of them matches, speed only: most phrases are none)
        for cue in lexicon.anaphora() if anaphora is None or anaphora.match(bare) else ():
            if cue.pattern.match(bare):
                found = self._antecedent(cue.value, pos)
                if found:
                    return found
        actor = self.actors.named_in(bare)
        if actor is not None:
            core = _CORE_TRIM.sub("", bare).strip()
            kind = (
                "armed"
                if actor.kind in ARMED
                else "military"
                if actor.kind is ActorKind.STATE_FORCES
                else "other"
            )
            if kind == "military" and _CIVIL_AUTHORITY.search(f"{bare} {actor.name}"):
                kind = "official"  # police and ministries report; they are not the fighting side's voice
            if core.casefold() in (n.casefold() for n in actor.names()):
                return Source(actor.name, kind)
            return Source(bare, kind)
        # "Saudi-led coalition spokesman": the spokesman speaks for whoever he names.
        organisation = _ROLE_WORDS.sub(" ", bare)
        for text in (organisation, bare):
            for cue in lexicon.source_kinds():
                if cue.pattern.search(text):
                    return Source(bare, cue.value)
        return Source(bare, "other")

    def _antecedent(self, ref: str, pos: int) -> Source | None:
        if ref == "armed":
            actor = self.actors.latest(pos, ARMED, named=True)
            return Source(actor.name, "armed") if actor else None
        # The last noted before `pos`, scanning back from the end (not the whole list: that
        # made long articles quadratic).
        outlet = next(((at, name) for at, name in reversed(self.outlets) if at < pos), None)
        if ref == "outlet":
            return Source(outlet[1], "outlet") if outlet else None
        if ref == "person":
            return next((src for at, src in reversed(self.people) if at < pos), None)
        mention = self.actors.latest_mention(pos, named=True)
        if outlet and outlet[0] > (mention.start if mention else -1):
            return Source(outlet[1], "outlet")
        if mention is None:
            return None
        actor = mention.actor
        kind = (
            "armed"
            if actor.kind in ARMED
            else "military"
            if actor.kind is ActorKind.STATE_FORCES
            else "other"
        )
        return Source(actor.name, kind)

    def _note(self, source: Source, pos: int) -> None:
        if source.kind == "outlet":
            self.outlets.append((pos, source.name))
        head = source.name.split(" (", 1)[0]  # "Mohammed Khan (spokesman for ...)"
        if _FULL_NAME_END.search(head) and source.kind not in ("outlet",):
            self.people.append((pos, source))

    # -- cues -----------------------------------------------------------------
    def read(self, sentence: Sentence) -> list[Speech]:
        """Every speech cue of a sentence, speakers resolved; call in article order."""
        text = self.text
        taken: list[tuple[int, int]] = []
        found: list[tuple[int, int, str, str]] = []
        ordered = _speech_cues()
        segment = text[sentence.start : sentence.end]
        lowered = self._heads_lowered(sentence.start, sentence.end)
        heads = _cue_heads()
        for n in _cues_in(segment, lowered):  # the cues that may match (speed only), in their order
            for m in _cue_matches(ordered[n].pattern, heads[n], text, sentence, lowered):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found.append((m.start(), m.end(), ordered[n].value, ordered[n].extra))
        found.sort()
        speeches: list[Speech] = []
        for start, end, act, form in found:
            lo, hi = clause_of(sentence, start)
            source: Source | None = None
            if form == "according":
                np = _np_after(text, end, hi)
                source = self.resolve(np, start) if np else None
            elif form == "finite":
                earlier = [
                    s for s in speeches if s.source is not None and s.form == "finite" and s.start >= lo
                ]
                if earlier and _AND_END.search(text[lo:start]):
                    # "X denied the figure and said ...": one subject, two verbs.
                    speeches.append(Speech(start, end, act, form, earlier[-1].source))
                    continue
                before = text[lo:start]
                np = _np_after(text, end, hi) if _QUOTE_BEFORE.search(before) else None
                if np is None:
                    np = _subject(text, lo, start, self.actors)
                    if _COMMA_BEFORE.search(before) and (np is None or _CLAUSE_WORDS.search(np)):
                        np = _np_after(text, end, hi) or np
                source = self.resolve(np, start) if np else None
            elif form == "participle":
                prior = [s for s in speeches if s.source is not None and s.form != "hedge"]
                source = prior[-1].source if prior else None
            if source is not None:
                self._note(source, start)
            speeches.append(Speech(start, end, act, form, source))
        # Speed only: the pattern's words are looked for first; most sentences hold none of them.
        has_words = "by" in segment and any(w in segment for w in ("report", "statement", "article"))
        for m in _REPORT_BY.finditer(segment) if has_words else ():
            src = self.resolve(m.group("x"), sentence.start + m.start())
            if src.kind == "outlet":
                self._note(src, sentence.start + m.start("x"))
        self.by_sentence[sentence.index] = speeches
        return speeches

    def note_dateline_agency(self, agency: str | None) -> None:
        if agency:
            self.outlets.insert(0, (-1, agency))


@cache
def _anaphora_any() -> re.Pattern[str] | None:
    """A pattern that matches at the start of a text exactly when one of the anaphora cues
    (`lexicon.anaphora`) does: their alternation, each written whole (its own anchors) under
    their one set of flags, so `re` tries each in turn as `resolve`'s loop does. None when
    their flags differ, one refers to a group by number or name (numbers shift in the
    alternation), or the alternation does not compile."""
    cues = lexicon.anaphora()
    flags = {c.pattern.flags for c in cues}
    if len(flags) != 1 or any(re.search(r"\\[1-9]|\(\?P[=<]|\(\?\(", c.pattern.pattern) for c in cues):
        return None
    try:
        return re.compile("|".join(f"(?:{c.pattern.pattern})" for c in cues), flags.pop())
    except re.error:
        return None


@cache
def _speech_cues() -> tuple[lexicon.Cue, ...]:
    """The speech cues in the order `Attributor.read` tries them (hedges first)."""
    return tuple(sorted(lexicon.speech_cues(), key=lambda c: c.extra not in HEDGES))


@cache
def _cue_heads() -> tuple[list[str] | None, ...]:
    """The letters each speech cue's match starts with (`alternation.head_words`), in
    `_speech_cues` order."""
    return tuple(alternation.head_words(c.pattern.pattern, c.pattern.flags) for c in _speech_cues())


def _cue_matches(
    pattern: re.Pattern[str], heads: list[str] | None, text: str, sentence: Sentence, lowered: str | None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer` over the sentence. Speed only: with the cue's head letters, found by
    `str.find` in the sentence lower-cased (`alternation.heads_lowered`), the pattern is tried
    only where a head stands (every match starts at one), not at every word of the sentence
    behind its lookbehinds; `finditer_at` keeps `finditer`'s matches."""
    if heads is None or lowered is None:
        return pattern.finditer(text, sentence.start, sentence.end)
    start = sentence.start
    if len(heads) == 1:  # (in order and once each already: no set to sort, speed only)
        at = [start + p for p in alternation.occurrences(lowered, heads[0])]
    else:
        at = sorted({start + p for head in heads for p in alternation.occurrences(lowered, head)})
    return alternation.finditer_at(pattern, text, at, sentence.start, sentence.end)


@cache
def _cue_words() -> tuple[dict[str, list[int]], list[int]]:
    """(word -> the speech cues, by number in `_speech_cues` order, one of whose words it is; the
    cues that need no word): every match of a cue holds one of its words (`LiteralFilter`)."""
    by_word: dict[str, list[int]] = {}
    always: list[int] = []
    for n, cue in enumerate(_speech_cues()):
        words = alternation.LiteralFilter.of_compiled(cue.pattern)
        if words is None:
            always.append(n)
        for w in words.words if words is not None else ():
            by_word.setdefault(w, []).append(n)
    return by_word, always


def _cues_in(segment: str, lowered: str | None = None) -> list[int]:
    """The speech cues (numbers, in order) that may match in `segment`: those needing no word and
    those whose words it holds, case-folded as `LiteralFilter` reads it. Speed only: most
    sentences hold the words of a cue or two, and a cue is searched only there.

    `lowered`: `alternation.heads_lowered(segment)`, read instead of folding the segment again
    (speed only). Exact: the words are ASCII (`_cue_words`), and where `re` matches an ASCII
    letter in any case, `heads_lowered` writes that letter; a word folding finds and lowering
    does not ("ß" folded is "ss") is one `re` cannot match there."""
    folded = lowered if lowered is not None and _cue_words_ascii() else alternation.fold(segment)
    return list(_cues_of(tuple(_cue_word_groups().present(folded))))


@cache
def _cue_words_ascii() -> bool:
    """Whether every word of `_cue_words` is ASCII (`_cues_in` may then read the lowered text)."""
    return all(w.isascii() for w in _cue_words()[0])


@lru_cache(maxsize=1024)
def _cues_of(words: tuple[str, ...]) -> tuple[int, ...]:
    """The cues (numbers, in order) that need no word or one of `words`, kept per set of words
    (a few dozen sets occur; speed only: the set and its sorting were half of `_cues_in`)."""
    by_word, always = _cue_words()
    found = set(always)
    for word in words:
        found.update(by_word[word])
    return tuple(sorted(found))


@cache
def _cue_word_groups() -> alternation.WordGroups:
    """The words of `_cue_words`, grouped (`alternation.WordGroups`: speed only)."""
    return alternation.WordGroups(list(_cue_words()[0]))


def speaker_for(
    offset: int, sentence: Sentence, speeches: list[Speech], carried: Speech | None
) -> tuple[Source, str, bool]:
    """(source, act, hedged) for a figure: its clause's cue, else its sentence's, else the carried one."""
    lo, hi = clause_of(sentence, offset)
    in_clause = [s for s in speeches if lo <= s.start < hi]
    hedged = any(s.form in HEDGES for s in in_clause) or any(s.form in HEDGES for s in speeches)
    voiced = [s for s in in_clause if s.source is not None]
    before = [s for s in voiced if s.start < offset]
    after = [s for s in voiced if offset <= s.start <= offset + SENTENCE_REACH]
    pick = before[-1] if before else after[0] if after else None
    if pick is None:
        # A cue elsewhere in the sentence speaks for the figure only when it stands near it: in
        # scraped text one "sentence" can run for paragraphs (wiki headings, lists without full
        # stops), and a far cue is a neighbour's, not this figure's.
        voiced_sentence = [
            s for s in speeches if s.source is not None and abs(s.start - offset) <= SENTENCE_REACH
        ]
        if voiced_sentence:
            pick = min(voiced_sentence, key=lambda s: abs(s.start - offset))
    hedge_act = next((s.act for s in in_clause + speeches if s.form in HEDGES), None)
    if pick is not None and pick.source is not None:
        act = pick.act
        if hedge_act == "allege" and act in ("say", "report"):
            act = "allege"
        return pick.source, act, hedged
    carries = any(s.form == "hedge" for s in speeches)  # an "own" hedge is the article's word
    if carries and carried is not None and carried.source is not None:
        return carried.source, hedge_act or "report", True
    return ARTICLE, hedge_act or "say", hedged


def status_for(source: Source, act: str) -> Status:
    """The article's cue, as a status: denials and confirmations first, then who is speaking."""
    if act == "deny":
        return Status.DENIED
    if act == "confirm":
        return Status.CONFIRMED
    if source.kind in PARTY_KINDS:
        return Status.CLAIMED
    if act in ("allege", "claim"):
        return Status.ALLEGED
    return Status.REPORTED
