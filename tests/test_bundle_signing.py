"""Signed bundles: a key per database, trust on first bundle, forged and revoked refused."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import zipfile

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, officers, record_numbers, visits
from envhelp.io import bundle_export, bundle_import, signing
from envhelp.io.errors import BundleAlteredError, BundleRevokedError, BundleUntrustedError
from envhelp.storage import Store
from tests.conftest import VALID_USCC, draft_visit


@pytest.fixture
def sender(tmp_path):
    store = Store(tmp_path / "a" / "envhelp.sqlite3", actor="王敏")
    wang = officers.add(store, {"name": "王敏", "cert_no": "37020012345"})
    officers.set_current(store, wang["id"])
    record_numbers.set_record_series(store, "A")
    firm = enterprises.add(store, {"name": "青岛精锐机械有限公司", "uscc": VALID_USCC[0]})
    visit = draft_visit(
        store, firm["id"], [wang["id"]], "law_publicity", day="2026-03-05", time=None
    )
    visits.finalize(store, visit["id"])
    yield store
    store.close()


@pytest.fixture
def receiver(tmp_path):
    store = Store(tmp_path / "b" / "envhelp.sqlite3", actor="李强")
    yield store
    store.close()


@pytest.fixture
def signed(sender, tmp_path):
    path = tmp_path / "signed.zip"
    bundle_export.export_bundle(sender, path)
    return path


def members_of(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def forge(path, members, *, edit_visit, signer_store=None, keep_signer=False):
    """Rewrite the final visit, recompute every checksum, optionally sign again."""
    members = dict(members)
    rows = [json.loads(line) for line in members["tables/visits.jsonl"].decode().splitlines()]
    rows = [edit_visit(r) for r in rows]
    members["tables/visits.jsonl"] = "".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows
    ).encode()
    manifest = json.loads(members.pop("manifest.json"))
    old_signature = members.pop("signature.json")
    manifest["members"]["tables/visits.jsonl"] = {
        "sha256": hashlib.sha256(members["tables/visits.jsonl"]).hexdigest(),
        "size": len(members["tables/visits.jsonl"]),
    }
    if signer_store is not None and not keep_signer:
        manifest["signer"] = signing.signer_of(signer_store).to_dict()
    raw = json.dumps(manifest, ensure_ascii=False).encode()
    signature = (
        json.dumps(signing.sign(signer_store, raw)).encode()
        if signer_store is not None
        else old_signature
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", raw)
        zf.writestr("signature.json", signature)
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def renumber(row):
    return {**row, "record_no": "环帮〔2026〕第9999号", "notes": "改写"}


def test_each_database_has_an_owner_only_key_that_never_leaves(sender, signed):
    key_file = signing.key_path(sender)
    assert key_file.is_file() and key_file.name == "envhelp.sqlite3.signing-key"
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    manifest = json.loads(members_of(signed)["manifest.json"])
    assert manifest["signer"]["officer"] == "王敏"
    assert manifest["signer"]["fingerprint"] == signing.own_fingerprint(sender)
    private = signing.load_key(sender).private_bytes_raw()
    everything = b"".join(members_of(signed).values())
    assert private not in everything and b"PRIVATE KEY" not in everything


def test_first_bundle_from_a_new_key_needs_trust(signed, receiver, sender):
    with pytest.raises(BundleUntrustedError) as refused:
        bundle_import.import_bundle(receiver, signed)
    assert refused.value.signer.fingerprint == signing.own_fingerprint(sender)
    assert receiver.scalar("SELECT count(*) FROM visits") == 0
    (met,) = [k for k in signing.list_keys(receiver) if k["status"] != "own"]
    assert (met["status"], met["officer"]) == ("unknown", "王敏")

    signing.decide(receiver, met["fingerprint"][:16], "trusted")
    bundle_import.import_bundle(receiver, signed)
    assert receiver.scalar("SELECT count(*) FROM visits") == 1


def test_a_resealed_forged_bundle_is_refused(signed, receiver, tmp_path):
    forged = forge(tmp_path / "forged.zip", members_of(signed), edit_visit=renumber)
    with pytest.raises(BundleAlteredError):
        bundle_import.import_bundle(receiver, forged, trust=True)
    assert receiver.scalar("SELECT count(*) FROM visits") == 0


def test_a_forgery_signed_with_another_key_is_refused(signed, receiver, tmp_path):
    mallory = Store(tmp_path / "m" / "envhelp.sqlite3", actor="冒名")
    try:
        # Signed again with another key but still naming the sender: the key does not fit.
        posing = forge(
            tmp_path / "posing.zip",
            members_of(signed),
            edit_visit=renumber,
            signer_store=mallory,
            keep_signer=True,
        )
        with pytest.raises(BundleAlteredError):
            bundle_import.import_bundle(receiver, posing, trust=True)
        # Signed as itself: a new key, which needs trust like any other.
        own = forge(
            tmp_path / "own.zip", members_of(signed), edit_visit=renumber, signer_store=mallory
        )
        with pytest.raises(BundleUntrustedError):
            bundle_import.import_bundle(receiver, own)
    finally:
        mallory.close()
    assert receiver.scalar("SELECT count(*) FROM visits") == 0


def test_an_unsigned_bundle_is_refused(signed, receiver, tmp_path):
    members = members_of(signed)
    del members["signature.json"]
    unsigned = tmp_path / "unsigned.zip"
    with zipfile.ZipFile(unsigned, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    with pytest.raises(BundleUntrustedError, match="没有签名"):
        bundle_import.import_bundle(receiver, unsigned, trust=True)


def test_a_revoked_key_is_refused(signed, receiver, sender):
    bundle_import.import_bundle(receiver, signed, trust=True)
    signing.decide(receiver, signing.own_fingerprint(sender), "revoked")
    with pytest.raises(BundleRevokedError):
        bundle_import.import_bundle(receiver, signed, trust=True)  # --trust does not undo a revoke


def test_cli_keys_and_exit_codes(signed, receiver, sender, tmp_path):
    runner = CliRunner()
    db = ["--db", str(receiver.path), "--lang", "en"]
    fingerprint = signing.own_fingerprint(sender)

    forged = forge(tmp_path / "forged.zip", members_of(signed), edit_visit=renumber)
    out = runner.invoke(cli, [*db, "import", str(forged), "--trust"])
    assert out.exit_code == 3 and "altered after it was signed" in out.output

    out = runner.invoke(cli, [*db, "import", str(signed)])
    assert out.exit_code == 3 and "keys trust" in out.output
    listed = json.loads(runner.invoke(cli, [*db, "keys", "list", "--json"]).output)
    assert [k["status"] for k in listed] == ["own", "unknown"]
    assert listed[1]["fingerprint"] == fingerprint

    out = runner.invoke(cli, [*db, "keys", "trust", signing.grouped(fingerprint)[:19]])
    assert out.exit_code == 0, out.output
    out = runner.invoke(cli, [*db, "import", str(signed), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["bundle"]["signer"]["fingerprint"] == fingerprint

    assert runner.invoke(cli, [*db, "keys", "revoke", fingerprint]).exit_code == 0
    out = runner.invoke(cli, [*db, "import", str(signed)])
    assert out.exit_code == 3 and "revoked" in out.output
    assert runner.invoke(cli, [*db, "keys", "trust", "abc"]).exit_code == 2


def test_backups_carry_the_signing_key(sender, signed, tmp_path):
    from envhelp.storage.backup import backup_to

    backup = backup_to(sender, tmp_path / "backup.zip").path
    with zipfile.ZipFile(backup) as zf:
        assert zf.read("companions/signing-key") == signing.key_path(sender).read_bytes()


def test_restore_puts_the_signing_key_back_private(sender, signed, tmp_path):
    from envhelp.storage.backup import backup_to, restore

    backup = backup_to(sender, tmp_path / "backup.zip").path
    key = signing.key_path(sender).read_bytes()
    elsewhere = tmp_path / "new-laptop" / "envhelp.sqlite3"
    elsewhere.parent.mkdir()
    restore(elsewhere, backup)
    restored = elsewhere.with_name(elsewhere.name + ".signing-key")
    assert restored.read_bytes() == key
    assert restored.stat().st_mode & 0o777 == 0o600
