"""The layers: the core runs without Qt, imports point downwards, the docs name every module."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

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
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"


# Each layer may import only the layers below it; the base modules (envhelp.errors, i18n,
# paths) sit under all of them.
LAYER_BELOW = {
    "storage": set(),
    "domain": {"storage"},
    "demo": {"storage", "domain"},
    "io": {"storage", "domain"},
    "reports": {"storage", "domain"},
    "cli": {"storage", "domain", "demo", "io", "reports"},
    "gui": {"storage", "domain", "demo", "io", "reports"},
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {name for name in found if name.startswith("envhelp")}


def test_layers_import_only_downwards():
    root = Path(envhelp.__file__).parent
    wrong = []
    for path in sorted(root.rglob("*.py")):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        layer = _layer(module)
        if layer not in LAYER_BELOW:
            continue  # base modules, __main__
        allowed = LAYER_BELOW[layer] | {layer}
        for name in _imports(path):
            target = _layer(name)
            if target in LAYER_BELOW and target not in allowed:
                wrong.append(f"{module} imports {name}")
    assert wrong == [], "imports against the layering (docs/architecture.md):\n" + "\n".join(wrong)


def test_every_module_is_named_in_the_architecture_page():
    root = Path(envhelp.__file__).parent
    page = (root.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(root.rglob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        relative = path.relative_to(root).as_posix()
        # Named by path (storage/backup.py), or a package's modules listed as dialogs/*.py.
        if relative not in page and f"{path.parent.relative_to(root).as_posix()}/*.py" not in page:
            missing.append(relative)
    assert missing == [], "modules docs/architecture.md does not name: " + ", ".join(missing)


# SQL starts with one of these words (upper case, as the code base writes it).
SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|DROP|ALTER|PRAGMA)\b")
STORE_SQL_CALLS = {"query", "query_one", "iter_query", "execute", "executemany", "scalar"}


def _sql_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_START.match(node.value):
                found.append(f"line {node.lineno}: SQL text {node.value.strip()[:40]!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            name = receiver.split(".")[-1]
            if node.func.attr in STORE_SQL_CALLS and (name.endswith("store") or name == "conn"):
                found.append(f"line {node.lineno}: {receiver}.{node.func.attr}(...)")
    return found


def test_gui_and_cli_hold_no_sql():
    """Queries live in the core (domain, storage, reports); gui/ and cli/ call functions."""
    root = Path(envhelp.__file__).parent
    wrong = []
    for folder in ("gui", "cli"):
        for path in sorted((root / folder).rglob("*.py")):
            wrong += [f"{path.relative_to(root)} {where}" for where in _sql_in(path)]
    assert wrong == [], "SQL in gui/ or cli/ (move it into a core function):\n" + "\n".join(wrong)


def test_the_sql_check_finds_sql(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        'n = self.store.scalar("SELECT count(*) FROM visits")\n'
        "rows = worker_store.query(sql)\n"
        'model.query("x")\n'
        'text = "选择 SELECTED"\n',
        encoding="utf-8",
    )
    assert len(_sql_in(sample)) == 3  # the text, and two store calls; not the UI text


def _module_names(path: Path) -> list[tuple[str, str]]:
    """(module, name it is bound to) for every `from envhelp… import module [as x]` and
    `import envhelp… as x` in a file; names imported from a module are not modules."""
    bound = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                module = f"{node.module}.{alias.name}"
                if node.module.startswith("envhelp") and _is_module(module):
                    bound.append((module, alias.asname or alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("envhelp.") and alias.asname:
                    bound.append((alias.name, alias.asname))
    return bound


def _is_module(dotted: str) -> bool:
    root = Path(envhelp.__file__).parent.parent
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_a_module_goes_by_its_own_name_or_one_alias():
    """`visits` here and `visit_service` there reads as two modules: each module is
    imported under its own name, or, where that name is taken, always the same alias."""
    root = Path(envhelp.__file__).parent.parent
    aliases: dict[str, dict[str, list[str]]] = {}
    for folder in ("envhelp", "tests", "bench", "scripts"):
        for path in sorted((root / folder).rglob("*.py")):
            for module, name in _module_names(path):
                if name != module.rsplit(".", 1)[-1]:
                    aliases.setdefault(module, {}).setdefault(name, []).append(
                        path.relative_to(root).as_posix()
                    )
    several = {module: names for module, names in aliases.items() if len(names) > 1}
    assert several == {}, "modules imported under several aliases: " + repr(several)


def test_the_alias_check_reads_imports(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text(
        "from envhelp.domain import visits as visit_service, vocab\n"
        "from envhelp.domain.visits import resolve\n"
        "import envhelp.storage.backup as backups\n",
        encoding="utf-8",
    )
    assert _module_names(sample) == [
        ("envhelp.domain.visits", "visit_service"),
        ("envhelp.domain.vocab", "vocab"),
        ("envhelp.storage.backup", "backups"),
    ]


MAX_MODULE_LINES = 700


def test_no_module_is_over_700_lines():
    """A module that outgrows one screenful of seams gets split where its parts show
    (issue 20): the reader finds a rule by the file's name, not by scrolling."""
    root = Path(envhelp.__file__).parent
    long = {
        path.relative_to(root).as_posix(): n
        for path in sorted(root.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines: {long}"
