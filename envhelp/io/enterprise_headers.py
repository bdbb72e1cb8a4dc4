"""The enterprise sheet's header: the column names accepted for each field, in Chinese or
English, and the first row that names the enterprise-name column."""

from __future__ import annotations

from envhelp.io.xlsx_input import normalize_header

# Header text accepted for each field (compared after :func:`normalize_header`).
# The first Chinese name is the one the template writes. Extend freely: this is
# the only place the importer learns column names.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "企业名称",
        "单位名称",
        "公司名称",
        "企业名",
        "名称",
        "name",
        "enterprise name",
        "enterprise",
        "company",
        "company name",
    ),
    "uscc": (
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "统一代码",
        "uscc",
        "unified social credit code",
        "credit code",
        "social credit code",
    ),
    "legal_rep": (
        "法定代表人",
        "法人代表",
        "法人",
        "法定代表人姓名",
        "legal representative",
        "legal rep",
        "legal_rep",
    ),
    "contact_person": (
        "联系人",
        "企业联系人",
        "环保联系人",
        "contact person",
        "contact",
        "contact_person",
    ),
    "contact_phone": (
        "联系电话",
        "电话",
        "联系方式",
        "手机",
        "手机号码",
        "contact phone",
        "phone",
        "telephone",
        "tel",
        "contact_phone",
    ),
    "address": ("地址", "企业地址", "详细地址", "生产经营场所地址", "经营地址", "address"),
    "town": (
        "镇街",
        "所属镇街",
        "所在镇街",
        "镇街道",
        "镇（街道）",
        "乡镇街道",
        "乡镇",
        "街道",
        "town",
        "township",
        "subdistrict",
        "town/subdistrict",
    ),
    "industry": ("行业", "行业类别", "所属行业", "国民经济行业类别", "industry"),
    "permit_no": (
        "排污许可证编号",
        "排污许可证号",
        "排污许可编号",
        "许可证编号",
        "permit no",
        "permit number",
        "discharge permit number",
        "permit_no",
    ),
    "permit_class": (
        "排污许可管理类别",
        "许可管理类别",
        "排污许可类别",
        "管理类别",
        "permit class",
        "permit category",
        "permit management category",
        "permit_class",
    ),
    "hw_categories": (
        "危险废物类别",
        "危废类别",
        "危险废物种类",
        "危废种类",
        "hw categories",
        "hazardous waste categories",
        "hazardous-waste categories",
        "hw_categories",
    ),
    "notes": ("备注", "说明", "notes", "note", "remarks", "remark"),
    "supervision_class": (
        "监管类别",
        "双随机类别",
        "监管对象类别",
        "supervision class",
        "supervision_class",
    ),
    "supervision_reason": (
        "列为特殊的原因",
        "特殊监管原因",
        "特殊原因",
        "supervision reason",
        "supervision_reason",
    ),
    "credit_grade": ("信用等级", "环境信用等级", "信用评价等级", "credit grade", "credit_grade"),
    "positive_list": ("正面清单", "列入正面清单", "positive list", "positive_list"),
    "invites_visits": (
        "邀约/预约检查",
        "邀约检查",
        "预约检查",
        "邀约",
        "asks for visits",
        "invites visits",
        "invites_visits",
    ),
}

HEADER_SCAN_ROWS = 10  # a title or a blank line may sit above the header


_HEADER_INDEX = {
    normalize_header(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases
}


def find_header(rows, ignored: list[str]) -> tuple[int, dict[int, str]] | None:
    """(Excel row number, {column index: field key}) of the first header row, or None."""
    for number, values in enumerate(rows, start=1):
        columns: dict[int, str] = {}
        unknown: list[str] = []
        for index, value in enumerate(values):
            key = _HEADER_INDEX.get(normalize_header(value))
            if key and key not in columns.values():
                columns[index] = key
            elif value is not None and str(value).strip():
                unknown.append(str(value).strip())
        if "name" in columns.values():
            ignored.extend(unknown)
            return number, columns
        if number >= HEADER_SCAN_ROWS:
            return None
    return None
