"""The blank enterprise import sheet: Chinese headers, drop-downs, and an instructions
sheet in both languages."""

from __future__ import annotations

from pathlib import Path

from envhelp.domain import enterprises, vocab

TEMPLATE_PATH = Path("templates") / "enterprises-import-template.xlsx"  # under resources/


def write_import_template(path: str | Path) -> Path:
    """Write the blank import sheet (Chinese headers, an English hint sheet, drop-downs)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业名录"
    fields = enterprises.FIELDS
    sheet.append([f.zh for f in fields])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, f in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(f.zh) * 2 + 4)
        if f.key in ("uscc", "contact_phone", "permit_no"):
            # Text format keeps long codes and leading zeros as typed.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    permit_col = [f.key for f in fields].index("permit_class") + 1
    labels = [zh for code, (zh, _) in vocab.PERMIT_CLASSES.items() if code]
    choice = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
    sheet.add_data_validation(choice)
    letter = sheet.cell(row=1, column=permit_col).column_letter
    choice.add(f"{letter}2:{letter}5000")

    hints = workbook.create_sheet("填写说明 Instructions")
    hints.append(["列 Column", "English", "说明", "Notes"])
    for cell in hints[1]:
        cell.font = bold
    notes = {
        "name": ("必填。", "Required."),
        "uscc": (
            "18 位，可留空；用于识别已有企业。",
            "18 characters, optional; identifies enterprises already stored.",
        ),
        "contact_phone": ("多个号码用逗号分隔。", "Separate several numbers with commas."),
        "permit_no": (
            "22 位，如 91130200699229617X001P。",
            "22 characters, e.g. 91130200699229617X001P.",
        ),
        "permit_class": (
            "、".join(labels) + "。",
            ", ".join(en for code, (_, en) in vocab.PERMIT_CLASSES.items() if code) + ".",
        ),
        "hw_categories": ("如 HW08,HW49，多个用逗号分隔。", "e.g. HW08,HW49, comma-separated."),
        "supervision_class": (
            "重点、特殊、一般（双随机抽查类别）；空白为一般。",
            "Key, Special or General (random-check class); blank is General.",
        ),
        "supervision_reason": ("类别为“特殊”时必填。", "Required for the Special class."),
        "credit_grade": (
            "本省信用等级之一，如 A、B、C、D。",
            "One of the province's grades, e.g. A, B, C, D.",
        ),
        "positive_list": ("是 / 否。", "yes / no."),
        "invites_visits": (
            "是 / 否：企业是否邀约或预约检查。",
            "yes / no: whether the enterprise asked for visits.",
        ),
    }
    for f in fields:
        zh, en = notes.get(f.key, ("", ""))
        hints.append([f.zh, f.en, zh, en])
    hints.append([])
    hints.append(
        ["表头也可用英文（如 name, USCC, town），列的顺序不限；空白单元格不会覆盖已有数据。"]
    )
    hints.append(
        [
            "Headers may also be English (e.g. name, USCC, town), in any order; "
            "blank cells never overwrite stored data."
        ]
    )
    for letter, width in zip("ABCD", (18, 30, 40, 50), strict=True):
        hints.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
