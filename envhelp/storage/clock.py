"""Time and identity helpers shared by every record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utc_now() -> str:
    """Current time as UTC ISO-8601 with milliseconds, e.g. ``2026-11-27T04:30:00.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """A random UUID as text: records made on different laptops never clash."""
    return str(uuid.uuid4())
