"""``envhelp hub verify``: the hub side's check of every signature it holds.

PostgreSQL has no Ed25519, so the hub's row-level security checks only that a change set
names the key registered for the role that pushes it (docs/bureau-hub.md). This check,
run by the bureau's IT with the hub owner's role (or any role that can read the hub),
does what the server cannot: for every registered laptop, that its public key is the
one its fingerprint names; for every change set, that its bytes are those pushed
(``bundle_sha256``), that its manifest's Ed25519 signature verifies with the key
registered for the pushing role, and that every member matches the signed manifest.
Laptops verify each change set again before applying it; this check finds a damaged or
forged change set before any laptop meets it, and says which one.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from envhelp.errors import EnvHelpError
from envhelp.io import bundle_format, hub, signing
from envhelp.storage.files import ZIP_READ_ERRORS
from envhelp.storage.progress import CancelledFn, ProgressFn, Steps

CHUNK = 1 << 20


@dataclass
class Failure:
    kind: str  # "laptop" (a registered key) or "change_set"
    ident: str  # the role, or the change set's number on the hub
    role: str
    officer: str
    at: str | None  # registered or pushed
    reason_zh: str
    reason_en: str

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class VerifyReport:
    laptops: int = 0
    change_sets: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "laptops": self.laptops,
            "change_sets": self.change_sets,
            "failures": [f.to_dict() for f in self.failures],
        }


class _Refused(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def _key_matches(public_key: str, fingerprint: str) -> bool:
    try:
        raw = base64.b64decode(public_key, validate=True)
    except ValueError:
        return False
    return signing.fingerprint_of(raw) == fingerprint


def _check_change_set(data: bytes, sha256: str, pushed_with: str, registered: str | None) -> None:
    """Raise _Refused naming the first thing that does not verify."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _Refused(
            "内容与上传时记录的 SHA-256 不符（上传后被改动）",
            "its bytes differ from the SHA-256 recorded when it was pushed (altered since)",
        )
    if registered is None or pushed_with != registered:
        raise _Refused(
            "签名密钥不是该账号登记的密钥",
            "it names a key other than the one registered for its role",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            manifest_bytes = zf.read(bundle_format.MANIFEST)
            manifest = json.loads(manifest_bytes)
            document = (
                json.loads(zf.read(bundle_format.SIGNATURE))
                if bundle_format.SIGNATURE in names
                else None
            )
            signer = signing.verify(manifest_bytes, manifest, document)
            if signer.fingerprint != registered:
                raise _Refused(
                    "签名者不是该账号登记的电脑", "it was signed by a key other than its role's"
                )
            members = manifest.get("members") or {}
            if set(members) != names - {bundle_format.MANIFEST, bundle_format.SIGNATURE}:
                raise _Refused(
                    "包内文件与签名的清单不一致", "its members differ from the signed manifest"
                )
            for name, entry in sorted(members.items()):
                if _member_sha256(zf, name) != entry.get("sha256"):
                    raise _Refused(
                        f"{name} 与签名的清单不符", f"{name} differs from the signed manifest"
                    )
    except EnvHelpError as exc:  # signing.verify: unsigned, malformed, altered
        raise _Refused(exc.message_zh, exc.message_en) from exc
    except (*ZIP_READ_ERRORS, OSError, ValueError, KeyError, AttributeError) as exc:
        raise _Refused(f"无法读取（{exc}）", f"it cannot be read ({exc})") from exc


def _member_sha256(zf: zipfile.ZipFile, name: str) -> str:
    """The member's SHA-256, read in chunks and never past the bundle size limit."""
    digest = hashlib.sha256()
    size = 0
    with zf.open(name) as member:
        for chunk in iter(lambda: member.read(CHUNK), b""):
            size += len(chunk)
            if size > bundle_format.MAX_TOTAL_BYTES:
                raise _Refused(f"{name} 过大", f"{name} is larger than any bundle may be")
            digest.update(chunk)
    return digest.hexdigest()


def verify(
    url: str, *, progress: ProgressFn | None = None, cancelled: CancelledFn | None = None
) -> VerifyReport:
    """Check every registered key and every change set on the hub at ``url``."""
    report = VerifyReport()
    steps = Steps(progress=progress, cancelled=cancelled)
    with hub.connect(url) as conn:
        hub.require_schema(conn)
        laptops = {
            row[0]: row
            for row in conn.execute(
                f"SELECT role, fingerprint, public_key, officer, registered_at "
                f"FROM {hub.SCHEMA}.laptops ORDER BY role"
            )
        }
        for role, fingerprint, public_key, officer, registered_at in laptops.values():
            report.laptops += 1
            if not _key_matches(public_key, fingerprint):
                report.failures.append(
                    Failure(
                        "laptop",
                        role,
                        role,
                        officer,
                        _iso(registered_at),
                        "登记的公钥与其指纹不符",
                        "the registered public key does not match its fingerprint",
                    )
                )
        steps.total = conn.execute(f"SELECT count(*) FROM {hub.SCHEMA}.change_log").fetchone()[0]
        with conn.cursor(name="envhelp_verify") as change_sets:
            change_sets.itersize = 20
            change_sets.execute(
                f"SELECT id, role, fingerprint, bundle_sha256, bundle, pushed_at "
                f"FROM {hub.SCHEMA}.change_log ORDER BY id"
            )
            for change_id, role, fingerprint, sha256, data, pushed_at in change_sets:
                steps.check()
                report.change_sets += 1
                laptop = laptops.get(role)
                try:
                    _check_change_set(bytes(data), sha256, fingerprint, laptop and laptop[1])
                except _Refused as refused:
                    report.failures.append(
                        Failure(
                            "change_set",
                            str(change_id),
                            role,
                            laptop[3] if laptop else "",
                            _iso(pushed_at),
                            refused.zh,
                            refused.en,
                        )
                    )
                steps.advance()
        conn.rollback()
    steps.finish()
    return report


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
