"""Hostile inputs: how long and how much memory until a bad bundle or workbook is refused.

Issue 21's targets: any input refused within a few seconds, in at most 200 MB. Each
file is made here, then imported in a fresh child process (peak memory from
``getrusage``, which counts the whole interpreter, about 60 MB of it before any
import starts):

- a 27 MB bundle of 11 million tiny rows (``{"id": ...}``), signed by a trusted key;
- an .xlsx workbook of about 1 MB whose sheet inflates to 1 GB (a zip bomb);
- a bundle whose zip directory claims 200 MB.

    .venv/bin/python bench/bench_hostile_inputs.py [--rows 11000000] [--write-readme]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import machine, run_child, update_readme  # noqa: E402

LIMIT_SECONDS = 5.0
LIMIT_MB = 200

CHILD = """
import json, resource, sys, time
from pathlib import Path
from envhelp.storage import Store
kind, source, db = sys.argv[1:4]
store = Store(db, actor="bench")
start = time.perf_counter()
try:
    if kind == "bundle":
        from envhelp.io.bundle_import import import_bundle
        import_bundle(store, source)
    else:
        from envhelp.io.enterprise_import import import_enterprises
        import_enterprises(store, source)
    outcome = "accepted"
except Exception as exc:  # the refusal is what is measured
    outcome = type(exc).__name__ + ": " + exc.message_en[:90]
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "outcome": outcome}))
"""


def tiny_rows_bundle(folder: Path, rows: int) -> tuple[Path, Path]:
    """A bundle whose check_results member is ``rows`` lines of ``{"id": ...}``, signed by
    the sender, and a receiving database that trusts the sender's key."""
    from envhelp.io import bundle_export, signing
    from envhelp.storage import Store

    sender = Store(folder / "sender.sqlite3", actor="bench")
    receiver_path = folder / "receiver.sqlite3"
    receiver = Store(receiver_path, actor="bench")
    good = folder / "good.zip"
    bundle_export.export_bundle(sender, good)
    signing.remember(receiver, signing.signer_of(sender), "trusted")
    receiver.close()
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("signature.json")
    hostile = folder / "tiny-rows.zip"
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as zf:
        import hashlib

        digest, size = hashlib.sha256(), 0
        with zf.open("tables/check_results.jsonl", "w", force_zip64=True) as out:
            for start in range(0, rows, 100_000):
                chunk = b"".join(
                    b'{"id":"%08d"}\n' % i for i in range(start, min(rows, start + 100_000))
                )
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        manifest["members"]["tables/check_results.jsonl"] = {
            "sha256": digest.hexdigest(),
            "size": size,
        }
        manifest["counts"]["check_results"] = rows
        for name, data in members.items():
            if name != "tables/check_results.jsonl":
                zf.writestr(name, data)
        raw = json.dumps(manifest).encode()
        zf.writestr("manifest.json", raw)
        zf.writestr("signature.json", json.dumps(signing.sign(sender, raw)))
    sender.close()
    return hostile, receiver_path


def xlsx_bomb(folder: Path, inflated: int = 1024**3) -> Path:
    """A real workbook whose sheet XML is padded with ``inflated`` bytes of spaces."""
    from openpyxl import Workbook

    good = folder / "good.xlsx"
    workbook = Workbook()
    workbook.active.append(["企业名称"])
    workbook.save(good)
    bomb = folder / "bomb.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData", 1)
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                block = b" " * (16 * 1024**2)
                for _ in range(inflated // len(block)):
                    sheet.write(block)
                sheet.write(b"<sheetData" + tail)
    return bomb


def claimed_directory(folder: Path, bundle_path: Path) -> Path:
    raw = bytearray(bundle_path.read_bytes())
    end = raw.rfind(b"PK\x05\x06")
    raw[end + 12 : end + 16] = (200 * 1024**2).to_bytes(4, "little")
    hostile = folder / "claimed-directory.zip"
    hostile.write_bytes(bytes(raw))
    return hostile


def measure(kind: str, source: Path, db: Path) -> dict:
    return json.loads(run_child(CHILD, kind, str(source), str(db)).strip().splitlines()[-1])


def run(rows: int, inflated: int = 1024**3) -> list[tuple[str, Path, dict]]:
    with tempfile.TemporaryDirectory(prefix="envhelp-hostile-") as tmp:
        folder = Path(tmp)
        bundle_file, receiver = tiny_rows_bundle(folder, rows)
        bomb = xlsx_bomb(folder, inflated)
        directory = claimed_directory(folder, folder / "good.zip")
        cases = [
            (f"bundle of {rows:,} tiny rows", bundle_file, "bundle"),
            (f"xlsx zip bomb (sheet inflates to {inflated / 1e9:.1f} GB)", bomb, "xlsx"),
            ("bundle claiming a 200 MB zip directory", directory, "bundle"),
        ]
        return [
            (
                label,
                Path(path.name),
                {**measure(kind, path, receiver), "size_mb": path.stat().st_size / 1e6},
            )
            for label, path, kind in cases
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=11_000_000)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    lines = [
        "### 9. Hostile inputs (issue 21)",
        "",
        f"Machine: {machine()}",
        "",
        "| Input | File | Refused after | Peak memory (whole process) | Target | Result | "
        "Refusal |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, _name, m in run(args.rows):
        ok = (
            m["seconds"] <= LIMIT_SECONDS
            and m["peak_mb"] <= LIMIT_MB
            and m["outcome"] != "accepted"
        )
        lines.append(
            f"| {label} | {m['size_mb']:.1f} MB | {m['seconds']:.2f} s | "
            f"{m['peak_mb']:.0f} MB | ≤ {LIMIT_SECONDS:.0f} s, ≤ {LIMIT_MB} MB | "
            f"{'ok' if ok else 'MISSED'} | {m['outcome']} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.write_readme:
        update_readme("hostile_inputs", text)


if __name__ == "__main__":
    main()
