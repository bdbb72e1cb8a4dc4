"""The core (everything but envhelp.gui) runs without Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import envhelp


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(envhelp.__path__, "envhelp."):
        if info.name.startswith("envhelp.gui") or info.name == "envhelp.__main__":
            continue
        names.append(info.name)
    return names


def test_core_imports_no_qt():
    modules = core_modules()
    assert "envhelp.storage.database" in modules and "envhelp.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"
