"""Build a synthetic EnvHelp database for the benchmarks, deterministically and fast.

    python bench/make_db.py --scale small|decade --out PATH [--seed N] [--force]

``decade`` is ten years of a busy district: 5,000 enterprises, 100,000 visits,
50,000 checks (2,000,000 item results), 150,000 problems in every state and
10,000 small photos; ``small`` is 1/50 of it (``tiny``, 1/1000, is for tests).

Speed over ceremony: the schema comes from a normal :class:`Store` (migrations,
built-in checklist templates), then every row is bulk-inserted with
``executemany`` inside ONE transaction, bypassing the per-record audited
services. The audit log then gets one chained ``create`` entry per record, as
``Store.insert`` would have written it (:func:`write_audit_log`), so that
``envhelp check`` finds every record accounted for and the check's benchmark
reads a decade's log. The rows are still valid for the app:

- USCCs carry a correct GB 32100 check character (``uscc.check_character``),
  and ``search_text`` is made by :func:`envhelp.domain.enterprises.search_text`
  (the FTS index is filled by the migration's triggers);
- checks use the built-in templates' stored id/version and have one answered
  result per template item, as ``checks.start_check`` makes them — GB 18597
  (50 items) and US RCRA (16 items) are mixed 24:10 so a check has 40 items on
  average and the decade total is exactly 2,000,000 results;
- problems follow the ledger rules: on-the-spot ones are closed on the day
  found by the visit's first officer (``on_site``); closed ones have
  closed_on/closed_by/close_method/close_note; rectifying ones a plan and a
  promised date; cancelled ones a reason; every problem has its ``created``
  event and one event per transition in ``problem_events`` (the as-of figures
  of the monthly summary read them);
- final visits have unique record numbers and the settings ``record_seq:YEAR``
  continue after them; visits of the last week before the end are drafts;
- photos are tiny real PNG/JPEG files (64x48, Pillow) written into the
  attachments folder under their SHA-256, as ``attachments.add`` stores them.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import shutil
import sqlite3
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from envhelp import paths
from envhelp.demo import district, year_of_visits
from envhelp.domain import citations, enterprises, ledger, settings, stored_templates
from envhelp.storage import Store, migrations

END = date(2026, 10, 31)  # the last day of the synthetic decade (fixed: builds are reproducible)
YEARS = 10
GB_TEMPLATE = "gb18597-2023-storage"
RCRA_TEMPLATE = "us-rcra-lqg-container-storage"
GB_SHARE = (24, 34)  # 24 of 34 checks use GB 18597 (50 items), the rest RCRA (16): mean 40
PHOTOS_PER_VISIT = 6
DRAFT_DAYS = 7


@dataclass(frozen=True)
class Scale:
    enterprises: int
    visits: int
    checks: int
    problems: int
    photos: int
    officers: int


SCALES = {
    "decade": Scale(5000, 100_000, 50_000, 150_000, 10_000, 24),
    "small": Scale(100, 2000, 1000, 3000, 200, 8),
    "tiny": Scale(6, 60, 30, 90, 12, 4),
}

# More name parts than the demo's, so 5,000 names stay distinct and plausible.
CITIES = ["青岛", "临港", "胶州", "即墨", "平度", "莱西", "黄岛", "城阳"]
BRANDS = district.PLACE_WORDS + [
    "华润",
    "远航",
    "金桥",
    "新锐",
    "盛世",
    "鼎鑫",
    "汇通",
    "联创",
    "兴业",
    "万通",
    "宏达",
    "富源",
    "长青",
    "晨光",
    "蓝海",
    "银河",
    "泰和",
    "祥云",
    "众诚",
    "恒通",
    "伟业",
    "亿达",
    "天瑞",
    "佳美",
    "绿源",
    "益康",
    "启航",
    "晶华",
    "锦程",
    "同舟",
]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "科技有限公司", "制品厂"]
CLOSE_NOTES = {
    "document_review": "企业报送整改材料，经审核整改到位",
    "photo_evidence": "企业报送整改前后照片，经核对整改到位",
}
CANCEL_REASONS = ["重复登记", "录入错误，经核实不属于问题", "企业名称选错，已在正确企业下重新登记"]
PLANS = [
    "已制定整改方案，落实专人负责",
    "已采购标识标牌及防渗材料，按期完成",
    "已委托有资质单位处置",
]
RESULTS = ["compliant", "non_compliant", "not_applicable", "not_checked"]
RESULT_WEIGHTS = [85, 5, 7, 3]


class Ids:
    """Deterministic UUID4 text ids from one RNG (same seed, same ids)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def stamp(day: date | str, hour: int = 2) -> str:
    """A UTC timestamp on ``day`` (02:00Z is the same local day in China and in UTC)."""
    return f"{day}T{hour:02d}:00:00.000Z"


