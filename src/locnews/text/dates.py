"""Datelines and dates in running text: parsed from either edition, formatted with Babel's CLDR data.

A dateline is never machine-translated: "Wednesday, 08 Jul 2020" is parsed into a date and written
again for the target locale ("Rabu, 8 Juli 2020"). Month and weekday names come from Babel's locale
data, plus the spellings newsrooms use that CLDR lacks ("Sept", "Agt", "Nop").
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from locnews.errors import LocnewsError

#: The house style of both editions: weekday, day without zero, full month, year.
DATELINE_PATTERN = "EEEE, d MMMM y"
DATE_PATTERN = "d MMMM y"  # a date inside a sentence, no weekday

# Spellings seen in Indonesian and English news that CLDR does not list.
_EXTRA_MONTHS = {
    "sept": 9, "agt": 8, "ags": 8, "agus": 8, "nop": 11, "nopember": 11, "pebruari": 2,
    "peb": 2, "okt": 10, "des": 12, "mei": 5,
}
_EXTRA_DAYS = {"jum'at": 4, "minggu": 6, "ahad": 6, "sen": 0, "sel": 1, "rab": 2, "kam": 3,
               "jum": 4, "sab": 5, "min": 6, "tues": 1, "thur": 3, "thurs": 3, "weds": 2}


@functools.lru_cache(maxsize=None)
def _names() -> tuple[dict[str, int], dict[str, int]]:
    """Lower-cased month and weekday names of id and en (wide and abbreviated) -> number."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = dict(_EXTRA_MONTHS)
    days: dict[str, int] = dict(_EXTRA_DAYS)
    for lang in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for ctx in ("format", "stand-alone"):
                for num, name in get_month_names(width, ctx, locale=lang).items():
                    months[name.lower().rstrip(".")] = num
                for num, name in get_day_names(width, ctx, locale=lang).items():
                    days[name.lower().rstrip(".")] = num
    return months, days


@functools.lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern[str], ...]:
    months, days = _names()
    month = "(?P<month>" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + r")\.?"
    day_name = (
        r"(?:(?P<wday>" + "|".join(sorted(map(re.escape, days), key=len, reverse=True)) + r")\.?,?\s+)?"
    )
    flags = re.IGNORECASE
    return (
        # Rabu, 8 Juli 2020 / Wednesday, 08 Jul 2020 / 8 July 2020
        re.compile(day_name + r"(?P<day>\d{1,2})\s+" + month + r",?\s+(?P<year>\d{4})\b", flags),
        # Wednesday, July 8, 2020
        re.compile(day_name + month + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", flags),
        # 2020-07-08
        re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
        # 08/07/2020 — day first in both editions (the site's house style)
        re.compile(day_name + r"(?P<day>\d{1,2})/(?P<mnum>\d{1,2})/(?P<year>\d{4})\b", flags),
    )


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: _dt.date
    has_weekday: bool


def find_dates(text: str) -> list[DateMatch]:
    """Every date written out in ``text`` (either language's month names), non-overlapping."""
    months, _ = _names()
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = m.groupdict()
            month = int(groups["mnum"]) if groups.get("mnum") else months[groups["month"].lower().rstrip(".")]
            try:
                date = _dt.date(int(groups["year"]), month, int(groups["day"]))
            except ValueError:
                continue  # 31 February and friends: not a date
            found.append(DateMatch(m.start(), m.end(), date, bool(groups.get("wday"))))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def parse_dateline(text: str, lang: str | None = None) -> _dt.date:
    """The date of a dateline such as "Wednesday, 08 Jul 2020" or "Rabu, 8 Juli 2020".

    ``lang`` is accepted for symmetry; names of both editions are recognised. Raises LocnewsError.
    """
    found = find_dates(text)
    if not found:
        raise LocnewsError(f"no date found in dateline {text.strip()!r}")
    return found[0].date


def format_dateline(date: _dt.date, lang: str, *, weekday: bool = True) -> str:
    """'Rabu, 8 Juli 2020' (id) / 'Wednesday, 8 July 2020' (en)."""
    from babel.dates import format_date

    return format_date(date, DATELINE_PATTERN if weekday else DATE_PATTERN, locale=lang)


def localize_dates(text: str, to_lang: str) -> str:
    """Rewrite every date in ``text`` for ``to_lang``; anything around it (times, places) is kept."""
    out: list[str] = []
    pos = 0
    for d in find_dates(text):
        out.append(text[pos:d.start])
        out.append(format_dateline(d.date, to_lang, weekday=d.has_weekday))
        pos = d.end
    out.append(text[pos:])
    return "".join(out)


def localize_dateline(text: str, to_lang: str) -> str | None:
    """The dateline for the other edition, or None when it holds no recognisable date."""
    if not find_dates(text):
        return None
    return localize_dates(text, to_lang)
