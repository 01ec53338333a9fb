"""Can the rules read this article? They read English only; say so for other languages.

A cheap test first: in English news, common function words ("the", "of",
"said", listed in `summarizer/data/english_words.txt`) are a fifth or more of
all words. Only a text well below that goes to the detector, py3langid (a
maintained, offline fork of langid.py with its model in the wheel), which is
loaded on first use so English articles never pay for it.
"""

from __future__ import annotations

import math
import re
from functools import cache

from summarizer.datafiles import rows

#: Share of common English function words below which a text is checked by the detector.
ENGLISH_SHARE = 0.08
#: Characters of text looked at (the detector needs a paragraph, not a book).
SAMPLE_CHARS = 6000
#: Fewer words than this: too little to judge, treated as readable.
MIN_WORDS = 30

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def _english_words() -> frozenset[str]:
    return frozenset(r[0].casefold() for r in rows("english_words.txt"))


@cache
def _names() -> dict[str, str]:
    return {code: name for code, name in rows("language_names.tsv")}


def language_name(code: str) -> str:
    """'German (de)'; the bare code when the name is not listed."""
    name = _names().get(code)
    return f"{name} ({code})" if name else code


def _enough(n: int) -> int:
    """The fewest common words of `n` whose share `found / n` is `ENGLISH_SHARE` or more (the
    same float comparison as the share's)."""
    k = max(0, math.ceil(ENGLISH_SHARE * n) - 1)
    while k / n < ENGLISH_SHARE:
        k += 1
    return k


#: Every byte to a space but the ASCII letters, which it lower-cases.
_ASCII_LETTERS = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
_ASCII = bytes(range(128))


@cache
def _english_ascii_words() -> frozenset[bytes]:
    return frozenset(w.encode("ascii") for w in _english_words() if w.isascii())


def _ascii_words(sample: str) -> list[bytes] | None:
    r"""The words of `sample` as `_WORD` reads them, lower-cased, as ASCII bytes, when no
    character outside ASCII is a letter (curly quotes and dashes are none); None otherwise.

    Speed only: `_WORD`'s class ([^\W\d_]: Unicode tables per character) read the text at
    a third of the speed. The same words: in ASCII that class is [A-Za-z], and a character
    outside ASCII that is no letter parts words as its UTF-8 bytes (all outside ASCII) do; an
    ASCII word's case folding is its lower case."""
    raw = sample.encode("utf-8", "surrogatepass")
    if len(raw) != len(sample):  # characters outside ASCII: their bytes alone, decoded
        others = raw.translate(None, _ASCII).decode("utf-8", "surrogatepass")
        if any(_WORD.match(c) for c in set(others)):
            return None
    return raw.translate(_ASCII_LETTERS).split()


def detect(text: str) -> str | None:
    """ISO 639-1 code of a text the rules cannot read (not English), or None."""
    sample = text[:SAMPLE_CHARS]
    words = _ascii_words(sample)
    if words is not None:
        if len(words) < MIN_WORDS:
            return None
        enough = _enough(len(words))
        common = _english_ascii_words().__contains__
        # Speed only: the first words are counted first (English text reaches the share in
        # its first sentences), the rest only when they have not reached it.
        found = 0
        for part in (words[: 4 * enough], words[4 * enough :]):
            found += sum(map(common, part))
            if found >= enough:
                return None
    else:
        plain = _WORD.findall(sample)
        if len(plain) < MIN_WORDS:
            return None
        folded = _english_words()
        # Speed only: counted until the share is reached (English text reaches it in its first
        # sentences), not over every word of the sample.
        enough = _enough(len(plain))
        found = 0
        for w in plain:
            if w.casefold() in folded:
                found += 1
                if found >= enough:
                    return None
    import py3langid  # loaded only for texts that do not read as English

    code, _score = py3langid.classify(sample)
    return None if code == "en" else str(code)
