"""Enterprises: validation, saving, and paged search (name, USCC or pinyin initials)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from envhelp.domain import settings, vocab
from envhelp.domain import uscc as uscc_rules
from envhelp.domain.fields import Field, choice, phone, text, yes_no
from envhelp.errors import ValidationError
from envhelp.storage import Store

F_NAME = Field("name", "企业名称", "Enterprise name")
F_USCC = Field("uscc", "统一社会信用代码", "Unified social credit code")
F_LEGAL = Field("legal_rep", "法定代表人", "Legal representative")
F_CONTACT = Field("contact_person", "联系人", "Contact person")
F_PHONE = Field("contact_phone", "联系电话", "Contact phone")
F_ADDRESS = Field("address", "地址", "Address")
F_TOWN = Field("town", "镇街", "Town/subdistrict")
F_INDUSTRY = Field("industry", "行业", "Industry")
F_PERMIT = Field("permit_no", "排污许可证编号", "Discharge permit number")
F_PERMIT_CLASS = Field("permit_class", "排污许可管理类别", "Permit management category")
F_HW = Field("hw_categories", "危险废物类别", "Hazardous-waste categories")
F_NOTES = Field("notes", "备注", "Notes")
F_CLASS = Field("supervision_class", "监管类别", "Supervision class")
F_CLASS_REASON = Field("supervision_reason", "列为特殊的原因", "Reason for the special class")
F_CREDIT = Field("credit_grade", "信用等级", "Credit grade")
F_POSITIVE = Field("positive_list", "正面清单", "Positive list")
F_INVITES = Field("invites_visits", "邀约/预约检查", "Asks for visits")

FIELDS = (
    F_NAME,
    F_USCC,
    F_LEGAL,
    F_CONTACT,
    F_PHONE,
    F_ADDRESS,
    F_TOWN,
    F_INDUSTRY,
    F_PERMIT,
    F_PERMIT_CLASS,
    F_HW,
    F_NOTES,
    F_CLASS,
    F_CLASS_REASON,
    F_CREDIT,
    F_POSITIVE,
    F_INVITES,
)

PERMIT_RE = re.compile(r"^[0-9A-Za-z]{18}[0-9]{3}[A-Z]$")
# Columns callers may sort the list by.
SORTABLE = ("name", "uscc", "town", "industry", "updated_at", "created_at")
BULK_LOOKUP = 500  # codes or names per "IN (...)" look-up of the bulk path


def clean_permit_no(value: Any) -> str:
    raw = text(value, F_PERMIT, max_len=40).upper()
    if not raw:
        return ""
    # The 18+3+1 layout of HJ 608-2017. The final letter varies (P for permits,
    # others for registration receipts), so any capital letter is accepted.
    if not PERMIT_RE.match(raw) or (not raw.startswith("H9") and not uscc_rules.is_valid(raw[:18])):
        raise ValidationError(
            F_PERMIT.key,
            f"排污许可证编号格式不正确：{raw}。应为 22 位：18 位统一社会信用代码 + 3 位顺序号 + 1 位字母，"
            "例如 91130200699229617X001P。",
            f"Discharge permit number is malformed: {raw}. It has 22 characters: the 18-character "
            "credit code, a 3-digit sequence and a letter, e.g. 91130200699229617X001P.",
        )
    return raw


def clean_hw_categories(value: Any) -> list[str]:
    """HW codes as a sorted list; accepts a list or text like ``HW08, hw49；HW12``."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,，;；、]+", str(value))
    known = vocab.hw_categories()
    codes: set[str] = set()
    for item in items:
        raw = str(item).strip().upper()
        if not raw:
            continue
        code = raw if raw.startswith("HW") else "HW" + raw.zfill(2)
        if code not in known:
            retired = code in ("HW41", "HW42", "HW43", "HW44")
            raise ValidationError(
                F_HW.key,
                f"危险废物类别“{raw}”无效"
                + ("（该类别已于 2016 年废止）" if retired else "")
                + "。请填写 HW01–HW50 中有效的类别，多个用逗号分隔。",
                f"Hazardous-waste category “{raw}” is not valid"
                + (" (retired in 2016)" if retired else "")
                + ". Use valid categories HW01-HW50, separated by commas.",
            )
        codes.add(code)
    return sorted(codes)


