"""SQLite storage: connection, schema migrations, audited writes."""

from envhelp.storage.database import Store, open_store

__all__ = ["Store", "open_store"]
