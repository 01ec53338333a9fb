"""Who acts in the article: named groups with their acronyms, and state forces.

The registry keeps every mention with its offset so that later steps can
resolve "the group", "its fighters" or "forces" to the latest fitting actor.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import itemgetter

from summarizer import alternation
from summarizer.geo import country_code
from summarizer.rules import lexicon
from summarizer.schemas import ActorKind

_CONNECT = r"(?:al|wal|el|ul|bin|ibn|i|of|the|de|du|des|la|le|and|for)(?:-[\w'’]+)*"
_NAME_WORD = rf"(?:[A-Z][\w'’.-]*|{_CONNECT})"
_ACRONYM_RE = re.compile(
    rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,7}})\s*\((?P<abbr>[A-Z][A-Za-z0-9-]{{1,9}})\)"
)
# The patterns below that start a name open with its capital and then look behind it
# ("[A-Z](?<![\w-][A-Z])", the same test as a lookbehind before it): a pattern opening with a
# character class lets `re` skip in C to the offsets where it can match (speed only).
#: The nouns a group's name comes before, and the heads an organisation's name ends with: the
#: patterns below, and the offsets `_starts_of` gives their scans (case-sensitive).
_GROUP_NOUNS = ("fighters", "militants", "rebels", "insurgents")
_ORG_HEADS = ("Command", "Corps", "Ministry", "Police", "Army", "Forces", "Brigade")
_GROUP_NOUN_RE = re.compile(
    rf"(?P<name>[A-Z](?<![\w-][A-Z])[\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+(?:{'|'.join(_GROUP_NOUNS)})\b"
)
_STATE_RE = re.compile(
    r"(?<![\w-])(?:(?P<dem>[A-Z][\w'’-]+)\s+)?(?P<head>(?:security\s+)?forces|army|military|troops|"
    r"police|soldiers|paramilitaries)\b",
    re.IGNORECASE,
)
_ORG_RE = re.compile(  # 1-4 capitalised words before the head: the first, then 0-3 more
    r"(?P<name>[A-Z](?<![\w-][A-Z])[\w'’-]*\s+(?:[A-Z][\w'’-]*\s+){0,3}"
    rf"(?:{'|'.join(_ORG_HEADS)}))\b"
)
_STOP_WORDS = {"the", "a", "an", "in", "on", "at", "its", "their", "and", "but", "while"}

#: Where an acronym in brackets may close an _ACRONYM_RE match: "(" and the acronym.
_ACRONYM_CUE = re.compile(r"\((?=[A-Z][A-Za-z0-9-]{1,9}\))")
#: Where the head of a _STATE_RE match may start: its first letter in either case as a plain
#: class ("ſ" is an "s" to IGNORECASE), which `re` skips to in C, then the rest of the word in
#: any case. A case-insensitive pattern is tried at every offset, several times slower.
_STATE_CUE = re.compile(
    r"[SsFfAaMmTtPp\u017f](?i:(?<=s)(?:ecurity|oldiers)|(?<=f)orces|(?<=a)rmy|(?<=m)ilitary|(?<=t)roops|"
    r"(?<=p)(?:olice|aramilitaries))"
)


def _word_before(text: str, at: int, pos: int, word_chars: str) -> int:
    """The start of the one word (and whitespace) before `at`, or of the word `at` is inside."""
    while at > pos and text[at - 1].isspace():
        at -= 1
    while at > pos:
        ch = text[at - 1]
        if not (ch.isalnum() or ch in word_chars):  # str.isalnum is re's \w (with "_" in `word_chars`)
            break
        at -= 1
    return at


def _finditer_near(
    pattern: re.Pattern[str], cue: re.Pattern[str], text: str, word_chars: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match holds a `cue` match and, before
    it, only whitespace and one word of word characters (\\w and `word_chars`, `_word_before`).
    `pattern` is searched from there, not tried at every offset before the cue. No match can
    start earlier: it would hold an earlier cue, or a character it cannot hold. (The state
    forces' scan in a text where only `re` knows the cue's letters: `_state_cue_starts`.)"""
    pos = 0
    while True:
        cue_at = cue.search(text, pos)
        if cue_at is None:
            return
        m = pattern.search(text, _word_before(text, cue_at.start(), pos, word_chars))
        if m is None:
            return
        yield m
        pos = m.end()  # (no pattern here matches the empty string)