def record_cols(day: date | str, actor: str, updated: date | str | None = None) -> dict[str, str]:
    return {
        "created_at": stamp(day),
        "updated_at": stamp(updated or day),
        "created_by": actor,
        "updated_by": actor,
    }


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> int:
    """executemany over dict rows that share their keys (one statement per table)."""
    if not rows:
        return 0
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
    )
    conn.executemany(sql, rows)
    return len(rows)


# -- the records ------------------------------------------------------------------


def make_officers(rng: random.Random, ids: Ids, n: int) -> list[dict[str, Any]]:
    rows = []
    names: set[str] = set()
    for i in range(n):
        name = district.OFFICERS[i][0] if i < len(district.OFFICERS) else district.person(rng)
        while name in names:
            name = district.person(rng)
        names.add(name)
        rows.append(
            {
                "id": ids(),
                "name": name,
                "cert_no": f"370219{i + 1:05d}",
                "unit": district.UNIT,
                "phone": district.phone(rng),
                "active": 1,
                **record_cols(END - timedelta(days=YEARS * 366), "bench"),
            }
        )
    return rows


def make_enterprises(rng: random.Random, ids: Ids, n: int) -> list[dict[str, Any]]:
    rows = []
    names: set[str] = set()
    codes: set[str] = set()
    industries = list(district.INDUSTRIES)
    created = END - timedelta(days=YEARS * 366)
    for _ in range(n):
        industry = rng.choice(industries)
        hw_pool, words = district.INDUSTRIES[industry]
        name = ""
        while not name or name in names:
            name = (
                f"{rng.choice(CITIES)}{rng.choice(BRANDS)}{rng.choice(words)}{rng.choice(SUFFIXES)}"
            )
        names.add(name)
        code = district.make_uscc(rng)
        while code in codes:
            code = district.make_uscc(rng)
        codes.add(code)
        permit_class = rng.choice(["key", "simplified", "simplified", "registration"])
        rows.append(
            {
                "id": ids(),
                "name": name,
                "uscc": code,
                "legal_rep": district.person(rng),
                "contact_person": district.person(rng),
                "contact_phone": district.phone(rng),
                "address": f"{rng.choice(['滨海', '长江', '黄河', '昆仑', '泰山'])}路{rng.randint(1, 999)}号",
                "town": rng.choice(district.TOWNS),
                "industry": industry,
                "permit_no": f"{code}{rng.randint(1, 2):03d}{'W' if permit_class == 'registration' else 'P'}",
                "permit_class": permit_class,
                "hw_categories": json.dumps(
                    sorted(rng.sample(hw_pool, k=rng.randint(1, min(3, len(hw_pool))))),
                    ensure_ascii=False,
                ),
                "notes": "",
                "search_text": enterprises.search_text(name, code),
                "sort_key": enterprises.sort_key(name),
                **record_cols(created, "bench"),
            }
        )
    return rows


