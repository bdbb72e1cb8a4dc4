"""Record numbers (记录编号) of final visits: this laptop's number series and the next number.

A number is taken when a visit is finalized (:func:`envhelp.domain.visits.finalize`) and
never reused. Laptops whose bundles are merged number with different series, or their
records clash (docs/bundle-format.md, "Record numbers and series").
"""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import figures, settings
from envhelp.errors import ValidationError
from envhelp.storage import Store


def record_series(store: Store) -> str:
    """This laptop's number series ("" when unset); see :func:`set_record_series`."""
    return str(settings.get(store, settings.RECORD_SERIES) or "")


def series_advice(store: Store) -> str | None:
    """A note for a bundle export from a computer without a number series that has
    already numbered final records: another computer numbering the same way makes the
    merge clash (docs/bundle-format.md). None when there is nothing to say."""
    if record_series(store):
        return None
    numbered = store.scalar(
        f"SELECT count(*) FROM visits v WHERE {figures.final_visit('v')} "
        "AND coalesce(v.record_no, '') != ''"
    )
    if not numbered:
        return None
    return i18n.pick(
        f"注意：本机没有设置记录编号系列，已有 {numbered} 份定稿记录的编号不带系列。"
        "如果另一台电脑也这样编号，合并交换包时会因编号相同而被拒绝。"
        "请在“设置”中为每台交换数据的电脑设置不同的系列（如 A、B）。",
        f"Note: this computer has no record number series, and {numbered} final record(s) "
        "are numbered without one. If another computer numbers the same way, merging the "
        "bundles is refused because the numbers are the same. Give every computer that "
        "exchanges bundles its own series (e.g. A, B) in Settings.",
    )


def set_record_series(store: Store, code: Any) -> str:
    """Set this laptop's number series; returns the stored code ("" for none).

    Laptops whose bundles are merged need different series, or their record numbers
    clash. The setting is local to this computer, so bundles never carry it.
    """
    return settings.put(store, settings.RECORD_SERIES, code) or ""


def next_record_no(store: Store, year: int) -> str:
    """Take the next number of this laptop's series for the year; never reused.

    Each series counts on its own key (``record_seq:A:2026``; no series keeps
    ``record_seq:2026``), so the counters of laptops with different series do not
    interfere when their bundles are merged. A number already in the database is
    skipped: an imported counter setting may be older than the visits it numbered.
    """
    series = record_series(store)
    key = f"record_seq:{series}:{year}" if series else f"record_seq:{year}"
    prefix = settings.get(store, settings.RECORD_PREFIX)
    number = int(store.get_setting(key, 0))
    while True:
        number += 1
        record_no = f"{prefix}〔{year}〕第{series}{number:04d}号"
        if store.scalar("SELECT 1 FROM visits WHERE record_no = ?", (record_no,)) is None:
            break
    store.set_setting(key, number)
    return record_no


def require_series_when_exchanging(store: Store) -> None:
    """A computer that has taken in another's bundles numbers only with its own series.

    Two computers numbering without a series give the same numbers to different
    records, and final records are never renumbered, so their bundles could no longer
    be merged (docs/bundle-format.md, "Record numbers and series"). Trusting another
    computer's signing key is the sign that this one exchanges bundles.
    """
    if record_series(store):
        return
    if store.scalar("SELECT 1 FROM bundle_keys WHERE status = 'trusted' LIMIT 1") is None:
        return
    raise ValidationError(
        settings.RECORD_SERIES,
        "本机与其他电脑交换数据，定稿前请先在“设置”中为本机设置记录编号系列（如 A、B，"
        "每台电脑不同），否则两台电脑会给不同记录编出相同的号。",
        "This computer exchanges bundles with others: set its record number series in "
        "Settings (e.g. A, B, different on each computer) before finalizing, or two "
        "computers give different records the same number.",
    )
