"""The scoring of a scored assessment as the checklist shows it: an item's points and
options, and the running score line (score over the applicable maximum, the share, the
verdict and the vetoes hit)."""

from __future__ import annotations

from typing import Any

from envhelp import i18n
from envhelp.domain import scoring
from envhelp.gui.qt import QLabel, Qt

VERDICT_COLORS = {"pass": "#1b6e2d", "basic": "#8a6d00", "fail": "#b3261e"}


def points_text(entry: dict[str, Any]) -> str:
    """The points column: "1/2" once answered, "—" when the item does not apply."""
    if entry.get("max_points") is None or entry["result"] == "unanswered":
        return ""
    if entry["points"] is None:
        return "—"
    full = scoring.points_text(entry["max_points"])
    return f"{scoring.points_text(entry['points'])}/{full}"


def options_text(entry: dict[str, Any], keys_hint: str) -> str:
    """An item's scoring options, one a line, the one it earns marked ▶ (veto noted)."""
    lines = []
    for option in entry["score_options"]:
        chosen = entry["result"] not in ("unanswered", "not_applicable") and (
            scoring.plain(scoring.Decimal(str(option["points"]))) == entry["points"]
        )
        label = i18n.pick(option["zh"], option["en"])
        lines.append(f"{'▶' if chosen else '　'} {scoring.points_text(option['points'])} — {label}")
    if entry.get("veto"):
        lines.append(
            i18n.pick(
                "一票否决项：未得满分则评估不达标",
                "Veto item: less than full points fails the assessment",
            )
        )
    lines.append(keys_hint)
    return "\n".join(lines)


class ScoreLine(QLabel):
    """The running score of a scored assessment, under the progress (hidden for other checks)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("checkScore")
        self.setTextFormat(Qt.TextFormat.RichText)

    def show_figures(self, figures: dict[str, Any] | None) -> None:
        """Show ``check_answers.score_figures`` (None: the check is not scored)."""
        self.setVisible(figures is not None)
        if figures is not None:
            self.setText(self.score_text(figures))

    def score_text(self, figures: dict[str, Any]) -> str:
        """E.g. "得分 28/31（90.3%）　判定：达标" with the vetoes hit (rich text)."""
        percent = "—" if figures["percent"] is None else f"{figures['percent']:.1f}%"
        text = self.tr("得分 {score}/{maximum}（{percent}）").format(
            score=figures["score"], maximum=figures["max_score"], percent=percent
        )
        if figures["verdict"]:
            color = VERDICT_COLORS[figures["verdict"]]
            label = scoring.verdict_label(figures["verdict"])
            text += self.tr("　判定：") + f'<b style="color:{color}">{label}</b>'
        if figures["vetoes"]:
            text += self.tr("　否决项：{codes}").format(codes="、".join(figures["vetoes"]))
        return text