def make_visits(
    rng: random.Random, ids: Ids, scale: Scale, ents: list[dict], officers: list[dict]
) -> tuple[list[dict], list[dict], dict[str, int]]:
    """Visits in date order with their officers; record numbers per year; checks on inspections."""
    start = END - timedelta(days=YEARS * 365 - 1)
    span = (END - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(scale.visits))
    inspections = set(rng.sample(range(scale.visits), scale.checks))
    visits, links = [], []
    seq: dict[str, int] = {}
    for i, day in enumerate(days):
        kind = (
            "inspection"
            if i in inspections
            else rng.choice(["law_publicity", "stationed", "follow_up"])
        )
        team = rng.sample(officers, k=2 if kind == "inspection" else rng.choice((1, 2)))
        actor = f"{team[0]['name']} <{team[0]['id']}>"
        ent = rng.choice(ents)
        final = (END - day).days > DRAFT_DAYS
        record_no = None
        if final:
            year = str(day.year)
            seq[year] = seq.get(year, 0) + 1
            record_no = (
                f"{settings.REGISTRY[settings.RECORD_PREFIX].default}〔{year}〕第{seq[year]:04d}号"
            )
        visit = {
            "id": ids(),
            "enterprise_id": ent["id"],
            "date": day.isoformat(),
            "time": f"{rng.randint(8, 16):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "type": kind,
            "representative": ent["contact_person"],
            "guidance": rng.choice(year_of_visits.GUIDANCE),
            "laws": json.dumps(
                [
                    "《中华人民共和国固体废物污染环境防治法》",
                    "GB 18597-2023《危险废物贮存污染控制标准》",
                ][: rng.randint(1, 2)],
                ensure_ascii=False,
            ),
            "satisfaction": rng.choices(["satisfied", "basic", ""], weights=[8, 2, 1])[0],
            "notes": "",
            "status": "final" if final else "draft",
            "record_no": record_no,
            "finalized_at": stamp(day, 9) if final else None,
            **record_cols(day, actor),
        }
        visit["_team"] = [o["id"] for o in team]
        visits.append(visit)
        links += [
            {"visit_id": visit["id"], "officer_id": oid, "position": p}
            for p, oid in enumerate(visit["_team"])
        ]
    return visits, links, seq


class ProblemMaker:
    """Problems with a plausible life: state by age, ledger fields and events to match."""

    def __init__(self, rng: random.Random, ids: Ids, officers: list[dict]):
        self.rng, self.ids = rng, ids
        self.officer_names = {o["id"]: o["name"] for o in officers}
        self.officer_ids = [o["id"] for o in officers]
        self.problems: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.lamports: dict[str, int] = {}  # problem id → its events so far (ledger._event)

    def _event(self, pid: str, day: date, actor: str, frm: str | None, to: str, **kw: Any) -> None:
        self.lamports[pid] = self.lamports.get(pid, 0) + 1
        self.events.append(
            {
                "id": self.ids(),
                "problem_id": pid,
                "at": stamp(day, kw.pop("hour", 2)),
                "actor": actor,
                "from_status": frm,
                "to_status": to,
                "kind": kw.pop("kind", "transition"),
                "reason": kw.pop("reason", ""),
                "old_deadline": None,
                "new_deadline": None,
                "visit_id": kw.pop("visit_id", None),
                "lamport": self.lamports[pid],
            }
        )

    def add(self, visit: dict[str, Any], fields: dict[str, Any]) -> None:
        rng = self.rng
        found = date.fromisoformat(visit["date"])
        first = visit["_team"][0]
        actor = f"{self.officer_names[first]} <{first}>"
        pid = self.ids()
        row = {
            "id": pid,
            "enterprise_id": visit["enterprise_id"],
            "visit_id": visit["id"],
            "found_on": visit["date"],
            "check_result_id": None,
            "item_code": "",
            "category": "other",
            "description": "",
            "severity": "minor",
            "requirement": "",
            "legal_basis": "",
            "handling": "deadline",
            "deadline": None,
            "status": "open",
            "rectify_plan": "",
            "promised_on": None,
            "closed_on": None,
            "closed_by": None,
            "close_method": "",
            "close_note": "",
            "close_visit_id": None,
            "cancel_reason": "",
            "relapse_of": None,
        }
        row.update(fields)
        self._event(pid, found, actor, None, "open", kind="created", hour=3)
        updated = found
        if row["handling"] == "on_the_spot":
            row.update(
                deadline=None,
                status="closed",
                closed_on=row["found_on"],
                closed_by=first,
                close_method="on_site",
                close_note=ledger.ON_SITE_NOTE,
                close_visit_id=visit["id"],
            )
            self._event(
                pid,
                found,
                actor,
                "open",
                "closed",
                reason=ledger.ON_SITE_NOTE,
                visit_id=visit["id"],
                hour=3,
            )
        else:
            age = (END - found).days
            weights = (
                [93, 2, 3, 2] if age > 180 else [60, 20, 17, 3] if age > 30 else [15, 25, 58, 2]
            )
            state = rng.choices(["closed", "rectifying", "open", "cancelled"], weights)[0]
            deadline = date.fromisoformat(row["deadline"])
            if state in ("rectifying", "closed") and rng.random() < 0.7:
                promised = min(deadline, found + timedelta(days=rng.randint(3, 20)))
                on = min(found + timedelta(days=rng.randint(1, 5)), END)
                row.update(
                    status="rectifying",
                    rectify_plan=rng.choice(PLANS),
                    promised_on=promised.isoformat(),
                )
                self._event(pid, on, actor, "open", "rectifying", reason=row["rectify_plan"])
                updated = on
            if state == "closed":
                closed = min(
                    found + timedelta(days=rng.randint(1, (deadline - found).days + 25)), END
                )
                closed = max(closed, updated)
                method = rng.choice(list(CLOSE_NOTES))
                officer = rng.choice(self.officer_ids)
                who = f"{self.officer_names[officer]} <{officer}>"
                self._event(pid, closed, who, row["status"], "closed", reason=CLOSE_NOTES[method])
                row.update(
                    status="closed",
                    closed_on=closed.isoformat(),
                    closed_by=officer,
                    close_method=method,
                    close_note=CLOSE_NOTES[method],
                )
                updated = closed
            elif state == "cancelled":
                reason = rng.choice(CANCEL_REASONS)
                on = min(found + timedelta(days=rng.randint(0, 10)), END)
                self._event(pid, on, actor, row["status"], "cancelled", reason=reason)
                row.update(status="cancelled", cancel_reason=reason)
                updated = on
        row.update(record_cols(found, actor, updated))
        self.problems.append(row)


