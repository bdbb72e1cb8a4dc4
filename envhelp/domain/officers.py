"""Officers (执法人员) and which one is using the app."""

from __future__ import annotations

from typing import Any

from envhelp.domain import settings
from envhelp.domain.fields import Field, phone, text
from envhelp.storage import Store

F_NAME = Field("name", "姓名", "Name")
F_CERT = Field("cert_no", "执法证号", "Enforcement certificate no.")
F_UNIT = Field("unit", "单位", "Unit")
F_PHONE = Field("phone", "电话", "Phone")


def clean(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": text(data.get("name"), F_NAME, required=True, max_len=50),
        "cert_no": text(data.get("cert_no"), F_CERT, max_len=50),
        "unit": text(data.get("unit"), F_UNIT, max_len=100),
        "phone": phone(data.get("phone"), F_PHONE),
        "active": 1 if data.get("active", 1) else 0,
    }


def add(store: Store, data: dict[str, Any]) -> dict[str, Any]:
    record = clean(data)
    if data.get("id"):
        record["id"] = data["id"]
    return store.insert("officers", record)


def update(store: Store, officer_id: str, data: dict[str, Any]) -> dict[str, Any]:
    with store.transaction():
        current = store.get("officers", officer_id)
        merged = {k: data.get(k, current[k]) for k in ("name", "cert_no", "unit", "phone", "active")}
        return store.update("officers", officer_id, clean(merged))


def list_all(store: Store, *, active_only: bool = False) -> list[dict[str, Any]]:
    where = " WHERE active = 1" if active_only else ""
    return store.query(f"SELECT * FROM officers{where} ORDER BY name, id")


def ids_named(store: Store, name: str) -> list[str]:
    """The ids of the officers called exactly ``name`` (names need not be unique)."""
    return [r["id"] for r in store.query("SELECT id FROM officers WHERE name = ?", (name,))]


def current(store: Store) -> dict[str, Any] | None:
    officer_id = settings.get(store, settings.CURRENT_OFFICER)
    return store.find("officers", officer_id) if officer_id else None


def set_current(store: Store, officer_id: str) -> None:
    officer = store.get("officers", officer_id)
    settings.put(store, settings.CURRENT_OFFICER, officer_id)
    store.actor = f"{officer['name']} <{officer_id}>"


def actor_name(actor: str | None) -> str:
    """``"王敏 <id>"`` → ``"王敏"``: the audit actor keeps the id for tracing; people read
    the name."""
    return (actor or "").split(" <", 1)[0]
