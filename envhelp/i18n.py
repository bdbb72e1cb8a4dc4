"""Language of user-facing text produced by the Qt-free core (errors, reports).

The GUI translates its own widgets through Qt Linguist; everything the core
says to a person is a (Chinese, English) pair picked here, so the CLI, the
reports and the GUI all speak the same language without importing Qt.
"""

from __future__ import annotations

SUPPORTED = ("zh", "en")
_language = "zh"


def set_language(lang: str) -> None:
    global _language
    if lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}; use one of {SUPPORTED}")
    _language = lang


def language() -> str:
    return _language


def pick(zh: str, en: str) -> str:
    """Return the text for the current language."""
    return zh if _language == "zh" else en
