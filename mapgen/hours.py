"""Opening hours: read the free text people write into a week, to show "today's hours".

Understands the common forms — ``周一至周五 9:00-17:00``, ``周二、周四 13:30-16:30``,
``工作日 8:30-16:30``, ``每天 9:00-21:00``, ``Mon-Fri 9:00-17:00`` and several of them
separated by ``；`` or ``;``. Anything else returns ``None`` and the text is shown as it is.
"""

from __future__ import annotations

import re
import unicodedata

_DAY = {
    "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
_DAY_WORD = r"(?:周|星期|礼拜)([一二三四五六日天七])|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_SPAN = re.compile(rf"(?:{_DAY_WORD})\s*(?:至|到|-|–|—|~|～)\s*(?:{_DAY_WORD})", re.I)
_ONE = re.compile(_DAY_WORD, re.I)
_TIME = re.compile(r"(\d{1,2}[:：]\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}[:：]\d{2})")
_EVERY_DAY = ("每天", "每日", "全天", "daily", "every day")
_WORKDAYS = ("工作日", "weekdays")


def _day(groups: tuple[str | None, ...]) -> int:
    key = next(g for g in groups if g)
    return _DAY[key.lower()[:3] if key.isascii() else key]


def parse_week(text: str) -> list[str] | None:
    """Hours for Monday..Sunday ("" = closed), or None when the text is not understood.

    Example::

        >>> parse_week("周一至周五 9:00-17:00")
        ['9:00-17:00', '9:00-17:00', '9:00-17:00', '9:00-17:00', '9:00-17:00', '', '']
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    week = [""] * 7
    understood = False
    for part in re.split(r"[;；,，\n]+", text):
        part = part.strip()
        if not part:
            continue
        times = _TIME.findall(part)
        if not times:
            return None
        hours = ", ".join(f"{a.replace('：', ':')}-{b.replace('：', ':')}" for a, b in times)
        days: list[int] = []
        if span := _SPAN.search(part):
            start, end = _day(span.groups()[:2]), _day(span.groups()[2:])
            days = list(range(start, end + 1)) if start <= end else []
        elif any(word in part.lower() for word in _EVERY_DAY):
            days = list(range(7))
        elif any(word in part.lower() for word in _WORKDAYS):
            days = list(range(5))
        else:
            days = [_day(m.groups()) for m in _ONE.finditer(part)]
        if not days:
            return None
        for day in days:
            week[day] = hours
        understood = True
    return week if understood else None
