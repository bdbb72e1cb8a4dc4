"""``envhelp verify``: does a printed PDF still match the database, and if not, what changed?

The check reads the record id and fingerprint the PDF carries (see
:mod:`.fingerprint`), rebuilds the same content from the database now and
compares fingerprints; on a mismatch it compares the canonical JSON snapshot
embedded in the PDF with the database field by field. It checks the data the
PDF was made from, not the drawn page: a PDF whose pages were edited with
another program but whose metadata was left alone is not detected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp.reports.pdf import fingerprint as fp_mod
from envhelp.reports.pdf.data import collect_visit_record
from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf, read_stamp
from envhelp.storage import Store

__all__ = ["NotEnvHelpPdf", "Verification", "verify_pdf"]


@dataclass
class Verification:
    kind: str
    record_id: str
    pdf_fingerprint: str
    db_fingerprint: str | None  # None when the record is no longer in the database
    snapshot_intact: bool  # the embedded snapshot hashes to the stated fingerprint
    differences: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.db_fingerprint == self.pdf_fingerprint

    @property
    def record_missing(self) -> bool:
        return self.db_fingerprint is None


def verify_pdf(store: Store, path: str | Path) -> Verification:
    """Compare a PDF with the database. Raises NotEnvHelpPdf when it carries no stamp."""
    stamp = read_stamp(path)
    snapshot = stamp.snapshot
    intact = snapshot is not None and fp_mod.fingerprint_of(snapshot) == stamp.fingerprint
    result = Verification(stamp.kind, stamp.record_id, stamp.fingerprint, None, intact)
    if store.find("visits", stamp.record_id) is None:
        return result
    current = fp_mod.canonical_content(collect_visit_record(store, stamp.record_id), stamp.kind)
    result.db_fingerprint = fp_mod.fingerprint_of(current)
    if not result.matches and snapshot is not None:
        result.differences = fp_mod.diff(snapshot, current)
    return result
