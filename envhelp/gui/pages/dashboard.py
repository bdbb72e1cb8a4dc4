"""Dashboard: this month's and this year's work, the ledger's urgent problems, visit planning.

Every number comes from the core with the monthly summary's definitions
(:mod:`envhelp.domain.figures`: final visits only; problems of final visits
or without a visit, cancelled ones never), the ledger counts from
:func:`envhelp.domain.ledger_list.count`, and the planning list from
:func:`envhelp.domain.planning.rank`. Each figure is a button: clicking it asks
the main window (signal :attr:`DashboardPage.navigate`) to show the list behind
it. The page re-reads everything each time it is shown.

Reading takes a few hundred milliseconds on a district's decade of records (the
planning rank alone ≈ 0.2 s), so when the page is shown it reads on a worker
thread with its own connection (:meth:`DashboardPage.load`, a :class:`~envhelp.gui.tasks.Task`
like every long job of the GUI) and shows "loading"
until the figures arrive; the window appears at once. :meth:`DashboardPage.refresh`
still reads synchronously (tests, F5 waits for it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from envhelp.domain import planning
from envhelp.gui import tasks
from envhelp.gui.pages.base import Page
from envhelp.gui.qt import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from envhelp.gui.widgets import after_paint
from envhelp.storage import Store

if TYPE_CHECKING:
    from envhelp.domain.ledger_list import LedgerFilter

PLANNING_ROWS = 15
CAP_LINES = 8  # inspection-frequency warnings shown; the rest behind "…"
PERMIT_DAYS = 60  # the renewal lead of 条例 第十四条: what the permits line looks ahead
PERMIT_TOOLTIP_ROWS = 20
LOADING = "…"
# Figures that warn are coloured; the key is the card's (see DashboardPage.cards).
CARD_COLORS = {"overdue": "#a61b1b", "due_soon": "#b36b00"}
# One style sheet for the whole page, set once: every setStyleSheet() call on a child
# costs a re-polish, and the page used to make twenty of them while the window started.
PAGE_STYLE = """
QPushButton#figureCard {
    background: palette(base); border: 1px solid #c9ced6; border-radius: 6px;
    padding: 6px; text-align: center;
}
QPushButton#figureCard:hover { border-color: #1f5fa8; background: #f2f6fc; }
QPushButton#figureCard:focus { border: 2px solid #1f5fa8; }
QPushButton#figureCard QLabel { qproperty-alignment: AlignCenter; }
QLabel#cardCaption { color: #444; }
QLabel#asOf, QLabel#planningHint { color: #555; }
QLabel#dashboardLoading { color: #1f5fa8; font-weight: bold; }
""" + "".join(f"QLabel#count_{key} {{ color: {color}; }}\n" for key, color in CARD_COLORS.items())


def month_range(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    return first, next_first - timedelta(days=1)


def year_range(day: date) -> tuple[date, date]:
    return date(day.year, 1, 1), date(day.year, 12, 31)


def period_figures(store: Store, start: date, end: date) -> dict[str, int]:
    """The four headline figures of a period, read by the monthly summary's own function."""
    from envhelp.domain.figures import periods  # imported by the reading thread, not at start-up

    figures = periods.period_figures(store, start, end, checks=False, handling=False)
    return {
        "visits": figures["visits"],
        "enterprises": figures["enterprises"],
        "found": figures["problems_found"],
        "closed": figures["problems_closed"],
    }


class DashboardData(NamedTuple):
    """Everything the page shows: figures keyed like the cards, and the planning list."""

    figures: dict[str, int]
    planning: list[dict[str, Any]]
    # Enterprises over or near the yearly inspection cap, and 综合查一次 candidates.
    cap_rows: list[dict[str, Any]] = []
    combine_rows: list[dict[str, Any]] = []
    permits_due: list[dict[str, Any]] = []  # noqa: RUF012 — read-only, never mutated


def read_dashboard(store: Store, today: date) -> DashboardData:
    """Read the page's figures and planning list (on any thread, with that thread's store)."""
    # ≈ 10 ms to import: read after the window is on screen, by the reading thread.
    from envhelp.domain import enterprises, ledger_list

    out: dict[str, int] = {}
    for prefix, (start, end) in (("month", month_range(today)), ("year", year_range(today))):
        for key, value in period_figures(store, start, end).items():
            out[f"{prefix}_{key}"] = value
    for key, flt in ledger_filters(today).items():
        out[key] = ledger_list.count(store, flt, today=today)
    out["enterprises"] = enterprises.count(store)
    from envhelp.domain import inspection_rules, permit_calendar

    return DashboardData(
        out,
        planning.rank(store, today=today, limit=PLANNING_ROWS),
        inspection_rules.cap_overview(store, today.year),
        inspection_rules.combine_candidates(store, today.year),
        permit_calendar.due(store, today=today, within=PERMIT_DAYS),
    )


