"""The CJK font every EnvHelp PDF embeds, registered once per process.

reportlab embeds only TrueType-outline fonts; WenQuanYi Micro Hei (shipped in
resources/fonts, Apache-2.0 / GPL-3+ with font exception) works and is subset
into each PDF, so the Chinese shows on any viewer and ``pdftotext`` reads it.
It has no bold face: the family maps bold and italic to the same face so that
``<b>`` in paragraph markup never asks for a font that does not exist.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from envhelp import paths

FONT_NAME = "WQYMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the font with reportlab (first call only) and return its name."""
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if not _registered:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            path = paths.resource(*FONT_FILE)
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered = True
    return FONT_NAME


def covered_codes() -> Mapping[int, int]:
    """The code points the embedded font has glyphs for (a character it lacks prints as
    an empty box and comes back from the PDF's text as NUL)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(register_fonts()).face.charToGlyph
