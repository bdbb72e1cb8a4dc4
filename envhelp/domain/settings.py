"""The settings registry: every setting of a database declared once.

Each :class:`Setting` names its key, its labels in both languages, its kind and
default, whether it travels in exchange bundles (``SHARED``) or belongs to this
computer only (``LOCAL``), and how a value is checked. The settings dialog, the
first-start questions and ``envhelp settings`` are all built from :data:`REGISTRY`;
the rest of the code reads values with :func:`get` and writes them with
:func:`put`, so a key is typed in one place.

Preferences of the desktop user (window geometry, last folders, language) live in
QSettings in the GUI, not here: they belong to the person at the screen, not to
the records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from envhelp import i18n
from envhelp.domain import vocab
from envhelp.domain.fields import Field, phone, text
from envhelp.errors import EnvHelpError, NotFoundError, ValidationError
from envhelp.storage import Store

SHARED = "shared"  # travels in exchange bundles: the bureau's identity, document numbering
LOCAL = "local"  # this computer only: its number series, who is using it

# Groups, in the order the settings dialog and `settings list` show them.
GROUPS: dict[str, tuple[str, str]] = {
    "bureau": ("本单位", "Bureau"),
    "documents": ("文书", "Documents"),
    "checks": ("检查", "Checks"),
    "inspections": ("检查频次与双随机", "Inspection caps and random checks"),
    "computer": ("本机", "This computer"),
}

TEXT, INT, BOOL, CHOICE, OFFICER, LIST = "text", "int", "bool", "choice", "officer", "list"

TRUE_WORDS = frozenset({"1", "true", "yes", "y", "on", "是", "开", "开启"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "off", "否", "关", "关闭"})
# Patterns, compiled (and cached by re) on first use: the CJK range costs ≈ 1 ms to
# compile, and every start of the GUI imports this module.
PREFIX_PATTERN = r"[\u4e00-\u9fffA-Za-z0-9]{1,12}"
RECORD_SERIES_PATTERN = r"[A-Z0-9]{1,3}"


@dataclass(frozen=True)
class Setting:
    key: str
    zh: str
    en: str
    group: str
    kind: str = TEXT
    default: Any = None
    scope: str = SHARED
    help_zh: str = ""
    help_en: str = ""
    example: str = ""  # shown as the field's placeholder and in `settings list`
    max_len: int = 60
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[tuple[str, str, str], ...] = ()  # (code, zh, en)
    check: Callable[[str, Field], str] | None = None  # extra rule for text values

    @property
    def field(self) -> Field:
        return Field(self.key, self.zh, self.en)

    @property
    def label(self) -> str:
        return i18n.pick(self.zh, self.en)

    @property
    def help(self) -> str:
        return i18n.pick(self.help_zh, self.help_en)

    def clean(self, value: Any) -> Any:
        """The value to store, or None for "not set" (the default applies).

        Accepts the typed value or its text (as typed on the command line)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return _CLEANERS[self.kind](self, value)


def _clean_text(setting: Setting, value: Any) -> str:
    clean = text(value, setting.field, max_len=setting.max_len)
    return setting.check(clean, setting.field) if setting.check else clean


