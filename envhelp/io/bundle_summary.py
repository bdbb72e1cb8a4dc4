"""What a bundle import did: per-table counts, the files, the conflicts met, and the lines
that tell a person about them in the current language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from envhelp import i18n
from envhelp.io.merge import MergeReport, field_words, who


@dataclass
class TableSummary:
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    kept_local: int = 0


@dataclass
class ImportSummary:
    tables: dict[str, TableSummary] = field(default_factory=dict)
    files_written: int = 0
    files_present: int = 0
    bundle: dict[str, Any] = field(default_factory=dict)
    merge: MergeReport = field(default_factory=MergeReport)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": {t: vars(s) for t, s in self.tables.items()},
            "files": {"written": self.files_written, "already_present": self.files_present},
            "bundle": self.bundle,
            "conflicts": [c.to_dict() for c in self.merge.conflicts],
            "conflict_count": self.merge.conflict_count,
            "clock_warnings": self.merge.clock_warnings,
            "clock_warning_count": self.merge.clock_warning_count,
        }


def summary_lines(summary: ImportSummary) -> list[str]:
    """Per-table lines for people, in the current language."""
    pick = i18n.pick
    lines = []
    for table, s in summary.tables.items():
        lines.append(
            pick(
                f"{table}：新增 {s.added}，无变化 {s.unchanged}，更新 {s.updated}，保留本机 {s.kept_local}",
                f"{table}: added {s.added}, unchanged {s.unchanged}, updated {s.updated}, "
                f"kept local {s.kept_local}",
            )
        )
    lines.append(
        pick(
            f"附件文件：写入 {summary.files_written}，已存在 {summary.files_present}",
            f"attachment files: written {summary.files_written}, already present "
            f"{summary.files_present}",
        )
    )
    return lines


RULE_WORDS = {
    "later_wins": (
        "两台电脑都修改过，保留较晚的修改",
        "changed on both computers; the later change kept",
    ),
    "final_kept": (
        "本机已定稿，对方草稿中的修改未采用",
        "final here; the other draft's edit not applied",
    ),
    "final_wins": (
        "对方已定稿，本机草稿中的修改未采用",
        "final there; this draft's edit not applied",
    ),
    "not_added_to_final": (
        "对方在草稿中新增，未加入已定稿记录",
        "added to the draft elsewhere; not added to the final record",
    ),
    "deleted": (
        "另一台电脑已删除该记录，本机的这份（含对方未见的修改）未保留",
        "deleted on the other computer; this copy (with edits it had not seen) not kept",
    ),
    "deletion_refused": (
        "另一台电脑删除了该记录，但它属于已定稿记录或仍被其他记录引用，予以保留",
        "deleted on the other computer, but kept: it is on a final record or other records "
        "refer to it",
    ),
}


def conflict_lines(summary: ImportSummary) -> list[str]:
    """Conflicts and clock warnings for people, in the current language."""
    pick = i18n.pick
    report = summary.merge
    lines = []
    if report.conflict_count:
        lines.append(
            pick(
                f"冲突 {report.conflict_count} 处（未采用的值已保存在记录历史中）：",
                f"{report.conflict_count} conflict(s) (the value not used is kept in "
                "the record's history):",
            )
        )
    for c in report.conflicts:
        kept_by, other_by = who(c.kept_by), who(c.other_by)
        field_zh, field_en = field_words(c.table, c.field, c.rule)
        by_zh, by_en = (f"（{kept_by}）", f" ({kept_by})") if kept_by else ("", "")
        lines.append(
            pick(
                f"  {c.label or c.table} [{field_zh}]：保留 {c.kept_text or '（空）'}{by_zh}，"
                f"未采用 {c.other_text}（{other_by}）——{RULE_WORDS[c.rule][0]}",
                f"  {c.label or c.table} [{field_en}]: kept {c.kept_text or '(empty)'}{by_en}, "
                f"not used {c.other_text} ({other_by}) — {RULE_WORDS[c.rule][1]}",
            )
        )
    if report.clock_warning_count:
        first = report.clock_warnings[0]
        lines.append(
            pick(
                f"注意：{report.clock_warning_count} 条修改的时间晚于本机时钟一天以上（如 {first['at']}），"
                "对方电脑的时钟可能不准，请核对。",
                f"Note: {report.clock_warning_count} change(s) are dated more than a day after this "
                f"computer's clock (e.g. {first['at']}); the other computer's clock may be wrong.",
            )
        )
    return lines
