"""Dates as the article writes them, resolved to ISO only when a year is known.

A year comes from the date itself or from the publication date; nothing
else. "Feb 1" in an article with no year and no publication date keeps its
text and gets no ISO date: analysts would rather see a gap than a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.schemas import DatePrecision, IncidentDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)\b"
)
WEEKDAY_RE = re.compile(
    r"\b(?:on\s+)?(?:(?:last|this)\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?\b"
)
#: A month's first three letters: every DATE_RE match holds one (speed only: a pattern of
#: plain words lets `re` skip to their first letters; most clauses hold no date).
_MONTH_WORD = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# "said on Tuesday" dates the statement, not the event.
_SPEECH_BEFORE = re.compile(r"\b(?:said|told|stated|announced|added|reported|claimed)\s+(?:\w+\s+)?$")


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    month: int | None = None
    day: int | None = None
    year: int | None = None
    weekday: int | None = None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Calendar dates and weekdays in text[start:end], statement dates left out."""
    end = len(text) if end is None else end
    out = []
    for m in DATE_RE.finditer(text, start, end) if _MONTH_WORD.search(text, start, end) else ():
        month = _MONTHS[(m.group("m1") or m.group("m2"))[:3].lower()]
        day = int(m.group("d1") or m.group("d2"))
        year = m.group("y1") or m.group("y2")
        if 1 <= day <= 31:
            out.append(DateMention(m.group(0), m.start(), month, day, int(year) if year else None))
    # (`str.find` over [start, end): `"day" in text[start:end]` without the copy, speed only)
    for m in WEEKDAY_RE.finditer(text, start, end) if text.find("day", start, end) >= 0 else ():
        if _SPEECH_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        out.append(DateMention(m.group(0), m.start(), weekday=_WEEKDAYS.index(m.group("day").lower())))
    return sorted(out, key=lambda d: d.start)


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def resolve(mention: DateMention, anchor: dt.date | None) -> str | None:
    """ISO date for a mention: its own year, else the year that puts it on or before the anchor."""
    if mention.weekday is not None:
        if anchor is None:
            return None
        back = (anchor.weekday() - mention.weekday) % 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    if mention.month is None or mention.day is None:
        return None
    year = mention.year
    if year is None:
        if anchor is None:
            return None
        year = anchor.year
        try:
            if dt.date(year, mention.month, mention.day) > anchor + dt.timedelta(days=7):
                year -= 1
        except ValueError:
            return None
    try:
        return dt.date(year, mention.month, mention.day).isoformat()
    except ValueError:
        return None


def dateline_anchor(dateline_text: str | None, published: str | None) -> dt.date | None:
    """The day the report was filed: the dateline's date resolved against publication, else publication."""
    pub = parse_iso(published)
    if dateline_text:
        found = find_dates(dateline_text)
        if found:
            iso = resolve(found[0], pub)
            if iso:
                return dt.date.fromisoformat(iso)
    return pub


def incident_date(
    mentions: list[DateMention], dateline_text: str | None, published: str | None
) -> IncidentDate:
    """The incident's own date when the text gives one, else the dateline's (the filing day)."""
    anchor = dateline_anchor(dateline_text, published)
    if mentions:
        first = mentions[0]
        iso = resolve(first, anchor)
        return IncidentDate(
            text=first.text, start=iso, precision=DatePrecision.DAY if iso else DatePrecision.UNKNOWN
        )
    if dateline_text:
        found = find_dates(dateline_text)
        iso = resolve(found[0], parse_iso(published)) if found else None
        return IncidentDate(
            text=dateline_text, start=iso, precision=DatePrecision.WEEK if iso else DatePrecision.UNKNOWN
        )
    return IncidentDate()