def credit_grade(value: Any, grades: Sequence[str] | None) -> str:
    """One of the province's credit grades (settings ``credit_grades``), or "" for none.

    ``grades`` None skips the list check (a caller without the database)."""
    raw = text(value, F_CREDIT, max_len=8)
    if not raw or grades is None:
        return raw
    for grade in grades:
        if raw.upper() == str(grade).upper():
            return str(grade)
    raise ValidationError(
        F_CREDIT.key,
        f"信用等级“{raw}”不在本省的等级中，可选：{'、'.join(grades)}（见“设置 → 检查频次与双随机”）。",
        f"Credit grade “{raw}” is not one of the province's grades: {', '.join(grades)} "
        "(see Settings → Inspection caps and random checks).",
    )


def supervision(data: dict[str, Any]) -> tuple[str, str]:
    """The supervision class (一般 when blank) and the reason, which 特殊 needs."""
    code = choice(data.get("supervision_class") or "general", F_CLASS, vocab.SUPERVISION_CLASSES)
    reason = text(data.get("supervision_reason"), F_CLASS_REASON, max_len=200)
    if code == "special" and not reason:
        raise ValidationError(
            F_CLASS_REASON.key,
            "监管类别为“特殊”时请填写原因（如：上年度受过处罚、信用警示、投诉举报 3 次以上）。",
            "A special-class enterprise needs the reason (e.g. penalised last year, credit "
            "warning, 3 or more verified complaints).",
        )
    return code, reason


def clean(data: dict[str, Any], credit_grades: Sequence[str] | None = None) -> dict[str, Any]:
    """Validate a full enterprise record; returns the values to store.

    ``credit_grades`` is the province's list (settings); None skips that check."""
    raw_uscc = text(data.get("uscc"), F_USCC, max_len=40)
    class_code, class_reason = supervision(data)
    return {
        "name": text(data.get("name"), F_NAME, required=True, max_len=100),
        "uscc": uscc_rules.validate(raw_uscc) if raw_uscc else None,
        "legal_rep": text(data.get("legal_rep"), F_LEGAL, max_len=50),
        "contact_person": text(data.get("contact_person"), F_CONTACT, max_len=50),
        "contact_phone": phone(data.get("contact_phone"), F_PHONE),
        "address": text(data.get("address"), F_ADDRESS, max_len=200),
        "town": text(data.get("town"), F_TOWN, max_len=50),
        "industry": text(data.get("industry"), F_INDUSTRY, max_len=100),
        "permit_no": clean_permit_no(data.get("permit_no")),
        "permit_class": choice(
            data.get("permit_class") or "", F_PERMIT_CLASS, vocab.PERMIT_CLASSES
        ),
        "hw_categories": clean_hw_categories(data.get("hw_categories")),
        "notes": text(data.get("notes"), F_NOTES, max_len=2000),
        "supervision_class": class_code,
        "supervision_reason": class_reason,
        "credit_grade": credit_grade(data.get("credit_grade"), credit_grades),
        "positive_list": yes_no(data.get("positive_list"), F_POSITIVE),
        "invites_visits": yes_no(data.get("invites_visits"), F_INVITES),
    }


@functools.cache
def _segmenter() -> Any:
    from pypinyin.core import Pinyin

    return Pinyin()


def load_pinyin() -> None:
    """Load pypinyin and its dictionaries now (≈ 150 ms, once per process).

    Bulk imports call this before they set the existing objects aside from the
    garbage collector, so that pypinyin's ≈ 190,000 objects are among them.
    """
    _segmenter()


@functools.lru_cache(maxsize=8192)
def _word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word, errors="ignore"))


