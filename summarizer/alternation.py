"""Many regexes as one alternation, with guards that let `re` skip most positions.

Python's `re` tries every alternative of `(?:a)|(?:b)|...` at every position of
the text. When every alternative can only start a word (a word character after a
non-word one: `\\b`, a lookbehind ending in a space) the union is prefixed with
`\\b(?=\\w)`, or with `(?=\\w)` when each starts on a word character; and an
alternative that opens with lookbehinds or lookaheads gets a lookahead of the
characters it can start with, tried first. The same matches, found without trying
every alternative everywhere. The data files' patterns are read with `re`'s own
parser to prove all this; what it cannot prove is left as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

from .memo import per_digest

try:  # the parser `re.compile` uses (Python 3.11+: re._parser; before: sre_parse)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
#: Repeats, possessive ones (`x++`, Python 3.11) among them: every property read here (the
#: first character, the words a match holds) is the same for `x++` as for `x+`.
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
#: Under (?a) or (?L), \w and \b are not the Unicode ones this module reasons with.
_ASCII_OR_LOCALE = re.ASCII | re.LOCALE


@functools.lru_cache(maxsize=4096)
def _parsed(pattern: str, flags: int) -> Any:
    """`re`'s parse tree of a pattern, read once: the guards, the dispatch and the literal
    filters each read the same data-file patterns (the tree is only read, never changed)."""
    return _p.parse(pattern, flags)


def _is_word(ch: int) -> bool:
    """`\\w` of a str pattern: a Unicode letter or digit, or "_" (case variants of a letter are letters)."""
    c = chr(ch)
    return c.isalnum() or c == "_"


def _class_is_word(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op is _c.LITERAL and _is_word(av):
            continue
        if op is _c.RANGE and av[1] - av[0] < 0x400 and all(_is_word(ch) for ch in range(av[0], av[1] + 1)):
            continue
        if op is _c.CATEGORY and av in (_c.CATEGORY_WORD, _c.CATEGORY_DIGIT):
            continue
        return False  # a negated class, a space, punctuation: not provably a word character
    return True


def _zero_width(items: Any) -> bool:
    """Assertions only (`(?:(?<=killed )|(?<=killing ))`): they consume nothing."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _c.SUBPATTERN and _zero_width(av[-1].data):
            continue
        if op is _c.BRANCH and all(_zero_width(b.data) for b in av[1]):
            continue
        return False
    return True


def _starts_with_word(items: Any) -> bool:
    """True when every match of the parsed pattern `items` begins with a word character."""
    items = list(items)
    for n, (op, av) in enumerate(items):
        if _zero_width([(op, av)]):
            continue  # consumes nothing: the first character is still to come
        if op is _c.LITERAL:
            return _is_word(av)
        if op is _c.IN:
            return _class_is_word(av)
        if op is _c.SUBPATTERN:
            return not av[1] & _ASCII_OR_LOCALE and _starts_with_word(av[-1].data)
        if op is _c.BRANCH:
            return all(_starts_with_word(b.data) for b in av[1])
        if op in _REPEATS:
            if not _starts_with_word(av[2].data):
                return False
            # Optional ("(?:white\s+)?man"): what follows must start so too.
            return bool(av[0] >= 1 or _starts_with_word(items[n + 1 :]))
        return False
    return False  # nothing consumed: an empty match is possible


def _implies_boundary(op: Any, av: Any) -> bool:
    """A zero-width item that holds only after a non-word character (or at the start): `\b`
    before a word character, `(?<= and )`, or a group of such lookbehinds."""
    if op is _c.AT:
        return av in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
    if op is _c.ASSERT and av[0] == -1:  # a lookbehind: what its last character must be
        tail = list(av[1].data)
        return bool(tail) and tail[-1][0] in (_c.LITERAL, _c.IN) and _not_word(tail[-1])
    if op in (_c.SUBPATTERN, _c.BRANCH) and _zero_width([(op, av)]):
        branches = [av[-1]] if op is _c.SUBPATTERN else av[1]
        return all(any(_implies_boundary(o, a) for o, a in b.data) for b in branches)
    return False


def _not_word(item: tuple[Any, Any]) -> bool:
    op, av = item
    if op is _c.LITERAL:
        return not _is_word(av)
    return all(
        (o is _c.LITERAL and not _is_word(a)) or (o is _c.CATEGORY and a is _c.CATEGORY_SPACE) for o, a in av
    )


def _word_start(items: Any, guarded: bool = False) -> bool:
    """True when every match of `items` starts a word: a word character with, before it,
    an assertion that the character before is none (so `\\b(?=\\w)` holds where it starts)."""
    items = list(items)
    for n, (op, av) in enumerate(items):
        if _zero_width([(op, av)]):
            guarded = guarded or _implies_boundary(op, av)
            continue
        if op in (_c.LITERAL, _c.IN):
            return guarded and _starts_with_word([(op, av)])
        if op is _c.SUBPATTERN:
            return not av[1] & _ASCII_OR_LOCALE and _word_start(av[-1].data, guarded)
        if op is _c.BRANCH:
            return all(_word_start(b.data, guarded) for b in av[1])
        if op in _REPEATS:
            if not _word_start(av[2].data, guarded):
                return False
            return bool(av[0] >= 1 or _word_start(items[n + 1 :], guarded))
        return False
    return False


