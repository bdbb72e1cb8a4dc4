"""Fingerprints of printed documents, carried inside the PDF so it can be checked later.

The fingerprint is the SHA-256 of the canonical JSON (sorted keys, no spaces,
UTF-8; see :func:`envhelp.storage.database.canonical_json`) of the document's
content: the :class:`~.data.VisitRecord` fields that the document prints, as
stored codes rather than labels, so it does not depend on the print language,
the checklist display mode or the time of printing. ``docs/reports.md`` lists
exactly what each kind covers.

Every EnvHelp PDF carries in its document information dictionary
``/EnvHelpKind``, ``/EnvHelpRecordId`` and ``/EnvHelpFingerprint`` (plus the
same in ``/Keywords`` for viewers that show only the standard keys), and the
canonical JSON itself as the gzip-compressed embedded file
``envhelp-content.json.gz``; ``envhelp verify`` compares that snapshot with the
database now and names each field that differs.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envhelp.reports.pdf.data import VisitRecord
from envhelp.storage.database import canonical_json

FORMAT_VERSION = 1
# The record (笔录), the rectification notice, the order to correct, and the proof of
# delivery (送达回证) of a notice or of an order.
KINDS = ("record", "notice", "order", "receipt_notice", "receipt_order")
RECEIPT_KINDS = {"notice": "receipt_notice", "order": "receipt_order"}
SERVED_DOCUMENT = {receipt: served for served, receipt in RECEIPT_KINDS.items()}
SHORT_LENGTH = 12
SNAPSHOT_NAME = "envhelp-content.json.gz"
KEY_KIND = "/EnvHelpKind"
KEY_ID = "/EnvHelpRecordId"
KEY_FINGERPRINT = "/EnvHelpFingerprint"
KEY_FORMAT = "/EnvHelpFormat"

# What the rectification notice, the order and the receipt print of the visit; everything
# else of the record stays out of their fingerprints so that, e.g., a checklist correction
# does not flag them.
NOTICE_VISIT_FIELDS = ("id", "status", "record_no", "date", "type")
ORDER_VISIT_FIELDS = (*NOTICE_VISIT_FIELDS, "place")


def _plain(value: Any) -> Any:
    """Dataclasses → dicts (minus renderer-only fields and unset newer ones), tuples → lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("canonical", True) is True
            or (f.metadata.get("canonical") == "when_set" and getattr(value, f.name))
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical_content(record: VisitRecord, kind: str = "record") -> dict[str, Any]:
    """The data a document of ``kind`` prints, as plain JSON-able values."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}; use one of {KINDS}")
    data = _plain(record)
    if kind == "record":
        return {"format": FORMAT_VERSION, "kind": kind, **data}
    visit_fields = ORDER_VISIT_FIELDS if kind == "order" else NOTICE_VISIT_FIELDS
    content: dict[str, Any] = {
        "visit": {k: data["visit"][k] for k in visit_fields if k in data["visit"]},
        "enterprise": data["enterprise"],
        "issuer": data["issuer"],
    }
    served = SERVED_DOCUMENT.get(kind, kind)
    number = record.document_numbers.get(served)
    if number:  # in the fingerprint once given (notices printed before numbers keep theirs)
        content["document_no"] = number
    if kind in ("notice", "order"):
        # What is still to rectify, in full; what was fixed already, by its description.
        to_rectify = {pr.id for pr in record.to_rectify}
        content["problems"] = [p for p in data["problems"] if p["id"] in to_rectify]
        rectified = [{"id": pr.id, "description": pr.description} for pr in record.rectified]
        if rectified and kind == "notice":  # the order leaves them out
            content["rectified"] = rectified
    if kind == "order":
        content["attachments"] = data["attachments"]  # the evidence, photo by photo
    return {"format": FORMAT_VERSION, "kind": kind, **content}


def fingerprint_of(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def fingerprint(record: VisitRecord, kind: str = "record") -> str:
    """Full SHA-256 hex digest of the document's canonical content."""
    return fingerprint_of(canonical_content(record, kind))


