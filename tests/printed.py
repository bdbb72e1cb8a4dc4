"""Printing workbooks through LibreOffice for tests: xlsx → PDF, and the text boxes on it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def to_pdf(path: Path, tmp_path: Path) -> Path:
    """``path`` printed to PDF by LibreOffice (the workbook's own print set-up)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh --test")
    out = tmp_path / "lo-pdf"
    env = {**os.environ, "HOME": str(tmp_path / "lo-home")}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    return out / (path.stem + ".pdf")


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words as (x0, y0, x1, y1, text), from ``pdftotext -bbox``."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for page in html.split("<page ")[1:]:
        out.append(
            [
                (float(a), float(b), float(c), float(d), unescape(t))
                for a, b, c, d, t in WORD_RE.findall(page)
            ]
        )
    return out


def overlapping_words(pdf: Path, slack: float = 0.5) -> list[tuple[int, str, str]]:
    """Pairs of words printed over each other: (page, word, word). Words of one line
    never overlap, nor do the lines of a cell, so any pair is text running over
    another row's (or column's) text. A word's box is its font's full height, a
    little more than the line spacing: lines touching by less than a third of
    that are a cell's next line, not text printed over text."""
    found = []
    for number, words in enumerate(pages(pdf), start=1):
        words.sort()
        for i, (x0, y0, x1, y1, text) in enumerate(words):
            for u0, v0, u1, v1, other in words[i + 1 :]:
                if u0 >= x1 - slack:
                    break  # sorted by x0: no later word starts left of this one's end
                height = min(y1 - y0, v1 - v0)
                if min(y1, v1) - max(y0, v0) > height / 3 and min(x1, u1) - max(x0, u0) > slack:
                    found.append((number, text, other))
    return found
