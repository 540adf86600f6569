"""Milliseconds since 1970 (UTC) as the record and the outputs write them: the browser's ISO
format and Beijing time for people to read."""
from __future__ import annotations

import datetime as dt

_DAYS: dict = {}


def _day(days: int) -> str:
    """Days since 1970-01-01 -> "2026-11-28" (memoised: outputs format the same days again and again)."""
    s = _DAYS.get(days)
    if s is None:
        s = _DAYS[days] = (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()
    return s


def ms_to_iso(ms: int) -> str:
    """2026-11-28T10:00:00.000Z: the browser's own format, always UTC, millisecond precision."""
    days, rest = divmod(ms, 86_400_000)
    sec, milli = divmod(rest, 1000)
    return f"{_day(days)}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}.{milli:03d}Z"


def beijing(ms: int) -> str:
    """2026-11-28 18:00: Beijing time (UTC+8, no daylight saving), for people to read."""
    days, rest = divmod(ms + 8 * 3600 * 1000, 86_400_000)
    minutes = rest // 60_000
    return f"{_day(days)} {minutes // 60:02d}:{minutes % 60:02d}"


def beijing_day(ms: int) -> str:
    """2026-11-28: the date in Beijing (beijing(ms)[:10], without formatting the time)."""
    return _day((ms + 8 * 3600 * 1000) // 86_400_000)