def name_words(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """The name's words (pypinyin's own segmentation), each with its cached pinyin: the
    one reading of a name that its search text and its sort key both use."""
    return [(word, _word_pinyin(word)) for word in _segmenter().seg(name)]


def pinyin_syllables(name: str, words: list | None = None) -> list[str]:
    """``lazy_pinyin(name, errors="ignore")``, word by word with the words' pinyin cached.

    pypinyin splits a name into words (its own segmentation) and reads each word
    on its own, so the result is the same; company names share most of their
    words (有限公司, 科技, 环保…), and an import of thousands of names then costs
    a dictionary look-up per word instead of ≈ 60 µs per name.
    """
    return [s for _, syllables in (words or name_words(name)) for s in syllables]


def sort_key(name: str, words: list | None = None) -> str:
    """How names sort in the lists: by pinyin (安 before 北 before 青), as officers expect
    of a Chinese list, not by code point. Latin letters and digits are kept as written."""
    parts: list[str] = []
    for word, syllables in words or name_words(name):
        parts.extend(syllables or [word])  # a word with nothing Chinese: itself
    return " ".join(parts).lower()


def fill_sort_keys(store: Store) -> int:
    """Give the enterprises without a sort key theirs (stored before the column existed,
    or from an older app's bundle): one indexed look-up when there are none. A derived
    column, like the search text's index, so not audited. Returns how many were filled."""
    if store.read_only:
        return 0
    rows = store.query("SELECT id, name FROM enterprises WHERE sort_key = ''")
    if rows:
        with store.transaction():
            store.conn.executemany(
                "UPDATE enterprises SET sort_key = ? WHERE id = ?",
                [(sort_key(r["name"]), r["id"]) for r in rows],
            )
    return len(rows)


def search_text(name: str, uscc: str | None, words: list | None = None) -> str:
    """What the search box matches: name, USCC, full pinyin and pinyin initials
    (``words``: the name's :func:`name_words`, when the caller has them already)."""
    syllables = pinyin_syllables(name, words)
    # pypinyin's FIRST_LETTER style is the first letter of each NORMAL syllable.
    initials = "".join(s[0] for s in syllables)
    return " ".join(filter(None, [name, uscc or "", "".join(syllables), initials])).lower()


# json.dumps(..., ensure_ascii=False) with the encoder built once (imports call this per row).
_HW_JSON = json.JSONEncoder(ensure_ascii=False)


def _to_row(values: dict[str, Any]) -> dict[str, Any]:
    row = dict(values)
    row["hw_categories"] = _HW_JSON.encode(values["hw_categories"])
    words = name_words(values["name"])  # segmented once for both keys (imports: per row)
    row["search_text"] = search_text(values["name"], values["uscc"], words)
    row["sort_key"] = sort_key(values["name"], words)
    return row


def to_public(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row as shown to users and scripts (HW categories as a list)."""
    out = {k: v for k, v in row.items() if k not in ("search_text", "sort_key")}
    out["hw_categories"] = json.loads(row["hw_categories"] or "[]")
    out["positive_list"] = bool(row["positive_list"])
    out["invites_visits"] = bool(row["invites_visits"])
    return out


def _uscc_taken(code: str, owner: str) -> ValidationError:
    return ValidationError(
        F_USCC.key,
        f"统一社会信用代码 {code} 已属于企业“{owner}”，同一代码不能登记两次。",
        f"Credit code {code} already belongs to “{owner}”; a code can be registered only once.",
    )


def _check_unique_uscc(store: Store, code: str | None, own_id: str | None) -> None:
    if not code:
        return
    other = store.query_one("SELECT id, name FROM enterprises WHERE uscc = ?", (code,))
    if other and other["id"] != own_id:
        raise _uscc_taken(code, other["name"])


def grades(store: Store) -> list[str]:
    """The province's credit grades, best first (settings ``credit_grades``)."""
    return list(settings.get(store, settings.CREDIT_GRADES) or [])


def add(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    values = clean(data, grades(store))
    with store.transaction():
        _check_unique_uscc(store, values["uscc"], None)
        record = _to_row(values)
        if data.get("id"):
            record["id"] = data["id"]
        return to_public(store.insert("enterprises", record))


def add_cleaned(store: Store, records: Sequence[dict[str, Any]]) -> list[str]:
    """Add many enterprises at once (imports): one audited bulk insert.

    Each record is what :func:`clean` returned (the caller has validated it),
    optionally with an ``id``. Same rule as :func:`add`: a credit code already
    stored, or given twice, refuses the whole batch. Returns the new ids, in order.
    """
    if not records:
        return []
    codes = [r["uscc"] for r in records if r["uscc"]]
    with store.transaction():
        for start in range(0, len(codes), BULK_LOOKUP):
            chunk = codes[start : start + BULK_LOOKUP]
            other = store.query_one(
                f"SELECT uscc, name FROM enterprises WHERE uscc IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            if other is not None:
                raise _uscc_taken(other["uscc"], other["name"])
        owners: dict[str, str] = {}
        for r in records:
            if r["uscc"] in owners:
                raise _uscc_taken(r["uscc"], owners[r["uscc"]])
            if r["uscc"]:
                owners[r["uscc"]] = r["name"]
        stored = store.insert_many("enterprises", [_to_row(r) for r in records])
    return [r["id"] for r in stored]


def update(store: Store, enterprise_id: str, data: dict[str, Any]) -> dict[str, Any]:
    """Update with a full or partial record; fields not given keep their value."""
    with store.transaction():
        current = to_public(store.get("enterprises", enterprise_id))
        merged = {f.key: data.get(f.key, current[f.key]) for f in FIELDS}
        values = clean(merged, grades(store))
        _check_unique_uscc(store, values["uscc"], enterprise_id)
        return to_public(store.update("enterprises", enterprise_id, _to_row(values)))


def get(store: Store, enterprise_id: str) -> dict[str, Any]:
    return to_public(store.get("enterprises", enterprise_id))


def name_of(store: Store, enterprise_id: str) -> str | None:
    """The enterprise's name, None when there is no such enterprise."""
    return store.scalar("SELECT name FROM enterprises WHERE id = ?", (enterprise_id,))


# The trigram index (migration v4) matches words of 3+ characters; shorter words
# produce no trigram and are matched with LIKE on the rows the index left.
FTS_MIN_CHARS = 3


def like_pattern(token: str) -> str:
    """``%token%`` with LIKE's wildcards escaped (use with ``ESCAPE '\\'``)."""
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_query(tokens: list[str]) -> str:
    """An FTS5 query where every token must appear as a substring (quoted phrases, AND)."""
    return " AND ".join('"' + token.replace('"', '""') + '"' for token in tokens)


def _where(search: str | None, town: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    tokens = (search or "").lower().split()
    indexed = [t for t in tokens if len(t) >= FTS_MIN_CHARS]
    if indexed:
        clauses.append("rowid IN (SELECT rowid FROM enterprises_fts WHERE enterprises_fts MATCH ?)")
        params.append(fts_query(indexed))
    for token in tokens:
        if len(token) < FTS_MIN_CHARS:
            clauses.append("search_text LIKE ? ESCAPE '\\'")
            params.append(like_pattern(token))
    if town:
        clauses.append("town = ?")
        params.append(town)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_page(
    store: Store,
    *,
    search: str | None = None,
    town: str | None = None,
    order_by: str = "name",
    descending: bool = False,
    limit: int | None = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """One page of enterprises matching ``search`` (every word must match)."""
    if order_by not in SORTABLE:
        raise ValueError(f"cannot sort enterprises by {order_by!r}")
    if order_by == "name" and offset == 0:
        fill_sort_keys(store)
    where, params = _where(search, town)
    direction = "DESC" if descending else "ASC"
    column = "sort_key" if order_by == "name" else order_by  # names in pinyin order
    sql = f"SELECT * FROM enterprises{where} ORDER BY {column} {direction}, id"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [to_public(r) for r in store.query(sql, params)]


def count(store: Store, *, search: str | None = None, town: str | None = None) -> int:
    where, params = _where(search, town)
    return store.scalar(f"SELECT count(*) FROM enterprises{where}", params)


def towns(store: Store) -> list[str]:
    return [
        r["town"]
        for r in store.query("SELECT DISTINCT town FROM enterprises WHERE town != '' ORDER BY town")
    ]
