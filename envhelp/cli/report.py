"""``envhelp report visit|notice|month`` (PDF documents) and ``envhelp verify FILE.pdf``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_REJECTED, EXIT_USAGE, fail, pass_store
from envhelp.errors import NotFoundError
from envhelp.reports.pdf.data import CHECKLIST_MODES
from envhelp.storage import Store

PDF_PATH = click.Path(dir_okay=False, writable=True, path_type=Path)
MONTH = click.DateTime(formats=["%Y-%m"])


def _visit_id(store: Store, ref: str) -> str:
    """Accept a visit id or its record number (环帮〔2026〕第0001号)."""
    if store.find("visits", ref) is not None:
        return ref
    row = store.query_one("SELECT id FROM visits WHERE record_no = ?", (ref,))
    if row is None:
        raise NotFoundError(
            f"找不到走访记录：{ref}（可填写记录ID或记录编号）",
            f"No such visit: {ref} (give the visit id or its record number)",
        )
    return row["id"]


@cli.group()
def report() -> None:
    """PDF documents: visit records and rectification notices."""


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
    """Write the visit record (帮扶/检查记录) of VISIT_ID (or its record number)."""
    from envhelp.reports.pdf import write_visit_record

    path = write_visit_record(store, _visit_id(store, visit_ref), output, checklist_mode)
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))


@report.command("notice")
@click.argument("visit_ref", metavar="VISIT_ID")
@click.option("-o", "--output", type=PDF_PATH, required=True, help="The PDF file to write.")
@pass_store
def report_notice(store, visit_ref: str, output: Path) -> None:
    """Write the rectification notice (整改通知书) for the problems of VISIT_ID."""
    from envhelp.reports.pdf import write_notice

    path = write_notice(store, _visit_id(store, visit_ref), output)
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))


@report.command("month")
@click.argument("month", type=MONTH, metavar="YYYY-MM")
@click.option(
    "-o", "--output", "out_dir", required=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder for the PDFs (created if missing).",
)  # fmt: skip
@click.option("--checklist", "checklist_mode", type=click.Choice(CHECKLIST_MODES), default=None)
@pass_store
def report_month(store, month, out_dir: Path, checklist_mode: str | None) -> None:
    """Write the record of every FINAL visit of the month, one PDF each."""
    from envhelp.reports.pdf import export_month, final_visit_ids

    key = month.strftime("%Y-%m")
    total = len(final_visit_ids(store, key))
    if total == 0:
        click.echo(i18n.pick(f"{key} 没有已定稿的走访记录。", f"No final visits in {key}."))
        return
    label = i18n.pick("生成 PDF", "Writing PDFs")
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        result = export_month(
            store, key, out_dir, checklist_mode=checklist_mode,
            progress=lambda done, _total, _path: bar.update(1),
        )  # fmt: skip
    click.echo(
        i18n.pick(f"已生成 {len(result.written)} 份记录：{out_dir}",
                  f"Wrote {len(result.written)} record(s) to {out_dir}")
    )  # fmt: skip


@cli.command()
@click.argument("pdf", metavar="FILE.pdf", type=click.Path(dir_okay=False, path_type=Path))
@pass_store
def verify(store, pdf: Path) -> None:
    """Check that FILE.pdf still matches the database; exit 0 match, 3 changed, 2 unreadable."""
    from envhelp.reports.pdf import verify_pdf
    from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf
    from envhelp.reports.pdf.verify import describe, unreadable

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

    path = write_plan(store, period, output)
    click.echo(i18n.pick(f"已生成：{path}", f"Written: {path}"))


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
