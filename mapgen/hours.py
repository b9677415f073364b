"""Opening hours: read the free text people write into a week, to show "today's hours".

Understands the common forms — ``周一至周五 9:00-17:00``, ``周二、周四 13:30-16:30``,
``工作日 8:30-16:30``, ``每天 9:00-21:00``, ``Mon-Fri 9:00-17:00`` and several of them
separated by ``；`` or ``;``. Anything else returns ``None`` and the text is shown as it is.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DAY = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "七": 6,
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_DAY_WORD = r"(?:周|星期|礼拜)([一二三四五六日天七])|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_SPAN = re.compile(rf"(?:{_DAY_WORD})\s*(?:至|到|-|–|—|~|～)\s*(?:{_DAY_WORD})", re.I)
_ONE = re.compile(_DAY_WORD, re.I)
_TIME = re.compile(r"(\d{1,2}[:：]\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}[:：]\d{2})")
_EVERY_DAY = ("每天", "每日", "全天", "daily", "every day")
_WORKDAYS = ("工作日", "weekdays")
_WEEKEND = ("周末", "双休日", "weekend")
_CLOSED = re.compile(r"休息|闭馆|不开放|关闭|closed", re.I)


def _day(groups: tuple[str | None, ...]) -> int:
    key = next(g for g in groups if g)
    return _DAY[key.lower()[:3] if key.isascii() else key]


def _days(part: str) -> list[int] | None:
    """The days a part of the text names, or None when it names none."""
    lower = part.lower()
    if span := _SPAN.search(part):
        start, end = _day(span.groups()[:2]), _day(span.groups()[2:])
        return list(range(start, end + 1)) if start <= end else None
    if any(word in lower for word in _EVERY_DAY):
        return list(range(7))
    if any(word in lower for word in _WORKDAYS):
        return list(range(5))
    if any(word in lower for word in _WEEKEND):
        return [5, 6]
    return [_day(m.groups()) for m in _ONE.finditer(part)] or None


def parse_week(text: str) -> list[str] | None:
    """Hours for Monday..Sunday ("" = closed), or None when the text is not understood.

    Example::

        >>> parse_week("周一至周五 9:00-17:00")
        ['9:00-17:00', '9:00-17:00', '9:00-17:00', '9:00-17:00', '9:00-17:00', '', '']
    """
    week = _parse_week(text or "")
    return list(week) if week is not None else None


@functools.lru_cache(maxsize=4096)
def _parse_week(text: str) -> tuple[str, ...] | None:
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    week = [""] * 7
    understood = False
    pending: list[int] = []  # "Tue, Thu 9:00-12:00": days waiting for their hours
    last: list[int] = []  # "周一至周五 8:30-11:30, 13:30-17:00": more hours for them
    for part in re.split(r"[;；,，\n]+", text):
        part = part.strip()
        if not part:
            continue
        times = _TIME.findall(part)
        days = _days(part)
        if not times:
            if _CLOSED.search(part):
                continue  # "周日休息", "closed on holidays": nothing to add
            if days is None:
                return None
            pending += days
            continue
        hours = ", ".join(f"{a.replace('：', ':')}-{b.replace('：', ':')}" for a, b in times)
        days = pending + (days or [])
        pending = []
        if not days:
            if not last:
                return None
            for day in last:
                week[day] = f"{week[day]}, {hours}"
            continue
        for day in days:
            week[day] = hours
        last = days
        understood = True
    if pending:
        return None
    return tuple(week) if understood else None


_DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
_THROUGH = {"en": "–", "zh-CN": "至"}
_AND = {"en": ", ", "zh-CN": "、"}
_PARTS = {"en": "; ", "zh-CN": "；"}
_DAILY = {"en": "Daily", "zh-CN": "每天"}


def describe_week(week: list[str], lang: str) -> str:
    """The week written out again in a language: consecutive days with equal hours joined.

    Example::

        >>> describe_week(["9:00-17:00"] * 5 + ["9:00-12:00", ""], "en")
        'Mon–Fri 9:00-17:00; Sat 9:00-12:00'
    """
    names = _DAY_NAMES[lang]
    runs: list[tuple[int, int, str]] = []
    for day, hours in enumerate(week):
        if not hours:
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], day, hours)
        else:
            runs.append((day, day, hours))
    if len(runs) == 1 and runs[0][:2] == (0, 6):
        return f"{_DAILY[lang]} {runs[0][2]}"
    by_hours: dict[str, list[str]] = {}
    for start, end, hours in runs:
        if end - start >= 2:
            days = f"{names[start]}{_THROUGH[lang]}{names[end]}"
        elif end == start + 1:
            days = f"{names[start]}{_AND[lang]}{names[end]}"
        else:
            days = names[start]
        by_hours.setdefault(hours, []).append(days)
    return _PARTS[lang].join(f"{_AND[lang].join(days)} {hours}" for hours, days in by_hours.items())


# --- service schedules: weeks, and the other rhythms service menus use --------------------
_ORDINAL = {"一": "First", "第一": "First", "二": "Second", "第二": "Second", "三": "Third"}
_ORDINAL |= {"第三": "Third", "四": "Fourth", "第四": "Fourth", "最后一": "Last", "最后": "Last"}
_DAY_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PHRASES = (
    (re.compile(r"^(?:需)?预约(?:制|服务|后提供)?$"), "By appointment"),
    (re.compile(r"^(?:在)?开放时间内$"), "During opening hours"),
    (re.compile(r"^按(?:个案|服务)?计划(?:安排)?$"), "As planned for each case"),
    (re.compile(r"^另行通知$"), "date announced in advance"),
    (re.compile(r"^不定期$"), "From time to time"),
    (re.compile(r"^(?:长期|常年)(?:开放|提供)?$"), "All year"),
    (re.compile(r"^每(?:天|日)(?:一次)?$"), "Daily"),
    (re.compile(r"^每周一次$"), "Once a week"),
    (re.compile(r"^每两周一次$"), "Every two weeks"),
    (re.compile(r"^每(?:个)?月一次$"), "Once a month"),
    (re.compile(r"^每(?:个)?月两次$"), "Twice a month"),
    (re.compile(r"^每季度一次$"), "Once a quarter"),
    (re.compile(r"^每半年一次$"), "Twice a year"),
    (re.compile(r"^每年一次$"), "Once a year"),
)
_MONTHLY = re.compile(
    r"^每(?:个)?月(第一|第二|第三|第四|最后一|最后|[一二三四])(?:个)?(?:周|星期|礼拜)([一二三四五六日天])$"
)


def _schedule_part(part: str) -> str | None:
    """One part of a schedule ("每月第一个周六", "预约制") in English, or None."""
    for pattern, english in _PHRASES:
        if pattern.match(part):
            return english
    if monthly := _MONTHLY.match(part):
        return f"{_ORDINAL[monthly[1]]} {_DAY_FULL[_DAY[monthly[2]]]} of the month"
    if week := parse_week(part):
        return describe_week(week, "en")
    # Days alone, without hours: "工作日", "周二、周四", "每周三".
    days = _days(re.sub(r"^每", "", part))
    if days is not None and not _TIME.search(part) and _only_days(part):
        hours = ["open" if d in days else "" for d in range(7)]
        return describe_week(hours, "en").replace(" open", "")
    return None


def _only_days(part: str) -> bool:
    rest = _SPAN.sub("", part)
    rest = _ONE.sub("", rest)
    for word in _EVERY_DAY + _WORKDAYS + _WEEKEND:
        rest = rest.lower().replace(word, "")
    return not re.sub(r"[每、,，/和及与\s]", "", rest)


@functools.lru_cache(maxsize=4096)  # a province repeats a few dozen schedules thousands of times
def describe_schedule(text: str) -> str | None:
    """A service's schedule in English, or None when any part of it is not understood.

    Example::

        >>> describe_schedule("周二、周四 13:30-16:30")
        'Tue, Thu 13:30-16:30'
        >>> describe_schedule("每月第一个周六"), describe_schedule("每月一次，另行通知")
        ('First Saturday of the month', 'Once a month, date announced in advance')
        >>> describe_schedule("工作日"), describe_schedule("预约制"), describe_schedule("看情况")
        ('Mon–Fri', 'By appointment', None)
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    if week := parse_week(text):
        return describe_week(week, "en")
    parts = [p.strip() for p in re.split(r"[;；,，]+", text) if p.strip()]
    english = [_schedule_part(p) for p in parts]
    if not english or any(e is None for e in english):
        return None
    return ", ".join(e for e in english if e)
