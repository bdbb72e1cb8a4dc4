"""Import enterprises from an Excel sheet (.xlsx) and write the blank template.

The first row that names the enterprise-name column is the header; headers may
be Chinese or English (see :data:`HEADER_ALIASES`). Every data row is checked
with :func:`envhelp.domain.enterprises.clean`, exactly like the GUI form. Rows
that break a rule are reported with the row number Excel shows and change
nothing; the good rows are saved, all in one transaction.

An enterprise already in the database (same USCC, or the same exact name when
the row has no USCC) is not added again: identical data counts as unchanged,
and non-empty cells that differ update the stored record (empty cells never
clear stored data).

Rows are read and checked one by one and saved in chunks of :data:`CHUNK_ROWS`:
the enterprises a chunk may match are looked up with one query, and its new
enterprises go in with one audited bulk insert (one audit entry each, in row
order, as saving them one by one would leave). ``progress``/``cancelled``
follow the contract of :mod:`envhelp.storage.progress`; a cancel rolls the
whole import back.
"""

from __future__ import annotations

import gc
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from envhelp import i18n
from envhelp.domain import enterprises, vocab
from envhelp.errors import ValidationError
from envhelp.io import zip_limits
from envhelp.io.errors import UnreadableInputError
from envhelp.storage import Store
from envhelp.storage.clock import new_id
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

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
# A workbook is a zip: its directory, sizes and compression ratio are checked before
# openpyxl inflates anything (a 3 MB zip bomb once took 3.3 GB). A real sheet of
# 50,000 enterprises is ~25 MB of XML, compressed about 10 : 1.
XLSX_LIMITS = zip_limits.Limits(
    entries=2_000,
    directory_bytes=1024**2,
    member_bytes=128 * 1024**2,
    total_bytes=256 * 1024**2,
    ratio=100,
)
MAX_ROWS = 200_000  # data rows read from one sheet
CHUNK_ROWS = 500  # rows matched with one query and saved with one bulk insert
TEMPLATE_PATH = Path("templates") / "enterprises-import-template.xlsx"  # under resources/


def normalize_header(text: Any) -> str:
    """Header text as compared: no spaces, marks like ``*`` or ``(必填)``, case or punctuation."""
    raw = "" if text is None else str(text)
    raw = raw.replace("（", "(").replace("）", ")")
    raw = re.sub(r"\((必填|选填|required|optional)\)", "", raw, flags=re.IGNORECASE)
    return re.sub(r"[\s*＊_\-/:：.]+", "", raw).lower()


_HEADER_INDEX = {
    normalize_header(alias): key for key, aliases in HEADER_ALIASES.items() for alias in aliases
}


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


def _cell_text(value: Any) -> Any:
    """Excel values as the validators expect them: whole numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def _unreadable(path: Path, zh: str, en: str) -> UnreadableInputError:
    return UnreadableInputError(f"无法导入 {path.name}：{zh}", f"Cannot import {path.name}: {en}")


# What openpyxl raises on a file that is not a well-formed workbook (XML ParseError is a
# SyntaxError; a damaged deflate stream gives zlib.error or EOFError); a damaged sheet is
# only parsed while its rows are read.
# NotImplementedError: zipfile's answer to a member needing an unknown zip version or method.
_PARSE_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    SyntaxError,
    zlib.error,
    EOFError,
    NotImplementedError,
)


def _guarded(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows; a damaged sheet becomes UnreadableInputError (the import rolls back)."""
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except _PARSE_ERRORS as exc:
            raise _unreadable(
                path, f"工作表内容已损坏（{exc}）。", f"a worksheet is damaged ({exc})."
            ) from exc
        yield values


def _find_header(rows, ignored: list[str]) -> tuple[int, dict[int, str]] | None:
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


def _numeric_uscc_error(raw: Any) -> ValidationError:
    return ValidationError(
        enterprises.F_USCC.key,
        f"统一社会信用代码 {raw} 被 Excel 存成了数字，末尾几位可能已丢失。"
        "请把该列设为“文本”格式后重新填写。",
        f"The credit code {raw} was stored by Excel as a number and its last digits may be "
        "lost. Format the column as Text and type the code again.",
    )


