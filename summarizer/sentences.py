"""Sentence and paragraph boundaries, as character spans of the original text.

Spans, not strings, so every caller can keep offsets into the article.
"""

from __future__ import annotations

import re

from summarizer.memo import per_digest

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket)
# when white space and an upper-case letter, a digit or an opening quote follow.
_END = re.compile(r"""[.!?]['"’”)\]]*(?=\s+['"‘“(\[]?[A-Z0-9])""")
# Abbreviations that end with a dot but do not end a sentence.
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Gov|Sen|Rep|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|a\.m|p\.m|e\.g|i\.e|vs|etc)\.$"
)
#: Longest abbreviation above, with its dot.
_ABBREV_WINDOW = 8


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blocks separated by blank lines (or single newlines for one-line paragraphs).

    Read once per text and digest (`memo.per_digest`; a new list each call): the injection scan,
    the sentence splitter and the rules reading each split the whole article."""
    return list(_split_paragraphs(text))


@per_digest
def _split_paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in _PARAGRAPH.finditer(text):
        if m.group(0).strip():
            spans.append((m.start(), m.end()))
    return tuple(spans)


# Sentences glued without a space, as scraped text often has them ("said.The official").
# Written from the stop, the letter before it a lookbehind: `re` then skips in C to each ".",
# "!" or "?" instead of stopping at every lower-case letter (3-4x faster). Only ever asked
# whether it occurs (the match starts one character later than "[a-z)][.!?]..." would).
_GLUED = re.compile(r"[.!?](?<=[a-z)][.!?])['\"’”]?[A-Z][a-z]")


def _syntok_spans(para: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph from syntok, a maintained rule-based segmenter that
    keeps character offsets and splits glued sentences. It costs about as much per character
    as the whole rules backend, so only paragraphs with a glued boundary are given to it."""
    from syntok import segmenter  # imported on first glued paragraph

    spans = []
    for paragraph in segmenter.analyze(para):
        for sentence in paragraph:
            if sentence:
                start = sentence[0].offset
                end = min(len(para), sentence[-1].offset + len(sentence[-1].value))
                if end > start:
                    spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences, never crossing a paragraph boundary, stripped of outer white space.

    Read once per text and digest (`memo.per_digest`; a new list each call): the injection scan
    and the rules reading both split the whole article, and the neutrality checks each summary
    more than once."""
    return list(_split_sentences(text))


@per_digest
def _split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for p_start, p_end in split_paragraphs(text) or [(0, len(text))]:
        para = text[p_start:p_end]
        if _GLUED.search(para):
            glued = _syntok_spans(para)
            if glued:
                # cover the whole paragraph: gaps (white space) go to the sentence before
                bounds = [s for s, _ in glued[1:]] + [len(para)]
                spans.extend(
                    (p_start + (0 if n == 0 else s), p_start + e)
                    for n, ((s, _), e) in enumerate(zip(glued, bounds, strict=True))
                )
                continue
        cut = 0
        for m in _END.finditer(para):
            # Only the few characters before the dot can hold an abbreviation; searching the
            # whole run since `cut` made "Mr. A Mr. A ..." quadratic.
            if _ABBREV.search(para, max(cut, m.start() - _ABBREV_WINDOW), m.start() + 1):
                continue
            spans.append((p_start + cut, p_start + m.end()))
            cut = m.end()
        spans.append((p_start + cut, p_end))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return tuple(out)


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The span of the sentence containing `offset` (or the nearest one before it)."""
    best = (0, len(text))
    for s, e in split_sentences(text):
        if s <= offset:
            best = (s, e)
        if offset < e:
            break
    return best