def ledger_filters(today: date) -> dict[str, LedgerFilter]:
    """The ledger filters behind the three ledger figures."""
    from envhelp.domain.ledger_list import LedgerFilter, due_soon_filter
    from envhelp.domain.problems import OPEN_STATUSES

    active = tuple(OPEN_STATUSES)
    return {
        "overdue": LedgerFilter(overdue=True),
        "due_soon": due_soon_filter(today),  # the one definition of "due soon"
        "open_problems": LedgerFilter(status=active),
    }


def period_filter(key: str, today: date) -> tuple[LedgerFilter, str, bool] | None:
    """The ledger filter (with its order: key, descending) behind a period's problem
    figure ``month_found`` / ``month_closed`` / ``year_found`` / ``year_closed``, or None.

    They select exactly what :func:`period_figures` counts: counted problems (of a
    final visit or without a visit, ``final_visits_only``; never cancelled) found in
    the period, or closed out (``closed_on``) in it, whenever found.
    """
    from envhelp.domain.ledger_list import LedgerFilter

    prefix, _, figure = key.partition("_")
    if prefix not in ("month", "year") or figure not in ("found", "closed"):
        return None
    start, end = month_range(today) if prefix == "month" else year_range(today)
    if figure == "found":
        flt = LedgerFilter(
            status=("open", "rectifying", "closed"),  # not cancelled
            found_from=start.isoformat(),
            found_to=end.isoformat(),
            final_visits_only=True,
        )
        return flt, "found_on", False
    flt = LedgerFilter(
        status="closed",
        closed_from=start.isoformat(),
        closed_to=end.isoformat(),
        final_visits_only=True,
    )
    return flt, "closed_on", True


def period_visits(key: str, today: date) -> dict[str, str] | None:
    """The Visits page's filter behind ``month_visits`` / ``month_enterprises`` /
    ``year_visits`` / ``year_enterprises``, or None: the final visits dated in the
    period, exactly what :func:`period_figures` counts (the page shows their number
    and their distinct enterprises)."""
    prefix, _, figure = key.partition("_")
    if prefix not in ("month", "year") or figure not in ("visits", "enterprises"):
        return None
    start, end = month_range(today) if prefix == "month" else year_range(today)
    return {"date_from": start.isoformat(), "date_to": end.isoformat(), "status": "final"}


class FigureCard(QPushButton):
    """A big number over a caption; a click opens the list behind the number.

    The labels are centred by PAGE_STYLE, and a click on them reaches the button (a
    label ignores presses, so Qt passes them on to its parent). The page gives the
    cards their hand cursor once it has been painted (:meth:`DashboardPage.point_cards`):
    until then nothing on the start-up path needs PySide's ``Qt`` enum namespace.
    """

    def __init__(self, key: str, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("figureCard")
        self.key = key
        # Narrow enough for eight cards in a row on a 1366-pixel laptop screen.
        self.setMinimumSize(96, 84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.value = QLabel("0", self)
        self.value.setObjectName(f"count_{key}")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.1)
        font.setBold(True)
        self.value.setFont(font)  # coloured by PAGE_STYLE
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)  # a long caption wraps instead of widening the window
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(0)
        box.addWidget(self.value)
        box.addWidget(self.caption)

    def set_value(self, value: int) -> None:
        self.value.setText(str(value))
        self.setAccessibleName(f"{self.caption.text()} {value}")

    def sizeHint(self):  # noqa: N802 — Qt override
        return self.layout().sizeHint()


