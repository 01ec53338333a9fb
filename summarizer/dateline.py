"""Wire datelines: 'Quetta, Feb 1 (IANS)', 'KABUL, Afghanistan (AP) —', 'Lagos, March 3 (Reuters) -'."""

from __future__ import annotations

import re

from summarizer.schemas import Dateline

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
_PLACE = r"[A-Z][A-Za-z.'’-]*(?:[ -][A-Z][A-Za-z.'’-]*){0,3}"

DATELINE_RE = re.compile(
    rf"^\s*(?P<place>{_PLACE})"
    rf"(?:,\s*(?P<region>{_PLACE}))??"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    rf"\s*\((?P<agency>[A-Za-z][A-Za-z .&-]{{0,30}})\)\s*[-—–:]?\s*"
)


def parse_dateline(text: str) -> tuple[Dateline | None, int]:
    """The dateline at the start of `text` and where the story proper begins (0 if none)."""
    m = DATELINE_RE.match(text[:200])
    if not m:
        return None, 0
    place = m.group("place").strip()
    if place.isupper() and len(place) > 3:
        place = place.title()
    return Dateline(place=place, date_text=m.group("date"), agency=m.group("agency").strip()), m.end()


def year_of(date_text: str | None) -> int | None:
    """The year a date text states, if it states one."""
    if not date_text:
        return None
    m = re.search(r"\b(1[89]\d{2}|20\d{2})\b", date_text)
    return int(m.group(1)) if m else None
