"""What ``envhelp verify`` reads from a PDF's drawn pages: the fingerprint and record
number printed on them (for a PDF whose metadata was stripped), and whether every value
the document prints is still drawn there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from envhelp.domain import citations, vocab
from envhelp.domain.check_answers import RESULTS as CHECK_RESULTS
from envhelp.domain.check_answers import finding_of
from envhelp.reports.pdf import fingerprint
from envhelp.reports.pdf.common import as_drawn, written_date_forms
from envhelp.reports.pdf.data import ProblemInfo, VisitRecord, collect_visit_record
from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf, Stamp, quiet_pypdf
from envhelp.reports.pdf.notice import DOCUMENT_TITLES
from envhelp.reports.pdf.record import result_label
from envhelp.reports.pdf.verify_changes import PROBLEM_PATH
from envhelp.storage import Store

# -- identifying a PDF from its pages ------------------------------------------------

_HEX_RUN = re.compile(r"[0-9a-f](?:\n?[0-9a-f])+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The title that tells a document's kind when its fingerprint no longer matches.
# The titles a document's pages show (notices printed before 2026-12 say 整改通知书).
KIND_TITLES = {
    "notice": (*DOCUMENT_TITLES["notice"], "整改通知书"),
    "order": DOCUMENT_TITLES["order"],
}


def stamp_from_pages(store: Store, text: str) -> Stamp:
    """The kind, visit and fingerprint of a PDF whose metadata was stripped, read from the
    fingerprint and record number (or id) printed on its pages.

    The visits whose record number or id the pages show are candidates; the one whose
    fingerprint (of some kind) is printed is the document. When none matches, the
    document is the candidate's, with the printed fingerprint and the kind its title says.
    Raises NotEnvHelpPdf when the pages show no fingerprint or no known visit.
    """
    full, short = set(), set()
    for run in _HEX_RUN.finditer(text):
        hex_run = run.group().replace(BREAK, "")
        full.update(hex_run[i : i + 64] for i in range(len(hex_run) - 63))
    for token in text.split(BREAK):
        if len(token) == fingerprint.SHORT_LENGTH and re.fullmatch(r"[0-9a-f]+", token):
            short.add(token)
    if not full and not short:
        raise NotEnvHelpPdf("no fingerprint printed on the pages")
    squeezed = _squeeze(text)
    candidates = [
        r["id"]
        for r in store.query(
            "SELECT id FROM visits WHERE record_no <> '' AND instr(?, replace(record_no, ' ', '')) > 0",
            (squeezed,),
        )
    ] + [u for u in _UUID.findall(squeezed) if store.find("visits", u) is not None]
    for visit_id in dict.fromkeys(candidates):
        record = collect_visit_record(store, visit_id)
        for kind in fingerprint.KINDS:
            candidate = fingerprint.fingerprint(record, kind)
            if candidate in full or fingerprint.short(candidate) in short:
                return Stamp(kind, visit_id, candidate, None)
    if not candidates:
        raise NotEnvHelpPdf("no record number of this database printed on the pages")
    kind = next(
        (k for k, titles in KIND_TITLES.items() if any(t in squeezed for t in titles)), "record"
    )
    printed = sorted(full)[0] if len(full) == 1 else sorted(short)[0] if short else ""
    return Stamp(kind, candidates[0], printed, None)


# -- the drawn pages ---------------------------------------------------------------

ENTERPRISE_PRINTED = {
    "record": (
        "name",
        "uscc",
        "town",
        "address",
        "legal_rep",
        "contact_person",
        "contact_phone",
        "permit_no",
    ),
    "notice": ("name", "uscc", "address", "legal_rep", "contact_person", "contact_phone"),
    "order": ("name", "uscc", "address", "legal_rep"),
    "receipt_notice": ("name",),
    "receipt_order": ("name",),
}
# A value is looked for in the pages' text with any line break or space allowed inside
# it (a cell wraps its lines). It may also be drawn in pieces — a table row split over
# two pages puts the rest of each cell on the next page — but only at a break: each piece
# but the first starts after one, each but the last ends before one, and each but the
# last is at least MIN_PIECE long. So an edited character cannot hide in a match of a
# few characters found elsewhere.
MIN_PIECE = 6
BREAK = "\n"  # stands for any run of whitespace in the pages' text


def printed_language(text: str) -> str:
    """The language a document was printed in, from its page footers."""
    return "zh" if "页" in text else "en"


def expected_on_pages(
    record: VisitRecord,
    kind: str,
    lang: str,
    printed_then: dict[str, Any] | None = None,
    *,
    only_failed: bool = False,
) -> Iterator[tuple[str, str]]:
    """(path, value) of the text a document of ``kind`` prints as stored or derived, in
    ``lang``. ``printed_then`` holds the printed values of paths that later ledger
    actions changed: their old values are looked for (a problem gone since is a dict).
    ``only_failed``: the record lists only the non-compliant checklist items."""
    printed_then = printed_then or {}
    visit = record.visit
    if visit.status == "final":
        yield "visit.record_no", visit.record_no
    yield "visit.date", visit.date
    for key in ENTERPRISE_PRINTED.get(kind, ()):
        yield f"enterprise.{key}", getattr(record.enterprise, key)
    for problem in printed_problems(record, kind):
        base = f"problems[{problem.id}]"
        # Documents sent to the enterprise print the finding, not "未满足：…".
        yield (
            f"{base}.description",
            (problem.description if kind == "record" else finding_of(problem.description)),
        )
        if kind != "record" and problem.rectified:
            continue  # listed as 现场已整改, by its description only
        yield f"{base}.requirement", problem.requirement
        yield f"{base}.legal_basis", problem.printed_basis
        yield f"{base}.deadline", printed_then.get(f"{base}.deadline", problem.deadline)
    for path, old in printed_then.items():
        if PROBLEM_PATH.match(path) and isinstance(old, dict):  # gone since printing
            for key in ("description", "requirement"):
                yield f"{path}.{key}", old.get(key)
            yield f"{path}.legal_basis", citations.printable_text(old.get("legal_basis") or "")
            yield f"{path}.deadline", old.get("deadline")
    served = fingerprint.SERVED_DOCUMENT.get(kind, kind)
    if record.document_numbers.get(served):
        yield "document_no", record.document_numbers[served]
    if kind == "record":
        zh = lang == "zh"
        for key in ("time", "representative", "guidance", "notes"):
            yield f"visit.{key}", getattr(visit, key)
        known_laws = {law["code"] for law in vocab.laws()}
        for n, law in enumerate(visit.laws):
            if law not in known_laws:  # typed by the officer: printed as stored
                yield f"visit.laws[{n}]", law
        for officer in record.officers:
            yield f"officers[{officer.id}].name", officer.name
            yield f"officers[{officer.id}].cert_no", officer.cert_no
        for check in record.checks:
            yield f"checks[{check.id}].title", check.title_zh if zh else check.title_en
            yield f"checks[{check.id}].figures", " ".join(_figures(check))
            for item in check.items:
                if only_failed and item.result != "non_compliant":
                    continue
                base = f"checks[{check.id}].items[{item.code}]"
                yield f"{base}.requirement", item.requirement_zh if zh else item.requirement_en
                yield f"{base}.note", item.note
                yield f"{base}.clause", item.clause
                yield (
                    f"{base}.basis",
                    item.printed_basis_zh if lang == "zh" else item.printed_basis_en,
                )
        for attachment in record.attachments:
            yield f"attachments[{attachment.id}].caption", attachment.caption or attachment.filename
        for amendment in record.amendments:
            yield f"amendments[{amendment.id}].by", amendment.by
            yield f"amendments[{amendment.id}].reason", amendment.reason
    issuer = record.issuer
    yield "issuer.bureau_name", issuer.bureau_name
    if kind == "record":
        yield "issuer.unit_name", issuer.unit_name


def _figures(check: Any) -> list[str]:
    """The figures row as drawn: counts, then the rate."""
    f = check.figures
    rate = "—" if f.get("rate") is None else f"{f['rate'] * 100:.1f}%"
    keys = (
        "items",
        "checked",
        "compliant",
        "non_compliant_major",
        "non_compliant_minor",
        "not_applicable",
    )
    return [str(f.get(k, "")) for k in keys] + [rate]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_text(path: str | Path) -> str | None:
    """All the text drawn on the PDF's pages, each run of whitespace one :data:`BREAK`;
    None if the pages cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with quiet_pypdf():
            reader = PdfReader(str(path))
            raw = BREAK.join(page.extract_text() or "" for page in reader.pages)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return re.sub(r"\s+", BREAK, raw)