def _clean_int(setting: Setting, value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not setting.minimum <= number <= setting.maximum:
        raise ValidationError(
            setting.key,
            f"“{setting.zh}”应为 {setting.minimum} 到 {setting.maximum} 的整数，"
            f"不能是“{value}”；留空表示使用默认值。",
            f"{setting.en} must be a whole number from {setting.minimum} to "
            f"{setting.maximum}, not “{value}”; leave it empty for the default.",
        )
    return number


def _clean_bool(setting: Setting, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(
        setting.key,
        f"“{setting.zh}”应为“是”或“否”（true/false），不能是“{value}”。",
        f"{setting.en} must be true or false, not “{value}”.",
    )


def _clean_choice(setting: Setting, value: Any) -> str:
    raw = str(value).strip()
    for code, zh, en in setting.choices:
        if raw in (code, zh, en):
            return code
    raise ValidationError(
        setting.key,
        f"“{setting.zh}”的值“{raw}”无效，可选："
        + "、".join(f"{code}（{zh}）" for code, zh, _ in setting.choices)
        + "。",
        f"{setting.en} “{raw}” is not valid; choose one of: "
        + ", ".join(f"{code} ({en})" for code, _, en in setting.choices)
        + ".",
    )


def _clean_list(setting: Setting, value: Any) -> list[str] | None:
    """Words separated by commas, 、 or spaces (or a list); with ``choices``, each a code
    or a label of one, stored as codes. Order is kept: it can carry meaning (best grade first).
    Empty text clears the setting (the default applies); an empty list of choices is "none"."""
    if isinstance(value, list | tuple) and not value and setting.choices:
        return []  # every choice unticked (the settings dialog): none, not the default
    items = value if isinstance(value, list | tuple) else re.split(r"[\s,，、;；]+", str(value))
    words = list(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))
    if not setting.choices:
        return [text(word, setting.field, max_len=setting.max_len) for word in words] or None
    return [_clean_choice(setting, word) for word in words] or None


def _clean_officer(setting: Setting, value: Any) -> str:
    return str(value).strip()  # an officer's id; put() checks that the officer exists


_CLEANERS: dict[str, Callable[[Setting, Any], Any]] = {
    TEXT: _clean_text,
    INT: _clean_int,
    BOOL: _clean_bool,
    CHOICE: _clean_choice,
    OFFICER: _clean_officer,
    LIST: _clean_list,
}


def _document_prefix(value: str, field: Field) -> str:
    if not re.fullmatch(PREFIX_PATTERN, value):
        raise ValidationError(
            field.key,
            f"“{field.zh}”只能由 1–12 个汉字、字母或数字组成（如 即环责改），不能是“{value}”。",
            f"{field.en} must be 1–12 Chinese characters, letters or digits "
            f"(e.g. 即环责改), not “{value}”.",
        )
    return value


def _record_series(value: str, field: Field) -> str:
    code = value.upper() if value.isascii() else value  # "ß".upper() would become "SS"
    if not re.fullmatch(RECORD_SERIES_PATTERN, code):
        raise ValidationError(
            field.key,
            f"“{field.zh}”只能是 1–3 位大写英文字母或数字（如 A、B2），不能是“{code}”；"
            "留空表示不使用系列。",
            f"{field.en} must be 1–3 capital letters A–Z or digits (e.g. A, B2), not “{code}”; "
            "leave it empty for no series.",
        )
    return code


def _hub_url(value: str, field: Field) -> str:
    """A PostgreSQL URL without a password (passwords only through PostgreSQL's own means)."""
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("postgresql", "postgres") or parts.password is not None:
        raise ValidationError(
            field.key,
            f"“{field.zh}”须是 postgresql://用户@服务器/数据库 形式且不含密码"
            f"（密码请放在 .pgpass 文件中），不能是“{value}”。",
            f"{field.en} must look like postgresql://user@server/database without a password "
            f"(keep the password in .pgpass), not “{value}”.",
        )
    return value


# -- the keys -------------------------------------------------------------------------

BUREAU_NAME = "bureau_name"
UNIT_NAME = "unit_name"
BUREAU_ADDRESS = "bureau_address"
CONTACT_PERSON = "contact_person"
CONTACT_PHONE = "contact_phone"
REVIEW_BODY = "review_body"
COURT = "court"
RECORD_PREFIX = "record_prefix"
NOTICE_PREFIX = "notice_prefix"
ORDER_PREFIX = "order_prefix"
PDF_CHECKLIST_MODE = "pdf_checklist_mode"
TWO_OFFICERS_FOR_PUBLICITY = "two_officers_for_publicity"
STORAGE_LIMIT_DAYS = "storage_limit_days"
RECORD_SERIES = "local.record_series"
CURRENT_OFFICER = "current_officer_id"
HUB_URL = "hub_url"
# Not a setting a person edits: when this laptop last completed `envhelp sync` (UTC
# ISO-8601), written by envhelp/io/sync.py and shown in the GUI's status bar.
HUB_LAST_SYNC = "local.hub_last_sync"
INSPECTION_YEARLY_CAP = "inspection_yearly_cap"
CAP_EXEMPT_SOURCES = "cap_exempt_sources"
CREDIT_GRADES = "credit_grades"
RANDOM_OFFICER_RATIO = "random_officer_ratio"

MAX_STORAGE_LIMIT = 3650

_SETTINGS = (
    Setting(
        BUREAU_NAME,
        "发文机关",
        "Issuing bureau",
        "bureau",
        example="青岛市即墨生态环境分局",
        help_zh="印在每份文书抬头和落款处的机关全称",
        help_en="Full name of the bureau printed at the head and foot of every document",
    ),
    Setting(
        UNIT_NAME,
        "执法单位",
        "Enforcement unit",
        "bureau",
        example="即墨区生态环境保护综合行政执法大队",
        help_zh="实施检查的执法机构",
        help_en="The enforcement unit that carries out visits",
    ),
    Setting(
        BUREAU_ADDRESS, "单位地址", "Address", "bureau", max_len=120, example="即墨区鹤山路 1 号"
    ),
    Setting(CONTACT_PERSON, "联系人", "Contact person", "bureau", max_len=30),
    Setting(CONTACT_PHONE, "联系电话", "Contact phone", "bureau", max_len=40, check=phone),
    Setting(
        REVIEW_BODY,
        "行政复议机关",
        "Administrative review body",
        "bureau",
        max_len=80,
        example="青岛市人民政府",
        help_zh="责令改正决定书告知的行政复议机关",
        help_en="Named in orders to correct as the body to apply to for review",
    ),
    Setting(
        COURT,
        "行政诉讼法院",
        "Court for lawsuits",
        "bureau",
        max_len=80,
        example="青岛市即墨区人民法院",
        help_zh="责令改正决定书告知的人民法院",
        help_en="Named in orders to correct as the court for a lawsuit",
    ),
    Setting(
        RECORD_PREFIX,
        "记录编号前缀",
        "Record number prefix",
        "documents",
        default="环帮",
        check=_document_prefix,
        max_len=12,
        example="即环帮",
        help_zh="现场检查笔录编号，如 即环帮〔2026〕第0001号",
        help_en="Visit record numbers, e.g. 即环帮〔2026〕第0001号",
    ),
    Setting(
        NOTICE_PREFIX,
        "告知书编号前缀",
        "Notice number prefix",
        "documents",
        default="环帮告",
        check=_document_prefix,
        max_len=12,
        example="即环帮告",
    ),
    Setting(
        ORDER_PREFIX,
        "责令改正编号前缀",
        "Order number prefix",
        "documents",
        default="环责改",
        check=_document_prefix,
        max_len=12,
        example="即环责改",
        help_zh="责令改正违法行为决定书编号，如 即环责改〔2026〕12号",
        help_en="Orders to correct, numbered e.g. 即环责改〔2026〕12号",
    ),
    Setting(
        PDF_CHECKLIST_MODE,
        "笔录中的检查表",
        "Checklist in the record",
        "documents",
        kind=CHOICE,
        default="full",
        choices=(
            ("full", "全部检查项", "every item"),
            ("non_compliant", "仅不符合项", "non-compliant items only"),
        ),
    ),
    Setting(
        TWO_OFFICERS_FOR_PUBLICITY,
        "送法入企也需两名执法人员",
        "Publicity visits need two officers too",
        "documents",
        kind=BOOL,
        default=False,
        help_zh="关闭后，纯送法入企走访可只有一名执法人员；现场检查和销号核查始终需要两名",
        help_en="When off, a pure publicity visit may have one officer; inspections and "
        "close-out checks always need two",
    ),
    Setting(
        STORAGE_LIMIT_DAYS,
        "危废贮存期限（天）",
        "HW storage limit (days)",
        "checks",
        kind=INT,
        minimum=1,
        maximum=MAX_STORAGE_LIMIT,
        help_zh="本辖区产生单位贮存危险废物的期限，用于“测算”；留空则按检查表模板（GB 18597 模板为 365 天）",
        help_en="The district's storage limit for generators, used by 测算; empty follows the "
        "checklist template (365 days in the GB 18597 template)",
    ),
    Setting(
        INSPECTION_YEARLY_CAP,
        "每家企业每年现场检查上限",
        "Yearly on-site inspections per enterprise (cap)",
        "inspections",
        kind=INT,
        default=2,
        minimum=1,
        maximum=52,
        help_zh="本省规定的同一企业每年现场检查次数上限（如陕西为 2 次）；豁免的任务来源不计入",
        help_en="The province's cap on on-site inspections of one enterprise a year (e.g. "
        "2 in Shaanxi); exempt task sources do not count",
    ),
    Setting(
        CAP_EXEMPT_SOURCES,
        "不受频次上限限制",
        "Exempt from the yearly cap",
        "inspections",
        kind=LIST,
        default=["complaint", "monitoring_alert", "enterprise_request", "case", "lowest_credit"],
        choices=tuple((code, zh, en) for code, (zh, en) in vocab.CAP_EXEMPTIONS.items()),
        help_zh="这些任务来源、个案检查或信用最低等级企业的检查不计入上限，用逗号分隔",
        help_en="Inspections from these task sources, individual cases or of enterprises "
        "with the lowest credit grade do not count; separate with commas",
    ),
    Setting(
        CREDIT_GRADES,
        "信用等级",
        "Credit grades",
        "inspections",
        kind=LIST,
        default=["A", "B", "C", "D"],
        max_len=8,
        example="A,B,C,D",
        help_zh="本省企业环境信用评价等级，由好到差，用逗号分隔（如 A,B,C,D 或 绿,蓝,黄,红）",
        help_en="The province's environmental credit grades, best first, separated by "
        "commas (e.g. A,B,C,D)",
    ),
    Setting(
        RANDOM_OFFICER_RATIO,
        "每名执法人员每年双随机检查企业数",
        "Random checks per officer a year",
        "inspections",
        kind=INT,
        default=5,
        minimum=1,
        maximum=1000,
        help_zh="双随机人员与企业的比例 1 : N 中的 N：一名执法人员一年最多被抽中 N 项任务",
        help_en="N of the officer : enterprise ratio 1 : N: an officer is drawn for at "
        "most N random tasks a year",
    ),
    Setting(
        RECORD_SERIES,
        "编号系列",
        "Number series",
        "computer",
        scope=LOCAL,
        max_len=3,
        check=_record_series,
        example="A",
        help_zh="多台电脑合并数据时，每台电脑设置不同的编号系列，避免记录编号重复",
        help_en="Each computer that merges data needs its own series so record numbers never clash",
    ),
    Setting(
        CURRENT_OFFICER, "当前执法人员", "Current officer", "computer", kind=OFFICER, scope=LOCAL
    ),
    Setting(
        HUB_URL,
        "数据中心地址",
        "Bureau hub URL",
        "computer",
        scope=LOCAL,
        max_len=300,
        check=_hub_url,
        example="postgresql://wangmin@hub.example.gov.cn/envhelp",
        help_zh="envhelp sync 默认同步的数据中心（PostgreSQL）；密码请用 .pgpass，不要写在地址里",
        help_en="The bureau hub (PostgreSQL) `envhelp sync` uses by default; keep the "
        "password in .pgpass, never in the URL",
    ),
)

REGISTRY: dict[str, Setting] = {s.key: s for s in _SETTINGS}


def last_sync(store: Store) -> str | None:
    """When this laptop last completed a sync with the bureau hub, or None."""
    return store.get_setting(HUB_LAST_SYNC)


# What a document cannot be issued without.
DOCUMENT_KEYS = (BUREAU_NAME, UNIT_NAME)


class UnknownSetting(NotFoundError):
    def __init__(self, key: str):
        known = ", ".join(REGISTRY)
        super().__init__(
            f"没有名为“{key}”的设置。可用的设置：{known}",
            f"There is no setting “{key}”. Known settings: {known}",
        )
        self.key = key


class BureauNotSet(EnvHelpError):
    """A document needs the bureau's identity, which is not set yet."""

    def __init__(self, missing: Iterable[str]):
        self.missing = tuple(missing)
        zh = "、".join(f"{REGISTRY[k].zh}（{k}）" for k in self.missing)
        en = ", ".join(f"{REGISTRY[k].en} ({k})" for k in self.missing)
        first = self.missing[0]
        super().__init__(
            f"尚未设置{zh}，文书不能出具。请在“设置 → 本单位”中填写，"
            f"或运行 envhelp settings set {first} 名称。",
            f"{en} not set yet, so no document can be issued. Fill it in under "
            f"Settings → Bureau, or run: envhelp settings set {first} NAME.",
        )


def setting(key: str) -> Setting:
    try:
        return REGISTRY[key]
    except KeyError:
        raise UnknownSetting(key) from None


def get(store: Store, key: str) -> Any:
    """The stored value, else the setting's default."""
    stored = store.get_setting(setting(key).key)
    return REGISTRY[key].default if stored is None else stored


def is_set(store: Store, key: str) -> bool:
    return store.get_setting(setting(key).key) not in (None, "")


def put(store: Store, key: str, value: Any) -> Any:
    """Check and store one setting (None or "" clears it); returns the stored value."""
    entry = setting(key)
    clean = entry.clean(value)
    with store.transaction():
        if entry.kind == OFFICER and clean is not None and store.find("officers", clean) is None:
            raise ValidationError(
                key,
                f"“{entry.zh}”：没有这名执法人员（{clean}）。请先添加执法人员。",
                f"{entry.en}: there is no such officer ({clean}). Add the officer first.",
            )
        store.set_setting(key, clean)
    return clean


def put_many(store: Store, values: dict[str, Any]) -> dict[str, Any]:
    """Store several settings in one transaction: all of them or none."""
    with store.transaction():
        return {key: put(store, key, value) for key, value in values.items()}


def missing(store: Store, keys: Iterable[str] = DOCUMENT_KEYS) -> list[str]:
    return [key for key in keys if not is_set(store, key)]


def require(store: Store, keys: Iterable[str] = DOCUMENT_KEYS) -> None:
    """Raise :class:`BureauNotSet` naming every key of ``keys`` that is not set."""
    absent = missing(store, keys)
    if absent:
        raise BureauNotSet(absent)


def require_bureau(store: Store) -> None:
    require(store, DOCUMENT_KEYS)


def in_group(group: str) -> list[Setting]:
    return [s for s in _SETTINGS if s.group == group]


def display(store: Store, entry: Setting, value: Any) -> str:
    """A value as a person reads it: labels for codes, 是/否, an officer's name."""
    if value is None or value == "":
        return ""
    if entry.kind == BOOL:
        return i18n.pick("是", "yes") if value else i18n.pick("否", "no")
    if entry.kind == CHOICE:
        for code, zh, en in entry.choices:
            if code == value:
                return i18n.pick(zh, en)
    if entry.kind == LIST:
        words = {code: i18n.pick(zh, en) for code, zh, en in entry.choices}
        return "、".join(words.get(item, item) for item in value)
    if entry.kind == OFFICER:
        officer = store.find("officers", value)
        return officer["name"] if officer else ""
    return str(value)


def listing(store: Store) -> list[dict[str, Any]]:
    """Every setting with its value, for `envhelp settings list` and the dialog."""
    rows = []
    for entry in _SETTINGS:
        stored = store.get_setting(entry.key)
        value = entry.default if stored is None else stored
        rows.append(
            {
                "key": entry.key,
                "label": entry.label,
                "group": entry.group,
                "kind": entry.kind,
                "scope": entry.scope,
                "value": value,
                "default": entry.default,
                "is_set": stored not in (None, ""),
                "display": display(store, entry, value),
            }
        )
    return rows
