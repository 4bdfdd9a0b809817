"""Dates as documents write them ("10 June 2025", "June 10, 2025", "2025-06-10"), read into
ISO dates; and the date a document carries: front matter first, then one stated near its
start, then the file's own date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = {m.lower(): i for i, m in enumerate(MONTHS.split("|"), start=1)}
_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
FULL_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:[-–]\d{{1,2}})?\s+(?P<m1>{MONTHS}|{_ABBR})\.?,?\s+"
    rf"(?P<y1>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{MONTHS}|{_ABBR})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:[-–]\d{{1,2}})?,?\s+"
    rf"(?P<y2>(?:19|20)\d\d)\b"
    r"|\b(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)\b",
    re.I,
)
OPENING = 600  # characters: where a publication date or dateline stands


def month_number(name: str) -> int:
    """ "March", "mar", "Sept." -> 3, 3, 9."""
    name = name.lower().rstrip(".")
    return next(n for m, n in _MONTH.items() if m.startswith(name[:3]))


def parse(match: re.Match[str]) -> dt.date | None:
    """The date a ``FULL_DATE`` match names (None for an impossible one, "31 February")."""
    g = match.groupdict()
    try:
        if g["y3"]:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        if g["y1"]:
            return dt.date(int(g["y1"]), month_number(g["m1"]), int(g["d1"]))
        return dt.date(int(g["y2"]), month_number(g["m2"]), int(g["d2"]))
    except ValueError:
        return None


def dates_in(text: str) -> list[dt.date]:
    """Every full date in ``text``, in order."""
    return [d for m in FULL_DATE.finditer(text) if (d := parse(m)) is not None]


def iso(value: object) -> str:
    """A front-matter date (a date, a datetime or a string) as YYYY-MM-DD ("" if none)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    found = dates_in(text)
    return found[0].isoformat() if found else ""


def document_date(meta: dict, text: str, path: Path) -> tuple[str, str]:
    """(ISO date, where it came from): the front matter's ``date`` (or a member's
    ``joined``), else the first date stated near the start of the text (a dateline, a
    "published ..." line), else the file's modification date."""
    for key in ("date", "joined"):
        if found := iso(meta.get(key)):
            return found, "front matter"
    published = PUBLISHED.search(text[:OPENING])
    if published:  # "Published February 2026" dates the document, not the first date in it
        stated = dates_in(published.group(0))
        month = MONTH_YEAR.search(published.group(0))
        if stated:
            return stated[0].isoformat(), "text"
        if month:
            return f"{month.group(2)}-{month_number(month.group(1)):02d}-01", "text"
    opening = dates_in(text[:OPENING])
    if opening:
        return opening[0].isoformat(), "text"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return "", ""
    return dt.date.fromtimestamp(stamp).isoformat(), "file"


