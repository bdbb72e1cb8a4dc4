"""``envhelp export|import|check``: bundles in and out, and the integrity check."""

from __future__ import annotations

import json
from pathlib import Path

import click

from envhelp import i18n
from envhelp.cli import cli
from envhelp.cli.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, fail, pass_store
from envhelp.domain import record_numbers
from envhelp.io.errors import UnreadableInputError

FILE = click.Path(dir_okay=False, path_type=Path)


def _print_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@cli.command("export")
@click.option("-o", "--output", required=True, type=FILE, help="The bundle file to write (.zip).")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@pass_store
def export_command(store, output: Path, as_json: bool) -> None:
    """Write every record and attachment into one exchange bundle."""
    from envhelp.io.bundle_export import export_bundle

    try:
        manifest = export_bundle(store, output)
    except UnreadableInputError as error:
        fail(str(error), EXIT_USAGE)
    advice = record_numbers.series_advice(store)  # on stderr: stdout may be JSON
    if advice:
        click.echo(advice, err=True)
    if as_json:
        _print_json({"path": str(output), **manifest})
        return
    files = sum(1 for name in manifest["members"] if name.startswith("attachments/"))
    counts = ", ".join(f"{t} {n}" for t, n in manifest["counts"].items())
    click.echo(
        i18n.pick(
            f"已导出到 {output}：{counts}；附件文件 {files} 个。",
            f"Exported to {output}: {counts}; {files} attachment file(s).",
        )
    )


@cli.command("import")
@click.argument("file", type=FILE)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the summary as JSON (with a conflicts list)."
)
@click.option(
    "--trust", is_flag=True, help="Trust the bundle's signing key if this is its first bundle here."
)
@pass_store
def import_command(store, file: Path, as_json: bool, trust: bool) -> None:
    """Merge an exchange bundle into this database (all or nothing; nothing is deleted).

    Exit code 2 when the file is not a usable bundle; 3 when it is refused for its
    signature (altered after signing, unsigned, a new key not trusted yet, a revoked key).
    """
    from envhelp.io.bundle_import import import_bundle
    from envhelp.io.bundle_summary import conflict_lines, summary_lines
    from envhelp.io.errors import BundleRefusedError

    try:
        summary = import_bundle(store, file, trust=trust)
    except BundleRefusedError as error:
        fail(str(error), EXIT_REJECTED)
    except UnreadableInputError as error:
        fail(str(error), EXIT_USAGE)
    if as_json:
        _print_json(summary.to_dict())
        return
    click.echo(i18n.pick(f"已导入 {file}：", f"Imported {file}:"))
    for line in summary_lines(summary) + conflict_lines(summary):
        click.echo("  " + line)


@cli.group()
def keys() -> None:
    """Signing keys of exchange bundles: this laptop's own, and the ones it trusts."""


KEY_STATUS = {
    "own": ("本机", "this computer"),
    "trusted": ("已信任", "trusted"),
    "unknown": ("待确认", "not trusted yet"),
    "revoked": ("已撤销", "revoked"),
}


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the keys as JSON.")
@pass_store
def keys_list(store, as_json: bool) -> None:
    """Every key met in a bundle, and this computer's own (first)."""
    from envhelp.io import signing

    rows = signing.list_keys(store)
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        click.echo(
            "\t".join(
                (
                    signing.grouped(row["fingerprint"]),
                    i18n.pick(*KEY_STATUS[row["status"]]),
                    row["officer"],
                    row["laptop"],
                )
            )
        )


def _decide(store, fingerprint: str, status: str) -> None:
    from envhelp.io import signing

    key = signing.decide(store, fingerprint, status)
    zh, en = KEY_STATUS[status]
    click.echo(
        i18n.pick(
            f"{key['officer']}（{key['laptop']}）的密钥{zh}：{signing.grouped(key['id'])}",
            f"Key of {key['officer']} ({key['laptop']}) {en}: {signing.grouped(key['id'])}",
        )
    )


@keys.command("trust")
@click.argument("fingerprint")
@pass_store
def keys_trust(store, fingerprint: str) -> None:
    """Trust the key FINGERPRINT (at least its first 16 hex digits) met in a bundle."""
    _decide(store, fingerprint, "trusted")


@keys.command("revoke")
@click.argument("fingerprint")
@pass_store
def keys_revoke(store, fingerprint: str) -> None:
    """Refuse every bundle signed with the key FINGERPRINT from now on."""
    _decide(store, fingerprint, "revoked")


@cli.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_store
def check_command(store, as_json: bool) -> None:
    """Check the database, the audit log's hash chain, every record against the log,
    and the attachment files.

    Exit code 3 when any problem is found.
    """
    from envhelp.storage.integrity import check

    report = check(store)
    if as_json:
        _print_json(report.to_dict())
    else:
        areas = (
            ("database", "数据库", "Database"),
            ("audit_log", "审计日志", "Audit log"),
            ("records", "记录与审计日志一致", "Records match the audit log"),
            ("attachments", "附件文件", "Attachment files"),
        )
        for area, zh, en in areas:
            state = (
                i18n.pick("正常", "OK") if report.area_ok(area) else i18n.pick("有问题", "PROBLEM")
            )
            click.echo(f"{i18n.pick(zh, en)}: {state}")
        click.echo(
            i18n.pick(
                f"审计日志 {report.audit_entries} 条；附件记录 {report.attachments_checked} 条，"
                f"文件 {report.files_checked} 个。",
                f"{report.audit_entries} audit entries; {report.attachments_checked} attachment "
                f"record(s), {report.files_checked} file(s).",
            )
        )
        for finding in report.findings:
            click.echo("- " + finding.message)
    raise SystemExit(EXIT_OK if report.ok else EXIT_REJECTED)
