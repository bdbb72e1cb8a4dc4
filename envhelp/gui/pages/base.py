"""What the main window expects of a page."""

from __future__ import annotations

from envhelp.gui.pages import page_title
from envhelp.gui.qt import QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from envhelp.storage import Store


class Page(QWidget):
    """A page of the main window, over the open database.

    Optional hooks the main window uses when a page has them:
    ``new_record()`` (Ctrl+N) and ``focus_search()`` (Ctrl+F).
    """

    key = ""  # the page's name in links and its objectName (key + "Page")

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        # True when the constructor has just read the data: the first show need not re-read.
        self.fresh = False

    @classmethod
    def title(cls) -> str:
        """Name in the navigation list (translated), from :func:`envhelp.gui.pages.page_title`
        so that the main window can list the pages without importing them."""
        return page_title(cls.key)

    def refresh(self) -> None:
        """Re-read what the page shows from the database."""

    def state(self) -> dict:
        """What the user chose on the page that a rebuilt page (after a language switch)
        should keep; :meth:`restore_state` takes it back."""
        return {}

    def restore_state(self, state: dict) -> None:
        """Take back what :meth:`state` returned."""

    def on_activated(self) -> None:
        """Called when the page is shown; by default re-reads the data (once per show)."""
        if self.fresh:
            self.fresh = False
            return
        self.refresh()

    def header(self, text: str) -> tuple[QHBoxLayout, QLabel]:
        """A title row for the page; returns the row and the title label."""
        label = QLabel(text, self)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        label.setFont(font)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addStretch(1)
        return row, label


class PlaceholderPage(Page):
    """A page whose features come later: a title and one line of explanation."""

    def placeholder(self, heading: str, text: str) -> None:
        layout = QVBoxLayout(self)
        row, _ = self.header(heading)
        layout.addLayout(row)
        body = QLabel(text, self)
        body.setObjectName("placeholderText")
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(body)
        layout.addStretch(1)