def drawn(value: str, text: str) -> bool:
    """Whether ``value``, as the documents draw it (:func:`~.common.as_drawn`), is on
    the pages whose :func:`page_text` is ``text``: whole, or in pieces (see
    :data:`MIN_PIECE`)."""
    want = _squeeze(as_drawn(value))
    failed: set[int] = set()  # starts in ``want`` from which no split works

    def from_(start: int, after_break: bool) -> bool:
        if start in failed:
            return False
        splits: set[int] = set()
        at = text.find(want[start])
        while at >= 0:
            at_break = not after_break or at == 0 or text[at - 1] == BREAK
            if at_break and _walk(want, start, text, at, splits) == len(want):
                return True
            at = text.find(want[start], at + 1)
        for split in sorted(splits, reverse=True):
            if from_(split, True):
                return True
        failed.add(start)
        return False

    return not want or from_(0, False)


def _walk(want: str, start: int, text: str, at: int, splits: set[int]) -> int:
    """Match ``want[start:]`` against ``text`` from ``at``, breaks allowed in between;
    note in ``splits`` where in ``want`` a piece could end (at a break, long enough).
    Returns how far into ``want`` it matched."""
    k, p = start, at
    while k < len(want) and p < len(text):
        if text[p] == BREAK:
            if k - start >= MIN_PIECE:
                splits.add(k)
            p += 1
        elif text[p] == want[k]:
            k, p = k + 1, p + 1
        else:
            break
    if p == len(text) and k - start >= MIN_PIECE:
        splits.add(k)
    return k