#: The heads `_STATE_CUE` finds, lower-cased (`_state_cue_starts`).
_STATE_HEADS = ("security", "soldiers", "forces", "army", "military", "troops", "police", "paramilitaries")


#: The characters beyond ASCII that `re`'s IGNORECASE takes for an ASCII letter ("İ", "ı",
#: "ſ", the Kelvin sign), and the only ones whose `str.lower` is not one character beyond ASCII
#: ("İ", the Kelvin sign): tests check every code point.
_FOLD_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def ascii_lowered(text: str) -> str | None:
    """`text` lower-cased with every character beyond ASCII written "?", offset for offset, or
    None for a text holding a character that IGNORECASE takes for an ASCII letter
    (`_FOLD_TO_ASCII`). Elsewhere an ASCII letter in it is the text's letter, in lower case,
    and a character IGNORECASE takes for an ASCII letter, or `str.lower` and `str.casefold`
    make one (the Kelvin sign, "İ": in `_FOLD_TO_ASCII`), is an ASCII letter of the text: a
    run of ASCII letters is found in it (`str.find`) where a pattern matches the run, in any
    case, in the text. Speed only: a text with a character beyond ASCII (a curly quote) is
    lowered and searched one character at a time, an ASCII one in bulk."""
    if text.isascii():
        return text.lower()
    if any(c in text for c in _FOLD_TO_ASCII):
        return None
    return text.encode("ascii", "replace").decode("ascii").lower()


def _state_cue_starts(text: str) -> list[int] | None:
    """Every offset where `_STATE_CUE` matches, found with `str.find` in the lower-cased text
    (`ascii_lowered`), or None for a text holding a character that IGNORECASE also takes for
    an ASCII letter (there only `re` knows: "ſ" is an "s" to it). Elsewhere the cue matches
    where one of `_STATE_HEADS` starts in any case. Speed only: the cue stopped at every "s",
    "f", "a", "m", "t" and "p"."""
    lowered = ascii_lowered(text)
    return None if lowered is None else _starts_of(lowered, _STATE_HEADS)


def _starts_of(text: str, words: tuple[str, ...]) -> list[int]:
    """Every offset where one of `words` starts in `text` (overlaps too), in order: where a
    cue of those words, as case-sensitive alternatives, matches (`str.find` skips in C)."""
    return sorted({at for word in words for at in alternation.occurrences(text, word)})


def _back(text: str, at: int, pos: int, word_chars: str, words: int) -> int:
    """`_word_before` taken `words` times: the start of the `words`-th word before `at` (the
    word `at` is inside counting as the first)."""
    for _ in range(words):
        at = _word_before(text, at, pos, word_chars)
    return at


