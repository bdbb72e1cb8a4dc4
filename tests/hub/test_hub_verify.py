"""`envhelp hub verify`: the hub side checks every key and signature it holds (issue 19)."""

from __future__ import annotations

import hashlib
import json
import zipfile

from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises
from envhelp.io import hub_verify
from tests.conftest import VALID_USCC, seed_laptop


def rewritten(data: bytes, tmp_path, name: str, *, fix_manifest: bool) -> bytes:
    """The change set with enterprise ``name`` renamed; with ``fix_manifest`` its checksum
    in the manifest recomputed too (the signature, made over the old manifest, stays)."""
    original, forged = tmp_path / "original.zip", tmp_path / "forged.zip"
    original.write_bytes(data)
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(forged, "w") as out:
        bodies = {i.filename: src.read(i.filename) for i in src.infolist()}
        member = "tables/enterprises.jsonl"
        bodies[member] = bodies[member].replace(name.encode(), "伪造".encode())
        if fix_manifest:
            manifest = json.loads(bodies["manifest.json"])
            manifest["members"][member] = {
                "sha256": hashlib.sha256(bodies[member]).hexdigest(),
                "size": len(bodies[member]),
            }
            bodies["manifest.json"] = json.dumps(manifest).encode()
        for info in src.infolist():
            out.writestr(info, bodies[info.filename])
    return forged.read_bytes()


def verify_cli(url: str, *args: str):
    return CliRunner().invoke(cli, ["hub", "verify", url, *args], catch_exceptions=False)


def test_hub_verify_passes_a_clean_hub_and_names_each_forgery(hub_laptops, hub_db, tmp_path):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    seed_laptop(a.store)
    a.sync()
    enterprises.add(
        a.store, {"name": "即墨化工有限公司", "uscc": VALID_USCC[1], "town": "城阳街道"}
    )
    a.sync()
    enterprises.add(b.store, {"name": "城阳电镀厂", "uscc": VALID_USCC[2], "town": "城阳街道"})
    b.sync()
    clean = verify_cli(hub_db.url, "--json")
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.output) == {"ok": True, "laptops": 2, "change_sets": 3, "failures": []}

    with hub_db.admin() as conn:
        (first, data1), (second, data2), _b = conn.execute(
            "SELECT id, bundle FROM envhelp_hub.change_log ORDER BY id"
        ).fetchall()
        # The owner's rights: a change set's content replaced, its recorded SHA-256 left.
        conn.execute(
            "UPDATE envhelp_hub.change_log SET bundle = %s WHERE id = %s",
            (rewritten(data1, tmp_path, "青岛精锐机械有限公司", fix_manifest=False), first),
        )
        # Another with the manifest's checksum and the recorded SHA-256 made to match:
        # only the signature still tells.
        forged = rewritten(data2, tmp_path, "即墨化工有限公司", fix_manifest=True)
        conn.execute(
            "UPDATE envhelp_hub.change_log SET bundle = %s, bundle_sha256 = %s WHERE id = %s",
            (forged, hashlib.sha256(forged).hexdigest(), second),
        )
        # b's registration given a's public key: it no longer matches b's fingerprint.
        conn.execute(
            "UPDATE envhelp_hub.laptops SET public_key = "
            "(SELECT public_key FROM envhelp_hub.laptops WHERE role = %s) WHERE role = %s",
            (a.role, b.role),
        )

    report = hub_verify.verify(hub_db.url)
    assert (report.ok, report.laptops, report.change_sets) == (False, 2, 3)
    reasons = {(f.kind, f.ident): f.reason_en for f in report.failures}
    assert set(reasons) == {
        ("change_set", str(first)),
        ("change_set", str(second)),
        ("laptop", b.role),
    }
    assert "SHA-256 recorded when it was pushed" in reasons[("change_set", str(first))]
    assert "signature does not match" in reasons[("change_set", str(second))]
    assert "does not match its fingerprint" in reasons[("laptop", b.role)]
    listed = verify_cli(hub_db.url)
    assert listed.exit_code == 3
    assert f"change set {second}" in listed.output or f"变更集 {second}" in listed.output
