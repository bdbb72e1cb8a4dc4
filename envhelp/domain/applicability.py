"""Which items of a checklist template concern a site: an item may apply to some facility
types or management classes only (:data:`envhelp.domain.templates.APPLICABILITY`); a check
answers the others "not applicable" with an out-of-scope note.
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import templates

OUT_OF_SCOPE_MARK = "〔范围外〕"


def has_applicability(template: dict[str, Any]) -> bool:
    """Whether any item of the template applies to some facility types or classes only."""
    return any(field in item for item in template["items"] for field in templates.APPLICABILITY)


def applies(item: dict[str, Any], scope: dict[str, Any] | None) -> bool:
    """Whether ``item`` concerns a site of ``scope`` (a check's facility types and class).

    What the scope leaves open counts as matching: an item is only ruled out by a
    facility type or class the officer has set and the item does not list.
    """
    for field, (_codes, scope_key) in templates.APPLICABILITY.items():
        wanted = item.get(field)
        have = (scope or {}).get(scope_key)
        if not wanted or not have:
            continue
        have = [have] if isinstance(have, str) else have
        if not set(wanted) & set(have):
            return False
    return True


def out_of_scope_note(item: dict[str, Any]) -> str:
    """The note a check gives an item its scope rules out (record text, so Chinese).

    E.g. "〔范围外〕仅适用于：贮存点". The exact text tells such an automatic
    "not applicable" from one the officer chose.
    """
    parts = [
        "、".join(codes[code][0] for code in item[field])
        for field, (codes, _key) in templates.APPLICABILITY.items()
        if item.get(field)
    ]
    return f"{OUT_OF_SCOPE_MARK}仅适用于：{'；'.join(parts)}"


def scope_note_text(note: str) -> str:
    """``note`` as the UI shows it: an automatic out-of-scope line (kept in Chinese, it
    is record text) in the UI language; the officer's own lines as typed."""
    prefix = f"{OUT_OF_SCOPE_MARK}仅适用于："
    if i18n.language() == "zh" or not note.startswith(prefix):
        return note
    first, newline, rest = note.partition("\n")
    english = {
        zh: en for codes, _key in templates.APPLICABILITY.values() for zh, en in codes.values()
    }
    groups = [
        ", ".join(english.get(name, name) for name in group.split("、"))
        for group in first[len(prefix) :].split("；")
    ]
    return "[Out of scope] applies only to: " + "; ".join(groups) + newline + rest


def answered_by_scope(result: str, note: str | None) -> bool:
    """True for an item the check's scope answered "not applicable" (not the officer)."""
    return result == "not_applicable" and (note or "").startswith(OUT_OF_SCOPE_MARK)
