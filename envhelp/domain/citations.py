"""An item's legal basis: what the program shows (:func:`legal_basis`) and what a printed
document may show as its 条款 and 依据 (:func:`printed_citation`), so a clause number not
confirmed against the standard's text never reaches paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from envhelp.domain import templates

UNVERIFIED_SUFFIX = ("（条款号待核实）", " (clause number to be verified)")
# Clause numbers of these confidences (or of an item that states none: a bureau's own
# template vouches for its numbers) may be printed; others are shown in the program only.
PRINTABLE_CONFIDENCE = (None, "verified", "quoted")
DEFAULT_BASIS_FORMAT = {"zh": "{standard} 第{clause}条", "en": "{standard} clause {clause}"}


def legal_basis(template: dict[str, Any], item: dict[str, Any], lang: str = "zh") -> str:
    """The item's legal basis as the template states it, e.g. "GB 18597-2023 第6.1.3条".

    An explicit legal_basis_zh/en in the item wins; otherwise the template's
    format is filled with its standard and the item's clause. An inferred
    clause number gets a "to be verified" note. This is what the program shows
    the officer; what a document prints is :func:`printed_citation`.
    """
    explicit = item.get(f"legal_basis_{lang}")
    if explicit:
        return explicit
    fmt = template.get("legal_basis_format") or DEFAULT_BASIS_FORMAT
    pattern = fmt.get(lang) if isinstance(fmt, dict) else None
    if not templates.is_plain_basis_format(
        pattern
    ):  # stored before formats were checked this strictly
        pattern = DEFAULT_BASIS_FORMAT[lang]
    text = pattern.format(standard=template["standard"], clause=item["clause"])
    if item.get("confidence") == "inferred":
        text += UNVERIFIED_SUFFIX[0] if lang == "zh" else UNVERIFIED_SUFFIX[1]
    return text


@dataclass(frozen=True)
class Citation:
    """What a printed document may show for one requirement.

    clause: the 条款 column — clause numbers of the template's standard that were
        confirmed, e.g. "6.2.2"; "" when none may be printed (unconfirmed, or the
        basis is an article of a law).
    basis: the 依据 text — confirmed clauses of the standard, articles of laws, and
        the bare designation of a standard whose clause number is unconfirmed.
    """

    clause: str
    basis: str


# A reference marked unconfirmed in a template or a stored text: "（条款号待核实）",
# "（标签内容要求，条款号待核实）", " (clause number to be verified)" …
_UNCONFIRMED_MARK = re.compile(
    r"\s*[（(][^（）()]*(?:待核实|to be verified)[^（）()]*[）)]", re.IGNORECASE
)
_SEPARATORS = ("；", "; ")
# The designation a reference starts with: "GB 18597-2023", "HJ 1276-2022", "GB/T 1.1-2020".
_DESIGNATION = re.compile(r"^\s*((?:GB|HJ|GBZ|DB\d*)(?:/T)?\s*[\d.]+\s*[-—–]\s*\d{4})")


def printable_text(text: str) -> str:
    """A legal-basis text with every reference marked unconfirmed cut back to what is sure.

    Each part (separated by "；") that carries a "待核实" / "to be verified" mark
    loses the mark; a part that cites a standard keeps only the standard's
    designation, so "GB 18597-2023 第8章（条款号待核实）" prints as "GB 18597-2023".
    Parts without a mark are printed as written (an officer's own text included).
    """
    out = []
    for part in _parts(text):
        if part in _SEPARATORS or not _UNCONFIRMED_MARK.search(part):
            out.append(part)
            continue
        designation = _DESIGNATION.match(part)
        out.append(designation.group(1) if designation else _UNCONFIRMED_MARK.sub("", part))
    return "".join(out).strip()


def _parts(text: str) -> list[str]:
    """``text`` split at the separators outside brackets, the separators kept as parts."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        depth += (char in "（(") - (char in "）)")
        separator = next((sep for sep in _SEPARATORS if text.startswith(sep, i)), None)
        if separator and depth == 0:
            parts += [text[start:i], separator]
            i += len(separator)
            start = i
            continue
        i += 1
    return [*parts, text[start:]]


def printed_citation(
    template: dict[str, Any] | None,
    item: dict[str, Any] | None,
    lang: str = "zh",
    *,
    stored_basis: str | None = None,
) -> Citation:
    """What a document may print as the 条款 and 依据 of a requirement — the one rule
    every printed document follows, so "待核实" and unconfirmed numbers never reach paper.

    For a checklist item (``template`` and ``item``): a clause number is printed only
    when its ``confidence`` is in :data:`PRINTABLE_CONFIDENCE` and it is a clause of
    the template's standard (an explicit basis that does not cite the standard makes
    it an article of a law). Otherwise the basis cites the standard without it.

    ``stored_basis`` is a legal-basis text kept on a record (a problem's, which the
    officer may have edited): it is printed instead of the template's, through
    :func:`printable_text` — unless it is the item's own reference as the template
    states it (copied there unedited, as older versions proposed it), which then
    prints by the item's rule. A problem without a checklist item passes
    ``template=item=None``.
    """
    if template is None or item is None:
        return Citation("", printable_text(stored_basis or ""))
    explicit = item.get(f"legal_basis_{lang}")
    standard = template["standard"]
    confirmed = item.get("confidence") in PRINTABLE_CONFIDENCE and bool(item["clause"])
    of_standard = not explicit or standard in explicit
    clause = item["clause"] if confirmed and of_standard else ""
    if stored_basis is not None and stored_basis.strip() != legal_basis(template, item, lang):
        basis = stored_basis
    elif explicit:
        basis = explicit
    elif confirmed:
        basis = legal_basis(template, item, lang)
    else:
        basis = standard
    return Citation(clause, printable_text(basis))
