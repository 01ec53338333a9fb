"""Many regexes as one alternation, with a guard that lets `re` skip most positions.

Python's `re` tries every alternative of `(?:a)|(?:b)|...` at every position of
the text. When every alternative can only start on a word character (a letter
or digit, after any lookbehind, `\\b` or lookahead), the union is prefixed with
`(?=\\w)`: the same matches, found without trying the alternatives at spaces and
punctuation. The data files' patterns are read with `re`'s own parser to prove
that they start so; when one may not, the union is compiled as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:  # the parser `re.compile` uses (Python 3.11+: re._parser; before: sre_parse)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)


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
            return _starts_with_word(av[-1].data)
        if op is _c.BRANCH:
            return all(_starts_with_word(b.data) for b in av[1])
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            if not _starts_with_word(av[2].data):
                return False
            # Optional ("(?:white\s+)?man"): what follows must start so too.
            return bool(av[0] >= 1 or _starts_with_word(items[n + 1 :]))
        return False
    return False  # nothing consumed: an empty match is possible


def starts_with_word(pattern: str, flags: int = 0) -> bool:
    """Whether every match of `pattern` begins with a word character (False when unsure)."""
    try:
        return _starts_with_word(_p.parse(pattern, flags).data)
    except Exception:  # an unknown parse tree: stay unsure
        return False


def union(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """`(?:a)|(?:b)|...` compiled; the same matches, faster when each starts on a word character."""
    body = "|".join(f"(?:{p})" for p in patterns)
    if patterns and all(starts_with_word(p, flags) for p in patterns):
        return re.compile(rf"(?=\w)(?:{body})", flags)
    return re.compile(body, flags)
