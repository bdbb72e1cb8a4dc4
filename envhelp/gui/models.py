"""Table models that read their rows from SQL one page at a time.

Each model asks the core for ``count`` once per refresh and then for pages of
``page_size`` rows through ``list_page``; Qt's views call :meth:`fetchMore` as the
user scrolls, so a table of any size is never loaded whole.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import enterprises, inspection_rules, ledger_list, problems, visits, vocab
from envhelp.domain.fields import Field
from envhelp.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QCoreApplication,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from envhelp.storage import Store

PAGE_SIZE = 100
ID_ROLE = Qt.ItemDataRole.UserRole
OVERDUE_BACKGROUND = QColor("#fde2e1")
OVERDUE_FOREGROUND = QColor("#a61b1b")

AnyIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(ID_ROLE)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_BOLD: list[QFont] = []


def bold_font() -> QFont:
    """One shared bold font for ``FontRole``. PySide6 6.12 on Python 3.11 loses a reference
    to ``None`` each time ``data()`` returns a *new* QFont: painting thousands of overdue
    cells ended in "Fatal Python error: deallocating None". Returning the same QFont
    object does not (tests/gui/test_list_models.py)."""
    if not _BOLD:  # made on first use: a QFont wants the application to exist
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


class Column(NamedTuple):
    key: str
    zh: str
    en: str

    @classmethod
    def of(cls, field: Field) -> Column:
        # Field names come from the core, which already has both languages.
        return cls(field.key, field.zh, field.en)

    def title(self) -> str:
        return i18n.pick(self.zh, self.en)


def local_time(value: str | None) -> str:
    """A stored UTC timestamp as local ``YYYY-MM-DD HH:MM``."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class PagedTableModel(QAbstractTableModel):
    """Read-only rows fetched lazily; subclasses supply columns, count and pages."""

    columns: tuple[Column, ...] = ()
    # The keys a loaded row keeps (None: all of them). A list scrolled to its end holds
    # every row it has read — 100,000 visits or 150,000 problems on a district's decade —
    # and the long texts the table does not show (guidance, notes, rectification
    # measures …) would cost 2–3 KB a row. Kept values that repeat from row to row
    # (names, dates, codes, checklist wording) are stored once (:meth:`keep`).
    row_keys: frozenset[str] | None = None
    unique_keys = frozenset({"id", "record_no"})  # never repeated: not worth sharing

    def __init__(self, store: Store, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.store = store
        self.page_size = page_size
        self._rows: list[dict[str, Any]] = []
        self._total = 0
        self._fetching = False
        self._shared: dict[Any, Any] = {}  # one copy of each repeated value (see keep())

    # -- what subclasses provide -------------------------------------------

    def fetch_count(self) -> int:
        raise NotImplementedError

    def fetch_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def display(self, row: dict[str, Any], key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    def row_style(self, row: dict[str, Any], role: int) -> Any:
        return None

    # -- loading ------------------------------------------------------------

    def keep(self, page: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The part of each fetched row the model holds on to (see :attr:`row_keys`)."""
        if self.row_keys is None:
            return page
        keys, unique, shared = self.row_keys, self.unique_keys, self._shared
        kept = []
        for row in page:
            slim = {}
            for key in keys & row.keys():
                value = row[key]
                if isinstance(value, list):  # e.g. officer names: an immutable, shareable copy
                    value = tuple(value)
                if key not in unique and isinstance(value, str | tuple):
                    value = shared.setdefault(value, value)
                slim[key] = value
            kept.append(slim)
        return kept

    def refresh(self) -> None:
        """Re-read the count and the first page (after a change or a new filter)."""
        self.beginResetModel()
        self._shared = {}
        self._total = self.fetch_count()
        self._rows = self.keep(self.fetch_page(0, self.page_size)) if self._total else []
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        # Views and testers may call fetchMore again from the insert signals: the
        # guard stops that nested call from loading the same page a second time.
        self._fetching = True
        try:
            page = self.keep(self.fetch_page(len(self._rows), self.page_size))
            if not page:  # rows vanished since the count: stop asking
                self._total = len(self._rows)
                return
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._fetching = False

    # -- Qt model interface -------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title()
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    # data() runs for every role of every painted cell (seven per cell, ~1,600 calls per
    # screen of the ledger): the roles are plain ints and the flags one value, so that
    # no enum attribute is looked up and no flag combined per call.
    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        row_no = index.row()
        if not index.isValid() or row_no >= len(self._rows):
            return None
        row = self._rows[row_no]
        if role in (_DISPLAY, _TOOLTIP):
            return self.display(row, self.columns[index.column()].key)
        if role == _ID:
            return row.get("id")
        return self.row_style(row, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def row_record(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of_id(self, record_id: str) -> int:
        """Row number of a loaded record, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.get("id") == record_id), -1)


class EnterpriseTableModel(PagedTableModel):
    """Enterprises, filtered by the search box and sorted by a clicked header."""

    columns = (
        Column.of(enterprises.F_NAME),
        Column.of(enterprises.F_USCC),
        Column.of(enterprises.F_TOWN),
        Column.of(enterprises.F_INDUSTRY),
        Column.of(enterprises.F_CONTACT),
        Column.of(enterprises.F_PHONE),
        Column.of(enterprises.F_HW),
        Column.of(enterprises.F_CLASS),
        Column("inspections_this_year", "本年检查", "Inspections this year"),
        Column("updated_at", "更新时间", "Updated"),
    )

    def __init__(self, store: Store, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(store, parent, page_size=page_size)
        self.search = ""
        self.order_by = "name"
        self.descending = False

    def fetch_count(self) -> int:
        return enterprises.count(self.store, search=self.search or None)

    def fetch_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        rows = enterprises.list_page(
            self.store,
            search=self.search or None,
            order_by=self.order_by,
            descending=self.descending,
            limit=limit,
            offset=offset,
        )
        counts = inspection_rules.inspections_by_enterprise(
            self.store, enterprise_ids=[r["id"] for r in rows]
        )
        for row in rows:
            row["inspections_this_year"] = counts.get(row["id"], 0)
        return rows

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "hw_categories":
            return "、".join(row["hw_categories"])
        if key == "supervision_class":
            return vocab.label(vocab.SUPERVISION_CLASSES, row["supervision_class"])
        if key == "inspections_this_year":
            return str(row["inspections_this_year"])
        if key == "updated_at":
            return local_time(row["updated_at"])
        return super().display(row, key)

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].key in enterprises.SORTABLE

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == self.order_by)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the new order; columns the core cannot sort by are ignored."""
        if not self.is_sortable(column):
            return
        self.order_by = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def set_search(self, text: str) -> None:
        text = text.strip()
        if text != self.search:
            self.search = text
            self.refresh()


class VisitTableModel(PagedTableModel):
    """Visits, newest first."""

    row_keys = frozenset(
        {
            "id",
            "date",
            "time",
            "enterprise_id",
            "enterprise_name",
            "type",
            "officer_names",
            "status",
            "record_no",
        }
    )

    columns = (
        Column.of(visits.F_DATE),
        Column.of(visits.F_TIME),
        Column.of(visits.F_ENTERPRISE),
        Column.of(visits.F_TYPE),
        Column.of(visits.F_OFFICERS),
        Column("status", "状态", "Status"),
        Column("record_no", "记录编号", "Record no."),
    )

    def filters(self) -> dict[str, Any]:
        """Keyword filters of ``visits.count``/``list_page`` (none: every visit)."""
        return {}

    def fetch_count(self) -> int:
        return visits.count(self.store, **self.filters())

    def fetch_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        # The next page continues after the last loaded row (keyset): an OFFSET near the
        # end of 100,000 visits re-reads every row before it (≈ 55 ms a page).
        after = None
        if offset and offset == len(self._rows):
            after, offset = visits.cursor_of(self._rows[-1]), 0
        return visits.list_page(
            self.store, limit=limit, offset=offset, after=after, **self.filters()
        )

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "enterprise_id":
            return row["enterprise_name"]
        if key == "type":
            return vocab.label(vocab.VISIT_TYPES, row["type"])
        if key == "officer_ids":
            return "、".join(row["officer_names"])
        if key == "status":
            return vocab.label(vocab.VISIT_STATUSES, row["status"])
        return super().display(row, key)


class ProblemTableModel(PagedTableModel):
    """Problems of a :class:`~envhelp.domain.ledger_list.LedgerFilter`, read page by page through
    :func:`envhelp.domain.ledger_list.list_page` (earliest deadline first unless a header is clicked);
    overdue rows are highlighted, cancelled ones greyed. The Problems page and the
    enterprise's detail both list problems through this one model.
    """

    columns = (
        Column.of(problems.F_ENTERPRISE),
        Column("town", "镇街", "Town"),
        Column.of(problems.F_CATEGORY),
        Column.of(problems.F_DESCRIPTION),
        Column.of(problems.F_SEVERITY),
        Column.of(problems.F_FOUND_ON),
        Column.of(problems.F_DEADLINE),
        Column("status", "状态", "Status"),
    )
    # Column key → ledger sort key (columns missing here cannot be sorted).
    sort_keys = {
        "enterprise_id": "enterprise",
        "town": "town",
        "category": "category",
        "severity": "severity",
        "found_on": "found_on",
        "deadline": "deadline",
        "status": "status",
        "closed_on": "closed_on",
    }
    status_marks_overdue = True  # "（已逾期）" after the status (a list without an overdue column)
    row_keys = frozenset(
        {
            "id",
            "enterprise_id",
            "enterprise_name",
            "town",
            "category",
            "description",
            "severity",
            "found_on",
            "deadline",
            "status",
            "closed_on",
            "overdue",
            "days_overdue",
            "visit_id",
        }
    )

    def __init__(self, store: Store, parent=None, *, page_size: int = PAGE_SIZE):
        super().__init__(store, parent, page_size=page_size)
        self.filter = ledger_list.LedgerFilter()
        self.order_by: str | None = None  # None: the ledger's default (deadline)
        self.descending = False
        self.today: date | None = None  # None: the real today (tests pin a date)
        self._loaded = False

    # The two filters a short list offers, kept in self.filter.
    @property
    def status(self) -> str | tuple[str, ...] | None:
        return self.filter.status

    @status.setter
    def status(self, value: str | tuple[str, ...] | None) -> None:
        self.filter = dataclasses.replace(self.filter, status=value)

    @property
    def overdue_only(self) -> bool:
        return self.filter.overdue

    @overdue_only.setter
    def overdue_only(self, value: bool) -> None:
        self.filter = dataclasses.replace(self.filter, overdue=value)

    def day(self) -> date:
        return self.today or date.today()

    def refresh(self) -> None:
        self._loaded = True
        super().refresh()

    def fetch_count(self) -> int:
        return ledger_list.count(self.store, self.filter, today=self.day())

    def fetch_page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        return ledger_list.list_page(
            self.store,
            self.filter,
            order_by=self.order_by,
            descending=self.descending,
            limit=limit,
            offset=offset,
            today=self.day(),
        )

    def set_filter(self, flt: ledger_list.LedgerFilter) -> None:
        self.filter = flt
        self.refresh()

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "enterprise_id":
            return row["enterprise_name"]
        if key == "category":
            return vocab.label(vocab.PROBLEM_CATEGORIES, row["category"])
        if key == "severity":
            return vocab.label(vocab.SEVERITIES, row["severity"])
        if key == "status":
            text = vocab.label(vocab.PROBLEM_STATUSES, row["status"])
            if self.status_marks_overdue and row["overdue"]:
                text += QCoreApplication.translate("ProblemTableModel", "（已逾期）")
            return text
        return super().display(row, key)

    def row_style(self, row: dict[str, Any], role: int) -> Any:
        if not row["overdue"]:
            if role == _FOREGROUND and row["status"] == "cancelled":
                return QBrush(Qt.GlobalColor.gray)
            return None
        if role == _BACKGROUND:
            return QBrush(OVERDUE_BACKGROUND)
        if role == _FOREGROUND:
            return QBrush(OVERDUE_FOREGROUND)
        if role == _FONT:
            return bold_font()
        return None

    # -- sorting ------------------------------------------------------------

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self.columns) and self.columns[column].key in self.sort_keys

    def sort_column(self) -> int:
        key = self.order_by or "deadline"
        return next(i for i, c in enumerate(self.columns) if self.sort_keys.get(c.key) == key)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the clicked column's order; other columns are ignored. Before the
        first refresh only the order is kept (a view calls this when sorting is turned on:
        no query for a list that is about to be read anyway)."""
        if not self.is_sortable(column):
            return
        self.order_by = self.sort_keys[self.columns[column].key]
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded:
            self.refresh()
