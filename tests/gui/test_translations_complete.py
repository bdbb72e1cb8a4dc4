"""Every Chinese text the GUI passes to Qt's translation is in the English catalogue.

A string missing from resources/i18n/envhelp_en.ts shows in Chinese in the English
interface; this finds it before a user does (then run pyside6-lupdate or add the entry,
and rebuild the .qm as docs/gui.md says).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# self.tr("…") / translate("Context", "…") with a literal containing Chinese.
CALL = re.compile(r"""(?:\btr|\btranslate\(\s*"[^"]+"\s*,)\(?\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")
CJK = re.compile(r"[\u4e00-\u9fff]")


def gui_sources() -> set[str]:
    found = set()
    for path in (ROOT / "envhelp" / "gui").rglob("*.py"):
        for text in CALL.findall(path.read_text(encoding="utf-8")):
            if CJK.search(text):
                found.add(text.encode().decode("unicode_escape").encode("latin-1").decode())
    return found


def catalogue_sources() -> set[str]:
    tree = ET.parse(ROOT / "resources" / "i18n" / "envhelp_en.ts")
    return {m.findtext("source") for m in tree.iter("message") if m.findtext("translation")}


def test_every_translated_gui_string_has_an_english_entry():
    sources = gui_sources()
    assert len(sources) > 100  # the scan itself works
    missing = sorted(sources - catalogue_sources())
    assert missing == []
