"""Version vectors: how many times each laptop changed a record.

A record's ``versions`` column holds ``{laptop id: count}`` as JSON. Every change made
here adds one to this laptop's count (:meth:`envhelp.storage.Store.update`); an import
compares the two copies' vectors. When one vector is at least the other in every
laptop's count, its copy was made after seeing the other, so it is simply the later
one, whatever the laptops' clocks say. Otherwise both laptops changed the record
without seeing each other's change: a conflict (docs/bundle-format.md, "Merge rules").
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

from envhelp.storage.clock import new_id

if TYPE_CHECKING:
    from envhelp.storage.database import Store

LAPTOP_ID_KEY = "local.laptop_id"  # a local setting: never exported

Order = Literal["same", "older", "newer", "concurrent"]


def parse(text: str | None) -> dict[str, int]:
    """The vector of a ``versions`` value; anything that is not one counts as empty."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and v > 0}


def dump(vector: dict[str, int]) -> str:
    return json.dumps(dict(sorted(vector.items())), separators=(",", ":"))


def bump(text: str | None, laptop: str) -> str:
    vector = parse(text)
    vector[laptop] = vector.get(laptop, 0) + 1
    return dump(vector)


def join(a: str | None, b: str | None) -> str:
    """The vector that has seen both."""
    left, right = parse(a), parse(b)
    return dump({k: max(left.get(k, 0), right.get(k, 0)) for k in left.keys() | right.keys()})


def compare(local: str | None, incoming: str | None) -> Order:
    """How ``incoming`` relates to ``local``: the same, older, newer or concurrent."""
    left, right = parse(local), parse(incoming)
    keys = left.keys() | right.keys()
    behind = any(right.get(k, 0) < left.get(k, 0) for k in keys)
    ahead = any(right.get(k, 0) > left.get(k, 0) for k in keys)
    if ahead and behind:
        return "concurrent"
    if ahead:
        return "newer"
    if behind:
        return "older"
    return "same"


def laptop_id(store: Store) -> str:
    """This database's entry in version vectors, made afresh on another computer.

    Stored with the computer's name: a database file copied to a second laptop to set
    it up would otherwise count both laptops' changes as one laptop's, and their
    concurrent changes would no longer be seen as conflicts.
    """
    import socket

    value = store.get_setting(LAPTOP_ID_KEY)
    host = socket.gethostname()
    if isinstance(value, dict) and value.get("host") == host and value.get("id"):
        return str(value["id"])
    laptop = new_id().replace("-", "")[:12]
    store.set_setting(LAPTOP_ID_KEY, {"id": laptop, "host": host})
    return laptop


# -- per field ------------------------------------------------------------------------


def parse_fields(text: str | None) -> dict[str, tuple[str, int]]:
    """``field_versions``: field → (laptop, count) of the change that last set it."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        str(k): (str(v[0]), v[1])
        for k, v in value.items()
        if isinstance(v, list) and len(v) == 2 and isinstance(v[1], int)
    }


def dump_fields(stamps: dict[str, tuple[str, int]]) -> str:
    return json.dumps(
        {k: list(v) for k, v in sorted(stamps.items())}, ensure_ascii=False, separators=(",", ":")
    )


def stamp_fields(text: str | None, fields: list[str], laptop: str, count: int) -> str:
    """The ``field_versions`` after this laptop's change number ``count`` set ``fields``."""
    stamps = parse_fields(text)
    stamps.update(dict.fromkeys(fields, (laptop, count)))
    return dump_fields(stamps)


def split_fields(
    local: dict, incoming: dict, fields: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """For two concurrent copies: the differing fields to take from ``incoming`` (only it
    changed them since the other saw them), to keep (only the local copy did), and the
    ones both changed (conflicts). The same answer, sides swapped, on the other laptop."""
    local_vector, incoming_vector = parse(local.get("versions")), parse(incoming.get("versions"))
    local_stamps = parse_fields(local.get("field_versions"))
    incoming_stamps = parse_fields(incoming.get("field_versions"))
    take, keep, both = [], [], []
    for name in fields:
        mine, theirs = local_stamps.get(name), incoming_stamps.get(name)
        seen_theirs = theirs is None or local_vector.get(theirs[0], 0) >= theirs[1]
        seen_mine = mine is None or incoming_vector.get(mine[0], 0) >= mine[1]
        if seen_mine and not seen_theirs:
            take.append(name)
        elif seen_theirs and not seen_mine:
            keep.append(name)
        else:
            both.append(name)
    return take, keep, both


def merge_fields(local: str | None, incoming: str | None, taken: list[str]) -> str:
    """``field_versions`` of a merge: the incoming stamps of the fields taken from it."""
    stamps = parse_fields(local)
    theirs = parse_fields(incoming)
    for name in taken:
        if name in theirs:
            stamps[name] = theirs[name]
        else:
            stamps.pop(name, None)
    return dump_fields(stamps)