def check_problem_fields(
    template: dict, item: dict, result_id: str, found: date, rng: random.Random
) -> dict[str, Any]:
    """What ``checks.propose_problem`` pre-fills; a third of minor items fixed on the spot."""
    on_spot = item["severity"] == "minor" and rng.random() < 0.35
    return {
        "check_result_id": result_id,
        "item_code": item["code"],
        "category": "hazardous_waste",
        "description": "未满足：" + item["requirement_zh"],
        "severity": item["severity"],
        "requirement": item["requirement_zh"],
        "legal_basis": citations.legal_basis(template, item, "zh"),
        "handling": "on_the_spot" if on_spot else "deadline",
        "deadline": (found + timedelta(days=item["deadline_days"])).isoformat(),
    }


def other_problem_fields(found: date, rng: random.Random) -> dict[str, Any]:
    category, description, requirement, basis = rng.choice(year_of_visits.OTHER_PROBLEMS)
    return {
        "category": category,
        "description": description,
        "requirement": requirement,
        "legal_basis": basis,
        "severity": rng.choice(["minor", "minor", "major"]),
        "handling": rng.choice(["deadline", "deadline", "supervised"]),
        "deadline": (found + timedelta(days=rng.choice((15, 30, 60)))).isoformat(),
    }


# -- photos -----------------------------------------------------------------------


