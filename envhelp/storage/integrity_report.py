"""What ``envhelp check`` found: one finding per problem, grouped by area, and the report
the CLI prints as JSON and the GUI shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from envhelp import i18n

MAX_FINDINGS_PER_AREA = 100  # enough to act on; a wholly broken file would list millions


@dataclass
class Finding:
    area: str  # "database" | "audit_log" | "records" | "attachments"
    # e.g. "integrity", "foreign_key", "hash_mismatch", "chain_broken", "rewritten",
    # "inserted_outside", "changed_outside", "deleted_outside", "missing", "unreadable"
    kind: str
    message_zh: str
    message_en: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return i18n.pick(self.message_zh, self.message_en)

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "kind": self.kind,
            "message": self.message,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            **self.details,
        }


@dataclass
class IntegrityReport:
    findings: list[Finding] = field(default_factory=list)
    audit_entries: int = 0
    attachments_checked: int = 0
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings

    def area_ok(self, area: str) -> bool:
        return not any(f.area == area for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "database": {"ok": self.area_ok("database")},
            "audit_log": {"ok": self.area_ok("audit_log"), "entries": self.audit_entries},
            "records": {"ok": self.area_ok("records")},
            "attachments": {
                "ok": self.area_ok("attachments"),
                "records": self.attachments_checked,
                "files": self.files_checked,
            },
            "findings": [f.to_dict() for f in self.findings],
        }


def add_finding(report: IntegrityReport, finding: Finding) -> None:
    if sum(f.area == finding.area for f in report.findings) < MAX_FINDINGS_PER_AREA:
        report.findings.append(finding)


RESTORE_HINT = (
    "请用 envhelp restore 从最近的备份恢复（备份在数据库旁的 backups 文件夹中）。",
    "Restore the latest backup with `envhelp restore` (backups are in the backups "
    "folder beside the database).",
)
