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

import re
from collections.abc import Iterator, Sequence
from typing import Any

try:  # the parser `re.compile` uses (Python 3.11+: re._parser; before: sre_parse)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
#: Under (?a) or (?L), \w and \b are not the Unicode ones this module reasons with.
_ASCII_OR_LOCALE = re.ASCII | re.LOCALE


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
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
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
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            if not _word_start(av[2].data, guarded):
                return False
            return bool(av[0] >= 1 or _word_start(items[n + 1 :], guarded))
        return False
    return False


def word_start(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` starts a word (False when unsure)."""
    try:
        return _word_start(_p.parse(pattern, flags).data)
    except Exception:  # an unknown parse tree: stay unsure
        return False


def starts_with_word(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` begins with a word character (False when unsure)."""
    try:
        return _starts_with_word(_p.parse(pattern, flags).data)
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
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
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
        items = list(_p.parse(pattern, flags).data)
        first = _first(items, bool(flags & re.IGNORECASE))
    except Exception:  # an unknown parse tree: no guard
        return ""
    if not first or not _looks_around_first(items):
        return ""  # a pattern that starts with its first character fails there anyway
    return f"(?={'|'.join(sorted(first))})"


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
            first = _first(list(_p.parse(p, flags).data), bool(flags & re.IGNORECASE))
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


def union(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """`(?:a)|(?:b)|...` compiled; the same matches, faster when each starts on a word character,
    and when each starts with a known character: then each offset tries only the alternatives
    that can start with its character (the outcome cues' union: 4x fewer tries)."""
    if flags & _ASCII_OR_LOCALE:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    alternatives = [f"(?:{first_guard(p, flags)}(?:{p}))" for p in patterns]
    groups = _by_first_char(patterns, flags)
    if groups is None:
        body = "|".join(alternatives)
    else:
        body = "|".join(
            f"{guard}(?:{'|'.join(alternatives[i] for i in members)})" for guard, members in groups
        )
    if patterns and all(word_start(p, flags) for p in patterns):
        return re.compile(rf"\b(?=\w)(?:{body})", flags)
    if patterns and all(starts_with_word(p, flags) for p in patterns):
        return re.compile(rf"(?=\w)(?:{body})", flags)
    return re.compile(body, flags)


def starts(union: re.Pattern[str], text: str, lo: int, hi: int) -> list[int]:
    """Every offset in [lo, hi) where some alternative of `union` matches (within `hi`)."""
    out = []
    m = union.search(text, lo, hi)
    while m is not None:
        out.append(m.start())
        m = union.search(text, m.start() + 1, hi)
    return out


def finditer_at(
    pattern: re.Pattern[str], text: str, at: list[int], lo: int, hi: int
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