def photo_bytes(index: int, rng: random.Random) -> tuple[bytes, str, str]:
    """A distinct 64x48 picture (PNG or JPEG): (data, suffix, mime)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randrange(56), rng.randrange(40)
        draw.rectangle(
            (x, y, x + rng.randint(4, 24), y + rng.randint(4, 18)),
            fill=tuple(rng.randrange(256) for _ in range(3)),
        )
    # The index in the pixels keeps every file distinct (content-addressed names).
    draw.point([(i, 47) for i in range(20) if index >> i & 1], fill=(255, 255, 255))
    out = io.BytesIO()
    if index % 2:
        image.save(out, format="JPEG", quality=80)
        return out.getvalue(), ".jpg", "image/jpeg"
    image.save(out, format="PNG")
    return out.getvalue(), ".png", "image/png"


# -- build ------------------------------------------------------------------------


def build(
    out: str | Path,
    scale: str | Scale = "small",
    seed: int = 1,
    *,
    force: bool = False,
    log: Any = None,
) -> dict[str, int]:
    """Write the synthetic database to ``out``; returns the row count of each table."""
    size = SCALES[scale] if isinstance(scale, str) else scale
    out = Path(out)
    attach_dir = paths.attachments_dir(out)
    if out.exists() or attach_dir.exists():
        if not force:
            raise SystemExit(f"{out} already exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(out) + suffix).unlink(missing_ok=True)
        shutil.rmtree(attach_dir, ignore_errors=True)
    say = log or (lambda *_: None)
    t0 = time.perf_counter()
    rng = random.Random(seed)
    ids = Ids(random.Random(seed + 1))

    with Store(out, actor="bench") as store:  # schema + built-in templates the normal way
        stored_templates.ensure_builtin_templates(store)
        templates_by_id = {
            t: stored_templates.get_template(store, t, stored_templates.latest_version(store, t))
            for t in (GB_TEMPLATE, RCRA_TEMPLATE)
        }
        assert store.schema_version == migrations.LATEST

    conn = sqlite3.connect(str(out), isolation_level=None)
    # A throw-away build: no journal and no fsync while loading, WAL again at the end.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    conn.execute("PRAGMA foreign_keys = ON")
    counts: dict[str, int] = {}
    conn.execute("BEGIN")
    try:
        officers = make_officers(rng, ids, size.officers)
        counts["officers"] = insert_rows(conn, "officers", officers)
        ents = make_enterprises(rng, ids, size.enterprises)
        counts["enterprises"] = insert_rows(conn, "enterprises", ents)
        say(f"enterprises {time.perf_counter() - t0:.1f}s")

        visits, links, seq = make_visits(rng, ids, size, ents, officers)
        counts["visits"] = insert_rows(
            conn, "visits", [{k: v for k, v in r.items() if k != "_team"} for r in visits]
        )
        counts["visit_officers"] = insert_rows(conn, "visit_officers", links)
        settings = [("bureau_name", district.BUREAU), ("unit_name", district.UNIT)]
        settings += [(f"record_seq:{year}", n) for year, n in sorted(seq.items())]
        settings.append(("current_officer_id", officers[0]["id"]))
        conn.executemany(
            "INSERT OR REPLACE INTO settings (key, value, updated_at, updated_by) "
            "VALUES (?, ?, ?, 'bench')",
            [(k, json.dumps(v, ensure_ascii=False), stamp(END)) for k, v in settings],
        )
        say(f"visits {time.perf_counter() - t0:.1f}s")

        maker = ProblemMaker(rng, ids, officers)
        counts["checks"] = counts["check_results"] = 0
        check_visits = [v for v in visits if v["type"] == "inspection"]
        photo_targets: list[tuple[dict, list[str]]] = []  # visit, its check's result ids
        for n, visit in enumerate(check_visits):
            template = templates_by_id[
                GB_TEMPLATE if n % GB_SHARE[1] < GB_SHARE[0] else RCRA_TEMPLATE
            ]
            actor = visit["created_by"]
            check_id = ids()
            conn.execute(
                "INSERT INTO checks (id, visit_id, template_id, template_version, position, "
                "created_at, updated_at, created_by, updated_by) VALUES (?,?,?,?,0,?,?,?,?)",
                (
                    check_id,
                    visit["id"],
                    template["id"],
                    template["version"],
                    visit["created_at"],
                    visit["updated_at"],
                    actor,
                    actor,
                ),
            )
            counts["checks"] += 1
            results = []
            found = date.fromisoformat(visit["date"])
            for item in template["items"]:
                answer = rng.choices(RESULTS, RESULT_WEIGHTS)[0]
                rid = ids()
                results.append(
                    (
                        rid,
                        check_id,
                        item["code"],
                        answer,
                        "",
                        visit["created_at"],
                        visit["updated_at"],
                        actor,
                        actor,
                    )
                )
                if answer == "non_compliant" and len(maker.problems) < size.problems:
                    maker.add(visit, check_problem_fields(template, item, rid, found, rng))
            conn.executemany(
                "INSERT INTO check_results (id, check_id, item_code, result, note, created_at, "
                "updated_at, created_by, updated_by) VALUES (?,?,?,?,?,?,?,?,?)",
                results,
            )
            counts["check_results"] += len(results)
            if len(photo_targets) * PHOTOS_PER_VISIT < size.photos:
                photo_targets.append((visit, [r[0] for r in results]))
        say(f"checks {time.perf_counter() - t0:.1f}s")

        # The rest of the problems come from visits without a checklist.
        others = [v for v in visits if v["type"] != "inspection"]
        i = 0
        while len(maker.problems) < size.problems and others:
            visit = others[i % len(others)]
            maker.add(visit, other_problem_fields(date.fromisoformat(visit["date"]), rng))
            i += rng.randint(1, 2)
        counts["problems"] = insert_rows(conn, "problems", maker.problems)
        counts["problem_events"] = insert_rows(conn, "problem_events", maker.events)
        say(f"problems {time.perf_counter() - t0:.1f}s")

        counts["attachments"] = _photos(conn, rng, ids, attach_dir, photo_targets, size.photos)
        say(f"photos {time.perf_counter() - t0:.1f}s")
        counts["audit_log"] = write_audit_log(conn)
        say(f"audit log {time.perf_counter() - t0:.1f}s")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    say(f"done {time.perf_counter() - t0:.1f}s")
    return counts


def _photos(
    conn: sqlite3.Connection,
    rng: random.Random,
    ids: Ids,
    folder: Path,
    targets: list[tuple[dict, list[str]]],
    total: int,
) -> int:
    """Six photos per checked visit: two of the visit, four of checklist answers."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for index in range(total):
        visit, result_ids = targets[index // PHOTOS_PER_VISIT]
        data, suffix, mime = photo_bytes(index, rng)
        sha = hashlib.sha256(data).hexdigest()
        (folder / (sha + suffix)).write_bytes(data)
        on_visit = index % PHOTOS_PER_VISIT < 2
        rows.append(
            {
                "id": ids(),
                "sha256": sha,
                "filename": f"IMG_{index:05d}{suffix}",
                "mime": mime,
                "size": len(data),
                "caption": "现场照片" if on_visit else "检查项照片",
                "visit_id": visit["id"] if on_visit else None,
                "problem_id": None,
                "check_result_id": None if on_visit else rng.choice(result_ids),
                **record_cols(visit["date"], visit["created_by"]),
            }
        )
    return insert_rows(conn, "attachments", rows)


def write_audit_log(conn: sqlite3.Connection) -> int:
    """One ``create`` entry per record not yet in the log, chained as the app chains them.

    Each entry holds the stored row, exactly as :meth:`Store.insert` logs it (settings:
    the decoded value, as ``Store.set_setting``). Returns the number of entries added.
    """
    from envhelp.storage.database import GENESIS_HASH, audit_hash, canonical_json
    from envhelp.storage.record_replay import record_tables

    logged = {t for (t,) in conn.execute("SELECT DISTINCT table_name FROM audit_log")}
    prev = conn.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = prev[0] if prev else GENESIS_HASH
    added = 0
    # record_tables() reads only the connection of the Store it is given.
    for table, spec in record_tables(SimpleNamespace(conn=conn)).items():
        if table in logged:  # the built-in templates: registered the normal way
            continue
        cursor = conn.execute(f"SELECT * FROM [{table}]")
        names = [d[0] for d in cursor.description]
        batch = []
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            if table == "settings":
                record_id, after = row["key"], {"value": json.loads(row["value"])}
            else:
                record_id, after = (row["id"] if "id" in row else row[spec.pk[0]]), row
            when = row.get("created_at") or row.get("updated_at") or row.get("at") or stamp(END)
            entry = {
                "at": when,
                "actor": "bench",
                "action": "create",
                "table_name": table,
                "record_id": record_id,
                "before": None,
                "after": canonical_json(after),
            }
            entry["prev_hash"] = prev
            entry["hash"] = prev = audit_hash(prev, entry)
            batch.append(tuple(entry.values()))
            if len(batch) >= 10_000:
                added += _insert_entries(conn, batch)
                batch = []
        added += _insert_entries(conn, batch)
    return added


def _insert_entries(conn: sqlite3.Connection, batch: list[tuple]) -> int:
    conn.executemany(
        "INSERT INTO audit_log (at, actor, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    return len(batch)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="small")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing database")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    counts = build(
        args.out,
        args.scale,
        args.seed,
        force=args.force,
        log=lambda m: print(m, file=sys.stderr, flush=True),
    )
    print(
        json.dumps(
            {"scale": args.scale, "seconds": round(time.perf_counter() - t0, 1), **counts},
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