PUBLISHED = re.compile(
    rf"\b(?:published|updated|issued)\b(?:\s+on)?\s+(?:\d{{1,2}}\s+)?(?:{MONTHS}|{_ABBR})\.?"
    r"\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d",
    re.I,
)
MONTH_YEAR = re.compile(rf"\b({MONTHS}|{_ABBR})\.?\s+((?:19|20)\d\d)\b", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# a month named without its year or day ("in August", "up from 9 in September")
BARE_MONTH = re.compile(rf"\b(?:in|since|from|until|by)\s+({MONTHS})\b(?![\s.]*\d)")


def reported_before(text: str, date: str, written: str = "") -> bool:
    """``text`` dates what it says to no later than ``date`` (ISO): a full date on or
    before it, a month up to its month, or a year that has ended by then. A month without its
    year ("joined in August") is the last such month up to ``written``, the date of the
    document it is in."""
    if not date:
        return False
    if any(d.isoformat() <= date for d in dates_in(text)):
        return True
    months = {f"{y}-{month_number(m):02d}" for m, y in MONTH_YEAR.findall(text)}
    if written[:4].isdigit():
        for m in BARE_MONTH.findall(text):
            year = int(written[:4]) - (month_number(m) > int(written[5:7] or 12))
            months.add(f"{year}-{month_number(m):02d}")
    if any(m <= date[:7] for m in months):
        return True
    # a year is over on its last day: "ended 2025 with five groups" holds on 31 December 2025
    # (not a year in a name: "the Annual Report 2025", "Summit 2025")
    return any(
        m.group() < date[:4] or (f"{m.group()}-12-31" <= date and not in_name(text, m.start()))
        for m in YEAR.finditer(text)
    )


def in_name(text: str, at: int) -> bool:
    """What stands at ``at`` ends a name ("Annual Report 2025", "the Flatiron Institute"):
    the word before it is capitalised, and is not the text's first."""
    before = text[:at].split()
    return len(before) >= 2 and before[-1][:1].isupper()


# a part of a year: "the first half of 2024", "H2 2025", "the third quarter of 2024", "Q1 2025"
_PART = r"first|second|third|fourth|last|1st|2nd|3rd|4th"
HALF = re.compile(rf"\b(?:({_PART})\s+half\s+of|h([12]))\s+((?:19|20)\d\d)\b", re.I)
QUARTER = re.compile(rf"\b(?:({_PART})\s+quarter\s+of|q([1-4]))\s+((?:19|20)\d\d)\b", re.I)
PART_OF_YEAR = re.compile(r"\b(early|mid|late)[\s-]+((?:19|20)\d\d)\b", re.I)
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def period_in(text: str) -> tuple[str, str, str] | None:
    """The span of days a text names, as (first ISO day, last ISO day, the words for it):
    a half or quarter of a year, a month of a year, or a year; None if it names none."""
    for pattern, parts in ((HALF, 2), (QUARTER, 4)):
        m = pattern.search(text)
        if m:
            word, digit, year = m.groups()
            nth = int(digit) if digit else _NTH.get(word.lower(), parts)  # "last": the last
            months = 12 // parts
            start = dt.date(int(year), (nth - 1) * months + 1, 1)
            part = "half" if parts == 2 else "quarter"
            words = (
                f"the {word.lower()} {part} of {year}"
                if word
                else f"{part[0].upper()}{digit} {year}"
            )
            return start.isoformat(), _last_day(int(year), nth * months), words
    m = PART_OF_YEAR.search(text)
    if m:  # "early 2026": its first four months
        year, first = int(m.group(2)), {"early": 1, "mid": 5, "late": 9}[m.group(1).lower()]
        start = dt.date(year, first, 1).isoformat()
        return start, _last_day(year, first + 3), f"{m.group(1).lower()} {year}"
    m = MONTH_YEAR.search(text)
    if m:
        year, month = int(m.group(2)), month_number(m.group(1))
        start = dt.date(year, month, 1)
        return start.isoformat(), _last_day(year, month), f"{m.group(1).capitalize()} {year}"
    m = YEAR.search(text)
    if m:
        return f"{m.group(0)}-01-01", f"{m.group(0)}-12-31", m.group(0)
    return None


# "between the launch and the end of March 2024", "since June 2024", "before 2025": the words
# a span's text (``span_in``) starts with, and the span
SPAN_BOUNDS = ("since", "after", "from", "before", "by", "until", "till", "up to")
SPAN_WORDS = ("between", *SPAN_BOUNDS)
SPAN = re.compile(
    r"\bbetween\s+(?P<start>.+?)\s+and\s+(?P<end>.+)"
    rf"|\b(?P<bound>{'|'.join(SPAN_BOUNDS)})\s+(?P<edge>.+)",
    re.I,
)


def span_in(text: str) -> tuple[str, str, str] | None:
    """As ``period_in``, and the spans bounded by one or two periods: "between the launch and
    the end of March 2024" (from the first day, or from any day when the start is no period),
    "since June 2024", "before 2025" (up to the day before it), "by the end of 2024". The
    words, with their preposition ("between ... and March 2024")."""
    m = SPAN.search(text)
    if m and m["end"]:
        end = period_in(m["end"])
        start = period_in(m["start"])
        if end and not YEAR.search(m["start"]) and MONTH_YEAR.search(f"{m['start']} 2000"):
            start = period_in(f"{m['start']} {end[1][:4]}")  # "between 1 January and ... 2025"
        if end:
            first = start[0] if start else "0001-01-01"
            words = f"between {m['start'].strip()} and {m['end'].strip(' ?!.')}"
            return first, end[1], words
    elif m:
        edge = period_in(m["edge"])
        bound = m["bound"].lower()
        if edge and bound in ("since", "from", "after"):
            first = edge[0] if bound != "after" else _next_day(edge[1])
            return first, "9999-12-31", f"{bound} {m['edge'].strip(' ?!.')}"
        if edge:  # "before 2025" ends the day before it; "before the end of 2024" with it
            ending = bound != "before" or m["edge"].lower().startswith("the end")
            last = edge[1] if ending else _previous_day(edge[0])
            return "0001-01-01", last, f"{bound} {m['edge'].strip(' ?!.')}"
    return period_in(text)


def _next_day(iso_day: str) -> str:
    return (dt.date.fromisoformat(iso_day) + dt.timedelta(days=1)).isoformat()


def _previous_day(iso_day: str) -> str:
    return (dt.date.fromisoformat(iso_day) - dt.timedelta(days=1)).isoformat()


def _last_day(year: int, month: int) -> str:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).isoformat()