def word_start(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` starts a word (False when unsure)."""
    try:
        return _word_start(_parsed(pattern, flags).data)
    except Exception:  # an unknown parse tree: stay unsure
        return False


def starts_with_word(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` begins with a word character (False when unsure)."""
    try:
        return _starts_with_word(_parsed(pattern, flags).data)
    except Exception:  # an unknown parse tree: stay unsure
        return False


_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}


def _class(items: list[tuple[Any, Any]]) -> str | None:
    """A parsed character class written back as a pattern, or None."""
    out: list[str] = []
    for op, av in items:
        if op is _c.NEGATE:
            out.insert(0, "^")
        elif op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            return None
    return f"[{''.join(out)}]"


def _first(items: Any, nocase: bool) -> set[str] | None:
    """Patterns of one character each, one of which every match of `items` starts with (written
    with the case rule that applies there); None when unsure or when a match may be empty."""
    items = list(items)
    for n, (op, av) in enumerate(items):
        if _zero_width([(op, av)]):
            continue
        if op is _c.LITERAL or op is _c.IN:
            body = re.escape(chr(av)) if op is _c.LITERAL else _class(av)
            return None if body is None else {f"(?{'i' if nocase else '-i'}:{body})"}
        if op is _c.SUBPATTERN:
            _, add, drop, sub = av
            if (add | drop) & _ASCII_OR_LOCALE:
                return None
            return _first(sub.data, (nocase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE)
        if op is _c.BRANCH:
            out: set[str] = set()
            for b in av[1]:
                got = _first(b.data, nocase)
                if got is None:
                    return None
                out |= got
            return out
        if op in _REPEATS:
            got = _first(av[2].data, nocase)
            if got is None or av[0] >= 1:
                return got
            rest = _first(items[n + 1 :], nocase)  # optional: the match may start after it
            return None if rest is None else got | rest
        return None
    return None


def first_guard(pattern: str, flags: int = 0) -> str:
    """`(?=...)` of the characters a match of `pattern` can start with ("" when unsure): in a
    union, an alternative is then given up at the first character, not after its lookbehinds
    and long negative lookaheads."""
    if flags & _ASCII_OR_LOCALE:
        return ""
    try:
        items = list(_parsed(pattern, flags).data)
        first = _first(items, bool(flags & re.IGNORECASE))
    except Exception:  # an unknown parse tree: no guard
        return ""
    if not first or not _looks_around_first(items):
        return ""  # a pattern that starts with its first character fails there anyway
    return f"(?={'|'.join(_merged(first))})"


#: A first-character pattern of `_first` that is one character or a class of them (not negated).
_SET_ATOM = re.compile(r"\(\?(-?i):(?:\[(?!\^)(.*)\]|(\\?.))\)", re.DOTALL)


def _merged(atoms: set[str]) -> list[str]:
    """`_first`'s one-character patterns with the same case rule as one class: `(?-i:[bc])` for
    `(?-i:b)|(?-i:c)`. Speed only: a character matches a class under a case rule exactly when it
    matches one of its items under that rule, so the lookahead holds where it held; a branch of
    twenty literals was tried literal by literal (under IGNORECASE each one a jump of `re`'s
    engine), the class is one test. Negated classes are left as they are."""
    by_rule: dict[str, list[str]] = {}
    out: list[str] = []
    for atom in sorted(atoms):
        m = _SET_ATOM.fullmatch(atom)
        if m is None:
            out.append(atom)
            continue
        rule, inner, one = m.groups()
        by_rule.setdefault(rule, []).append(one if inner is None else inner)
    out += [f"(?{rule}:[{''.join(items)}])" for rule, items in sorted(by_rule.items())]
    return out


def _looks_around_first(items: list[tuple[Any, Any]]) -> bool:
    """Whether a lookbehind or lookahead is tried before the first character is."""
    for op, av in items:
        if not _zero_width([(op, av)]):
            return False
        if op is not _c.AT:
            return True
    return False


#: A first-character pattern of `_first`: printable ASCII characters (one, or a class of
#: characters, no range or negation), with its case rule.
_ATOM = re.compile(r"\(\?(-?i):(?:(\\?[\x21-\x7e])|\[((?:\\?[\x21-\x7e])+)\])\)")
_ESCAPED = re.compile(r"\\?([\x21-\x7e])")


def _atom_chars(atom: str) -> list[tuple[str, str]] | None:
    """(character, its one-character pattern) for each character `atom` accepts; None unless
    they are all printable ASCII characters."""
    m = _ATOM.fullmatch(atom)
    if m is None:
        return None
    rule, one, many = m.groups()
    items = [one] if one else [e.group(0) for e in _ESCAPED.finditer(many)]
    if any(i in ("-", "^", "[", "]", "\\") or (len(i) == 2 and i[1].isalnum()) for i in items):
        return None  # a range, a negation, a category (\\d): not a list of characters
    return [(i[-1], f"(?{rule}:{i})") for i in items]


def _by_first_char(patterns: Sequence[str], flags: int) -> list[tuple[str, list[int]]] | None:
    """The alternatives grouped by the character they start with: (lookahead, indices in their
    order) per character, or None unless every alternative provably starts with one of a few
    printable ASCII characters. Two groups never accept the same character (case folding only
    joins an ASCII letter with its other case and with non-ASCII characters such as the Kelvin
    sign, never two ASCII characters), so at any offset only one group is tried, and in it the
    alternatives that can match there, in their order: the union's match does not change."""
    groups: dict[str, tuple[set[str], list[int]]] = {}
    for n, p in enumerate(patterns):
        try:
            first = _first(list(_parsed(p, flags).data), bool(flags & re.IGNORECASE))
        except Exception:  # an unknown parse tree: no grouping
            return None
        if not first:
            return None
        for atom in sorted(first):
            chars = _atom_chars(atom)
            if chars is None:
                return None
            for char, one in chars:
                atoms, members = groups.setdefault(char.lower(), (set(), []))
                atoms.add(one)
                if not members or members[-1] != n:
                    members.append(n)
    if len(groups) < 2:
        return None
    return [(f"(?={'|'.join(sorted(atoms))})", members) for atoms, members in groups.values()]


#: Unions of at least this many alternatives are split by first character (`_dispatch`);
#: below it, trying a group's guard per character costs about what it saves.
DISPATCH_MIN = 24
#: English word starts, most frequent first: the order `_dispatch` tries its groups in.
_FREQUENT = "tasowihcbpfmdrelngupyvjkqzxTASOWIHCBPFMDRELNGUYVJKQZX0123456789"
#: A back-reference: numbering changes when an alternative is written twice.
_GROUPREF = re.compile(r"\\[1-9]|\(\?P=")


def _first_chars(pattern: str, flags: int) -> re.Pattern[str] | None:
    """A pattern of the characters a match of `pattern` can start with, or None when unsure."""
    try:
        first = _first(list(_parsed(pattern, flags).data), bool(flags & re.IGNORECASE))
    except Exception:  # an unknown parse tree: unsure
        return None
    return re.compile("|".join(sorted(first))) if first else None


def _groups(can: dict[str, tuple[int, ...]]) -> dict[tuple[int, ...], list[str]]:
    """Characters with the same alternatives, together (characters with none left out)."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for ch, members in can.items():
        if members:
            groups.setdefault(members, []).append(ch)
    return groups


def _dispatch(patterns: Sequence[str], flags: int, guarded: list[str], written: list[str]) -> str | None:
    """The alternatives grouped by the ASCII character a match starts with, each group behind a
    lookahead of its characters: at a position only the alternatives that can start with its
    character are tried, in their order (an alternative whose first character is not known is
    in every group; a non-ASCII character tries all of them). The groups' characters do not
    overlap, so the first alternative that matches is the same as in the plain union."""
    if any(_GROUPREF.search(p) for p in patterns):
        return None
    firsts = [_first_chars(p, flags) for p in patterns]
    ascii_chars = [chr(n) for n in range(128)]
    can = {ch: tuple(n for n, f in enumerate(firsts) if f is None or f.fullmatch(ch)) for ch in ascii_chars}
    groups = _groups(can)
    if sum(len(guarded[n]) for members in groups for n in members) > 4 * sum(map(len, guarded)):
        # Too long to compile quickly (alternatives opening with [A-Z] written once per capital):
        # the capitals as one group, its members those of any of them (a superset, in order:
        # the first alternative that matches is still the same).
        upper = tuple(sorted({n for ch, members in can.items() if ch.isupper() for n in members}))
        groups = _groups({ch: upper if ch.isupper() else members for ch, members in can.items()})

    def rank(chars: list[str]) -> int:
        return min(_FREQUENT.find(c) % (len(_FREQUENT) + 1) for c in chars)

    def member(n: int, chars: list[str]) -> str:
        # Speed only: in a group every character of which the alternative can start with, its
        # guard (`first_guard`, a lookahead of those characters) holds wherever the group's does,
        # so it is left out (one lookahead less per alternative at each word start). Kept where
        # the group is a superset (the capitals above) or has characters it cannot start with.
        if all(n in can[c] for c in chars):
            return f"(?:{written[n]})"
        return guarded[n]

    heads = [_head_words(p) for p in patterns]

    def tried(members: tuple[int, ...], chars: list[str]) -> str:
        # Speed only: a group holding several alternatives that open with a word list and a
        # space (`\b(?i:an?|the|one)\s+...`) tries them only where one of those words and a
        # space follow (`_head_words`): the lookahead of their words is implied by each of them
        # (it is a prefix of its own match), so where it fails none of them can match and the
        # others are tried in their order; where it holds, all are, in their order. The first
        # alternative that matches does not change. (Twelve were entered at every "t", "a", "o".)
        body = "|".join(member(n, chars) for n in members)
        led = [h for h in (heads[n] for n in members) if h is not None]
        if len(led) < _HEADED_MIN:
            return body
        guard = _heads_guard(led, flags)
        rest = "|".join(member(n, chars) for n in members if heads[n] is None)
        return f"(?={guard})(?:{body})" + (f"|(?!{guard})(?:{rest})" if rest else "")

    ranked = sorted(groups.items(), key=lambda kv: rank(kv[1]))
    parts = [
        f"(?=(?-i:[{''.join(re.escape(c) for c in chars)}]))(?:{tried(members, chars)})"
        for members, chars in ranked
    ]
    # Speed only: the groups (after the first `_FLAT`) in buckets of `_BUCKET`, each bucket behind
    # a lookahead of all its groups' characters, so that a word start tries a few lookaheads, not
    # one per group before its own (the person-mention union's capitals came after eleven). The
    # groups' characters do not overlap: at an offset only the bucket holding its character can
    # match, and in it only the group of that character, so the match is the flat list's.
    buckets = [
        f"(?=(?-i:[{''.join(re.escape(c) for _, chars in ranked[i : i + _BUCKET] for c in chars)}]))"
        f"(?:{'|'.join(parts[i : i + _BUCKET])})"
        for i in range(_FLAT, len(parts), _BUCKET)
    ]
    buckets[:0] = parts[:_FLAT]
    # A non-ASCII character tries every alternative. Its class is case-sensitive: under
    # IGNORECASE `[^\x00-\x7f]` refused the characters that fold to ASCII letters (the Kelvin
    # sign, long s, dotted and dotless i), which no ASCII group takes either, so "\u212aing" missed
    # `\bking\b` where the plain union finds it.
    buckets.append(f"(?=(?-i:[^\\x00-\\x7f]))(?:{'|'.join(guarded)})")
    return "|".join(buckets)


#: A pattern that opens with `\b`, or lookbehinds (`(?<!shot )`, `(?:(?<=killed )|(?<=killing ))`)
#: and maybe `\b`, then a group of plain words (`(?i:an?|the|one)`, `(?:his|her)`) and `\s` that is
#: not optional (`\s`, `\s+`): every match starts with one of the words and a space (what comes
#: before them consumes nothing).
_BEHIND = r"\(\?<[!=](?:[^()\\]|\\[^()])*\)"  # a lookbehind, no parenthesis inside (escaped or not)
_HEAD = re.compile(
    rf"((?:(?:{_BEHIND}|\(\?:{_BEHIND}(?:\|{_BEHIND})*\))+)?(?:\\b)?)"
    r"\((\?i?:)([A-Za-z]+\??(?:\|[A-Za-z]+\??)*)\)\\s(?![*?{])"
)
#: Alternatives of a `_dispatch` group with such words before they share one lookahead of them.
_HEADED_MIN = 3


def _head_words(pattern: str) -> tuple[str, tuple[str, ...]] | None:
    """(the group's opening, `?i:` or `?:`; its words) of a pattern that `_HEAD` matches at its
    start and that has no "|" at its top level (else another alternative of it may match
    without the words); None otherwise."""
    m = _HEAD.match(pattern)
    if m is None or not m.group(1) or _top_alternatives(pattern) != [pattern]:
        return None
    try:  # what comes before the words: checked with `re`'s own parser to consume nothing
        if not _zero_width(_parsed(m.group(1), 0).data):
            return None
    except Exception:  # not a pattern on its own
        return None
    return m.group(2), tuple(m.group(3).split("|"))


def _heads_guard(heads: Sequence[tuple[str, tuple[str, ...]]], flags: int) -> str:
    """The words of `heads` and a space, as one pattern (words of one opening in one group; the
    union's flags apply here as in the patterns they come from), `_cased_heads` applied."""
    by_opening: dict[str, set[str]] = {}
    for opening, words in heads:
        by_opening.setdefault(opening, set()).update(words)
    groups = "|".join(
        f"({opening}{'|'.join(sorted(words))})" for opening, words in sorted(by_opening.items())
    )
    return _cased_heads(f"(?:{groups})\\s", flags)


#: Groups of `_dispatch` behind one lookahead; the first `_FLAT` (the commonest word starts:
#: "t" of "the", "to", "that") before the buckets, each behind its own lookahead only.
_BUCKET = 4
_FLAT = 1


def _after_boundary(pattern: str, flags: int) -> str:
    """`pattern` without the `\\b` it opens with, for a union whose every match starts after
    `\\b(?=\\w)`: speed only, the alternative starts where the union's `\\b` was just tested
    (what comes before it in the union, guards of its first character, consumes nothing), so
    the same test there holds and changes nothing. `pattern` as written when it does not open
    with `\\b` (a repeat of `\\b` is no pattern; the flags of the union apply to both)."""
    if not pattern.startswith(r"\b"):
        return pattern
    try:
        items = list(_parsed(pattern, flags).data)
    except Exception:  # an unknown parse tree: as written
        return pattern
    return pattern[2:] if items and items[0] == (_c.AT, _c.AT_BOUNDARY) else pattern


#: The characters `re` matches with an ASCII letter under IGNORECASE (Unicode), other than its
#: two cases (tests/test_speed_rules.py checks this against every code point).
_NOCASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
#: One alternative of a `(?i:...)` group `_cased_heads` rewrites: an ASCII letter, then letters,
#: spaces, hyphens, apostrophes, `\s` and repeats of them (no group, class or escape else; the
#: letter itself not repeated).
_PLAIN_ALTERNATIVE = re.compile(r"[A-Za-z](?![?*+{])(?:[A-Za-z '’-]|\\s|[?*+](?!\+))*+")
#: `(?i:` opening a group, or what the scan in `_cased_heads` steps over whole: an escape, a class.
_OPENING = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*+\]|\(\?i:", re.DOTALL)


def _cased_heads(pattern: str, flags: int) -> str:
    """`pattern` with each `(?i:w1|w2|...)` whose alternatives are plain words (`_PLAIN_ALTERNATIVE`)
    written `(?:[Ww](?i:1)|...)`: each word's first letter as a case-sensitive class of the
    characters `(?i:w)` matches (`_NOCASE_EXTRA`), the rest as it was.

    Speed only: `re` tries an alternative that opens with a plain class or character only when
    the text's character is in it, but enters every one opening with a letter under IGNORECASE
    (the person-mention union's noun lists, forty words tried one by one after every "a" and
    "the"). A letter under IGNORECASE and its class match the same characters, one each, and the
    words stay in their order, so each alternative and the group match what they matched."""
    if flags & (re.VERBOSE | _ASCII_OR_LOCALE) or "(?i:" not in pattern:
        return pattern
    out: list[str] = []
    at = 0
    for m in _OPENING.finditer(pattern):
        if m.group(0) != "(?i:" or m.start() < at:
            continue
        close = pattern.find(")", m.end())
        body = pattern[m.end() : close]
        words = body.split("|")
        if close < 0 or not all(_PLAIN_ALTERNATIVE.fullmatch(w) for w in words):
            continue
        heads = []
        for w in words:
            low = w[0].lower()
            cased = f"{low}{low.upper()}{_NOCASE_EXTRA.get(low, '')}"
            heads.append(f"[{cased}]" + (f"(?i:{w[1:]})" if len(w) > 1 else ""))
        out += [pattern[at : m.start()], f"(?:{'|'.join(heads)})"]
        at = close + 1
    return "".join(out) + pattern[at:] if out else pattern


def union(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """`(?:a)|(?:b)|...` compiled; the same matches, faster when each starts on a word character,
    and when each starts with a known character: then each offset tries only the alternatives
    that can start with its character (the outcome cues' union: 4x fewer tries; `_by_first_char`,
    or for a union of many alternatives some of which start with a class, `_dispatch`)."""
    if flags & _ASCII_OR_LOCALE:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    if patterns and all(word_start(p, flags) for p in patterns):
        prefix = r"\b(?=\w)"
    elif patterns and all(starts_with_word(p, flags) for p in patterns):
        prefix = r"(?=\w)"
    else:
        prefix = ""
    written = [_after_boundary(p, flags) if prefix == r"\b(?=\w)" else p for p in patterns]
    written = [_cased_heads(w, flags) for w in written]
    guarded = [f"(?:{first_guard(p, flags)}(?:{w}))" for p, w in zip(patterns, written, strict=True)]
    groups = _by_first_char(patterns, flags)
    if groups is None:
        body = "|".join(guarded)
    else:
        body = "|".join(f"{guard}(?:{'|'.join(guarded[i] for i in members)})" for guard, members in groups)
    if not prefix:
        return re.compile(body, flags)
    if groups is None and len(patterns) >= DISPATCH_MIN:
        split = _dispatch(patterns, flags, guarded, written)
        if split is not None:
            try:
                return re.compile(rf"{prefix}(?:{split})", flags)
            except re.error:  # a named group written twice: the plain union
                pass
    return re.compile(rf"{prefix}(?:{body})", flags)


def starts(union: re.Pattern[str], text: str, lo: int, hi: int) -> list[int]:
    """Every offset in [lo, hi) where some alternative of `union` matches (within `hi`)."""
    out = []
    m = union.search(text, lo, hi)
    while m is not None:
        out.append(m.start())
        m = union.search(text, m.start() + 1, hi)
    return out


def finditer_at(
    pattern: re.Pattern[str], text: str, at: Sequence[int], lo: int, hi: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, lo, hi)` when `pattern` is one alternative of a union and `at` its
    `starts` there: a match can only start where the union matches, so only those offsets are
    tried (once, anchored) instead of every offset of the span."""
    end = lo
    for p in at:
        if p < end:
            continue  # inside the last match: finditer goes on from its end
        m = pattern.match(text, p, hi)
        if m is None:
            continue
        if m.end() == m.start():  # an empty match: finditer's own rules, from here on
            yield from pattern.finditer(text, p, hi)
            return
        yield m
        end = m.end()


class FirstChars:
    """Which of several patterns can start a match at a given character (from the characters
    each can start with; a pattern whose first character is not known can start anywhere).

    With `starts` of their union, `offsets` gives each pattern only the offsets where it can
    start: a pattern then is not tried at all in most spans (speed only: the offsets left out
    are ones where its `match` would fail, so `finditer_at` finds the same matches)."""

    #: Characters remembered at most (a text's rare characters are not kept forever).
    _KEEP = 4096

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._firsts = [_first_chars(p.pattern, p.flags) for p in patterns]
        self._by_char: dict[str, tuple[int, ...]] = {}

    def at(self, ch: str) -> tuple[int, ...]:
        """Indices of the patterns that can start a match with `ch`, in order."""
        got = self._by_char.get(ch)
        if got is None:
            got = tuple(n for n, f in enumerate(self._firsts) if f is None or f.fullmatch(ch))
            if len(self._by_char) < self._KEEP:
                self._by_char[ch] = got
        return got

    def offsets(self, text: str, at: Sequence[int]) -> dict[int, list[int]]:
        """Pattern index -> the offsets of `at` (in order) where that pattern can start."""
        out: dict[int, list[int]] = {}
        for p in at:
            for n in self.at(text[p]):
                out.setdefault(n, []).append(p)
        return out


#: A named group's opening (not an escaped parenthesis).
_NAMED = re.compile(r"(?<!\\)\(\?P<[A-Za-z_]\w*>")


def _anchored(pattern: str, flags: int) -> bool:
    """Whether every match of `pattern` starts at the beginning of the string (a leading `^`
    without MULTILINE, or `\\A`); False when unsure."""
    try:
        parsed = _parsed(pattern, flags)
    except Exception:  # an unknown parse tree: unsure
        return False
    if parsed.state.flags & re.MULTILINE:
        return False
    items = list(parsed.data)
    return bool(items) and items[0] in ((_c.AT, _c.AT_BEGINNING), (_c.AT, _c.AT_BEGINNING_STRING))


class TailCut:
    """`pattern.sub("", text)` for a pattern whose every match ends with one of `ends` (lower
    case; any case in the text) followed by white space alone (`...\\s*$`), searched only when
    the text ends so. Speed only: `re` tries such a pattern at every white space of the text.
    `\\s` and `str.rstrip` take the same characters, so a text whose end, white space stripped,
    is ASCII and ends with none of `ends` in any case has no match (under IGNORECASE an ASCII
    letter matches only ASCII letters besides a few others, which make it search)."""

    def __init__(self, pattern: re.Pattern[str], ends: Sequence[str]) -> None:
        self.pattern = pattern
        self.ends = tuple(ends)
        self._longest = max(map(len, self.ends))

    def __call__(self, text: str) -> str:
        tail = text.rstrip()[-self._longest :]
        if tail.isascii() and not tail.lower().endswith(self.ends):
            return text
        return self.pattern.sub("", text)


class AnyOf:
    """Whether some pattern of a list matches in a string, as `any(p.search(s) for p in ...)`:
    the patterns anchored at the string's start are tried there once (`match`; one that needs
    a word the string lacks not at all), the others as one `union`, which then gets its
    word-start guard (an anchored pattern denied it)."""

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self._plain: list[re.Pattern[str]] | None = None
        try:
            self._build(patterns, flags)
        except re.error:  # not expressible as unions (a name two conditionals test): one by one
            self._plain = [re.compile(p, flags) for p in patterns]

    def _build(self, patterns: Sequence[str], flags: int) -> None:
        if not any("(?P=" in p or "(?(" in p for p in patterns):  # no back-reference or test uses names
            patterns = [_NAMED.sub("(?:", p) for p in patterns]  # two may share a group name
        anchored = [p for p in patterns if _anchored(p, flags)]
        rest = [p for p in patterns if not _anchored(p, flags)]
        words = [p for p in rest if word_start(p, flags)]
        other = [p for p in rest if not word_start(p, flags)]
        # Anchored patterns with a word each match must hold are tried alone, only when the text
        # holds one of their words (`^[^.;]{0,70}?\bsince\s+...` scans 70 characters to fail).
        filters = [(p, required_words(p, flags)) for p in anchored]
        self._anchored_words = [(runs, re.compile(p, flags)) for p, runs in filters if runs]
        plain = [p for p, runs in filters if not runs]
        self._anchored = re.compile("|".join(f"(?:{p})" for p in plain), flags) if plain else None
        # Word starts apart: one pattern that may start inside a word denies the rest their guard.
        # Each union with the words one of which its every match holds (`LiteralFilter`).
        self._unions = [
            (union(group, flags), LiteralFilter.of(group, flags)) for group in (words, other) if group
        ]
        self._words = LiteralFilter.of(rest, flags) if rest else None

    def search(self, text: str) -> bool:
        if self._plain is not None:
            return any(p.search(text) is not None for p in self._plain)
        if self._anchored is not None and self._anchored.match(text) is not None:
            return True
        folded = fold(text)
        for runs, pattern in self._anchored_words:
            for run in runs:  # plain loops: generators here cost more than the searches
                for word in run:
                    if word in folded:
                        break
                else:
                    break  # no word of this group: no match
            else:
                if pattern.match(text) is not None:
                    return True
        return any(
            (words is None or words.may_match_folded(folded)) and u.search(text) is not None
            for u, words in self._unions
        )


# -- literal prefilters ---------------------------------------------------------------------
# A pattern search costs `re` tens of nanoseconds per character; a search for plain lower-case
# words in the case-folded text is many times cheaper (`re` skips to the words' first letters).
# When every match of every pattern must contain one of a few words, a text without any of
# them has no match, and the pattern search is skipped.

#: Sets of strings with more members than this are given up (a prefilter of thousands is slow).
_LIMIT = 300
#: The shortest word a prefilter may rely on (shorter ones are everywhere).
_MIN_WORD = 3
#: A prefilter of at most this many words looks for each in turn (`LiteralFilter`).
_FEW = 24


def _literal_ok(ch: str, nocase: bool) -> bool:
    """Whether the folded text (`fold`) holds `ch.casefold()` wherever the pattern matches `ch`.

    Under IGNORECASE an ASCII letter also matches "K" (Kelvin), "ſ", "İ" and "ı", which `fold`
    turns into the letter; other cased characters are left out (their folds are not checked)."""
    folded = ch.casefold()
    if "\u0307" in folded or "\u0131" in folded:
        return False
    return not nocase or ch.isascii() or ch.lower() == ch.upper()


def _literal_prefixes(items: Any, nocase: bool, optional: bool = False) -> tuple[set[str], bool]:
    """(strings one of which every match of `items` starts with, folded; whether that is all
    of every match). {""} when nothing is known. `optional`: an optional part (`x?`, `x*`)
    gives the starts of one turn of it and of what follows (a prefilter's words, needed in
    every match, stop there; `head_words`, which only ask how a match starts, go through)."""
    out = {""}
    items = list(items)
    for n, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is _c.LITERAL:
            ch = chr(av)
            if not _literal_ok(ch, nocase):
                return out, False
            out = {p + ch.casefold() for p in out}
            continue
        if op is _c.SUBPATTERN:
            _, add, drop, sub = av
            if (add | drop) & _ASCII_OR_LOCALE:
                return out, False
            subs, complete = _literal_prefixes(
                sub.data, (nocase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE, optional
            )
        elif op is _c.BRANCH:
            got = [_literal_prefixes(b.data, nocase, optional) for b in av[1]]
            subs = set().union(*(g[0] for g in got))
            complete = all(g[1] for g in got)
        elif op in _REPEATS and (av[0] >= 1 or optional):
            subs, complete = _literal_prefixes(av[2].data, nocase, optional)[0], False
            if av[0] == 0:  # one turn of it, or what follows
                subs |= _literal_prefixes(items[n + 1 :], nocase, optional)[0]
        else:
            return out, False
        joined = {p + s for p in out for s in subs}
        if len(joined) > _LIMIT:
            return out, False
        out = joined
        if not complete:
            return out, False
    return out, True


#: Words in most sentences: a filter on one of them passes nearly every text (speed only).
_COMMON = frozenset(
    {"the", "and", "for", "was", "were", "that", "with", "from", "his",
     "her", "has", "had", "have", "are", "not", "but", "this"}
)  # fmt: skip


def _usable(run: set[str]) -> bool:
    """Words a filter may rely on: of 3+ characters, or of 2 holding a character other than a
    letter ("0s" of "the 1990s": rarer than any word of letters the pattern needs)."""
    return bool(run) and all(len(w) >= _MIN_WORD or (len(w) == 2 and not w.isalpha()) for w in run)


def _best(runs: list[set[str]]) -> set[str] | None:
    """The run of words to filter on: none of the commonest words if possible, then the longest."""
    usable = [r for r in runs if _usable(r)]
    return max(usable, key=lambda r: (not r & _COMMON, min(map(len, r)), -len(r))) if usable else None


def _required(items: Any, nocase: bool) -> list[set[str]]:
    """Sets of folded strings each of which every match of `items` contains one of."""
    runs: list[set[str]] = []
    cur = {""}

    def close() -> None:
        nonlocal cur
        if cur != {""}:
            runs.append(cur)
        cur = {""}

    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the characters either side stay adjacent
        if op is _c.LITERAL:
            ch = chr(av)
            if _literal_ok(ch, nocase):
                cur = {p + ch.casefold() for p in cur}
            else:
                close()
            continue
        if op is _c.SUBPATTERN:
            _, add, drop, sub = av
            if (add | drop) & _ASCII_OR_LOCALE:
                close()
                continue
            inner = (nocase or bool(add & re.IGNORECASE)) and not drop & re.IGNORECASE
            subs, complete = _literal_prefixes(sub.data, inner)
            joined = {p + s for p in cur for s in subs}
            if len(joined) <= _LIMIT and complete:
                cur = joined
                continue
            if len(joined) <= _LIMIT:
                cur = joined
            close()
            runs.extend(_required(sub.data, inner))
            continue
        if op is _c.BRANCH:
            got = [_literal_prefixes(b.data, nocase) for b in av[1]]
            subs = set().union(*(g[0] for g in got))
            joined = {p + s for p in cur for s in subs}
            if len(joined) <= _LIMIT and all(g[1] for g in got):
                cur = joined
                continue
            if len(joined) <= _LIMIT:
                cur = joined
            close()
            # Each branch's own best: a match is one of the branches, so holds one of them.
            each = [_best(_required(b.data, nocase)) for b in av[1]]
            if all(e is not None for e in each):
                runs.append(set().union(*(e for e in each if e is not None)))
            continue
        if op in _REPEATS and av[0] >= 1:
            subs = _literal_prefixes(av[2].data, nocase)[0]
            joined = {p + s for p in cur for s in subs}
            if len(joined) <= _LIMIT:
                cur = joined
            close()
            runs.extend(_required(av[2].data, nocase))  # the first repetition is required
            continue
        close()  # a class, an optional part, anything else: the run of literals ends here
    close()
    return runs


def _phrase_of(items: Any, nocase: bool) -> tuple[str, int] | None:
    """(a pattern, case-sensitive, that the folded text (`fold`) matches wherever `items`
    matches in the text; the fewest characters other than white space a match of it has),
    or None when some item is not plain letters, white space (`\\s`) or a group of them."""
    parts: list[str] = []
    least = 0
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the characters either side stay adjacent
        if op is _c.LITERAL and _literal_ok(chr(av), nocase):
            parts.append(re.escape(chr(av).casefold()))
            least += len(chr(av).casefold())
        elif op is _c.IN and av == [(_c.CATEGORY, _c.CATEGORY_SPACE)]:
            parts.append(r"\s")  # white space folds to white space
        elif op in _REPEATS and av[0] >= 1:
            sub = _phrase_of(av[2].data, nocase)
            if sub is None:
                return None
            parts.append(f"(?:{sub[0]})+")  # at least once: the folded text has one turn
            least += sub[1]
        elif op is _c.SUBPATTERN and not (av[1] | av[2]):
            sub = _phrase_of(av[3].data, nocase)
            if sub is None:
                return None
            parts.append(f"(?:{sub[0]})" if sub[0] else "")  # "(?P<rest>)" matches nothing
            least += sub[1]
        elif op is _c.BRANCH:
            subs = [_phrase_of(b.data, nocase) for b in av[1]]
            if any(s is None for s in subs):
                return None
            bodies = [s[0] for s in subs if s is not None]
            parts.append(f"(?:{'|'.join(bodies)})" if any(bodies) else "")  # lookbehinds alone: nothing
            least += min(s[1] for s in subs if s is not None)
        else:
            return None
    return "".join(parts), least


def required_phrase(pattern: str, flags: int = 0) -> str | None:
    """A pattern, case-sensitive, that matches in the folded text (`fold`) wherever `pattern`
    matches in the text: its longest run of plain letters and white space ("of\\s+the", where
    `in` tests of words would need "of" and "the" apart). None when it has no run of three
    letters or more."""
    if flags & _ASCII_OR_LOCALE:
        return None
    try:
        parsed = _parsed(pattern, flags)
    except Exception:  # an unknown parse tree: nothing known
        return None
    if parsed.state.flags & _ASCII_OR_LOCALE:  # "(?a)" written in the pattern
        return None
    nocase = bool(parsed.state.flags & re.IGNORECASE)
    best: tuple[str, int] | None = None
    run: list[tuple[Any, Any]] = []
    for item in [*parsed.data, None]:  # None closes the last run
        if item is not None and _phrase_of([item], nocase) is not None:
            run.append(item)
            continue
        while run and _phrase_of(run[:1], nocase) in ((r"\s", 0), (r"(?:\s)+", 0)):
            run.pop(0)  # white space at either end adds nothing to look for
        while run and _phrase_of(run[-1:], nocase) in ((r"\s", 0), (r"(?:\s)+", 0)):
            run.pop()
        got = _phrase_of(run, nocase)
        if got is not None and (best is None or got[1] > best[1]):
            best = got
        run = []
    return best[0] if best is not None and best[1] >= _MIN_WORD else None


def phrase_finder(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str] | None:
    """A pattern, case-sensitive, whose search of the folded text (`fold`) finds something
    wherever one of `patterns` matches in the text (`required_phrase` of each); None when
    one has none. Speed only: a plain search where the patterns' union tries every word."""
    phrases = [required_phrase(p, flags) for p in patterns]
    if not phrases or any(p is None for p in phrases):
        return None
    return re.compile("|".join(f"(?:{p})" for p in sorted(set(filter(None, phrases)))))


def required_words(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """Groups of words (folded, `fold`) such that every match of `pattern` holds a word of
    each group: a text lacking every word of one group has no match. Empty when unsure."""
    if flags & _ASCII_OR_LOCALE:
        return ()
    try:
        parsed = _parsed(pattern, flags)
        runs = _required(list(parsed.data), bool(parsed.state.flags & re.IGNORECASE))
    except Exception:  # an unknown parse tree: nothing known
        return ()
    out: list[tuple[str, ...]] = []
    for run in sorted(
        (r for r in runs if r and min(map(len, r)) >= _MIN_WORD), key=lambda r: bool(r & _COMMON)
    ):
        kept: list[str] = []
        for w in sorted(run, key=lambda w: (len(w), w)):  # a word holding a shorter one adds nothing
            if not any(k in w for k in kept):
                kept.append(w)
        if tuple(kept) not in out:
            out.append(tuple(kept))
    return tuple(out)


def fold(text: str) -> str:
    """The text as a `LiteralFilter` reads it: case-folded, "İ" and "ı" read as "i"."""
    if text.isascii():
        return text.casefold()
    try:
        encoded = text.encode()
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for it
        return _fold_each(text)
    # Speed only: `str.casefold` of a text with one character other than ASCII maps every
    # character through the Unicode tables (about 20 times the cost of an ASCII text's); most
    # such texts hold only a few, all of them unchanged by `fold` (quotation marks, dashes).
    # Exact: `casefold` maps each character on its own (no context), and both replacements
    # swap or drop one character, so `fold(text)` is the `fold` of each character joined.
    # `others` is the characters other than ASCII, in order (UTF-8 writes each as bytes of
    # 0x80 and over only, so dropping the ASCII bytes leaves them whole). When `fold(others)`
    # is `others`, `fold` keeps each of them: no "\u0307" is in it (`fold` drops every one),
    # so none folds to nothing, the lengths agree, and each folds to one character, itself.
    # Then `fold(text)` is the text with each ASCII letter lower-cased (`casefold` of ASCII),
    # which `bytes.lower` does to the UTF-8 (it changes only the bytes "A" to "Z").
    others = encoded.translate(None, _ASCII_BYTES).decode()
    if _fold_each(others) != others:
        return _fold_each(text)
    return encoded.lower().decode()


@per_digest
def folded_text(text: str) -> str:
    """`fold(text)`, once per text inside a `digest_scope` (a whole article that the summary,
    the figure reader and the crime-story test each fold)."""
    return fold(text)


def _fold_each(text: str) -> str:
    """`fold(text)` read character by character through the Unicode tables."""
    folded = text.casefold()
    return folded if folded.isascii() else folded.replace("\u0307", "").replace("\u0131", "i")


#: Every ASCII byte (`fold` drops them to find a text's other characters).
_ASCII_BYTES = bytes(range(128))


#: A prefix tree of words: a character -> the tree of what follows it; "" marks a word's end.
_Trie = dict[str, "_Trie"]


def word_tree(words: Sequence[str]) -> str:
    """`words` as one pattern written as their prefix tree ("s(?:even(?:t(?:een|y))?|ix)"):
    `re` tries a flat list's alternatives one by one at every offset, so a hundred words cost a
    hundred tries per character, the tree one branch per letter. Each word matches; where one
    word begins another, the longer is tried first (as in a flat list sorted longest first).
    Never matches when `words` is empty."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:
            return f"(?:{'|'.join(alts)})?"
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(root) if root else "(?!)"


def head_words(pattern: str, flags: int) -> list[str] | None:
    """Lower-case letters (at most four, from the start), one run of which every match of
    `pattern` starts with, in any case; None when some match need not start with a letter
    written in the pattern. In `heads_lowered(text)`, a match of `pattern` at an offset has one
    of them there (speed only: a pattern of plain letters finds the offsets to try)."""
    try:
        firsts, _ = _literal_prefixes(_parsed(pattern, flags).data, bool(flags & re.IGNORECASE), True)
    except Exception:  # an unknown parse tree: no heads
        return None
    heads = set()
    for first in firsts:
        head = re.match(r"[a-z0-9_]{1,4}", first.lower()) if first.isascii() else None
        if head is None:
            return None  # a match that may start with no letter known, or not an ASCII one
        heads.add(head.group(0))
    return sorted(heads)


def occurrences(haystack: str, needle: str) -> Iterator[int]:
    """Every offset where `needle` (not empty) starts in `haystack`, overlapping ones too
    (`str.find`, which skips in C: a plain word is looked for where it stands, not tried by a
    pattern at every offset)."""
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + 1)


def heads_lowered(text: str) -> str | None:
    """`text` lower-cased for `head_words`, every offset kept: the two letters other than ASCII
    ones that `re` matches with an ASCII letter in any case written as that letter ("K" and "İ"
    lower-case to one); None when lower-casing changes the length ("İ" becomes two characters)."""
    return heads_of_lowered(text.lower(), text)


def heads_of_lowered(lowered: str, text: str) -> str | None:
    """`heads_lowered(text)` from `lowered`, which is `text.lower()` (a caller that has it)."""
    if text.isascii():
        return lowered
    if len(lowered) != len(text):
        return None
    for letter, ascii_letter in _ASCII_IN_ANY_CASE:
        if letter in lowered:  # (str.replace, not str.translate: that reads a dict per character)
            lowered = lowered.replace(letter, ascii_letter)
    return lowered


#: Lower-case letters other than ASCII ones that `re` with IGNORECASE matches with an ASCII letter
#: (the others, "İ" and "K", lower-case to ASCII letters).
_ASCII_IN_ANY_CASE = (("\u017f", "s"), ("\u0131", "i"))


#: Characters of folded English text, commonest first (`_anchored_trie` finds each word from a
#: rare character of it; a character not listed counts as rarer than all of these).
_COMMON_CHARS = " etaoinsrhldcumfpgwybv,.kx-jqz"


def _commonness(ch: str) -> int:
    """How common `ch` is in folded English text (`_COMMON_CHARS`): higher is commoner."""
    at = _COMMON_CHARS.find(ch)
    return -1 if at < 0 else len(_COMMON_CHARS) - at


def _anchors(words: Sequence[str]) -> set[str]:
    """Characters, each word (none empty) holding one: the words' rarest characters, then the
    commonest of those dropped while every word still holds one of the rest."""
    kept = {min(w, key=_commonness) for w in words}
    for ch in sorted(kept, key=_commonness, reverse=True):
        if all(any(c in kept and c != ch for c in w) for w in words):
            kept.discard(ch)
    return kept


def _anchored_trie(words: Sequence[str]) -> str:
    """A pattern whose search finds a match exactly when one of `words` occurs in the text, each
    word found from its rarest character: `w[k]`, then the rest of the word, then a lookbehind
    of the whole word (`n(?:t(?<=sent))` for "sent"), the words grouped as a prefix tree of the
    character and what follows it.

    Speed only: `re` skips in C to the characters a match can start with, and a search of the
    plain tree (`_trie`) stops at the first letter of any word (most letters of a text); here
    only at the words' rarest characters (about half as many in English text). The match found
    may be another word, or the same at another offset, but a match exists exactly when a word
    occurs: an occurrence of `w` holds `w[k]` at some offset p, the rest of `w` after it, and
    `w` before p + len(w) - k; and whatever matches spells `w[k:]` and ends after `w`."""
    if any(not w for w in words):
        return ""  # the empty word occurs in every text
    anchors = _anchors(words)
    root: _Trie = {}
    ends: dict[int, set[str]] = {}  # id of a node -> the words found at it
    for word in words:
        k = min((i for i, ch in enumerate(word) if ch in anchors), key=lambda i: _commonness(word[i]))
        node = root
        for ch in word[k:]:
            node = node.setdefault(ch, {})
        ends.setdefault(id(node), set()).add(word)

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items())]
        alts += [f"(?<={re.escape(w)})" for w in sorted(ends.get(id(node), ()))]
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(root) if root else "(?!)"


class LiteralFilter:
    """Words one of which every match of some patterns contains: `may_match(text)` is False
    only when none of the patterns can match in `text` (nor in any window of it)."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        self._re = re.compile(_anchored_trie(self.words))
        # A few words are looked for one by one (`str.__contains__`): faster than the tree's
        # search, which stops at every character some word is found from (the 13 denial words
        # in an article: 41 -> 16 us); many words as the tree (`_anchored_trie`).
        self._few = len(self.words) <= _FEW

    @classmethod
    def of_compiled(cls, pattern: re.Pattern[str]) -> LiteralFilter | None:
        """`of` the one compiled `pattern`, with its own flags."""
        return cls.of([pattern.pattern], pattern.flags)

    @classmethod
    def of(cls, patterns: Sequence[str], flags: int = 0) -> LiteralFilter | None:
        """The filter of `patterns`, or None when one of them needs no word of 3+ characters
        (nor of 2 with a character other than a letter: `_usable`)."""
        if flags & _ASCII_OR_LOCALE:
            return None
        words: set[str] = set()
        for pattern in patterns:
            try:
                parsed = _parsed(pattern, flags)
            except Exception:  # an unknown parse tree: no filter
                return None
            best = _best(_required(list(parsed.data), bool(parsed.state.flags & re.IGNORECASE)))
            if best is None:
                return None
            words |= best
        kept: list[str] = []
        for w in sorted(words, key=len):  # a word holding a shorter one adds nothing
            if not any(k in w for k in kept):
                kept.append(w)
        return cls(kept) if len(kept) <= _LIMIT else None

    def may_match(self, text: str) -> bool:
        # Speed only: `self.may_match_folded(fold(text))` written out, an ASCII text folded as
        # `fold` folds it (`casefold`): the same test, two calls fewer (most callers' texts).
        folded = text.casefold() if text.isascii() else fold(text)
        if self._few:
            return any(map(folded.__contains__, self.words))
        return self._re.search(folded) is not None

    def may_match_text(self, text: str) -> bool:
        """`may_match` of a whole text that several readers test (an article): folded once per
        digest (`folded_text`; speed only, the same folded text)."""
        return self.may_match_folded(folded_text(text))

    def may_match_folded(self, folded: str) -> bool:
        """`may_match` of a text already folded (`fold`)."""
        if self._few:
            return any(map(folded.__contains__, self.words))
        return self._re.search(folded) is not None


def _scan(pattern: str) -> tuple[list[tuple[int, int]], bool]:
    """(offset, parenthesis depth after it) of each character of `pattern` that is neither
    escaped nor in a character class; and whether its brackets balance (no ")" unopened, every
    group and class closed)."""
    out: list[tuple[int, int]] = []
    depth, in_class, i, balanced = 0, False, 0, True
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a "]" first in a class is a character
        else:
            depth += (ch == "(") - (ch == ")")
            balanced = balanced and depth >= 0
            out.append((i, depth))
        i += 1
    return out, balanced and not depth and not in_class


def _top_alternatives(body: str) -> list[str] | None:
    """`body` cut at its top-level "|" (outside groups and classes), or None when its brackets
    do not balance."""
    marks, balanced = _scan(body)
    if not balanced:
        return None
    cuts = [i for i, depth in marks if depth == 0 and body[i] == "|"]
    return [body[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(body)], strict=True)]


def spread_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern` at its top level, a leading group's alternatives spread
    over the rest: `(?:took|seized) control|overran` gives 'took control', 'seized control',
    'overran'. Some alternative matches at an offset exactly when `pattern` does (a union of
    them tries at each offset only those that can start there). ValueError when the brackets
    of `pattern` do not balance."""
    alternatives = _top_alternatives(pattern)
    if alternatives is None:
        raise ValueError(f"unbalanced brackets: {pattern}")
    out = []
    for alt in alternatives:
        close = next((i for i, depth in _scan(alt)[0] if depth == 0), -1) if alt.startswith("(?:") else -1
        inner = _top_alternatives(alt[3:close]) or [] if close > 0 else []
        if len(inner) > 1:
            out += [w for each in inner for w in spread_alternatives(each + alt[close + 1 :])]
        else:
            out.append(alt)
    return out


def finder(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern whose `search` finds a match exactly where `pattern` has one somewhere, for
    a caller that only asks whether it does (the match found may be another): a pattern
    written as one group of alternatives between word boundaries, `\\b(?:a|b|...)\\b`, is
    compiled as the `union` of `\\b(?:a)\\b`, `\\b(?:b)\\b`, ..., so that each offset tries
    only the alternatives that can start with its character (a list of sixty nouns was tried
    noun by noun at every word). Any other pattern is compiled as written."""
    head, tail = r"\b(?:", r")\b"
    if pattern.startswith(head) and pattern.endswith(tail):
        alternatives = _top_alternatives(pattern[len(head) : -len(tail)])
        if alternatives is not None and len(alternatives) > 1:
            try:
                # The group must close only at the end: "\b(?:a)|(?:b)\b" is no such pattern.
                if _top_alternatives(pattern[len(head) - 3 :]) == [pattern[len(head) - 3 :]]:
                    return union([rf"\b(?:{a})\b" for a in alternatives], flags)
            except re.error:  # pragma: no cover - an alternative that does not compile alone
                pass
    return re.compile(pattern, flags)


class WordGroups:
    """Which of some words a text holds, as `[w for w in words if w in text]` finds them (in
    another order): the words are grouped under a piece of a few characters that each of its
    group holds, and a group is looked at only when the text holds its piece. Speed only: most
    texts hold a few of the pieces, so most words are never looked for (a sentence was tested
    for each of the 47 speech-cue words)."""

    def __init__(self, words: Sequence[str], size: int = 4) -> None:
        left = set(words)
        self.groups: list[tuple[str, tuple[str, ...]]] = []
        while left:
            pieces: dict[str, set[str]] = {}
            for w in left:
                for piece in {w[i : i + size] for i in range(len(w) - size + 1)} or {w}:
                    pieces.setdefault(piece, set()).add(w)
            piece, members = max(pieces.items(), key=lambda kv: (len(kv[1]), kv[0]))
            self.groups.append((piece, tuple(sorted(members))))
            left -= members

    def present(self, text: str) -> list[str]:
        """The words `text` holds."""
        return [w for piece, members in self.groups if piece in text for w in members if w in text]
