"""Deadlines counted in calendar days or in Chinese working days (工作日).

Working days follow the State Council's holiday arrangements as published in
the ``chinesecalendar`` package (holidays and make-up working weekends, 调休).
The package only knows the years it was released for; for any other year the
count falls back to "Monday to Friday are working days" and the result says
so (:attr:`Deadline.fallback`, :attr:`Deadline.warning`), so the officer can
check the date by hand instead of trusting a guess silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

from envhelp import i18n
from envhelp.errors import ValidationError

# Guard against a typo like 3000 days looping for a long time.
MAX_DAYS = 3660


@dataclass(frozen=True)
class Deadline:
    """The computed date and whether any day had to be guessed (weekends only)."""

    day: date
    working: bool
    unknown_years: tuple[int, ...] = ()

    @property
    def fallback(self) -> bool:
        """True when some year was not in the holiday calendar (weekends-only count)."""
        return bool(self.unknown_years)

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def warning_zh(self) -> str | None:
        if not self.fallback:
            return None
        years = "、".join(str(y) for y in self.unknown_years)
        return (
            f"节假日日历未包含 {years} 年的放假安排，该年份仅按周六、周日休息计算工作日，"
            "请核对期限。"
        )

    @property
    def warning_en(self) -> str | None:
        if not self.fallback:
            return None
        years = ", ".join(str(y) for y in self.unknown_years)
        return (
            f"The holiday calendar does not cover {years}; working days in that year were "
            "counted with weekends only. Check the deadline."
        )

    @property
    def warning(self) -> str | None:
        """The warning in the current language, or None when the calendar knew every day."""
        if not self.fallback:
            return None
        return i18n.pick(self.warning_zh, self.warning_en)


def covered_years() -> tuple[int, int]:
    """First and last year the installed holiday calendar knows."""
    from chinese_calendar import constants

    years = [d.year for d in constants.holidays]
    return min(years), max(years)


def is_workday(day: date) -> tuple[bool, bool]:
    """``(is a working day, the calendar knew this year)``; unknown years use weekends only."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_days(start: date, n: int, *, working: bool = False) -> Deadline:
    """The date ``n`` days after ``start``; with ``working`` only working days count.

    The start day itself never counts (a problem found on Friday with "3
    working days" is due on Wednesday, or later when a holiday is in between).
    ``n == 0`` gives ``start``.
    """
    if not isinstance(n, int) or n < 0 or n > MAX_DAYS:
        raise ValidationError(
            "days",
            f"期限天数应为 0 到 {MAX_DAYS} 之间的整数，当前为 {n}。",
            f"The number of days must be a whole number from 0 to {MAX_DAYS}; got {n}.",
        )
    if not working:
        return Deadline(start + timedelta(days=n), working=False)
    unknown: set[int] = set()
    day = start
    remaining = n
    while remaining:
        day += timedelta(days=1)
        workday, known = is_workday(day)
        if not known:
            unknown.add(day.year)
        if workday:
            remaining -= 1
    return Deadline(day, working=True, unknown_years=tuple(sorted(unknown)))
