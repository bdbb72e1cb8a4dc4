"""PDF documents of a visit: the record (帮扶/检查记录), the rectification notice (整改告知书), the
order to correct (责令改正违法行为决定书) and their proofs of delivery (送达回证).

Public API (the CLI and, later, the GUI's Export PDF call these):

    collect_visit_record(store, visit_id) -> VisitRecord     the only database read
    render_visit_record(record, RecordOptions) -> bytes      pure: no store needed
    render_notice(record) / render_order(record) / render_receipt(record, "notice"|"order")
    write_visit_record(store, visit_id, path, checklist_mode=None) -> Path
    write_notice / write_order(store, visit_id, path) -> Path   (gives the number once)
    write_receipt(store, visit_id, "notice"|"order", path, method=None) -> Path
    export_month(store, "YYYY-MM", out_dir, progress=..., cancelled=...) -> ExportResult
    verify_pdf(store, path) -> Verification

Files are written atomically (temporary name, then rename). See docs/reports.md.
"""

from envhelp.domain.settings import BureauNotSet
from envhelp.reports.pdf.data import VisitRecord, collect_visit_record
from envhelp.reports.pdf.export import (
    ExportResult,
    export_month,
    final_visit_ids,
    write_notice,
    write_order,
    write_receipt,
    write_visit_record,
)
from envhelp.reports.pdf.notice import DELIVERY_METHODS, render_notice, render_order, render_receipt
from envhelp.reports.pdf.record import RecordOptions, render_visit_record
from envhelp.reports.pdf.verify import Verification, verify_pdf

__all__ = [
    "DELIVERY_METHODS",
    "BureauNotSet",
    "ExportResult",
    "RecordOptions",
    "Verification",
    "VisitRecord",
    "collect_visit_record",
    "export_month",
    "final_visit_ids",
    "render_notice",
    "render_order",
    "render_receipt",
    "render_visit_record",
    "verify_pdf",
    "write_notice",
    "write_order",
    "write_receipt",
    "write_visit_record",
]
