"""What an enterprise import did: the rows added, updated, unchanged and rejected (with
the row number Excel shows), and its one-line summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from envhelp import i18n


class RejectedRow(NamedTuple):
    row: int  # as Excel shows it (header row = 1 in the template)
    field: str  # English field key, as in ValidationError.field
    message: str  # in the language current during the import


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [r._asdict() for r in self.rejected],
            "sheet": self.sheet,
            "header_row": self.header_row,
            "ignored_columns": self.ignored_columns,
        }


def summary_message(result: ImportResult) -> str:
    """One-line summary in the current language."""
    return i18n.pick(
        f"新增 {result.added} 家，更新 {result.updated} 家，无变化 {result.unchanged} 家，"
        f"拒绝 {len(result.rejected)} 行。",
        f"Added {result.added}, updated {result.updated}, unchanged {result.unchanged}, "
        f"rejected {len(result.rejected)} row(s).",
    )
