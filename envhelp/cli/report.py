"""``envhelp report visit|notice|order|receipt|month`` (PDF documents) and ``envhelp verify``.

VISIT_ID is a visit's id or its record number everywhere. A document that cannot be
printed writes nothing: an unknown visit exits 2; an unset bureau, a visit with nothing to
rectify or order, or a document not yet issued exits 3.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_REJECTED, EXIT_USAGE, fail, pass_store
from envhelp.domain.visits import resolve
from envhelp.errors import NotFoundError
from envhelp.reports.pdf.data import CHECKLIST_MODES
from envhelp.reports.pdf.notice import DELIVERY_METHODS
from envhelp.storage import Store

PDF_PATH = click.Path(dir_okay=False, writable=True, path_type=Path)
MONTH = click.DateTime(formats=["%Y-%m"])


def _written(path: Path) -> None:
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))


@cli.group()
def report() -> None:
    """PDF documents: records, rectification notices, orders, proofs of delivery."""


@report.command("visit")
@click.argument("visit_ref", metavar="VISIT_ID")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@click.option(
    "--checklist",
    "checklist_mode",
    type=click.Choice(CHECKLIST_MODES),
    default=None,
    help="Print every checklist item, or only the non-compliant ones "
    "(default: the pdf_checklist_mode setting, else full).",
)
@pass_store
def report_visit(store, visit_ref: str, output: Path, checklist_mode: str | None) -> None:
    """Write the record (现场检查（勘察）笔录 / 帮扶记录) of VISIT_ID (or its record number)."""
    from envhelp.reports.pdf import write_visit_record

    _written(write_visit_record(store, resolve(store, visit_ref), output, checklist_mode))


@report.command("notice")
@click.argument("visit_ref", metavar="VISIT_ID")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_notice(store, visit_ref: str, output: Path) -> None:
    """Write the rectification notice (整改告知书) for the problems still to rectify."""
    from envhelp.reports.pdf import write_notice

    _written(write_notice(store, resolve(store, visit_ref), output))


@report.command("order")
@click.argument("visit_ref", metavar="VISIT_ID")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_order(store, visit_ref: str, output: Path) -> None:
    """Write the order to correct (责令改正违法行为决定书) of an inspection that found violations."""
    from envhelp.reports.pdf import write_order

    _written(write_order(store, resolve(store, visit_ref), output))


@report.command("receipt")
@click.argument("visit_ref", metavar="VISIT_ID")
@click.option(
    "--doc",
    "served",
    type=click.Choice(["notice", "order"]),
    required=True,
    help="The document delivered: the notice or the order of the visit.",
)
@click.option(
    "--method",
    type=click.Choice(list(DELIVERY_METHODS)),
    default=None,
    help="Tick the delivery method (direct, left, post, electronic); "
    "default: all boxes empty, ticked by hand.",
)
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_receipt(store, visit_ref: str, served: str, method: str | None, output: Path) -> None:
    """Write the proof of delivery (送达回证) of the visit's issued notice or order."""
    from envhelp.reports.pdf import write_receipt

    _written(write_receipt(store, resolve(store, visit_ref), served, output, method))


@report.command("month")
@click.argument("month", type=MONTH, metavar="YYYY-MM")
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs (created if missing).",
)
@click.option("--checklist", "checklist_mode", type=click.Choice(CHECKLIST_MODES), default=None)
@pass_store
def report_month(store, month, out_dir: Path, checklist_mode: str | None) -> None:
    """Write the record of every FINAL visit of the month, one PDF each."""
    from envhelp.reports.pdf import export_month, final_visit_ids
    from envhelp.reports.pdf.data import issuer_from_settings

    key = month.strftime("%Y-%m")
    issuer_from_settings(store)  # refuse before the first file, not after it
    total = len(final_visit_ids(store, key))
    if total == 0:
        click.echo(i18n.pick(f"{key} 没有已定稿的走访记录。", f"No final visits in {key}."))
        return
    label = i18n.pick("生成 PDF", "Writing PDFs")
    # Drawn on a terminal only: into a pipe or log click writes the label as a line of its
    # own, and a write fault's message should be the one line there.
    with click.progressbar(
        length=total, label=label, file=sys.stderr, hidden=not sys.stderr.isatty()
    ) as bar:
        result = export_month(
            store,
            key,
            out_dir,
            checklist_mode=checklist_mode,
            progress=lambda done, _total, _path: bar.update(1),
        )
    click.echo(
        i18n.pick(
            f"已生成 {len(result.written)} 份记录：{out_dir}",
            f"Wrote {len(result.written)} record(s) to {out_dir}",
        )
    )


@cli.command()
@click.argument("pdf", metavar="FILE.pdf", type=click.Path(dir_okay=False, path_type=Path))
@pass_store
def verify(store, pdf: Path) -> None:
    """Check that FILE.pdf still matches the database; exit 0 match, 3 changed, 2 unreadable."""
    from envhelp.reports.pdf import verify_pdf
    from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf
    from envhelp.reports.pdf.verify_report import describe, unreadable

    try:
        result = verify_pdf(store, pdf)
    except NotEnvHelpPdf:
        fail(unreadable(str(pdf)), EXIT_USAGE)
        return
    words = describe(result, str(pdf))
    click.echo(words.headline)
    for line in words.details:
        click.echo(f"  {line}")
    if not words.verified:
        sys.exit(EXIT_REJECTED)


@report.command("plan")
@click.argument("period")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_plan(store, period: str, output: Path) -> None:
    """Write the 双随机 inspection plan of PERIOD (e.g. 2026-Q1) for approval."""
    from envhelp.reports.pdf.inspection_plan import write_plan

    _written(write_plan(store, period, output))


def _task_id(store: Store, ref: str) -> str:
    """Accept a task id or PERIOD/NUMBER as printed in the plan (2026-Q1/3)."""
    from envhelp.domain import random_checks

    if store.find("random_tasks", ref) is not None:
        return ref
    period, _, number = ref.rpartition("/")
    if not period or not number.isdigit():
        raise NotFoundError(
            f"找不到抽查任务：{ref}（请写成 期间/序号，如 2026-Q1/3）",
            f"No such task: {ref} (write PERIOD/NUMBER, e.g. 2026-Q1/3)",
        )
    return random_checks.find_task_by_number(store, period, int(number))["id"]


@report.command("inspection-notice")
@click.argument("task_ref", metavar="TASK")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_inspection_notice(store, task_ref: str, output: Path) -> None:
    """Write the 行政检查通知书 of TASK (PERIOD/NUMBER, e.g. 2026-Q1/3)."""
    from envhelp.reports.pdf.inspection_plan import write_inspection_notice

    path = write_inspection_notice(store, _task_id(store, task_ref), output)
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))
