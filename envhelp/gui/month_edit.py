"""A month field (yyyy-MM) that steps by month and takes a month typed as 202612.

Its own module, not :mod:`envhelp.gui.widgets`: that one is on the way to the main
window's first paint, and the pages with a month field are built later.
"""

from __future__ import annotations

import re

from envhelp.gui.qt import QDate, QDateEdit, QDateTime, QValidator, QWidget

# 202612, 2026-12, 2026.12, 2026/12, 2026年12月
TYPED_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]?\s*(\d{1,2})\s*月?\s*$")
TYPING_MONTH = re.compile(r"^\s*\d{0,4}\s*[-./年]?\s*\d{0,2}\s*月?\s*$")


def typed_month(text: str) -> QDate | None:
    """The first day of the month ``text`` names, None if it names none."""
    found = TYPED_MONTH.match(text)
    if found and 1 <= int(found.group(2)) <= 12:
        return QDate(int(found.group(1)), int(found.group(2)), 1)
    return None


class MonthEdit(QDateEdit):
    """A month: the arrow keys and the wheel step months wherever the cursor is (a date
    edit steps the section under the cursor, the year at first), and a month can be
    typed as 202612, 2026-12 or 2026年12月 (Enter or leaving the field takes it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM")
        self.setMinimumDate(QDate(2000, 1, 1))

    def month(self) -> str:
        return self.date().toString("yyyy-MM")

    def set_month(self, iso_month: str) -> None:
        year, month = (int(part) for part in iso_month.split("-"))
        self.setDate(QDate(year, month, 1))

    def stepBy(self, steps: int) -> None:
        self.setDate(self.date().addMonths(steps))

    def stepEnabled(self):
        return self.StepEnabledFlag.StepUpEnabled | self.StepEnabledFlag.StepDownEnabled

    def validate(self, text: str, pos: int):
        if typed_month(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if TYPING_MONTH.match(text):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def dateTimeFromText(self, text: str):
        day = typed_month(text)
        return QDateTime(day, self.time()) if day else super().dateTimeFromText(text)