DATE_PATHS = re.compile(r"(^visit\.date|\.deadline)$")
TIME_PATHS = re.compile(r"^visit\.(time|end_time)$")


def printed_forms(path: str, value: str) -> tuple[str, ...]:
    """How a value may be drawn: a date as 2026年3月5日 (or its English form, or ISO), a
    time of day as 9时30分 (or 09:30)."""
    if DATE_PATHS.search(path):
        return (*written_date_forms(value), value)
    if TIME_PATHS.search(path) and re.fullmatch(r"\d{1,2}:\d{2}", value):
        hour, minute = value.split(":")
        return (f"{int(hour)}时{minute}分", value)
    return (value,)


def printed_problems(record: VisitRecord, kind: str) -> tuple[ProblemInfo, ...]:
    """The problems a document of ``kind`` lists: the record all of them; the notice those
    still to rectify and, apart, those fixed already; the order those still to rectify;
    a proof of delivery none."""
    if kind == "record":
        return record.problems
    if kind == "notice":
        return (*record.to_rectify, *record.rectified)
    if kind == "order":
        return record.to_rectify
    return ()


def unprinted_values(
    record: VisitRecord, kind: str, text: str, printed_then: dict[str, Any] | None = None
) -> list[tuple[str, str]]:
    """The printed values of ``record`` (see :func:`expected_on_pages`) and, on the record,
    the checklist items' results (:func:`item_rows_not_shown`) that ``text`` (see
    :func:`page_text`) lacks."""
    lang = printed_language(text)
    only_failed = any(mark in _squeeze(text) for mark in ONLY_NON_COMPLIANT)
    expected = expected_on_pages(record, kind, lang, printed_then, only_failed=only_failed)
    missing = [
        (path, str(value))
        for path, value in expected
        if value not in (None, "")
        and not any(drawn(form, text) for form in printed_forms(path, str(value)))
    ]
    if kind == "record":
        missing += item_rows_not_shown(record, text, lang)
    return missing


def result_labels(lang: str) -> dict[tuple[str, str], str]:
    """(result, severity) → the label the record prints for it in ``lang``."""
    return {
        (code, severity): result_label(code, severity, lang)
        for code in CHECK_RESULTS
        for severity in vocab.SEVERITIES
    }


# A record printed in the non-compliant-only mode says so above the table.
ONLY_NON_COMPLIANT = ("以下仅列出不符合项", "non-compliantitem(s)arelisted")


def item_rows_not_shown(record: VisitRecord, text: str, lang: str) -> list[tuple[str, str]]:
    """Checklist rows whose printed result is not the database's: (path, label).

    Each item's row runs from its code to the next item's code. It must show the
    item's result label; a compliant or not-applicable item's row must not say
    "不符合" / "Non-compliant" unless its own texts do, and a non-compliant one must not
    show the other severity. An item missing from the pages is reported unless the
    record lists only non-compliant items and this one is not.
    """
    squeezed = _squeeze(text)
    labels = {key: _squeeze(label) for key, label in result_labels(lang).items()}
    negative = _squeeze(CHECK_RESULTS["non_compliant"][0 if lang == "zh" else 1])
    only_failed = any(mark in squeezed for mark in ONLY_NON_COMPLIANT)
    missing: list[tuple[str, str]] = []
    at = 0
    for check in record.checks:
        rows = []
        for item in check.items:
            found = squeezed.find(_squeeze(item.code), at)
            if found < 0:
                if not (only_failed and item.result != "non_compliant"):
                    missing.append(
                        (
                            f"checks[{check.id}].items[{item.code}].result",
                            labels[(item.result, item.severity)],
                        )
                    )
                continue
            rows.append((found, item))
            at = found + len(item.code)
        for n, (start, item) in enumerate(rows):
            own = _squeeze(
                " ".join(
                    (
                        item.requirement_zh,
                        item.requirement_en,
                        item.note,
                        item.printed_basis_zh,
                        item.printed_basis_en,
                    )
                )
            )
            end = rows[n + 1][0] if n + 1 < len(rows) else start + len(own) + 400
            row = squeezed[start:end]
            want = labels[(item.result, item.severity)]
            others = [lab for key, lab in labels.items() if lab != want and key[0] == item.result]
            wrong = (
                want not in row
                or (item.result != "non_compliant" and negative in row and negative not in own)
                or any(lab in row for lab in others)
            )
            if wrong:
                missing.append((f"checks[{check.id}].items[{item.code}].result", want))
    return missing
