"""A small grouped bar chart painted with QPainter (QtCharts is not in PySide6-Essentials).

:class:`BarChart` shows one or more series of counts over categories (towns,
months): a title, a legend, a y axis with round ticks, a value above each bar
and the category names under them (slanted when they do not fit side by side).
It only draws what :meth:`BarChart.set_data` gave it; the Reports page feeds it
from the monthly summary.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from envhelp.gui.qt import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPointF,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)

# Blue, orange, green, grey: distinct in print and for the common colour-blindness types.
SERIES_COLORS = ("#4472c4", "#ed7d31", "#70ad47", "#7f7f7f")
GRID_COLOR = "#d9d9d9"
AXIS_COLOR = "#595959"
MARGIN = 10
SLANT_DEGREES = 35  # category labels turn this far when they are too wide to stand level


def nice_step(top: float, ticks: int = 5) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks to ``top``."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


class BarChart(QWidget):
    """Grouped vertical bars: one group per category, one bar per series."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("barChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = ""
        self.categories: list[str] = []
        self.series: list[tuple[str, list[int]]] = []
        self.empty_text = ""

    def set_data(
        self,
        title: str,
        categories: Sequence[str],
        series: Sequence[tuple[str, Sequence[int]]],
        empty_text: str = "",
    ) -> None:
        """Replace what is drawn; each series is ``(name, one value per category)``."""
        self.title = title
        self.categories = [str(c) for c in categories]
        self.series = [(name, [int(v or 0) for v in values]) for name, values in series]
        self.empty_text = empty_text
        self.update()

    def is_empty(self) -> bool:
        return not self.categories or not any(any(values) for _, values in self.series)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(320, 220)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 320)

    # -- painting -----------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        area.setTop(self._draw_title(painter, area))
        if self.is_empty():
            painter.setPen(QColor(AXIS_COLOR))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        area.setTop(self._draw_legend(painter, area))
        self._draw_bars(painter, area)
        painter.end()

    def _draw_title(self, painter: QPainter, area: QRectF) -> float:
        """Draws the title; returns the y where the rest starts."""
        if not self.title:
            return area.top()
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        height = QFontMetrics(font).height()
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), height),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.setFont(self.font())
        return area.top() + height + 4

    def _draw_legend(self, painter: QPainter, area: QRectF) -> float:
        """A centred row of coloured squares and series names; returns the y below it."""
        metrics = QFontMetrics(self.font())
        box = metrics.height() * 0.7
        widths = [box + 4 + metrics.horizontalAdvance(name) for name, _ in self.series]
        gap = 16
        x = area.center().x() - (sum(widths) + gap * (len(widths) - 1)) / 2
        y = area.top()
        for index, ((name, _), width) in enumerate(zip(self.series, widths, strict=True)):
            painter.fillRect(
                QRectF(x, y + (metrics.height() - box) / 2, box, box), self._color(index)
            )
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + box + 4, y + metrics.ascent()), name)
            x += width + gap
        return y + metrics.height() + 6

    def _draw_bars(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        top_value = max(max(values) for _, values in self.series)
        step = nice_step(top_value)
        axis_top = step * math.ceil(top_value / step)
        # Room for a value label above the tallest bar.
        label_gap = metrics.height()
        y_labels = [str(v) for v in range(0, axis_top + 1, step)]
        left = area.left() + max(metrics.horizontalAdvance(t) for t in y_labels) + 6

        count = len(self.categories)
        slot = (area.right() - left) / count
        widest = max(metrics.horizontalAdvance(c) for c in self.categories)
        slanted = widest > slot - 4
        if slanted:
            angle = math.radians(SLANT_DEGREES)
            label_height = widest * math.sin(angle) + metrics.height() * math.cos(angle) + 4
            label_height = min(label_height, area.height() * 0.4)
        else:
            label_height = metrics.height() + 4
        plot = QRectF(
            left,
            area.top() + label_gap,
            area.right() - left,
            area.height() - label_gap - label_height,
        )
        if plot.height() <= 10 or plot.width() <= 10:
            return

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / axis_top

        # Grid and y axis labels.
        for value, text in zip(range(0, axis_top + 1, step), y_labels, strict=True):
            y = y_of(value)
            painter.setPen(QPen(QColor(GRID_COLOR if value else AXIS_COLOR), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(AXIS_COLOR))
            painter.drawText(
                QRectF(
                    area.left(), y - metrics.height() / 2, left - area.left() - 6, metrics.height()
                ),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

        # Bars: the group fills 70% of its slot, split evenly between the series.
        bar_width = slot * 0.7 / len(self.series)
        for index, category in enumerate(self.categories):
            group_left = plot.left() + slot * index + slot * 0.15
            for number, (_, values) in enumerate(self.series):
                value = values[index]
                x = group_left + bar_width * number
                bar = QRectF(x + 1, y_of(value), max(bar_width - 2, 1), plot.bottom() - y_of(value))
                painter.fillRect(bar, self._color(number))
                text = str(value)
                if value and metrics.horizontalAdvance(text) <= bar_width + 6:
                    painter.setPen(self.palette().text().color())
                    painter.drawText(
                        QRectF(
                            x - 3, bar.top() - metrics.height(), bar_width + 6, metrics.height()
                        ),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        text,
                    )
            self._draw_category(painter, metrics, category, plot, slot, index, slanted)

    def _draw_category(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        text: str,
        plot: QRectF,
        slot: float,
        index: int,
        slanted: bool,
    ) -> None:
        painter.setPen(self.palette().text().color())
        centre = plot.left() + slot * (index + 0.5)
        if not slanted:
            painter.drawText(
                QRectF(centre - slot / 2, plot.bottom() + 2, slot, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )
            return
        # Slanted: the text ends just under the middle of its group and runs down to the left.
        painter.save()
        painter.translate(centre + metrics.ascent() / 2, plot.bottom() + 4)
        painter.rotate(-SLANT_DEGREES)
        width = metrics.horizontalAdvance(text)
        painter.drawText(QPointF(-width, metrics.ascent()), text)
        painter.restore()

    def _color(self, index: int) -> QColor:
        return QColor(SERIES_COLORS[index % len(SERIES_COLORS)])
