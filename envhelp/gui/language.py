"""UI language: Qt translators for the widgets, :mod:`envhelp.i18n` for the core.

Source strings in the GUI code are Chinese (the default UI); English comes from
``resources/i18n/envhelp_en.qm``. The choice is a per-user preference kept in
QSettings, so it is known before any database is opened.
"""

from __future__ import annotations

from envhelp import i18n, paths
from envhelp.gui.qt import QCoreApplication, QLibraryInfo, QSettings, QTranslator

LANGUAGE_KEY = "ui/language"
DEFAULT_LANGUAGE = "zh"
# Qt's own strings (standard dialog buttons, context menus) for each UI language.
_QT_CATALOGS = {"zh": "qtbase_zh_CN", "en": "qtbase_en"}
# Qt strings missing from that catalogue (the file dialog's "&Look in:", "Files of &type:").
_QT_EXTRA = {"zh": "qt_extra_zh_CN.qm"}

_installed: list[QTranslator] = []


def ui_settings() -> QSettings:
    """Per-user GUI preferences (INI format so tests can point it at a temp folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "EnvHelp", "EnvHelp")


def saved_language() -> str:
    value = str(ui_settings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE))
    return value if value in i18n.SUPPORTED else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    settings = ui_settings()
    settings.setValue(LANGUAGE_KEY, lang)
    settings.sync()


def catalog_path(lang: str) -> str:
    """The compiled catalogue of our own strings for ``lang`` (none for Chinese)."""
    return str(paths.resource("i18n", f"envhelp_{lang}.qm"))


def apply_language(lang: str) -> None:
    """Switch Qt translators and the core's language; widgets then retranslate."""
    i18n.set_language(lang)  # raises ValueError for an unsupported code
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_catalog = QTranslator(app)
    if qt_catalog.load(
        _QT_CATALOGS[lang], QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        _installed.append(qt_catalog)
    if lang in _QT_EXTRA:  # installed later, so asked first: fills what Qt's catalogue lacks
        extra = QTranslator(app)
        if extra.load(str(paths.resource("i18n", _QT_EXTRA[lang]))):
            _installed.append(extra)
    if lang != "zh":
        ours = QTranslator(app)
        if not ours.load(catalog_path(lang)):
            raise FileNotFoundError(f"missing translation catalogue {catalog_path(lang)}")
        _installed.append(ours)
    for translator in _installed:
        app.installTranslator(translator)


def language_names() -> dict[str, str]:
    """Each language named in itself, so a user can always find their own."""
    return {"zh": "中文", "en": "English"}
