"""Signing keys of exchange bundles, and which laptops' keys this one trusts.

Each database has an Ed25519 key pair (through the ``cryptography`` package). The
private key is a PEM file beside the database, ``<database>.signing-key``, readable by
its owner only; it never goes into a bundle. Export signs ``manifest.json``, which
lists the SHA-256 of every other member, so the signature covers the whole bundle.

A key is named by its fingerprint: the SHA-256 of the raw 32-byte public key, 64 hex
digits (shown in groups of four). ``bundle_keys`` remembers every key this laptop has
met and whether it is trusted or revoked; the first bundle from a new key is refused
until someone trusts it (``envhelp keys trust``, ``import --trust`` or the GUI's
question). See docs/bundle-format.md, "Signature and trust".
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from envhelp import paths
from envhelp.errors import EnvHelpError, NotFoundError
from envhelp.io.errors import BundleAlteredError, BundleRevokedError, BundleUntrustedError
from envhelp.storage import Store

ALGORITHM = "Ed25519"
MIN_PREFIX = 16  # hex digits of a fingerprint a person must type to name a key


@dataclass(frozen=True)
class Signer:
    """Who signed a bundle, as its manifest says."""

    officer: str
    laptop: str
    fingerprint: str
    public_key: str  # base64 of the raw 32 bytes

    def to_dict(self) -> dict[str, str]:
        return dict(vars(self))


def key_path(store: Store) -> Path:
    return paths.signing_key_path(store.path)


def fingerprint_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()


def grouped(fingerprint: str) -> str:
    """``ab12 cd34 …``: easier to read aloud over the phone and compare."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_key(store: Store) -> Ed25519PrivateKey:
    """This database's private key, made (owner-only file) on first use."""
    path = key_path(store)
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another window made it meanwhile
            return load_key(store)
        except OSError as exc:
            raise EnvHelpError(
                f"无法创建签名密钥文件：{path}（{exc.strerror}）。请确认数据库所在文件夹可写。",
                f"Cannot create the signing key file: {path} ({exc.strerror}). Make sure the "
                "database's folder is writable.",
            ) from exc
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        return key
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise EnvHelpError(
            f"签名密钥文件无法读取或已损坏：{path}。请从备份恢复该文件。",
            f"The signing key file cannot be read or is damaged: {path}. Restore it from a backup.",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise EnvHelpError(
            f"签名密钥文件不是 Ed25519 密钥：{path}。",
            f"The signing key file is not an Ed25519 key: {path}.",
        )
    return key


def own_fingerprint(store: Store) -> str:
    return fingerprint_of(_raw_public(load_key(store)))


def _officer_name(store: Store) -> str:
    officer_id = store.get_setting("current_officer_id")
    officer = store.find("officers", officer_id) if officer_id else None
    # No officer chosen: the computer account's name (actor "system:<user>").
    return officer["name"] if officer else store.actor.removeprefix("system:")


def signer_of(store: Store) -> Signer:
    """The manifest's ``signer`` for a bundle exported from ``store``."""
    raw = _raw_public(load_key(store))
    return Signer(
        officer=_officer_name(store),
        laptop=socket.gethostname(),
        fingerprint=fingerprint_of(raw),
        public_key=base64.b64encode(raw).decode(),
    )


def sign(store: Store, manifest: bytes) -> dict[str, str]:
    """The ``signature.json`` document for the manifest's exact bytes."""
    key = load_key(store)
    return {
        "algorithm": ALGORITHM,
        "fingerprint": fingerprint_of(_raw_public(key)),
        "signature": base64.b64encode(key.sign(manifest)).decode(),
    }


def altered(detail: str) -> BundleAlteredError:
    return BundleAlteredError(
        f"数据包在签名后被改动（或已损坏），拒绝导入：{detail}。请向对方索取重新导出的数据包。",
        f"The bundle was altered after it was signed (or is damaged) and is refused: "
        f"{detail}. Ask the sender to export it again.",
    )


def verify(manifest_bytes: bytes, manifest: dict[str, Any], document: Any) -> Signer:
    """Check ``signature.json`` over the manifest's bytes; returns the signer.

    Raises BundleUntrustedError for an unsigned bundle and BundleAlteredError when the
    signature does not match (any change after signing, checksums recomputed or not).
    """
    signer = manifest.get("signer")
    if not isinstance(signer, dict) or not isinstance(document, dict):
        raise BundleUntrustedError(
            "数据包没有签名，拒绝导入。请让对方用新版本的 EnvHelp 重新导出。",
            "The bundle is not signed and is refused. Ask the sender to export it again with "
            "a current EnvHelp.",
        )
    try:
        raw = base64.b64decode(str(signer.get("public_key", "")), validate=True)
        signature = base64.b64decode(str(document.get("signature", "")), validate=True)
        public = Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise altered("签名或公钥格式无效 / the signature or key is malformed") from exc
    fingerprint = fingerprint_of(raw)
    if document.get("algorithm") != ALGORITHM or {
        str(signer.get("fingerprint")),
        str(document.get("fingerprint")),
    } != {fingerprint}:
        raise altered("签名者与公钥不符 / the signer does not match its key")
    try:
        public.verify(signature, manifest_bytes)
    except InvalidSignature as exc:
        raise altered("签名与内容不符 / the signature does not match the content") from exc
    return Signer(
        officer=str(signer.get("officer", ""))[:100],
        laptop=str(signer.get("laptop", ""))[:100],
        fingerprint=fingerprint,
        public_key=base64.b64encode(raw).decode(),
    )


# -- trust ---------------------------------------------------------------------------


def key_status(store: Store, fingerprint: str) -> str | None:
    """ "trusted", "revoked", "unknown" (met, not decided) or None (never met).

    This laptop's own key is always trusted."""
    if fingerprint == own_fingerprint(store):
        return "trusted"
    return store.scalar("SELECT status FROM bundle_keys WHERE id = ?", (fingerprint,))


def remember(store: Store, signer: Signer, status: str = "unknown") -> None:
    """Record a key met in a bundle (and, with ``status``, the decision about it)."""
    with store.transaction():
        known = store.find("bundle_keys", signer.fingerprint)
        if known is None:
            store.insert(
                "bundle_keys",
                {
                    "id": signer.fingerprint,
                    "public_key": signer.public_key,
                    "officer": signer.officer,
                    "laptop": signer.laptop,
                    "status": status,
                },
            )
        elif status != "unknown":
            store.update("bundle_keys", signer.fingerprint, {"status": status})


def check_trust(store: Store, signer: Signer, *, trust: bool = False) -> bool:
    """Refuse a bundle whose key is revoked, or new and not trusted (unless ``trust``).

    True when the import is to record the trust (in its own transaction, so that a
    cancelled or refused import trusts nothing)."""
    status = key_status(store, signer.fingerprint)
    who_zh = f"{signer.officer}（电脑 {signer.laptop}，密钥指纹 {grouped(signer.fingerprint)}）"
    who_en = (
        f"{signer.officer} (computer {signer.laptop}, key fingerprint "
        f"{grouped(signer.fingerprint)})"
    )
    if status == "revoked":
        raise BundleRevokedError(
            f"数据包的签名密钥已被撤销信任，拒绝导入：{who_zh}。",
            f"The bundle's signing key has been revoked and is refused: {who_en}.",
        )
    if status == "trusted":
        return False
    if trust:
        return True
    remember(store, signer)
    raise BundleUntrustedError(
        f"这是第一次收到此密钥签名的数据包：{who_zh}。请与对方核对指纹后再信任它："
        f"envhelp import --trust 文件，或 envhelp keys trust {signer.fingerprint[:MIN_PREFIX]}。",
        f"This is the first bundle signed with this key: {who_en}. Compare the fingerprint "
        f"with the sender, then trust it: envhelp import --trust FILE, or envhelp keys trust "
        f"{signer.fingerprint[:MIN_PREFIX]}.",
        signer=signer,
    )


def list_keys(store: Store) -> list[dict[str, Any]]:
    """Every key met, this laptop's own first (status "own"), fingerprints grouped."""
    own = signer_of(store)
    rows = store.query(
        "SELECT * FROM bundle_keys WHERE id != ? ORDER BY created_at, id", (own.fingerprint,)
    )
    keys = [
        {
            "fingerprint": own.fingerprint,
            "officer": own.officer,
            "laptop": own.laptop,
            "status": "own",
            "first_seen_at": None,
            "decided_at": None,
            "decided_by": "",
        }
    ]
    for r in rows:
        decided = r["status"] != "unknown"
        keys.append(
            {
                "fingerprint": r["id"],
                "officer": r["officer"],
                "laptop": r["laptop"],
                "status": r["status"],
                "first_seen_at": r["created_at"],
                "decided_at": r["updated_at"] if decided else None,
                "decided_by": r["updated_by"] if decided else "",
            }
        )
    return keys


def _find(store: Store, text: str) -> dict[str, Any]:
    prefix = re.sub(r"[\s:]", "", text or "").lower()
    if len(prefix) < MIN_PREFIX or not re.fullmatch(r"[0-9a-f]+", prefix):
        raise NotFoundError(
            f"请给出密钥指纹的至少前 {MIN_PREFIX} 位十六进制字符（envhelp keys list 可查看）。",
            f"Give at least the first {MIN_PREFIX} hex digits of the key fingerprint "
            "(see envhelp keys list).",
        )
    rows = store.query("SELECT * FROM bundle_keys WHERE id LIKE ?", (prefix + "%",))
    if len(rows) != 1:
        raise NotFoundError(
            f"没有{'唯一' if rows else ''}与 {prefix} 相符的密钥；密钥须先随数据包收到。",
            f"No {'single ' if rows else ''}key matches {prefix}; a key must first arrive "
            "with a bundle.",
        )
    return rows[0]


def decide(store: Store, fingerprint: str, status: str) -> dict[str, Any]:
    """Trust or revoke a key met before, named by its fingerprint (or 16+ first digits)."""
    key = _find(store, fingerprint)
    return store.update("bundle_keys", key["id"], {"status": status})