def _finditer_from_cues(
    pattern: re.Pattern[str], text: str, word_chars: str, cue_starts: list[int], words: int = 1
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, like `_finditer_near` but from the cue offsets given, for a
    pattern that opens with `(?<![\\w-])` (`_STATE_RE`; or with a capital behind which it looks
    the same way: `_GROUP_NOUN_RE`, `_ORG_RE`): the pattern is tried only at the offsets from
    the word before each cue to the cue where that lookbehind holds. A match starts there for
    the first cue it holds (what `_finditer_near` relies on for the first cue), so no other
    offset can start one. `words`: how many words (of `word_chars`, split by whitespace) a match
    may hold up to its first cue, counting the one the cue starts or stands inside. Speed only:
    where no match holds a cue ("security personnel", "the militants"), the search from the
    word before it went on through the text to the next match (for every such cue: quadratic
    in a long text)."""
    pos = 0
    i = 0
    while True:
        i = bisect_left(cue_starts, pos, i)
        if i == len(cue_starts):
            return
        tried = _back(text, cue_starts[i], pos, word_chars, words)  # offsets before it: tried
        start: int | None = tried  # the first cue's word start, found just now (speed only)
        m = None
        while m is None and i < len(cue_starts):
            at = cue_starts[i]
            if start is None:
                start = _back(text, at, pos, word_chars, words)
            for p in range(max(start, tried), at + 1):
                before = text[p - 1] if p else ""
                if before and (before.isalnum() or before in "_-"):
                    continue  # `(?<![\w-])` fails here (str.isalnum is re's \w, bar "_")
                m = pattern.match(text, p)
                if m is not None:
                    break
            tried = max(tried, at + 1)
            start = None
            i += 1
        if m is None:
            return
        yield m
        pos = m.end()  # (no pattern here matches the empty string)


def _acronyms(text: str, words: int = 8) -> Iterator[re.Match[str]]:
    """`_ACRONYM_RE.finditer(text)`, searched only between the eighth word before each bracket
    (`_ACRONYM_CUE`) and its ")": a name holds at most eight words, each inside a run of
    `_word_before`'s (it may start inside one: "xal Qaeda"), joined by whitespace, and the match
    ends at the ")" (no "(" or ")" can stand in between), so it lies there or nowhere. Speed
    only: the search from the run of words before the bracket (across full stops,
    which names hold) on through the text to the next match, for every bracket without one."""
    pos = 0
    for cue in _ACRONYM_CUE.finditer(text):
        at = cue.start()
        if at < pos:
            continue
        m = _ACRONYM_RE.search(text, _back(text, at, pos, "_'’.-", words), text.index(")", at) + 1)
        if m is not None:
            yield m
            pos = m.end()


#: A name's leading run of word characters, and the runs of a phrase where a name may start
#: (`Actors.named_in`).
_LEADING_RUN = re.compile(r"\w+")
_RUN_STARTS = re.compile(r"(?<![\w-])\w+")
#: Up to how many names `Actors.named_in` tries them all (more: only those `_RUN_STARTS` allows).
_FEW_NAMES = 16


@cache
def _word_re(name: str) -> re.Pattern[str]:
    """A name as a whole word: 'Taliban' alone, not inside 'Tehrik-i-Taliban'."""
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")


@cache
def _known_by_name() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """Every known name and alias -> its row of `lexicon.known_actors` (built once, not per article)."""
    return {n: row for row in lexicon.known_actors() for n in (row[0], *row[1])}


@cache
def _known_actor_re() -> re.Pattern[str]:
    """Every known name as a whole word, the longest first where several match.

    Speed only: when every name starts with an ASCII letter or digit, the pattern is one
    alternative per first character, each opening with that character (then looking behind it
    for the word start), the names starting with it after it: `re` skips in C to where a name
    can start, and there gives up an alternative at its first character (an alternative opening
    with a lookbehind was entered at every such offset, one after the other)."""
    names = sorted(
        {n for name, aliases, _ in lexicon.known_actors() for n in (name, *aliases)}, key=len, reverse=True
    )
    firsts = sorted({n[0] for n in names})
    if not names or not all(c.isascii() and c.isalnum() for c in firsts):
        return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    by_first = "|".join(
        f"{c}(?<![\\w-]{c})(?:{'|'.join(re.escape(n[1:]) for n in names if n[0] == c)})" for c in firsts
    )
    return re.compile(rf"(?:{by_first})(?![\w-])")


def _initials_fit(name: str, abbr: str) -> bool:
    """'Tehrik-i-Taliban Pakistan' fits 'TTP': the acronym's letters are capitals of the name, in order."""
    capitals = [c for c in name if c.isupper()]
    i = 0
    for c in abbr.upper():
        while i < len(capitals) and capitals[i] != c:
            i += 1
        if i == len(capitals):
            return False
        i += 1
    return abbr[0].upper() == capitals[0] if capitals else False


def kind_of(name: str, context: str = "") -> ActorKind:
    """ACLED kind from the name, else from the words just before it ('the military's media wing, ...')."""
    for known, aliases, kind in lexicon.known_actors():
        if name.casefold() == known.casefold() or name in aliases:
            return ActorKind(kind)
    for text in (name, context):
        for cue in lexicon.actor_kinds():
            if cue.pattern.search(text):
                return ActorKind(cue.value)
    return ActorKind.OTHER


@dataclass
class ActorInfo:
    """One actor of the article: canonical name, aliases, ACLED kind, and whether it is named."""

    name: str
    kind: ActorKind
    aliases: list[str] = field(default_factory=list)
    named: bool = True  # a proper name, not a generic "security forces"

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


#: A name of a named actor with its rank in `Actors.named_in`'s order, and the actor.
_Ranked = tuple[int, str, ActorInfo]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: ActorInfo


class Actors:
    """Every actor mention in one article, in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.actors: list[ActorInfo] = []
        self.mentions: list[Mention] = []
        self._span_starts: list[int] = []
        self._span_ends: list[int] = []
        self._by_name: dict[str, int] = {}
        self._scan()

    def _get(
        self, name: str, kind: ActorKind, aliases: list[str] | None = None, named: bool = True
    ) -> ActorInfo:
        """The first actor (in order) one of whose names is `name` or one of `aliases` (any case),
        given the names it lacks; else a new actor."""
        # `_by_name`: each casefolded name -> the number of the first actor that has it (speed
        # only: one lookup per name, not a scan of every actor's names).
        keys = [n.casefold() for n in [name, *(aliases or [])]]
        found = [self._by_name[k] for k in keys if k in self._by_name]
        if found:
            first = min(found)
            a = self.actors[first]
            for al in [name, *(aliases or [])]:
                if al.casefold() not in (n.casefold() for n in a.names()):
                    a.aliases.append(al)
                    self._by_name[al.casefold()] = min(self._by_name.get(al.casefold(), first), first)
            return a
        actor = ActorInfo(name, kind, list(aliases or []), named)
        self.actors.append(actor)
        for n in actor.names():
            self._by_name.setdefault(n.casefold(), len(self.actors) - 1)
        return actor

    def _taken(self, start: int, end: int) -> bool:
        """Does [start, end) overlap a mention? Binary search over the (disjoint) spans taken."""
        i = bisect_right(self._span_starts, start) - 1
        if i >= 0 and self._span_ends[i] > start:
            return True
        return i + 1 < len(self._span_starts) and self._span_starts[i + 1] < end

    def mentions_between(self, start: int, end: int) -> bool:
        """Is any actor mentioned in [start, end)?"""
        i = bisect_right(self._span_starts, start - 1)
        return i < len(self._span_starts) and self._span_starts[i] < end

    def _add(self, start: int, end: int, actor: ActorInfo) -> None:
        if not self._taken(start, end):
            self.mentions.append(Mention(start, end, actor))
            i = bisect_right(self._span_starts, start)
            self._span_starts.insert(i, start)
            self._span_ends.insert(i, end)

    def _scan(self) -> None:
        text = self.text
        for m in _acronyms(text):
            words = m.group("name").split()
            abbr = m.group("abbr")
            while words and (
                words[0].lower() in _STOP_WORDS
                or words[0][0].islower()
                or not _initials_fit(" ".join(words), abbr)
            ):
                words = words[1:]
            if not words or country_code(" ".join(words)):
                continue
            name = " ".join(words)
            start = m.start("name") + m.group("name").index(words[0])
            ctx = text[max(0, start - 40) : start]
            self._add(start, m.end(), self._get(name, kind_of(name, ctx), [abbr]))
        known = _known_by_name()
        for m in _known_actor_re().finditer(text):
            name, aliases, kind = known[m.group(0)]
            if not self._taken(m.start(), m.end()):
                self._add(m.start(), m.end(), self._get(name, ActorKind(kind), list(aliases)))
        nouns = _starts_of(text, _GROUP_NOUNS)
        for m in _finditer_from_cues(_GROUP_NOUN_RE, text, "_'’-", nouns, words=2):
            name = m.group("name")
            if (
                name.split()[0].lower() in _STOP_WORDS
                or country_code(name)
                or self._taken(m.start(), m.end())
            ):
                continue
            self._add(m.start(), m.end(), self._get(name, kind_of(name, m.group(0))))
        heads = _starts_of(text, _ORG_HEADS)
        for m in _finditer_from_cues(_ORG_RE, text, "_'’-", heads, words=4):
            words = m.group("name").split()
            while words and words[0].lower() in _STOP_WORDS:
                words = words[1:]
            if len(words) >= 2 and not self._taken(m.end() - len(" ".join(words)), m.end()):
                name = " ".join(words)
                self._add(m.end() - len(name), m.end(), self._get(name, kind_of(name)))
        state_cues = _state_cue_starts(text)
        states = (
            _finditer_near(_STATE_RE, _STATE_CUE, text, "_'’-")
            if state_cues is None
            else _finditer_from_cues(_STATE_RE, text, "_'’-", state_cues)
        )
        for m in states:
            dem = m.group("dem")
            if dem and not country_code(dem):
                if dem[0].isupper() and dem.lower() not in _STOP_WORDS:
                    continue  # "Al-Shabaab fighters", "Borno State Police": handled above
                dem = None
            start = m.start("dem") if dem else m.start("head")
            if self._taken(start, m.end()):
                continue
            name = text[start : m.end()]
            self._add(start, m.end(), self._get(name, ActorKind.STATE_FORCES, named=False))
        self.mentions.sort(key=lambda mm: mm.start)

    @cached_property
    def _names_index(self) -> tuple[list[_Ranked], dict[str, list[_Ranked]], list[_Ranked]]:
        """`named_in`'s names, read once per article (speed only: actors and their names are
        only added by `_scan`, which is over before any caller asks): every name of every
        named actor with its rank in `named_in`'s order (actors in order, each one's names in
        `ActorInfo.names` order); the same keyed by the name's leading run of word characters,
        and apart, those that open with another character."""
        names = [(n, a) for a in self.actors if a.named for n in a.names()]
        ranked = [(rank, n, a) for rank, (n, a) in enumerate(names)]
        by_run: dict[str, list[_Ranked]] = {}
        others: list[_Ranked] = []
        for rank, n, a in ranked:
            run = _LEADING_RUN.match(n)
            (by_run.setdefault(run.group(), []) if run else others).append((rank, n, a))
        return ranked, by_run, others

    def named_in(self, phrase: str) -> ActorInfo | None:
        """The named actor a phrase mentions ('the BLA', 'M23 spokesman ...'), longest name first."""
        ranked, by_run, others = self._names_index
        if len(ranked) > _FEW_NAMES:
            # Speed only: the loop below over only the names that can match, in the same order
            # (every name of every actor grows with the text: quadratic in a long one). A name
            # `n` that matches `_word_re(n)` at p opens with its leading run of word characters
            # r (`_LEADING_RUN`): before p stands no word character nor "-" (the lookbehind),
            # so a run of word characters starts at p, and it is r, since in `n` r is followed
            # by a character that is not a word character, or by nothing and then by
            # `(?![\w-])`. `_RUN_STARTS` finds every such run of the phrase (each run it finds
            # ends before a character that is not a word character, so none swallows p).
            runs = set(_RUN_STARTS.findall(phrase))
            ranked = sorted(
                [*(c for run in runs if run in by_run for c in by_run[run]), *others], key=itemgetter(0)
            )
        best: tuple[int, ActorInfo] | None = None
        for _rank, n, a in ranked:
            # (`n in phrase` first, speed only: the whole-word pattern needs the name in it)
            if n in phrase and _word_re(n).search(phrase) and (best is None or len(n) > best[0]):
                best = (len(n), a)
        return best[1] if best else None

    def latest_mention(
        self, before: int, kinds: set[ActorKind] | None = None, named: bool | None = None
    ) -> Mention | None:
        """The latest mention before `before` of an actor of the given kinds (a binary search
        finds where to start: scanning from the article's end made long texts quadratic)."""
        for m in self.latest_first(before):
            if kinds is not None and m.actor.kind not in kinds:
                continue
            if named is not None and m.actor.named != named:
                continue
            return m
        return None

    def latest(
        self, before: int, kinds: set[ActorKind] | None = None, named: bool | None = None
    ) -> ActorInfo | None:
        """The latest actor mentioned before `before`, of the given kinds."""
        m = self.latest_mention(before, kinds, named)
        return m.actor if m else None

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions starting inside [start, end), in order."""
        return self.mentions[bisect_left(self._span_starts, start) : bisect_left(self._span_starts, end)]

    def latest_first(self, before: int) -> Iterator[Mention]:
        """Mentions starting before `before`, the latest first: `reversed(self.within(0, before))`
        without the list of every earlier mention (speed only: a caller that stops at the first
        fitting one read them all, quadratic in a long text)."""
        for j in range(bisect_left(self._span_starts, before) - 1, -1, -1):
            yield self.mentions[j]

    def at(self, start: int, end: int) -> list[ActorInfo]:
        """Actors mentioned inside [start, end)."""
        out: list[ActorInfo] = []
        for m in self.within(start, end):
            if m.actor not in out:
                out.append(m.actor)
        return out


ARMED = {ActorKind.REBEL_GROUP, ActorKind.POLITICAL_MILITIA, ActorKind.IDENTITY_MILITIA}
