"""The score table of a scored assessment (评分表), a block the record's layout calls.

Kept apart from the record's layout (record.py) so that the layout can change
without touching the scoring print: :func:`score_block` takes one check and returns
its flowables, or nothing for an unscored check. The figures come from
``check_answers.show_visit`` (``envhelp.domain.scoring.figures``), the items' points from
``CheckItem.points``.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from envhelp.domain import scoring
from envhelp.reports.pdf.common import FRAME_WIDTH, Styles, data_table, markup, p, t
from envhelp.reports.pdf.data import CheckInfo

VERDICT_COLORS = {"pass": "#1B6E2D", "basic": "#8A6D00", "fail": "#B3261E"}


def verdict_line(score: dict, styles: Styles) -> Paragraph:
    """E.g. "评估结果：得分 28 分，适用满分 31 分，得分率 90.3%，判定：达标"."""
    percent = "—" if score["percent"] is None else f"{score['percent']:.1f}%"
    label = scoring.verdict_label(score["verdict"], t("zh", "en")) or t("无法判定", "none")
    color = VERDICT_COLORS.get(score["verdict"] or "", "#000000")
    text = (
        markup(
            t(
                f"评估结果：得分 {score['score']} 分，适用满分 {score['max_score']} 分，得分率 {percent}，判定：",
                f"Result: {score['score']} of an applicable {score['max_score']} points ({percent}); "
                "verdict: ",
            )
        )
        + f'<font color="{color}"><b>{markup(label)}</b></font>'
    )
    if score["vetoes"]:
        text += markup(
            t(
                f"（一票否决项未达标：{'、'.join(score['vetoes'])}）",
                f" (veto items missed: {', '.join(score['vetoes'])})",
            )
        )
    return Paragraph(text, styles.body)


def score_block(check: CheckInfo, styles: Styles) -> list[Flowable]:
    """The score table (one row per scored item) and the verdict; [] for an unscored check."""
    if not check.score:
        return []
    rows = []
    for item in check.items:
        if not item.max_points:
            continue
        earned = item.points if item.points else ("—" if item.result == "not_applicable" else "0")
        remark = []
        if item.result == "not_applicable":
            remark.append(t("不适用，不计入满分", "N/A, left out of the maximum"))
        if item.veto:
            remark.append(t("一票否决项", "Veto item"))
        rows.append(
            [
                item.code,
                t(item.category_zh, item.category_en),
                item.max_points,
                earned,
                t("；", "; ").join(remark),
            ]
        )
    score = check.score
    rows.append(
        [
            t("合计", "Total"),
            "",
            str(score["max_score"]),
            str(score["score"]),
            t("适用满分与得分", "Applicable maximum and score"),
        ]
    )
    widths = [26 * mm, 0, 18 * mm, 18 * mm, 44 * mm]
    widths[1] = FRAME_WIDTH - sum(widths)
    header = [
        t("编码", "Code"),
        t("评估指标", "Indicator"),
        t("分值", "Points"),
        t("得分", "Score"),
        t("备注", "Remark"),
    ]
    title = p(t("评分表", "Score table"), styles.body)
    # The verdict first, kept with the table's start; the table itself may split.
    return [
        KeepTogether([title, verdict_line(score, styles), Spacer(1, 1.5 * mm)]),
        data_table(header, rows, widths, styles),
        Spacer(1, 3 * mm),
    ]