def _several_named(name: str) -> ValidationError:
    return ValidationError(
        enterprises.F_USCC.key,
        f"已有多家名为“{name}”的企业，无法确定是哪一家，请填写统一社会信用代码。",
        f"Several enterprises are named “{name}”; add the credit code to say which one.",
    )


# A validated row: its number in the sheet, its clean values, the fields its cells filled.
Row = tuple[int, dict[str, Any], frozenset[str]]


class _Known:
    """The enterprises a chunk of rows may describe, as public records, indexed.

    Loaded with one query (every stored enterprise with a code or an exact name
    used in the chunk) and kept up to date as the chunk adds and updates records,
    so each row is matched in memory exactly as the database would answer.
    """

    def __init__(self, store: Store, chunk: list[Row]):
        self.by_uscc: dict[str, dict[str, Any]] = {}
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        codes = list({v["uscc"] for _, v, _ in chunk if v["uscc"]})
        names = list({v["name"] for _, v, _ in chunk})
        sql = (
            f"SELECT * FROM enterprises WHERE uscc IN ({', '.join('?' * len(codes))}) "
            f"OR name IN ({', '.join('?' * len(names))})"
        )
        for row in store.iter_query(sql, codes + names):
            self.add(enterprises.to_public(row))

    def add(self, record: dict[str, Any]) -> None:
        if record["uscc"]:
            self.by_uscc[record["uscc"]] = record
        self.by_name.setdefault(record["name"], []).append(record)

    def replace(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        if old["uscc"] and self.by_uscc.get(old["uscc"]) is old:
            del self.by_uscc[old["uscc"]]
        self.by_name[old["name"]] = [r for r in self.by_name[old["name"]] if r is not old]
        self.add(new)

    def match(self, values: dict[str, Any]) -> dict[str, Any] | None:
        """The stored enterprise this row describes: same USCC, else same exact name."""
        same_name = self.by_name.get(values["name"], [])
        if values["uscc"]:
            record = self.by_uscc.get(values["uscc"])
            if record is not None:
                return record
            # A record saved earlier without its code may be completed by this row.
            same_name = [r for r in same_name if r["uscc"] is None]
        if len(same_name) > 1:
            raise _several_named(values["name"])
        return same_name[0] if same_name else None


def _save_chunk(store: Store, chunk: list[Row], result: ImportResult) -> None:
    """Save a chunk of validated rows: new enterprises in one audited bulk insert.

    Rows are handled in order, and the new records waiting for the bulk insert
    go in before any update, so the audit log lists the changes in row order.
    """
    if not chunk:
        return
    known = _Known(store, chunk)
    new: list[dict[str, Any]] = []  # clean values (with their id) not inserted yet
    for number, values, filled in chunk:
        try:
            existing = known.match(values)
        except ValidationError as error:
            result.rejected.append(RejectedRow(number, error.field, str(error)))
            continue
        if existing is None:
            record = {**values, "id": new_id()}
            new.append(record)
            known.add(record)
            result.added += 1
            continue
        # Only cells that hold something change a stored enterprise; a blank cell or a
        # column missing from the sheet keeps what an officer typed in the app.
        changes = {k: v for k, v in values.items() if k in filled}
        if all(existing[k] == v for k, v in changes.items()):
            result.unchanged += 1
            continue
        # The new records go in first: the audit log keeps row order (and the record
        # updated may be one of them).
        enterprises.add_cleaned(store, new)
        new.clear()
        try:
            # A savepoint per row: a row refused while saving leaves no trace.
            with store.transaction():
                updated = enterprises.update(store, existing["id"], changes)
        except ValidationError as error:
            result.rejected.append(RejectedRow(number, error.field, str(error)))
            continue
        known.replace(existing, updated)
        result.updated += 1
    enterprises.add_cleaned(store, new)


class _EasedCollector:
    """Ease the cyclic garbage collector's work while imports run (a context manager).

    An import keeps thousands of rows alive at a time, so the collector runs often
    and its full collections walk every object of the process: pypinyin's
    dictionaries alone are ≈ 190,000 (loaded for the search text), and the GUI has
    its own. That was ≈ 35 ms a full collection, a fifth of an import of 5,000 rows.
    While the first import runs until the last one ends:

    - ``gc.freeze`` sets the objects that existed before aside (they are still
      freed by reference counting; objects made during the import are collected
      as usual), unless something else in the process froze objects already;
    - the youngest generation is collected every ``YOUNG`` new objects instead of
      every 700 (a few hundred collections fewer per 5,000 rows).

    Both are undone at the end (the thresholds restored as they were found).
    """

    YOUNG = 5_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._froze = False
        self._threshold: tuple[int, ...] = ()

    def __enter__(self) -> None:
        with self._lock:
            if self._holders == 0:
                self._froze = gc.get_freeze_count() == 0
                if self._froze:
                    gc.freeze()
                self._threshold = gc.get_threshold()
                young, *older = self._threshold
                if young:  # 0: collection switched off; leave it so
                    gc.set_threshold(max(young, self.YOUNG), *older)
            self._holders += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                gc.set_threshold(*self._threshold)
                if self._froze:
                    gc.unfreeze()


_eased_collector = _EasedCollector()


def import_enterprises(
    store: Store,
    path: str | Path,
    *,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportResult:
    """Import the first sheet with a recognizable header; see the module docstring.

    ``progress(done, total)`` counts the sheet's rows below the header (the total
    is first the size the file declares, then the rows really read) and reaches
    total at the end. Once ``cancelled()`` is true the import stops with
    :class:`~envhelp.errors.OperationCancelled` and nothing is saved.
    """
    # Loaded first, so that the dictionaries are among the objects set aside.
    enterprises.load_pinyin()
    with _eased_collector:
        return _import_file(store, Path(path), progress, cancelled)


def _import_file(
    store: Store, path: Path, progress: ProgressFn | None, cancelled: CancelledFn | None
) -> ImportResult:
    with open_xlsx(path) as workbook:
        return _import_workbook(store, path, workbook, progress, cancelled)


@contextmanager
def open_xlsx(path: Path) -> Iterator[Any]:
    """An officer's .xlsx opened read-only (values, not formulas), closed afterwards.

    A missing file, a zip that would inflate past the limits or a file that is not a
    workbook raises UnreadableInputError naming the file and what to do. Read its rows
    through :func:`guarded_rows` so a damaged sheet is refused the same way.
    """
    from openpyxl import load_workbook

    if not path.is_file():
        raise _unreadable(path, "找不到该文件。", "the file does not exist.")
    _check_archive(path)
    handle = path.open("rb")
    workbook = None
    try:
        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except _PARSE_ERRORS as exc:
            raise _unreadable(
                path,
                "不是有效的 .xlsx 文件（旧版 .xls 或 .csv 请先在 Excel/WPS 中另存为 .xlsx）。",
                "it is not a valid .xlsx file (save old .xls or .csv files as .xlsx in "
                "Excel/WPS first).",
            ) from exc
        yield workbook
    finally:
        if workbook is not None:
            workbook.close()
        handle.close()


def guarded_rows(path: Path, rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows; a damaged sheet becomes UnreadableInputError."""
    return _guarded(path, rows)


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose zip would inflate past :data:`XLSX_LIMITS`."""

    def refuse(zh: str, en: str) -> UnreadableInputError:
        return _unreadable(path, zh, en)

    zip_limits.check_directory(path, XLSX_LIMITS, refuse)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl's refusal says what the file should be
    zip_limits.check_members(infos, XLSX_LIMITS, refuse)


def _import_workbook(
    store: Store,
    path: Path,
    workbook: Any,
    progress: ProgressFn | None,
    cancelled: CancelledFn | None,
) -> ImportResult:
    """:func:`import_enterprises` once the workbook is open."""
    result = ImportResult()
    for sheet in workbook.worksheets:
        declared = sheet.max_row or 0  # the size the file states: only an estimate
        # Some programs write a wrong size into the sheet; read every row regardless.
        sheet.reset_dimensions()
        rows = _guarded(path, sheet.iter_rows(values_only=True))
        header = _find_header(rows, result.ignored_columns)
        if header is None:
            result.ignored_columns.clear()
            continue
        result.sheet = sheet.title
        result.header_row, columns = header
        steps = Steps(max(declared - result.header_row, 1), progress, cancelled)
        steps.report()
        _import_rows(store, rows, result.header_row, columns, result, steps)
        return result
    raise _unreadable(
        path,
        "没有找到表头行（前 10 行内应有“企业名称”列）。请使用导入模板。",
        "no header row found (the first 10 rows need an “企业名称 / name” column). "
        "Use the import template.",
    )


def _filled(raw: dict[str, Any]) -> frozenset[str]:
    """The fields whose cell holds something: only these change a stored enterprise."""
    return frozenset(k for k, v in raw.items() if v is not None and str(v).strip())


def _blank(raw: dict[str, Any]) -> bool:
    """A line with nothing in it (skipped, though Excel still counts it)."""
    name = raw.get("name")
    if type(name) is str and name.strip():
        return False  # nearly every row: no need to look at the other cells
    return all(v is None or not str(v).strip() for v in raw.values())


def _checked(
    raw: dict[str, Any],
    number: int,
    seen: dict[str, int],
    result: ImportResult,
    grades: list[str],
) -> dict[str, Any] | None:
    """A row's values as :func:`enterprises.clean` returns them; None (and a rejection) if bad."""
    data = {k: v if v is None or type(v) is str else _cell_text(v) for k, v in raw.items()}
    try:
        try:
            clean = enterprises.clean(data, grades)
        except ValidationError as error:
            if error.field == "uscc" and isinstance(raw.get("uscc"), int | float):
                raise _numeric_uscc_error(data["uscc"]) from error
            raise
        _check_repeat(clean, number, seen)
    except ValidationError as error:
        result.rejected.append(RejectedRow(number, error.field, str(error)))
        return None
    return clean


def _import_rows(
    store: Store,
    rows,
    header_row: int,
    columns: dict[int, str],
    result: ImportResult,
    steps: Steps,
) -> None:
    grades = enterprises.grades(store)
    seen: dict[str, int] = {}  # "uscc:..." / "name:..." → first row that used it
    chunk: list[Row] = []
    read = 0
    with store.transaction():
        for number, values in enumerate(rows, start=header_row + 1):
            read += 1
            if read > MAX_ROWS:
                raise UnreadableInputError(
                    f"工作表超过 {MAX_ROWS} 行，请分成几个文件导入。",
                    f"The sheet has more than {MAX_ROWS} rows; split it into several files.",
                )
            raw = {key: values[i] for i, key in columns.items() if i < len(values)}
            if not _blank(raw):
                clean = _checked(raw, number, seen, result, grades)
                if clean is not None:
                    chunk.append((number, clean, _filled(raw)))
            if read % CHUNK_ROWS == 0:
                _save_chunk(store, chunk, result)
                chunk = []
                steps.total = max(steps.total, read + 1)  # the sheet's size may be wrong
                steps.advance(CHUNK_ROWS)
        _save_chunk(store, chunk, result)
        steps.total = max(read, 1)  # a progress bar never gets a total of 0
        steps.check()  # a cancel still rolls everything back here
    # Rows refused while saving come after those refused while reading their chunk.
    result.rejected.sort(key=lambda r: r.row)
    steps.finish()


def _check_repeat(values: dict[str, Any], number: int, seen: dict[str, int]) -> None:
    keys = [f"uscc:{values['uscc']}"] if values["uscc"] else [f"name:{values['name']}"]
    for key in keys:
        if key in seen:
            field_key = "uscc" if key.startswith("uscc:") else "name"
            raise ValidationError(
                field_key,
                f"与第 {seen[key]} 行是同一家企业（重复行），本行未导入。",
                f"Same enterprise as row {seen[key]} (duplicate row); this row was not imported.",
            )
    for key in keys:
        seen[key] = number
    seen.setdefault(f"name:{values['name']}", number)


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


def summary_message(result: ImportResult) -> str:
    """One-line summary in the current language."""
    return i18n.pick(
        f"新增 {result.added} 家，更新 {result.updated} 家，无变化 {result.unchanged} 家，"
        f"拒绝 {len(result.rejected)} 行。",
        f"Added {result.added}, updated {result.updated}, unchanged {result.unchanged}, "
        f"rejected {len(result.rejected)} row(s).",
    )
