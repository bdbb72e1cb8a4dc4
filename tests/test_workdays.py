"""Deadlines in calendar and Chinese working days, and the weekends-only fallback."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from envhelp import i18n
from envhelp.domain import workdays
from envhelp.errors import ValidationError


def test_library_knows_national_day_2025():
    # The facts the next tests rely on, checked against the library itself.
    for day in range(1, 9):
        assert not chinese_calendar.is_workday(date(2025, 10, day))
    assert chinese_calendar.is_workday(date(2025, 9, 28))  # Sunday, make-up working day
    assert chinese_calendar.is_workday(date(2025, 10, 11))  # Saturday, make-up working day
    assert not chinese_calendar.is_workday(date(2025, 10, 12))
    first, last = workdays.covered_years()
    assert first <= 2025 <= last


def test_working_days_skip_national_day_and_count_makeup_saturday():
    # Tue 30 Sep + 3 working days: 9 Oct (Thu), 10 Oct (Fri), 11 Oct (make-up Saturday).
    result = workdays.add_days(date(2025, 9, 30), 3, working=True)
    assert result.day == date(2025, 10, 11)
    assert result.iso == "2025-10-11"
    assert not result.fallback and result.warning is None
    assert workdays.add_days(date(2025, 9, 30), 1, working=True).day == date(2025, 10, 9)
    # Friday 26 Sep + 1 working day is the make-up Sunday 28 Sep, not Monday.
    assert workdays.add_days(date(2025, 9, 26), 1, working=True).day == date(2025, 9, 28)
    # Counting weekends only would have given another date: the holiday matters.
    assert workdays.add_days(date(2025, 9, 30), 3, working=False).day == date(2025, 10, 3)


def test_calendar_days_and_zero():
    assert workdays.add_days(date(2025, 9, 30), 15).day == date(2025, 10, 15)
    assert workdays.add_days(date(2025, 10, 1), 0, working=True).day == date(2025, 10, 1)


@pytest.mark.parametrize("n", [-1, workdays.MAX_DAYS + 1])
def test_bad_day_count_is_refused(n):
    with pytest.raises(ValidationError) as err:
        workdays.add_days(date(2025, 1, 1), n, working=True)
    assert err.value.field == "days"


def _unknown_year() -> int:
    year = workdays.covered_years()[1] + 2
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(year, 6, 1))
    return year


def test_unknown_year_falls_back_to_weekends_with_warning():
    year = _unknown_year()
    friday = date(year, 6, 1)
    while friday.weekday() != 4:
        friday += timedelta(days=1)
    result = workdays.add_days(friday, 1, working=True)
    assert result.day == friday + timedelta(days=3)  # the Monday after
    assert result.fallback and result.unknown_years == (year,)
    assert str(year) in result.warning_zh and "周六、周日" in result.warning_zh
    assert str(year) in result.warning_en and "weekends only" in result.warning_en
    assert result.warning == result.warning_zh
    i18n.set_language("en")
    assert result.warning == result.warning_en
    # Ten working days are two weeks when only weekends are known.
    assert workdays.add_days(friday, 10, working=True).day == friday + timedelta(days=14)


def test_crossing_into_an_unknown_year_names_only_that_year():
    last = workdays.covered_years()[1]
    result = workdays.add_days(date(last, 12, 24), 10, working=True)
    assert result.day.year == last + 1
    assert result.unknown_years == (last + 1,)


def test_is_workday_reports_whether_the_calendar_knew():
    assert workdays.is_workday(date(2025, 10, 11)) == (True, True)
    year = _unknown_year()
    saturday = date(year, 1, 1)
    while saturday.weekday() != 5:
        saturday += timedelta(days=1)
    assert workdays.is_workday(saturday) == (False, False)
    assert workdays.is_workday(saturday + timedelta(days=2)) == (True, False)
