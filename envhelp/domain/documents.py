"""Numbers of the documents issued on a visit: the rectification notice and the order.

A final visit's notice or order gets its number the first time it is issued and keeps it
(``visits.notice_no`` / ``visits.order_no``): printing it again prints the same number.
Numbers follow GB/T 9704-2012 §7.2.5 — 机关代字〔year〕sequence号, no 第 and no leading
zeros, e.g. ``即环责改〔2026〕12号`` — with the prefix from the settings
(``notice_prefix``, ``order_prefix``) and this computer's number series
(``local.record_series``) before the sequence, so laptops that merge bundles never clash.
Each kind counts per year on its own key (``doc_seq:order:A:2026``).
"""

from __future__ import annotations

from envhelp.domain import record_numbers, settings
from envhelp.errors import StateError
from envhelp.storage import Store

KINDS = ("notice", "order")
COLUMNS = {"notice": "notice_no", "order": "order_no"}
PREFIX_KEYS = {"notice": settings.NOTICE_PREFIX, "order": settings.ORDER_PREFIX}
NAMES = {
    "notice": ("整改告知书", "rectification notice"),
    "order": ("责令改正违法行为决定书", "order to correct"),
}


def number_of(store: Store, visit_id: str, kind: str) -> str:
    """The number the visit's ``kind`` document was issued under ("" if not yet)."""
    return store.get("visits", visit_id)[COLUMNS[kind]] or ""


def issue_number(store: Store, visit_id: str, kind: str) -> str:
    """The document's number, given now if it has none; a draft visit gets none ("").

    Call inside the transaction that writes the document, so a failed print gives the
    number back.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    with store.transaction():
        visit = store.get("visits", visit_id)
        if visit["status"] != "final":
            return ""
        if visit[COLUMNS[kind]]:
            return visit[COLUMNS[kind]]
        year = int(visit["date"][:4])
        series = record_numbers.record_series(store)
        key = f"doc_seq:{kind}:{series}:{year}" if series else f"doc_seq:{kind}:{year}"
        prefix = str(settings.get(store, PREFIX_KEYS[kind]))
        sequence = int(store.get_setting(key, 0))
        while True:
            sequence += 1
            number = f"{prefix}〔{year}〕{series}{sequence}号"
            taken = store.scalar(f"SELECT 1 FROM visits WHERE {COLUMNS[kind]} = ?", (number,))
            if taken is None:
                break
        store.set_setting(key, sequence)
        store.update("visits", visit_id, {COLUMNS[kind]: number})
        return number


def require_issued(store: Store, visit_id: str, kind: str) -> str:
    """The number of an issued document; StateError when it was never issued."""
    number = number_of(store, visit_id, kind)
    if not number:
        zh, en = NAMES[kind]
        raise StateError(
            f"这次走访尚未出具{zh}，请先出具该文书，再打印送达回证。",
            f"No {en} has been issued on this visit yet; issue it first, then print the "
            "proof of delivery.",
        )
    return number
