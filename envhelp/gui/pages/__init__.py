"""One module per page of the main window; each page is a :class:`base.Page`.

:data:`PAGES` lists them in navigation order (= Ctrl+1..6) by module, so the main
window can show every title while importing and building a page only when it is
first shown. To replace a page, write a new ``Page`` subclass and change its entry.
"""

from __future__ import annotations

from typing import NamedTuple

from envhelp.gui.qt import QCoreApplication


class PageEntry(NamedTuple):
    key: str  # the page's name in links ("problems") and its objectName (key + "Page")
    module: str
    class_name: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("dashboard", "envhelp.gui.pages.dashboard", "DashboardPage"),
    PageEntry("enterprises", "envhelp.gui.pages.enterprises", "EnterprisesPage"),
    PageEntry("visits", "envhelp.gui.pages.visits", "VisitsPage"),
    PageEntry("problems", "envhelp.gui.pages.problems", "ProblemsPage"),
    PageEntry("reports", "envhelp.gui.pages.reports", "ReportsPage"),
    PageEntry("random", "envhelp.gui.pages.random_checks", "RandomChecksPage"),
)


def page_title(key: str) -> str:
    """The translated navigation title of page ``key`` (without importing the page)."""
    # Literal context and text in each call, so lupdate finds them (the class's context).
    titles = {
        "dashboard": QCoreApplication.translate("DashboardPage", "仪表盘"),
        "enterprises": QCoreApplication.translate("EnterprisesPage", "企业"),
        "visits": QCoreApplication.translate("VisitsPage", "走访"),
        "problems": QCoreApplication.translate("ProblemsPage", "问题台账"),
        "reports": QCoreApplication.translate("ReportsPage", "报表"),
        "random": QCoreApplication.translate("RandomChecksPage", "双随机"),
    }
    return titles[key]
