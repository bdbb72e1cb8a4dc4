"""帮助: the short user guide and the keyboard shortcuts, from resources/help/ in the UI
language (Markdown, shown by QTextBrowser)."""

from __future__ import annotations

from envhelp import i18n, paths
from envhelp.gui.qt import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

PAGES = ("guide", "shortcuts")


def help_text(page: str) -> str:
    """The Markdown of ``page`` ("guide" or "shortcuts") in the UI language."""
    if page not in PAGES:
        raise ValueError(f"no help page {page!r}")
    return paths.resource("help", f"{page}.{i18n.language()}.md").read_text(encoding="utf-8")


class HelpDialog(QDialog):
    """One help page, non-modal, so it can stay open beside the work."""

    def __init__(self, page: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"help_{page}")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(help_text(page))
        self.setWindowTitle(self.tr("使用指南") if page == "guide" else self.tr("快捷键"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 600)
