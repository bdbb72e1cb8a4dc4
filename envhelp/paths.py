"""Where things live: shipped resources, the user's data folder, the database."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "EnvHelp"
DB_ENV_VAR = "ENVHELP_DB"
DB_FILENAME = "envhelp.sqlite3"

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a shipped resource; refuses absolute paths and ``..``."""
    rel = Path(*parts)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(f"resource path must stay inside resources/: {rel}")
    return RESOURCES / rel


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``ENVHELP_DB`` if set, else the platform's user data directory."""
    env = os.environ.get(DB_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / DB_FILENAME


def attachments_dir(db_path: Path) -> Path:
    """Attachments sit beside the database, so a copied folder stays whole."""
    return db_path.parent / (db_path.stem + "-attachments")


def signing_key_path(db_path: Path) -> Path:
    """The database's private key for signing exchange bundles (envhelp/io/signing.py)."""
    return db_path.with_name(db_path.name + ".signing-key")
