"""Time and identity helpers shared by every record."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uuid

# None: uuid.uuid4, imported on the first new id (uuid brings in ``platform``, ≈ 1.5 ms
# the GUI's start-up does without: it reads before it writes).
_make_uuid: Callable[[], uuid.UUID] | None = None


def utc_now() -> str:
    """Current time as UTC ISO-8601 with milliseconds, e.g. ``2026-11-27T04:30:00.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A random UUID as text: records made on different laptops never clash."""
    if _make_uuid is None:
        import uuid

        return str(uuid.uuid4())
    return str(_make_uuid())


@contextmanager
def seeded_ids(rng: random.Random) -> Iterator[None]:
    """Draw record ids from ``rng`` (demo data must be the same for the same seed)."""
    import uuid

    global _make_uuid
    previous = _make_uuid
    _make_uuid = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)  # noqa: E731
    try:
        yield
    finally:
        _make_uuid = previous
