"""Unified social credit code (统一社会信用代码) per GB 32100-2015.

18 characters from a 31-symbol alphabet (digits and capitals without
I, O, Z, S, V); the last one is a check character computed with weights
3^(i-1) mod 31 over the first 17.
"""

from __future__ import annotations

from operator import mul

from envhelp.errors import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]
_SYMBOLS = frozenset(ALPHABET)

# Registration authority + entity type (positions 1-2), for showing what a code is.
KINDS = {
    "11": ("机关", "government organ"),
    "12": ("事业单位", "public institution"),
    "13": ("群众团体", "mass organisation"),
    "19": ("其他机构编制单位", "other establishment"),
    "51": ("社会团体", "social organisation"),
    "52": ("民办非企业单位", "private non-enterprise unit"),
    "53": ("基金会", "foundation"),
    "59": ("其他民政登记单位", "other civil-affairs registrant"),
    "91": ("企业", "enterprise"),
    "92": ("个体工商户", "individual business"),
    "93": ("农民专业合作社", "farmers' cooperative"),
    "N1": ("组级集体经济组织", "group-level collective"),
    "N2": ("村级集体经济组织", "village-level collective"),
    "N3": ("乡镇级集体经济组织", "township-level collective"),
    "Y1": ("其他", "other"),
}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (already valid symbols)."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    # map() rather than a generator: imports check thousands of codes (twice a row
    # with a permit number, whose first 18 characters are a code too).
    total = sum(map(mul, map(VALUES.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def normalize(code: str) -> str:
    """Trim, drop inner spaces and upper-case, as officers type codes loosely."""
    return "".join(code.split()).upper()


def validate(code: str, field: str = "uscc") -> str:
    """Return the normalised code or raise :class:`ValidationError` saying what is wrong."""
    code = normalize(code)
    if len(code) != 18:
        raise ValidationError(
            field,
            f"统一社会信用代码应为 18 位，现为 {len(code)} 位，请核对后重新输入。",
            f"A unified social credit code has 18 characters; this one has {len(code)}. "
            "Check it and type it again.",
        )
    bad = [] if _SYMBOLS.issuperset(code) else sorted({ch for ch in code if ch not in VALUES})
    if bad:
        shown = "、".join(bad)
        raise ValidationError(
            field,
            f"统一社会信用代码含有不允许的字符：{shown}（不使用 I、O、Z、S、V 及符号）。",
            f"The unified social credit code contains characters that are not allowed: "
            f"{', '.join(bad)} (I, O, Z, S, V and symbols are never used).",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            field,
            f"统一社会信用代码校验位不正确：最后一位应为 {expected}，请核对是否输错。",
            f"The check character of the unified social credit code is wrong: the last "
            f"character should be {expected}. Check for a typing error.",
        )
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except ValidationError:
        return False
    return True


def describe(code: str) -> tuple[str, str] | None:
    """(Chinese, English) description of what kind of body the code belongs to."""
    return KINDS.get(normalize(code)[:2])
