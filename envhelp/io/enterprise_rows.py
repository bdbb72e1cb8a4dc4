"""The enterprise import's rows: each checked with :func:`envhelp.domain.enterprises.clean`
like the GUI form (repeats within the sheet refused), then matched with the stored
enterprises (same USCC, else the same exact name) and saved a chunk at a time: new
enterprises in one audited bulk insert, changed ones updated from their filled cells.
"""

from __future__ import annotations

from typing import Any

from envhelp.domain import enterprises
from envhelp.errors import ValidationError
from envhelp.io.enterprise_import_result import ImportResult, RejectedRow
from envhelp.io.xlsx_input import cell_text
from envhelp.storage import Store
from envhelp.storage.clock import new_id


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


def save_chunk(store: Store, chunk: list[Row], result: ImportResult) -> None:
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


def filled_fields(raw: dict[str, Any]) -> frozenset[str]:
    """The fields whose cell holds something: only these change a stored enterprise."""
    return frozenset(k for k, v in raw.items() if v is not None and str(v).strip())


def is_blank(raw: dict[str, Any]) -> bool:
    """A line with nothing in it (skipped, though Excel still counts it)."""
    name = raw.get("name")
    if type(name) is str and name.strip():
        return False  # nearly every row: no need to look at the other cells
    return all(v is None or not str(v).strip() for v in raw.values())


def checked_row(
    raw: dict[str, Any],
    number: int,
    seen: dict[str, int],
    result: ImportResult,
    grades: list[str],
) -> dict[str, Any] | None:
    """A row's values as :func:`enterprises.clean` returns them; None (and a rejection) if bad."""
    data = {k: v if v is None or type(v) is str else cell_text(v) for k, v in raw.items()}
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