def short(fp: str) -> str:
    return fp[:SHORT_LENGTH]


def qr_payload(kind: str, record_id: str, fp: str) -> str:
    """What the QR code on the last page encodes."""
    return f"ENVHELP:{kind}:{record_id}:{fp}"


def _gzip(data: bytes) -> bytes:
    # mtime=0 so the same content always gives the same bytes.
    return gzip.compress(data, mtime=0)


def embed(pdf: bytes, kind: str, content: dict[str, Any]) -> bytes:
    """Add the id, fingerprint and canonical-content snapshot to a finished PDF."""
    from pypdf import PdfReader, PdfWriter

    fp = fingerprint_of(content)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata(
        {
            KEY_KIND: kind,
            KEY_ID: content["visit"]["id"],
            KEY_FINGERPRINT: fp,
            KEY_FORMAT: str(FORMAT_VERSION),
        }
    )
    writer.add_attachment(SNAPSHOT_NAME, _gzip(canonical_json(content).encode("utf-8")))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class NotEnvHelpPdf(Exception):
    """The file is not a PDF, cannot be read, or carries no EnvHelp fingerprint."""


@dataclass(frozen=True)
class Stamp:
    """What a PDF says about itself."""

    kind: str
    record_id: str
    fingerprint: str
    snapshot: dict[str, Any] | None  # None when the embedded copy is missing or damaged


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs its complaints about damaged files; the caller reports them instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_stamp(path: str | Path) -> Stamp:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with quiet_pypdf():
            reader = PdfReader(str(path))
            info = reader.metadata or {}
            kind, record_id, fp = (info.get(k) for k in (KEY_KIND, KEY_ID, KEY_FINGERPRINT))
            files = reader.attachments
    except (OSError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise NotEnvHelpPdf(str(exc)) from exc
    if kind not in KINDS or not record_id or not fp or len(str(fp)) != 64:
        raise NotEnvHelpPdf("no EnvHelp fingerprint in the document information")
    snapshot = None
    for blob in files.get(SNAPSHOT_NAME, [])[:1]:
        try:
            snapshot = json.loads(gzip.decompress(blob).decode("utf-8"))
        except (OSError, ValueError, EOFError):
            snapshot = None
    return Stamp(str(kind), str(record_id), str(fp), snapshot)


# -- differences ---------------------------------------------------------------

_MISSING = object()


def _key_of(item: Any) -> str | None:
    if isinstance(item, dict):
        for key in ("id", "code"):
            if isinstance(item.get(key), str):
                return item[key]
    return None


def diff(old: Any, new: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Field-level differences as (path, old, new); lists of records match by id or code.

    Paths look like ``enterprise.contact_phone`` or
    ``checks[<check id>].items[GB18597-ST-01].result``; a missing side is ``None``.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[tuple[str, Any, Any]] = []
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else key
            a, b = old.get(key, _MISSING), new.get(key, _MISSING)
            if a is _MISSING or b is _MISSING:
                out.append((sub, None if a is _MISSING else a, None if b is _MISSING else b))
            else:
                out.extend(diff(a, b, sub))
        return out
    if isinstance(old, list) and isinstance(new, list):
        keys_old, keys_new = [_key_of(x) for x in old], [_key_of(x) for x in new]
        keyed = all(keys_old) and all(keys_new) and old + new
        if keyed and len(set(keys_old)) == len(old) and len(set(keys_new)) == len(new):
            by_old, by_new = (
                dict(zip(keys_old, old, strict=True)),
                dict(zip(keys_new, new, strict=True)),
            )
            out = []
            for key in list(dict.fromkeys(keys_old + keys_new)):
                sub = f"{path}[{key}]"
                if key not in by_old:
                    out.append((sub, None, by_new[key]))
                elif key not in by_new:
                    out.append((sub, by_old[key], None))
                else:
                    out.extend(diff(by_old[key], by_new[key], sub))
            if not out and keys_old != keys_new:
                out.append((f"{path}(order)", keys_old, keys_new))
            return out
    return [] if old == new else [(path, old, new)]