# a day named without its year ("on 27 February", "25-26 February", "March 3rd") and the
# days named only from the day a text was written ("yesterday")
DAY_WITHOUT_YEAR = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?P<r1>[-–]\d{{1,2}})?\s+(?P<m1>{MONTHS})\b"
    r"(?![.,]?\s*(?:19|20)\d\d)"
    rf"|\b(?P<m2>{MONTHS})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?P<r2>[-–]\d{{1,2}})?\b"
    r"(?!,?\s*(?:19|20)\d\d)",
    re.I,
)
# "BRUSSELS, 22 November 2024 —": where and when a press release was written, before its text
DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]*,\s+[^—–:]{6,30}?\s*[—–:-]\s+")
RELATIVE_DAY = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)
_SHIFT = {"yesterday": -1, "today": 0, "tomorrow": 1}


def day_in_full(text: str, written: str, *, ahead: bool = False) -> str | None:
    """The day ``text`` names without its year, in full, counted from ``written`` (the ISO
    date of the document it is in): "opened on 27 February" in a document of March 2024 is
    27 February 2024 (the nearest 27 February to that date, or with ``ahead``, for a plan,
    the first on or after it), "met yesterday" in one of 22 November 2024 is 21 November
    2024. None when the text names a full date itself, names no such day, or ``written`` is
    no date."""
    dateline = DATELINE.match(text)
    stated = dates_in(dateline.group(0)) if dateline else []
    if dateline and stated:  # "BRUSSELS, 22 November 2024 — ... met yesterday": its day
        written, text = stated[0].isoformat(), text[dateline.end() :]
    try:
        day = dt.date.fromisoformat(written)
    except ValueError:
        return None
    if dates_in(text):
        return None
    m = DAY_WITHOUT_YEAR.search(text)
    if m:
        month = month_number(m["m1"] or m["m2"])
        number = int(m["d1"] or m["d2"])
        options = []
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                options.append(dt.date(year, month, number))
            except ValueError:
                continue
        if not options:
            return None
        if ahead:
            options = [d for d in options if d >= day] or options
        year = min(options, key=lambda d: abs((d - day).days)).year
        days = f"{number}{(m['r1'] or m['r2'] or '').replace('-', '–')}"
        return f"{days} {MONTHS.split('|')[month - 1]} {year}"
    m = RELATIVE_DAY.search(text)
    if m:
        return long_date((day + dt.timedelta(days=_SHIFT[m.group(1).lower()])).isoformat())
    return None


def long_date(iso_day: str) -> str:
    """ "2023-12-05" -> "5 December 2023" ("" when it is not an ISO date)."""
    try:
        day = dt.date.fromisoformat(str(iso_day)[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"