class DashboardPage(Page):
    """Figures and the planning list; :attr:`navigate` carries the click-throughs.

    ``navigate(kind, payload)``: ``("problems", {"filter": LedgerFilter, "order_by": …,
    "descending": …})``, ``("visits", {"date_from": …, "date_to": …, "status": "final"})``,
    ``("page", "enterprises")`` or ``("enterprise", enterprise_id)``.
    """

    key = "dashboard"

    navigate = Signal(str, object)
    loaded = Signal()  # the figures and the planning list read by :meth:`load` are shown

    def __init__(self, store: Store, parent=None):
        super().__init__(store, parent)
        self.setObjectName(f"{self.key}Page")
        self.setStyleSheet(PAGE_STYLE)
        self.today: date | None = None  # None: the real today (tests pin a date)
        self.cards: dict[str, FigureCard] = {}
        self.values: dict[str, QLabel] = {}
        self.figures: dict[str, int] = {}
        self.planning_rows: list[dict[str, Any]] = []
        # The background read (see load()) and the generation it belongs to; a synchronous
        # refresh() makes it stale.
        self._pending: tuple[tasks.Task, int] | None = None
        self._generation = 0
        self._read_again = False
        self._starting = False  # load() asked, the thread not started yet

        layout = QVBoxLayout(self)
        row, _ = self.header(self.title())
        self.as_of_label = QLabel(self)
        self.as_of_label.setObjectName("asOf")
        self.loading_label = QLabel(self.tr("正在读取数据…"), self)
        self.loading_label.setObjectName("dashboardLoading")
        self.loading_label.hide()
        row.addWidget(self.loading_label)
        row.addWidget(self.as_of_label)
        layout.addLayout(row)

        self.month_box = QGroupBox(self)
        self.year_box = QGroupBox(self)
        period_cards = (
            ("visits", self.tr("走访次数")),
            ("enterprises", self.tr("走访企业（家）")),
            ("found", self.tr("发现问题")),
            ("closed", self.tr("销号问题")),
        )
        periods = QHBoxLayout()
        for prefix, box in (("month", self.month_box), ("year", self.year_box)):
            grid = QGridLayout(box)
            for column, (key, caption) in enumerate(period_cards):
                grid.addWidget(self._card(f"{prefix}_{key}", caption), 0, column)
            periods.addWidget(box, 1)
        layout.addLayout(periods)

        ledger_box = QGroupBox(self.tr("问题台账与企业"), self)
        grid = QGridLayout(ledger_box)
        ledger_cards = (
            ("overdue", self.tr("逾期未整改")),
            ("due_soon", self.tr("7 天内到期")),
            ("open_problems", self.tr("未销号问题")),
            ("enterprises", self.tr("在册企业")),
        )
        for column, (key, caption) in enumerate(ledger_cards):
            grid.addWidget(self._card(key, caption), 0, column)
        self.permits_label = QLabel(ledger_box)
        self.permits_label.setObjectName("permitsDue")
        self.permits_label.setWordWrap(True)
        self.permits_button = QPushButton(self.tr("到期事项与提交情况…"), ledger_box)
        self.permits_button.setObjectName("openPermitsDue")
        self.permits_button.setToolTip(
            self.tr("列出排污许可到期事项，记录或更正企业的执行报告、延续申请提交情况")
        )
        self.permits_button.clicked.connect(self.open_permits_due)
        self.permits_dialog = None
        permits_row = QHBoxLayout()
        permits_row.addWidget(self.permits_label, 1)
        permits_row.addWidget(self.permits_button)
        grid.addLayout(permits_row, 1, 0, 1, len(ledger_cards))
        layout.addWidget(ledger_box)
        # Inspection-frequency warnings (docs/inspection-rules.md); hidden when none.
        self.cap_label = QLabel(self)
        self.cap_label.setObjectName("inspectionCapWarnings")
        self.cap_label.setWordWrap(True)
        self.cap_label.hide()
        layout.addWidget(self.cap_label)

        plan_box = QGroupBox(self.tr("走访计划建议（按需要程度排序）"), self)
        self.planning = QTableWidget(0, 4, plan_box)
        self.planning.setObjectName("planningTable")
        self.planning.setHorizontalHeaderLabels(
            [self.tr("企业"), self.tr("镇街"), self.tr("上次走访"), self.tr("原因")]
        )
        self.planning.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.planning.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.planning.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.planning.setAlternatingRowColors(True)
        self.planning.verticalHeader().setDefaultSectionSize(26)
        header = self.planning.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((250, 100, 100)):
            self.planning.setColumnWidth(column, width)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.planning.itemActivated.connect(lambda item: self.open_planning_row(item.row()))
        self.planning.cellDoubleClicked.connect(lambda r, _c: self.open_planning_row(r))
        w = planning.DEFAULT_WEIGHTS
        hint = QLabel(
            self.tr(
                "双击或回车打开企业。评分：每个逾期问题 {o} 分，每个未整改重大问题 {m} 分，"
                "距上次定稿走访每月 {p} 分（最多 {c} 个月，从未走访按 {c} 个月计），"
                "危废产生单位 {h} 分，排污许可证已过期 {e} 分，每份核查未提交的执行报告 {r} 分。"
            ).format(
                o=w.overdue,
                m=w.major_open,
                p=w.per_month,
                c=w.max_months,
                h=w.hw_producer,
                e=w.expired_permit,
                r=w.missing_report,
            ),
            plan_box,
        )
        hint.setObjectName("planningHint")
        hint.setWordWrap(True)
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.addWidget(self.planning, 1)
        plan_layout.addWidget(hint)
        layout.addWidget(plan_box, 1)
        after_paint(self, self.point_cards)

    def point_cards(self) -> None:
        """The hand cursor over every card (after the first paint: see FigureCard)."""
        for card in self.cards.values():
            card.setCursor(Qt.CursorShape.PointingHandCursor)

    def _card(self, key: str, caption: str) -> FigureCard:
        card = FigureCard(key, caption, self)
        card.clicked.connect(lambda _=False, k=key: self.open_figure(k))
        self.cards[key] = card
        self.values[key] = card.value
        return card

    def day(self) -> date:
        return self.today or date.today()

    # -- reading ------------------------------------------------------------

    def compute(self) -> dict[str, int]:
        """Every figure on the page, keyed like :attr:`cards` (also what the tests compare)."""
        return read_dashboard(self.store, self.day()).figures

    def ledger_filters(self) -> dict[str, LedgerFilter]:
        return ledger_filters(self.day())

    def on_activated(self) -> None:
        self.load()

    def refresh(self) -> None:
        """Read everything now, on the GUI thread (a background read under way is dropped)."""
        self._generation += 1
        self._show(read_dashboard(self.store, self.day()))

    def load(self) -> None:
        """Read everything on a worker thread; "loading" shows until :attr:`loaded`.

        The thread starts once the page has been painted in its loading state
        (:func:`~envhelp.gui.widgets.after_paint`): at start-up the window shows first,
        without a worker competing with the first paint.
        """
        if self._pending is not None or self._starting:  # one read at a time
            self._read_again = True
            return
        self._generation += 1
        self._show_headings(self.day())
        self._set_loading(True)
        self._starting = True
        after_paint(self, self._start_read)

    def _start_read(self) -> None:
        if not self._starting:  # stop_loading() came first
            return
        self._starting = False
        today = self.day()
        task = tasks.Task(
            tasks.store_job(
                self.store.path,
                lambda store, _progress, _cancelled: read_dashboard(store, today),
                read_only=self.store.read_only,
            )
        )
        self._pending = (task, self._generation)
        # A bound slot: Qt drops the connection if the page is gone before the read ends.
        task.finished.connect(self._read_done)
        task.start()

    def is_loading(self) -> bool:
        return self._pending is not None or self._starting

    def stop_loading(self, timeout: float = 10.0) -> None:
        """Drop a background read and wait until its connection is closed (before the
        database is closed or replaced)."""
        self._starting = False
        self._read_again = False
        self._set_loading(False)
        if self._pending is not None:
            task = self._pending[0]
            self._pending = None
            task.cancel()
            task.wait_for_job(timeout)

    def _read_done(self) -> None:
        if self._pending is None or self._pending[0].outcome is None:
            return  # a read dropped by stop_loading() ended, not the pending one
        task, generation = self._pending
        self._pending = None
        self._set_loading(False)
        stale = generation != self._generation
        if self._read_again:
            self._read_again = False
            self.load()
            return
        if stale:  # a synchronous refresh() came in between and is newer
            return
        if task.outcome != "succeeded":  # a failure is logged by the task
            self.as_of_label.setText(self.tr("读取失败：{error}").format(error=task.error))
            return
        self._show(task.result)
        self.loaded.emit()

    def _set_loading(self, loading: bool) -> None:
        self.loading_label.setVisible(loading)
        self.planning.setEnabled(not loading)
        if loading and not self.figures:  # nothing read yet: no numbers rather than zeros
            for card in self.cards.values():
                card.value.setText(LOADING)

    def _show_headings(self, today: date) -> None:
        self.as_of_label.setText(self.tr("截至 {day}").format(day=today.isoformat()))
        self.month_box.setTitle(
            self.tr("本月（{y} 年 {m} 月）").format(y=today.year, m=today.month)
        )
        self.year_box.setTitle(self.tr("本年（{y} 年）").format(y=today.year))

    def _show(self, data: DashboardData) -> None:
        self._show_headings(self.day())
        self._show_empty_hint(data.figures.get("enterprises", 0) == 0)
        self.figures = data.figures
        for key, value in self.figures.items():
            self.cards[key].set_value(value)
        self._show_cap_warnings(data)
        self._show_permits(data.permits_due)
        self.planning_rows = data.planning
        self.planning.setRowCount(len(self.planning_rows))
        for row, item in enumerate(self.planning_rows):
            last = item["last_visit"] or self.tr("从未走访")
            cells = (item["name"], item["town"] or "", last, item["reason"])
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 3 and item["overdue"]:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.planning.setItem(row, column, cell)

    def _show_cap_warnings(self, data: DashboardData) -> None:
        from envhelp.domain import inspection_rules, vocab

        lines = [
            self.tr("{name}：本年 {n} 次计入上限（上限 {cap} 次，{state}）").format(
                name=r["enterprise_name"],
                n=r["counted"],
                cap=r["cap"],
                state=vocab.label(inspection_rules.CAP_STATES, r["state"]),
            )
            for r in data.cap_rows
        ] + [
            self.tr(
                "{name}：{y} 年 {m} 月有 {n} 次不同来源的检查（{sources}），宜综合查一次"
            ).format(
                name=r["enterprise_name"],
                y=r["month"][:4],
                m=int(r["month"][5:]),
                n=r["visits"],
                sources="、".join(r["sources"]),
            )
            for r in data.combine_rows
        ]
        self.cap_label.setText(
            self.tr("检查频次提醒：")
            + "\n"
            + "\n".join(lines[:CAP_LINES])
            + ("\n…" if len(lines) > CAP_LINES else "")
        )
        self.cap_label.setVisible(bool(lines))

    def _show_permits(self, rows: list[dict[str, Any]]) -> None:
        """One line on the permits' calendar, the entries in its tooltip."""
        reports = sum(1 for r in rows if r["kind"] != "renewal")
        renewals = len(rows) - reports
        expired = sum(1 for r in rows if r["state"] == "expired")
        self.permits_label.setText(
            self.tr(
                "排污许可：{d} 天内到期或已逾期 {n} 项（执行报告 {r} 项，许可证延续 {v} 项，"
                "其中许可证已过期 {x} 份）；鼠标停留可看明细。"
            ).format(d=PERMIT_DAYS, n=len(rows), r=reports, v=renewals, x=expired)
            if rows
            else self.tr("排污许可：{d} 天内没有到期事项。").format(d=PERMIT_DAYS)
        )
        lines = [
            f"{r['due_on']}　{r['state_label']}　{r['enterprise']}　{r['kind_label']}"
            f"　{r['period_label']}"
            for r in rows[:PERMIT_TOOLTIP_ROWS]
        ]
        if len(rows) > PERMIT_TOOLTIP_ROWS:
            lines.append("…")
        self.permits_label.setToolTip("\n".join(lines))
        self.permits_label.setStyleSheet("color: #8b0000;" if expired else "")

    def _show_empty_hint(self, empty: bool) -> None:
        """An empty database: say where to start instead of a page of zeros. Made on first
        need, so a normal start pays nothing for it."""
        hint = getattr(self, "empty_hint", None)
        if hint is None and not empty:
            return
        if hint is None:
            from envhelp.gui.widgets import EmptyHint

            hint = self.empty_hint = EmptyHint(self)
            self.layout().insertWidget(1, hint)
        hint.show_for(
            empty,
            self.tr(
                "数据库里还没有企业，所以这里都是 0。先录入企业：“数据 → 导入企业（Excel）”按模板一次"
                "导入，或在“企业”页按 Ctrl+N 逐家添加；然后在“走访”页按 Ctrl+N 开始第一次走访。"
                "按 F1 查看使用指南。"
            ),
        )

    # -- click-through ------------------------------------------------------

    def open_figure(self, key: str) -> None:
        """Ask for the list behind figure ``key``: exactly the problems counted (see
        :func:`period_filter` and :func:`ledger_filters`) or the visits counted
        (:func:`period_visits`)."""
        today = self.day()
        if (ledger_filter := self.ledger_filters().get(key)) is not None:
            self.navigate.emit("problems", {"filter": ledger_filter})
            return
        if key == "enterprises":
            self.navigate.emit("page", "enterprises")
            return
        behind = period_filter(key, today)
        if behind is not None:
            flt, order_by, descending = behind
            self.navigate.emit(
                "problems", {"filter": flt, "order_by": order_by, "descending": descending}
            )
        elif (visits_behind := period_visits(key, today)) is not None:
            self.navigate.emit("visits", visits_behind)

    def open_permits_due(self):
        """The permits' due list, where the officer records what enterprises showed; the
        page (figures, planning ranking) is read again after each answer."""
        from envhelp.gui.dialogs.permit_calendar import PermitCalendarDialog  # on first use

        dialog = PermitCalendarDialog(self.store, self, today=self.day())
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.permits_dialog = dialog
        dialog.open()
        return dialog

    def open_planning_row(self, row: int) -> None:
        if 0 <= row < len(self.planning_rows):
            self.navigate.emit("enterprise", self.planning_rows[row]["enterprise_id"])
